"""The integer program's vocabulary and its lexicographic goals: pure data, no solver, no files.

`Variable`, `Row`, `Goal` and `Program` are what every builder produces and
`optimizer.solve` solves: the one-region program (`optimizer.monthly.model`, which an
annual scenario uses with one run per group), the multi-year one and the village one.

Integer solves see each budget in whole units of its prices' gcd (spends are whole Rupiah;
`optimizer.whole_money.integer_form`) and the target row multiplied by 12, so no rounding of
decimals can cut off a person.
Money rows are written in millions of Rupiah so that coefficients (0.0168 .. 0.5)
and right-hand sides (1 .. 1e6) stay within a few orders of magnitude.
Objectives are a list, solved lexicographically by `optimizer.solve`: the
planner's objective first, then tie-breaks (`goal_sequence`: least cost, then
spending order, then file order).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import StrEnum

from optimizer.scenario import Objective, Scenario

#: Money rows and objectives are in this many Rupiah per unit.
MONEY_UNIT = 1_000_000
HALF_RUPIAH = 0.5 / MONEY_UNIT
#: The target row counts twelfths of a participant (person-months / 12, branch credit / 6).
TARGET_SCALE = 12


class Sense(StrEnum):
    LE = "<="
    GE = ">="


class Mode(StrEnum):
    """What the program is asked. The last two explain why a requirement cannot be met."""

    MAX_COVERAGE = "max-coverage"
    MIN_COST = "min-cost"
    #: The best a min-cost scenario can reach toward its target with the money it has.
    MAX_PARTICIPANTS = "max-participants"
    MIN_EXTRA_BUDGET = "min-extra-budget"
    MIN_FLOOR_SHORTFALL = "min-floor-shortfall"


@dataclass(frozen=True)
class ExtraKey:
    """Extra money (model units) a top-up source would need (MIN_EXTRA_BUDGET)."""

    source: str


@dataclass(frozen=True)
class FloorShortKey:
    """Persons a group's floor is left short (MIN_FLOOR_SHORTFALL)."""

    group: str


@dataclass(frozen=True)
class TargetGapKey:
    """Twelfths of a participant the target is missed by (floors fallback of a min-cost plan)."""


@dataclass(frozen=True)
class MovedKey:
    """Persons of a (source, group) pair moved from the baseline plan."""

    source: str
    group: str


@dataclass(frozen=True)
class Variable:
    name: str
    upper: float | None
    integer: bool
    #: What the variable stands for: a frozen key of the builder that made it (`ExtraKey`,
    #: `FloorShortKey`, `MovedKey` here; `RunKey` in `optimizer.monthly.model`, ...).
    #: Readers match on its type, never on the name.
    key: object


class RowKind(StrEnum):
    """What a row limits; with the row's ids it makes the row's name (`row_name`)."""

    BUDGET = "budget"  # all of a source's money (monthly: by December; multi-year: by year)
    ARRIVED = "arrived"  # a source's money arrived by the end of a month (tranches)
    SEGMENT = "segment"
    HEADCOUNT = "headcount"
    CAP = "cap"
    FLOOR = "floor"
    TARGET = "target"
    MOVED_UP = "moved-up"
    MOVED_DOWN = "moved-down"
    PAY_AT_MOST = "pay-at-most"
    PAY_AT_LEAST = "pay-at-least"
    VILLAGE = "village"
    DISTRICT = "district"
    #: All the money a plan may spend, over every source: asked by the solver itself when it
    #: looks for the least cost of a proven coverage (`optimizer.solve`), never by a builder.
    SPEND_CAP = "spend-cap"


#: Rows that hold money: their duals are Rupiah prices.
MONEY_ROWS = frozenset({RowKind.BUDGET, RowKind.ARRIVED})


def row_name(kind: RowKind, *ids: object) -> str:
    """The row's name in the LP file and in `Solution.duals`: budget[apbd], arrived[dbh,5], target."""
    return f"{kind}[{','.join(str(i) for i in ids)}]" if ids else str(kind)


@dataclass(frozen=True)
class Row:
    kind: RowKind
    #: Source, group, month... ids as the builder names them; with `kind`, the row's identity.
    ids: tuple[str, ...]
    coeffs: tuple[tuple[int, float], ...]
    sense: Sense
    rhs: float
    #: Half a Rupiah on money rows: marks them, and is added to `rhs` in integer solves of a
    #: row with a continuous term (extra money), so that float rounding cannot cut off a person
    #: whose cost fills a budget exactly; whole-person rows are written in whole units instead
    #: (`optimizer.whole_money.integer_form`). LP solves (bounds, duals) use the exact `rhs`.
    integer_headroom: float = 0.0

    @property
    def name(self) -> str:
        return row_name(self.kind, *self.ids)

    def is_(self, kind: RowKind, *ids: str) -> bool:
        return self.kind is kind and self.ids == ids


