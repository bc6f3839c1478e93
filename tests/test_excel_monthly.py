"""Monthly fields in scenario workbooks: errors name sheet, row and column; planner habits are read."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest

from optimizer.errors import ScenarioError
from optimizer.io import load_scenario
from optimizer.io.excel_template import template_bytes

TRANCHES = "scenarios/pasaman-barat-2025-tranches.toml"  # Kelompok row 2: pekerja-sawit, bulan = pilih
WINDOW = "scenarios/pringsewu-2024-election-window.toml"  # Kelompok row 3: petugas-pilkada, 9-12
OVERLAP = "scenarios/pacitan-2025-overlap.toml"  # Tumpang_Tindih row 2: nelayan, rt-rw: 600


def workbook(tmp_path: Path, source: str, edit) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(load_scenario(source))))
    edit(wb)
    path = tmp_path / "m.xlsx"
    wb.save(path)
    return path


def cells(sheet: str, **values):
    def edit(wb):
        for cell, value in values.items():
            wb[sheet][cell] = value

    return edit


# Kelompok: E bulan, J maks_bulan, K min_berturut, L jendela_awal, M jendela_akhir.
# Tahap_Dana: A sumber, B bulan, C persen, D jumlah. Tumpang_Tindih: A kelompok, B orang, C persen.
@pytest.mark.parametrize(
    ("source", "edit", "expected"),
    [
        (
            TRANCHES,
            cells("Tahap_Dana", C3=40),
            "sheet Tahap_Dana, row 2, column persen: shares add up to 90%",
        ),
        (
            TRANCHES,
            cells("Tahap_Dana", A3="dbh"),
            "sheet Tahap_Dana, row 3, column sumber: source 'dbh' is not in sheet Sumber_Dana",
        ),
        (
            TRANCHES,
            cells("Tahap_Dana", B3=13),
            "sheet Tahap_Dana, row 3, column bulan: must be between 1 and 12, got 13",
        ),
        (TRANCHES, cells("Tahap_Dana", B3=None), "sheet Tahap_Dana, row 3, column bulan: is empty; fill it"),
        (
            TRANCHES,
            cells("Tahap_Dana", D2=5),
            "sheet Tahap_Dana, row 2, column persen: give either share (percent of the budget) or amount",
        ),
        (
            TRANCHES,
            cells("Tahap_Dana", B3=5),
            "sheet Tahap_Dana, row 2, column persen: names a month twice",
        ),
        (
            TRANCHES,
            cells("Kelompok", E2="pilihan", J2=None),
            "sheet Kelompok, row 2, column bulan: 'pilihan' is neither a number of months (1-12) nor",
        ),
        (
            TRANCHES,
            cells("Kelompok", J3=6),
            'sheet Kelompok, row 3, column maks_bulan: only applies with months = "choose"',
        ),
        (
            TRANCHES,
            cells("Kelompok", K2=0),
            "sheet Kelompok, row 2, column min_berturut: must be between 1 and 12, got 0",
        ),
        (
            TRANCHES,
            cells("Wilayah", B12=13),
            "sheet Wilayah, row 12, column nilai: must be between 1 and 12, got 13",
        ),
        (
            WINDOW,
            cells("Kelompok", M3=None),
            "sheet Kelompok, row 3, column jendela_akhir: is empty; give both jendela_awal and jendela_akhir",
        ),
        (
            WINDOW,
            cells("Kelompok", L3=12, M3=9),
            "sheet Kelompok, row 3, column jendela_awal: starts in month 12 after it ends in month 9",
        ),
        (
            WINDOW,
            cells("Kelompok", L3=0),
            "sheet Kelompok, row 3, column jendela_awal: must be between 1 and 12, got 0",
        ),
        (
            OVERLAP,
            cells("Tumpang_Tindih", A2="nelayan"),
            "sheet Tumpang_Tindih, row 2, column kelompok: must name at least two different groups",
        ),
        (
            OVERLAP,
            cells("Tumpang_Tindih", A2="nelayan, xyz"),
            "sheet Tumpang_Tindih, row 2, column kelompok: group 'xyz' does not exist",
        ),
        (
            OVERLAP,
            cells("Tumpang_Tindih", B2=99_999_999),
            "sheet Tumpang_Tindih, row 2, column orang: puts 99,999,999 of group 'nelayan' in overlaps",
        ),
        (
            OVERLAP,
            cells("Tumpang_Tindih", C2=10),
            "sheet Tumpang_Tindih, row 2, column orang: give either persons (a count) or share",
        ),
    ],
)
def test_monthly_errors_name_sheet_row_and_column(tmp_path, source, edit, expected):
    path = workbook(tmp_path, source, edit)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: {expected}")


def test_planner_habits_in_the_monthly_columns(tmp_path):
    def edit(wb):
        wb["Kelompok"]["E2"] = "PILIH"
        wb["Wilayah"]["B12"] = "12"
        wb["Tahap_Dana"]["C2"] = 0.5  # typed as 50% in a percent-formatted cell
        wb["Tahap_Dana"]["C2"].number_format = "0%"
        wb["Tahap_Dana"]["C3"] = "50"
        wb["Tahap_Dana"].insert_rows(3)  # a blank row between the tranches

    expected = load_scenario(TRANCHES)
    got = load_scenario(workbook(tmp_path, TRANCHES, edit))
    assert dataclasses.replace(got, path="") == dataclasses.replace(expected, path="")
    assert got.groups[0].choose_months and got.sources[0].tranches[0].share == 50.0


def test_amount_tranches_are_read_as_rupiah(tmp_path):
    def edit(wb):
        ws = wb["Tahap_Dana"]
        ws["C2"], ws["C3"] = None, None
        ws["D2"], ws["D3"] = "1.000.000.000", 1_500_000_000  # Indonesian thousands dots as text

    s = load_scenario(workbook(tmp_path, TRANCHES, edit))
    assert [(t.month, t.share, t.amount) for t in s.sources[0].tranches] == [
        (5, None, 1_000_000_000),
        (10, None, 1_500_000_000),
    ]
