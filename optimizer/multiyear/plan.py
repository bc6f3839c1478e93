"""Plan several years at once: who is paid for, from which source, year by year.

`plan_years` builds the cohort program of `optimizer.multiyear.model`, solves it
lexicographically through `optimizer.solve`, and re-checks the plan in exact
Rupiah (budgets per year, headcounts, continuity) before returning it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from optimizer.checks import check_errors, check_warnings
from optimizer.errors import SolverError
from optimizer.multiyear.horizon import Horizon, check_horizon
from optimizer.multiyear.model import CohortKey, PaymentKey, alive, build_multiyear, unit_cost
from optimizer.outcome import Outcome
from optimizer.scenario import MONTHS_PER_YEAR, Objective, Scenario
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
SOURCE_YEAR_COLUMNS = {
    "year": "calendar year",
    "source": "source id",
    "premium_budget": "Rupiah that may go to premiums that year",
    "used": "Rupiah the plan spends",
    "left": "premium_budget - used",
}


@dataclass(frozen=True)
class MultiYearPlan:
    scenario: Scenario
    horizon: Horizon
    objective: Objective
    #: optimal, not-proven-optimal, or target-unreachable (the plan missing the fewest participants is shown).
    outcome: Outcome
    status: SolveStatus
    solver: str
    gap: float | None
    years: pd.DataFrame
    allocations: pd.DataFrame
    sources: pd.DataFrame
    total_cost: int
    warnings: tuple[str, ...] = ()

    @property
    def targets_met(self) -> bool:
        return bool(self.years["target_met"].all())


def plan_years(
    scenario: Scenario,
    horizon: Horizon,
    objective: Objective | None = None,
    solver: str = DEFAULT_SOLVER,
    time_limit: float | None = None,
) -> MultiYearPlan:
    """The optimal multi-year plan (objective defaults to the file's).

    Raises
    ------
    SolverError
        no plan keeps the floors and continuity within the yearly budgets, or the solver failed.
    """
    check_errors(scenario)
    check_horizon(horizon, scenario)
    objective = objective or scenario.objective
    program = build_multiyear(scenario, horizon, objective)
    solution = solve_program(program, solver, time_limit)
    if solution.status is SolveStatus.INFEASIBLE:
        raise SolverError(
            "no plan keeps every floor and keeps paying for the persons it covers within the yearly "
            'budgets; lower a floor, raise a later year\'s budget or allow continuity = "yearly"'
        )
    if not solution.status.has_plan:
        raise SolverError(f"solver {solver!r} stopped without a plan ({solution.status.value})")
    persons = {
        (v.key.source, v.key.group, v.key.cohort, v.key.year): int(value)
        for v, value in zip(program.variables, solution.values, strict=True)
        if isinstance(v.key, PaymentKey) and value > 0
    }
    cohorts = {
        (v.key.group, v.key.cohort): int(value)
        for v, value in zip(program.variables, solution.values, strict=True)
        if isinstance(v.key, CohortKey)
    }
    plan = _plan(scenario, horizon, objective, solution, persons, cohorts)
    broken = violations(plan, cohorts)
    if broken:
        raise SolverError("the solver's multi-year plan breaks a rule: " + "; ".join(broken))
    return plan


def _plan(scenario, horizon, objective, solution, persons, cohorts) -> MultiYearPlan:
    years = horizon.years
    rows = []
    for (sid, gid, c, t), n in sorted(
        persons.items(), key=lambda kv: (kv[0][3], kv[0][0], kv[0][1], kv[0][2])
    ):
        months = horizon.public_months(scenario, gid, t - c)
        tapered = gid in dict(horizon.taper)
        rows.append(
            {
                "year": years[t],
                "source": sid,
                "group": gid,
                "joined": years[c],
                "persons": n,
                "public_months": months,
                "worker_months": MONTHS_PER_YEAR - months if tapered else 0,
                "monthly_price": scenario.package(scenario.group(gid).package).price_for(sid),
                "cost": n * unit_cost(scenario, horizon, sid, gid, t - c),
            }
        )
    alloc = pd.DataFrame(rows, columns=list(ALLOCATION_COLUMNS)).astype(
        {k: "int64" for k in ALLOCATION_COLUMNS if k not in ("source", "group")}
    )
    without = horizon.active_without_plan(scenario)
    year_rows, source_rows = [], []
    for t, year in enumerate(years):
        paid = sum(n for (gid, c), n in cohorts.items() if alive(horizon, gid, c, t))
        workforce = horizon.workforce(scenario, t)
        target = horizon.target(scenario, t)
        after = without[t] + paid
        spent = alloc[alloc["year"] == year]
        year_rows.append(
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
                "cost": int(spent["cost"].sum()),
            }
        )
        for s in scenario.sources:
            budget = horizon.budget(scenario, s.id, t)
            used = int(spent.loc[spent["source"] == s.id, "cost"].sum())
            source_rows.append(
                {"year": year, "source": s.id, "premium_budget": budget, "used": used, "left": budget - used}
            )
    table = pd.DataFrame(year_rows, columns=list(YEAR_COLUMNS))
    met = bool(table["target_met"].all())
    if solution.status is not SolveStatus.OPTIMAL:
        outcome = Outcome.NOT_PROVEN
    elif objective is Objective.MIN_COST and not met:
        outcome = Outcome.TARGET_UNREACHABLE
    else:
        outcome = Outcome.OPTIMAL
    return MultiYearPlan(
        scenario=scenario,
        horizon=horizon,
        objective=objective,
        outcome=outcome,
        status=solution.status,
        solver=solution.solver,
        gap=solution.gap,
        years=table,
        allocations=alloc,
        sources=pd.DataFrame(source_rows, columns=list(SOURCE_YEAR_COLUMNS)),
        total_cost=int(alloc["cost"].sum()),
        warnings=check_warnings(scenario),
    )


def violations(plan: MultiYearPlan, cohorts: dict[tuple[str, int], int]) -> list[str]:
    """Rules the plan breaks, in exact Rupiah and whole persons, independent of the model."""
    s, h, out = plan.scenario, plan.horizon, []
    for row in plan.sources.itertuples():
        if row.used > row.premium_budget:
            out.append(f"{row.source} {row.year}: spends Rp{row.used:,} of Rp{row.premium_budget:,}")
    for row in plan.allocations.itertuples():
        if not s.source(row.source).may_pay_for(row.group):
            out.append(f"source {row.source} may not pay for group {row.group}")
    paid = plan.allocations.groupby(["group", "joined", "year"])["persons"].sum().to_dict()
    for (gid, c), n in cohorts.items():
        for t, year in enumerate(h.years):
            needs_pay = alive(h, gid, c, t) and h.public_months(s, gid, t - c) > 0
            if needs_pay and paid.get((gid, h.years[c], year), 0) != n:
                out.append(f"group {gid}: cohort {h.years[c]} not paid in full in {year}")
    for t, year in enumerate(h.years):
        for g in s.groups:
            covered = sum(n for (gid, c), n in cohorts.items() if gid == g.id and alive(h, gid, c, t))
            if covered > h.uncovered(s, g.id, t):
                out.append(f"group {g.id}: covers {covered:,} in {year}, more than exist")
    return out
