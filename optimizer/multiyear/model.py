"""The multi-year program as plain data (see README, "The model: several years").

Cohorts: a[g,c] persons of group g who join in year c. With continuity "keep" a
cohort stays covered in every later year of the horizon and must be paid for in
each of them (the taper says how many months the plan pays in the k-th year of
membership; the worker pays the rest). With "yearly" a cohort lives one year.

    x[s,g,c,t] >= 0 integer   persons of cohort (g, c) whose premium source s pays in year t
    pay[g,c,t]:      sum_s x[s,g,c,t] = a[g,c]               for every year t the cohort is paid in
    budget[s,t]:     sum c[s,g,t-c] x[s,g,c,t] <= B[s,t]     (Rp million, + half a Rupiah)
    headcount[g,t]:  sum_{c alive at t} a[g,c] <= min(H[g,t], cap)
    floor[g,t]:      sum_{c alive at t} a[g,c] >= floor
    target[t]:       sum_{g, c alive at t} a[g,c] + short[t] >= T[t] - A[t]

Goals: min-cost: (1) least total shortfall, (2) least cost, (3) spending order, (4) file order;
max-coverage: (1) most weighted person-years, (2) least cost, (3) spending order, (4) file order.
"""

from __future__ import annotations

from optimizer.model import HALF_RUPIAH, MONEY_UNIT, Goal, Program, Row, Sense, Variable, order_goal
from optimizer.multiyear.horizon import Continuity, Horizon
from optimizer.scenario import Objective, Scenario


def alive(horizon: Horizon, group_id: str, cohort: int, t: int) -> bool:
    """Is the cohort that joined in year index `cohort` covered in year index `t`?"""
    if horizon.group_continuity(group_id) is Continuity.YEARLY:
        return t == cohort
    return t >= cohort


def build_multiyear(scenario: Scenario, horizon: Horizon, objective: Objective) -> Program:
    n = len(horizon.years)
    variables: list[Variable] = []
    cohort: dict[tuple[str, int], int] = {}
    for g in scenario.groups:
        for c in range(n):
            cohort[g.id, c] = len(variables)
            upper = float(max(horizon.uncovered(scenario, g.id, t) for t in range(c, n)))
            variables.append(Variable(f"a[{g.id},{c}]", upper, True, ("cohort", g.id, str(c))))
    pays: dict[tuple[str, str, int, int], int] = {}
    rows: list[Row] = []
    for g in scenario.groups:
        payers = [s for s in scenario.sources if s.may_pay_for(g.id)]
        for c in range(n):
            for t in range(c, n):
                if not alive(horizon, g.id, c, t) or horizon.public_months(scenario, g.id, t - c) == 0:
                    continue
                keys = []
                for s in payers:
                    pays[s.id, g.id, c, t] = len(variables)
                    keys.append(len(variables))
                    variables.append(
                        Variable(f"x[{s.id},{g.id},{c},{t}]", None, True, ("pay", s.id, g.id, str(c), str(t)))
                    )
                coeffs = tuple((i, 1.0) for i in keys) + ((cohort[g.id, c], -1.0),)
                # Every member of a living cohort is paid for, by some eligible source.
                rows.append(Row(f"pay[{g.id},{c},{t}]", coeffs, Sense.LE, 0.0))
                rows.append(Row(f"pay[{g.id},{c},{t}]", coeffs, Sense.GE, 0.0))

    def cost(key) -> float:
        sid, gid, c, t = key
        return unit_cost(scenario, horizon, sid, gid, t - c) / MONEY_UNIT

    for s in scenario.sources:
        for t in range(n):
            coeffs = tuple((i, cost(k)) for k, i in pays.items() if k[0] == s.id and k[3] == t)
            if coeffs:
                rhs = horizon.budget(scenario, s.id, t) / MONEY_UNIT
                rows.append(Row(f"budget[{s.id},{t}]", coeffs, Sense.LE, rhs, HALF_RUPIAH))
    covered: dict[int, list[tuple[int, float]]] = {t: [] for t in range(n)}
    for g in scenario.groups:
        for t in range(n):
            members = tuple((cohort[g.id, c], 1.0) for c in range(t + 1) if alive(horizon, g.id, c, t))
            covered[t].extend(members)
            head = horizon.uncovered(scenario, g.id, t)
            cap = head if g.cap is None else min(head, g.cap.resolve(head, round_up=False))
            rows.append(Row(f"headcount[{g.id},{t}]", members, Sense.LE, float(cap)))
            floor = 0 if g.floor is None else g.floor.resolve(head, round_up=True)
            if floor > 0:
                rows.append(Row(f"floor[{g.id},{t}]", members, Sense.GE, float(floor)))
    short: dict[int, int] = {}
    without = horizon.active_without_plan(scenario)
    for t in range(n):
        gap = horizon.target(scenario, t) - without[t]
        if gap > 0:
            short[t] = len(variables)
            variables.append(Variable(f"short[{t}]", float(gap), False, ("short", str(t))))
            rows.append(Row(f"target[{t}]", (*covered[t], (short[t], 1.0)), Sense.GE, float(gap)))
    money = tuple((i, cost(k)) for k, i in pays.items())
    spending = []
    for src in reversed(scenario.ordered_sources()):
        coeffs = tuple((i, cost(k)) for k, i in pays.items() if k[0] == src.id)
        if coeffs:
            spending.append(Goal(f"spend[{src.id}]", False, coeffs))
    cost_goal = Goal("cost", False, money)
    if objective is Objective.MIN_COST:
        first = Goal("shortfall", False, tuple((i, 1.0) for i in short.values()))
    else:
        weights = {g.id: g.weight for g in scenario.groups}
        first = Goal(
            "person-years",
            True,
            tuple(
                (cohort[g.id, c], weights[g.id] * sum(alive(horizon, g.id, c, t) for t in range(n)))
                for g in scenario.groups
                for c in range(n)
            ),
        )
    # Last tie-break (as the annual model's file order): among plans equal on every earlier goal,
    # payments go to the earliest source, then group (file order), then cohort, then year.
    source = {s.id: k for k, s in enumerate(scenario.sources)}
    group = {g.id: k for k, g in enumerate(scenario.groups)}
    order = order_goal([pays[k] for k in sorted(pays, key=lambda k: (source[k[0]], group[k[1]], k[2], k[3]))])
    tail = (cost_goal, *spending, order) if pays else (cost_goal, *spending)
    goals = (first, *tail) if first.coeffs else tail
    return Program(tuple(variables), tuple(rows), goals)


def unit_cost(
    scenario: Scenario, horizon: Horizon, source_id: str, group_id: str, membership_year: int
) -> int:
    """Rupiah the source pays for one person in the given year of membership."""
    group = scenario.group(group_id)
    price = scenario.package(group.package).price_for(source_id)
    return price * horizon.public_months(scenario, group_id, membership_year)
