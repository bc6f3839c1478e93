"""Groups a source cannot tell apart are solved as one (optimizer.interchangeable): the merged
program has the same optimum, and its plan spreads back into a plan of the original program."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer import interchangeable, solve
from optimizer.io.mapping import scenario_from_mapping
from optimizer.monthly.model import build_monthly_program
from optimizer.status import SolveStatus
from optimizer.whole_money import goal_value, keeps_every_row

TEMPLATES = [
    {"package": "p0", "months": 12, "weight": 1.0},
    {"package": "p1", "months": 6, "weight": 2.0},
]


def _scenario(groups, sources, objective="max-coverage", monthly=False):
    region = {"name": "Kinds", "year": 2025, "workforce": 10_000, "active": 1_000}
    region["target_participants"] = 1_000 + sum(g["uncovered"] for g in groups) // 2
    if monthly:  # a reporting month before December: each group's runs by start month
        region["reporting_month"] = 9
    return scenario_from_mapping(
        {
            "region": region,
            "optimize": {"objective": objective, "metric": "persons"},
            "package": [{"id": "p0", "monthly_price": 16_800}, {"id": "p1", "monthly_price": 10_800}],
            "group": groups,
            "source": sources,
        }
    )  # fmt: skip


def _program(scenario):
    return build_monthly_program(scenario, scenario.objective, scenario.metric)


@pytest.fixture
def merge_always(monkeypatch):
    """Merge whatever can be merged, however little it saves (the defaults keep small files as they are)."""
    monkeypatch.setattr(interchangeable, "MERGE_AT_LEAST", 1)
    monkeypatch.setattr(interchangeable, "MERGE_SHARE", 0.0)


def _never_merge(monkeypatch):
    monkeypatch.setattr(interchangeable, "MERGE_AT_LEAST", 10**9)


FOUR_ALIKE = [{"id": f"g{i}", "uncovered": 30 + 7 * i, "package": "p0", "months": 12} for i in range(4)] + [
    {"id": "other", "uncovered": 50, "package": "p1", "months": 6}
]
SOURCES = [
    {"id": "apbd", "kind": "apbd", "budget": 20_000_000},
    {"id": "csr", "kind": "csr", "budget": 3_000_000, "eligible": ["g0", "g1"]},
]


def test_a_source_paying_for_groups_of_one_price_gets_one_variable_for_them(merge_always):
    program = _program(_scenario(FOUR_ALIKE, SOURCES))
    merged = interchangeable.merge_interchangeable(program)
    assert merged is not None
    # apbd's four variables for g0..g3 are one; csr's two and apbd's for 'other' are kept.
    assert len(program.variables) == 7
    assert len(merged.program.variables) == 4
    assert [g.name for g in merged.program.goals] == ["coverage", "cost"]


def test_small_files_are_not_merged_by_default():
    assert interchangeable.merge_interchangeable(_program(_scenario(FOUR_ALIKE, SOURCES))) is None


def test_a_merged_plan_spreads_back_into_every_headcount(merge_always):
    program = _program(_scenario(FOUR_ALIKE, SOURCES))
    merged = interchangeable.merge_interchangeable(program)
    solved = solve.solve_program(merged.program)
    values = merged.expand(solved.values)
    assert keeps_every_row(program, values)
    assert goal_value(program.goals[0], values) == solved.goal_values[0]
    # More merged persons than the headcounts left over cannot be spread back.
    z = len(merged.kept)
    too_many = list(solved.values)
    too_many[z] = merged.program.variables[z].upper + 1
    assert merged.expand(too_many) is None


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_the_merged_solve_gives_the_optimum_of_the_unmerged_one(merge_always, monkeypatch, solver):
    program = _program(_scenario(FOUR_ALIKE, SOURCES))
    merged = solve.solve_program(program, solver)
    _never_merge(monkeypatch)
    plain = solve.solve_program(program, solver)
    assert merged.status is plain.status is SolveStatus.OPTIMAL
    assert merged.goal_values == pytest.approx(plain.goal_values, abs=1e-9)
    assert keeps_every_row(program, merged.values)


@st.composite
def alike_scenarios(draw):
    """Groups cut from two templates (so that many cannot be told apart), some with a floor or a
    cap, sources that pay for all or for a few, budgets that bind; annual or monthly."""
    monthly = draw(st.booleans())
    groups = []
    for i in range(draw(st.integers(2, 6))):
        g = {"id": f"g{i}", "uncovered": draw(st.integers(0, 25)), **draw(st.sampled_from(TEMPLATES))}
        if draw(st.integers(0, 4)) == 0:
            g["floor"] = draw(st.integers(0, g["uncovered"] // 3))
        if draw(st.integers(0, 4)) == 0:
            g["cap"] = draw(st.integers(g.get("floor", 0), g["uncovered"]))
        if monthly and draw(st.booleans()):
            g["window"] = [draw(st.integers(1, 13 - g["months"])), 12]
        groups.append(g)
    sources = []
    for j in range(draw(st.integers(1, 3))):
        s = {"id": f"s{j}", "kind": "apbd" if j == 0 else "csr", "budget": draw(st.integers(0, 60)) * 64_800
             + draw(st.integers(0, 99_999))}  # fmt: skip
        if j and draw(st.booleans()):
            s["eligible"] = draw(
                st.lists(st.sampled_from([g["id"] for g in groups]), min_size=1, unique=True)
            )
        if monthly and draw(st.booleans()):
            early = draw(st.sampled_from([25, 50, 75]))
            s["tranches"] = [{"month": 4, "share": early}, {"month": 8, "share": 100 - early}]
        sources.append(s)
    objective = draw(st.sampled_from(["max-coverage", "min-cost"]))
    return _scenario(groups, sources, objective, monthly)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alike_scenarios())
def test_merging_never_changes_the_optimum(scenario):
    """Property: on random files of look-alike groups, the merged solve reaches the unmerged
    solve's optimum on every goal it merges, with a plan that keeps every row (money in exact
    Rupiah); the unmerged solve is checked against brute force and CP-SAT elsewhere."""
    program = _program(scenario)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(interchangeable, "MERGE_AT_LEAST", 1)
        patch.setattr(interchangeable, "MERGE_SHARE", 0.0)
        merged = solve.solve_program(program)
        did_merge = interchangeable.merge_interchangeable(program) is not None
    with pytest.MonkeyPatch.context() as patch:
        _never_merge(patch)
        plain = solve.solve_program(program)
    assert merged.status is plain.status
    if plain.status.has_plan:
        kept = 2 if did_merge else len(plain.goal_values)
        assert merged.goal_values[:kept] == pytest.approx(plain.goal_values[:kept], abs=1e-6)
        assert keeps_every_row(program, merged.values)
