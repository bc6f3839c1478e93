"""Shared builders: tiny scenarios whose optimum can be worked out by hand."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest

from optimizer.checks import check_errors
from optimizer.io.mapping import scenario_from_mapping
from optimizer.scenario import Scenario

BPU = 16_800

BASE: dict[str, Any] = {
    "region": {"name": "Uji", "year": 2025, "workforce": 10_000, "active": 3_000, "target_rate": 35.0},
    "optimize": {"objective": "max-coverage", "metric": "persons"},
    "package": [{"id": "bpu", "monthly_price": BPU}],
    "group": [
        {"id": "a", "uncovered": 100, "package": "bpu", "months": 12},
        {"id": "b", "uncovered": 100, "package": "bpu", "months": 6},
    ],
    "source": [{"id": "apbd", "kind": "apbd", "budget": 50 * BPU * 12}],
}


def make(**changes: Any) -> Scenario:
    """BASE with top-level tables replaced (`group=[...]`) or merged (`region={...}`)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    scenario = scenario_from_mapping(data, "test.toml")
    check_errors(scenario)
    return scenario


@pytest.fixture
def base() -> Scenario:
    return make()


def program(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m optimizer ARGS` as a planner runs it (a subprocess: CliRunner cannot see what C
    libraries print), text captured; a traceback is never an answer."""
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", *args], capture_output=True, text=True, timeout=timeout
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def json_and_workbook(path, *args: str):
    """(the JSON plan `args` print, the workbook they write to `path` in Indonesian): both runs
    must end alike (the same exit code)."""
    from openpyxl import load_workbook

    done = program(*args, "--format", "json")
    assert program(*args, "--output", str(path), "--lang", "id").returncode == done.returncode
    return json.loads(done.stdout), load_workbook(path)
