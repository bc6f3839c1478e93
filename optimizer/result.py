"""The immutable `Plan`: what to fund, what it costs, what coverage it reaches.

One type for every kind of plan: a one-region year, with optional per-month (`monthly`),
per-year (`years`) or per-village (`areas`) detail.

Tables are pandas DataFrames with the columns documented below; money is whole
Rupiah (int64), persons are whole persons (int64). A plan holds each table as `Rows`
(plain Python rows) and makes its DataFrame when a caller first asks for it: the
one-region solve path writes JSON, CSV and text from the rows and never imports pandas.
"""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
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


#: pandas dtypes of the allocation table's number columns.
ALLOCATION_DTYPES = {
    "persons": "int64",
    "months": "int64",
    "person_months": "int64",
    "monthly_price": "int64",
    "cost": "int64",
    "credit": "float64",
}
_CASTS = {"int64": int, "float64": float}


@dataclass(frozen=True)
class Rows:
    """One plan table: plain rows (named tuples) in its column order, and its DataFrame on demand.

    Why: pandas takes 0.3-0.4 s to import, most of a regency solve (issue 14). The one-region
    pipeline builds its tables as rows and its writers read them; `frame` builds the
    DataFrame, the same one as before, the first time a caller asks for it.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    #: pandas dtypes of some columns (`frame` casts them; the rows hold int and float values);
    #: the other columns are as pandas infers them.
    dtypes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls, columns: Iterable[str], rows: Iterable[Iterable], dtypes: dict[str, str] | None = None
    ) -> Rows:
        """Rows from plain values, each cast to its column's dtype (int64: int, float64: float)."""
        columns = tuple(columns)
        dtypes = dtypes or {}
        record = namedtuple("Row", columns)  # type: ignore[misc]  # noqa: PYI024
        casts = [_CASTS.get(dtypes.get(c, ""), _same) for c in columns]
        out = tuple(record(*(cast(v) for cast, v in zip(casts, row, strict=True))) for row in rows)
        return cls(columns, out, tuple(dtypes.items()))

    @classmethod
    def of_frame(cls, frame: pd.DataFrame) -> Rows:
        """Rows of a DataFrame made elsewhere (multi-year and village plans); `frame` is that frame."""
        columns = tuple(str(c) for c in frame.columns)
        made = cls(columns, tuple(frame.itertuples(index=False, name="Row")))
        made.__dict__["frame"] = frame  # cached_property's own slot
        return made

    def __reduce__(self):
        # The named tuples' class is made per table, so pickle (sweeps' worker processes) gets
        # plain tuples and the frame if it was built; `_restore` makes the same Rows again.
        return _restore, (self.columns, tuple(map(tuple, self.rows)), self.dtypes, self.__dict__.get("frame"))

    def __iter__(self) -> Iterator:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def float_columns(self) -> set[str]:
        """The columns of dtype float64."""
        return {name for name, dtype in self.dtypes if dtype == "float64"}

    def column(self, name: str) -> list:
        k = self.columns.index(name)
        return [row[k] for row in self.rows]

    @cached_property
    def frame(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(
            [dict(zip(self.columns, row, strict=True)) for row in self.rows], columns=list(self.columns)
        )
        return frame.astype(dict(self.dtypes)) if self.dtypes else frame


def _restore(columns, rows, dtypes, frame) -> Rows:
    if frame is not None and not dtypes:
        return Rows.of_frame(frame)
    made = Rows.of(columns, rows, dict(dtypes))
    if frame is not None:
        made.__dict__["frame"] = frame
    return made


def _same(value: Any) -> Any:
    return value


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
    #: False when the solver did not prove how `extra_budget` splits its (proven least) total among
    #: the sources within its limit: the plan then warns that another solver may split it otherwise.
    split_proven: bool = True

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
    #: The tables (see ALLOCATION_COLUMNS, SOURCE_COLUMNS, GROUP_COLUMNS) as rows; the
    #: properties `allocations`, `sources` and `groups` are their DataFrames.
    allocation_rows: Rows
    source_rows: Rows
    group_rows: Rows
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
    def allocations(self) -> pd.DataFrame:
        return self.allocation_rows.frame

    @property
    def sources(self) -> pd.DataFrame:
        return self.source_rows.frame

    @property
    def groups(self) -> pd.DataFrame:
        return self.group_rows.frame

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


def plan_tables(
    scenario: Scenario,
    persons: dict[tuple[str, str], int],
    metric: Metric,
    used: dict[str, int] | None = None,
    premium: dict[str, int] | None = None,
):
    """Allocation, source and group tables (`Rows`) for whole-person allocations; `used` and
    `premium` (village plans, whose money lies in pots): Rupiah per source instead of the
    allocations' cost and the scenario's premium budgets."""
    rows = []
    for s, g in scenario.eligible_pairs():
        n = persons.get((s.id, g.id), 0)
        if n <= 0:
            continue
        price = scenario.package(g.package).price_for(s.id)
        credit = n * scenario.credit(s, g, metric)
        rows.append(
            (s.id, s.name, g.id, g.name, n, g.months, n * g.months, price, n * g.months * price, credit)
        )
    alloc = Rows.of(ALLOCATION_COLUMNS, rows, ALLOCATION_DTYPES)
    covered: dict[str, int] = {}
    for row in alloc:
        covered[row.group] = covered.get(row.group, 0) + row.persons
    spent = spent_by_source(alloc) if used is None else used
    return alloc, source_table(scenario, spent, premium), group_table(scenario, covered)


def spent_by_source(alloc: Rows) -> dict[str, int]:
    """Rupiah each source spends in an allocation table."""
    used: dict[str, int] = {}
    for row in alloc:
        used[row.source] = used.get(row.source, 0) + row.cost
    return used


def source_table(scenario: Scenario, used: dict[str, int], premium: dict[str, int] | None = None) -> Rows:
    """One row per source: budget, premium budget (`premium`, else the scenario's), used and left.

    Shared by the annual, the monthly and the village plan.
    """
    rows = []
    for s in scenario.sources:
        budget = s.premium_budget if premium is None else premium[s.id]
        spent = int(used.get(s.id, 0))
        rows.append((s.id, s.name, s.kind.value, s.budget, budget, spent, budget - spent))
    return Rows.of(SOURCE_COLUMNS, rows)


def group_table(scenario: Scenario, covered: dict[str, int]) -> Rows:
    """One row per group: uncovered, floor, cap, covered (given) and still uncovered."""
    rows = [
        (
            g.id,
            g.name,
            g.uncovered,
            g.min_persons,
            g.max_persons,
            int(covered.get(g.id, 0)),
            g.uncovered - int(covered.get(g.id, 0)),
        )
        for g in scenario.groups
    ]
    return Rows.of(GROUP_COLUMNS, rows)


def objective_value(scenario: Scenario, objective: Objective, alloc: Rows) -> float:
    """Rupiah (min-cost) or the priority-weighted credit (max-coverage) of an allocation table."""
    if objective is Objective.MIN_COST:
        return float(sum(alloc.column("cost")))
    import numpy as np  # the sum pandas took (pairwise); numpy comes with the solver anyway

    weight = {g.id: g.weight for g in scenario.groups}
    return float(np.array([row.credit * weight[row.group] for row in alloc], dtype=np.float64).sum())


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
    for row in plan.source_rows:
        if row.used > row.premium_budget:
            out.append(f"source {row.source}: spends Rp{row.used:,} of Rp{row.premium_budget:,}")
    for row in plan.group_rows:
        if row.covered > row.cap:
            out.append(f"group {row.group}: covers {row.covered:,}, more than {row.cap:,}")
        if plan.floor_shortfall is None and row.covered < row.floor:
            out.append(f"group {row.group}: covers {row.covered:,}, below its floor {row.floor:,}")
    for row in plan.allocation_rows:
        if not s.source(row.source).may_pay_for(row.group):
            out.append(f"source {row.source} may not pay for group {row.group}")
        if row.persons < 0:
            out.append(f"negative persons for {row.source}/{row.group}")
    return out
