"""Plan several years at once: who is paid for, from which source, year by year.

`plan_years` builds the cohort program of `optimizer.multiyear.model`, solves it
lexicographically through `optimizer.solve`, and re-checks the plan in exact
Rupiah (money arrived by every month of every year, headcounts, continuity) before returning it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from optimizer.checks import check_errors, check_warnings
from optimizer.errors import SolverError
from optimizer.messages import Msg
from optimizer.model import Mode
from optimizer.monthly.months import FIRST_MONTH, LAST_MONTH, Run, available_by, uses_monthly_model
from optimizer.multiyear.horizon import Horizon, check_plan_years
from optimizer.multiyear.model import (
    CohortKey,
    FloorYearShortKey,
    PaymentKey,
    alive,
    build_multiyear,
    paid_runs,
    unit_cost,
    year_cap,
    year_floor,
)
from optimizer.outcome import Outcome, fallback_modes, first_answer, order_warning
from optimizer.result import Plan, Rows, Shortfall
from optimizer.scenario import MONTHS_PER_YEAR, Metric, Objective, Scenario
from optimizer.solve import DEFAULT_SOLVER, solve_program
from optimizer.status import SolveStatus

#: years: one row per year of the horizon.
YEAR_COLUMNS = {
    "year": "calendar year",
    "workforce": "BPS working population that year",
    "active_without_plan": "participants not paid by the plan (after lapses and gains)",
    "paid_by_plan": "persons whose premium the plan pays (fully or partly) that year",
    "active_after": "active_without_plan + paid_by_plan",
    "rate_after": "active_after / workforce (fraction)",
    "target_rate": "target / workforce (fraction)",
    "target_participants": "the year's target in participants",
    "target_met": "active_after >= target_participants",
    "missing": "participants short of the target (0 when met)",
    "cost": "public Rupiah spent that year",
}
#: allocations: one row per (year, source, group, year joined) that pays for someone.
ALLOCATION_COLUMNS = {
    "year": "calendar year paid",
    "source": "source id",
    "group": "group id",
    "joined": "calendar year these persons joined (cohort)",
    "persons": "whole persons",
    "public_months": "months the source pays per person (the taper)",
    "worker_months": "months the worker pays per person (12 - public_months; 0 without a taper)",
    "monthly_price": "Rupiah per person-month when this source pays",
    "cost": "persons x public_months x monthly_price",
}
#: Added after `public_months` when the scenario has monthly fields: the months the source pays.
RUN_COLUMNS = {
    "first_month": "first month the source pays for (1 = January)",
    "last_month": "last month the source pays for",
}
#: groups: one row per year x group.
GROUP_YEAR_COLUMNS = {
    "year": "calendar year",
    "group": "group id",
    "name": "display name",
    "uncovered": "persons uncovered that year (after uncovered_growth)",
    "floor": "persons that must be covered that year",
    "cap": "persons that may be covered that year at most",
    "covered": "persons the plan pays for that year",
    "still_uncovered": "uncovered - covered",
}
#: sources: one row per year x source.
SOURCE_YEAR_COLUMNS = {
    "year": "calendar year",
    "source": "source id",
    "name": "display name",
    "kind": "apbd, dbh-cht, dbh-sawit, village, dana-desa, csr, zakat, province, other",
    "budget": "Rupiah that year (the file's budget, or [horizon.budgets])",
    "premium_budget": "Rupiah that may go to premiums that year",
    "used": "Rupiah the plan spends",
    "left": "premium_budget - used",
}


@dataclass(frozen=True)
class YearDetail:
    """What a multi-year plan adds to the one `Plan` (`Plan.years`)."""

    horizon: Horizon
    #: one row per year of the horizon (`YEAR_COLUMNS`)
    table: pd.DataFrame
    #: (group, calendar year, floor, persons short) of every floor the money cannot pay
    #: (outcome floors-unaffordable: the plan leaves the fewest persons short in all).
    floors_short: tuple[tuple[str, int, int, int], ...] = ()

    @property
    def targets_met(self) -> bool:
        return bool(self.table["target_met"].all())


def plan_years(
    scenario: Scenario,
    horizon: Horizon,
    objective: Objective | None = None,
    solver: str = DEFAULT_SOLVER,
    time_limit: float | None = None,
) -> Plan:
    """The optimal multi-year plan (objective defaults to the file's): a `Plan` with `years` set.

    Raises
    ------
    SolverError
        the solver failed. Floors the money cannot pay give the plan that leaves the fewest
        persons short (`YearDetail.floors_short`, outcome floors-unaffordable).
    """
    check_errors(scenario)
    check_plan_years(horizon, scenario)
    objective = objective or scenario.objective

    def solve_as(mode: Mode):
        short_floors = mode is Mode.MIN_FLOOR_SHORTFALL
        program = build_multiyear(scenario, horizon, objective, short_floors=short_floors)
        return program, solve_program(program, solver, time_limit)

    # The targets are soft already (fewest participants short, year by year): only floors make
    # the program infeasible (covering nobody keeps every other row).
    modes = fallback_modes(objective, target_fallback=False)
    _, (program, solution) = first_answer(
        modes, solve_as, lambda answer: answer[1].status is SolveStatus.INFEASIBLE
    )
    if not solution.status.has_plan:
        raise SolverError(f"solver {solver!r} stopped without a plan ({solution.status.value})")
    persons = {
        (v.key.source, v.key.group, v.key.cohort, v.key.year, v.key.run): int(value)
        for v, value in zip(program.variables, solution.values, strict=True)
        if isinstance(v.key, PaymentKey) and value > 0
    }
    cohorts = {
        (v.key.group, v.key.cohort): int(value)
        for v, value in zip(program.variables, solution.values, strict=True)
        if isinstance(v.key, CohortKey)
    }
    short = tuple(
        (v.key.group, horizon.years[v.key.year], int(v.upper), int(value))
        for v, value in zip(program.variables, solution.values, strict=True)
        if isinstance(v.key, FloorYearShortKey) and value > 0
    )
    plan = _plan(scenario, horizon, objective, solution, persons, cohorts, short)
    broken = violations(plan, cohorts)
    if broken:
        raise SolverError("the solver's multi-year plan breaks a rule: " + "; ".join(broken))
    return plan


def _plan(scenario, horizon, objective, solution, persons, cohorts, floors_short=()) -> Plan:
    """The `Plan` of a multi-year solution: every table one row per year (and source or group)."""
    alloc = _allocation_table(scenario, horizon, persons)
    table = _year_table(scenario, horizon, cohorts, alloc)
    years = YearDetail(horizon, table, floors_short)
    missing = int(table["missing"].sum())
    return Plan(
        scenario=scenario,
        objective=objective,
        metric=Metric.PERSONS,
        status=solution.status,
        outcome=_outcome(solution, objective, years),
        solver=solution.solver,
        gap=solution.gap,
        objective_value=_objective_value(scenario, horizon, objective, cohorts, alloc),
        bound=None,
        lp_bound=None,
        allocation_rows=Rows.of_frame(alloc),
        source_rows=Rows.of_frame(_source_year_table(scenario, horizon, alloc)),
        group_rows=Rows.of_frame(_group_year_table(scenario, horizon, cohorts)),
        coverage=None,
        total_cost=int(alloc["cost"].sum()),
        warnings=check_warnings(scenario) + order_warning(solution),
        shortfall=Shortfall(missing, (), ()) if missing else None,
        floor_shortfall=_floors_gap(floors_short),
        years=years,
    )


def _outcome(solution, objective: Objective, years: YearDetail) -> Outcome:
    if years.floors_short:
        return Outcome.FLOORS_UNAFFORDABLE
    if solution.status is not SolveStatus.OPTIMAL:
        return Outcome.NOT_PROVEN
    if objective is Objective.MIN_COST and not years.targets_met:
        return Outcome.TARGET_UNREACHABLE
    return Outcome.OPTIMAL


def _floors_gap(floors_short) -> Shortfall | None:
    """The floors short summed over the years, per group (None: every floor paid)."""
    if not floors_short:
        return None
    per_group: dict[str, int] = {}
    for gid, _, _, n in floors_short:
        per_group[gid] = per_group.get(gid, 0) + n
    reasons = tuple(
        Msg("short.floor_year", group=g, year=year, floor=floor, short=n)
        for g, year, floor, n in floors_short
    )
    return Shortfall(float(sum(per_group.values())), (), reasons, tuple(per_group.items()))


def _objective_value(scenario, horizon, objective, cohorts, alloc) -> float:
    """Rupiah over the horizon (min-cost), or weighted person-years (a cohort counts in every
    year it lives: the model's first goal, `optimizer.multiyear.model`)."""
    if objective is Objective.MIN_COST:
        return float(alloc["cost"].sum())
    weight = {g.id: g.weight for g in scenario.groups}
    years = range(len(horizon.years))
    lives = {(g, c): sum(alive(horizon, g, c, t) for t in years) for g, c in cohorts}
    return float(sum(weight[g] * n * lives[g, c] for (g, c), n in cohorts.items()))


def _allocation_table(scenario, horizon, persons) -> pd.DataFrame:
    years = horizon.years
    monthly = uses_monthly_model(scenario)
    rows = []
    for (sid, gid, c, t, run), n in sorted(
        persons.items(),
        key=lambda kv: (kv[0][3], kv[0][0], kv[0][1], kv[0][2], kv[0][4].first, kv[0][4].last),
    ):
        tapered = gid in dict(horizon.taper)
        row = {
            "year": years[t],
            "source": sid,
            "group": gid,
            "joined": years[c],
            "persons": n,
            "public_months": run.length,
            "worker_months": MONTHS_PER_YEAR - run.length if tapered else 0,
            "monthly_price": scenario.package(scenario.group(gid).package).price_for(sid),
            "cost": n * unit_cost(scenario, sid, gid, run),
        }
        if monthly:
            row |= {"first_month": run.first, "last_month": run.last}
        rows.append(row)
    columns = allocation_columns(monthly)
    return pd.DataFrame(rows, columns=list(columns)).astype(
        {k: "int64" for k in columns if k not in ("source", "group")}
    )


def _year_table(scenario, horizon, cohorts, alloc) -> pd.DataFrame:
    without = horizon.active_without_plan(scenario)
    rows = []
    for t, year in enumerate(horizon.years):
        paid = sum(n for (gid, c), n in cohorts.items() if alive(horizon, gid, c, t))
        workforce = horizon.workforce(scenario, t)
        target = horizon.target(scenario, t)
        after = without[t] + paid
        rows.append(
            {
                "year": year,
                "workforce": workforce,
                "active_without_plan": without[t],
                "paid_by_plan": paid,
                "active_after": after,
                "rate_after": after / workforce,
                "target_rate": target / workforce,
                "target_participants": target,
                "target_met": after >= target,
                "missing": max(0, target - after),
                "cost": int(alloc.loc[alloc["year"] == year, "cost"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=list(YEAR_COLUMNS))


def _source_year_table(scenario, horizon, alloc) -> pd.DataFrame:
    rows = []
    for t, year in enumerate(horizon.years):
        spent = alloc[alloc["year"] == year]
        for s in scenario.sources:
            source = horizon.source_in(scenario, s.id, t)
            budget = source.premium_budget
            used = int(spent.loc[spent["source"] == s.id, "cost"].sum())
            rows.append(
                {"year": year, "source": s.id, "name": s.name, "kind": s.kind.value, "budget": source.budget,
                 "premium_budget": budget, "used": used, "left": budget - used}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=list(SOURCE_YEAR_COLUMNS))


def _group_year_table(scenario, horizon, cohorts) -> pd.DataFrame:
    rows = []
    for t, year in enumerate(horizon.years):
        for g in scenario.groups:
            head = horizon.uncovered(scenario, g.id, t)
            covered = sum(n for (gid, c), n in cohorts.items() if gid == g.id and alive(horizon, gid, c, t))
            rows.append(
                {"year": year, "group": g.id, "name": g.name, "uncovered": head, "floor": year_floor(g, head),
                 "cap": year_cap(g, head), "covered": covered, "still_uncovered": head - covered}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=list(GROUP_YEAR_COLUMNS))


def allocation_columns(monthly: bool) -> dict[str, str]:
    """The allocation columns: `ALLOCATION_COLUMNS`, with `RUN_COLUMNS` after public_months if monthly."""
    if not monthly:
        return ALLOCATION_COLUMNS
    out = {}
    for k, v in ALLOCATION_COLUMNS.items():
        out[k] = v
        if k == "public_months":
            out |= RUN_COLUMNS
    return out


def violations(plan: Plan, cohorts: dict[tuple[str, int], int]) -> list[str]:
    """Rules the plan breaks, in exact Rupiah and whole persons, independent of the model."""
    s, h, out = plan.scenario, plan.years.horizon, []
    for row in plan.sources.itertuples():
        if row.used > row.premium_budget:
            out.append(f"{row.source} {row.year}: spends Rp{row.used:,} of Rp{row.premium_budget:,}")
    runs = _runs(plan)
    for row, run in zip(plan.allocations.itertuples(), runs, strict=True):
        if not s.source(row.source).may_pay_for(row.group):
            out.append(f"source {row.source} may not pay for group {row.group}")
        c, t = h.years.index(row.joined), h.years.index(row.year)
        if run not in paid_runs(s, h, row.group, t - c):
            out.append(f"group {row.group}: months {run.first}-{run.last} are not allowed in {row.year}")
    out += _money_not_arrived(plan, runs)
    paid = plan.allocations.groupby(["group", "joined", "year"])["persons"].sum().to_dict()
    for (gid, c), n in cohorts.items():
        for t, year in enumerate(h.years):
            needs_pay = alive(h, gid, c, t) and bool(paid_runs(s, h, gid, t - c))
            if needs_pay and paid.get((gid, h.years[c], year), 0) != n:
                out.append(f"group {gid}: cohort {h.years[c]} not paid in full in {year}")
    for t, year in enumerate(h.years):
        for g in s.groups:
            covered = sum(n for (gid, c), n in cohorts.items() if gid == g.id and alive(h, gid, c, t))
            if covered > h.uncovered(s, g.id, t):
                out.append(f"group {g.id}: covers {covered:,} in {year}, more than exist")
    return out


def _runs(plan: Plan) -> list[Run]:
    """The months each allocation row pays for: its run, or (no monthly fields) the last months."""
    a = plan.allocations
    if uses_monthly_model(plan.scenario):
        return [Run(int(f), int(last)) for f, last in zip(a["first_month"], a["last_month"], strict=True)]
    return [Run(LAST_MONTH - int(m) + 1, LAST_MONTH) for m in a["public_months"]]


def _money_not_arrived(plan: Plan, runs: list[Run]) -> list[str]:
    """Every source, year and month: Rupiah paid by the end of the month <= Rupiah arrived by then."""
    s, h, out = plan.scenario, plan.years.horizon, []
    for t, year in enumerate(h.years):
        for src in s.sources:
            source = h.source_in(s, src.id, t)
            mine = [
                (row, run)
                for row, run in zip(plan.allocations.itertuples(), runs, strict=True)
                if row.year == year and row.source == src.id
            ]
            for m in range(FIRST_MONTH, LAST_MONTH + 1):
                paid = sum(row.persons * row.monthly_price * run.months_paid_by(m) for row, run in mine)
                arrived = available_by(source, m)
                if paid > arrived:
                    out.append(f"{src.id} {year}: pays Rp{paid:,} by month {m}, Rp{arrived:,} arrived")
                    break
    return out
