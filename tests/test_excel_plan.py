"""Excel plans: plain values equal to the JSON to the Rupiah, Rupiah formats, byte-identical files."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.excel_report.plan import plan_workbook_bytes
from optimizer.io import load_scenario
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict

TEACHING = "scenarios/teaching-example.toml"


def run(*args: str, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def rows(ws):
    return [r for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("path", [TEACHING, "scenarios/pati-2025.toml"])
def test_workbook_numbers_equal_the_json(path):
    plan = optimize(load_scenario(path))
    doc = plan_to_dict(plan)
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan, "id")))
    assert wb.sheetnames == ["Ringkasan", "Angka_Rencana", "Alokasi", "Sumber_Dana", "Kelompok"]
    summary = {r[0]: r[1] for r in rows(wb["Angka_Rencana"]) if r[0]}
    assert summary["Biaya total (Rp)"] == doc["total_cost"]
    assert summary["Peserta aktif sesudah"] == doc["coverage"]["active_after"]
    assert summary["UCJ sesudah"] == doc["coverage"]["rate_after"]
    extras = [r[1] for r in rows(wb["Angka_Rencana"]) if r[0] == "Tambahan anggaran (Rp)"]
    assert extras == [e["rupiah"] for e in (doc["shortfall"] or {"extra_budget": []})["extra_budget"]]
    # long allocation table: the last len(allocations) rows of Alokasi
    alloc = rows(wb["Alokasi"])[-len(doc["allocations"]) :]
    keys = ("source", "group", "persons", "months", "person_months", "monthly_price", "cost", "credit")
    assert [dict(zip(keys, r, strict=True)) for r in alloc] == doc["allocations"]
    # the Rupiah matrix: every cell is the JSON cost of that pair, totals add up to total_cost
    all_rows = rows(wb["Alokasi"])
    start = next(
        i for i, r in enumerate(all_rows) if r[0] == "Rupiah per sumber (baris) dan kelompok (kolom)"
    )
    header = all_rows[start + 1]
    groups = [g["group"] for g in doc["groups"]]
    assert list(header[1 : len(groups) + 1]) == groups
    cost = {(a["source"], a["group"]): a["cost"] for a in doc["allocations"]}
    for r in all_rows[start + 2 : start + 2 + len(doc["sources"])]:
        assert list(r[1 : len(groups) + 1]) == [cost.get((r[0], g), 0) for g in groups]
    total_row = all_rows[start + 2 + len(doc["sources"])]
    assert total_row[len(groups) + 1] == doc["total_cost"]
    sources = rows(wb["Sumber_Dana"])[1:]
    assert [r[3:7] for r in sources] == [
        (s["budget"], s["premium_budget"], s["used"], s["left"]) for s in doc["sources"]
    ]
    groups_rows = rows(wb["Kelompok"])[1:]
    assert [r[5] for r in groups_rows] == [g["covered"] for g in doc["groups"]]


def test_plan_workbook_has_rupiah_formats_and_no_formulas():
    plan = optimize(load_scenario(TEACHING))
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan)))
    assert wb.sheetnames == ["Summary", "Figures", "Allocation", "Sources", "Groups"]
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    assert wb["Sources"]["D2"].number_format == '"Rp" #,##0'
    summary = wb["Figures"]
    cost_row = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "Total cost (Rp)")
    assert summary.cell(cost_row, 2).number_format == '"Rp" #,##0'


def test_xlsx_output_is_byte_identical_across_runs_and_stamped_with_the_plan_year(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("solve", TEACHING, "--output", str(a)).exit_code == 0
    assert run("solve", TEACHING, "--format", "xlsx", "--output", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    core = zipfile.ZipFile(a).read("docProps/core.xml").decode()
    assert "2025-01-01T00:00:00Z" in core


def test_xlsx_needs_an_output_file():
    result = run("solve", TEACHING, "--format", "xlsx")
    assert result.exit_code == 2 and "--output" in result.output


def test_lang_changes_tables_and_workbooks_but_never_the_json(tmp_path):
    en = run("solve", TEACHING, "--format", "json")
    ind = run("solve", TEACHING, "--format", "json", "--lang", "id")
    assert en.output == ind.output
    table = run("solve", TEACHING, env={"UCJ_LANG": "id"}).output
    assert "Cakupan UCJ   30,00% -> 36,20%" in table
    assert "tambah Rp 362.880.000 ke apbd" in table
    bad = run("solve", TEACHING, "--lang", "fr")
    assert bad.exit_code == 2
    json.loads(en.output)
