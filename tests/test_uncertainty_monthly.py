"""robust and sweep on monthly scenarios: tranches and overlaps under uncertainty, fixed plans run by run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BPU, make
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_robust import two_sources

from optimizer.checks import check_errors
from optimizer.cli import main
from optimizer.errors import ScenarioError
from optimizer.monthly.months import Run, available_by, segments
from optimizer.monthly.result import monthly_violations
from optimizer.optimize import optimize
from optimizer.uncertainty.ranges import Draw, draw, realise, uncertainty_from_mapping, worst_case
from optimizer.uncertainty.robust import execute, plan_persons, plan_runs, robust_plan, sample_fixed_plan

YEAR = Run(1, 12)


def with_uncertainty(scenario, table):
    return uncertainty_from_mapping({"uncertainty": table}, scenario)


def tranche_source():
    # DBH pays for a (12 months, Jan-Dec): Rp500 x BPU arrives in January, Rp700 x BPU in July.
    scenario = make(
        region={"reporting_month": 12},
        group=[{"id": "a", "uncovered": 100, "package": "bpu", "months": 12}],
        source=[
            {
                "id": "dbh",
                "kind": "dbh-sawit",
                "budget": 1_200 * BPU,
                "tranches": [{"month": 1, "amount": 500 * BPU}, {"month": 7, "amount": 700 * BPU}],
            },
            {"id": "apbd", "kind": "apbd", "budget": 10 * 12 * BPU},
        ],
    )
    return scenario, with_uncertainty(scenario, {"budget": {"dbh": {"min": 80, "max": 100}}})


def test_amount_tranches_fall_with_the_budget_and_still_add_up_to_it():
    scenario, _ = tranche_source()
    # 80%: running totals 500 and 1,200 x BPU become 400 and 960 x BPU.
    dbh = realise(scenario, Draw((("dbh", 80.0),), (), 100.0)).source("dbh")
    assert dbh.budget == 960 * BPU
    assert [(t.month, t.amount) for t in dbh.tranches] == [(1, 400 * BPU), (7, 560 * BPU)]
    # 33.3%: amounts round down on the running total; the last month gets what is left.
    dbh = realise(scenario, Draw((("dbh", 33.3),), (), 100.0)).source("dbh")
    assert [t.amount for t in dbh.tranches] == [2_797_200, 6_713_280 - 2_797_200]
    assert sum(t.amount for t in dbh.tranches) == dbh.budget == 6_713_280


def test_a_tranche_source_short_in_its_tightest_month_cuts_by_that_month():
    # 80 persons Jan-Dec from DBH: by June 480 x BPU paid of 500 arrived, by December 960 of 1,200.
    # DBH at 80%: by June 400 arrived, 400/480 = 5/6 of the plan; December (960/960) is not short.
    # 80 x 5/6 = 66.67 -> 66 persons. APBD's 10 persons are not touched.
    scenario, _ = tranche_source()
    realised = realise(scenario, Draw((("dbh", 80.0),), (), 100.0))
    planned = {("dbh", "a", "a", YEAR): 80, ("apbd", "a", "a", YEAR): 10}
    done = execute(realised, planned)
    assert done.runs == {("dbh", "a", "a", YEAR): 66, ("apbd", "a", "a", YEAR): 10}
    assert done.spend == {"dbh": 66 * 12 * BPU, "apbd": 10 * 12 * BPU}
    assert not done.as_planned
    assert monthly_violations(realised, done.runs, floors_apply=False) == []
    # At 100% the plan is carried out in full.
    assert execute(scenario, planned).as_planned


def overlapping_groups():
    # a and b (100 each) share 40 persons; a's headcount 50-100%, b's certain.
    scenario = make(
        group=[
            {"id": "a", "uncovered": 100, "package": "bpu", "months": 12},
            {"id": "b", "uncovered": 100, "package": "bpu", "months": 12},
        ],
        source=[
            {"id": "s1", "kind": "apbd", "budget": 1_000 * 12 * BPU},
            {"id": "s2", "kind": "csr", "budget": 1_000 * 12 * BPU},
        ],
        overlap=[{"groups": ["a", "b"], "persons": 40}],
    )
    return scenario, with_uncertainty(scenario, {"uncovered": {"a": {"min": 50, "max": 100}}})


def test_an_overlap_segment_falling_cuts_the_runs_in_it():
    # a at 50%: 50 persons, the overlap 40 x 50/100 = 20, a's own 30, b's own 80 (as written).
    scenario, _ = overlapping_groups()
    realised = realise(scenario, Draw((), (("a", 50.0),), 100.0))
    assert {s.id: s.persons for s in segments(realised)} == {"a": 30, "b": 80, "a&b": 20}
    planned = {
        ("s1", "a", "a", YEAR): 60,
        ("s1", "a", "a&b", YEAR): 30,
        ("s2", "b", "a&b", YEAR): 10,
        ("s2", "b", "b", YEAR): 50,
    }
    done = execute(realised, planned)
    # a's own: 60 -> 30; the overlap's 40 -> 20, split 30 x 20/40 = 15 and 10 x 20/40 = 5; b untouched.
    assert done.runs == {
        ("s1", "a", "a", YEAR): 30,
        ("s1", "a", "a&b", YEAR): 15,
        ("s2", "b", "a&b", YEAR): 5,
        ("s2", "b", "b", YEAR): 50,
    }
    assert done.persons == {("s1", "a"): 45, ("s2", "b"): 55}
    assert monthly_violations(realised, done.runs, floors_apply=False) == []


def test_the_worst_case_has_every_segment_at_its_fewest():
    # b's own members are fewest when the overlap is largest (a at 100%): 60, not the 80 of a at 50%.
    scenario, u = overlapping_groups()
    worst = worst_case(scenario, u)
    assert {s.id: s.persons for s in segments(worst)} == {"a": 30, "b": 60, "a&b": 20}
    check_errors(worst)


def test_annual_plans_run_the_same_as_persons_or_as_runs():
    scenario, u = two_sources()
    plan = optimize(scenario)
    assert "segment" not in plan.allocations.columns
    for i in range(50):
        realised = realise(scenario, draw(u, 3, i))
        by_pair, by_run = execute(realised, plan_persons(plan)), execute(realised, plan_runs(plan))
        assert by_pair.persons == by_run.persons and by_pair.spend == by_run.spend
        assert monthly_violations(realised, by_run.runs, floors_apply=False) == []


def mixed():
    # Tranches in Rupiah, a chosen-months group, a window, and an overlap in persons.
    scenario = make(
        region={"reporting_month": 12, "target_rate": 31.0},
        group=[
            {"id": "a", "uncovered": 120, "package": "bpu", "months": "choose", "min_run": 3},
            {"id": "b", "uncovered": 80, "package": "bpu", "months": 12},
            {"id": "c", "uncovered": 60, "package": "bpu", "months": 3, "window": [8, 12]},
        ],
        source=[
            {
                "id": "dbh",
                "kind": "dbh-sawit",
                "budget": 900 * BPU,
                "tranches": [{"month": 5, "amount": 400 * BPU}, {"month": 10, "amount": 500 * BPU}],
            },
            {"id": "csr", "kind": "csr", "budget": 300 * BPU, "tranches": [{"month": 3, "share": 100}]},
            {"id": "apbd", "kind": "apbd", "budget": 400 * BPU},
        ],
        overlap=[{"groups": ["a", "b"], "persons": 30}, {"groups": ["b", "c"], "share": 25}],
    )
    table = {
        "budget": {"dbh": {"min": 60, "max": 100}, "csr": {"min": 30, "mode": 90, "max": 100}},
        "uncovered": {
            "a": {"min": 70, "max": 110},
            "b": {"min": 85, "max": 120},
            "c": {"min": 50, "max": 100},
        },
        "workforce": {"min": 98, "max": 102},
    }
    return scenario, with_uncertainty(scenario, table)


def test_robust_monthly_plan_is_carried_out_in_full_in_every_sample():
    scenario, u = mixed()
    robust, nominal = robust_plan(scenario, u), optimize(scenario)
    assert "first_month" in robust.allocations.columns
    for i in range(200):
        realised = realise(scenario, draw(u, 9, i))
        done = execute(realised, plan_runs(robust))
        assert done.as_planned, i
        assert monthly_violations(realised, done.runs, floors_apply=False) == [], i
        cut = execute(realised, plan_runs(nominal))
        assert monthly_violations(realised, cut.runs, floors_apply=False) == [], i
    summary = sample_fixed_plan(scenario, u, plan_runs(robust), robust.metric, 200, 9)
    assert summary.p_as_planned == 1.0
    assert summary.rate_percentiles[0][1] >= robust.coverage.credited_after / 10_200 - 1e-6


def test_a_monthly_plan_must_be_given_run_by_run():
    scenario, _ = mixed()
    with pytest.raises(ValueError, match="run by run"):
        execute(scenario, {("apbd", "b"): 1})


percent = st.floats(min_value=0.0, max_value=150.0, allow_nan=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    amounts=st.lists(st.integers(0, 10**9), min_size=1, max_size=4),
    heads=st.tuples(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500)),
    ab=st.integers(0, 250),
    bc=st.one_of(st.integers(0, 250), st.floats(0.0, 100.0, allow_nan=False)),
    p=st.tuples(percent, percent, percent, percent),
)
def test_every_realisation_is_a_valid_scenario_and_worse_than_the_worst_case(amounts, heads, ab, bc, p):
    # Overlaps a&b (persons) and b&c (persons, or a share of the smaller of b and c).
    b_and_c = {"groups": ["b", "c"], "share" if isinstance(bc, float) else "persons": bc}
    try:
        scenario = make(
            region={"reporting_month": 12},
            group=[
                {"id": g, "uncovered": n, "package": "bpu", "months": 12}
                for g, n in zip("abc", heads, strict=True)
            ],
            source=[
                {
                    "id": "dbh",
                    "budget": sum(amounts),
                    "tranches": [{"month": m + 1, "amount": x} for m, x in enumerate(amounts)],
                }
            ],
            overlap=[{"groups": ["a", "b"], "persons": ab}, b_and_c],
        )
    except ScenarioError:
        assume(False)  # overlaps larger than a group as written
    low = {g: min(x, 100.0) for g, x in zip("abc", p[1:], strict=True)}
    u = with_uncertainty(
        scenario,
        {
            "budget": {"dbh": {"min": min(p[0], 100.0), "max": 100.0}},
            "uncovered": {g: {"min": low[g], "max": 150.0} for g in "abc"},
        },
    )
    worst = worst_case(scenario, u)
    check_errors(worst)
    fewest = {s.id: s.persons for s in segments(worst)}
    # One draw at the given percents (inside the ranges), the corners that stretch overlaps, a random one.
    given_draw = Draw((("dbh", min(p[0], 100.0)),), tuple(zip("abc", p[1:], strict=True)), 100.0)
    corners = [Draw((), tuple((g, low[g] if g == small else 150.0) for g in "abc"), 100.0) for small in "abc"]
    for d in (given_draw, *corners, draw(u, 1, 0)):
        realised = realise(scenario, d)
        check_errors(realised)
        dbh = realised.source("dbh")
        assert sum(t.amount for t in dbh.tranches) == dbh.budget
        assert all(t.amount >= 0 for t in dbh.tranches)
        for seg in segments(realised):
            assert fewest[seg.id] <= seg.persons
        for month in range(1, 13):
            assert available_by(worst.source("dbh"), month) <= available_by(dbh, month)


# --- the commands, as a planner runs them ---------------------------------------------------------

UNCERTAINTY = """
[uncertainty.budget]
dbh-sawit = { min = 70.0, max = 100.0 }
csr = { min = 50.0, max = 100.0 }

