"""A village plan as an Excel workbook: the plan's sheets plus one sheet per village table,
every value equal to `solve --format json`, the same bytes twice, and a one-line refusal
for a plan too large for Excel."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner
from conftest import json_and_workbook, program

from optimizer.areas.data import load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.cli import main
from optimizer.excel_report import villages

FIXTURE = "tests/data/villages/scenario.toml"


def _solve(*args: str) -> subprocess.CompletedProcess:
    return program("solve", FIXTURE, *args)


def test_village_sheets_hold_the_json_plan_value_for_value(tmp_path: Path):
    doc, wb = json_and_workbook(tmp_path / "plan.xlsx", "solve", FIXTURE)
    assert wb.sheetnames[-4:] == ["Desa", "Alokasi_Desa", "Kecamatan", "Kabupaten_Kota"]
    for table, title, fields in villages.SHEETS:
        ws = wb[{"sheet.villages": "Desa", "sheet.village_allocation": "Alokasi_Desa",
                 "sheet.districts": "Kecamatan", "sheet.regencies": "Kabupaten_Kota"}[title]]  # fmt: skip
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        # An empty text (a file without kecamatan names) is an empty cell.
        assert rows == [[r[f] if r[f] != "" else None for f in fields] for r in doc["areas"][table]], table
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    paid = sum(r["cost"] for r in doc["areas"]["villages"])
    assert paid == doc["total_cost"] > 0


def test_the_same_plan_gives_the_same_bytes(tmp_path: Path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert _solve("--output", str(path)).returncode in (0, 1)
    assert first.read_bytes() == second.read_bytes()


def test_a_plan_too_large_for_excel_is_refused_in_one_line_and_nothing_is_written(tmp_path, monkeypatch):
    plan = optimize_areas(load_area_scenario(FIXTURE))
    rows = max(len(plan.areas.villages), len(plan.areas.coverage))  # the largest sheet
    monkeypatch.setattr(villages, "MAX_ROWS", rows - 1)
    assert f"{rows:,} rows" in villages.too_many_rows(plan)
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["solve", FIXTURE, "--output", str(out)])
    assert result.exit_code == 2 and "--format csv or json" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()
