"""The Why_Not / Mengapa_Belum sheet of an Excel plan: one row per group and paying source.

Numbers are the JSON `why_not` values (plain values, never formulas); the last column is
the sentence the table prints.
"""

from __future__ import annotations

from typing import Any

from optimizer.analysis.whynot import WhyNot
from optimizer.analysis.whynot_text import item_lines
from optimizer.catalogue import Words
from optimizer.i18n import Lang
from optimizer.io.xlsx import RUPIAH, TITLE_FONT, WHOLE, WRAP, header_row, set_widths
from optimizer.messages import text
from optimizer.scenario import Scenario

WORDS = Words(
    {
        "sheet": "Why_Not",
        "group": "group",
        "covered": "covered",
        "uncovered": "uncovered",
        "reason": "reason",
        "source": "may be paid by",
        "price_per_person": "Rp per person",
        "monthly_price": "Rp per month",
        "value_per_person": "adds per person",
        "elsewhere": "same money elsewhere",
        "break_even": "comes in at Rp per month or less",
        "extra_budget": "Rp more in this source",
        "line": "in words",
        "none": "Every group is fully covered.",
    }
)
COLUMNS = (
    "group", "covered", "uncovered", "reason", "source", "price_per_person", "monthly_price",
    "value_per_person", "elsewhere", "break_even", "extra_budget", "line",
)  # fmt: skip
FORMATS = {"covered": WHOLE, "uncovered": WHOLE, "price_per_person": RUPIAH, "monthly_price": RUPIAH}
FORMATS |= {"break_even": RUPIAH, "extra_budget": RUPIAH}


def _w(key: str, lang: Lang) -> str:
    return WORDS.text(key, lang)


def whynot_sheet(ws: Any, items: tuple[WhyNot, ...], s: Scenario, lang: Lang) -> None:
    ws.title = _w("sheet", lang)
    ws.append([text("wn.title", lang)])
    ws.cell(1, 1).font = TITLE_FONT
    if not items:
        ws.append([_w("none", lang)])
        return
    header_row(ws, 2, [_w(c, lang) for c in COLUMNS])
    for w in items:
        head, *lines = item_lines(w, s, lang)
        common = [s.group(w.group).name, w.covered, w.uncovered, w.reason]
        if not w.payers:
            ws.append([*common, "", None, None, None, None, None, None, head])
        for p, line in zip(w.payers, lines, strict=True):
            values = [
                s.source(p.source).name, p.price_per_person, p.monthly_price, p.value_per_person,
                p.elsewhere, w.break_even_monthly_price, p.extra_budget, f"{head}. {line}",
            ]  # fmt: skip
            ws.append([*common, *values])
        for col, name in enumerate(COLUMNS, start=1):
            for row in range(ws.max_row - max(len(w.payers), 1) + 1, ws.max_row + 1):
                if name in FORMATS:
                    ws.cell(row, col).number_format = FORMATS[name]
                if name == "line":
                    ws.cell(row, col).alignment = WRAP
    ws.freeze_panes = "B3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    set_widths(ws, [30, 12, 12, 10, 28, 14, 12, 12, 14, 16, 18, 90])
