"""The multi-year program as plain data (see README, "The model: several years").

Cohorts: a[g,c] persons of group g who join in year c. With continuity "keep" a
cohort stays covered in every later year of the horizon and must be paid for in
each of them (the taper says how many months the plan pays in the k-th year of
membership; the worker pays the rest). With "yearly" a cohort lives one year.

    x[s,g,c,t,r] >= 0 integer persons of cohort (g, c) whose premium source s pays in year t,
                              for the months of run r (`paid_runs`: one run a year without
                              monthly fields, the last m months of the year)
    pay[g,c,t]:      sum_{s,r} x[s,g,c,t,r] = a[g,c]         for every year t the cohort is paid in
                     (two rows, pay-at-most and pay-at-least)
    arrived[s,t,m]:  sum p[s,g] paid_r(m) x[s,g,c,t,r] <= A[s,t,m]   money paid by month m of year t
                     <= money arrived by then (months before new money; December is budget[s,t])
    headcount[g,t]:  sum_{c alive at t} a[g,c] <= min(H[g,t], cap)
    floor[g,t]:      sum_{c alive at t} a[g,c] >= floor
    target[t]:       sum_{g, c alive at t} a[g,c] + short[t] >= T[t] - A[t]

Goals: min-cost: (1) least total shortfall, (2) least cost, (3) spending order, (4) file order;
max-coverage: (1) most weighted person-years, (2) least cost, (3) spending order, (4) file order.
When the floors cannot all be paid: first the fewest persons short of the floors (all years).
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.model import HALF_RUPIAH, MONEY_UNIT, Goal, Program, Row, RowKind, Sense, Variable, order_goal
from optimizer.monthly.months import (
    LAST_MONTH,
    Run,
    available_by,
    months_before_new_money,
    reporting_month,
    runs_of,
    uses_monthly_model,
)
from optimizer.multiyear.horizon import Continuity, Horizon
from optimizer.scenario import Group, Objective, Scenario


def alive(horizon: Horizon, group_id: str, cohort: int, t: int) -> bool:
    """Is the cohort that joined in year index `cohort` covered in year index `t`?"""
    if horizon.group_continuity(group_id) is Continuity.YEARLY:
        return t == cohort
    return t >= cohort


#: (source, group, cohort, year, run) of a payment variable x[s,g,c,t,r].
PayKey = tuple[str, str, int, int, Run]


def paid_runs(scenario: Scenario, horizon: Horizon, group_id: str, membership_year: int) -> tuple[Run, ...]:
    """The months the plan may pay for one person in the given year of membership, one run each.

    A tapered person is covered all year and the plan pays the last m months (the worker the
    first ones); anyone else is covered on one run the group allows (`runs_of`) that includes
    the reporting month: covered means active at the reporting date, every year. Without
    monthly fields this is the one run of the group's months ending in December.
    """
    months = horizon.public_months(scenario, group_id, membership_year)
    if months == 0:
        return ()
    if group_id in dict(horizon.taper):
        return (Run(LAST_MONTH - months + 1, LAST_MONTH),)
    report = reporting_month(scenario)
    return tuple(r for r in runs_of(scenario.group(group_id), report) if r.covers(report))


@dataclass(frozen=True)
class CohortKey:
    """a[g,c]: persons of group g who join in year index c."""

    group: str
    cohort: int


@dataclass(frozen=True)
class PaymentKey:
    """x[s,g,c,t,r]: persons of cohort (g, c) whose premium source s pays in year index t, on run r."""

    source: str
    group: str
    cohort: int
    year: int
    run: Run


@dataclass(frozen=True)
class TargetShortKey:
    """short[t]: participants the year-t target is missed by (min-cost)."""

    year: int


@dataclass(frozen=True)
class FloorYearShortKey:
    """Persons group g's floor is left short in year index t (the floors fallback)."""

    group: str
    year: int


def build_multiyear(
    scenario: Scenario, horizon: Horizon, objective: Objective, short_floors: bool = False
) -> Program:
    """The multi-year integer program of the module docstring: pure data, no solver, no files.

    `short_floors=True` is the floors fallback, as for one-year plans: each floor[g,t] row may be
    left short (one variable each), and the first goal is the fewest persons short in all."""
    # Variables and rows are appended in a fixed order: the column and row order can change
    # which of several equal optima a solver returns, and the golden plans depend on it.
    variables: list[Variable] = []
    rows: list[Row] = []
    cohort = _add_cohorts(variables, scenario, horizon)
    pays = _add_payments(variables, rows, scenario, horizon, cohort)
    rows += _budget_rows(scenario, horizon, pays)
    floor_short: dict[tuple[str, int], int] | None = {} if short_floors else None
    covered = _add_group_rows(rows, scenario, horizon, cohort, variables, floor_short)
    short = _add_targets(variables, rows, scenario, horizon, covered)
    goals = _goals(scenario, horizon, objective, cohort, pays, short)
    if floor_short:
        goals = (Goal("floor-shortfall", False, tuple((i, 1.0) for i in floor_short.values())), *goals)
    return Program(tuple(variables), tuple(rows), goals)


