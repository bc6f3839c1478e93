"""Solver trouble gives one clear line and exit 3; a plan cut short is labelled, never 'optimal'."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import highspy
import pulp
import pytest
from click.testing import CliRunner

from optimizer import solve, solve_fast
from optimizer.cli import EXIT_CODES, main
from optimizer.model import Goal
from optimizer.status import SolveStatus

TEACHING = "scenarios/teaching-example.toml"
STATUS = highspy.HighsModelStatus


def run(*args: str):
    result = CliRunner().invoke(main, ["solve", TEACHING, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_error_line(result) -> str:
    assert result.exit_code == 3, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: "), result.output
    return result.output


def test_exit_code_3_is_documented_in_help():
    assert "3  the solver is missing, failed, or stopped before proving optimality" in EXIT_CODES
    assert "3  the solver is missing" in CliRunner().invoke(main, ["solve", "--help"]).output


def test_a_solver_that_is_not_installed():
    if "glpk" in solve.available_solvers():
        pytest.fail("glpk is installed here; this test needs a solver that is not")
    assert "solver 'glpk' is not installed" in one_error_line(run("--solver", "glpk"))


def test_a_missing_cbc_binary(monkeypatch):
    monkeypatch.setattr(solve, "available_solvers", lambda: ["highs"])
    line = one_error_line(run("--solver", "cbc"))
    assert "solver 'cbc' is not installed on this machine; available: highs" in line


@pytest.mark.parametrize(
    ("solver", "error"),
    [
        ("cbc", pulp.PulpSolverError("cbc exited with code -11")),
        ("cbc", RuntimeError("boom")),
        ("highs", None),
    ],
)
def test_a_solver_that_crashes(monkeypatch, solver, error, tmp_path):
    def crash(*args, **kwargs):
        raise error or RuntimeError("boom")

    if solver == "highs":  # HiGHS runs without PuLP (`solve_fast.solve_stage`)
        monkeypatch.setattr(solve_fast, "solve_stage", crash)
    else:
        monkeypatch.setattr(pulp.LpProblem, "solve", crash)
    out = tmp_path / "plan.json"
    line = one_error_line(run("--output", str(out), "--solver", solver))
    assert f"solver '{solver}'" in line and ("failed" in line or "crashed" in line)
    assert not out.exists()


@pytest.mark.parametrize(
    ("status", "word"),
    [(SolveStatus.UNBOUNDED, "unbounded"), (SolveStatus.NO_SOLUTION, "stopped without a plan")],
)
def test_unbounded_or_numerical_trouble(monkeypatch, status, word):
    monkeypatch.setattr(solve, "_read_status", lambda *a: (status, None, None))
    assert word in one_error_line(run())


def test_a_time_limited_plan_is_labelled_not_proven_with_its_gap(monkeypatch, tmp_path):
    read = solve._read_status

    def stopped_early(problem, solver, goal, relax):
        status, gap, bound = read(problem, solver, goal, relax)
        return (SolveStatus.NOT_PROVEN, 0.05, bound) if not relax else (status, gap, bound)

    monkeypatch.setattr(solve, "_read_status", stopped_early)
    out = tmp_path / "plan.json"
    result = run("--output", str(out))
    assert result.exit_code == 3
    doc = json.loads(out.read_text())
    assert doc["status"] == "not-proven-optimal"
    assert doc["solver"]["status"] == "not-proven-optimal" and doc["solver"]["gap"] == 0.05
    table = run("--time-limit", "5")
    assert "status        not-proven-optimal" in table.output and "gap 5.00e-02" in table.output


def fake_highs(status, primal_status: int, gap: float = 0.25, bound: float = 40.0):
    info = SimpleNamespace(
        primal_solution_status=primal_status,
        mip_gap=gap,
        mip_dual_bound=bound,
        objective_function_value=bound,
    )
    return SimpleNamespace(getModelStatus=lambda: status, getInfo=lambda: info)


MAXIMISE = Goal("coverage", True, ())


@pytest.mark.parametrize(
    ("raw", "primal", "expected"),
    [
        (STATUS.kOptimal, 2, SolveStatus.OPTIMAL),
        # PuLP's own HiGHS wrapper calls these two "Optimal": they are not proofs.
        (STATUS.kTimeLimit, 2, SolveStatus.NOT_PROVEN),
        (STATUS.kObjectiveBound, 2, SolveStatus.NOT_PROVEN),
        (STATUS.kSolutionLimit, 2, SolveStatus.NOT_PROVEN),
        (STATUS.kInterrupt, 2, SolveStatus.NOT_PROVEN),
        (STATUS.kTimeLimit, 0, SolveStatus.NO_SOLUTION),
        (STATUS.kIterationLimit, 0, SolveStatus.NO_SOLUTION),
        (STATUS.kInfeasible, 0, SolveStatus.INFEASIBLE),
        (STATUS.kUnbounded, 0, SolveStatus.UNBOUNDED),
        (STATUS.kUnboundedOrInfeasible, 0, SolveStatus.UNBOUNDED),
        (STATUS.kSolveError, 0, SolveStatus.NO_SOLUTION),
        (STATUS.kModelError, 0, SolveStatus.NO_SOLUTION),
    ],
)
def test_highs_status_mapping(raw, primal, expected):
    status, gap, bound = solve._read_status(fake_highs(raw, primal), "highs", MAXIMISE, False)
    assert status is expected
    if expected is SolveStatus.NOT_PROVEN:
        assert gap == 0.25 and bound == -40.0  # HiGHS is handed a minimisation: sign flipped back


def test_a_real_time_limit_never_claims_optimal():
    """With the shortest limit the CLI allows, a plan is either proven or labelled."""
    result = CliRunner().invoke(main, ["solve", "scenarios/pasaman-barat-2025.toml", "--time-limit", "0.1"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if "status        optimal" in result.output:
        assert result.exit_code in (0, 1)
    else:
        assert result.exit_code == 3
        assert "not-proven-optimal" in result.output or "stopped without a plan" in result.output


def test_cbc_infeasible_floors_are_diagnosed_not_a_solver_failure():
    """CBC reports this as status Infeasible with solution status 'none found' (found by hypothesis)."""
    from optimizer.io.mapping import scenario_from_mapping
    from optimizer.optimize import Outcome, optimize

    d = {
        "region": {"name": "A", "year": 2025, "workforce": 100, "active": 90, "target_participants": 90},
        "package": [{"id": "p0", "monthly_price": 8400}],
        "group": [{"id": "g0", "uncovered": 2, "package": "p0", "months": 12, "floor": 2}],
        "source": [{"id": "s0", "budget": 50_400}, {"id": "s1", "budget": 151_200}],
    }
    for solver in ("highs", "cbc"):
        plan = optimize(scenario_from_mapping(d), solver=solver)
        assert plan.outcome == Outcome.FLOORS_UNAFFORDABLE
        assert plan.floor_shortfall.floors == (("g0", 1),)


def test_a_time_limited_best_reachable_plan_is_labelled_not_proven(monkeypatch, tmp_path):
    # min-cost that misses its target shows the best reachable plan; if the solver did not
    # prove that plan, "not proven" must win over "target unreachable" (exit 3, not 1).
    read = solve._read_status

    def stopped_early(problem, solver, goal, relax):
        status, gap, bound = read(problem, solver, goal, relax)
        if status is SolveStatus.OPTIMAL and not relax:  # a proven optimum, as if cut short
            return SolveStatus.NOT_PROVEN, 0.05, bound
        return status, gap, bound

    monkeypatch.setattr(solve, "_read_status", stopped_early)
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(
        main, ["solve", "scenarios/teaching-example.toml", "--objective", "min-cost", "--output", str(out)]
    )
    assert result.exit_code == 3
    doc = json.loads(out.read_text())
    assert doc["status"] == "not-proven-optimal"
    assert doc["shortfall"] is not None


def test_highs_after_another_thread_count_in_the_same_process_still_solves():
    # HiGHS refuses a run with a different thread count than the process's first run
    # (status "Not Set"); the village fast path or any library may have run it first.
    code = (
        "import highspy, numpy as np\n"
        "h = highspy.Highs(); h.setOptionValue('output_flag', False); h.setOptionValue('threads', 2)\n"
        "h.addVar(0, 1); h.run()\n"
        "from optimizer import load_scenario, optimize\n"
        "plan = optimize(load_scenario('scenarios/teaching-example.toml'))\n"
        "print(plan.outcome, plan.coverage.new_persons)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The test's own bare Highs() prints HiGHS's banner (1.16+); our plan is the last line.
    assert done.stdout.splitlines()[-1].split() == ["optimal", "6200"]


def test_a_plan_not_proven_never_says_its_coverage_and_cost_are_proven(monkeypatch, tmp_path):
    """Every stage cut short (the main goal too): the spending-order warning must not claim that
    coverage and cost are proven, and the report shows the gap (5%), not 0.00."""
    read = solve._read_status

    def stopped_early(problem, solver, goal, relax):
        status, gap, bound = read(problem, solver, goal, relax)
        return (SolveStatus.NOT_PROVEN, 0.05, bound) if not relax else (status, gap, bound)

    monkeypatch.setattr(solve, "_read_status", stopped_early)
    doc = json.loads(run("--format", "json", "--time-limit", "5").output)
    assert doc["status"] == "not-proven-optimal"
    assert any("the plan itself is not proven optimal" in w for w in doc["warnings"])
    assert not any("proven optimal, but" in w for w in doc["warnings"])
    page = tmp_path / "r.html"
    args = ["report", TEACHING, "--time-limit", "5", "--no-frontier", "--lang", "id", "--output", str(page)]
    assert CliRunner().invoke(main, args).exit_code == 3
    html = page.read_text(encoding="utf-8")
    assert 'data-key="solver.gap" data-value="0.05">5,00%</td>' in html
    assert "rencana ini sendiri belum terbukti optimal" in html
    compared = CliRunner().invoke(
        main, ["compare", TEACHING, TEACHING, "--time-limit", "5", "--format", "json"]
    )
    assert compared.exit_code == 3, compared.output  # written, but not proven: as solve
    assert {e["status"] for e in json.loads(compared.output)["results"]} == {"not-proven-optimal"}


def test_a_proven_plan_keeps_the_proven_wording():
    from optimizer.outcome import order_warning

    proven = SimpleNamespace(status=SolveStatus.OPTIMAL, unproven=("file-order",))
    cut = SimpleNamespace(status=SolveStatus.NOT_PROVEN, unproven=("file-order",))
    assert [m.key for m in order_warning(proven)] == ["warn.order_not_proven"]
    assert [m.key for m in order_warning(cut)] == ["warn.order_not_proven_either"]
    assert order_warning(SimpleNamespace(status=SolveStatus.OPTIMAL, unproven=())) == ()


def test_report_and_compare_take_time_limit_as_solve_does(tmp_path):
    village = "tests/data/villages/scenario.toml"  # small: solved exactly, so the limit applies
    taken = CliRunner().invoke(
        main, ["report", village, "--time-limit", "5", "--output", str(tmp_path / "v.html")]
    )
    assert taken.exit_code == 0, taken.output
    assert (tmp_path / "v.html").exists()
    for command in (
        ["compare", TEACHING, TEACHING],
        ["report", TEACHING, "--output", str(tmp_path / "r.html")],
    ):
        help_text = CliRunner().invoke(main, [command[0], "--help"]).output
        assert "--time-limit" in help_text
        assert CliRunner().invoke(main, [*command, "--time-limit", "60"]).exit_code == 0


def test_coverage_and_cost_have_a_default_time_limit_too(monkeypatch):
    """Without --time-limit a hard file still ends: its plan is proven, or labelled with its gap."""
    from benchmarks.tie_breaks import scenario_dict
    from optimizer.io.mapping import scenario_from_mapping
    from optimizer.optimize import Outcome, optimize

    monkeypatch.setattr(solve, "MAIN_GOAL_SECONDS", 0.3)
    hard = scenario_from_mapping(scenario_dict(40, 24, 1, "max-coverage"))  # 1-5 s to prove here
    plan = optimize(hard)
    assert plan.outcome in (Outcome.OPTIMAL, Outcome.NOT_PROVEN)
    if plan.outcome == Outcome.NOT_PROVEN:
        assert plan.gap is not None and plan.gap > 0
        assert not any("coverage and cost are proven" in w for w in plan.warnings)
    assert "[default: 300" in CliRunner().invoke(main, ["solve", "--help"]).output


def test_a_frontier_level_not_proven_leaves_the_report_without_its_curve(monkeypatch, tmp_path):
    """The plan is still reported (and exits as the plan does); the page says why there is no curve."""
    from optimizer.errors import SolverError
    from optimizer.html_report import command

    def not_proven(*args, **kwargs):
        raise SolverError("frontier solve ended not-proven-optimal; no proven optimum (try --solver cbc)")

    monkeypatch.setattr(command, "budget_frontier", not_proven)
    page = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", TEACHING, "--output", str(page)])
    assert result.exit_code == 0, result.output
    assert "frontier solve ended not-proven-optimal" in page.read_text(encoding="utf-8")
