"""Why-not lines: by hand on a tiny case, and every number of every bundled scenario recomputed.

The recomputation does not read duals: it re-solves the LP of the plan's question with
the budget or the price moved just across the reported amount, and checks that the
group comes in on one side and not on the other; the shadow price is checked against
the LP's finite differences.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BPU, make
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.analysis.premium import with_premium_budget
from optimizer.analysis.resolve import program_of, question_of
from optimizer.analysis.whynot import Reason, _crossing, _whole, why_not
from optimizer.analysis.whynot_text import item_lines
from optimizer.areas.data import is_area_file
from optimizer.io import load_scenario
from optimizer.model import MONEY_UNIT, Goal, Mode
from optimizer.optimize import optimize
from optimizer.scenario import Package
from optimizer.solve import solve_program
from optimizer.status import SolveStatus

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.toml") if not is_area_file(p))


def test_by_hand():
    # Rp5,040,000 buys 50 of b (6 months, Rp100,800): a (12 months, Rp201,600) costs twice as much.
    plan = optimize(make(source=[{"id": "apbd", "kind": "apbd", "budget": 50 * 6 * BPU}]))
    a, b = why_not(plan)
    assert (a.group, a.reason, b.group, b.reason) == ("a", Reason.PRICE, "b", Reason.PARTLY)
    (p,) = a.payers
    assert (p.price_per_person, p.value_per_person, p.elsewhere) == (12 * BPU, 1, 2)
    assert p.break_even_monthly_price == BPU // 2  # Rp8,400: then a costs what b does
    # a comes in once b is covered: 50 more of b (Rp5,040,000), then one of a (Rp201,600).
    assert p.extra_budget == 50 * 6 * BPU + 12 * BPU
    (pb,) = b.payers
    assert pb.at_margin and pb.break_even_monthly_price is None
    assert pb.extra_budget == 50 * 6 * BPU  # covers all of b
    line = " ".join(item_lines(a, plan.scenario, "id"))
    assert a.break_even_monthly_price == BPU // 2
    assert "Rp 8.400 per bulan" in line and "Rp 5.241.600" in line


def test_no_source_and_cap():
    groups = [
        {"id": "a", "uncovered": 100, "package": "bpu", "months": 12, "cap": 10},
        {"id": "b", "uncovered": 100, "package": "bpu", "months": 6},
    ]
    sources = [{"id": "apbd", "kind": "apbd", "budget": 10**9, "eligible": ["a"]}]
    a, b = why_not(optimize(make(group=groups, source=sources)))
    assert (a.reason, b.reason, b.payers) == (Reason.CAP, Reason.NO_SOURCE, ())


def _gain_lp(s, q, gid=None):
    """LP optimum of the plan's question in gain units; with `gid`, also the most of that group
    an LP optimum covers."""
    program = program_of(s, q)
    cols = [i for i, v in enumerate(program.variables) if getattr(v.key, "group", None) == gid]
    goals = (program.goals[0], Goal("most", True, tuple((j, 1.0) for j in cols)))
    solution = solve_program(dataclasses.replace(program, goals=goals), q.solver, relax=True, stages=2)
    assert solution.status is SolveStatus.OPTIMAL
    scale = -MONEY_UNIT if q.mode is Mode.MIN_COST else 1.0
    return solution.goal_values[0] * scale, math.fsum(solution.values[j] for j in cols)


def _priced(s, gid, monthly: dict):
    """`s` with group `gid` on its own package, priced monthly[source] when that source pays."""
    g = s.group(gid)
    old = s.package(g.package)
    prices = tuple({**dict(old.price_by_source), **monthly}.items())
    own = Package(f"{old.id}--{gid}", old.name, old.monthly_price, prices)
    groups = tuple(dataclasses.replace(x, package=own.id) if x.id == gid else x for x in s.groups)
    return dataclasses.replace(s, packages=(*s.packages, own), groups=groups)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_number_of_every_line_is_recomputed_from_the_lp(name):
    _recompute(load_scenario(ROOT / "scenarios" / name))


def test_min_cost_that_meets_its_target_by_hand_and_recomputed():
    # Target 30.5%: 50 participants; b (Rp100,800) is the cheapest participant, a costs twice that.
    s = make(
        optimize={"objective": "min-cost"},
        region={"target_rate": 30.5},
        source=[{"id": "apbd", "budget": 10**9}],
    )
    a, b = why_not(optimize(s))
    assert (a.reason, b.reason, a.unit) == (Reason.PRICE, Reason.PARTLY, "Rupiah saved")
    assert a.break_even_monthly_price == BPU // 2
    assert "the target is met before all of them are needed" in item_lines(b, s)[1]
    _recompute(s)


def _recompute(s):
    plan = optimize(s)
    items = why_not(plan)
    covered = dict(zip(plan.groups["group"], plan.groups["covered"], strict=True))
    assert [w.group for w in items] == [g.id for g in s.groups if covered[g.id] < g.uncovered]
    q = question_of(plan)
    for w in items:
        g = s.group(w.group)
        start = max(w.covered, g.min_persons)
        assert w.allowed_sources == tuple(x.id for x in s.sources if x.may_pay_for(g.id))
        for lang in ("en", "id"):
            assert g.name in item_lines(w, s, lang)[0]
        if w.reason == Reason.CAP:
            assert w.covered == g.max_persons < g.uncovered
        for p in w.payers:
            src = s.source(p.source)
            price = s.package(g.package).price_for(src.id)
            assert (p.monthly_price, p.price_per_person) == (price, price * p.months)
            if not src.tranches:  # with tranches the money of the finite difference arrives differently
                budget, c = src.premium_budget, p.price_per_person
                base = _gain_lp(s, q)[0]
                more = _gain_lp(with_premium_budget(s, src.id, budget + c), q)[0] - base
                own = c if q.mode is Mode.MIN_COST else 0
                tol = 1e-6 * max(1.0, abs(base))
                assert more - tol <= p.elsewhere - own
                if budget >= c:
                    less = base - _gain_lp(with_premium_budget(s, src.id, budget - c), q)[0]
                    assert p.elsewhere - own <= less + tol
            if p.break_even_monthly_price is not None:
                # One Rupiah dearer for this payer, no LP optimum covers a whole person more (beyond
                # its floor; the hold of the first goal leaves a fraction).
                x = p.break_even_monthly_price
                assert _gain_lp(_priced(s, g.id, {src.id: x + 1}), q, g.id)[1] < start + 1
            if w.break_even_monthly_price is not None:
                # The package one Rupiah dearer (every payer in proportion): no whole person more;
                # one Rupiah cheaper: the group comes in.
                x, package = w.break_even_monthly_price, s.package(g.package).monthly_price
                for y, ok in ((x + 1, False), (max(x - 1, 0), True)):
                    prices = {p.source: round(p.monthly_price * y / package) for p in w.payers}
                    assert (_gain_lp(_priced(s, g.id, prices), q, g.id)[1] >= start + 1) is ok
            if p.extra_budget is not None:
                need = g.max_persons - 1e-5 if w.reason == Reason.PARTLY else start + 1 - 1e-5
                budget = src.premium_budget
                at = _gain_lp(with_premium_budget(s, src.id, budget + p.extra_budget), q, g.id)[1]
                assert at >= need
                if p.extra_budget > 100:
                    short = with_premium_budget(s, src.id, budget + p.extra_budget - 101)
                    assert _gain_lp(short, q, g.id)[1] < need


def test_json_and_table_carry_the_lines():
    run = [sys.executable, "-m", "optimizer", "solve", str(ROOT / "scenarios" / "pacitan-2025.toml")]
    doc = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True).stdout)
    assert [w["group"] for w in doc["why_not"]] == ["nelayan", "rt-rw", "pekerja-rentan"]
    assert doc["why_not"][2]["payers"][0]["break_even_monthly_price"] == 15_272  # 16,800 / 1.1
    off = json.loads(subprocess.run([*run, "--format", "json", "--no-marginal"], capture_output=True).stdout)
    assert off["why_not"] is None
    table = subprocess.run([*run, "--lang", "id"], capture_output=True, text=True).stdout
    assert "Mengapa belum terlindungi penuh" in table and "bila paketnya Rp 15.272 per bulan" in table


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.integers(1, 10**6), min_size=1, max_size=4, unique=True),
    st.floats(0.05, 0.95),
    st.integers(0, 10**9),
)
def test_the_crossing_search_finds_the_whole_hundred_of_a_concave_curve(slopes, level, budget):
    """Against the exact crossing of a made-up concave piecewise-linear coverage curve."""
    # Pieces of 10^7 Rupiah each, steepest first (concave), coverage in persons per 10^6 Rupiah.
    slopes = sorted(slopes, reverse=True)
    width = 10**7
    top = sum(s * width / 10**6 for s in slopes)
    need = level * top

    def coverage(x):
        left, out = x - budget, 0.0
        for s in slopes:
            out += s / 10**6 * min(max(left, 0.0), width)
            left -= width
        return out

    calls = []

    def counted(x):
        calls.append(x)
        return coverage(x)

    hi = budget + width * len(slopes)
    got = _crossing(counted, need, (budget, 0.0), (hi, top), budget)
    # The exact crossing, piece by piece.
    left, at = need, float(budget)
    for s in slopes:
        rise = s * width / 10**6
        if left <= rise:
            at += left / (s / 10**6)
            break
        left -= rise
        at += width
    assert coverage(got) >= need - 1e-9
    assert _whole(at - budget) <= _whole(got - budget) <= _whole(at + 0.5 - budget)
    assert len(calls) <= 3 * len(slopes) + 8  # halving to half a Rupiah takes 25-27
