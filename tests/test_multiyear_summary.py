"""plan-years reads at a glance: a source x year table of money used, and small slices merged per year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer.multiyear.plan import plan_years
from optimizer.multiyear.report import multiyear_to_dict, render_multiyear_table
from optimizer.multiyear.summary import SMALL_SLICE, source_year_rows, split_small
from optimizer.plan_file import load_plan_file
from optimizer.summary import rupiah_words

ROOT = Path(__file__).resolve().parents[1]


def test_source_year_table_and_merged_slices():
    loaded = load_plan_file(str(ROOT / "scenarios" / "pati-2025-2029.toml"))
    plan = plan_years(loaded.scenario, loaded.horizon)
    doc = multiyear_to_dict(plan)
    headers, rows = source_year_rows(plan)
    years = [y["year"] for y in doc["years"]]
    assert headers == ["source", *map(str, years), "all years"]
    used = {(s["source"], s["year"]): s["used"] for s in doc["sources"]}
    for row in rows[:-1]:
        assert row[1:-1] == [rupiah_words(used[row[0], y]) for y in years]
    assert rows[-1][-1] == rupiah_words(sum(used.values()))
    # Today's plan may have no slice under SMALL_SLICE; add two so the merge is exercised.
    small = plan.allocations.head(2).assign(persons=[3, 4], cost=[100, 200])
    allocations = pd.concat([plan.allocations, small], ignore_index=True)
    listed, merged = split_small(allocations)
    assert (listed["persons"] >= SMALL_SLICE).all() and int(merged["slices"].sum()) >= 2
    assert (
        int(listed["persons"].sum() + merged["persons"].sum())
        == sum(a["persons"] for a in doc["allocations"]) + 7
    )
    assert int(listed["cost"].sum() + merged["cost"].sum()) == doc["total_cost"] + 300
    table = render_multiyear_table(plan)
    assert "Money used by source and year" in table
    assert ("small slice" in table) == bool((plan.allocations["persons"] < SMALL_SLICE).any())
    assert len(doc["allocations"]) == len(plan.allocations)  # JSON keeps every slice
