"""Moving a scenario file to Excel without losing anything: `workbook_from_file`.

The workbook is written by `excel_template.template_bytes`, which reads it back and
compares (`excel_round_trip`): a field added to the model later, and not yet carried by
the Excel format, stops the export with one line naming the field, instead of giving
the planner a different scenario. Imports go one way: `excel_export` → `excel_template`
→ `excel_round_trip`.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.errors import ScenarioError
from optimizer.io import read_scenario_data
from optimizer.io.excel_template import template_bytes
from optimizer.io.variants import load_with_variants


def workbook_from_file(path: str | Path) -> bytes:
    """The scenario workbook of a scenario file (TOML or Excel), its variants included."""
    base, variants = load_with_variants(path)
    data = read_scenario_data(path)[0]
    tables = data.get("variant", [])
    tables = [tables] if isinstance(tables, dict) else tables
    pairs = [(t, v.scenario) for t, v in zip(tables, variants, strict=True)]
    order_given = bool((data.get("optimize") or {}).get("spending_order"))
    try:
        return template_bytes(base, pairs, order_given)
    except ScenarioError as exc:
        raise exc.located(str(path), exc.where) from None
