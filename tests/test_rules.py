"""The rounding and tie-break rules of README "The model" (issue 11), one test each."""

from __future__ import annotations

import pytest

from optimizer.io.mapping import scenario_from_mapping
from optimizer.monthly.months import available_by, overlap_persons
from optimizer.optimize import Outcome, optimize


def _d(**parts) -> dict:
    d = {
        "region": {"name": "X", "year": 2025, "workforce": 1_000, "active": 0, "target_participants": 10},
        "package": [{"id": "p", "monthly_price": 10_000}],
        "group": [{"id": "a", "uncovered": 20, "package": "p", "months": 12}],
        "source": [{"id": "apbd", "kind": "apbd", "budget": 10**9}],
    }
    d.update(parts)
    return d


@pytest.mark.parametrize(
    ("wage", "percent", "price"),
    [
        (1_000_100, 0.5, 5_001),
        (1_000_000, 0.5, 5_000),
        (1_000_099, 0.5, 5_000),
        (3, 50.0, 2),
        (2_000_000, 0.54, 10_800),
    ],
)
def test_wage_prices_round_half_up(wage, percent, price):
    d = _d(package=[{"id": "p", "wage_percent": percent, "declared_wage": wage}])
    assert scenario_from_mapping(d).package("p").monthly_price == price


def test_premium_share_over_tranches_floors_the_running_total():
    # Rp3 at 50% in two halves: per tranche floor(0.75) + floor(0.75) = 0; the running total gives Rp1.
    source = {"id": "apbd", "kind": "apbd", "budget": 3, "premium_share": 50.0}
    source["tranches"] = [{"month": 3, "share": 50}, {"month": 9, "share": 50}]
    s = scenario_from_mapping(_d(source=[source])).source("apbd")
    assert [available_by(s, t) for t in (2, 3, 9, 12)] == [0, 0, 1, 1]
    assert available_by(s, 12) == s.premium_budget


def test_an_overlap_share_rounds_down():
    groups = [
        {"id": "a", "uncovered": 15, "package": "p", "months": 12},
        {"id": "b", "uncovered": 40, "package": "p", "months": 12},
    ]
    s = scenario_from_mapping(_d(group=groups, overlap=[{"groups": ["a", "b"], "share": 10}]))
    assert overlap_persons(s, s.overlaps[0]) == 1  # 10% of 15 = 1.5


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_unpayable_floors_fewest_short_then_cheapest_then_file_order(solver):
    """Floors of 2 + 2 + 2, money for 3 persons at the cheap price: 3 short in total either way;
    the cheap groups a and b are funded (least cost), a before b (file order)."""
    packages = [{"id": "p", "monthly_price": 10_000}, {"id": "q", "monthly_price": 20_000}]
    groups = [
        {"id": "c", "uncovered": 5, "package": "q", "months": 12, "floor": 2},
        {"id": "a", "uncovered": 5, "package": "p", "months": 12, "floor": 2},
        {"id": "b", "uncovered": 5, "package": "p", "months": 12, "floor": 2},
    ]
    sources = [{"id": "apbd", "kind": "apbd", "budget": 3 * 120_000}]
    plan = optimize(scenario_from_mapping(_d(package=packages, group=groups, source=sources)), solver=solver)
    assert plan.outcome == Outcome.FLOORS_UNAFFORDABLE
    covered = dict(zip(plan.groups["group"], plan.groups["covered"], strict=True))
    assert covered == {"c": 0, "a": 2, "b": 1}
