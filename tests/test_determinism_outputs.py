"""Same input, same bytes for the newer outputs: Excel plans, HTML reports, monthly and multi-year JSON.

Across runs every file is byte-identical. Across solvers (highs, cbc) that reach the
same optimum: the HTML report is byte-identical but for the audit's solver row; the
monthly and multi-year JSON are identical but for the `solver` block (each solver's own
name, version and certificate); the Excel plan is identical cell by cell but for the
Figures sheet's Solver row. Ties are
broken by each model's last goal, "file order" (`optimizer.model.order_goal`).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import BPU, make
from openpyxl import load_workbook

from optimizer.cli import main
from optimizer.io.mapping import scenario_from_mapping
from optimizer.multiyear.horizon import horizon_from_mapping
from optimizer.multiyear.plan import plan_years
from optimizer.multiyear.report import render_multiyear_json
from optimizer.optimize import optimize
from optimizer.report import render_json
from optimizer.scenario import Objective

SOLVERS = ("highs", "cbc")
MONTHLY = ("pasaman-barat-2025-tranches", "pringsewu-2024-election-window", "pacitan-2025-overlap")


def run(tmp_path, *args: str) -> bytes:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}{args[-1]}"
    result = CliRunner().invoke(main, [*args[:-1], "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out.read_bytes()


def run_program(tmp_path, *args: str) -> bytes:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}{args[-1]}"
    command = [sys.executable, "-m", "optimizer", *args[:-1], "--output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    return out.read_bytes()


def without_solver(text: bytes | str) -> dict:
    doc = json.loads(text)
    assert doc.pop("solver")["name"] in SOLVERS
    return doc


def cells(xlsx: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(xlsx))
    return {
        ws.title: [row for row in ws.iter_rows(values_only=True) if row[0] != "Solver"]
        for ws in wb.worksheets
    }


@pytest.mark.parametrize("name", ["teaching-example", "trenggalek-2024", "pasaman-barat-2025-tranches"])
def test_excel_plans_are_byte_identical_across_runs_and_equal_across_solvers(tmp_path, name):
    scenario = f"scenarios/{name}.toml"
    by_solver = {}
    for solver in SOLVERS:
        first, again = (run(tmp_path, "solve", scenario, "--solver", solver, ".xlsx") for _ in range(2))
        assert first == again, solver
        by_solver[solver] = first
    assert cells(by_solver["highs"]) == cells(by_solver["cbc"])


@pytest.mark.parametrize("name", ["teaching-example", "pringsewu-2024-election-window"])
def test_html_reports_are_byte_identical_across_runs_and_solvers(tmp_path, name):
    scenario = f"scenarios/{name}.toml"
    # Each report in its own process, as a planner runs it: inside the long pytest process, at the
    # lowest versions, a CBC tie-break was twice reported "not proven in time" (open bug, see notes).
    pages = [run_program(tmp_path, "report", scenario, "--solver", s, ".html") for s in (*SOLVERS, "highs")]
    assert pages[0] == pages[2]
    # Across solvers, all but the audit trail's row naming the solver that made the plan.
    highs, cbc = (re.sub(rb'<tr class="solver">.*?</tr>', b"", page).split(b">") for page in pages[:2])
    assert [line for line in highs if line not in cbc] == [line for line in cbc if line not in highs] == []


@pytest.mark.parametrize("name", MONTHLY)
def test_monthly_json_is_identical_across_runs_and_solvers(tmp_path, name):
    scenario = f"scenarios/{name}.toml"
    docs = [
        without_solver(run(tmp_path, "solve", scenario, "--solver", s, ".json")) for s in (*SOLVERS, "cbc")
    ]
    assert docs[0]["monthly"] is not None
    assert docs[0] == docs[1] == docs[2]


def test_a_monthly_tie_is_broken_in_file_order_by_both_solvers():
    """Two equal groups, two sources that each pay for exactly 10 persons x 3 months: every
    split is optimal. File order maximises 7 x[a,g0] + 5 x[a,g1] + 3 x[b,g0] + 2 x[b,g1] in
    logs (log 7 + log 2 < log 5 + log 3): source a pays g1, source b pays g0."""
    d = {
        "region": {"name": "x", "year": 2025, "workforce": 1000, "active": 100, "target_rate": 20},
        "package": [{"id": "p", "monthly_price": 16_800}],
        "group": [
            {"id": f"g{i}", "uncovered": 10, "package": "p", "months": 3, "window": [10, 12]}
            for i in range(2)
        ],
        "source": [{"id": sid, "kind": "other", "budget": 10 * 3 * 16_800} for sid in ("a", "b")],
    }
    scenario = scenario_from_mapping(d)
    plans = [optimize(scenario, solver=s) for s in SOLVERS]
    for plan in plans:
        assert plan.monthly is not None
        paid = {(r.source, r.group): r.persons for r in plan.allocations.itertuples() if r.persons}
        assert paid == {("a", "g1"): 10, ("b", "g0"): 10}
    docs = [without_solver(render_json(p)) for p in plans]
    assert docs[0] == docs[1]


def _two_year_tie():
    """Two equal groups and two equal sources over 2025-2026: 20 of 40 persons can be kept."""
    budget = 10 * 12 * BPU
    scenario = make(
        group=[{"id": f"g{i}", "uncovered": 20, "package": "bpu", "months": 12} for i in range(2)],
        source=[{"id": sid, "kind": "other", "budget": budget} for sid in ("a", "b")],
    )
    data = {"horizon": {"years": [2025, 2026], "budgets": {"a": [budget] * 2, "b": [budget] * 2}}}
    return scenario, horizon_from_mapping(data, scenario)


def test_multiyear_json_is_identical_across_runs_and_solvers():
    scenario, horizon = _two_year_tie()
    docs = [
        without_solver(render_multiyear_json(plan_years(scenario, horizon, Objective.MAX_COVERAGE, solver=s)))
        for s in (*SOLVERS, "highs")
    ]
    assert docs[0] == docs[1] == docs[2]
    # 40 person-years is the optimum; which group and which source is the file-order stage's choice.
    years = docs[0]["years"]
    assert [y["paid_by_plan"] for y in years] == [20, 20]


def test_plan_years_command_output_is_byte_identical_across_runs(tmp_path):
    texts = {run(tmp_path, "plan-years", "scenarios/pati-2025-2029.toml", ".json") for _ in range(2)}
    assert len(texts) == 1
