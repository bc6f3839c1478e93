"""Marginal values: hand-computed tiny cases, and equal to differences of plans solved directly."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import BPU, make

from optimizer.analysis.marginal import BILLION, marginal_values
from optimizer.analysis.parametric import Vertex, concave_vertices
from optimizer.analysis.resolve import with_premium_budget
from optimizer.io import load_scenario
from optimizer.optimize import optimize

A, B = 12 * BPU, 6 * BPU  # Rp201,600 and Rp100,800 per person


def test_source_value_by_hand():
    # Rp5,040,000 buys 50 of group b; one more billion buys the other 50 b and all 100 a.
    plan = optimize(make(source=[{"id": "apbd", "kind": "apbd", "budget": 50 * B}]))
    (v,) = marginal_values(plan).sources
    assert v.gain_per_billion == 150
    assert v.lp_rate_per_billion == pytest.approx(BILLION / B)
    # The LP rate (one person per Rp100,800) holds until group b is covered: 100 x 100,800.
    assert v.lp_rate_holds_up_to == pytest.approx(100 * B, abs=1)


def test_floor_value_by_hand():
    # Floor of 20 in group a costs 20 x 201,600, which would have bought 40 of b: net 20 persons.
    groups = [
        {"id": "a", "uncovered": 100, "package": "bpu", "months": 12, "floor": 20},
        {"id": "b", "uncovered": 100, "package": "bpu", "months": 6},
    ]
    plan = optimize(make(group=groups))
    assert plan.coverage.new_persons == 80
    (f,) = marginal_values(plan).floors
    assert (f.group, f.floor, f.gain_if_dropped) == ("a", 20, 20)
    assert f.lp_cost_per_person == pytest.approx(1.0)


def test_binding_eligibility_by_hand():
    # zakat may pay only for a, capped at 5: Rp1,008,000 is left while b is uncovered. Allowed to pay
    # for b, its Rp2,016,000 buys 20 of b instead of 5 of a: 70 persons instead of 55.
    groups = [
        {"id": "a", "uncovered": 100, "package": "bpu", "months": 12, "cap": 5},
        {"id": "b", "uncovered": 100, "package": "bpu", "months": 6},
    ]
    sources = [
        {"id": "zakat", "kind": "zakat", "budget": 10 * A, "eligible": ["a"]},
        {"id": "apbd", "kind": "apbd", "budget": 50 * B},
    ]
    plan = optimize(make(group=groups, source=sources))
    assert plan.coverage.new_persons == 55
    (e,) = marginal_values(plan).eligibility
    assert (e.source, e.left, e.blocked_groups, e.gain_if_all) == ("zakat", 5 * A, ("b",), 15)


@pytest.mark.parametrize("name", ["teaching-example", "pati-2025"])
def test_source_values_equal_differences_of_plans_solved_directly(name):
    s = load_scenario(f"scenarios/{name}.toml")
    plan = optimize(s)
    m = marginal_values(plan)
    for v in m.sources:
        more = optimize(with_premium_budget(s, v.source, s.source(v.source).premium_budget + BILLION))
        if m.unit == "participants":  # min-cost that misses its target: participants gained
            gained = more.coverage.credited_after - plan.coverage.credited_after
        else:
            gained = more.objective_value - plan.objective_value
        assert v.gain_per_billion == pytest.approx(gained), v.source


def test_floor_value_equals_plan_solved_without_the_floor():
    s = load_scenario("scenarios/pati-2025.toml")
    plan = optimize(s)
    (f,) = marginal_values(plan).floors
    groups = tuple(dataclasses.replace(g, floor=None) if g.id == f.group else g for g in s.groups)
    free = optimize(dataclasses.replace(s, groups=groups))
    assert f.gain_if_dropped == free.coverage.credited_after - plan.coverage.credited_after == 17_040


def test_sandwich_finds_exact_breakpoints():
    def oracle(x: float) -> tuple[float, float]:
        lines = [(2.0, 0.0), (1.0, 3.0), (0.0, 10.0)]  # min(2x, x + 3, 10)
        slope, icpt = min(lines, key=lambda line: line[0] * x + line[1])
        return slope * x + icpt, slope

    assert concave_vertices(oracle, 0.0, 20.0) == (
        Vertex(0.0, 0.0),
        Vertex(3.0, 6.0),
        Vertex(7.0, 10.0),
        Vertex(20.0, 10.0),
    )
