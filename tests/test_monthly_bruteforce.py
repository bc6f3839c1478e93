"""The monthly program agrees with exhaustive enumeration, and with the annual model where both apply."""

from __future__ import annotations

import itertools
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bruteforce import tiny_scenarios

from optimizer.io.mapping import scenario_from_mapping
from optimizer.monthly.months import Run, available_by, reporting_month, run_credit, runs_of
from optimizer.monthly.result import monthly_violations
from optimizer.optimize import optimize
from optimizer.scenario import Objective

PRICE = 16_800


@st.composite
def tiny_monthly(draw) -> dict:
    groups = []
    for i in range(draw(st.integers(1, 2))):
        first = draw(st.integers(9, 12))
        group = {"id": f"g{i}", "uncovered": draw(st.integers(0, 2)), "package": "p", "window": [first, 12]}
        if draw(st.booleans()):
            group["months"] = "choose"
            group["min_run"] = draw(st.integers(1, min(2, 13 - first)))
        else:
            group["months"] = draw(st.integers(1, 13 - first))
        groups.append(group)
    sources = []
    for j in range(draw(st.integers(1, 2))):
        source = {
            "id": f"s{j}",
            "kind": draw(st.sampled_from(["apbd", "csr"])),
            "budget": draw(st.integers(0, 6)) * PRICE,
        }
        if draw(st.booleans()):
            early = draw(st.sampled_from([0, 25, 50]))
            source["tranches"] = [{"month": 10, "share": early}, {"month": 11, "share": 100 - early}]
        if draw(st.booleans()):
            source["eligible"] = [draw(st.sampled_from([g["id"] for g in groups]))]
        sources.append(source)
    return {
        "region": {
            "name": "Acak",
            "year": 2025,
            "workforce": 100,
            "active": 10,
            "target_rate": 50.0,
            "reporting_month": draw(st.integers(10, 12)),
        },
        "optimize": {
            "objective": "max-coverage",
            "metric": draw(st.sampled_from(["persons", "person-months", "branch-credit"])),
        },
        "package": [{"id": "p", "monthly_price": PRICE}],
        "group": groups,
        "source": sources,
    }


def brute_force(s) -> float:
    """Best coverage over every whole-person assignment of (source, run) to each person."""
    report = reporting_month(s)
    per_group = []
    for g in s.groups:
        options = [(src, r) for src in s.sources if src.may_pay_for(g.id) for r in runs_of(g, report)]
        choices = [
            combo
            for k in range(g.uncovered + 1)
            for combo in itertools.combinations_with_replacement(options, k)
        ]
        per_group.append([(g, combo) for combo in choices])
    best = -math.inf
    for plan in itertools.product(*per_group):
        ok = all(
            sum(PRICE * r.months_paid_by(t) for _, combo in plan for src, r in combo if src.id == x.id)
            <= available_by(x, t)
            for x in s.sources
            for t in range(1, 13)
        )
        if ok:
            value = math.fsum(
                g.weight * run_credit(s, src, r, s.metric, report) for g, combo in plan for src, r in combo
            )
            best = max(best, value)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_monthly())
def test_monthly_optimum_equals_brute_force(data):
    s = scenario_from_mapping(data, "tiny.toml")
    plan = optimize(s)
    assert math.isclose(plan.objective_value, brute_force(s), abs_tol=1e-6)
    found = {
        (r.source, r.group, r.segment, Run(int(r.first_month), int(r.last_month))): int(r.persons)
        for r in plan.allocations.itertuples()
    }
    assert monthly_violations(s, found) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_scenarios())
def test_reporting_in_december_gives_the_annual_optimum(data):
    # With cover ending in December and all money there from January, the monthly model is
    # the annual one with a calendar: same optimum, same cost, for both objectives.
    annual = optimize(scenario_from_mapping(data, "tiny.toml"))
    data = {**data, "region": {**data["region"], "reporting_month": 12}}
    monthly = optimize(scenario_from_mapping(data, "tiny.toml"))
    assert monthly.outcome == annual.outcome
    assert math.isclose(monthly.objective_value, annual.objective_value, abs_tol=1e-6)
    assert monthly.total_cost == annual.total_cost
    if annual.scenario.objective is Objective.MIN_COST:
        assert monthly.coverage.credited_after == annual.coverage.credited_after
