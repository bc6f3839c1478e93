"""Why a group is not (fully) covered, in Rupiah: its price against what the same money buys elsewhere.

For every group the plan leaves (partly) uncovered, and for every source that may pay
for it, from the LP relaxation of the plan's own question (`optimizer.analysis.resolve`):

* price: Rupiah per person (months x the monthly price this source pays);
* value: what one person adds, in the plan's gain units (persons, participants...);
* elsewhere: what the same Rupiah of this source buy at the margin in the LP, i.e. the
  shadow price (the budget rows' duals) times the price; plus, in a min-cost plan, the
  Rupiah themselves;
* break-even: the monthly price at or below which the group comes in (value = elsewhere).
  While the price stays above it the plan does not change: a strictly negative reduced
  cost keeps the group at 0 in every LP optimum;
* extra: how many more Rupiah in this source bring the group in (a partly covered group:
  cover all of it), by the exact LP parametric method (`optimizer.analysis.parametric`):
  the breakpoints of the LP value in this budget, then one LP per segment that covers as
  much of the group as the optimum allows.

All numbers are LP numbers: the whole-person plan may differ by one person's premium.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from optimizer.analysis.parametric import concave_vertices
from optimizer.analysis.premium import budget_rows, with_premium_budget
from optimizer.analysis.resolve import Question, lp_oracle, program_of, question_of, saturating_budget
from optimizer.errors import SolverError
from optimizer.model import MONEY_ROWS, MONEY_UNIT, Goal, Mode, Program, RowKind
from optimizer.monthly.model import RunKey
from optimizer.result import Plan
from optimizer.scenario import Scenario
from optimizer.solve import solve_program
from optimizer.status import SolveStatus

BILLION = 1_000_000_000
#: Persons of slack allowed when asking whether an LP covers all of a group.
ROOM = 1e-5
#: Extra money is rounded up to a multiple of this many Rupiah (premiums are whole hundreds).
ROUND_TO = 100
#: Probes of one crossing search; halving from a billion Rupiah to half a Rupiah takes 31.
MAX_PROBES = 64


class Reason:
    """Why a group is not fully covered (the `reason` field of `WhyNot`)."""

    NO_SOURCE = "no-source"  # no source may pay for it
    CAP = "cap"  # covered up to its cap
    NO_VALUE = "no-value"  # a person adds nothing to the metric (e.g. a window before the reporting month)
    PRICE = "price"  # the same money buys more elsewhere
    PARTLY = "partly"  # the margin: the last Rupiah of a source goes to it, and runs out


@dataclass(frozen=True)
class Payer:
    """One source that may pay for the group, and what it would take."""

    source: str
    #: Rupiah per person-month when this source pays, months per person, Rupiah per person.
    monthly_price: int
    months: int
    price_per_person: int
    #: Gain units one person adds, and what the same Rupiah buy elsewhere (LP).
    value_per_person: float
    elsewhere: float
    #: The source's shadow price: gain units per Rp1,000,000,000 more (LP dual).
    shadow_per_billion: float
    #: Monthly price at or below which the group comes in (whole Rupiah, rounded down);
    #: None when this source's money is not what keeps it out, or the group is partly covered.
    break_even_monthly_price: int | None
    #: Rupiah more in this source at which the LP covers one more person of the group (partly
    #: covered: all of it); None when more money in this source alone does not.
    extra_budget: int | None

    @property
    def at_margin(self) -> bool:
        """The same money buys as much elsewhere as here: this source's last Rupiah may go to it."""
        return self.elsewhere <= self.value_per_person + 1e-6 * max(1.0, abs(self.value_per_person))


@dataclass(frozen=True)
class WhyNot:
    group: str
    name: str
    uncovered: int
    covered: int
    #: Persons that may be covered at most (the cap).
    limit: int
    reason: str
    #: Covered at its floor, and not beyond.
    at_floor: bool
    #: The plan's gain units ("persons", "participants", "Rupiah saved", ...).
    unit: str
    payers: tuple[Payer, ...]
    #: The package's monthly price at or below which the group comes in, every payer's price
    #: falling in proportion (the best payer's break-even); None as for `Payer`.
    break_even_monthly_price: int | None = None

    @property
    def allowed_sources(self) -> tuple[str, ...]:
        return tuple(p.source for p in self.payers)


def why_not(plan: Plan) -> tuple[WhyNot, ...]:
    """One `WhyNot` per group the plan does not cover fully, in file order.

    Empty when the plan has no proven optimum or its floors cannot be afforded (nothing
    to explain against).
    """
    if plan.floor_shortfall is not None or plan.status is not SolveStatus.OPTIMAL:
        return ()
    s, q = plan.scenario, question_of(plan)
    program = program_of(s, q)
    lp = solve_program(program, q.solver, relax=True, stages=1)
    if lp.status is not SolveStatus.OPTIMAL:
        raise SolverError(f"LP for the why-not lines ended {lp.status.value}")
    duals = dict(lp.duals)
    covered = dict(zip(plan.group_rows.column("group"), plan.group_rows.column("covered"), strict=True))
    out = []
    for g in s.groups:
        if covered[g.id] >= g.uncovered or g.uncovered == 0:
            continue
        out.append(_why(s, q, program, duals, g.id, int(covered[g.id])))
    return tuple(out)


