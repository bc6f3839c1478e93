"""Uncertain inputs: the robust plan, execution of a fixed plan, sampling."""

from __future__ import annotations

import pytest
from conftest import BPU, make

from optimizer.errors import ScenarioError
from optimizer.optimize import optimize
from optimizer.scenario import Metric
from optimizer.uncertainty.ranges import Draw, draw, realise, uncertainty_from_mapping
from optimizer.uncertainty.robust import execute, plan_persons, robust_plan, sample_fixed_plan

YEAR = 12 * BPU


def two_sources():
    # DBH pays only for a (12 months), APBD for anyone; DBH realisation 70-100%, a's headcount 90-110%.
    scenario = make(
        group=[
            {"id": "a", "uncovered": 100, "package": "bpu", "months": 12},
            {"id": "b", "uncovered": 100, "package": "bpu", "months": 6},
        ],
        source=[
            {"id": "dbh", "kind": "dbh-sawit", "budget": 100 * YEAR, "eligible": ["a"]},
            {"id": "apbd", "kind": "apbd", "budget": 50 * 6 * BPU},
        ],
    )
    u = uncertainty_from_mapping(
        {
            "uncertainty": {
                "budget": {"dbh": {"min": 70.0, "max": 100.0}},
                "uncovered": {"a": {"min": 90, "max": 110}},
            }
        },
        scenario,
    )
    return scenario, u


def test_robust_plan_is_the_worst_case_optimum():
    # Worst case: DBH 70 x 201,600 buys 70 of a (a has 90 at least); APBD buys 50 of b.
    scenario, u = two_sources()
    plan = robust_plan(scenario, u)
    assert plan_persons(plan) == {("dbh", "a"): 70, ("apbd", "b"): 50}
    assert plan.coverage.active_after == 3_120
    # The nominal plan buys 100 of a from DBH.
    assert plan_persons(optimize(scenario))[("dbh", "a")] == 100


def test_robust_plan_never_exceeds_any_budget_or_headcount_in_any_sample():
    scenario, u = two_sources()
    planned = plan_persons(robust_plan(scenario, u))
    for i in range(300):
        realised = realise(scenario, draw(u, 7, i))
        done = execute(realised, planned)
        assert done.as_planned, i
        for s in realised.sources:
            assert done.spend[s.id] <= s.premium_budget
        for g in realised.groups:
            assert sum(n for (_, gid), n in planned.items() if gid == g.id) <= g.uncovered
    summary = sample_fixed_plan(scenario, u, planned, Metric.PERSONS, 300, 7)
    assert summary.p_as_planned == 1.0
    assert summary.rate_percentiles[0][1] == pytest.approx(0.312)


def test_a_fixed_plan_is_cut_pro_rata_when_money_falls_short():
    scenario, u = two_sources()
    # DBH at 75%: 75 x 201,600 pays 75 of the planned 100 persons of a; a's headcount at 100%.
    realised = realise(scenario, Draw((("dbh", 75.0),), (("a", 100.0),), 100.0))
    done = execute(realised, {("dbh", "a"): 100, ("apbd", "b"): 50})
    assert done.persons == {("dbh", "a"): 75, ("apbd", "b"): 50}
    assert not done.as_planned
    # Headcount first: a at 90% leaves 90 persons; 90 x 201,600 is within 95% of DBH.
    realised = realise(scenario, Draw((("dbh", 95.0),), (("a", 90.0),), 100.0))
    assert execute(realised, {("dbh", "a"): 100}).persons == {("dbh", "a"): 90}


def test_samples_are_the_same_whatever_the_order():
    scenario, u = two_sources()
    forward = [draw(u, 3, i) for i in range(20)]
    backward = [draw(u, 3, i) for i in reversed(range(20))]
    assert forward == backward[::-1]
    assert all(70 <= dict(d.budget)["dbh"] <= 100 for d in forward)


def test_nominal_plan_sampled_analysis_matches_an_independent_count():
    # Nominal plan: 100 of a from DBH. Target 35% = 3,500 is never met (at most 3,150);
    # coverage = 3,000 + 50 + floor(min(100, 100 x u_dbh%, head_a)) with u uniform on 70..100.
    scenario, u = two_sources()
    planned = plan_persons(optimize(scenario))
    summary = sample_fixed_plan(scenario, u, planned, Metric.PERSONS, 200, 11)
    expected = []
    for i in range(200):
        d = draw(u, 11, i)
        head = int(100 * dict(d.uncovered)["a"] // 100)
        budget_persons = int(100 * YEAR * dict(d.budget)["dbh"] / 100) // YEAR
        expected.append((3_000 + planned[("apbd", "b")] + min(100, head, budget_persons)) / 10_000)
    assert summary.p_target == 0.0
    assert summary.rate_mean == pytest.approx(sum(expected) / 200, abs=1e-6)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"budget": {"nope": {"min": 70, "max": 100}}}, "source 'nope' does not exist"),
        ({"budget": {"dbh": {"min": 100, "max": 70}}}, "swap them"),
        ({"budget": {"dbh": {"min": 70, "max": 100, "mode": 60}}}, "at least 70"),
        ({"uncovered": {"a": {"low": 1}}}, "is not a known field"),
        ({"colour": 1}, "is not a known field"),
    ],
)
def test_bad_uncertainty_fields_are_named(table, message):
    scenario, _ = two_sources()
    with pytest.raises(ScenarioError, match=message):
        uncertainty_from_mapping({"uncertainty": table}, scenario)
