"""Build the monthly coverage program: pure data, no solver, no files.

The program (README, "The monthly model"):

    y[s,g,k,r] >= 0, integer   persons of segment k covered as members of group g,
                               paid by source s, on run r = months first..last
    arrived[s,t]:  sum p[s,g] * paid(r,t) * y  <= A[s,t]  money paid by month t <= arrived by t
    segment[k]:    sum y[.,.,k,.]              <= n[k]    each person covered at most once
    cap[g]:        members of g covered        <= U[g]
    floor[g]:      members of g covered        >= F[g]
    target:        sum 12 * t[s,r] * y         >= 12 * (target - active)   (min-cost only)

paid(r,t) = months of r up to t (premiums are paid month by month); A[s,t] is the
premium money arrived by the end of month t. Only months after which more money
arrives, and December, need a row: spending never falls, so the others are implied.
Goals are the annual model's (`optimizer.model`), with each run's own credit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from optimizer.model import (
    HALF_RUPIAH,
    MONEY_UNIT,
    TARGET_SCALE,
    FloorShortKey,
    Goal,
    GoalTerms,
    Mode,
    Program,
    Row,
    RowKind,
    Sense,
    Variable,
    add_extra_and_short,
    baseline_goal,
    goal_sequence,
    with_target_gap,
)
from optimizer.monthly.months import (
    LAST_MONTH,
    Run,
    Segment,
    available_by,
    months_before_new_money,
    reporting_month,
    run_credit,
    run_participants,
    runs_of,
    segments,
)
from optimizer.scenario import Metric, Objective, Scenario


@dataclass(frozen=True)
class RunKey:
    """y[s,g,k,r]: persons of segment k covered as members of group g, paid by source s on run r."""

    source: str
    group: str
    segment: str
    run: Run

    def as_tuple(self) -> tuple[str, str, str, Run]:
        """The key of `optimizer.monthly.result.Runs`."""
        return self.source, self.group, self.segment, self.run


def run_role(v: Variable) -> tuple[str, str, str, Run] | None:
    """(source, group, segment, run) of a run variable, else None."""
    return v.key.as_tuple() if isinstance(v.key, RunKey) else None


def solution_runs(
    program: Program, values
) -> tuple[dict[tuple[str, str, str, Run], int], list[tuple[str, int]]]:
    """Whole persons on each (source, group, segment, run) with any, and each floor's shortfall."""
    runs: dict[tuple[str, str, str, Run], int] = {}
    short: list[tuple[str, int]] = []
    for v, value in zip(program.variables, values, strict=True):
        role = run_role(v)
        if role is not None and value > 0:
            runs[role] = int(value)
        elif isinstance(v.key, FloorShortKey) and value:
            short.append((v.key.group, int(value)))
    return runs, short


#: (index of a run variable y, its (source, group, segment, run)).
IndexedRun = tuple[int, tuple[str, str, str, Run]]


def build_monthly_program(
    scenario: Scenario,
    objective: Objective,
    metric: Metric,
    mode: Mode | None = None,
    top_up_sources: tuple[str, ...] = (),
    with_target: bool = True,
) -> Program:
    """The integer program for `scenario` in `mode` (default: the planner's objective).

    `top_up_sources` get an extra-money variable in MIN_EXTRA_BUDGET mode, taken to
    arrive in January; `with_target=False` drops the target row (to test floors alone).
    An annual scenario is this program with one run per group.
    """
    # Variables and rows are appended in a fixed order: the column and row order can change
    # which of several equal optima a solver returns, and the golden plans depend on it.
    mode = mode or Mode(objective.value)
    report = reporting_month(scenario)
    parts = segments(scenario)
    variables = _run_variables(scenario, parts, report)
    runs: list[IndexedRun] = [(i, run_role(v)) for i, v in enumerate(variables)]
    extra, short = add_extra_and_short(variables, scenario, mode, top_up_sources)
    rows = [
        *_money_rows(scenario, runs, extra),
        *_segment_rows(parts, runs),
        *_group_rows(scenario, parts, runs, short),
    ]
    gap = None
    if _needs_target(objective, mode, with_target):
        rows.append(_target_row(scenario, runs, metric, report))
    elif mode is Mode.MIN_FLOOR_SHORTFALL and objective is Objective.MIN_COST and with_target:
        target, gap = with_target_gap(_target_row(scenario, runs, metric, report), variables)
        rows.append(target)
    distance = baseline_goal(scenario, variables, rows, _runs_by_pair(runs))
    goals = _goals(scenario, metric, mode, runs, report, extra, short, distance, objective, gap)
    return Program(tuple(variables), tuple(rows), goals)


