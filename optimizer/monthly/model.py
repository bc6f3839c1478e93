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

from optimizer.model import (
    HALF_RUPIAH,
    MONEY_UNIT,
    TARGET_SCALE,
    Goal,
    GoalTerms,
    Mode,
    Program,
    Row,
    Sense,
    Variable,
    add_extra_and_short,
    baseline_goal,
    goal_sequence,
)
from optimizer.monthly.months import (
    LAST_MONTH,
    Run,
    available_by,
    reporting_month,
    run_credit,
    run_participants,
    runs_of,
    segments,
)
from optimizer.scenario import Metric, Objective, Scenario


def run_role(v: Variable) -> tuple[str, str, str, Run] | None:
    """(source, group, segment, run) of a run variable, else None."""
    if v.role[0] != "run":
        return None
    return v.role[1], v.role[2], v.role[3], Run(int(v.role[4]), int(v.role[5]))


def build_monthly_program(
    scenario: Scenario,
    objective: Objective,
    metric: Metric,
    mode: Mode | None = None,
    top_up_sources: tuple[str, ...] = (),
    with_target: bool = True,
) -> Program:
    """The monthly integer program; arguments as `optimizer.model.build_program`.

    Extra money of MIN_EXTRA_BUDGET mode is taken to arrive in January.
    """
    mode = mode or Mode(objective.value)
    report = reporting_month(scenario)
    variables: list[Variable] = []
    for seg in segments(scenario):
        for gid in seg.groups:
            g = scenario.group(gid)
            upper = float(min(seg.persons, g.max_persons))
            for s in scenario.sources:
                if not s.may_pay_for(gid):
                    continue
                for r in runs_of(g, report):
                    role = ("run", s.id, gid, seg.id, str(r.first), str(r.last))
                    name = f"y[{s.id},{gid},{seg.id},{r.first}-{r.last}]"
                    variables.append(Variable(name, upper, True, role))
    runs = [(i, run_role(v)) for i, v in enumerate(variables)]
    extra, short = add_extra_and_short(variables, scenario, mode, top_up_sources)

    def price(sid: str, gid: str) -> int:
        return scenario.package(scenario.group(gid).package).price_for(sid)

    rows: list[Row] = []
    for s in scenario.sources:
        for t in range(1, LAST_MONTH + 1):
            if t < LAST_MONTH and available_by(s, t) == available_by(s, t + 1):
                continue
            coeffs = [
                (i, price(sid, gid) * r.months_paid_by(t) / MONEY_UNIT)
                for i, (sid, gid, _, r) in runs
                if sid == s.id and r.months_paid_by(t) > 0
            ]
            if s.id in extra:
                coeffs.append((extra[s.id], -1.0))
            name = f"budget[{s.id}]" if t == LAST_MONTH else f"arrived[{s.id},{t}]"
            rhs = available_by(s, t) / MONEY_UNIT
            rows.append(Row(name, tuple(coeffs), Sense.LE, rhs, HALF_RUPIAH))
    for seg in segments(scenario):
        members = tuple((i, 1.0) for i, (_, _, k, _) in runs if k == seg.id)
        rows.append(Row(f"segment[{seg.id}]", members, Sense.LE, float(seg.persons)))
    for g in scenario.groups:
        in_g = {seg.id for seg in segments(scenario) if g.id in seg.groups}
        members = tuple((i, 1.0) for i, (_, _, k, _) in runs if k in in_g)
        if g.max_persons < g.uncovered:
            rows.append(Row(f"cap[{g.id}]", members, Sense.LE, float(g.max_persons)))
        if g.min_persons > 0:
            floor_coeffs = members + (((short[g.id], 1.0),) if g.id in short else ())
            rows.append(Row(f"floor[{g.id}]", floor_coeffs, Sense.GE, float(g.min_persons)))
    if with_target and objective is Objective.MIN_COST and mode in (Mode.MIN_COST, Mode.MIN_EXTRA_BUDGET):
        gap = scenario.region.target - scenario.region.active
        coeffs = tuple(
            (i, round(TARGET_SCALE * run_participants(scenario, scenario.source(sid), r, metric, report)))
            for i, (sid, _, _, r) in runs
        )
        rows.append(Row("target", coeffs, Sense.GE, float(TARGET_SCALE * max(gap, 0))))
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, (sid, gid, _, _) in runs:
        pairs.setdefault((sid, gid), []).append(i)
    distance = baseline_goal(scenario, variables, rows, pairs)
    goals = _goals(scenario, metric, mode, runs, report, extra, short, price, distance)
    return Program(tuple(variables), tuple(rows), goals)


def _goals(scenario, metric, mode, runs, report, extra, short, price, distance) -> tuple[Goal, ...]:
    terms = [
        GoalTerms(
            i,
            sid,
            price(sid, gid) * r.length / MONEY_UNIT,
            scenario.group(gid).weight * run_credit(scenario, scenario.source(sid), r, metric, report),
            run_participants(scenario, scenario.source(sid), r, metric, report),
        )
        for i, (sid, gid, _, r) in runs
    ]
    return goal_sequence(scenario, mode, terms, extra, short, file_order(scenario, runs), distance)


def file_order(scenario: Scenario, runs) -> list[int]:
    """The last tie-break, as the annual model's `file_order_goal`: among plans equal on every
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
