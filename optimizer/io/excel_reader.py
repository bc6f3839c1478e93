"""Read a scenario workbook (.xlsx) into the same plain dict a TOML file gives.

`read_excel` returns that dict and a `Locations` map from field paths
(("group", 2, "floor")) to sheet, row and column, so that every `ScenarioError`
raised later by `scenario_from_mapping` or `optimizer.checks` can name the cell.
The workbook is opened read-only with cached values (data_only); a formula that
was never calculated (no cached value) is an error, never silently empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from optimizer.checks import MAX_CELLS, MAX_UNPACKED_BYTES, MAX_UNPACKED_TOTAL_BYTES
from optimizer.errors import FieldPath, ScenarioError
from optimizer.io import excel_layout as L
from optimizer.io import excel_monthly, excel_variants
from optimizer.io.excel_cells import convert, put
from optimizer.io.toml_reader import read_bytes


@dataclass
class Locations:
    """Where each field came from: (sheet, row) per entry and (sheet, row, header) per cell."""

    cells: dict[FieldPath, tuple[str, int | None, str | None]] = field(default_factory=dict)

    def describe(self, path: FieldPath) -> str:
        """'sheet Kelompok, row 4, column batas_bawah' for ("group", 2, "floor")."""
        for end in range(len(path), -1, -1):
            found = self.cells.get(path[:end])
            if found is None:
                continue
            sheet, row, header = found
            if header is None and end < len(path):
                header = _header_for(sheet, path[end:])
            parts = [f"sheet {sheet}"]
            if row is not None:
                parts.append(f"row {row}")
            if header is not None:
                parts.append(f"column {header}" if row is not None else f"field {header}")
            return ", ".join(parts)
        return ""


def _header_for(sheet_name: str, rest: FieldPath) -> str | None:
    sheet = next((s for s in L.SHEETS if s.name == sheet_name), None)
    if sheet is None:
        return None
    for n in range(len(rest), 0, -1):
        column = sheet.column_for(tuple(str(p) for p in rest[:n]))
        if column is not None:
            return column.header
    return None


def read_excel(path: Path) -> tuple[dict[str, Any], Locations]:
    """The workbook as a TOML-shaped dict, and where each value came from.

    Sheet Varian, when present, becomes the dict's "variant" list (`excel_variants`).
    """
    return read_excel_bytes(read_bytes(path), str(path))


def read_excel_bytes(raw: bytes, file: str) -> tuple[dict[str, Any], Locations]:
    """As `read_excel`, from the workbook's bytes; `file` names it in errors."""
    try:
        return _Reader(raw).read()
    except ScenarioError as exc:
        raise exc.located(file, exc.where) from None
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise ScenarioError(_not_a_workbook(raw, exc), file=file) from None


