"""plan-years as an Excel workbook: one sheet per JSON table, value for value, labels in the
planner's language, the same bytes twice; --format xlsx needs --output (one line, exit 2)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import json_and_workbook, program

SCENARIO = "scenarios/pati-2025-2029.toml"


def _plan_years(*args: str) -> subprocess.CompletedProcess:
    return program("plan-years", SCENARIO, *args)


def test_every_year_allocation_and_source_row_is_the_json_value(tmp_path: Path):
    doc, wb = json_and_workbook(tmp_path / "years.xlsx", "plan-years", SCENARIO)
    assert wb.sheetnames == ["Angka_Rencana", "Tahun", "Alokasi", "Sumber_Dana"]
    yes = {True: "ya", False: "tidak"}
    for sheet, table in (("Tahun", "years"), ("Alokasi", "allocations"), ("Sumber_Dana", "sources")):
        rows = [list(r) for r in wb[sheet].iter_rows(min_row=2, values_only=True)]
        want = [[yes[v] if isinstance(v, bool) else v for v in record.values()] for record in doc[table]]
        assert rows == want, sheet
    figures = dict(wb["Angka_Rencana"].iter_rows(values_only=True))
    assert figures["Biaya total (Rp)"] == doc["total_cost"] == sum(r["cost"] for r in doc["years"])


def test_the_same_plan_gives_the_same_bytes_and_xlsx_needs_a_file(tmp_path: Path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert _plan_years("--output", str(path)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    refused = _plan_years("--format", "xlsx")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == "Error: --format xlsx writes a file: add --output PLAN.xlsx"