[uncertainty.uncovered]
pekerja-sawit = { min = 90.0, mode = 100.0, max = 110.0 }
"""


@pytest.fixture
def monthly_uncertain(tmp_path) -> Path:
    """The bundled DBH Sawit tranche scenario (monthly) with an [uncertainty] table added."""
    path = tmp_path / "tranches-uncertain.toml"
    source = Path("scenarios/pasaman-barat-2025-tranches.toml").read_text(encoding="utf-8")
    path.write_text(source + UNCERTAINTY, encoding="utf-8")
    return path


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_robust_on_a_monthly_scenario_shows_the_runs_and_a_plan_that_survives(monthly_uncertain):
    result = invoke("robust", monthly_uncertain, "--samples", "100", "--seed", "1")
    assert result.exit_code in (0, 1), result.output
    out = result.output
    assert "cannot yet vary" not in out
    assert "budget dbh-sawit: 70-100%" in out and "guaranteed UCJ" in out
    # Plantation workers get the last three months, as in `solve`.
    assert any(line.startswith("dbh-sawit") and "3 (Oct-Dec)" in line for line in out.splitlines())
    [robust_row] = [
        line for line in out.splitlines() if line.split()[:1] == ["robust"] and line.endswith("%")
    ]
    assert robust_row.split()[-1] == "100.0%"
    again = invoke("robust", monthly_uncertain, "--samples", "100", "--seed", "1")
    assert again.output == out


def test_robust_json_of_a_monthly_scenario_names_each_run(monthly_uncertain):
    result = invoke("robust", monthly_uncertain, "--format", "json", "--samples", "20", "--seed", "2")
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.output)
    runs = doc["robust_plan"]["allocations"]
    assert runs and all({"segment", "first_month", "last_month"} <= set(r) for r in runs)
    assert doc["samples"]["robust"]["p_as_planned"] == 1.0
    assert doc["guaranteed"]["rate_after"] <= doc["samples"]["robust"]["rate_percentiles"]["p5"] + 1e-6


def test_sweep_re_optimises_a_monthly_scenario_the_same_on_any_number_of_workers(monthly_uncertain):
    one = invoke("sweep", monthly_uncertain, "--samples", "30", "--seed", "4", "--workers", "1")
    assert one.exit_code == 0, one.output
    [row] = [line for line in one.output.splitlines() if line.startswith(str(monthly_uncertain))]
    assert row.split()[1] == "30"
    two = invoke("sweep", monthly_uncertain, "--samples", "30", "--seed", "4", "--workers", "2")
    assert two.output == one.output
    again = invoke("sweep", monthly_uncertain, "--samples", "30", "--seed", "4", "--workers", "1")
    assert again.output == one.output
