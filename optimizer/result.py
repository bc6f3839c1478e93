"""The immutable `Plan`: what to fund, what it costs, what coverage it reaches.

One type for every kind of plan: a one-region year, with optional per-month (`monthly`),
per-year (`years`) or per-village (`areas`) detail.

Tables are pandas DataFrames with the columns documented below; money is whole
Rupiah (int64), persons are whole persons (int64).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from optimizer.scenario import Metric, Objective, Scenario
from optimizer.status import SolveStatus

if TYPE_CHECKING:  # pandas is imported where a table is built (start-up, issue 14)
    import pandas as pd

#: allocations: one row per (source, group) pair that pays for at least one person.
ALLOCATION_COLUMNS = {
    "source": "source id",
    "source_name": "source display name",
    "group": "group id",
    "group_name": "group display name",
    "persons": "persons covered (whole persons)",
    "months": "months of coverage bought per person",
    "person_months": "persons x months",
    "monthly_price": "Rupiah per person-month when this source pays",
    "cost": "Rupiah = persons x months x monthly_price",
    "credit": "what these persons add to the metric (persons, person-months or branch credit)",
}
#: sources: one row per funding source, in file order.
SOURCE_COLUMNS = {
    "source": "source id",
    "name": "display name",
    "kind": "apbd, dbh-cht, dbh-sawit, village, dana-desa, csr, zakat, province, other",
    "budget": "Rupiah in the scenario",
    "premium_budget": "Rupiah that may go to premiums (budget x premium_share)",
    "used": "Rupiah the plan spends",
    "left": "premium_budget - used",
}
#: groups: one row per worker group, in file order.
GROUP_COLUMNS = {
    "group": "group id",
    "name": "display name",
    "uncovered": "persons uncovered before the plan",
    "floor": "persons that must be covered",
    "cap": "persons that may be covered at most",
    "covered": "persons the plan covers",
    "still_uncovered": "uncovered - covered",
}


@dataclass(frozen=True)
class Coverage:
    """UCJ before and after the plan. Rates are fractions (0.52 = 52%)."""

    workforce: int
    active_before: int
    #: active_before + whole persons newly covered.
    active_after: int
    target_participants: int
    #: active_before + what the plan adds under the metric (person-months count /12).
    credited_after: float
    new_persons: int

    @property
    def rate_before(self) -> float:
        return self.active_before / self.workforce

    @property
    def rate_after(self) -> float:
        return self.active_after / self.workforce

    @property
    def target_rate(self) -> float:
        return self.target_participants / self.workforce

    @property
    def target_met(self) -> bool:
        return self.credited_after >= self.target_participants - 1e-9


@dataclass(frozen=True)
class Shortfall:
    """Why a requirement (the target, or the floors) cannot be met, and what would fix it."""

    #: Participants (target) or persons (floors) missing.
    missing: float
    #: Smallest extra Rupiah per source that would meet it; empty when money cannot help.
    extra_budget: tuple[tuple[str, int], ...]
    #: Sentences naming the rules that bind.
    reasons: tuple[str, ...]
    #: For floors: (group id, persons short).
    floors: tuple[tuple[str, int], ...] = ()

    @property
    def extra_total(self) -> int:
        return sum(v for _, v in self.extra_budget)


@dataclass(frozen=True)
class Plan:
    scenario: Scenario
    objective: Objective
    metric: Metric
    #: The solver's status for the plan shown.
    status: SolveStatus
    #: The answer to the planner's question: optimal, not-proven-optimal,
    #: target-unreachable (min-cost: best reachable plan shown) or floors-unaffordable.
    outcome: str
    solver: str
    #: Relative gap the solver proved for the planner's objective (0 = optimal); when a later
    #: goal (least cost) was not proven, that goal's gap.
    gap: float | None
    #: Value of the planner's objective: weighted metric (max-coverage) or Rupiah (min-cost).
    objective_value: float
    #: The solver's bound on that objective, and the LP relaxation's (a looser, solver-free bound).
    bound: float | None
    lp_bound: float | None
    allocations: pd.DataFrame
    sources: pd.DataFrame
    groups: pd.DataFrame
    coverage: Coverage | None
    total_cost: int
    warnings: tuple[str, ...] = ()
    binding: tuple[str, ...] = ()
    shortfall: Shortfall | None = None
    floor_shortfall: Shortfall | None = None
    seconds: float = 0.0
    #: LP duals per row name (money rows per Rp million), from the relaxation.
    duals: tuple[tuple[str, float], ...] = field(default=(), repr=False)
    #: Monthly model only: `optimizer.monthly.result.MonthlyDetail` (per-month coverage and spend).
    monthly: Any = field(default=None, repr=False)
    #: Multi-year plans only (plan-years): `optimizer.multiyear.plan.YearDetail` (the horizon, one
    #: row per year, the floors short per year). Then allocations, sources and groups have a
    #: `year` column first: one row per year (columns in `optimizer.multiyear.plan`), coverage is
    #: None (each year's UCJ is in the year table) and objective_value counts weighted
    #: person-years (max-coverage) or Rupiah over the horizon (min-cost).
    years: Any = field(default=None, repr=False)
    #: Village files only: `optimizer.areas.optimize.AreaDetail` (tables per village, district
    #: and regency, and the fast path's certificate); the other tables are the region's totals.
    areas: Any = field(default=None, repr=False)

    @property
    def requirements_met(self) -> bool:
        """False when min-cost misses the target or floors cannot be afforded."""
        if self.floor_shortfall is not None:
            return False
        return not (self.objective is Objective.MIN_COST and self.shortfall is not None)

    @property
    def gap_to_lp_bound(self) -> float | None:
        if self.lp_bound is None or not self.status.has_plan:
            return None
        return abs(self.lp_bound - self.objective_value) / max(1.0, abs(self.objective_value))


def plan_tables(scenario: Scenario, persons: dict[tuple[str, str], int], metric: Metric):
    """Allocation, source and group tables for whole-person allocations."""
    import pandas as pd  # ~0.25 s: imported by the first plan, not by --help or validate

    rows = []
    for s, g in scenario.eligible_pairs():
        n = persons.get((s.id, g.id), 0)
        if n <= 0:
            continue
        price = scenario.package(g.package).price_for(s.id)
        rows.append(
            {
                "source": s.id,
                "source_name": s.name,
                "group": g.id,
                "group_name": g.name,
                "persons": n,
                "months": g.months,
                "person_months": n * g.months,
                "monthly_price": price,
                "cost": n * g.months * price,
                "credit": n * scenario.credit(s, g, metric),
            }
        )
    alloc = pd.DataFrame(rows, columns=list(ALLOCATION_COLUMNS)).astype(
        {
            "persons": "int64",
            "months": "int64",
            "person_months": "int64",
            "monthly_price": "int64",
            "cost": "int64",
            "credit": "float64",
        }
    )
    covered = alloc.groupby("group")["persons"].sum().to_dict()
    return alloc, source_table(scenario, alloc), group_table(scenario, covered)


def source_table(scenario: Scenario, alloc: pd.DataFrame) -> pd.DataFrame:
    """One row per source: budget, premium budget, used (the allocations' cost) and left.

    Shared by the annual and the monthly plan.
    """
    import pandas as pd

    used = alloc.groupby("source")["cost"].sum().to_dict()
    return pd.DataFrame(
        [
            {
                "source": s.id,
                "name": s.name,
                "kind": s.kind.value,
                "budget": s.budget,
                "premium_budget": s.premium_budget,
                "used": int(used.get(s.id, 0)),
                "left": s.premium_budget - int(used.get(s.id, 0)),
            }
            for s in scenario.sources
        ],
        columns=list(SOURCE_COLUMNS),
    )


def group_table(scenario: Scenario, covered: dict[str, int]) -> pd.DataFrame:
    """One row per group: uncovered, floor, cap, covered (given) and still uncovered."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "group": g.id,
                "name": g.name,
                "uncovered": g.uncovered,
                "floor": g.min_persons,
                "cap": g.max_persons,
                "covered": int(covered.get(g.id, 0)),
                "still_uncovered": g.uncovered - int(covered.get(g.id, 0)),
            }
            for g in scenario.groups
        ],
        columns=list(GROUP_COLUMNS),
    )


