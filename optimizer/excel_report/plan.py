"""Write a plan as an Excel workbook: the one-page summary (Ringkasan), the plan's figures,
allocation (source x group), sources, groups,
and, when there are any, months and marginal values (`optimizer.excel_report.sheets`).

Every number is copied from the JSON document (`report.plan_to_dict`) as a plain value,
never a formula, so the workbook equals the JSON to the Rupiah; only the matrix totals
are sums of those whole numbers. Labels follow `lang`; ids and codes stay as in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl import Workbook

from optimizer.analysis.marginal import MarginalValues, to_dict
from optimizer.analysis.moves import moves_of
from optimizer.analysis.ties import equally_good
from optimizer.analysis.whynot import why_not
from optimizer.areas.report import area_to_dict
from optimizer.excel_report.drafts import drafts_sheet
from optimizer.excel_report.print_setup import print_setup
from optimizer.excel_report.sheets import marginal_sheet, monthly_sheet
from optimizer.excel_report.summary import audit_rows, summary_sheet
from optimizer.excel_report.villages import village_sheets
from optimizer.excel_report.whynot import whynot_sheet
from optimizer.i18n import Lang, t
from optimizer.io.xlsx import (
    PERCENT,
    RUPIAH,
    TITLE_FONT,
    WHOLE,
    header_row,
    set_widths,
    titled_lines,
    workbook_bytes,
)
from optimizer.messages import say
from optimizer.report import plan_to_dict
from optimizer.result import Plan
from optimizer.summary import build_summary

ALLOCATION_FIELDS = (
    "source",
    "group",
    "persons",
    "months",
    "person_months",
    "monthly_price",
    "cost",
    "credit",
)
SOURCE_FIELDS = ("source", "name", "kind", "budget", "premium_budget", "used", "left")
GROUP_FIELDS = ("group", "name", "uncovered", "floor", "cap", "covered", "still_uncovered")
MONEY_FIELDS = {"monthly_price", "cost", "budget", "premium_budget", "used", "left"}


def plan_workbook_bytes(
    plan: Plan, lang: Lang = "en", marginal: Callable[[Plan], MarginalValues | None] | None = None
) -> bytes:
    """The plan as .xlsx bytes, byte-identical for the same plan and language.

    A village plan (`Plan.areas`) adds its village sheets (`optimizer.excel_report.villages`).

    With `marginal` (the `solve` command passes `marginal_values` unless --no-marginal)
    sheets Marginal_Values / Nilai_Marjinal, Why_Not / Mengapa_Belum and (for equally good
    plans) Drafts / Perbandingan are added; monthly plans get Monthly / Bulanan, and a plan
    made with a baseline gets Drafts / Perbandingan with what moved.
    """
    doc = plan_to_dict(plan)
    wb = Workbook()
    why = why_not(plan) if marginal is not None else None
    summary_sheet(wb.active, build_summary(plan, lang, None, why))
    _summary(wb.create_sheet(), doc, plan, lang)
    audit_rows(wb.worksheets[1], doc, lang)
    _allocation(wb.create_sheet(t("sheet.allocation", lang)), doc, lang)
    _records(wb.create_sheet(t("sheet.sources", lang)), doc["sources"], SOURCE_FIELDS, lang)
    groups = [{**g, "still_uncovered": g["uncovered"] - g["covered"]} for g in doc["groups"]]
    _records(wb.create_sheet(t("sheet.groups", lang)), groups, GROUP_FIELDS, lang)
    if "monthly" in doc:
        monthly_sheet(wb.create_sheet(), doc["monthly"], lang)
    if marginal is not None:
        marginal_sheet(wb.create_sheet(), to_dict(marginal(plan)), lang)
        whynot_sheet(wb.create_sheet(), why or (), plan.scenario, lang)
    moves, others = moves_of(plan), equally_good(plan) if marginal is not None else None
    if moves is not None or others is not None:
        drafts_sheet(wb.create_sheet(), moves, others, lang)
    if plan.areas is not None:
        village_sheets(wb, area_to_dict(plan)["areas"], lang)
    for ws in wb.worksheets[1:]:  # the summary sheet sets its own (one page)
        print_setup(ws, header_rows=_header_rows(ws))
    return workbook_bytes(wb, plan.scenario.region.year)


def _header_rows(ws: Any) -> int:
    """Sheets that are one table (sources, groups, marginal values...) freeze their first row."""
    first = [c.value for c in ws[1]]
    return 1 if sum(v is not None for v in first) > 1 else 0


def _summary(ws: Any, doc: dict[str, Any], plan: Plan, lang: Lang) -> None:
    ws.title = t("sheet.figures", lang)
    c = doc["coverage"]
    yes_no = t("yes", lang) if c["target_met"] else t("no", lang)
    rows: list[tuple[str, Any, str | None]] = [
        ("region", doc["scenario"]["name"], None),
        ("year", doc["scenario"]["year"], None),
        ("objective", t(doc["objective"], lang), None),
        ("Metric", t(doc["metric"], lang), None),
        ("Status", t(doc["status"], lang), None),
        ("Solver", f"{doc['solver']['name']}: {doc['solver']['status']} ({doc['solver']['version']})", None),
        ("Workforce", c["workforce"], WHOLE),
        ("Active before", c["active_before"], WHOLE),
        ("Active after", c["active_after"], WHOLE),
        ("New persons", c["new_persons"], WHOLE),
        ("Rate before", c["rate_before"], PERCENT),
        ("Rate after", c["rate_after"], PERCENT),
        ("Target rate", c["target_rate"], PERCENT),
        ("Target participants", c["target_participants"], WHOLE),
        ("Target met", yes_no, None),
        ("Total cost", doc["total_cost"], RUPIAH),
    ]
    for key in ("shortfall", "floor_shortfall"):
        gap = doc[key]
        if gap is None:
            continue
        rows.append(("Missing participants", gap["missing"], WHOLE))
        rows += [("Extra budget", extra["rupiah"], RUPIAH) for extra in gap["extra_budget"]]
    for label, value, fmt in rows:
        ws.append([t(label, lang), value])
        if fmt:
            ws.cell(ws.max_row, 2).number_format = fmt
    # Name the source next to each extra-budget amount.
    extras = [e["source"] for k in ("shortfall", "floor_shortfall") if doc[k] for e in doc[k]["extra_budget"]]
    extra_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == t("Extra budget", lang)]
    for row, source in zip(extra_rows, extras, strict=True):
        ws.cell(row, 3, source)
    sections = (
        ("Binding limits", doc["binding"]),
        ("Warnings", doc["warnings"]),
        ("Assumptions", list(plan.scenario.assumptions)),
    )
    titled_lines(ws, [(t(title, lang), [say(line, lang) for line in lines]) for title, lines in sections])
    set_widths(ws, [34, 24, 16])


def _allocation(ws: Any, doc: dict[str, Any], lang: Lang) -> None:
    sources = [s["source"] for s in doc["sources"]]
    groups = [g["group"] for g in doc["groups"]]
    for title, field, fmt in (
        ("Persons by source and group", "persons", WHOLE),
        ("Rupiah by source and group", "cost", RUPIAH),
    ):
        cells = {(a["source"], a["group"]): a[field] for a in doc["allocations"]}
        ws.append([t(title, lang)])
        ws.cell(ws.max_row, 1).font = TITLE_FONT
        header_row(ws, ws.max_row + 1, [t("col.source", lang), *groups, t("Total", lang)])
        for sid in sources:
            values = [cells.get((sid, gid), 0) for gid in groups]
            ws.append([sid, *values, sum(values)])
        totals = [sum(cells.get((sid, gid), 0) for sid in sources) for gid in groups]
        ws.append([t("Total", lang), *totals, sum(totals)])
        for row in ws.iter_rows(min_row=ws.max_row - len(sources), min_col=2, max_col=len(groups) + 2):
            for cell in row:
                cell.number_format = fmt
        ws.append([])
    ws.append([t("Allocation list", lang)])
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    monthly = ("segment", "first_month", "last_month") if "monthly" in doc else ()
    _table(ws, doc["allocations"], ALLOCATION_FIELDS + monthly, lang)
    set_widths(ws, [22] + [18] * max(len(groups) + 1, len(ALLOCATION_FIELDS) - 1))


def _records(ws: Any, records: list[dict[str, Any]], fields: tuple[str, ...], lang: Lang) -> None:
    _table(ws, records, fields, lang)
    ws.freeze_panes = "A2"
    set_widths(ws, [20, 34] + [18] * (len(fields) - 2))


def _table(ws: Any, records: list[dict[str, Any]], fields: tuple[str, ...], lang: Lang) -> None:
    header_row(ws, ws.max_row + 1 if ws.max_row > 1 else 1, [t(f"col.{f}", lang) for f in fields])
    for record in records:
        ws.append([record[f] for f in fields])
        for col, f in enumerate(fields, start=1):
            if f in MONEY_FIELDS:
                ws.cell(ws.max_row, col).number_format = RUPIAH
            elif f in ("persons", "person_months", "uncovered", "floor", "cap", "covered", "still_uncovered"):
                ws.cell(ws.max_row, col).number_format = WHOLE
