"""A multi-year plan (`plan-years`, a `Plan` with `years`) as an Excel workbook: its figures,
one row per year, who is paid for year by year, and the money per source and year.

Every value is copied from the plan-years JSON document (`multiyear_to_dict`), never a
formula, so the workbook equals `plan-years --format json`; labels follow `lang`.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from optimizer.excel_report.print_setup import print_setup
from optimizer.i18n import Lang, t
from optimizer.io.xlsx import PERCENT, RUPIAH, WHOLE, header_row, set_widths, titled_lines, workbook_bytes
from optimizer.messages import Msg, say
from optimizer.monthly.months import uses_monthly_model
from optimizer.multiyear.plan import YEAR_COLUMNS, allocation_columns
from optimizer.multiyear.report import multiyear_to_dict
from optimizer.result import Plan

#: JSON field -> catalogue key of its column header.
HEADERS = {
    "year": "year",
    "workforce": "Workforce",
    "active_without_plan": "col.active_without_plan",
    "paid_by_plan": "years.paid",
    "active_after": "Active after",
    "rate_after": "Rate after",
    "target_rate": "Target rate",
    "target_participants": "Target participants",
    "target_met": "Target met",
    "missing": "Missing participants",
    "joined": "years.joined",
    "public_months": "col.public_months",
    "worker_months": "col.worker_months",
}
FORMATS = {
    "cost": RUPIAH, "monthly_price": RUPIAH, "premium_budget": RUPIAH, "used": RUPIAH, "left": RUPIAH,
    "rate_after": PERCENT, "target_rate": PERCENT, "workforce": WHOLE, "active_without_plan": WHOLE,
    "paid_by_plan": WHOLE, "active_after": WHOLE, "target_participants": WHOLE, "missing": WHOLE,
    "persons": WHOLE,
}  # fmt: skip


def years_workbook_bytes(plan: Plan, lang: Lang = "en") -> bytes:
    """The multi-year plan as .xlsx bytes, byte-identical for the same plan and language."""
    doc = multiyear_to_dict(plan)
    wb = Workbook()
    _figures(wb.active, doc, lang)
    allocation = list(allocation_columns(uses_monthly_model(plan.scenario)))
    for title, records, fields in (
        ("sheet.years", doc["years"], list(YEAR_COLUMNS)),
        ("sheet.allocation", doc["allocations"], allocation),
        ("sheet.sources", doc["sources"], ["year", "source", "premium_budget", "used", "left"]),
    ):
        _table(wb.create_sheet(t(title, lang)), records, fields, lang)
    for ws in wb.worksheets:
        print_setup(ws, header_rows=0 if ws is wb.active else 1)
    return workbook_bytes(wb, plan.scenario.region.year)


def _figures(ws: Any, doc: dict[str, Any], lang: Lang) -> None:
    ws.title = t("sheet.figures", lang)
    h = doc["horizon"]
    yes_no = t("yes", lang) if doc["targets_met"] else t("no", lang)
    solver = doc["solver"]
    rows: list[tuple[str, Any, str | None]] = [
        ("region", doc["scenario"]["name"], None),
        ("years.span", f"{h['first']}-{h['last']}", None),
        ("years.continuity", h["continuity"], None),
        ("objective", t(doc["objective"], lang), None),
        ("Status", t(doc["status"], lang), None),
        ("Solver", f"{solver['name']}: {solver['status']}", None),
        ("Total cost", doc["total_cost"], RUPIAH),
        ("years.all_met", yes_no, None),
    ]
    for key, value, fmt in rows:
        ws.append([t(key, lang), value])
        if fmt:
            ws.cell(ws.max_row, 2).number_format = fmt
    floors = [
        Msg("short.floor_year", group=f["group"], year=f["year"], floor=f["floor"], short=f["persons_short"])
        for f in doc["floor_shortfall"]
    ]
    sections = (("Floors that cannot be afforded", floors), ("Warnings", doc["warnings"]))
    titled_lines(ws, [(t(title, lang), [say(line, lang) for line in lines]) for title, lines in sections])
    set_widths(ws, [30, 30])


def _table(ws: Any, records: list[dict[str, Any]], fields: list[str], lang: Lang) -> None:
    header_row(ws, 1, [t(HEADERS.get(f, f"col.{f}"), lang) for f in fields])
    for record in records:
        ws.append([_cell(record[f], lang) for f in fields])
        for col, f in enumerate(fields, start=1):
            if f in FORMATS:
                ws.cell(ws.max_row, col).number_format = FORMATS[f]
    ws.freeze_panes = "A2"
    set_widths(ws, [14] * len(fields))


def _cell(value: Any, lang: Lang) -> Any:
    """A yes/no answer in words, every other value as it is in the JSON."""
    if isinstance(value, bool):
        return t("yes", lang) if value else t("no", lang)
    return value
