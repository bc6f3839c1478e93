"""plan-years, robust and sweep on the command line: exit codes, JSON fields, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main

PATI = "scenarios/pati-2025-2029.toml"
PASAMAN = "scenarios/pasaman-barat-2025-uncertain.toml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_plan_years_meets_every_pati_target_and_reports_year_by_year(tmp_path):
    out = tmp_path / "pati.json"
    result = run("plan-years", PATI, "--output", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert [y["year"] for y in doc["years"]] == [2025, 2026, 2027, 2028, 2029]
    assert [y["target_rate"] for y in doc["years"]] == pytest.approx([0.4, 0.44, 0.48, 0.52, 0.54], abs=1e-5)
    assert all(y["target_met"] for y in doc["years"])
    # Independent re-check: each year's spend per source within its budget, totals add up.
    for entry in doc["sources"]:
        spent = sum(
            a["cost"]
            for a in doc["allocations"]
            if a["year"] == entry["year"] and a["source"] == entry["source"]
        )
        assert spent == entry["used"] <= entry["premium_budget"]
    assert doc["total_cost"] == sum(y["cost"] for y in doc["years"])
    # Continuity: every 2025 joiner of a kept group is paid in 2029; fishers' public months taper to 4.
    fishers = [a for a in doc["allocations"] if a["group"] == "nelayan" and a["joined"] == 2025]
    assert {a["year"]: a["public_months"] for a in fishers} == {2025: 12, 2026: 8, 2027: 6, 2028: 4, 2029: 4}


def test_plan_years_without_a_horizon_is_bad_input():
    result = run("plan-years", "scenarios/pati-2025.toml")
    assert result.exit_code == 2
    assert "has no [horizon] table" in result.output


def test_robust_json_guarantees_coverage_and_samples_both_plans():
    result = run("robust", PASAMAN, "--samples", "200", "--seed", "3", "--format", "json")
    assert result.exit_code == 0  # max-coverage: missing the target is reported, not an error
    doc = json.loads(result.output)
    assert doc["guaranteed"]["target_met"] is False
    assert doc["samples"]["robust"]["p_as_planned"] == 1.0
    assert doc["guaranteed"]["rate_after"] <= doc["nominal_plan"]["coverage"]["rate_after"]
    budgets = {s["source"]: s for s in doc["robust_plan"]["sources"]}
    assert budgets["dbh-sawit"]["premium_budget"] == 350_000_000  # 70% of 2.5 billion x 20%
    assert budgets["dbh-sawit"]["used"] <= 350_000_000


def test_robust_is_byte_identical_for_the_same_seed():
    a = run("robust", PASAMAN, "--samples", "50", "--seed", "9", "--format", "json").output
    b = run("robust", PASAMAN, "--samples", "50", "--seed", "9", "--format", "json").output
    assert a == b


def test_sweep_csv_has_one_row_per_scenario():
    result = run(
        "sweep",
        PASAMAN,
        "scenarios/teaching-example.toml",
        "--samples",
        "5",
        "--workers",
        "1",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("scenario,region,samples,seed,rate_p5")
    assert len(lines) == 3
    assert lines[2].startswith("scenarios/teaching-example.toml,Kabupaten Contoh (contoh ajar),1,0,0.362,")


def test_bad_uncertainty_is_one_line_with_the_file_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(PASAMAN).read_text().replace("min = 70.0, max = 100.0", "min = 100.0, max = 70.0"))
    result = run("robust", str(bad))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and str(bad) in result.output and "swap them" in result.output


def _id(*args: str):
    return CliRunner().invoke(main, list(args), env={"UCJ_LANG": "id"})


def test_plan_years_speaks_indonesian_with_ucj_lang_id():
    result = _id("plan-years", PATI)
    assert result.exit_code == 0, result.output
    assert "Rp 8.003.856.000" in result.output and "40,00%" in result.output
    assert "Rp8,003,856,000" not in result.output and "40.00%" not in result.output
    assert "tahun" in result.output and "biaya total" in result.output
    english = run("plan-years", PATI, "--lang", "en")
    assert "Rp8,003,856,000" in english.output and "40.00%" in english.output


def test_robust_and_sweep_tables_follow_lang_and_json_stays_english():
    robust = _id("robust", PASAMAN, "--samples", "3")
    assert robust.exit_code == 0, robust.output
    assert "UCJ terjamin    49,62%" in robust.output and "Rp 2.525.954.400" in robust.output
    sweep = _id("sweep", PASAMAN, "--samples", "3", "--workers", "1")
    assert sweep.exit_code == 0, sweep.output
    assert "skenario" in sweep.output
    assert re.search(r" \d\d,\d\d% ", sweep.output) and not re.search(r"\d\.\d\d%", sweep.output)
    doc = json.loads(_id("robust", PASAMAN, "--format", "json").output)
    assert doc["robust_plan"]["coverage"]["rate_after"] == pytest.approx(0.4962, abs=1e-4)
    assert doc["fixed_plan_rule"].startswith("a fixed plan is carried out as written")


def test_plan_years_robust_and_sweep_read_excel_scenarios(tmp_path):
    book = tmp_path / "pati.xlsx"
    assert run("init", "--excel", str(book), "--from", "scenarios/pati-2025.toml").exit_code == 0
    sweep = run("sweep", str(book), "--samples", "2", "--workers", "1", "--format", "json")
    assert sweep.exit_code == 0, sweep.output
    assert json.loads(sweep.output)["scenarios"][0]["region"] == "Kabupaten Pati"
    for command in ("plan-years", "robust"):
        result = run(command, str(book))
        assert result.exit_code == 2, result.output
        (line,) = result.output.strip().splitlines()
        assert "an Excel workbook cannot hold" in line and "is not a known field" not in line
