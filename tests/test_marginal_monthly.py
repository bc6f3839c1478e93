"""Marginal values and the frontier in the monthly model: hand-computed cases, and re-solved plans.

Before: marginal values of monthly plans were not computed and `frontier` silently
solved the annual program (Pasaman Barat with DBH Sawit in tranches: 14,058 persons at
today's budget where `solve` covers 38,058).
"""

from __future__ import annotations

import pytest
from conftest import BPU, make

from optimizer.analysis.frontier import _weights, budget_frontier, scenario_at
from optimizer.analysis.marginal import BILLION, marginal_values
from optimizer.analysis.resolve import with_premium_budget
from optimizer.io import load_scenario
from optimizer.monthly.months import available_by
from optimizer.optimize import optimize
from optimizer.scenario import Metric, Objective

PM = BPU  # Rupiah per person-month


def october_and_january() -> dict:
    # 1,000 persons, any months ending in December. DBH arrives in October (Oct-Dec only:
    # at most 3 months a person); APBD is there from January. Each pays 600 person-months.
    return {
        "region": {"reporting_month": 12},
        "optimize": {"objective": "max-coverage", "metric": "person-months"},
        "group": [{"id": "a", "uncovered": 1000, "package": "bpu", "months": "choose"}],
        "source": [
            {"id": "dbh", "kind": "dbh-cht", "budget": 600 * PM, "tranches": [{"month": 10, "share": 100}]},
            {"id": "apbd", "kind": "apbd", "budget": 600 * PM},
        ],
    }


def test_one_more_billion_arriving_in_october_buys_only_october_to_december():
    plan = optimize(make(**october_and_january()))
    assert plan.objective_value == 1200
    m = marginal_values(plan)
    dbh, apbd = m.sources
    # DBH +Rp1bn (in October): 3 months for the 950 persons APBD's 600 months (50 x 12) leave
    # free: 2,850 person-months instead of 600.
    assert dbh.gain_per_billion == 2850 - 600
    # APBD +Rp1bn (in January): everybody for 12 months, 12,000 instead of 1,200.
    assert apbd.gain_per_billion == 12_000 - 1200
    # The LP rate is one person-month per Rp16,800 for both, until the months run out:
    # DBH at 2,850 person-months, APBD at 12 months for the 800 persons DBH's 200 leave.
    assert dbh.lp_rate_per_billion == pytest.approx(BILLION / PM)
    assert apbd.lp_rate_per_billion == pytest.approx(BILLION / PM)
    assert dbh.lp_rate_holds_up_to == pytest.approx(2850 * PM, abs=1)
    assert apbd.lp_rate_holds_up_to == pytest.approx(9600 * PM, abs=1)


def test_extra_money_for_a_tranche_source_is_split_by_its_shares():
    s = make(
        **october_and_january()
        | {
            "source": [
                {
                    "id": "dbh",
                    "kind": "dbh-cht",
                    "budget": 1_000_000,
                    "premium_share": 50,
                    "tranches": [{"month": 5, "share": 40}, {"month": 10, "share": 60}],
                }
            ]
        }
    )
    more = with_premium_budget(s, "dbh", 500_000 + BILLION).source("dbh")
    assert [available_by(more, t) for t in (4, 5, 9, 10, 12)] == [
        0,
        200_000 + 400_000_000,
        200_000 + 400_000_000,
        500_000 + BILLION,
        500_000 + BILLION,
    ]
    # Today's level gives back the file's money month by month, to the Rupiah.
    same = with_premium_budget(s, "dbh", 500_000).source("dbh")
    assert [available_by(same, t) for t in range(1, 13)] == [
        available_by(s.source("dbh"), t) for t in range(1, 13)
    ]
    # Extra money of a target's cost arrives in January, on top of the file's tranches.
    topped = with_premium_budget(s, "dbh", 500_000 + 7, extra_in_january=True).source("dbh")
    assert [available_by(topped, t) for t in (1, 5, 10)] == [7, 200_007, 500_007]


@pytest.mark.parametrize(
    "name", ["pasaman-barat-2025-tranches", "pringsewu-2024-election-window", "pacitan-2025-overlap"]
)
def test_marginal_values_of_bundled_monthly_plans_equal_plans_solved_directly(name):
    s = load_scenario(f"scenarios/{name}.toml")
    plan = optimize(s)
    m = marginal_values(plan)
    assert m is not None and m.base == plan.objective_value
    for v in m.sources:
        more = optimize(with_premium_budget(s, v.source, s.source(v.source).premium_budget + BILLION))
        assert v.gain_per_billion == pytest.approx(more.objective_value - plan.objective_value), v.source


def test_monthly_frontier_is_monotone_and_passes_through_plans_solved_directly():
    s = make(**october_and_january())
    f = budget_frontier(s, steps=5)
    values = [p.value for p in f.points]
    assert values == sorted(values)
    assert all(p.lp_value >= p.value - 1e-6 for p in f.points)
    weights = _weights(s, None)
    for p in f.points:
        direct = optimize(scenario_at(s, weights, p.level), Objective.MAX_COVERAGE, Metric.PERSON_MONTHS)
        assert p.value == pytest.approx(direct.objective_value), p.level
        assert p.total_cost == direct.total_cost
    # Halfway to today (Rp10,080,000 of the Rp20,160,000): 300 DBH + 300 APBD person-months.
    assert {p.level: p.value for p in f.points}[600 * PM] == 600


def test_frontier_of_a_tranche_scenario_meets_solve_at_todays_budget():
    s = load_scenario("scenarios/pasaman-barat-2025-tranches.toml")
    plan = optimize(s)
    f = budget_frontier(s, steps=3)
    (today,) = [p for p in f.points if p.kind == "today"]
    assert today.value == plan.objective_value == 38_058
    assert today.new_persons == plan.coverage.new_persons
    assert [p.value for p in f.points] == sorted(p.value for p in f.points)
