"""The first sheet of the plan workbook: the one-page summary (`optimizer.summary`), printable on A4."""

from __future__ import annotations

from typing import Any

from optimizer.i18n import Lang, t
from optimizer.io.xlsx import TITLE_FONT, WRAP, header_row, set_widths
from optimizer.summary import AUDIT_WORDS, Summary, audit_lines

WIDTHS = [46, 14, 14, 10, 16, 40]


def summary_sheet(ws: Any, summary: Summary) -> None:
    """Text cells only (amounts already in words): it reads like the report's first page."""
    ws.title = t("sheet.summary", summary.lang)
    ws.append([summary.title])
    ws.cell(1, 1).font = TITLE_FONT
    for p in summary.paragraphs:
        ws.append([p])
        _wrap_across(ws, ws.max_row)
    for table in summary.tables:
        ws.append([])
        ws.append([table.title])
        ws.cell(ws.max_row, 1).font = TITLE_FONT
        header_row(ws, ws.max_row + 1, list(table.headers))
        for row in table.rows:
            ws.append(list(row))
        if table.note:
            ws.append([table.note])
    if summary.gaps:
        ws.append([])
        ws.append([summary.gaps_title])
        ws.cell(ws.max_row, 1).font = TITLE_FONT
        for g in summary.gaps:
            ws.append([g])
            _wrap_across(ws, ws.max_row)
    ws.append([])
    ws.append([summary.annex])
    _wrap_across(ws, ws.max_row)
    set_widths(ws, WIDTHS)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:F{ws.max_row}"


def _wrap_across(ws: Any, row: int) -> None:
    """A sentence spans the page width: merge the row's cells and wrap the text."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
    ws.cell(row, 1).alignment = WRAP
    chars = len(str(ws.cell(row, 1).value or ""))
    ws.row_dimensions[row].height = 15 * max(1, -(-chars // 130))


def audit_rows(ws: Any, doc: dict, lang: Lang) -> None:
    """The audit trail below the plan's figures (see `optimizer.audit`)."""
    ws.append([])
    ws.append([AUDIT_WORDS.text("title", lang)])
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    for label, value in audit_lines(doc, lang, with_solver=False):  # it is in the Solver row
        ws.append([label, value])
