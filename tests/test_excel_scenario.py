"""Excel scenario workbooks: template, round trip to the same plan, errors naming sheet/row/column."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from optimizer.areas.data import is_area_file
from optimizer.cli import main
from optimizer.errors import ScenarioError
from optimizer.io import load_scenario
from optimizer.io.example import TEACHING_EXAMPLE
from optimizer.io.excel_template import template_bytes
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.variants import load_with_variants
from optimizer.monthly.months import uses_monthly_model

TEACHING = "scenarios/teaching-example.toml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def same(a, b) -> bool:
    return dataclasses.replace(a, path="") == dataclasses.replace(b, path="")


def workbook(tmp_path: Path, edit=None, source: str = TEACHING) -> Path:
    """The template of `source`, changed by `edit(wb)`, saved as tmp_path/s.xlsx."""
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(load_scenario(source))))
    if edit:
        edit(wb)
    path = tmp_path / "s.xlsx"
    wb.save(path)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


def test_embedded_teaching_example_equals_the_toml_file():
    assert same(scenario_from_mapping(TEACHING_EXAMPLE), load_scenario(TEACHING))


# Village-level scenarios ([areas]) keep their villages in CSV files, not in the workbook.
SCENARIO_CASES = sorted(p for p in Path("scenarios").glob("*.toml") if not is_area_file(p))
MONTHLY_CASES = [p for p in SCENARIO_CASES if uses_monthly_model(load_scenario(p))]


@pytest.mark.parametrize("path", SCENARIO_CASES, ids=lambda p: p.stem)
def test_every_bundled_scenario_survives_toml_to_excel_and_back(path, tmp_path):
    out = tmp_path / "x.xlsx"
    assert run("init", "--excel", str(out), "--from", str(path)).exit_code == 0
    assert same(load_scenario(out), load_scenario(path))
    base, variants = load_with_variants(path)
    base_x, variants_x = load_with_variants(out)
    assert same(base_x, base)
    assert [(v.name, v.note) for v in variants_x] == [(v.name, v.note) for v in variants]
    assert all(same(x.scenario, v.scenario) for x, v in zip(variants_x, variants, strict=True))


def test_the_monthly_scenarios_are_bundled():
    assert len(MONTHLY_CASES) >= 3  # overlap, tranches, election window


@pytest.mark.parametrize("path", MONTHLY_CASES, ids=lambda p: p.stem)
def test_monthly_round_trip_gives_the_same_plan_json(path, tmp_path):
    out = tmp_path / "m.xlsx"
    assert run("init", "--excel", str(out), "--from", str(path)).exit_code == 0
    from_toml = run("solve", str(path), "--format", "json", "--no-marginal")
    from_excel = run("solve", str(out), "--format", "json", "--no-marginal")
    assert from_excel.exit_code == from_toml.exit_code
    doc = _without_audit(from_excel.output)
    assert doc == _without_audit(from_toml.output) and "monthly" in doc


def test_init_template_is_the_teaching_example_and_solves_to_the_hand_computed_plan(tmp_path):
    out = tmp_path / "contoh.xlsx"
    result = run("init", "--excel", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:1] == ["Petunjuk"]
    assert {"Wilayah", "Paket", "Kelompok", "Sumber_Dana", "Optimasi", "Asumsi"} <= set(wb.sheetnames)
    assert wb["Kelompok"]["G1"].value == "batas_bawah" and wb["Kelompok"]["G1"].comment is not None
    doc = json.loads(run("solve", str(out), "--format", "json").output)
    assert doc["coverage"]["active_after"] == 36_200  # worked out by hand in the TOML's comments
    assert doc["total_cost"] == 861_120_000


def test_init_refuses_to_overwrite_and_wrong_extension(tmp_path):
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"keep")
    result = run("init", "--excel", str(out))
    assert result.exit_code == 2 and "file exists" in result.output
    assert out.read_bytes() == b"keep"
    assert run("init", "--excel", str(tmp_path / "a.toml")).exit_code == 2


def test_pati_round_trip_gives_the_same_plan_json(tmp_path):
    out = tmp_path / "pati.xlsx"
    run("init", "--excel", str(out), "--from", "scenarios/pati-2025.toml")
    from_toml = run("solve", "scenarios/pati-2025.toml", "--format", "json")
    from_excel = run("solve", str(out), "--format", "json")
    assert from_toml.exit_code == from_excel.exit_code == 1  # target-unreachable, as documented
    assert _without_audit(from_excel.output) == _without_audit(from_toml.output)


def _without_audit(text: str) -> dict:
    """The plan JSON but its audit trail (which names the file read, and its checksum)."""
    doc = json.loads(text)
    assert doc.pop("audit")["scenario_sha256"]
    return doc


def _set(sheet: str, cell: str, value, fmt: str | None = None):
    def edit(wb):
        wb[sheet][cell] = value
        if fmt:
            wb[sheet][cell].number_format = fmt

    return edit


# Kelompok rows: 2 buruh-tembakau, 3 rt-rw, 4 nelayan; columns C uncovered, D paket, G batas_bawah.
# Wilayah rows: 2 nama, 3 tahun, 4 penduduk_bekerja, 5 peserta_aktif ... 10 target_persen; value in B.
@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set("Kelompok", "G3", "banyak"),
            "sheet Kelompok, row 3, column batas_bawah: 'banyak' is neither a person count nor a share",
        ),
        (
            _set("Kelompok", "G3", 5000),
            "sheet Kelompok, row 3, column batas_bawah: floor 5,000 is more than the 1,200 uncovered",
        ),
        (_set("Kelompok", "D2", None), "sheet Kelompok, row 2, column paket: is missing"),
        (_set("Kelompok", "D4", "jht"), "sheet Kelompok, row 4, column paket: package 'jht' does not exist"),
        (
            _set("Kelompok", "E4", 13),
            "sheet Kelompok, row 4, column bulan: must be between 1 and 12, got 13",
        ),
        (
            _set("Wilayah", "B4", "seratus ribu"),
            "sheet Wilayah, row 4, column nilai: must be a whole number of persons, got text 'seratus ribu'",
        ),
        (
            _set("Wilayah", "B4", "100,000"),
            "sheet Wilayah, row 4, column nilai: must be a whole number of persons, got text '100,000'",
        ),
        (_set("Wilayah", "B4", None), "sheet Wilayah, row 4, column nilai: is missing"),
        (lambda wb: wb["Wilayah"].delete_rows(4), "sheet Wilayah, field penduduk_bekerja: is missing"),
        (
            _set("Sumber_Dana", "E2", "buruh, nelayan"),
            "sheet Sumber_Dana, row 2, column boleh_untuk: group 'buruh' does not exist",
        ),
        (
            _set("Sumber_Dana", "G4", "mungkin"),
            "sheet Sumber_Dana, row 4, column boleh_ditambah: must be true",
        ),
        (_set("Kelompok", "J1", "xyz"), "sheet Kelompok, row 1, column J: column 'xyz' is not known here"),
        (_set("Kelompok", "C3", "=A1*2"), "sheet Kelompok, cell C3: formula without a cached value"),
        (_set("Optimasi", "B3", "heads"), "sheet Optimasi, row 3, column nilai: 'heads' is not one of"),
        (lambda wb: wb.remove(wb["Kelompok"]), "sheet Kelompok is missing; start from the template"),
        (lambda wb: wb["Kelompok"].merge_cells("D2:D4"), "sheet Kelompok: cells D2:D4 are merged"),
        (
            lambda wb: wb["Iuran_Sumber"].append(["jkk-jkm", "baznas", 8400]),
            "sheet Iuran_Sumber, row 2, column sumber: source 'baznas' does not exist",
        ),
    ],
)
def test_errors_name_file_sheet_row_and_column(tmp_path, edit, expected):
    path = workbook(tmp_path, edit)
    assert error_of(path).startswith(f"{path}: {expected}")


def test_cli_bad_workbook_is_one_line_exit_2_and_writes_nothing(tmp_path):
    path = workbook(tmp_path, _set("Kelompok", "G3", "banyak"))
    out = tmp_path / "plan.xlsx"
    result = run("solve", str(path), "--output", str(out))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "sheet Kelompok, row 3, column batas_bawah" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.xlsx", b"[region]\nname = 'x'\n", "is a text file (CSV or HTML?), not an Excel workbook"),
        ("empty.xlsx", b"", "file is empty; start from the template"),
        ("junk.xlsx", b"\x01\x02\x00binary", "is not an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "old Excel 97-2003 .xls file; save it as Excel Workbook (.xlsx)"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert error_of(path) == f"{path}: {expected}" or expected in error_of(path)


def test_planner_habits_are_accepted(tmp_path):
    """Indonesian thousands dots, % formatted cells, blank rows, ya/semua: the same scenario."""

    def edit(wb):
        wb["Sumber_Dana"]["D4"] = "558.720.000"  # text with Indonesian thousands dots
        wb["Sumber_Dana"]["D3"] = "Rp 100.800.000"
        wb["Wilayah"]["B10"] = 0.38  # typed as 38% in a percent-formatted cell
        wb["Wilayah"]["B10"].number_format = "0%"
        wb["Kelompok"]["G3"] = 1  # 100% as a percent-formatted number
        wb["Kelompok"]["G3"].number_format = "0%"
        wb["Kelompok"].insert_rows(3, 2)  # blank rows in the middle are skipped
        wb["Kelompok"]["C2"] = "3000"
        wb["Sumber_Dana"]["G4"] = "YA"

    assert same(load_scenario(workbook(tmp_path, edit)), load_scenario(TEACHING))


def test_row_numbers_count_blank_rows(tmp_path):
    def edit(wb):
        wb["Kelompok"].insert_rows(3, 2)  # rt-rw moves from row 3 to row 5
        wb["Kelompok"]["E5"] = 0

    assert "sheet Kelompok, row 5, column bulan: must be between 1 and 12, got 0" in error_of(
        workbook(tmp_path, edit)
    )
