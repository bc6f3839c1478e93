"""Money and percentages as planners write them, in TOML and in Excel scenarios; errors list the forms."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from optimizer.errors import ScenarioError
from optimizer.io import load_scenario
from optimizer.io.excel_template import template_bytes
from optimizer.io.money import MONEY_FORMS, NotAnAmount, parse_percent, parse_rupiah

ROOT = Path(__file__).resolve().parents[1]
TEACHING = ROOT / "scenarios" / "teaching-example.toml"
ONE_AND_A_HALF = [
    "Rp 1.500.000.000",
    "Rp1.500.000.000",
    "1.500.000.000",
    "1,500,000,000",
    "1 500 000 000",
    "1,5 M",
    "1,5 miliar",
    "1,5 milyar",
    "Rp 1,5 M",
    "Rp1,5 miliar",
    "1.5 billion",
    "1.5 M",
    "1.500 juta",
    "1500 jt",
]
PERCENTS = [("45%", 45.0), ("45,5 %", 45.5), ("45.5", 45.5), ("52,15%", 52.15), ("100 %", 100.0)]


@pytest.mark.parametrize("text", ONE_AND_A_HALF)
def test_every_money_form(text):
    assert parse_rupiah(text) == 1_500_000_000


@pytest.mark.parametrize(("text", "value"), PERCENTS)
def test_every_percent_form(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize("text", ["banyak", "1,5 apel", "Rp", "1,5", "Rp 1,0000000005 miliar", "1.5.0 M"])
def test_a_bad_amount_says_which_forms_are_accepted(text):
    with pytest.raises(NotAnAmount) as info:
        parse_rupiah(text)
    message = str(info.value)
    assert repr(text) in message
    assert MONEY_FORMS in message or "not a whole number of Rupiah" in message


def _toml(tmp_path: Path, budget: str, target: str) -> Path:
    text = TEACHING.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^budget = 558_720_000", f'budget = "{budget}"', text)
    text = re.sub(r"(?m)^target_rate = 38.0", f'target_rate = "{target}"', text)
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", ONE_AND_A_HALF)
def test_toml_reads_every_form(tmp_path, text):
    s = load_scenario(_toml(tmp_path, text, "38,5 %"))
    assert s.sources[2].budget == 1_500_000_000
    assert s.region.target_rate == 38.5


def _xlsx(tmp_path: Path, budget: str, target: str) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(load_scenario(TEACHING))))
    wb["Sumber_Dana"]["D4"] = budget
    wb["Wilayah"]["B10"] = target
    path = tmp_path / "s.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("text", ONE_AND_A_HALF)
def test_excel_reads_every_form(tmp_path, text):
    s = load_scenario(_xlsx(tmp_path, text, "38,5 %"))
    assert s.sources[2].budget == 1_500_000_000
    assert s.region.target_rate == 38.5


def test_errors_name_the_field_and_list_the_forms(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(_toml(tmp_path, "satu setengah miliar", "38"))
    assert "field 'budget'" in str(info.value) and MONEY_FORMS in str(info.value)
    with pytest.raises(ScenarioError) as info:
        load_scenario(_xlsx(tmp_path, "1,5 M", "tiga puluh delapan"))
    assert "sheet Wilayah, row 10" in str(info.value) and '"45,5 %"' in str(info.value)


def test_variant_budget_in_planner_form(tmp_path):
    from optimizer.io.variants import load_with_variants

    text = (
        TEACHING.read_text(encoding="utf-8")
        + '\n[[variant]]\nname = "lebih"\nbudget = { apbd = "Rp 1,5 M" }\n'
    )
    path = tmp_path / "v.toml"
    path.write_text(text, encoding="utf-8")
    (variant,) = load_with_variants(path)[1]
    assert variant.scenario.source("apbd").budget == 1_500_000_000


def test_template_notes_are_indonesian_and_plan_sheets_print():
    from optimizer.excel_report.plan import plan_workbook_bytes
    from optimizer.optimize import optimize

    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    notes = [r[8] for r in wb["Kelompok"].iter_rows(min_row=2, values_only=True)]
    assert "Satu-satunya kelompok yang boleh dibiayai DBH-CHT." in notes
    assumptions = [r[0] for r in wb["Asumsi"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert assumptions and all("(asumsi)" in a and "Invented" not in a for a in assumptions)
    assert "kosongkan untuk jenis budget" in wb["Varian"]["D1"].comment.text
    plan = optimize(load_scenario(TEACHING))
    out = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan, "id")))
    for ws in out.worksheets:
        assert ws.print_area and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert out["Sumber_Dana"].freeze_panes == "B2" and out["Sumber_Dana"].print_title_rows == "$1:$1"
    assert out["Alokasi"].page_setup.orientation == "landscape"
