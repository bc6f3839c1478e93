"""Read a multi-year plan at a glance: money by source and year, and the allocation list with its
small slices merged (the JSON and CSV keep every slice)."""

from __future__ import annotations

import pandas as pd

from optimizer.i18n import Lang
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
    words = ("total", "all years", "source") if lang == "en" else ("jumlah", "semua tahun", "sumber")
    total, every, source = words
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
    n, cost = int(merged["slices"].sum()), int(merged["cost"].sum())
    if lang == "id":
        return [
            f"  * {n} potongan kecil (kurang dari {SMALL_SLICE} orang, "
            f"{rupiah_words(cost, lang)} seluruhnya) "
            "digabung per tahun: rencana memenuhi target atau anggaran tiap tahun sampai orang terakhir,",
            "    sehingga beberapa orang dari satu angkatan dibayar sumber lain atau untuk bulan lain; "
            "--format json atau csv memuat setiap potongan.",
        ]
    return [
        f"  * {n} slices of fewer than {SMALL_SLICE} persons ({rupiah_words(cost)} in all) are merged per "
        "year: the plan meets each year's target or budget to the last person, so a few persons of a",
        "    cohort are paid by another source or for other months; --format json or csv lists each one.",
    ]
