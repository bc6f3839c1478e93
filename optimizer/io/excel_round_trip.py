"""Read a written scenario workbook back and compare it with the scenario it came from.

`excel_template.template_bytes` calls `verify_round_trip` on every workbook it writes.
Comparing whole `Scenario` values (and each variant's scenario) means a field added to
the model later, and not yet carried by the Excel format, stops the export with one
line naming the field, instead of giving the planner a different scenario. This lives
apart from `excel_export` so that imports go one way: `excel_export` → `excel_template`
→ `excel_round_trip`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.io.excel_reader import read_excel_bytes
from optimizer.io.fields import Table
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.variants import apply_overrides
from optimizer.scenario import Scenario

KEEP_IN_TOML = "keep this scenario in TOML"


def verify_round_trip(raw: bytes, scenario: Scenario, variants: Sequence[tuple[dict, Scenario]]) -> None:
    """Raise `ScenarioError` naming the first field that reading `raw` back would change."""
    data, _ = read_excel_bytes(raw, "the workbook written")
    base_data = {k: v for k, v in data.items() if k != "variant"}
    _same(scenario, scenario_from_mapping(base_data), "")
    back = data.get("variant", [])
    if len(back) != len(variants):
        raise ScenarioError(f"{len(variants)} variants would come back as {len(back)}; {KEEP_IN_TOML}")
    for i, (table, (_, expected)) in enumerate(zip(back, variants, strict=True)):
        merged = apply_overrides(base_data, Table(table, ("variant", i)))
        _same(expected, scenario_from_mapping(merged), f"variant {table['name']!r}: ")


def _same(expected: Scenario, got: Scenario, prefix: str) -> None:
    found = first_difference(
        dataclasses.asdict(dataclasses.replace(expected, path="")),
        dataclasses.asdict(dataclasses.replace(got, path="")),
    )
    if found is not None:
        where, old, new = found
        raise ScenarioError(
            f"{prefix}Excel cannot hold {where} as it is ({old!r} would be read back as {new!r}); "
            f"{KEEP_IN_TOML}"
        )


def first_difference(a: Any, b: Any, where: str = "scenario") -> tuple[str, Any, Any] | None:
    """The first place where two `dataclasses.asdict` values differ: ("groups[2].window", old, new)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            found = first_difference(a[key], b.get(key), f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b and type(a) is type(b) else (where, a, b)
