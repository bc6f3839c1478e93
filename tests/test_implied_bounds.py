"""Reduced-cost bounds (optimizer.implied_bounds): every whole-person plan that reaches the limit
stays inside them, whatever the multipliers, and None only when no plan reaches it; and proofs
that use them agree with proofs that do not (issue 11)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.tie_breaks import scenario_dict
from optimizer import solve
from optimizer.analysis.resolve import coverage_question, program_of
from optimizer.implied_bounds import implied_bounds
from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import Outcome, optimize
from optimizer.result import violations
from optimizer.scenario import Objective
from optimizer.status import SolveStatus
from tests.test_bruteforce import brute_force, tiny_scenarios


def test_a_hand_computed_bound():
    # min 3x + 5y, x + y >= 4, 0 <= x, y <= 10: the LP optimum is x = 4 (12), the dual of the row is 3,
    # so d = (0, 2). A plan costing at most 13 has 2y <= 1: y = 0; x keeps its range.
    rows = [(((0, 1.0), (1, 1.0)), False, 4.0)]
    objective = ((0, 3.0), (1, 5.0))
    low, high = implied_bounds(rows, objective, 13.0, [3.0], [0, 0], [10, 10], [True, True])
    assert list(low) == [0, 0] and list(high) == [10, 0]
    # At most 14: 2y <= 2, so y <= 1 (x = 3, y = 1 costs exactly 14).
    assert list(implied_bounds(rows, objective, 14.0, [3.0], [0, 0], [10, 10], [True, True])[1]) == [10, 1]
    # At most 11: the bound 12 is above it, so no plan at all.
    assert implied_bounds(rows, objective, 11.0, [3.0], [0, 0], [10, 10], [True, True]) is None


def test_a_continuous_variable_is_not_rounded():
    rows = [(((0, 1.0), (1, 1.0)), False, 4.0)]
    low, high = implied_bounds(rows, ((0, 3.0), (1, 5.0)), 13.0, [3.0], [0, 0], [10, 10], [True, False])
    assert list(high) == [10, 10]  # 2y <= 1 allows y = 0.5: a continuous bound is left alone


@st.composite
def small_programs(draw):
    n = draw(st.integers(1, 3))
    coef = st.integers(-4, 6)
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        coeffs = tuple((i, float(draw(coef))) for i in range(n))
        rows.append((coeffs, draw(st.booleans()), float(draw(st.integers(-5, 15)))))
    objective = tuple((i, float(draw(coef))) for i in range(n))
    upper = [draw(st.integers(0, 4)) for _ in range(n)]
    duals = [draw(st.floats(-3, 3, allow_nan=False)) for _ in rows]
    limit = float(draw(st.integers(-10, 20)))
    return rows, objective, limit, duals, upper


@settings(max_examples=400, deadline=None)
@given(small_programs())
def test_no_plan_that_reaches_the_limit_is_cut_off(program):
    """Brute force over every whole-person plan, with any multipliers (right sign or not)."""
    rows, objective, limit, duals, upper = program
    n = len(upper)
    implied = implied_bounds(rows, objective, limit, duals, [0] * n, upper, [True] * n)
    for x in itertools.product(*(range(u + 1) for u in upper)):
        keeps = all(
            (sum(a * x[i] for i, a in coeffs) <= rhs) if le else (sum(a * x[i] for i, a in coeffs) >= rhs)
            for coeffs, le, rhs in rows
        )
        if not keeps or sum(c * x[i] for i, c in objective) > limit:
            continue
        assert implied is not None, f"{x} reaches the limit, yet no plan was said to"
        low, high = implied
        assert all(low[i] <= x[i] <= high[i] for i in range(n)), (x, low, high)


def _program(groups, sources, seed):
    scenario = scenario_from_mapping(scenario_dict(groups, sources, seed))
    return program_of(scenario, coverage_question(scenario.metric))


@pytest.mark.parametrize("seed", range(3))
def test_least_cost_proofs_with_and_without_the_bounds_agree(monkeypatch, seed):
    """The bounds make the proofs fast (an invented 40 x 24 file: 1.35 s -> 0.03 s); the goals stay
    the same whether every proof uses them or none does."""
    program = _program(12, 8, seed)
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
    with_bounds = solve.solve_program(program, stages=2)
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 10**9)
    without = solve.solve_program(program, stages=2)
    assert with_bounds.status is without.status is SolveStatus.OPTIMAL
    assert with_bounds.goal_values == pytest.approx(without.goal_values, abs=1e-9)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_scenarios())
def test_every_route_of_large_programs_matches_brute_force_on_tiny_ones(data):
    """The routes of large programs (coverage near the relaxation, bounds cut before each proof)
    taken on tiny scenarios whose optimum is known by brute force."""
    s = scenario_from_mapping(data, "random.toml")
    expected, least_short, _ = brute_force(s)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
        plan = optimize(s)
    assert violations(plan) == []
    if least_short > 0 or (s.objective is Objective.MIN_COST and expected is None):
        assert plan.outcome in (Outcome.FLOORS_UNAFFORDABLE, Outcome.TARGET_UNREACHABLE)
        return
    assert plan.outcome == Outcome.OPTIMAL
    assert math.isclose(plan.objective_value, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_unbounded_and_untouched_variables_raise_no_float_warning():
    """A variable without an upper bound or with a zero reduced cost gets no bound, and no
    'invalid value' warning (inf - inf) escapes (a multi-year file's plan-years ended in one)."""
    rows = [(((0, 1.0), (1, 1.0)), False, 1.0)]
    low, high = implied_bounds(rows, ((0, 1.0), (1, 0.0)), 5.0, [0.0], [0, 0], [None, None], [True, True])
    assert list(low) == [0, 0]
    assert high[0] == 5 and high[1] == float("inf")
