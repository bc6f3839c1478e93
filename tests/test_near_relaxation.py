"""A min-cost file's least cost, its first goal, starts from a plan near the LP optimum and is
proven as every least-cost stage is (issue 11): HiGHS never searches the whole ranges with the
cost as objective there, and the plan is the one a plain cold solve and CBC give."""

from __future__ import annotations

import pytest

from benchmarks.tie_breaks import scenario_dict
from optimizer import solve
from optimizer.io.mapping import scenario_from_mapping
from optimizer.monthly.model import build_monthly_program
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict
from optimizer.status import SolveStatus


def _min_cost(groups=10, sources=6, seed=0):
    return scenario_from_mapping(scenario_dict(groups, sources, seed, "min-cost"))


def _program(seed):
    scenario = _min_cost(seed=seed)
    program = build_monthly_program(scenario, scenario.objective, scenario.metric)
    assert program.goals[0].name == "cost"
    return program


def test_least_cost_is_never_searched_over_the_whole_ranges(monkeypatch):
    """Fails on the plain cold solve: HiGHS's root over ranges of thousands of persons."""
    searches = []
    real = solve._solve_stage

    def spy(program, goal, held, solver, limit, relax, *args, **more):
        if goal.name == "cost" and not relax:
            narrow = more.get("bounds") is not None
            searches.append(narrow or more.get("feasibility", False) or more.get("cutoff") is not None)
        return real(program, goal, held, solver, limit, relax, *args, **more)

    monkeypatch.setattr(solve, "_solve_stage", spy)
    plan = optimize(_min_cost())
    assert plan.status == "optimal"
    assert searches and all(searches)


@pytest.mark.parametrize("seed", range(3))
def test_the_least_cost_is_the_cold_least_cost(monkeypatch, seed):
    program = _program(seed)
    near = solve.solve_program(program, stages=1)
    monkeypatch.setattr(solve, "_plan_near_relaxation", lambda *a: None)  # the cold solve only
    cold = solve.solve_program(program, stages=1)
    assert near.status is cold.status is SolveStatus.OPTIMAL
    assert near.goal_values == pytest.approx(cold.goal_values, abs=1e-9)


def test_no_plan_near_the_relaxation_falls_back_to_the_cold_solve(monkeypatch):
    program = _program(1)
    cold = solve.solve_program(program, stages=1)
    real = solve._solve_checked

    def nothing_near(*args, bounds=None, **more):
        if bounds is not None:
            return solve._Stage(SolveStatus.INFEASIBLE, (), None, None, ())
        return real(*args, **more)

    monkeypatch.setattr(solve, "_solve_checked", nothing_near)
    fallback = solve.solve_program(program, stages=1)
    assert fallback.status is SolveStatus.OPTIMAL
    assert fallback.goal_values == pytest.approx(cold.goal_values, abs=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_highs_and_cbc_print_the_same_min_cost_plan(seed):
    scenario = _min_cost(seed=seed)
    docs = []
    for solver in ("highs", "cbc"):
        plan = optimize(scenario, solver=solver)
        assert plan.status == "optimal" and not plan.warnings
        doc = plan_to_dict(plan)
        doc.pop("solver")
        docs.append(doc)
    assert docs[0] == docs[1]


def _max_coverage(seed=0, groups=10, sources=6):
    scenario = scenario_from_mapping(scenario_dict(groups, sources, seed))
    return build_monthly_program(scenario, scenario.objective, scenario.metric)


@pytest.mark.parametrize("seed", range(4))
def test_the_proven_coverage_and_least_cost_are_the_cold_ones(monkeypatch, seed):
    """Coverage proven near the relaxation (every program, not only large ones) and least cost
    from there: the same optima as HiGHS's plain solves over the whole ranges."""
    program = _max_coverage(seed)
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
    near = solve.solve_program(program, stages=2)
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 10**9)  # HiGHS alone, whole ranges
    cold = solve.solve_program(program, stages=2)
    assert near.status is cold.status is SolveStatus.OPTIMAL
    assert near.goal_values == pytest.approx(cold.goal_values, abs=1e-9)


@pytest.mark.parametrize(
    ("coeffs", "unit"),
    [((1.0, 2.0), 1.0), ((1.5, 1.0), 0.5), ((0.25, 2.0), 0.25), ((1.0, 2**0.5), None)],
)
def test_the_step_of_a_goal_is_the_rational_gcd_of_its_weights(coeffs, unit):
    from optimizer.model import Goal, Variable
    from optimizer.whole_money import goal_unit

    variables = [Variable(f"x{i}", None, True, None) for i in range(len(coeffs))]
    goal = Goal("coverage", True, tuple(enumerate(coeffs)))
    assert goal_unit(goal, variables) == unit
