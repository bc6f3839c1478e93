"""The Lagrangian bound (optimizer.lagrangian): never below the proven optimum, at most the LP's,
and what proves coverage near the relaxation on large files."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.tie_breaks import scenario_dict
from optimizer import interchangeable, solve
from optimizer.io.mapping import scenario_from_mapping
from optimizer.monthly.model import build_monthly_program
from optimizer.status import SolveStatus
from optimizer.whole_money import keeps_every_row


def _program(mapping):
    scenario = scenario_from_mapping(mapping)
    return build_monthly_program(scenario, scenario.objective, scenario.metric)


def _bound(program):
    goal = program.goals[0]
    relaxed = solve._solve_stage(program, goal, [], "highs", solve.Limit(60), True)
    return relaxed.bound, solve._lagrangian_bound(program, goal, [], solve.Limit(60), relaxed)


def _one_source(budget: int) -> dict:
    return {
        "region": {
            "name": "Hand",
            "year": 2025,
            "workforce": 1_000,
            "active": 100,
            "target_participants": 150,
        },
        "optimize": {"objective": "max-coverage", "metric": "persons"},
        "package": [{"id": "bpu", "monthly_price": 16_800}],
        "group": [{"id": "g", "uncovered": 100, "package": "bpu", "months": 12}],
        "source": [{"id": "apbd", "kind": "apbd", "budget": budget}],
    }


def test_whole_persons_cost_the_lp_its_fraction_of_a_person():
    # Rp1,000,000 buys 4.96 years of Rp201,600: the LP says 4.96, whole persons 4.
    lp, bound = _bound(_program(_one_source(1_000_000)))
    assert lp == pytest.approx(1_000_000 / 201_600)
    assert math.floor(bound) == 4 and bound < lp


@st.composite
def small_files(draw):
    groups = [
        {
            "id": f"g{i}",
            "uncovered": draw(st.integers(0, 40)),
            "package": draw(st.sampled_from(["p0", "p1"])),
            "months": draw(st.sampled_from([3, 6, 12])),
            "weight": draw(st.sampled_from([1.0, 2.0, 0.5])),
        }
        for i in range(draw(st.integers(1, 5)))
    ]
    for g in groups:
        if draw(st.integers(0, 3)) == 0:
            g["floor"] = draw(st.integers(0, g["uncovered"] // 4))
    sources = []
    for j in range(draw(st.integers(1, 4))):
        s = {"id": f"s{j}", "kind": "apbd" if j == 0 else "csr", "budget": draw(st.integers(0, 3_000_000))}
        if j and draw(st.booleans()):
            s["eligible"] = draw(
                st.lists(st.sampled_from([g["id"] for g in groups]), min_size=1, unique=True)
            )
        sources.append(s)
    return {
        "region": {
            "name": "Acak",
            "year": 2025,
            "workforce": 5_000,
            "active": 100,
            "target_participants": 200,
        },
        "optimize": {"objective": "max-coverage", "metric": "persons"},
        "package": [
            {"id": "p0", "monthly_price": 16_800, "price_by_source": {"s1": 8_400}},
            {"id": "p1", "monthly_price": 10_800},
        ],
        "group": groups,
        "source": sources,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_files())
def test_the_bound_holds_and_is_at_most_the_lps(mapping):
    """Property: the proven optimum <= the Lagrangian bound <= the LP bound (each up to its slack)."""
    program = _program(mapping)
    best = solve.solve_program(program, stages=1)
    if best.status is not SolveStatus.OPTIMAL:
        return  # floors the money cannot pay: no bound to check
    lp, bound = _bound(program)
    assert bound is not None
    assert best.goal_values[0] <= bound + 1e-9
    assert bound <= lp + 1e-6 * max(1.0, abs(lp))


@pytest.mark.parametrize("seed", range(3))
def test_coverage_near_the_relaxation_is_the_plain_optimum(monkeypatch, seed):
    """40 x 24 invented files, whose coverage the bound proves near the relaxation: the same
    coverage and least cost as the plain solve of the unmerged program."""
    program = _program(scenario_dict(40, 24, seed))
    routed = solve.solve_program(program, stages=2)
    monkeypatch.setattr(interchangeable, "MERGE_AT_LEAST", 10**9)
    monkeypatch.setattr(solve, "_near_first_goal", lambda *a: False)
    plain = solve.solve_program(program, stages=2)
    assert routed.status is plain.status is SolveStatus.OPTIMAL
    assert routed.goal_values == pytest.approx(plain.goal_values, abs=1e-9)


def _inconclusive(*args, **kwargs):
    return solve._Stage(SolveStatus.NO_SOLUTION, (), None, None, ())


@pytest.mark.parametrize("size, seed", [((20, 12), 0), ((20, 12), 1), ((40, 24), 0), ((10, 6), 2)])
def test_least_cost_by_spending_caps_is_the_plain_least_cost(monkeypatch, size, seed):
    """The least cost of a proven coverage found as the smallest spending cap that still reaches
    it (the root check made inconclusive so that the caps are asked): the least cost of the usual
    route, on a plan that keeps every row."""
    program = _program(scenario_dict(*size, seed))
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
    monkeypatch.setattr(solve, "_nothing_cheaper", _inconclusive)
    caps = []
    real = solve._with_spend_cap
    monkeypatch.setattr(solve, "_with_spend_cap", lambda *a: caps.append(a[2]) or real(*a))
    capped = solve.solve_program(program, stages=2)
    assert caps, "the caps were not asked"
    monkeypatch.setattr(solve, "_capped_first_goal", lambda *a: False)
    plain = solve.solve_program(program, stages=2)
    assert capped.status is plain.status is SolveStatus.OPTIMAL
    assert capped.goal_values == pytest.approx(plain.goal_values, abs=1e-9)
    assert keeps_every_row(program, capped.values)


def _plain(monkeypatch, program, stages):
    with monkeypatch.context() as m:
        m.setattr(interchangeable, "MERGE_AT_LEAST", 10**9)
        m.setattr(solve, "_near_first_goal", lambda *a: False)
        return solve.solve_program(program, stages=stages)


@pytest.mark.parametrize("near", [(0, 1), (solve.NEAR_RELAXATION, solve.NEAR_RELAXATION_NODES)])
@pytest.mark.parametrize("seed", range(3))
def test_a_capped_coverage_told_the_most_it_can_reach_is_the_plain_one(monkeypatch, seed, near):
    """Coverage under a spending cap at the least cost and a money step below it, told the
    coverage without the cap (`most`: the search ends at a plan reaching it): what the plain
    solve of the capped file proves, the full coverage at the least cost and less below; also
    when the search near the relaxation is cut to the relaxation rounded and one node, so that
    it stops short of the optimum."""
    program = _program(scenario_dict(20, 12, seed))
    coverage, money = program.goals[:2]
    plain = _plain(monkeypatch, program, 2)
    assert plain.status is SolveStatus.OPTIMAL
    best, least = plain.goal_values
    _, rupiah, step = solve.whole_rupiah(money.coeffs, least, program.variables)
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
    monkeypatch.setattr(solve, "NEAR_RELAXATION", near[0])
    monkeypatch.setattr(solve, "NEAR_RELAXATION_NODES", near[1])
    answered = 0
    for cap in (rupiah, rupiah - step):
        capped = solve._with_spend_cap(program, money, cap)
        expected = _plain(monkeypatch, capped, 1)
        assert expected.status is SolveStatus.OPTIMAL
        assert (expected.goal_values[0] == pytest.approx(best)) is (cap == rupiah)
        routed = solve._proven_near_relaxation(capped, coverage, [], solve.Limit(60), None, most=best)
        if routed is not None:
            answered += 1
            assert routed.status is SolveStatus.OPTIMAL
            assert solve.goal_value(coverage, routed.values) == pytest.approx(expected.goal_values[0])
            assert keeps_every_row(capped, routed.values)
    assert answered or near[0] == 0, "the route proved neither cap"
