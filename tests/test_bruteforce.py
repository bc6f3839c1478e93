"""The solver agrees with exhaustive enumeration on tiny random scenarios."""

from __future__ import annotations

import itertools
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import Outcome, optimize
from optimizer.result import violations
from optimizer.scenario import Objective, Scenario

PRICES = [8_400, 10_800, 16_800]
MONTHS = [1, 3, 6, 12]


@st.composite
def tiny_scenarios(draw) -> dict:
    n_groups = draw(st.integers(1, 3))
    n_sources = draw(st.integers(1, 2))
    groups = []
    for i in range(n_groups):
        uncovered = draw(st.integers(0, 3))
        group = {
            "id": f"g{i}",
            "uncovered": uncovered,
            "package": draw(st.sampled_from(["p0", "p1"])),
            "months": draw(st.sampled_from(MONTHS)),
            "weight": draw(st.sampled_from([1.0, 1.0, 2.0, 0.5])),
        }
        if draw(st.booleans()):
            group["floor"] = draw(st.integers(0, uncovered))
        if draw(st.booleans()):
            group["cap"] = draw(st.integers(group.get("floor", 0), 3))
        groups.append(group)
    sources = []
    for j in range(n_sources):
        source = {
            "id": f"s{j}",
            "kind": draw(st.sampled_from(["apbd", "csr", "dbh-cht"])),
            "budget": draw(st.integers(0, 8)) * 50_400 + draw(st.sampled_from([0, 8_400, 25_200])),
        }
        if draw(st.booleans()):
            ids = [g["id"] for g in groups]
            source["eligible"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        sources.append(source)
    packages = [
        {"id": "p0", "monthly_price": draw(st.sampled_from(PRICES))},
        {
            "id": "p1",
            "monthly_price": draw(st.sampled_from(PRICES)),
            "price_by_source": {"s0": draw(st.sampled_from(PRICES))},
        },
    ]
    return {
        "region": {
            "name": "Acak",
            "year": 2025,
            "workforce": 100,
            "active": 90,
            "target_participants": draw(st.integers(90, 100)),
        },
        "optimize": {
            "objective": draw(st.sampled_from(["max-coverage", "min-cost"])),
            "metric": draw(st.sampled_from(["persons", "person-months", "branch-credit"])),
        },
        "package": packages,
        "group": groups,
        "source": sources,
    }


def enumerate_plans(s: Scenario):
    """Every whole-person allocation within budgets, headcounts and caps (floors not imposed)."""
    pairs = s.eligible_pairs()
    ranges = [range(g.max_persons + 1) for _, g in pairs]
    for combo in itertools.product(*ranges):
        spend = {src.id: 0 for src in s.sources}
        covered = {g.id: 0 for g in s.groups}
        for (src, g), n in zip(pairs, combo, strict=True):
            spend[src.id] += n * s.unit_cost(src, g)
            covered[g.id] += n
        if any(spend[src.id] > src.premium_budget for src in s.sources):
            continue
        if any(covered[g.id] > g.max_persons for g in s.groups):
            continue
        yield dict(zip([(src.id, g.id) for src, g in pairs], combo, strict=True)), covered, spend


def brute_force(s: Scenario):
    """(best objective value or None, least total floor shortfall, and among the plans that
    leave the fewest persons short of the floors the best for the planner's aim: the most
    coverage, or (min-cost) the most participants up to the target) by enumeration."""
    objective, metric = s.objective, s.metric
    best = None
    least_short, closest = math.inf, -math.inf
    for alloc, covered, spend in enumerate_plans(s):
        short = sum(max(0, g.min_persons - covered[g.id]) for g in s.groups)
        pairs = [(s.source(a), s.group(b), n) for (a, b), n in alloc.items()]
        coverage = sum(n * g.weight * s.credit(src, g, metric) for src, g, n in pairs)
        reached = s.region.active + sum(n * s.participants(src, g, metric) for src, g, n in pairs)
        aim = coverage if objective is Objective.MAX_COVERAGE else min(reached, s.region.target)
        if short < least_short:
            least_short, closest = short, aim
        elif short == least_short:
            closest = max(closest, aim)
        if short:
            continue
        if objective is Objective.MAX_COVERAGE:
            best = coverage if best is None else max(best, coverage)
        else:
            if reached >= s.region.target - 1e-9:
                value = sum(spend.values())
                best = value if best is None else min(best, value)
    return best, least_short, closest


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_scenarios())
def test_solver_matches_brute_force(data):
    s = scenario_from_mapping(data, "random.toml")
    expected, least_short, closest = brute_force(s)
    plan = optimize(s)
    assert violations(plan) == []
    if least_short > 0:
        assert plan.outcome == Outcome.FLOORS_UNAFFORDABLE
        assert plan.floor_shortfall.missing == least_short
        if s.objective is Objective.MAX_COVERAGE:  # the money the floors cannot use still covers
            assert math.isclose(plan.objective_value, closest, rel_tol=1e-9, abs_tol=1e-9)
        else:  # ... or comes as close to the target as it can
            reached = min(plan.coverage.credited_after, s.region.target)
            assert math.isclose(reached, closest, rel_tol=1e-9, abs_tol=1e-6)
        return
    if s.objective is Objective.MIN_COST and expected is None:
        assert plan.outcome == Outcome.TARGET_UNREACHABLE
        assert plan.shortfall is not None and plan.shortfall.missing > 0
        return
    assert plan.outcome == Outcome.OPTIMAL
    assert math.isclose(plan.objective_value, expected, rel_tol=1e-9, abs_tol=1e-9)
    # Invariants, rechecked here from the tables: budgets, headcounts, floors, eligibility.
    for row in plan.sources.itertuples():
        assert 0 <= row.used <= row.premium_budget
    for row in plan.groups.itertuples():
        assert row.floor <= row.covered <= min(row.uncovered, row.cap)
    for row in plan.allocations.itertuples():
        assert s.source(row.source).may_pay_for(row.group)
        assert row.cost == row.persons * row.months * row.monthly_price


@settings(max_examples=40, deadline=None)
@given(tiny_scenarios())
def test_cbc_and_highs_agree(data):
    s = scenario_from_mapping(data, "random.toml")
    a, b = optimize(s, solver="highs"), optimize(s, solver="cbc")
    assert a.outcome == b.outcome
    assert math.isclose(a.objective_value, b.objective_value, rel_tol=1e-9, abs_tol=1e-9)
    assert a.total_cost == b.total_cost
