"""Sheet Varian: the same variants as [[variant]] tables, errors naming the row, compare and validate."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.errors import ScenarioError
from optimizer.io.excel_export import workbook_from_file
from optimizer.io.variants import load_with_variants

TEACHING = "scenarios/teaching-example.toml"
PATI = "scenarios/pati-2025.toml"
TOML_VARIANTS = """
[[variant]]
name = "APBD +20%"
note = "APBD-P"
budget = { apbd = "+20%" }

[[variant]]
name = "lebih lama"
group = { buruh-tembakau = { months = 12, floor = "50%" } }
source = { csr = { eligible = "all" } }
region = { target_rate = 40.0 }
optimize = { objective = "min-cost" }

[[variant]]
name = "CSR baru"
add_source = [{ id = "csr-2", kind = "csr", budget = 201_600_000, eligible = ["nelayan"] }]
[[variant.add_group]]
id = "penderes"
uncovered = 300
package = "jkk-jkm"
months = "choose"
min_run = 3
window = [6, 12]
"""
#: The same variants as a planner would type them: Indonesian words, numbers as text.
ROWS = [
    ("APBD +20%", "catatan", None, None, "APBD-P"),
    ("APBD +20%", "anggaran", "apbd", None, "+20%"),
    ("lebih lama", "group", "buruh-tembakau", "bulan", 12),
    ("lebih lama", "kelompok", "buruh-tembakau", "batas_bawah", "50%"),
    ("lebih lama", "source", "csr", "boleh_untuk", "semua"),
    ("lebih lama", "region", None, "target_persen", "40"),
    ("lebih lama", "optimize", None, "tujuan", "min-cost"),
    ("CSR baru", "add_source", "csr-2", "jenis", "csr"),
    ("CSR baru", "add_source", "csr-2", "anggaran", "201.600.000"),
    ("CSR baru", "add_source", "csr-2", "boleh_untuk", "nelayan"),
    ("CSR baru", "tambah_kelompok", "penderes", "belum_terlindungi", 300),
    ("CSR baru", "tambah_kelompok", "penderes", "paket", "jkk-jkm"),
    ("CSR baru", "tambah_kelompok", "penderes", "bulan", "pilih"),
    ("CSR baru", "tambah_kelompok", "penderes", "min_berturut", 3),
    ("CSR baru", "tambah_kelompok", "penderes", "jendela_awal", 6),
    ("CSR baru", "tambah_kelompok", "penderes", "jendela_akhir", 12),
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def same(a, b) -> bool:
    return dataclasses.replace(a, path="") == dataclasses.replace(b, path="")


def with_rows(tmp_path: Path, rows) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_from_file(TEACHING)))
    for row in rows:
        wb["Varian"].append(list(row))
    path = tmp_path / "v.xlsx"
    wb.save(path)
    return path


def test_varian_rows_give_the_same_variants_as_toml_tables(tmp_path):
    toml = tmp_path / "v.toml"
    toml.write_text(Path(TEACHING).read_text(encoding="utf-8") + TOML_VARIANTS, encoding="utf-8")
    base, expected = load_with_variants(toml)
    base_x, got = load_with_variants(with_rows(tmp_path, ROWS))
    assert same(base_x, base)
    assert [(v.name, v.note) for v in got] == [(v.name, v.note) for v in expected]
    assert [v.name for v in got] == ["APBD +20%", "lebih lama", "CSR baru"]
    for x, v in zip(got, expected, strict=True):
        assert same(x.scenario, v.scenario), x.name
    # and the overrides did what they say (hand-computed): 558,720,000 x 1.2
    assert got[0].scenario.source("apbd").budget == 670_464_000
    assert got[2].scenario.group("penderes").window == (6, 12)


def test_variants_survive_toml_to_excel_and_back(tmp_path):
    toml = tmp_path / "v.toml"
    toml.write_text(Path(TEACHING).read_text(encoding="utf-8") + TOML_VARIANTS, encoding="utf-8")
    out = tmp_path / "v.xlsx"
    assert run("init", "--excel", str(out), "--from", str(toml)).exit_code == 0
    (_, expected), (_, got) = load_with_variants(toml), load_with_variants(out)
    assert [(v.name, v.note) for v in got] == [(v.name, v.note) for v in expected]
    assert all(same(x.scenario, v.scenario) for x, v in zip(got, expected, strict=True))


def test_compare_and_validate_read_the_varian_sheet(tmp_path):
    out = tmp_path / "pati.xlsx"
    assert run("init", "--excel", str(out), "--from", PATI).exit_code == 0
    from_toml = run("compare", PATI, "--format", "json")
    from_excel = run("compare", str(out), "--format", "json")
    assert from_excel.exit_code == from_toml.exit_code == 0
    assert json.loads(from_excel.output) == json.loads(from_toml.output)
    assert len(json.loads(from_excel.output)["input_changes"]) == 3
    assert run("validate", str(out)).output.startswith(f"{out}: OK (4 groups, 4 sources, 3 variants)")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ("v", "ubah", "apbd", None, 1),
            "sheet Varian, row 2, column jenis: 'ubah' is not one of budget, group",
        ),
        (
            ("v", "group", "nelayan", "tahap", 1),
            "sheet Varian, row 2, column isian: 'tahap' cannot be changed for jenis group; use one of: nama,",
        ),
        (
            ("v", "group", None, "bulan", 6),
            "sheet Varian, row 2, column id: is empty; jenis group needs the id",
        ),
        (("v", "group", "xyz", "bulan", 6), "sheet Varian, row 2, column id: group 'xyz' does not exist"),
        (
            ("v", "group", "nelayan", "bulan", 13),
            "sheet Varian, row 2, column nilai (variant 'v'): must be between 1 and 12, got 13",
        ),
        (
            ("v", "budget", "apbd", None, "banyak"),
            "sheet Varian, row 2, column nilai: 'banyak' is not a budget",
        ),
        (
            ("v", "budget", "apbd", "anggaran", 5),
            "sheet Varian, row 2, column isian: leave it empty for jenis budget",
        ),
        (
            ("v", "region", None, "nama", "X"),
            "sheet Varian, row 2, column isian: 'nama' cannot be changed for",
        ),
        (
            ("v", "group", "nelayan", "bulan", None),
            "sheet Varian, row 2, column nilai: is empty; give the new value",
        ),
        (
            ("v", "group", "nelayan", "jendela_awal", 3),
            "sheet Varian, row 2, column isian: changes one end of the window",
        ),
        (
            ("v", "group", "nelayan", "batas_bawah", 99_999),
            "sheet Varian, row 2, column nilai (variant 'v'): floor 99,999 is more than the 4,000",
        ),
    ],
)
def test_varian_errors_name_row_and_column(tmp_path, row, expected):
    path = with_rows(tmp_path, [row])
    with pytest.raises(ScenarioError) as info:
        load_with_variants(path)
    assert str(info.value).startswith(f"{path}: {expected}")
    result = run("compare", str(path))
    assert result.exit_code == 2 and result.output.count("\n") == 1


def test_repeated_change_is_refused(tmp_path):
    path = with_rows(tmp_path, [("v", "group", "nelayan", "bulan", 6), ("v", "group", "nelayan", "bulan", 7)])
    with pytest.raises(
        ScenarioError, match=r"sheet Varian, row 3, column isian: repeats the change in row 2"
    ):
        load_with_variants(path)


def test_an_error_only_the_base_can_explain_names_the_variant_and_the_base_cell(tmp_path):
    # 12 months in a window the variant sets to 6-12 cannot fit; months come from the base row.
    rows = [("v", "group", "nelayan", "jendela_awal", 6), ("v", "group", "nelayan", "jendela_akhir", 12)]
    with pytest.raises(ScenarioError) as info:
        load_with_variants(with_rows(tmp_path, rows))
    assert "variant 'v': sheet Kelompok, row 4, column bulan: 12 months do not fit in the window 6-12" in str(
        info.value
    )


def test_workbooks_without_the_new_sheets_still_read(tmp_path):
    """Workbooks made before Tahap_Dana, Tumpang_Tindih and Varian existed, or with an empty Varian."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook_from_file(TEACHING)))
    for name in ("Tahap_Dana", "Tumpang_Tindih"):
        wb.remove(wb[name])
    wb["Varian"].delete_rows(1)
    path = tmp_path / "old.xlsx"
    wb.save(path)
    base, variants = load_with_variants(path)
    assert variants == () and same(base, load_with_variants(TEACHING)[0])
