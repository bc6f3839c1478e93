"""Multi-year plans: continuity, tapers, workforce dynamics, yearly targets; optima worked out by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BPU, make

from optimizer.errors import ScenarioError
from optimizer.multiyear.horizon import horizon_from_mapping
from optimizer.multiyear.plan import plan_years
from optimizer.scenario import Objective

YEAR = 12 * BPU  # 201,600: one person, one year


def one_group(budgets, **horizon):
    scenario = make(
        group=[{"id": "a", "uncovered": 100, "package": "bpu", "months": 12}],
        source=[{"id": "apbd", "kind": "apbd", "budget": budgets[0]}],
    )
    data = {"horizon": {"years": [2025, 2024 + len(budgets)], "budgets": {"apbd": budgets}, **horizon}}
    return scenario, horizon_from_mapping(data, scenario)


def paid(plan):
    return dict(zip(plan.years.table["year"], plan.years.table["paid_by_plan"], strict=True))


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_continuity_keeps_everyone_covered_so_year_one_is_limited_by_year_two(solver):
    # Year 1 buys 50 persons, year 2 only 30. Keeping everyone: a0 + a1 <= 30 in year 2,
    # person-years 2 a0 + a1 is largest at a0 = 30, a1 = 0: 60 person-years, 30 each year.
    scenario, horizon = one_group([50 * YEAR, 30 * YEAR])
    plan = plan_years(scenario, horizon, Objective.MAX_COVERAGE, solver=solver)
    assert plan.outcome == "optimal"
    assert paid(plan) == {2025: 30, 2026: 30}
    assert plan.total_cost == 60 * YEAR


def test_yearly_continuity_may_drop_persons():
    # Decided afresh each year: 50 in 2025, 30 in 2026 = 80 person-years.
    scenario, horizon = one_group([50 * YEAR, 30 * YEAR], continuity="yearly")
    plan = plan_years(scenario, horizon, Objective.MAX_COVERAGE)
    assert paid(plan) == {2025: 50, 2026: 30}


def test_taper_lowers_the_public_share_in_later_years():
    # Taper [12, 6]: a 2025 joiner costs 201,600 in 2025 and 100,800 in 2026 (the worker pays 6 months).
    # 2025: a0 <= 50. 2026: 100,800 a0 + 201,600 a1 <= 30 x 201,600 = 6,048,000.
    # Max 2 a0 + a1: a0 = 50 (5,040,000), a1 = 1,008,000 / 201,600 = 5 -> 105 person-years.
    scenario, horizon = one_group([50 * YEAR, 30 * YEAR], taper={"a": [12, 6]})
    plan = plan_years(scenario, horizon, Objective.MAX_COVERAGE)
    assert paid(plan) == {2025: 50, 2026: 55}
    alloc = plan.allocations
    later = alloc[(alloc["year"] == 2026) & (alloc["joined"] == 2025)].iloc[0]
    assert (later.persons, later.public_months, later.worker_months, later.cost) == (50, 6, 6, 50 * 6 * BPU)
    assert plan.total_cost == 50 * YEAR + 6_048_000


def min_cost_case(**horizon):
    scenario = make(
        region={"target_rate": 30.5},
        optimize={"objective": "min-cost"},
        source=[{"id": "apbd", "kind": "apbd", "budget": 50_000_000}],
    )
    data = {"horizon": {"years": [2025, 2026], "target_rates": [30.5, 31.0], **horizon}}
    return scenario, horizon_from_mapping(data, scenario)


def test_min_cost_reaches_each_years_target_with_the_cheapest_persons():
    # Targets 3,050 and 3,100 of 10,000 with 3,000 active: 50 then 100 persons.
    # Cheapest: b (6 months, 100,800). 50 b join in 2025 and stay; 50 more join in 2026.
    # Cost 50 x 100,800 + 100 x 100,800 = 15,120,000.
    scenario, horizon = min_cost_case()
    plan = plan_years(scenario, horizon)
    assert plan.outcome == "optimal" and plan.years.targets_met
    assert paid(plan) == {2025: 50, 2026: 100}
    assert plan.total_cost == 15_120_000


def test_lapses_and_gains_without_public_money_change_what_the_plan_must_add():
    # 10% lapse, 200 gained: 2026 has round(3,000 x 0.9) + 200 = 2,900 without the plan,
    # so 200 persons are needed: all 100 b and all 100 a. Cost 5,040,000 + 10,080,000 + 20,160,000.
    scenario, horizon = min_cost_case(lapse_percent=10.0, gained_per_year=200)
    plan = plan_years(scenario, horizon)
    assert list(plan.years.table["active_without_plan"]) == [3_000, 2_900]
    assert paid(plan) == {2025: 50, 2026: 200}
    assert plan.total_cost == 50 * 6 * BPU + 100 * 6 * BPU + 100 * YEAR


def test_growing_workforce_makes_the_target_unreachable_and_says_by_how_much():
    # Workforce 11,000 in 2026: 31% needs 3,410, i.e. 410 more, but only 200 persons exist.
    scenario, horizon = min_cost_case(workforce_growth=10.0)
    plan = plan_years(scenario, horizon)
    assert plan.outcome == "target-unreachable"
    assert list(plan.years.table["workforce"]) == [10_000, 11_000]
    assert list(plan.years.table["missing"]) == [0, 210]
    assert paid(plan)[2026] == 200


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_floors_that_cannot_be_kept_paid_give_the_closest_plan(solver):
    """Floor 40 a year; year 2 pays for 30 and everyone covered stays covered: a0 + a1 <= 30,
    so each year is at least 10 short (20 in all, at a0 = 30). It was a solver error (exit 3)."""
    scenario = make(
        group=[{"id": "a", "uncovered": 100, "package": "bpu", "months": 12, "floor": 40}],
        source=[{"id": "apbd", "kind": "apbd", "budget": 50 * YEAR}],
    )
    horizon = horizon_from_mapping(
        {"horizon": {"years": [2025, 2026], "budgets": {"apbd": [50 * YEAR, 30 * YEAR]}}}, scenario
    )
    plan = plan_years(scenario, horizon, solver=solver)
    assert plan.outcome == "floors-unaffordable"
    assert plan.years.floors_short == (("a", 2025, 40, 10), ("a", 2026, 40, 10))
    assert paid(plan) == {2025: 30, 2026: 30}


def test_a_multi_year_plan_is_the_one_plan_with_a_year_column_in_every_table():
    """The taper case above: 50 join in 2025 and stay (6 months paid in 2026), 5 join in 2026.
    The plan is the same `Plan` as one year's: sources and groups one row per year, the
    objective the weighted person-years (2 x 50 + 5 = 105), the floors short summed per group."""
    scenario, horizon = one_group([50 * YEAR, 30 * YEAR], taper={"a": [12, 6]})
    plan = plan_years(scenario, horizon, Objective.MAX_COVERAGE)
    assert plan.objective_value == 105 and plan.coverage is None and plan.requirements_met
    sources = plan.sources[["year", "source", "budget", "premium_budget", "used", "left"]]
    assert sources.values.tolist() == [
        [2025, "apbd", 50 * YEAR, 50 * YEAR, 50 * YEAR, 0],
        [2026, "apbd", 30 * YEAR, 30 * YEAR, 30 * YEAR, 0],
    ]
    groups = plan.groups[["year", "group", "uncovered", "covered", "still_uncovered"]]
    assert groups.values.tolist() == [[2025, "a", 100, 50, 50], [2026, "a", 100, 55, 45]]
    assert plan.years.table["cost"].sum() == plan.total_cost == plan.sources["used"].sum()


@pytest.mark.parametrize("objective", list(Objective))
def test_floors_short_and_missed_targets_are_the_plans_shortfalls(objective):
    """What a planner is told (exit code, table) comes from the same fields as a one-year plan's."""
    scenario = make(
        region={"target_rate": 40.0},
        group=[{"id": "a", "uncovered": 100, "package": "bpu", "months": 12, "floor": 40}],
        source=[{"id": "apbd", "kind": "apbd", "budget": 50 * YEAR}],
    )
    horizon = horizon_from_mapping(
        {"horizon": {"years": [2025, 2026], "budgets": {"apbd": [50 * YEAR, 30 * YEAR]}}}, scenario
    )
    plan = plan_years(scenario, horizon, objective)
    assert plan.floor_shortfall.missing == 20 and plan.floor_shortfall.floors == (("a", 20),)
    assert len(plan.floor_shortfall.reasons) == 2 and not plan.requirements_met
    # 3,000 active of 10,000: 40% needs 1,000 more a year; 30 are paid: 970 missing each year.
    assert plan.shortfall.missing == int(plan.years.table["missing"].sum()) == 2 * 970