#: The first bytes of an OLE2 file: Excel 97-2003 .xls, and also any password-protected .xlsx.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _not_a_workbook(raw: bytes, exc: Exception) -> str:
    """Why openpyxl could not open `raw`, in words a planner can act on (only asked after it failed)."""
    if not raw.strip():
        return "file is empty; start from the template (python -m optimizer init --excel FILE)"
    if raw.startswith(_OLE2):
        return (
            "is an old Excel 97-2003 .xls file renamed .xlsx, or a password-protected workbook; "
            "save it from Excel as Excel Workbook (.xlsx) without a password"
        )
    if not raw.startswith(b"PK"):
        head = raw[:512]
        if b"\x00" not in head and all(b >= 9 for b in head):
            return "is a text file (CSV or HTML?), not an Excel workbook; open it in Excel, save it as .xlsx"
        return "is not an Excel workbook; open it in Excel or LibreOffice and save it as .xlsx"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = {n.lower() for n in archive.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return "is damaged or incomplete (a cut-off copy?); copy it again or save it from Excel as .xlsx"
    if not any(n.startswith("xl/") for n in names):
        return "is a zip file but not an Excel workbook (no xl/ folder inside); is this the right file?"
    return (
        f"cannot be read as an Excel workbook ({type(exc).__name__}); "
        "open it in Excel or LibreOffice and save it again as .xlsx"
    )


def _error(message: str, where: str) -> ScenarioError:
    return ScenarioError(message, where=where)


def check_unpacked_size(raw: bytes) -> None:
    """Refuse a zip whose parts unpack to more than the limits, before openpyxl unpacks anything.

    zipfile never returns more bytes than a part's declared size (a lie fails the CRC check),
    so the declared sizes bound what is unpacked. Not a zip at all: openpyxl says so later.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
            _check_sizes(parts)
            sheets = [p for p in parts if p.filename.startswith("xl/worksheets/")]
            stored = sum(len(_CELL.findall(archive.read(p))) for p in sheets)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return  # not a zip openpyxl can read: it says so, in words, later
    if stored > MAX_CELLS:
        raise _error(
            f"stores {stored:,} cells, over the limit of {MAX_CELLS:,} (empty formatted cells count too); "
            "copy only the scenario's sheets into a new workbook (see docs/scenario-format.md#limits)",
            "",
        )


#: A cell element in a sheet's XML, with or without a namespace prefix (<c r="A1">, <x:c ...>).
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    for part in parts:
        if part.file_size > MAX_UNPACKED_BYTES:
            raise _error(
                f"part {part.filename[:60]} unpacks to {part.file_size:,} bytes, over the limit of "
                f"{MAX_UNPACKED_BYTES:,}; is this the right file? (see docs/scenario-format.md#limits)",
                "",
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_TOTAL_BYTES:
        raise _error(
            f"unpacks to {total:,} bytes, over the limit of {MAX_UNPACKED_TOTAL_BYTES:,}; "
            "is this the right file? (see docs/scenario-format.md#limits)",
            "",
        )


class _Reader:
    def __init__(self, raw: bytes):
        from openpyxl import load_workbook

        check_unpacked_size(raw)
        self.values = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        # Second look without cached values: formulas, read row by row like the values.
        self.formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        # Third: merged cells, which only a full load sees (the unpacked size bounds it).
        self.structure = load_workbook(io.BytesIO(raw), read_only=False, data_only=False)
        self.names = _sheet_names(self.values.sheetnames)
        self.cells_read = 0
        self.loc = Locations()
        self.data: dict[str, Any] = {}

    def read(self) -> tuple[dict[str, Any], Locations]:
        try:
            for sheet in L.SHEETS:
                actual = self.names.get(sheet.name.lower())
                if actual is None:
                    if sheet.required:
                        raise _error(
                            f"sheet {sheet.name} is missing; start from the template "
                            "(python -m optimizer init --excel FILE)",
                            "",
                        )
                    continue
                self.loc.cells[(sheet.section,)] = (sheet.name, None, None)
                rows = self._rows(sheet, actual)
                if sheet.vertical:
                    self._vertical(sheet, rows)
                else:
                    self._table(sheet, rows)
            actual = self.names.get(excel_variants.SHEET.name.lower())
            rows = self._rows(excel_variants.SHEET, actual) if actual is not None else []
            if rows:  # an empty Varian sheet is no variants
                columns = self._header(excel_variants.SHEET, rows)
                excel_variants.read_rows(self.data, self.loc.cells, columns, rows[1:])
        finally:
            self.values.close()
            self.formulas.close()
        return self.data, self.loc

    def _rows(self, sheet: L.Sheet, actual: str) -> list[tuple[int, list[Any]]]:
        """(row number, converted-ready cells) for every non-empty row, header included."""
        structure = self.structure[actual]
        for merged in structure.merged_cells.ranges:
            raise _error(
                f"cells {merged.coord} are merged; unmerge them and fill every cell", f"sheet {sheet.name}"
            )
        values, formulas = self.values[actual], self.formulas[actual]
        values.reset_dimensions()  # a stale <dimension> must not hide rows
        formulas.reset_dimensions()
        out = []
        # Both passes read the same XML row by row: only the cells stored in the file are
        # visited, so one stray cell at XFD1048576 costs one row, not the whole grid.
        rows = zip(values.iter_rows(), formulas.iter_rows(), strict=True)
        for number, (cells, formula_cells) in enumerate(rows, start=1):
            if not cells:
                continue
            row_values = []
            for col, (cell, formula) in enumerate(zip(cells, formula_cells, strict=True), start=1):
                value = cell.value
                if value is None and formula.data_type == "f":
                    raise _error(
                        f"formula without a cached value ({str(formula.value)[:30]}): open and save in Excel",
                        f"sheet {sheet.name}, cell {_letter(col - 1)}{number}",
                    )
                if cell.data_type == "e":  # a cached Excel error: #DIV/0!, #REF!, #N/A...
                    raise _error(
                        f"the cell shows the Excel error {value}; fix the formula or type the value",
                        f"sheet {sheet.name}, cell {_letter(col - 1)}{number}",
                    )
                if isinstance(value, str):
                    value = value.strip() or None
                row_values.append((value, "%" in (cell.number_format or "")))
            filled = sum(v is not None for v, _ in row_values)
            if filled:
                self.cells_read += filled
                if self.cells_read > MAX_CELLS:
                    raise _error(
                        f"has more than {MAX_CELLS:,} filled cells; a scenario needs far fewer: "
                        "delete what is not part of it (see docs/scenario-format.md#limits)",
                        f"sheet {sheet.name}, row {number}",
                    )
                # Trailing empty cells (formatting to column XFD) are not part of the table.
                while row_values and row_values[-1][0] is None:
                    row_values.pop()
                out.append((number, row_values))
        return out

    def _header(self, sheet: L.Sheet, rows: list) -> list[L.Column | None]:
        if not rows or rows[0][0] != 1:
            raise _error(
                "row 1 must hold the column names; copy them from the template", f"sheet {sheet.name}"
            )
        columns, seen = _named_columns(sheet, rows)
        _check_nothing_right_of(sheet, rows[1:], len(columns))
        if sheet.vertical and not {L.FIELD, L.VALUE} <= seen:
            raise _error(f"row 1 must name the columns {L.FIELD} and {L.VALUE}", f"sheet {sheet.name}, row 1")
        return columns

    def _table(self, sheet: L.Sheet, rows: list) -> None:
        columns = self._header(sheet, rows)
        if len(rows) < 2:
            if not sheet.required:
                return
            raise _error("has no data rows below the column names; add at least one", f"sheet {sheet.name}")
        if sheet.section == "assumptions":
            self.data["assumptions"] = [str(r[0][0]) for _, r in rows[1:] if r and r[0][0] is not None]
            return
        entries = []
        for number, cells in rows[1:]:
            entry: dict[str, Any] = {}
            index = len(entries)
            for column, (value, pct) in zip(columns, cells, strict=False):
                if column is None or value is None:
                    continue
                put(entry, column.key, convert(value, pct, column.kind))
            if sheet.section == "group":
                excel_monthly.join_window(entry, f"sheet {sheet.name}, row {number}")
            entries.append((number, entry))
            if sheet.section not in ("price_by_source", "tranches"):
                self.loc.cells[(sheet.section, index)] = (sheet.name, number, None)
                for column in sheet.columns:
                    self.loc.cells[(sheet.section, index, *column.key)] = (sheet.name, number, column.header)
                    self.loc.cells.setdefault(
                        (sheet.section, index, column.key[0]), (sheet.name, number, column.header)
                    )
        if sheet.section == "price_by_source":
            self._prices(sheet, entries)
        elif sheet.section == "tranches":
            excel_monthly.attach_tranches(self.data, self.loc.cells, sheet, entries)
        else:
            self.data[sheet.section] = [entry for _, entry in entries]

    def _prices(self, sheet: L.Sheet, entries: list[tuple[int, dict]]) -> None:
        """Rows (paket, sumber, iuran_bulanan) become each package's price_by_source table."""
        packages = {p.get("id"): i for i, p in enumerate(self.data.get("package", []))}
        for number, entry in entries:
            where = f"sheet {sheet.name}, row {number}"
            for column in sheet.columns:
                if column.key[0] not in entry:
                    raise _error("is empty; fill it", f"{where}, column {column.header}")
            pid, sid = str(entry["package"]), str(entry["source"])
            if pid not in packages:
                raise _error(f"package {pid!r} is not in sheet Paket", f"{where}, column paket")
            i = packages[pid]
            table = self.data["package"][i].setdefault("price_by_source", {})
            if sid in table:
                raise _error(
                    f"package {pid!r} already has a price for source {sid!r}", f"{where}, column sumber"
                )
            table[sid] = entry["monthly_price"]
            self.loc.cells.setdefault(("package", i, "price_by_source"), (sheet.name, number, "sumber"))
            self.loc.cells[("package", i, "price_by_source", sid)] = (sheet.name, number, "iuran_bulanan")

    def _vertical(self, sheet: L.Sheet, rows: list) -> None:
        headers = [c.header if c else "" for c in self._header(sheet, rows)]
        field_at, value_at = headers.index(L.FIELD), headers.index(L.VALUE)
        record: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for number, cells in rows[1:]:
            name_cell = cells[field_at][0] if field_at < len(cells) else None
            value, pct = cells[value_at] if value_at < len(cells) else (None, False)
            where = f"sheet {sheet.name}, row {number}"
            if name_cell is None:
                if value is not None:
                    raise _error(f"a value without a name in column {L.FIELD}; name it", where)
                continue
            name = str(name_cell).strip().lower()
            column = sheet.column(name)
            if column is None:
                allowed = ", ".join(c.header for c in sheet.columns)
                raise _error(f"{name!r} is not known here; allowed: {allowed}", f"{where}, column {L.FIELD}")
            if name in seen:
                raise _error(
                    f"{name!r} is already given in row {seen[name]}; keep one", f"{where}, column {L.FIELD}"
                )
            seen[name] = number
            self.loc.cells[(sheet.section, *column.key)] = (sheet.name, number, L.VALUE)
            if value is not None:
                earlier = record.get("active")
                if (
                    column.key[0] == "active"
                    and earlier is not None
                    and isinstance(earlier, dict) == (len(column.key) == 1)
                ):
                    raise _error(
                        "give peserta_aktif, or its parts (peserta_aktif_pu/_bpu/_jakon), not both",
                        f"{where}, column {L.VALUE}",
                    )
                put(record, column.key, convert(value, pct, column.kind))
                self.loc.cells.setdefault((sheet.section, column.key[0]), (sheet.name, number, L.VALUE))
        self.data[sheet.section] = record


def _named_columns(sheet: L.Sheet, rows: list) -> tuple[list[L.Column | None], set[str]]:
    """The column of each cell of row 1 (None where a table sheet's name is empty), and the names seen."""
    allowed = [L.FIELD, L.VALUE, L.NOTE] if sheet.vertical else [c.header for c in sheet.columns]
    columns: list[L.Column | None] = []
    seen: set[str] = set()
    for i, (value, _) in enumerate(rows[0][1]):
        name = str(value).strip().lower() if value is not None else ""
        where = f"sheet {sheet.name}, row 1, column {_letter(i)}"
        _check_column_name(name, allowed, seen, where)
        seen.add(name)
        columns.append(_header_column(sheet, name))
        if not name and _has_values(rows[1:], i):
            raise _error("this column has values but no name in row 1; name it or delete it", where)
    return columns, seen


def _check_column_name(name: str, allowed: list[str], seen: set[str], where: str) -> None:
    if name and name not in allowed:
        raise _error(f"column {name!r} is not known here; allowed: {', '.join(allowed)}", where)
    if name in seen:
        raise _error(f"column {name!r} appears twice; keep one", where)


def _header_column(sheet: L.Sheet, name: str) -> L.Column | None:
    """A table sheet's column by its name; a vertical sheet's (isian, nilai, keterangan) are plain text."""
    return sheet.column(name) if not sheet.vertical else L.Column(name, (), L.Kind.TEXT, "")


def _has_values(data_rows: list, i: int) -> bool:
    """Whether column `i` holds a value in any data row."""
    return any(len(cells) > i and cells[i][0] is not None for _, cells in data_rows)


def _check_nothing_right_of(sheet: L.Sheet, data_rows: list, width: int) -> None:
    """Values right of the last named column would be silently dropped: refuse them."""
    for number, cells in data_rows:
        extra = next((i for i in range(width, len(cells)) if cells[i][0] is not None), None)
        if extra is not None:
            raise _error(
                "this column has values but no name in row 1; name it or delete it",
                f"sheet {sheet.name}, row {number}, column {_letter(extra)}",
            )


def _sheet_names(names: list[str]) -> dict[str, str]:
    """Sheet names by their lower-case, stripped form; two that differ only so are an error
    (Kelompok and "kelompok "), never silently merged into one."""
    out: dict[str, str] = {}
    for name in names:
        key = name.strip().lower()
        if key in out:
            raise _error(
                f"sheets {out[key]!r} and {name!r} differ only in capitals or spaces; "
                "keep one of them (rename or delete the other)",
                "",
            )
        out[key] = name
    return out


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