@dataclass(frozen=True)
class Goal:
    """One objective of the lexicographic sequence."""

    name: str
    maximize: bool
    coeffs: tuple[tuple[int, float], ...]
    #: A tie-break (which of several equally good plans): solved within a default node
    #: limit (`optimizer.solve.TIE_BREAK_NODES`); if it is not proven within it, the plan
    #: is the previous goal's (whatever the machine's load) and says so.
    tie_break: bool = False


@dataclass(frozen=True)
class Program:
    variables: tuple[Variable, ...]
    rows: tuple[Row, ...]
    goals: tuple[Goal, ...]


def with_target_gap(target: Row, variables: list[Variable]) -> tuple[Row, int | None]:
    """The target row with a variable for what it misses by (appended to `variables`), for the
    floors fallback of a min-cost plan; (the row, None) when the target asks for nothing."""
    if target.rhs <= 0:
        return target, None
    i = len(variables)
    variables.append(Variable("target-gap", target.rhs, False, TargetGapKey()))
    return dataclasses.replace(target, coeffs=(*target.coeffs, (i, 1.0))), i


def add_extra_and_short(
    variables: list[Variable], scenario: Scenario, mode: Mode, top_up_sources: tuple[str, ...]
) -> tuple[dict[str, int], dict[str, int]]:
    """Append the extra-money variables (MIN_EXTRA_BUDGET) and the floor-shortfall variables
    (MIN_FLOOR_SHORTFALL) to `variables`; return their indices by source and by group."""
    extra: dict[str, int] = {}
    short: dict[str, int] = {}
    if mode is Mode.MIN_EXTRA_BUDGET:
        for sid in top_up_sources:
            extra[sid] = len(variables)
            variables.append(Variable(f"extra[{sid}]", None, False, ExtraKey(sid)))
    if mode is Mode.MIN_FLOOR_SHORTFALL:
        for g in scenario.groups:
            if g.min_persons > 0:
                short[g.id] = len(variables)
                variables.append(Variable(f"short[{g.id}]", float(g.min_persons), True, FloorShortKey(g.id)))
    return extra, short


def baseline_goal(scenario: Scenario, variables: list[Variable], rows: list[Row], pairs) -> Goal | None:
    """The persons moved from the baseline plan, to minimise (None without a baseline).

    `pairs` maps (source, group) to the variables counting its persons. For a pair the baseline
    paid b > 0 persons, d >= |sum x - b| through two rows; for any other pair the distance is
    sum x itself. Appends those variables and rows.
    """
    if scenario.baseline is None:
        return None
    before = scenario.baseline.persons_of()
    coeffs: list[tuple[int, float]] = []
    for (sid, gid), members in pairs.items():
        b = before.get((sid, gid), 0)
        if b == 0:
            coeffs += [(i, 1.0) for i in members]
            continue
        d = len(variables)
        variables.append(Variable(f"moved[{sid},{gid}]", None, False, MovedKey(sid, gid)))
        xs = tuple((i, 1.0) for i in members)
        rows.append(Row(RowKind.MOVED_UP, (sid, gid), ((d, 1.0), *xs), Sense.GE, float(b)))
        down = ((d, 1.0), *((i, -1.0) for i, _ in xs))
        rows.append(Row(RowKind.MOVED_DOWN, (sid, gid), down, Sense.GE, -float(b)))
        coeffs.append((d, 1.0))
    return Goal("baseline", False, tuple(coeffs), tie_break=True)


@dataclass(frozen=True)
class GoalTerms:
    """What one allocation variable contributes to each goal (one run variable)."""

    index: int
    source: str
    cost: float  # model money units
    coverage: float  # weighted metric
    participants: float  # toward the target
    #: Persons it adds at the reporting month (what UCJ counts): 1, or 0 for a run that ends before.
    persons: float = 1.0


def goal_sequence(
    scenario,
    mode,
    terms,
    extra,
    short,
    file_order: list[int],
    distance: Goal | None = None,
    objective: Objective | None = None,
    target_gap: int | None = None,
) -> tuple[Goal, ...]:
    """The lexicographic goals of `mode`:
    the planner's goal, then least cost, then the fewest persons moved from the baseline
    plan (`distance`, when there is one; the planner asked for it, so it comes before the
    figure goals of max-coverage, and every exact goal comes before every node-limited
    one), then one tie-break (`order_goal`) over the
    variables ordered by the source's place in `spending_order`, then `file_order`
    (the model's own documented order of its variables).
    MIN_FLOOR_SHORTFALL (floors that cannot be paid): the fewest persons short, then the
    planner's own aim with the money the floors cannot use (a source that may not pay for a
    short group must not sit idle): max-coverage the most coverage; min-cost the smallest
    `target_gap` (the variable of the target row, when the target is above today's
    participants), as multi-year plans do; then the rest.
    """  # fmt: skip
    cost = Goal("cost", False, tuple((t.index, t.cost) for t in terms))
    order = order_goal(spending_then_file_order(scenario, terms, file_order))
    moved = () if distance is None else (distance,)
    rest = (cost, *moved, order)
    if mode is Mode.MAX_COVERAGE:
        coverage = Goal("coverage", True, tuple((t.index, t.coverage) for t in terms))
        return (coverage, cost, *moved, *figure_goals(coverage, terms), order)
    if mode is Mode.MAX_PARTICIPANTS:
        return (Goal("participants", True, tuple((t.index, t.participants) for t in terms)), *rest)
    if mode is Mode.MIN_COST:
        return rest
    if mode is Mode.MIN_EXTRA_BUDGET:
        return extra_goals(scenario, extra)
    fewest_short = Goal("floor-shortfall", False, tuple((i, 1.0) for i in short.values()))
    if objective is Objective.MAX_COVERAGE:
        coverage = Goal("coverage", True, tuple((t.index, t.coverage) for t in terms))
        return (fewest_short, coverage, cost, *moved, *figure_goals(coverage, terms), order)
    if target_gap is not None:
        return (fewest_short, Goal("target-gap", False, ((target_gap, 1.0),)), *rest)
    return (fewest_short, *rest)


