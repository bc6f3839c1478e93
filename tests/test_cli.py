"""The command line: exit codes, output formats, files written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from optimizer.cli import main

TEACHING = "scenarios/teaching-example.toml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_solve_table_shows_coverage_allocation_and_status():
    result = run("solve", TEACHING)
    assert result.exit_code == 0, result.output
    assert "30.00% -> 36.20%" in result.output
    assert "status        optimal" in result.output
    assert "add Rp362,880,000 to apbd" in result.output


def test_min_cost_that_misses_the_target_exits_1_and_still_prints_the_plan():
    result = run("solve", TEACHING, "--objective", "min-cost")
    assert result.exit_code == 1
    assert "target-unreachable" in result.output
    assert "Rp861,120,000" in result.output


def test_json_has_the_documented_fields(tmp_path):
    out = tmp_path / "plan.json"
    result = run("solve", TEACHING, "--output", str(out))
    assert result.exit_code == 0
    doc = json.loads(out.read_text())
    assert set(doc) >= {
        "status",
        "objective",
        "metric",
        "coverage",
        "total_cost",
        "allocations",
        "sources",
        "shortfall",
        "warnings",
    }
    assert set(doc["coverage"]) >= {
        "workforce",
        "active_before",
        "active_after",
        "rate_before",
        "rate_after",
        "target_rate",
    }
    assert set(doc["allocations"][0]) >= {"source", "group", "persons", "months", "cost"}
    assert set(doc["sources"][0]) >= {"budget", "used"}
    assert doc["total_cost"] == sum(a["cost"] for a in doc["allocations"])
    assert doc["coverage"]["active_after"] == 36_200
    assert doc["shortfall"]["extra_budget"] == [{"source": "apbd", "rupiah": 362_880_000}]


def test_json_output_is_byte_identical_across_runs(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    run("solve", TEACHING, "--output", str(a))
    run("solve", TEACHING, "--output", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_csv_is_the_allocation_table():
    result = run("solve", TEACHING, "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0].startswith("source,source_name,group,group_name,persons,months")
    assert len(lines) == 1 + 5


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_solver_option(solver):
    result = run("solve", TEACHING, "--solver", solver, "--format", "json")
    assert json.loads(result.output)["solver"]["name"] == solver


def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[region]\nname = 'x'\n")
    out = tmp_path / "out.json"
    result = run("solve", str(bad), "--output", str(out))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert str(bad) in result.output
    assert not out.exists()


def test_validate_reports_warnings_and_exit_0():
    result = run("validate", "scenarios/pacitan-2025.toml")
    assert result.exit_code == 0
    assert "18.9%" in result.output


def test_help_documents_every_command_and_the_exit_codes():
    result = run("--help")
    assert "Exit codes" in result.output
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help"
        assert name in result.output
    assert "Exit codes" in run("solve", "--help").output