def _why(s: Scenario, q: Question, program: Program, duals: dict, gid: str, covered: int) -> WhyNot:
    g = s.group(gid)
    columns = group_columns(program, gid)
    sources = [src.id for src in s.sources if src.may_pay_for(gid)]
    payers = tuple(_payer(s, q, program, duals, gid, sid, columns[sid]) for sid in sources if sid in columns)
    lp_covered = max_group_lp(program, q, gid, {}) if payers else 0.0
    if not sources:
        reason = Reason.NO_SOURCE
    elif covered >= g.max_persons:
        reason = Reason.CAP
    elif all(p.value_per_person <= 0 for p in payers):
        reason = Reason.NO_VALUE
    elif lp_covered > max(covered, g.min_persons) + 0.5 or covered > g.min_persons:
        reason = Reason.PARTLY
    else:
        reason = Reason.PRICE
    if reason in (Reason.PARTLY, Reason.PRICE):
        full = reason == Reason.PARTLY
        start = max(covered, g.min_persons)
        payers = tuple(
            dataclasses.replace(
                p,
                extra_budget=extra_to_bring_in(s, q, gid, p.source, full, start),
                break_even_monthly_price=None if p.at_margin else p.break_even_monthly_price,
            )
            for p in payers
        )
    at_floor = g.min_persons > 0 and covered == g.min_persons
    package = s.package(g.package).monthly_price
    evens = [p.break_even_monthly_price / p.monthly_price for p in payers if p.break_even_monthly_price]
    even = math.floor(package * max(evens) + 1e-9) if evens and reason == Reason.PRICE else None
    return WhyNot(gid, g.name, g.uncovered, covered, g.max_persons, reason, at_floor, q.unit, payers, even)


def group_columns(program: Program, gid: str) -> dict[str, list[int]]:
    """Variable indices of the group's covers (its runs), by paying source."""
    out: dict[str, list[int]] = {}
    for i, v in enumerate(program.variables):
        if isinstance(v.key, RunKey) and v.key.group == gid:
            out.setdefault(v.key.source, []).append(i)
    return out


def _gain_scale(q: Question) -> float:
    """d gain / d goal: a min-cost goal is millions of Rupiah spent, its gain Rupiah saved."""
    return -MONEY_UNIT if q.mode is Mode.MIN_COST else 1.0


def _payer(s: Scenario, q: Question, program: Program, duals: dict, gid: str, sid: str, cols) -> Payer:
    """The source's best cover of the group (largest value per Rupiah) and its numbers."""
    scale = _gain_scale(q)
    goal = dict(program.goals[0].coeffs)
    price = s.package(s.group(gid).package).price_for(sid)
    best = None
    for j in cols:
        money = other = 0.0
        for row in program.rows:
            a = dict(row.coeffs).get(j)
            if a is None:
                continue
            y = duals.get(row.name, 0.0) * scale
            # Money rows' coefficients are the price paid (times months paid by then), in millions.
            if row.kind in MONEY_ROWS:
                money += y * a
            elif not row.is_(RowKind.FLOOR, gid):  # the floor holds it up; the question is the next person
                other += y * a
        own = goal.get(j, 0.0) * scale
        months = program.variables[j].key.run.length
        cost = price * months
        # Min-cost: the person's own Rupiah count against it; its value is the target it meets.
        value = (0.0 if q.mode is Mode.MIN_COST else own) - other
        elsewhere = money + (-own if q.mode is Mode.MIN_COST else 0.0)
        ratio = value / elsewhere if elsewhere > 0 else math.inf
        if best is None or ratio > best[0]:
            best = (ratio, months, cost, value, elsewhere, money)
    assert best is not None
    ratio, months, cost, value, elsewhere, money = best
    shadow = money / cost * BILLION if cost else 0.0
    # A strictly negative reduced cost keeps the group out; it comes in below value/elsewhere x price.
    even = math.floor(price * ratio + 1e-9) if value > 0 and math.isfinite(ratio) else None
    return Payer(sid, price, months, cost, _clean(value), _clean(elsewhere), _clean(shadow), even, None)


def _clean(x: float) -> float:
    return round(x, 6) + 0.0


def max_group_lp(program: Program, q: Question, gid: str, rhs: dict[str, float]) -> float:
    """Persons of `gid` covered by an LP optimum that covers as many of them as the optimum allows.

    `rhs` replaces right-hand sides (model units) by row name.
    """
    rows = tuple(dataclasses.replace(r, rhs=rhs[r.name]) if r.name in rhs else r for r in program.rows)
    cols = [j for js in group_columns(program, gid).values() for j in js]
    most = Goal(f"most[{gid}]", True, tuple((j, 1.0) for j in cols))
    changed = dataclasses.replace(program, rows=rows, goals=(program.goals[0], most))
    solution = solve_program(changed, q.solver, relax=True, stages=2)
    if solution.status is not SolveStatus.OPTIMAL:
        raise SolverError(f"LP for the why-not lines ended {solution.status.value}")
    return math.fsum(solution.values[j] for j in cols)


