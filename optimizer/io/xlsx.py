"""Shared helpers for the workbooks we write: styles, number formats, byte-identical saving."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

#: Excel number formats. The codes are locale-free: Indonesian Excel shows
#: "Rp 1.234.567" and "52,00%" for the same cells that English Excel shows as "Rp 1,234,567".
RUPIAH = '"Rp" #,##0'
WHOLE = "#,##0"
PERCENT = "0.00%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp, so equal content gives equal bytes."""

    def __init__(self, *args: Any, date_time: tuple[int, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._date_time = date_time

    def writestr(self, name: Any, data: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if isinstance(name, str):
            info = zipfile.ZipInfo(name, date_time=self._date_time)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            name = info
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """openpyxl writes worksheets from temporary files: copy the bytes, drop the file's mtime."""
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def workbook_bytes(workbook: Workbook, year: int) -> bytes:
    """The .xlsx bytes, stamped 1 January of `year` (not today) so two runs are byte-identical.

    openpyxl's own `save` stamps the current time into docProps/core.xml and into every
    zip entry; this writes the same package with a fixed time instead.
    """
    _text_not_formulas(workbook)
    return save_bytes(workbook, year)


def save_bytes(workbook: Workbook, year: int) -> bytes:
    """`workbook_bytes` without the formula guard: only for tests that need a formula cell."""
    stamp = dt.datetime(max(year, 1980), 1, 1)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "ucj-optimizer"
    workbook.properties.lastModifiedBy = "ucj-optimizer"
    buffer = io.BytesIO()
    archive = _FixedTimeZip(
        buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, date_time=(stamp.year, 1, 1, 0, 0, 0)
    )
    ExcelWriter(workbook, archive).save()  # closes the archive
    return buffer.getvalue()


def _text_not_formulas(workbook: Workbook) -> None:
    """Every cell we write is a value: a text starting with "=" (a group named "=HYPERLINK(...)")
    stays text. openpyxl makes such a string a formula cell; type "s" writes it as a string."""
    for sheet in workbook.worksheets:
        # `_cells` holds only the cells written; iter_rows() would create the empty ones.
        for cell in sheet._cells.values():
            if cell.data_type == "f":
                cell.data_type = "s"


def titled_lines(sheet: Any, sections: list[tuple[str, list[str]]]) -> None:
    """Below what the sheet holds: each section with lines, its title in bold, then one line a row
    (titles and lines already in the planner's language)."""
    for title, lines in sections:
        if lines:
            sheet.append([])
            sheet.append([title])
            sheet.cell(sheet.max_row, 1).font = TITLE_FONT
            for line in lines:
                sheet.append(["", line])


def header_row(sheet: Any, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = sheet.cell(row, col, name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def set_widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
