"""Regenerate the malformed workbooks in tests/bad_inputs/xlsx/ from the Excel template.

Run from the repository root: `python tests/bad_inputs/make_xlsx.py`. Each case is
the teaching-example template (`optimizer.io.excel_template.template_bytes`) with
one thing broken, the way a planner typing under deadline breaks it, or raw bytes
that are not a workbook at all. The files are committed; `expected.toml` lists the
error each must give. Writing is byte-stable (fixed zip timestamps), so running this
again changes no file unless the template or a case changed.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from optimizer.io.excel_template import template_bytes
from optimizer.io.xlsx import save_bytes

OUT = Path(__file__).parent / "xlsx"
TEMPLATE = template_bytes()


def header_col(ws, name: str) -> int:
    """1-based column of header `name` in row 1."""
    return next(c.column for c in ws[1] if c.value == name)


def field_row(ws, name: str) -> int:
    """Row of field `name` in a field-per-row sheet (Wilayah, Optimasi)."""
    return next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == name)


def cell(sheet: str, header: str, row: int, value) -> Callable[[Workbook], None]:
    """Set the cell of column `header`, data row `row` (2 = first data row)."""

    def edit(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.cell(row, header_col(ws, header)).value = value  # ws.cell(r, c, None) would keep the old value

    return edit


def field(sheet: str, name: str, value, number_format: str | None = None) -> Callable[[Workbook], None]:
    """Set the value (column nilai) of field `name` in a field-per-row sheet."""

    def edit(wb: Workbook) -> None:
        ws = wb[sheet]
        c = ws.cell(field_row(ws, name), 2)
        c.value = value
        if number_format:
            c.number_format = number_format

    return edit


def rows(sheet: str, *values: tuple) -> Callable[[Workbook], None]:
    """Append rows to a table sheet."""

    def edit(wb: Workbook) -> None:
        for row in values:
            wb[sheet].append(list(row))

    return edit


def edits(*steps: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        for step in steps:
            step(wb)

    return edit


def drop_sheet(name: str) -> Callable[[Workbook], None]:
    return lambda wb: wb.remove(wb[name])


def drop_column(sheet: str, header: str) -> Callable[[Workbook], None]:
    return lambda wb: wb[sheet].delete_cols(header_col(wb[sheet], header))


def rename_header(sheet: str, header: str, new: str) -> Callable[[Workbook], None]:
    return lambda wb: wb[sheet].cell(1, header_col(wb[sheet], header), new)


def merge(sheet: str, span: str) -> Callable[[Workbook], None]:
    return lambda wb: wb[sheet].merge_cells(span)


def percent_cell(sheet: str, header: str, row: int, value: float) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.cell(row, header_col(ws, header), value).number_format = "0%"

    return edit


def fixed_zip(files: dict[str, bytes], compress: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = compress
            archive.writestr(info, data)
    return buffer.getvalue()


#: name -> a change to the template workbook. Data row 2 is the first entry of a table sheet.
WORKBOOK_CASES: dict[str, Callable[[Workbook], None]] = {
    # wrong types in cells
    "type-text-budget": cell("Sumber_Dana", "anggaran", 2, "banyak"),
    "type-date-headcount": cell("Kelompok", "belum_terlindungi", 3, dt.datetime(2025, 3, 1)),
    "type-bool-months": cell("Kelompok", "bulan", 2, True),
    "type-text-year": field("Wilayah", "tahun", "dua ribu dua lima"),
    "type-half-person": cell("Kelompok", "belum_terlindungi", 2, 0.5),
    "type-error-value": cell("Paket", "iuran_bulanan", 2, "#DIV/0!"),
    "type-text-weight": cell("Kelompok", "bobot", 4, "tinggi"),
    "type-bool-word-wrong": cell("Sumber_Dana", "boleh_ditambah", 3, "mungkin"),
    "negative-budget": cell("Sumber_Dana", "anggaran", 3, -100_800_000),
    "absurd-budget": cell("Sumber_Dana", "anggaran", 4, 1e30),
    "months-13": cell("Kelompok", "bulan", 4, 13),
    # missing sheets
    "missing-sheet-kelompok": drop_sheet("Kelompok"),
    "missing-sheet-wilayah": drop_sheet("Wilayah"),
    "missing-sheet-sumber-dana": drop_sheet("Sumber_Dana"),
    "missing-sheet-paket": drop_sheet("Paket"),
    # missing, unknown, duplicate, unnamed columns; header not in row 1
    "missing-column-headcount": drop_column("Kelompok", "belum_terlindungi"),
    "missing-column-package": drop_column("Kelompok", "paket"),
    "missing-column-budget": drop_column("Sumber_Dana", "anggaran"),
    "missing-column-nilai": drop_column("Wilayah", "nilai"),
    "unknown-column": rename_header("Kelompok", "catatan", "jumlah_orang"),
    "duplicate-column": rename_header("Kelompok", "catatan", "bulan"),
    "unnamed-column-with-values": lambda wb: wb["Kelompok"].cell(3, 20, 500),
    "header-not-in-row-1": lambda wb: wb["Paket"].insert_rows(1),
    "unknown-field-row": rows("Wilayah", ("populasi", 100_000)),
    "duplicate-field-row": rows("Wilayah", ("tahun", 2026)),
    "value-without-field-name": rows("Wilayah", (None, 12345)),
    "active-and-its-parts": field("Wilayah", "peserta_aktif_bpu", 5000),
    # empty required cells
    "empty-package-cell": cell("Kelompok", "paket", 3, None),
    "empty-budget-cell": cell("Sumber_Dana", "anggaran", 2, None),
    "empty-group-id": cell("Kelompok", "id", 4, None),
    "empty-workforce": field("Wilayah", "penduduk_bekerja", None),
    # formulas without cached values (never opened in Excel)
    "formula-no-cache-budget": cell("Sumber_Dana", "anggaran", 4, "=D2+D3"),
    "formula-no-cache-field": field("Wilayah", "penduduk_bekerja", "=30000*3"),
    # merged cells
    "merged-cells-table": merge("Kelompok", "B2:C2"),
    "merged-cells-field-sheet": merge("Wilayah", "A3:B3"),
    # numbers as text with wrong separators
    "text-budget-english-commas": cell("Sumber_Dana", "anggaran", 4, "558,720,00"),  # 558,720,000 is read
    "text-budget-with-decimals": cell("Sumber_Dana", "anggaran", 2, "201.600.000,50"),
    "text-headcount-space-thousands": cell("Kelompok", "belum_terlindungi", 4, "4 000"),
    "text-weight-two-separators": cell("Kelompok", "bobot", 2, "1.000,5.2"),
    "text-target-two-commas": field("Wilayah", "target_persen", "38,5,1"),
    # percentages over 100
    "percent-target-over-100": field("Wilayah", "target_persen", 150),
    "percent-format-target-over-100": field("Wilayah", "target_persen", 1.5, "0%"),
    "percent-premium-share-over-100": cell("Sumber_Dana", "porsi_iuran_persen", 2, 120),
    "percent-floor-over-100": cell("Kelompok", "batas_bawah", 4, "150%"),
    "percent-format-cap-over-100": percent_cell("Kelompok", "batas_atas", 2, 2.5),
    # ids unknown or duplicated across sheets
    "unknown-package-in-kelompok": cell("Kelompok", "paket", 4, "jkk-jkm-2026"),
    "unknown-group-in-eligible": cell("Sumber_Dana", "boleh_untuk", 3, "nelayan, petani"),
    "unknown-source-in-spending-order": field("Optimasi", "urutan_belanja", "csr, apbd, zakat"),
    "duplicate-group-id": cell("Kelompok", "id", 4, "rt-rw"),
    "duplicate-package-id": cell("Paket", "id", 3, "jkk-jkm"),
    "duplicate-source-id": cell("Sumber_Dana", "id", 3, "dbh-cht"),
    "price-unknown-package": rows("Iuran_Sumber", ("pu-3jt", "apbd", 15000)),
    "price-unknown-source": rows("Iuran_Sumber", ("jkk-jkm", "zakat", 15000)),
    "price-twice": rows("Iuran_Sumber", ("jkk-jkm", "csr", 15000), ("jkk-jkm", "csr", 14000)),
    # Tahap_Dana (when money arrives)
    "tranche-unknown-source": rows("Tahap_Dana", ("dbh-sawit", 5, 100)),
    "tranche-month-13": rows("Tahap_Dana", ("dbh-cht", 5, 50), ("dbh-cht", 13, 50)),
    "tranche-not-100": rows("Tahap_Dana", ("dbh-cht", 5, 50), ("dbh-cht", 10, 40)),
    "tranche-empty-month": rows("Tahap_Dana", ("csr", None, 100)),
    "tranche-share-and-amount": rows("Tahap_Dana", ("csr", 3, 100, 100_800_000)),
    "tranche-amount-not-budget": rows("Tahap_Dana", ("csr", 3, None, 50_000_000)),
    # Tumpang_Tindih (persons in several groups)
    "overlap-one-group": rows("Tumpang_Tindih", ("nelayan", 100)),
    "overlap-unknown-group": rows("Tumpang_Tindih", ("nelayan, petani", 100)),
    "overlap-more-than-smallest": rows("Tumpang_Tindih", ("nelayan, rt-rw", 5000)),
    "overlap-percent-over-100": rows("Tumpang_Tindih", ("nelayan, buruh-tembakau", None, 140)),
    # Kelompok monthly columns
    "window-out-of-range": edits(
        cell("Kelompok", "jendela_awal", 2, 3), cell("Kelompok", "jendela_akhir", 2, 14)
    ),
    "window-half-given": cell("Kelompok", "jendela_awal", 3, 2),
    "min-run-over-window": edits(
        cell("Kelompok", "bulan", 4, 2),
        cell("Kelompok", "jendela_awal", 4, 1),
        cell("Kelompok", "jendela_akhir", 4, 2),
        cell("Kelompok", "min_berturut", 4, 3),
    ),
    "reporting-month-0": field("Wilayah", "bulan_pelaporan", 0),
    # Varian (variants for compare)
    "variant-unknown-kind": rows("Varian", ("naik", "ubah_semua", "apbd", "anggaran", "+10%")),
    "variant-unknown-source": rows("Varian", ("naik", "budget", "zakat", None, "+10%")),
    "variant-unknown-field": rows("Varian", ("naik", "group", "nelayan", "gaji", 5)),
    "variant-empty-name": rows("Varian", (None, "budget", "apbd", None, "+10%")),
    "variant-bad-value": rows("Varian", ("naik", "group", "nelayan", "bulan", "dua belas")),
    # hostile: sheets merged by a careless lookup, a value at the far corner of the grid
    "sheet-names-differ-by-case": lambda wb: wb.copy_worksheet(wb["Kelompok"]).__setattr__(
        "title", "KELOMPOK"
    ),
    "sheet-names-differ-by-space": lambda wb: wb.copy_worksheet(wb["Paket"]).__setattr__("title", "paket "),
    "stray-value-at-xfd1048576": lambda wb: wb["Kelompok"].cell(1_048_576, 16_384, 7),
}


def template_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(TEMPLATE)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def padded(part: str, extra: int) -> bytes:
    """The template with `extra` spaces added at the end of `part`: tiny zipped, huge unpacked."""
    files = template_parts()
    files[part] += b" " * extra
    return fixed_zip(files, zipfile.ZIP_DEFLATED)


def renamed_copy(sheet: str, new: str) -> bytes:
    """The template with a copy of `sheet` named `new`, written into workbook.xml directly."""
    wb = load_workbook(io.BytesIO(TEMPLATE))
    wb.copy_worksheet(wb[sheet]).title = "COPY_OF_SHEET"
    with zipfile.ZipFile(io.BytesIO(save_bytes(wb, 2025))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["xl/workbook.xml"] = files["xl/workbook.xml"].replace(b"COPY_OF_SHEET", new.encode())
    return fixed_zip(files, zipfile.ZIP_DEFLATED)


def with_parts(extra: dict[str, bytes]) -> bytes:
    """The template with more parts in the zip (compressed well, large unpacked)."""
    return fixed_zip({**template_parts(), **extra}, zipfile.ZIP_DEFLATED)


#: name -> file bytes that are not a workbook (or not one any more).
RAW_CASES: dict[str, Callable[[], bytes]] = {
    "zip-of-text-files": lambda: fixed_zip({"notes.txt": b"anggaran 2025\n", "data.csv": b"a,b\n1,2\n"}),
    "zip-of-word-document": lambda: fixed_zip(
        {"[Content_Types].xml": b'<?xml version="1.0"?><Types/>', "word/document.xml": b"<w:document/>"}
    ),
    "truncated": lambda: TEMPLATE[: len(TEMPLATE) // 2],
    "xls-renamed": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088),
    "zero-bytes": lambda: b"",
    "csv-renamed": lambda: b"isian,nilai\nnama,Kabupaten Contoh\ntahun,2025\n",
    "html-renamed": lambda: b"<html><body><table><tr><td>nama</td></tr></table></body></html>\n",
    # Excel (and openpyxl) refuse two names that differ only in case: edit workbook.xml instead
    "sheet-names-differ-by-case": lambda: renamed_copy("Kelompok", "KELOMPOK"),
    # hostile: a 30 MB sheet in a small file, and 60 MB of parts that are each under the limit
    "unpacks-to-30mb-sheet": lambda: padded("xl/worksheets/sheet1.xml", 30_000_000),
    "unpacks-to-60mb-in-all": lambda: with_parts(
        {f"xl/media/pad{i}.bin": bytes(15_000_000) for i in range(4)}
    ),
}


def build(name: str) -> bytes:
    if name in RAW_CASES:
        return RAW_CASES[name]()
    wb = load_workbook(io.BytesIO(TEMPLATE))
    WORKBOOK_CASES[name](wb)
    return save_bytes(wb, 2025)  # keeps the formula cells of the formula-* cases


def main() -> None:
    OUT.mkdir(exist_ok=True)
    names = [*WORKBOOK_CASES, *RAW_CASES]
    for name in names:
        (OUT / f"{name}.xlsx").write_bytes(build(name))
    stale = {p.name for p in OUT.glob("*.xlsx")} - {f"{n}.xlsx" for n in names}
    if stale:
        sys.exit(f"not made by this script, remove them: {', '.join(sorted(stale))}")
    print(f"wrote {len(names)} workbooks to {OUT}")


if __name__ == "__main__":
    main()
