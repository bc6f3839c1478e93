"""Print setup for the sheets of a plan workbook: A4, the used range as print area, fit to the
page width, landscape where a sheet is wide, and the header rows frozen and repeated."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

#: Sheets wider than this many columns print landscape.
PORTRAIT_COLUMNS = 6


def print_setup(ws: Any, header_rows: int = 0) -> None:
    """`header_rows` > 0: freeze them (below them, and right of column A) and repeat them on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ws.max_column > PORTRAIT_COLUMNS else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{get_column_letter(max(ws.max_column, 1))}{max(ws.max_row, 1)}"
    if header_rows:
        ws.freeze_panes = f"B{header_rows + 1}"
        ws.print_title_rows = f"1:{header_rows}"
