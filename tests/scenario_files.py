"""Scenario files for error tests: a small valid scenario (`base_scenario`), one edit at a
time, written as TOML; and the check that the command line refuses a file exactly as the
library does (one line, exit 2, nothing written). Used by test_mapping, test_checks and
test_toml_reader.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import optimizer.cli
from optimizer.errors import ScenarioError
from optimizer.io import load_scenario


class Raw(str):
    """TOML text written into the file as is (dates, huge integers, broken syntax)."""


DELETE = object()


def base_scenario() -> dict[str, Any]:
    """A small valid scenario (the teaching example's shape) that loads without warnings."""
    return {
        "format": 1,
        "assumptions": ["All numbers are invented for the tests (asumsi)"],
        "region": {
            "name": "Kabupaten Contoh",
            "year": 2025,
            "workforce": 100_000,
            "active": 30_000,
            "published_rate": 30.0,
            "target_rate": 38.0,
        },
        "optimize": {
            "objective": "max-coverage",
            "metric": "persons",
            "spending_order": ["dbh-cht", "csr", "apbd"],
        },
        "package": [
            {
                "id": "jkk-jkm",
                "name": "JKK + JKM (BPU)",
                "monthly_price": 16_800,
                "price_by_source": {"dbh-cht": 16_800},
            },
            {"id": "pu-2jt", "name": "JKK + JKM PU", "wage_percent": 0.54, "declared_wage": 2_000_000},
        ],
        "group": [
            {"id": "buruh-tembakau", "uncovered": 3_000, "package": "jkk-jkm", "months": 6},
            {"id": "nelayan", "name": "Nelayan", "uncovered": 4_000, "package": "jkk-jkm", "months": 12},
            {"id": "rt-rw", "uncovered": 1_200, "package": "pu-2jt", "months": 12, "floor": "100%"},
        ],
        "source": [
            {"id": "dbh-cht", "kind": "dbh-cht", "budget": 201_600_000, "eligible": ["buruh-tembakau"]},
            {"id": "csr", "kind": "csr", "budget": 100_800_000, "eligible": ["nelayan"]},
            {"id": "apbd", "kind": "apbd", "budget": 558_720_000, "eligible": "all", "top_up": True},
        ],
    }


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(data: dict[str, Any]) -> str:
    """Top-level values first, then [tables], then [[arrays of tables]]; nested tables inline."""

    def is_table_array(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    def body(table: dict[str, Any]) -> list[str]:
        return [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()]

    lines = [
        f"{toml_key(k)} = {toml_value(v)}"
        for k, v in data.items()
        if not isinstance(v, dict) and not is_table_array(v)
    ]
    for k, v in data.items():
        if isinstance(v, dict):
            lines += ["", f"[{toml_key(k)}]", *body(v)]
    for k, v in data.items():
        if is_table_array(v):
            for item in v:
                lines += ["", f"[[{toml_key(k)}]]", *body(item)]
    return "\n".join(lines) + "\n"


def apply_edits(data: dict[str, Any], edits: list[tuple[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """Set (or DELETE) each value at its path, e.g. (("group", 1, "floor"), "120%")."""
    data = copy.deepcopy(data)
    for path, value in edits:
        *parents, last = path
        node: Any = data
        for p in parents:
            node = node[p]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return data


def write_scenario(tmp_path: Path, edits=(), name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    path.write_text(to_toml(apply_edits(base_scenario(), list(edits))), encoding="utf-8")
    return path


def load_error(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


def run_cli(*args: str):
    return CliRunner().invoke(optimizer.cli.main, list(args))


def assert_cli_rejects(path: Path, tmp_path: Path, expected: str) -> None:
    """`solve` exits 2 with exactly the library's message, and writes no output file."""
    out = tmp_path / "out.json"
    assert not out.exists()
    result = run_cli("solve", str(path), "--output", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [f"Error: {expected}"]
    assert not out.exists()
    # An output file from an earlier run is left as it was.
    out.write_text("old", encoding="utf-8")
    result = run_cli("solve", str(path), "--output", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"Error: {expected}"]
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


# Locators as the TOML reader words them.
P1, P2 = "[[package]] #1 'jkk-jkm'", "[[package]] #2 'pu-2jt'"
G1, G2, G3 = "[[group]] #1 'buruh-tembakau'", "[[group]] #2 'nelayan'", "[[group]] #3 'rt-rw'"
S1, S2, S3 = "[[source]] #1 'dbh-cht'", "[[source]] #2 'csr'", "[[source]] #3 'apbd'"


def at(where: str, field: str) -> str:
    return f"{where}, field '{field}'"


REGION, OPTIMIZE = "[region]", "[optimize]"
SOURCE_IDS = "apbd, csr, dbh-cht"
