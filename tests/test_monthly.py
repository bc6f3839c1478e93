"""The monthly model: tranches, windows, min_run, chosen months, overlaps; hand-computed optima."""

from __future__ import annotations

import json

import pytest
from conftest import BPU, make

from optimizer.errors import ScenarioError
from optimizer.monthly.months import Run
from optimizer.monthly.result import monthly_violations
from optimizer.optimize import Outcome, optimize
from optimizer.report import render_json, render_table
from optimizer.scenario import Metric

SOLVERS = ["highs", "cbc"]


def runs(plan) -> dict[tuple[str, str, int, int], int]:
    return {
        (r.source, r.group, int(r.first_month), int(r.last_month)): int(r.persons)
        for r in plan.allocations.itertuples()
    }


def plan_runs(plan) -> dict:
    return {
        (r.source, r.group, r.segment, Run(int(r.first_month), int(r.last_month))): int(r.persons)
        for r in plan.allocations.itertuples()
    }


def one_group(group: dict, budget_pm: int, **source) -> dict:
    g = {"id": "a", "uncovered": 10, "package": "bpu", **group}
    src = {"id": "apbd", "kind": "apbd", "budget": budget_pm * BPU, **source}
    return {"group": [g], "source": [src], "region": {"reporting_month": 12}}


def test_reporting_month_alone_reproduces_the_annual_optimum():
    # Base: 100 of b (6 months) for the budget; in the monthly model they run Jul-Dec.
    plan = optimize(make(region={"reporting_month": 12}))
    assert runs(plan) == {("apbd", "b", 7, 12): 100}
    assert plan.total_cost == 100 * 6 * BPU
    assert plan.coverage.new_persons == 100


@pytest.mark.parametrize("solver", SOLVERS)
def test_tranches_limit_cover_to_money_that_has_arrived(solver):
    # 100 person-months of money, 20% in May and 80% in October; 10 persons, any months.
    # A person starting in month a <= 9 has paid 10-a months by September, and 3 more follow;
    # so person-months = (paid by Sep) + 3 x persons <= 20 + 30 = 50 (without tranches: 100).
    scenario = make(
        **one_group(
            {"months": "choose"}, 100, tranches=[{"month": 5, "share": 20}, {"month": 10, "share": 80}]
        )
    )
    plan = optimize(scenario, metric=Metric.PERSON_MONTHS, solver=solver)
    assert plan.outcome == Outcome.OPTIMAL
    assert plan.objective_value == 50
    assert plan.total_cost == 50 * BPU
    money = {(s["source"], s["month"]): s for s in json.loads(render_json(plan))["monthly"]["sources"]}
    assert money["apbd", 4]["paid_by_end"] == 0 == money["apbd", 4]["arrived_by_end"]
    assert money["apbd", 9]["paid_by_end"] == 20 * BPU == money["apbd", 9]["arrived_by_end"]
    assert monthly_violations(scenario, plan_runs(plan)) == []
    untimed = make(**one_group({"months": "choose"}, 100))
    assert optimize(untimed, metric=Metric.PERSON_MONTHS, solver=solver).objective_value == 100


def test_tranche_amounts_work_like_shares_and_premium_share_applies():
    # Rp budget 200 pm with premium_share 50%: 20 pm by May, 100 pm by October, as above.
    scenario = make(
        **one_group(
            {"months": "choose"},
            200,
            premium_share=50.0,
            tranches=[{"month": 5, "amount": 40 * BPU}, {"month": 10, "amount": 160 * BPU}],
        )
    )
    assert optimize(scenario, metric=Metric.PERSON_MONTHS).objective_value == 50


@pytest.mark.parametrize("solver", SOLVERS)
def test_window_election_officers(solver):
    # Window Oct-Dec, reporting in December: runs end in December, 1-3 months long.
    # persons: 10 persons on the cheapest run (December only), 10 person-months.
    scenario = make(**one_group({"months": "choose", "window": [10, 12]}, 20))
    plan = optimize(scenario, solver=solver)
    assert runs(plan) == {("apbd", "a", 12, 12): 10}
    # person-months: all 20 person-months of money, at most 3 per person.
    plan = optimize(scenario, metric=Metric.PERSON_MONTHS, solver=solver)
    assert plan.objective_value == 20
    assert all(f >= 10 and last == 12 for (_, _, f, last) in runs(plan))


def test_window_that_ends_before_the_reporting_month_counts_nothing_at_the_reporting_date():
    # Window Oct-Nov, UCJ read in December: nobody covered is active then, so max-coverage
    # (persons) buys nothing; a 100% floor buys 10 persons for November only (the cheapest run).
    scenario = make(**one_group({"months": "choose", "window": [10, 11]}, 20))
    plan = optimize(scenario)
    assert plan.total_cost == 0
    assert any("ends before the reporting month" in w for w in plan.warnings)
    floored = make(**one_group({"months": "choose", "window": [10, 11], "floor": "100%"}, 20))
    plan = optimize(floored)
    assert runs(plan) == {("apbd", "a", 11, 11): 10}
    assert plan.coverage.new_persons == 0 and plan.monthly.persons_funded == 10


@pytest.mark.parametrize("solver", SOLVERS)
def test_min_run_buys_fewer_persons_for_longer(solver):
    # 20 person-months of money: without min_run 10 persons for December alone;
    # with min_run 3, floor(20 / 3) = 6 persons for October-December.
    plan = optimize(make(**one_group({"months": "choose"}, 20)), solver=solver)
    assert runs(plan) == {("apbd", "a", 12, 12): 10}
    plan = optimize(make(**one_group({"months": "choose", "min_run": 3}, 20)), solver=solver)
    assert runs(plan) == {("apbd", "a", 10, 12): 6}
    assert plan.total_cost == 18 * BPU