def _run_variables(scenario: Scenario, parts: tuple[Segment, ...], report: int) -> list[Variable]:
    """y[s,g,k,r] for every segment k, group g it belongs to, eligible source s and allowed run r."""
    variables: list[Variable] = []
    for seg in parts:
        for gid in seg.groups:
            g = scenario.group(gid)
            upper = float(min(seg.persons, g.max_persons))
            for s in scenario.sources:
                if not s.may_pay_for(gid):
                    continue
                for r in runs_of(g, report):
                    name = f"y[{s.id},{gid},{seg.id},{r.first}-{r.last}]"
                    variables.append(Variable(name, upper, True, RunKey(s.id, gid, seg.id, r)))
    return variables


def _price(scenario: Scenario, source_id: str, group_id: str) -> int:
    """Rupiah a month the source pays for one member of the group."""
    return scenario.package(scenario.group(group_id).package).price_for(source_id)


def _money_rows(scenario: Scenario, runs: list[IndexedRun], extra: dict[str, int]) -> list[Row]:
    """arrived[s,t] for the months that need a row, and budget[s] for December."""
    rows = []
    for s in scenario.sources:
        for t in months_before_new_money(s):
            coeffs = [
                (i, _price(scenario, sid, gid) * r.months_paid_by(t) / MONEY_UNIT)
                for i, (sid, gid, _, r) in runs
                if sid == s.id and r.months_paid_by(t) > 0
            ]
            if s.id in extra:
                coeffs.append((extra[s.id], -1.0))
            kind, ids = (RowKind.BUDGET, (s.id,)) if t == LAST_MONTH else (RowKind.ARRIVED, (s.id, str(t)))
            rhs = available_by(s, t) / MONEY_UNIT
            rows.append(Row(kind, ids, tuple(coeffs), Sense.LE, rhs, HALF_RUPIAH))
    return rows


def with_money_of(program: Program, scenario: Scenario) -> Program | None:
    """The program `build_monthly_program` gives for `scenario`, from `program` built for the same
    scenario, question and metric with other premium money; None when `program` lacks a money row
    that `scenario` needs (then build it afresh).

    Premium money only sets the money rows: their right-hand sides, and which months need a row
    (`months_before_new_money`); variables, coefficients and goals do not depend on it. A budget
    frontier solves a hundred levels of one scenario: this spares it a hundred builds.
    """
    needed: dict[tuple[RowKind, tuple[str, ...]], float] = {}
    for s in scenario.sources:
        for t in months_before_new_money(s):
            key = (RowKind.BUDGET, (s.id,)) if t == LAST_MONTH else (RowKind.ARRIVED, (s.id, str(t)))
            needed[key] = available_by(s, t) / MONEY_UNIT
    rows = []
    for row in program.rows:
        if row.kind is RowKind.BUDGET or row.kind is RowKind.ARRIVED:
            if (row.kind, row.ids) not in needed:
                continue  # implied at this money (spending never falls)
            row = replace(row, rhs=needed.pop((row.kind, row.ids)))
        rows.append(row)
    return replace(program, rows=tuple(rows)) if not needed else None