def figure_goals(coverage: Goal, terms) -> tuple[Goal, ...]:
    """Among plans with the most coverage at the least cost: the most persons at the reporting
    month (what UCJ counts), then the most credited participants. Equally good plans can differ
    there (the teaching example with person-months: 4,119 or 4,918 persons at one budget), so
    every figure a plan shows is fixed before the spending order picks among what is left, and a
    frontier level (solved up to here) shows the figures of `solve`'s plan. A goal that only
    repeats coverage (every coefficient the same multiple of it) is left out. Node-limited like
    the tie-break (`Goal.tie_break`): a plan is never held back or cut short by them."""
    goals = []
    for name, coeffs in (
        ("persons", tuple((t.index, t.persons) for t in terms if t.persons)),
        ("credited", tuple((t.index, t.participants) for t in terms if t.participants)),
    ):
        if coeffs and not any(_proportional(coeffs, g.coeffs) for g in (coverage, *goals)):
            goals.append(Goal(name, True, coeffs, tie_break=True))
    return tuple(goals)


def _proportional(a, b) -> bool:
    """Are the two goals one positive multiple of each other (so holding one holds the other)?"""
    da, db = dict(a), dict(b)
    if not da or set(da) != set(db) or not all(db.values()):
        return False
    ratios = {round(da[i] / db[i], 12) for i in da}
    return len(ratios) == 1 and ratios.pop() > 0


def spending_then_file_order(scenario: Scenario, terms, file_order: list[int]) -> list[int]:
    """`file_order` re-sorted (stably) by the paying source's place in `spending_order`:
    the variables of the source to spend first come first, so they weigh most."""
    rank = {s.id: k for k, s in enumerate(scenario.ordered_sources())}
    source = {t.index: t.source for t in terms}
    return sorted(file_order, key=lambda i: rank[source[i]])


def extra_goals(scenario: Scenario, extra: dict[str, int]) -> tuple[Goal, ...]:
    """The least extra money in all, then its split in file order: the last top-up source
    as little as possible, then the one before... Only the split is reported, so these
    goals make it unique; without them HiGHS and CBC split the same total differently."""
    total = Goal("extra", False, tuple((i, 1.0) for i in extra.values()))
    later = [sid for sid in (s.id for s in scenario.sources) if sid in extra][1:]
    split = (Goal(f"extra[{sid}]", False, ((extra[sid], 1.0),), tie_break=True) for sid in reversed(later))
    return (total, *split)


def order_goal(ordered: list[int]) -> Goal:
    """Maximise sum_k log(p_k) x_k over the variables `ordered` (earliest weighs most).

    Variable k of n weighs log(p), p the (n - k)-th prime: earlier variables weigh more.
    Two different whole-person plans cannot tie, since sum x_k log p_k = log(prod p_k ** x_k)
    and factorisation is unique (plain weights n - k tie on swaps: 9 + 5 = 8 + 6). Without
    this stage two groups with equal price and weight could be funded either way, and HiGHS
    and CBC would print different plans for the same optimum. Each model passes its own
    documented order (`optimizer.monthly.model.file_order`, the multi-year model's).
    """
    primes = _primes(len(ordered))
    n = len(ordered)
    weights = tuple((i, math.log(primes[n - 1 - k])) for k, i in enumerate(ordered))
    return Goal("file-order", True, weights, tie_break=True)


def _primes(count: int) -> list[int]:
    """The first `count` primes (2, 3, 5, ...)."""
    limit = max(16, int(count * (math.log(count + 2) + math.log(math.log(count + 2)) + 2)))
    sieve = bytearray([1]) * (limit + 1)
    sieve[:2] = b"\x00\x00"
    for i in range(2, int(limit**0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytearray(len(range(i * i, limit + 1, i)))
    return [i for i, flag in enumerate(sieve) if flag][:count]