def _add_cohorts(
    variables: list[Variable], scenario: Scenario, horizon: Horizon
) -> dict[tuple[str, int], int]:
    """Append a[g,c] for every group and joining year; return their indices by (group, cohort)."""
    n = len(horizon.years)
    cohort: dict[tuple[str, int], int] = {}
    for g in scenario.groups:
        for c in range(n):
            cohort[g.id, c] = len(variables)
            # A loose bound (most uncovered from year c on); headcount[g,t] holds each year's.
            upper = float(max(horizon.uncovered(scenario, g.id, t) for t in range(c, n)))
            variables.append(Variable(f"a[{g.id},{c}]", upper, True, CohortKey(g.id, c)))
    return cohort


def _add_payments(
    variables: list[Variable],
    rows: list[Row],
    scenario: Scenario,
    horizon: Horizon,
    cohort: dict[tuple[str, int], int],
) -> dict[PayKey, int]:
    """Append x[s,g,c,t,r] and the pay[g,c,t] rows for every year a cohort is paid for."""
    n = len(horizon.years)
    named_runs = uses_monthly_model(scenario)
    pays: dict[PayKey, int] = {}
    for g in scenario.groups:
        payers = [s for s in scenario.sources if s.may_pay_for(g.id)]
        for c in range(n):
            for t in range(c, n):
                runs = paid_runs(scenario, horizon, g.id, t - c) if alive(horizon, g.id, c, t) else ()
                if not runs:
                    continue
                keys = []
                for s in payers:
                    for r in runs:
                        pays[s.id, g.id, c, t, r] = len(variables)
                        keys.append(len(variables))
                        name = f"x[{s.id},{g.id},{c},{t}" + (f",{r.first}-{r.last}]" if named_runs else "]")
                        variables.append(Variable(name, None, True, PaymentKey(s.id, g.id, c, t, r)))
                coeffs = tuple((i, 1.0) for i in keys) + ((cohort[g.id, c], -1.0),)
                # Every member of a living cohort is paid for, by some eligible source.
                ids = (g.id, str(c), str(t))
                rows.append(Row(RowKind.PAY_AT_MOST, ids, coeffs, Sense.LE, 0.0))
                rows.append(Row(RowKind.PAY_AT_LEAST, ids, coeffs, Sense.GE, 0.0))
    return pays


def _price(scenario: Scenario, source_id: str, group_id: str) -> int:
    """Rupiah a month the source pays for one member of the group."""
    return scenario.package(scenario.group(group_id).package).price_for(source_id)


def _money(scenario: Scenario, key: PayKey) -> float:
    """Rp million that one person of payment variable `key` costs its source."""
    sid, gid, _, _, run = key
    return _price(scenario, sid, gid) * run.length / MONEY_UNIT


def _budget_rows(scenario: Scenario, horizon: Horizon, pays: dict[PayKey, int]) -> list[Row]:
    """arrived[s,t,m] and budget[s,t] (m = December) for every source and year with something to pay.

    As in one year (`optimizer.monthly.model`): only months after which more money arrives need a
    row; money rows have half a Rupiah of headroom.
    """
    rows = []
    for s in scenario.sources:
        for t in range(len(horizon.years)):
            source = horizon.source_in(scenario, s.id, t)
            for m in months_before_new_money(source):
                coeffs = tuple(
                    (i, _price(scenario, s.id, k[1]) * k[4].months_paid_by(m) / MONEY_UNIT)
                    for k, i in pays.items()
                    if k[0] == s.id and k[3] == t and k[4].months_paid_by(m) > 0
                )
                if not coeffs:
                    continue
                rhs = available_by(source, m) / MONEY_UNIT
                if m == LAST_MONTH:
                    kind, ids = RowKind.BUDGET, (s.id, str(t))
                else:
                    kind, ids = RowKind.ARRIVED, (s.id, str(t), str(m))
                rows.append(Row(kind, ids, coeffs, Sense.LE, rhs, HALF_RUPIAH))
    return rows


