"""What the binding limits of a plan are worth, in planner words, verified by re-solving.

For every plan:

* each source: what one more Rp1,000,000,000 of premium money would add (integer
  re-solve with the budget raised, minus the plan), the LP rate per billion, and up
  to what budget that LP rate holds (the next breakpoint of the LP curve);
* each floor: what dropping it would gain elsewhere (integer re-solve without it),
  and the LP cost of one more person on the floor (its dual);
* each eligibility rule that binds (a restricted source has money left while
  groups it may not pay for are still uncovered): what letting it pay for every
  group would gain (integer re-solve).

Gains are in the plan's own units (`optimizer.analysis.resolve`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from optimizer.analysis.parametric import concave_vertices
from optimizer.analysis.premium import budget_rows
from optimizer.analysis.resolve import (
    Question,
    integer_gain,
    lp_oracle,
    program_of,
    question_of,
    replace_group,
    replace_source,
    saturating_budget,
    with_premium_budget,
)
from optimizer.checks import check_marginal_limits
from optimizer.i18n import Lang
from optimizer.messages import MESSAGES, text
from optimizer.model import MONEY_UNIT, RowKind, row_name
from optimizer.monthly.result import cover_costs
from optimizer.result import Plan
from optimizer.scenario import Scenario
from optimizer.status import SolveStatus

BILLION = 1_000_000_000


@dataclass(frozen=True)
class SourceValue:
    source: str
    #: Integer plan: gain from one more billion of premium money (re-solved).
    gain_per_billion: float
    #: LP relaxation: the rate per billion at today's budget, and the premium budget
    #: of this source up to which that rate holds (None when the rate is 0).
    lp_rate_per_billion: float
    lp_rate_holds_up_to: int | None
    #: Set when every group this source may pay for is already covered (or at its cap), yet
    #: more of its money gains: it works by taking over those groups from these sources,
    #: whose money then covers others.
    works_by_freeing: tuple[str, ...] = ()


@dataclass(frozen=True)
class FloorValue:
    group: str
    floor: int
    #: Integer plan: gain from dropping the floor (re-solved); 0 when it does not bind.
    gain_if_dropped: float
    #: LP relaxation: what one more person on the floor costs in gain units.
    lp_cost_per_person: float


@dataclass(frozen=True)
class EligibilityValue:
    source: str
    left: int
    #: Groups it may not pay for that still have uncovered workers.
    blocked_groups: tuple[str, ...]
    #: Integer plan: gain if the source could pay for every group (re-solved).
    gain_if_all: float


@dataclass(frozen=True)
class MarginalValues:
    unit: str
    base: float
    sources: tuple[SourceValue, ...]
    floors: tuple[FloorValue, ...]
    eligibility: tuple[EligibilityValue, ...]


def marginal_values(plan: Plan) -> MarginalValues | None:
    """Marginal values for `plan`; None when its floors cannot be afforded or it is not proven optimal.

    Every re-solve uses the program the plan came from (`optimizer.monthly.model`); one
    more billion for a source with
    tranches arrives in the proportions its money does (`optimizer.analysis.premium`).
    """
    if plan.floor_shortfall is not None or plan.status is not SolveStatus.OPTIMAL:
        return None
    check_marginal_limits(plan.scenario)
    q = question_of(plan)
    s = plan.scenario
    base = integer_gain(s, q)
    assert base is not None
    return MarginalValues(
        unit=q.unit,
        # Two optimal plans of one value can sum weights such as 1/3 to floats a bit apart
        # (3.3333333333333335 with HiGHS, 3.333333333333333 with CBC on a random file).
        base=_clean(base) if isinstance(base, float) else base,  # Rupiah come as whole ints
        sources=tuple(_freeing(plan, _source_value(s, q, base, src.id)) for src in s.sources),
        floors=tuple(_floor_value(plan, q, base, g.id) for g in s.groups if g.min_persons > 0),
        eligibility=tuple(_eligibility(plan, q, base)),
    )


def _source_value(s: Scenario, q: Question, base: float, sid: str) -> SourceValue:
    budget = s.source(sid).premium_budget
    gained = integer_gain(with_premium_budget(s, sid, budget + BILLION), q)
    assert gained is not None  # more money never makes a feasible plan infeasible
    hi = max(saturating_budget(s, s.source(sid)), budget) + BILLION
    # Built at the top of the range so that every money-arrived row of the monthly model is there.
    program = program_of(with_premium_budget(s, sid, hi), q)
    oracle = lp_oracle(program, s, q, budget_rows(program, s, {sid: 1.0}))
    value, slope = oracle(float(budget))
    rate = slope * BILLION
    holds: int | None = None
    if abs(slope) > 1e-12:
        hi = float(hi)
        vertices = concave_vertices(oracle, float(budget), hi)
        holds = int(round(vertices[1].x)) if len(vertices) > 1 else None
    return SourceValue(sid, _clean(gained - base), _clean(rate), holds)


def _freeing(plan: Plan, v: SourceValue) -> SourceValue:
    """Name the sources a gain comes from when the source itself can buy no one new."""
    s, src = plan.scenario, plan.scenario.source(v.source)
    covered = _by_group(plan, "covered")
    mine = [g.id for g in s.groups if src.may_pay_for(g.id)]
    if v.gain_per_billion <= 0 or any(covered[g] < s.group(g).max_persons for g in mine):
        return v
    others = (a.source for a in plan.allocation_rows if a.source != src.id and a.group in mine)
    return dataclasses.replace(v, works_by_freeing=tuple(dict.fromkeys(others)))


def _by_group(plan: Plan, column: str) -> dict:
    return dict(zip(plan.group_rows.column("group"), plan.group_rows.column(column), strict=True))


def _floor_value(plan: Plan, q: Question, base: float, gid: str) -> FloorValue:
    s = plan.scenario
    without = integer_gain(replace_group(s, gid, floor=None), q)
    assert without is not None
    dual = dict(plan.duals).get(row_name(RowKind.FLOOR, gid), 0.0)
    # d(goal)/d(floor): a maximised goal falls (dual <= 0); a cost in millions rises.
    per_person = dual * MONEY_UNIT if q.mode.value == "min-cost" else -dual
    return FloorValue(gid, s.group(gid).min_persons, _clean(without - base), _clean(per_person))


def _eligibility(plan: Plan, q: Question, base: float):
    s = plan.scenario
    left = dict(zip(plan.source_rows.column("source"), plan.source_rows.column("left"), strict=True))
    covered = _by_group(plan, "covered")
    for src in s.sources:
        if src.eligible is None:
            continue
        blocked = tuple(
            g.id
            for g in s.groups
            if not src.may_pay_for(g.id)
            and covered[g.id] < g.max_persons
            and (cover_costs(s, src, g) or (left[src.id] + 1, 0))[0] <= left[src.id]
        )
        if not blocked:
            continue
        relaxed = integer_gain(replace_source(s, src.id, eligible=None), q)
        assert relaxed is not None
        yield EligibilityValue(src.id, int(left[src.id]), blocked, _clean(relaxed - base))


def _clean(x: float) -> float:
    """Round away solver noise (values are whole persons, Rupiah, or twelfths)."""
    return round(x, 6) + 0.0


def to_dict(m: MarginalValues | None) -> dict | None:
    return None if m is None else dataclasses.asdict(m)


def render_section(m: MarginalValues | None, lang: Lang = "en") -> str:
    """The short 'Marginal values' section of the solve table, in `lang`."""
    if m is None:
        return "\n" + text("mv.none", lang) + "\n"
    return "\n".join(["", *section_lines(m, lang)]) + "\n"


def section_lines(m: MarginalValues, lang: Lang = "en") -> list[str]:
    """Title line, then one indented line per source, floor and binding eligibility rule."""
    unit = text(f"unit.{m.unit}", lang) if f"unit.{m.unit}" in MESSAGES else m.unit
    out = [text("mv.title", lang, unit=unit)]
    for v in m.sources:
        holds = "" if v.lp_rate_holds_up_to is None else text("mv.holds", lang, budget=v.lp_rate_holds_up_to)
        gain, rate = v.gain_per_billion, v.lp_rate_per_billion
        line = text("mv.source", lang, source=v.source, gain=gain, unit=unit, rate=rate, holds=holds)
        if v.works_by_freeing:
            line += text("mv.frees", lang, source=v.source, others=v.works_by_freeing)
        out.append("  " + line)
    for f in m.floors:
        out.append(
            "  "
            + text(
                "mv.floor",
                lang,
                group=f.group,
                floor=f.floor,
                gain=f.gain_if_dropped,
                unit=unit,
                cost=f.lp_cost_per_person,
            )
        )
    for e in m.eligibility:
        out.append(
            "  "
            + text(
                "mv.eligibility",
                lang,
                source=e.source,
                left=e.left,
                groups=e.blocked_groups,
                gain=e.gain_if_all,
                unit=unit,
            )
        )
    return out