@pytest.mark.parametrize(
    ("horizon", "message"),
    [
        ({"years": [2024, 2026]}, "must start in the [region] year 2025"),
        ({"years": [2025]}, "must be [first, last]"),
        ({"years": [2025, 2026], "budgets": {"apbd": [1]}}, "list of 2 budgets"),
        ({"years": [2025, 2026], "budgets": {"nope": [1, 2]}}, "source 'nope' does not exist"),
        ({"years": [2025, 2026], "taper": {"a": [12, 13]}}, "between 0 and 12"),
        ({"years": [2025, 2026], "target_rates": [40.0]}, "list of 2 percentages"),
        ({"years": [2025, 2026], "colour": 1}, "is not a known field"),
    ],
)
def test_bad_horizon_fields_are_named(horizon, message):
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        horizon_from_mapping({"horizon": horizon}, make())


def test_plan_years_prints_the_floors_it_cannot_pay_and_exits_1(tmp_path):
    """The real program: Pati 2025-2029 with the deciles I-II floor at 95% (was exit 3)."""
    text = Path("scenarios/pati-2025-2029.toml").read_text(encoding="utf-8")
    assert 'floor = "40%"' in text
    path = tmp_path / "floor.toml"
    path.write_text(text.replace('floor = "40%"', 'floor = "95%"'), encoding="utf-8")
    run = [sys.executable, "-m", "optimizer", "plan-years", str(path)]
    table = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert table.returncode == 1, table.stderr
    assert "Floors that cannot be afforded" in table.stdout
    assert "group desil-1-2, 2025: floor of 52,250 cannot be afforded" in table.stdout
    done = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, timeout=300)
    doc = json.loads(done.stdout)
    assert done.returncode == 1 and doc["status"] == "floors-unaffordable"
    assert doc["floor_shortfall"][0]["group"] == "desil-1-2"
    assert doc["floor_shortfall"][0]["year"] == 2025