def _add_group_rows(
    rows: list[Row],
    scenario: Scenario,
    horizon: Horizon,
    cohort: dict[tuple[str, int], int],
    variables: list[Variable],
    floor_short: dict[tuple[str, int], int] | None,
) -> dict[int, list[tuple[int, float]]]:
    """Append headcount[g,t] and floor[g,t] (with a shortfall variable each, indexed in
    `floor_short`, unless it is None); return the covered persons' terms by year (for the targets)."""
    n = len(horizon.years)
    covered: dict[int, list[tuple[int, float]]] = {t: [] for t in range(n)}
    for g in scenario.groups:
        for t in range(n):
            members = tuple((cohort[g.id, c], 1.0) for c in range(t + 1) if alive(horizon, g.id, c, t))
            covered[t].extend(members)
            head = horizon.uncovered(scenario, g.id, t)
            rows.append(Row(RowKind.HEADCOUNT, (g.id, str(t)), members, Sense.LE, float(year_cap(g, head))))
            floor = year_floor(g, head)
            if floor > 0:
                terms = members
                if floor_short is not None:
                    floor_short[g.id, t] = len(variables)
                    variables.append(Variable(f"floor-short[{g.id},{t}]", float(floor), True,
                                              FloorYearShortKey(g.id, t)))  # fmt: skip
                    terms = (*members, (floor_short[g.id, t], 1.0))
                rows.append(Row(RowKind.FLOOR, (g.id, str(t)), terms, Sense.GE, float(floor)))
    return covered


def year_cap(group: Group, head: int) -> int:
    """Most persons of the group the plan may cover in a year with `head` uncovered."""
    return head if group.cap is None else min(head, group.cap.resolve(head, round_up=False))


def year_floor(group: Group, head: int) -> int:
    """Fewest persons of the group the plan must cover in a year with `head` uncovered."""
    return 0 if group.floor is None else group.floor.resolve(head, round_up=True)


def _add_targets(
    variables: list[Variable],
    rows: list[Row],
    scenario: Scenario,
    horizon: Horizon,
    covered: dict[int, list[tuple[int, float]]],
) -> dict[int, int]:
    """Append short[t] and target[t] for every year the target is above those active without the plan."""
    short: dict[int, int] = {}
    without = horizon.active_without_plan(scenario)
    for t in range(len(horizon.years)):
        gap = horizon.target(scenario, t) - without[t]
        if gap > 0:
            short[t] = len(variables)
            variables.append(Variable(f"short[{t}]", float(gap), False, TargetShortKey(t)))
            rows.append(Row(RowKind.TARGET, (str(t),), (*covered[t], (short[t], 1.0)), Sense.GE, float(gap)))
    return short


def _goals(
    scenario: Scenario,
    horizon: Horizon,
    objective: Objective,
    cohort: dict[tuple[str, int], int],
    pays: dict[PayKey, int],
    short: dict[int, int],
) -> tuple[Goal, ...]:
    """The lexicographic goals of the module docstring; a first goal without terms is left out."""
    if objective is Objective.MIN_COST:
        first = Goal("shortfall", False, tuple((i, 1.0) for i in short.values()))
    else:
        first = _person_years_goal(scenario, horizon, cohort)
    cost_goal = Goal("cost", False, tuple((i, _money(scenario, k)) for k, i in pays.items()))
    tail = (cost_goal, _order_goal(scenario, pays)) if pays else (cost_goal,)
    return (first, *tail) if first.coeffs else tail


def _person_years_goal(scenario: Scenario, horizon: Horizon, cohort: dict[tuple[str, int], int]) -> Goal:
    """Most weighted person-years: a cohort counts once for every year it lives."""
    n = len(horizon.years)
    weights = {g.id: g.weight for g in scenario.groups}
    return Goal(
        "person-years",
        True,
        tuple(
            (cohort[g.id, c], weights[g.id] * sum(alive(horizon, g.id, c, t) for t in range(n)))
            for g in scenario.groups
            for c in range(n)
        ),
    )


def _order_goal(scenario: Scenario, pays: dict[PayKey, int]) -> Goal:
    """The one-region model's last tie-break (`optimizer.model.goal_sequence`): among plans equal
    on every earlier goal, payments go to the source to spend first (`spending_order`), then the
    earliest source, group (file order), cohort, year and run. One weighted stage instead of a
    least-spend stage per source, each a hard MIP of its own (issue 11)."""
    spend = {s.id: k for k, s in enumerate(scenario.ordered_sources())}
    source = {s.id: k for k, s in enumerate(scenario.sources)}
    group = {g.id: k for k, g in enumerate(scenario.groups)}
    ordered = sorted(
        pays, key=lambda k: (spend[k[0]], source[k[0]], group[k[1]], k[2], k[3], k[4].first, k[4].last)
    )
    return order_goal([pays[k] for k in ordered])


def unit_cost(scenario: Scenario, source_id: str, group_id: str, run: Run) -> int:
    """Rupiah the source pays for one person paid for the months of `run`."""
    return _price(scenario, source_id, group_id) * run.length