def _segment_rows(parts: tuple[Segment, ...], runs: list[IndexedRun]) -> list[Row]:
    """segment[k]: each person of a segment is covered at most once, in whichever group."""
    rows = []
    for seg in parts:
        members = tuple((i, 1.0) for i, (_, _, k, _) in runs if k == seg.id)
        rows.append(Row(RowKind.SEGMENT, (seg.id,), members, Sense.LE, float(seg.persons)))
    return rows


def _group_rows(
    scenario: Scenario, parts: tuple[Segment, ...], runs: list[IndexedRun], short: dict[str, int]
) -> list[Row]:
    """cap[g] where it binds below the uncovered headcount, and floor[g] (with its shortfall, if any)."""
    rows = []
    for g in scenario.groups:
        # Members of every segment the group is part of count, overlap persons included.
        in_g = {seg.id for seg in parts if g.id in seg.groups}
        members = tuple((i, 1.0) for i, (_, _, k, _) in runs if k in in_g)
        if g.max_persons < g.uncovered:
            rows.append(Row(RowKind.CAP, (g.id,), members, Sense.LE, float(g.max_persons)))
        if g.min_persons > 0:
            floor_coeffs = members + (((short[g.id], 1.0),) if g.id in short else ())
            rows.append(Row(RowKind.FLOOR, (g.id,), floor_coeffs, Sense.GE, float(g.min_persons)))
    return rows


def _needs_target(objective: Objective, mode: Mode, with_target: bool) -> bool:
    """As the annual model: only a min-cost scenario has a target row, in the modes that aim at it."""
    return with_target and objective is Objective.MIN_COST and mode in (Mode.MIN_COST, Mode.MIN_EXTRA_BUDGET)


def _target_row(scenario: Scenario, runs: list[IndexedRun], metric: Metric, report: int) -> Row:
    """target: credited participants >= target - active, scaled by 12 to whole coefficients."""
    gap = scenario.region.target - scenario.region.active
    coeffs = tuple(
        (i, round(TARGET_SCALE * run_participants(scenario, scenario.source(sid), r, metric, report)))
        for i, (sid, _, _, r) in runs
    )
    return Row(RowKind.TARGET, (), coeffs, Sense.GE, float(TARGET_SCALE * max(gap, 0)))


def _runs_by_pair(runs: list[IndexedRun]) -> dict[tuple[str, str], list[int]]:
    """The run variables of each (source, group), in variable order (for the baseline distance)."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, (sid, gid, _, _) in runs:
        pairs.setdefault((sid, gid), []).append(i)
    return pairs


def _goals(scenario, metric, mode, runs, report, extra, short, distance, objective, gap) -> tuple[Goal, ...]:
    """The annual model's goal sequence, with each run's own cost and credit."""
    terms = [
        GoalTerms(
            i,
            sid,
            _price(scenario, sid, gid) * r.length / MONEY_UNIT,
            scenario.group(gid).weight * run_credit(scenario, scenario.source(sid), r, metric, report),
            run_participants(scenario, scenario.source(sid), r, metric, report),
            1.0 if r.covers(report) else 0.0,
        )
        for i, (sid, gid, _, r) in runs
    ]
    order = file_order(scenario, runs)
    return goal_sequence(scenario, mode, terms, extra, short, order, distance, objective, gap)


def file_order(scenario: Scenario, runs) -> list[int]:
    """The order of the last tie-break (`optimizer.model.order_goal`): among plans equal on every
    earlier goal, persons go to the earliest source, then group (file order), then overlap
    segment, then the earliest run (first month, then last month). Without it HiGHS and CBC
    print different plans for the same optimum (two sources of equal price paying for two groups).
    """
    source = {s.id: k for k, s in enumerate(scenario.sources)}
    group = {g.id: k for k, g in enumerate(scenario.groups)}
    segment = {seg.id: k for k, seg in enumerate(segments(scenario))}

    def key(i_role):
        _, (sid, gid, seg, r) = i_role
        return (source[sid], group[gid], segment[seg], r.first, r.last)

    return [i for i, _ in sorted(runs, key=key)]