def extra_to_bring_in(s: Scenario, q: Question, gid: str, sid: str, full: bool, start: int = 0) -> int | None:
    """Smallest extra Rupiah in source `sid` at which the LP covers one person of `gid` more than
    `start` (its floor, say), or with `full` all of it.

    The LP value as a function of this budget is concave and piecewise linear; its basis,
    and so how much of the group an optimum can cover, only changes at breakpoints. So
    the answer is a breakpoint: the first one after which a segment's midpoint covers it.
    """
    src = s.source(sid)
    budget = src.premium_budget
    hi = max(saturating_budget(s, src), budget) + BILLION
    program = program_of(with_premium_budget(s, sid, hi), q)
    weights = budget_rows(program, s, {sid: 1.0})
    oracle = lp_oracle(program, s, q, weights)
    vertices = concave_vertices(oracle, float(budget), float(hi))
    limit = s.group(gid).max_persons
    # One whole person (or all of them); the LP's hold of its first goal leaves ~1e-9 slack.
    need = (limit if full else min(start + 1.0, limit)) - ROOM

    def coverage(x: float) -> float:
        return max_group_lp(program, q, gid, {n: w * x / MONEY_UNIT for n, w in weights.items()})

    # The basis, and so the most of the group an optimum covers, is one per segment, but the
    # group may start (or fill up) inside a segment when the next group buys at the same rate:
    # look at every breakpoint and midpoint, then search the crossing after the last miss.
    points = [vertices[0].x]
    for left, right in zip(vertices, vertices[1:], strict=False):
        points += [(left.x + right.x) / 2, right.x]
    missed = None
    for x in points:
        got = coverage(x)
        if got < need:
            missed = (x, got)
            continue
        if missed is None:
            return 0
        return max(0, _whole(_crossing(coverage, need, missed, (x, got), budget) - budget))
    return None


def _crossing(coverage, need: float, miss: tuple, hit: tuple, budget: float) -> float:
    """A budget at or just above the crossing of `need`, close enough that its whole hundred is exact.

    Between a miss and a hit in one segment, the coverage is concave and piecewise linear
    in the budget (a parametric LP): the chord through the miss and the hit meets `need` at
    or after the crossing, and the line through two misses meets it at or before, exactly
    on it when both lie on its piece. So a few probes find it where halving to half a Rupiah
    took some 30; halving is kept as the safeguard when a probe gains little.
    """
    misses = [miss]
    (lo, g_lo), (hi, g_hi) = miss, hit
    slow = False
    for _ in range(MAX_PROBES):
        if hi - lo <= 0.5 or _whole(lo - budget) == _whole(hi - budget):
            break
        x, on_line = _probe(misses, need, (lo, g_lo), (hi, g_hi), slow)
        if not lo < x < hi:
            x, on_line = (lo + hi) / 2, False
        width = hi - lo
        got = coverage(x)
        if got >= need:
            hi, g_hi = x, got
            # On the crossing (the line through two misses, or a chord that lands on `need`):
            # one probe just below confirms it.
            if (on_line or got - need <= 1e-6 * max(1.0, need)) and hi - lo > 0.5:
                below = hi - 0.5
                got_below = coverage(below)
                if got_below >= need:
                    hi, g_hi = below, got_below
                else:
                    lo, g_lo = below, got_below
                    misses.append((lo, g_lo))
        else:
            lo, g_lo = x, got
            misses.append((lo, g_lo))
        slow = hi - lo > width / 2
    return hi


def _probe(misses: list, need: float, lo: tuple, hi: tuple, slow: bool) -> tuple[float, bool]:
    """The next budget to try, and whether it comes from the line through two misses."""
    (x_lo, g_lo), (x_hi, g_hi) = lo, hi
    if slow or g_hi <= g_lo:
        return (x_lo + x_hi) / 2, False
    if len(misses) > 1:
        (x0, g0), (x1, g1) = misses[-2], misses[-1]
        if g1 > g0:
            # A hair above the line's crossing, so that LP noise cannot turn the crossing into a miss.
            return x1 + (need - g1) * (x1 - x0) / (g1 - g0) + 0.01, True
    return x_lo + (need - g_lo) * (x_hi - x_lo) / (g_hi - g_lo), False


def _whole(x: float) -> int:
    """Rupiah rounded up to a whole hundred (premiums are; the LP's own hold of
    its first goal moves the exact point by a few Rupiah), ignoring float noise."""
    return ROUND_TO * math.ceil((x - 1e-3) / ROUND_TO)
