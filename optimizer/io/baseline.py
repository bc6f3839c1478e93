"""Read a previous plan (the JSON of `solve --format json`) as a `Baseline`.

Only what the plan says it paid is used: persons per source and group (a monthly plan's
rows summed), and the budgets and group sizes it was made from, to say why persons moved.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.io.safe_read import read_bytes
from optimizer.scenario import Baseline, Scenario

HOW = "give the JSON plan of the previous draft (solve SCENARIO --format json --output PLAN.json)"


def read_baseline(path: str | Path) -> Baseline:
    """The baseline in `path`; a `ScenarioError` naming the file and the field otherwise."""
    file = str(path)
    raw = read_bytes(path)
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ScenarioError(f"is not a JSON plan; {HOW}", file=file) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("allocations"), list):
        raise ScenarioError(f"has no 'allocations' list, so it is not a plan; {HOW}", file=file)
    persons: dict[tuple[str, str], int] = {}
    for k, row in enumerate(doc["allocations"]):
        where = f"allocations[{k}]"
        source, group = _text(row, "source", where, file), _text(row, "group", where, file)
        persons[source, group] = persons.get((source, group), 0) + _count(row, "persons", where, file)
    return Baseline(
        # Absolute, so a workbook made from this scenario (init --excel --from) finds it too.
        file=str(Path(path).resolve()),
        persons=tuple(sorted((s, g, n) for (s, g), n in persons.items() if n > 0)),
        budgets=_pairs(doc, "sources", "source", "premium_budget", file),
        groups=_pairs(doc, "groups", "group", "uncovered", file),
    )


def with_baseline(scenario: Scenario, path: str | Path | None) -> Scenario:
    """`scenario` with the baseline read from `path` (None: as the file says)."""
    if path is None:
        return scenario
    return dataclasses.replace(scenario, baseline=read_baseline(path))


def _pairs(doc: dict, table: str, key: str, value: str, file: str) -> tuple[tuple[str, int], ...]:
    rows = doc.get(table, [])
    if not isinstance(rows, list):
        raise ScenarioError(f"field '{table}' must be a list; {HOW}", file=file)
    found = {}
    for k, row in enumerate(rows):
        where = f"{table}[{k}]"
        found[_text(row, key, where, file)] = _count(row, value, where, file)
    return tuple(sorted(found.items()))


def _text(row: Any, field: str, where: str, file: str) -> str:
    value = row.get(field) if isinstance(row, dict) else None
    if not isinstance(value, str) or not value:
        raise ScenarioError(f"field '{where}.{field}' must be an id such as \"apbd\"; {HOW}", file=file)
    return value


def _count(row: dict, field: str, where: str, file: str) -> int:
    value = row.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioError(f"field '{where}.{field}' must be a whole number >= 0; {HOW}", file=file)
    return value