def test_chosen_months_under_branch_credit_with_csr_money():
    # CSR cover under 6 months counts 0 at the branch, 6+ months count 1: 30 person-months
    # buy 5 persons for 6 months (Jul-Dec), the least cost among the plans worth 5.
    scenario = make(**one_group({"months": "choose"}, 30, kind="csr", id="csr"))
    plan = optimize(scenario, metric=Metric.BRANCH_CREDIT)
    assert runs(plan) == {("csr", "a", 7, 12): 5}
    assert plan.objective_value == 5


def overlap_scenario(**changes) -> dict:
    data = {
        "region": {"reporting_month": 12},
        "group": [
            {"id": "nelayan", "uncovered": 10, "package": "bpu", "months": 12},
            {"id": "rt", "uncovered": 6, "package": "bpu", "months": 12},
        ],
        "source": [
            {"id": "dbh", "kind": "other", "budget": 6 * 12 * BPU, "eligible": ["nelayan"]},
            {"id": "apbd", "kind": "apbd", "budget": 6 * 12 * BPU, "eligible": ["rt"]},
        ],
        "overlap": [{"groups": ["nelayan", "rt"], "persons": 4}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("solver", SOLVERS)
def test_overlap_persons_are_paid_once_and_counted_once(solver):
    # Segments: nelayan only 6, rt only 2, both 4: 12 distinct persons, not 16.
    # DBH (6 persons) pays the 6 nelayan-only; APBD (6) pays the 2 rt-only and the 4 in both.
    scenario = make(**overlap_scenario())
    plan = optimize(scenario, solver=solver)
    assert plan.coverage.new_persons == 12 == plan.monthly.persons_funded
    assert plan.total_cost == 12 * 12 * BPU
    covered = dict(zip(plan.groups["group"], plan.groups["covered"], strict=True))
    assert covered == {"nelayan": 10, "rt": 6}
    assert monthly_violations(scenario, plan_runs(plan)) == []
    segments = plan.allocations.groupby("segment")["persons"].sum().to_dict()
    assert segments == {"nelayan": 6, "rt": 2, "nelayan&rt": 4}


def test_floor_of_one_group_can_be_met_through_the_other_groups_source():
    # rt must be covered 100% (6), APBD can pay for only 2: the 4 in both groups come
    # through DBH as fishermen, so the floor is met and nobody is paid for twice.
    data = overlap_scenario()
    data["group"][1]["floor"] = "100%"
    data["source"][0]["budget"] = 10 * 12 * BPU
    data["source"][1]["budget"] = 2 * 12 * BPU
    plan = optimize(make(**data))
    assert plan.outcome == Outcome.OPTIMAL
    assert plan.coverage.new_persons == 12
    by_route = plan.allocations.groupby(["source", "segment"])["persons"].sum().to_dict()
    assert by_route == {("dbh", "nelayan"): 6, ("dbh", "nelayan&rt"): 4, ("apbd", "rt"): 2}


def test_overlap_share_is_a_percent_of_the_smaller_group():
    # 50% of the smaller group (rt, 6) = 3 in both: 10 + 6 - 3 = 13 distinct persons at most.
    data = overlap_scenario(overlap=[{"groups": ["nelayan", "rt"], "share": 50}])
    data["source"][0]["budget"] = 20 * 12 * BPU
    data["source"][1]["budget"] = 20 * 12 * BPU
    plan = optimize(make(**data))
    assert plan.coverage.new_persons == 13


def test_table_and_json_show_months():
    plan = optimize(make(**one_group({"months": "choose", "min_run": 3}, 20)))
    text = render_table(plan)
    assert "Oct-Dec" in text and "UCJ read in Dec: 6 of 6 funded persons active" in text
    doc = json.loads(render_json(plan))
    assert doc["monthly"]["reporting_month"] == 12
    assert [m["persons_active"] for m in doc["monthly"]["months"]] == [0] * 9 + [6, 6, 6]
    assert doc["allocations"][0]["first_month"] == 10
    assert render_json(plan) == render_json(
        optimize(make(**one_group({"months": "choose", "min_run": 3}, 20)))
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (one_group({"months": 3}, 10, tranches=[{"month": 5, "share": 60}]), "tranches", "not 100%"),
        (one_group({"months": 3}, 10, tranches=[{"month": 5, "amount": 1}]), "tranches", "not the budget"),
        (one_group({"months": 3, "window": [12, 10]}, 10), "window", "after it ends"),
        (one_group({"months": 6, "window": [10, 12]}, 10), "months", "do not fit"),
        (one_group({"months": 3, "max_months": 6}, 10), "max_months", 'months = "choose"'),
        (one_group({"months": "choose", "min_run": 4, "max_months": 3}, 10), "min_run", "longer than"),
        (overlap_scenario(overlap=[{"groups": ["nelayan", "x"], "persons": 1}]), "groups", "does not exist"),
        (overlap_scenario(overlap=[{"groups": ["nelayan", "rt"], "persons": 7}]), "persons", "more than its"),
    ],
)
def test_each_monthly_error_names_its_field(changes, field, words):
    with pytest.raises(ScenarioError) as err:
        make(**changes)
    assert err.value.path[-1] == field or field in err.value.path
    assert words in err.value.message
