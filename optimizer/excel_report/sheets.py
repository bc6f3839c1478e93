"""Extra sheets of an Excel plan: marginal values (Nilai_Marjinal) and months (Bulanan).

Like the rest of `optimizer.excel_report`, every number is the JSON document's value (the
`marginal_values` and `monthly` objects), written as a plain value, never a formula.
"""

from __future__ import annotations

from typing import Any

from optimizer.catalogue import Words
from optimizer.i18n import Lang
from optimizer.io.xlsx import RUPIAH, TITLE_FONT, WHOLE, header_row, set_widths
from optimizer.messages import MESSAGES, text

#: key -> English (its Indonesian: optimizer.catalogue); JSON field names stay the keys.
WORDS = Words(
    {
        "sheet.marginal": "Marginal_Values",
        "sheet.monthly": "Monthly",
        "unit": "Unit",
        "base": "Value of the plan",
        "not computed": "Not computed: the floors cannot be afforded, or the plan is not proven optimal",
        "sources": "One more Rp1,000,000,000 per source",
        "floors": "What each floor costs",
        "eligibility": "Binding eligibility rules",
        "source": "source",
        "group": "group",
        "gain_per_billion": "gain per billion (re-solved)",
        "lp_rate_per_billion": "LP rate per billion",
        "lp_rate_holds_up_to": "LP rate holds up to budget (Rp)",
        "floor": "floor",
        "gain_if_dropped": "gain if dropped",
        "lp_cost_per_person": "LP cost per floor person",
        "left": "left (Rp)",
        "blocked_groups": "may not pay for",
        "gain_if_all": "gain if it may pay for all",
        "reporting_month": "UCJ reporting month",
        "persons_funded": "Persons funded in the year",
        "persons_at_reporting_month": "Persons active in the reporting month",
        "months": "Month by month",
        "month": "month",
        "persons_active": "persons active",
        "paid": "paid in the month (Rp)",
        "by_source": "Money by source, by the end of each month",
        "arrived_by_end": "arrived (Rp)",
        "paid_by_end": "paid (Rp)",
    }
)
MARGINAL_TABLES = (
    ("sources", ("source", "gain_per_billion", "lp_rate_per_billion", "lp_rate_holds_up_to")),
    ("floors", ("group", "floor", "gain_if_dropped", "lp_cost_per_person")),
    ("eligibility", ("source", "left", "blocked_groups", "gain_if_all")),
)
MONEY = {"lp_rate_holds_up_to", "left", "paid", "arrived_by_end", "paid_by_end"}
WHOLE_FIELDS = {"floor", "persons_active", "persons_funded", "persons_at_reporting_month"}
RATE_FIELDS = {
    "gain_per_billion",
    "lp_rate_per_billion",
    "gain_if_dropped",
    "lp_cost_per_person",
    "gain_if_all",
}
DECIMAL = "#,##0.00"


def word(key: str, lang: Lang) -> str:
    return WORDS.text(key, lang)


def marginal_sheet(ws: Any, marginal: dict[str, Any] | None, lang: Lang) -> None:
    """The `marginal_values` JSON object as tables; one line saying why when it is null."""
    ws.title = word("sheet.marginal", lang)
    if marginal is None:
        ws.append([word("not computed", lang)])
        set_widths(ws, [90])
        return
    unit = f"unit.{marginal['unit']}"
    ws.append([word("unit", lang), text(unit, lang) if unit in MESSAGES else marginal["unit"]])
    ws.append([word("base", lang), marginal["base"]])
    ws.cell(ws.max_row, 2).number_format = DECIMAL
    for key, fields in MARGINAL_TABLES:
        records = [
            {**r, "blocked_groups": ", ".join(r["blocked_groups"])} if "blocked_groups" in r else r
            for r in marginal[key]
        ]
        _section(ws, word(key, lang), records, fields, lang)
    set_widths(ws, [30, 30, 30, 34])


def monthly_sheet(ws: Any, monthly: dict[str, Any], lang: Lang) -> None:
    """The `monthly` JSON object: reporting month, persons, and money month by month."""
    ws.title = word("sheet.monthly", lang)
    for key in ("reporting_month", "persons_funded", "persons_at_reporting_month"):
        ws.append([word(key, lang), monthly[key]])
        if key in WHOLE_FIELDS:
            ws.cell(ws.max_row, 2).number_format = WHOLE
    _section(ws, word("months", lang), monthly["months"], ("month", "persons_active", "paid"), lang)
    fields = ("source", "month", "arrived_by_end", "paid_by_end")
    _section(ws, word("by_source", lang), monthly["sources"], fields, lang)
    set_widths(ws, [36, 20, 24, 24])


def _section(ws: Any, title: str, records: list[dict[str, Any]], fields: tuple[str, ...], lang: Lang) -> None:
    ws.append([])
    ws.append([title])
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    header_row(ws, ws.max_row + 1, [word(f, lang) for f in fields])
    for record in records:
        ws.append([record[f] for f in fields])
        for col, f in enumerate(fields, start=1):
            if f in MONEY:
                ws.cell(ws.max_row, col).number_format = RUPIAH
            elif f in WHOLE_FIELDS:
                ws.cell(ws.max_row, col).number_format = WHOLE
            elif f in RATE_FIELDS:  # 4960.31746 reads as 4,960.32 (4.960,32 in Indonesian Excel)
                ws.cell(ws.max_row, col).number_format = DECIMAL
