"""Excel plans: the Monthly and Marginal_Values sheets hold the JSON's numbers, nothing else."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from optimizer.analysis.marginal import marginal_values, to_dict
from optimizer.cli import main
from optimizer.excel_report.plan import ALLOCATION_FIELDS, plan_workbook_bytes
from optimizer.excel_report.sheets import MARGINAL_TABLES, word
from optimizer.io import load_scenario
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict

TEACHING = "scenarios/teaching-example.toml"
TRANCHES = "scenarios/pasaman-barat-2025-tranches.toml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def section(ws, title: str) -> list[tuple]:
    """Rows below `title` and its header row, up to the next empty row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 2
    out = []
    for r in rows[start:]:
        if all(v is None for v in r):
            break
        out.append(r)
    return out


def pairs(ws) -> dict:
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] is not None}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_monthly_sheet_and_monthly_allocation_columns_equal_the_json(lang):
    plan = optimize(load_scenario(TRANCHES))
    doc = plan_to_dict(plan)["monthly"]
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan, lang)))
    ws = wb[word("sheet.monthly", lang)]
    top = pairs(ws)
    for key in ("reporting_month", "persons_funded", "persons_at_reporting_month"):
        assert top[word(key, lang)] == doc[key]
    months = section(ws, word("months", lang))
    assert [dict(zip(("month", "persons_active", "paid"), r[:3], strict=True)) for r in months] == doc[
        "months"
    ]
    keys = ("source", "month", "arrived_by_end", "paid_by_end")
    assert [dict(zip(keys, r, strict=True)) for r in section(ws, word("by_source", lang))] == doc["sources"]
    # DBH Sawit's tranches: half of Rp2.5 billion x 20% premium share by May, all of it by October
    sawit = {r[1]: r[2] for r in section(ws, word("by_source", lang)) if r[0] == "dbh-sawit"}
    assert (sawit[4], sawit[5], sawit[9], sawit[10]) == (0, 250_000_000, 250_000_000, 500_000_000)
    allocations = plan_to_dict(plan)["allocations"]
    alloc_sheet = wb["Allocation" if lang == "en" else "Alokasi"]
    listed = list(alloc_sheet.iter_rows(values_only=True))[-len(allocations) :]
    fields = (*ALLOCATION_FIELDS, "segment", "first_month", "last_month")
    assert [dict(zip(fields, r, strict=True)) for r in listed] == allocations


def test_marginal_sheet_equals_the_json_marginal_values():
    plan = optimize(load_scenario(TEACHING))
    expected = to_dict(marginal_values(plan))
    assert expected["sources"] and expected["floors"]  # the teaching example has both
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan, "en", marginal_values)))
    assert "Monthly" not in wb.sheetnames  # an annual plan
    ws = wb["Marginal_Values"]
    assert pairs(ws)["Unit"] == expected["unit"] and pairs(ws)["Value of the plan"] == expected["base"]
    for key, fields in MARGINAL_TABLES:
        got = [dict(zip(fields, r, strict=True)) for r in section(ws, word(key, "en"))]
        want = [
            {f: ", ".join(v[f]) if f == "blocked_groups" else v[f] for f in fields} for v in expected[key]
        ]
        assert got == want


def test_marginal_sheet_says_why_when_not_computed():
    plan = optimize(load_scenario(TEACHING))
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan, "id", lambda p: None)))
    rows = list(wb["Nilai_Marjinal"].iter_rows(values_only=True))
    assert rows == [(word("not computed", "id"),)]


def test_cli_xlsx_has_marginal_values_unless_no_marginal_and_is_byte_identical(tmp_path):
    a, b, c = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "c.xlsx"
    assert run("solve", TEACHING, "--output", str(a)).exit_code == 0
    assert run("solve", TEACHING, "--output", str(b)).exit_code == 0
    assert run("solve", TEACHING, "--output", str(c), "--no-marginal").exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert "Marginal_Values" in openpyxl.load_workbook(a).sheetnames
    assert "Marginal_Values" not in openpyxl.load_workbook(c).sheetnames
    doc = json.loads(run("solve", TEACHING, "--format", "json").output)["marginal_values"]
    gains = {r[0]: r[1] for r in section(openpyxl.load_workbook(a)["Marginal_Values"], word("sources", "en"))}
    assert gains == {s["source"]: s["gain_per_billion"] for s in doc["sources"]}