def objective_value(scenario: Scenario, objective: Objective, alloc: pd.DataFrame) -> float:
    """Rupiah (min-cost) or the priority-weighted credit (max-coverage) of an allocation table."""
    if objective is Objective.MIN_COST:
        return float(int(alloc["cost"].sum()))
    return float(alloc["credit"].mul(alloc["group"].map({g.id: g.weight for g in scenario.groups})).sum())


def coverage_of(scenario: Scenario, persons: dict[tuple[str, str], int], metric: Metric) -> Coverage:
    r = scenario.region
    new = sum(persons.values())
    credited = math.fsum(
        n * scenario.participants(scenario.source(sid), scenario.group(gid), metric)
        for (sid, gid), n in persons.items()
    )
    return Coverage(r.workforce, r.active, r.active + new, r.target, r.active + credited, new)


def violations(plan: Plan) -> list[str]:
    """Rules the plan breaks, checked in exact integer Rupiah, independent of the model."""
    s = plan.scenario
    out = []
    for row in plan.sources.itertuples():
        if row.used > row.premium_budget:
            out.append(f"source {row.source}: spends Rp{row.used:,} of Rp{row.premium_budget:,}")
    for row in plan.groups.itertuples():
        if row.covered > row.cap:
            out.append(f"group {row.group}: covers {row.covered:,}, more than {row.cap:,}")
        if plan.floor_shortfall is None and row.covered < row.floor:
            out.append(f"group {row.group}: covers {row.covered:,}, below its floor {row.floor:,}")
    for row in plan.allocations.itertuples():
        if not s.source(row.source).may_pay_for(row.group):
            out.append(f"source {row.source} may not pay for group {row.group}")
        if row.persons < 0:
            out.append(f"negative persons for {row.source}/{row.group}")
    return out
