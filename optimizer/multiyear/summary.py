"""Read a multi-year plan at a glance: money by source and year, and the allocation list with its
small slices merged (the JSON and CSV keep every slice)."""

from __future__ import annotations

import pandas as pd

from optimizer.i18n import Lang, t
from optimizer.result import Plan
from optimizer.summary import rupiah_words

#: Allocation rows with fewer persons than this are merged per year in the table.
SMALL_SLICE = 10


def source_year_rows(plan: Plan, lang: Lang = "en") -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the source x year table: Rupiah used (of the premium budget)."""
    s = plan.sources
    years = sorted(set(int(y) for y in s["year"]))
    rows = []
    for sid in dict.fromkeys(s["source"]):
        mine = s[s["source"] == sid].set_index("year")
        cells = [rupiah_words(int(mine.loc[y, "used"]), lang) if y in mine.index else "-" for y in years]
        rows.append([sid, *cells, rupiah_words(int(mine["used"].sum()), lang)])
    totals = [rupiah_words(int(s[s["year"] == y]["used"].sum()), lang) for y in years]
    total, every, source = (t(key, lang) for key in ("years.total", "years.all", "source"))
    rows.append([total, *totals, rupiah_words(int(s["used"].sum()), lang)])
    return [source, *(str(y) for y in years), every], rows


def split_small(allocations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows to list, the small slices merged per year: year, slices, persons, cost)."""
    small = allocations["persons"] < SMALL_SLICE
    merged = (
        allocations[small]
        .groupby("year", sort=True)
        .agg(slices=("persons", "size"), persons=("persons", "sum"), cost=("cost", "sum"))
        .reset_index()
    )
    return allocations[~small], merged


def small_note(merged: pd.DataFrame, lang: Lang = "en") -> list[str]:
    if merged.empty:
        return []
    n, cost = int(merged["slices"].sum()), rupiah_words(int(merged["cost"].sum()), lang)
    return [
        "  * " + t("years.small_note", lang, n=n, small=SMALL_SLICE, cost=cost),
        "    " + t("years.small_note_more", lang),
    ]
