"""Write a scenario as an Excel scenario workbook (the format `excel_reader` reads).

`init --excel FILE` writes the teaching example this way; `--from SCENARIO` writes any
scenario, so a planner can move a TOML scenario into Excel. Reading the workbook back
gives the same `Scenario` (packages keep their monthly price; a wage-percent package
is written as the price it works out to).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment

from optimizer.io import excel_layout as L
from optimizer.io.example import teaching_example_id
from optimizer.io.excel_round_trip import verify_round_trip
from optimizer.io.excel_variants import SHEET as VARIAN
from optimizer.io.excel_variants import variant_rows
from optimizer.io.mapping import default_spending_order, scenario_from_mapping
from optimizer.io.xlsx import TITLE_FONT, WHOLE, WRAP, header_row, set_widths, workbook_bytes
from optimizer.scenario import Group, Scenario, Share, Source

INSTRUCTIONS = [
    "Skenario ucj-optimizer dalam Excel",
    "",
    "Isi lembar Wilayah, Paket, Kelompok dan Sumber_Dana; Optimasi, Iuran_Sumber dan Asumsi boleh dibiarkan.",
    "Model bulanan (opsional): bulan_pelaporan (Wilayah), bulan = pilih, maks_bulan, min_berturut,",
    "jendela_awal/jendela_akhir (Kelompok), lembar Tahap_Dana (kapan dana masuk) dan Tumpang_Tindih.",
    "Lembar Varian (opsional): varian skenario untuk compare, satu perubahan per baris.",
    "Baris 1 setiap lembar berisi nama kolom: jangan diubah. Arahkan tetikus ke nama kolom untuk penjelasan.",
    "Uang dalam Rupiah utuh. Angka boleh diketik sebagai angka (1234567) atau teks bertitik (1.234.567).",
    "Persen: ketik 52 pada kolom *_persen, atau 52% (format persen). Batas bawah/atas: orang atau 100%.",
    "Baris kosong dilewati. Sel gabungan (merge) tidak boleh. Rumus boleh bila file disimpan dari Excel.",
    "Id (kode) hanya huruf, angka, - dan _; kolom paket, boleh_untuk dan urutan_belanja memakai id ini.",
    "Periksa: python -m optimizer validate FILE.xlsx   Hitung: python -m optimizer solve FILE.xlsx",
    "Penjelasan lengkap: docs/scenario-format.md, bagian Excel.",
    "",
    "lembar / kolom",
]


def template_bytes(
    scenario: Scenario | None = None,
    variants: Sequence[tuple[dict, Scenario]] = (),
    order_given: bool = False,
) -> bytes:
    """The workbook for `scenario` (the teaching example, notes in Indonesian, when None) and its variants.

    `variants` pairs each `[[variant]]` table with the scenario it gives; `order_given`
    says the file wrote its spending order out (a variant's added source then goes
    first, not to its default place), so it is written even if it is the default. The workbook
    is read back before it is returned: a field that would not survive (a future
    scenario field the Excel format lacks) raises `ScenarioError` instead of being dropped.
    """
    scenario = scenario or scenario_from_mapping(teaching_example_id())
    raw = _workbook(scenario, [table for table, _ in variants], order_given)
    verify_round_trip(raw, scenario, variants)
    return raw


def _workbook(scenario: Scenario, variants: list[dict], order_given: bool) -> bytes:
    wb = Workbook()
    guide = wb.active
    guide.title = L.INSTRUCTIONS
    for line in INSTRUCTIONS:
        guide.append([line])
    guide["A1"].font = TITLE_FONT
    for sheet in (*L.SHEETS, VARIAN):
        guide.append([sheet.name, sheet.help])
        for column in sheet.columns:
            guide.append(["", column.header, column.help])
    set_widths(guide, [16, 24, 80])
    for sheet in L.SHEETS:
        ws = wb.create_sheet(sheet.name)
        if sheet.vertical:
            _vertical(ws, sheet, _vertical_values(scenario, sheet.section, order_given))
        else:
            _table(ws, sheet, _rows(scenario, sheet.section))
    _table(wb.create_sheet(VARIAN.name), VARIAN, [row for v in variants for row in variant_rows(v)])
    return workbook_bytes(wb, scenario.region.year)


def _vertical(ws: Any, sheet: L.Sheet, values: dict[str, Any]) -> None:
    header_row(ws, 1, [L.FIELD, L.VALUE, L.NOTE])
    for row, column in enumerate(sheet.columns, start=2):
        ws.cell(row, 1, column.header)
        cell = ws.cell(row, 2, values.get(column.header))
        if column.kind is L.Kind.WHOLE:
            cell.number_format = WHOLE
        ws.cell(row, 3, column.help)
    set_widths(ws, [24, 36, 70])


def _table(ws: Any, sheet: L.Sheet, rows: list[list[Any]]) -> None:
    header_row(ws, 1, [c.header for c in sheet.columns])
    for col, column in enumerate(sheet.columns, start=1):
        ws.cell(1, col).comment = Comment(column.help, "ucj-optimizer", width=300, height=80)
    for row in rows:
        ws.append(row)
    for col, column in enumerate(sheet.columns, start=1):
        for row in range(2, len(rows) + 2):
            cell = ws.cell(row, col)
            if column.kind is L.Kind.WHOLE:
                cell.number_format = WHOLE
            elif column.header in ("nama", "catatan", "asumsi"):
                cell.alignment = WRAP
    ws.freeze_panes = "A2"
    set_widths(
        ws,
        [
            90 if c.header == "asumsi" else 34 if c.header in ("nama", "catatan") else 18
            for c in sheet.columns
        ],
    )


def _share(share: Share | None) -> Any:
    if share is None:
        return None
    return share.persons if share.persons is not None else f"{share.percent:g}%"


def _vertical_values(s: Scenario, section: str, order_given: bool) -> dict[str, Any]:
    if section == "optimize":
        # The default order is left empty, so a variant's added source takes its default place too.
        default = not order_given and s.spending_order == default_spending_order(s.sources)
        return {
            "tujuan": s.objective.value,
            "ukuran": s.metric.value,
            "urutan_belanja": None if default else ", ".join(s.spending_order),
            "rencana_awal": s.baseline.file if s.baseline else None,
        }
    r = s.region
    split = dict(r.active_split)
    return {
        "nama": r.name,
        "tahun": r.year,
        "penduduk_bekerja": r.workforce,
        "peserta_aktif": None if split else r.active,
        "peserta_aktif_pu": split.get("wage"),
        "peserta_aktif_bpu": split.get("non_wage"),
        "peserta_aktif_jakon": split.get("construction"),
        "persen_terpublikasi": r.published_rate,
        "target_persen": r.target_rate,
        "target_peserta": r.target_participants,
        "bulan_pelaporan": r.reporting_month,
    }


def _rows(s: Scenario, section: str) -> list[list[Any]]:
    """The data rows of the table sheet holding `section`, in its column order (`excel_layout`)."""
    writer = _ROW_WRITERS.get(section)
    if writer is None:
        raise AssertionError(f"no writer for sheet section {section!r}")
    return writer(s)


def _package_rows(s: Scenario) -> list[list[Any]]:
    # persen_upah and upah_dilaporkan stay empty: a package is written as the monthly price it
    # works out to; a Package has no note, so catatan stays empty too.
    return [[p.id, p.name, p.monthly_price, None, None, None] for p in s.packages]


def _price_by_source_rows(s: Scenario) -> list[list[Any]]:
    return [[p.id, sid, price] for p in s.packages for sid, price in p.price_by_source]


def _group_rows(s: Scenario) -> list[list[Any]]:
    return [_group_row(g) for g in s.groups]


def _tranche_rows(s: Scenario) -> list[list[Any]]:
    return [[src.id, t.month, t.share, t.amount] for src in s.sources for t in src.tranches]


def _overlap_rows(s: Scenario) -> list[list[Any]]:
    return [[", ".join(o.groups), o.persons, o.share, None] for o in s.overlaps]


def _source_rows(s: Scenario) -> list[list[Any]]:
    return [_source_row(src) for src in s.sources]


def _assumption_rows(s: Scenario) -> list[list[Any]]:
    return [[a] for a in s.assumptions]


def _group_row(g: Group) -> list[Any]:
    """One row of sheet Kelompok: bulan = pilih puts the month limit in maks_bulan; min_berturut 1
    (the default) and an empty note are left as empty cells."""
    return [
        g.id,
        g.name,
        g.uncovered,
        g.package,
        "pilih" if g.choose_months else g.months,
        g.weight,
        _share(g.floor),
        _share(g.cap),
        g.note or None,
        g.months if g.choose_months else None,
        g.min_run if g.min_run != 1 else None,
        *(g.window or (None, None)),
    ]


def _source_row(src: Source) -> list[Any]:
    """One row of sheet Sumber_Dana, with the words the reader takes (semua, ya, tidak)."""
    return [
        src.id,
        src.name,
        src.kind.value,
        src.budget,
        "semua" if src.eligible is None else ", ".join(src.eligible),
        src.premium_share,
        "ya" if src.top_up else "tidak",
        src.note or None,
    ]


#: The rows of each table sheet, by the section it holds (`excel_layout.SHEETS`).
_ROW_WRITERS: dict[str, Callable[[Scenario], list[list[Any]]]] = {
    "package": _package_rows,
    "price_by_source": _price_by_source_rows,
    "group": _group_rows,
    "tranches": _tranche_rows,
    "overlap": _overlap_rows,
    "source": _source_rows,
    "assumptions": _assumption_rows,
}
