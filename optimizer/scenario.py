"""The domain as frozen values: region, premium packages, worker groups, funding sources.

A `Scenario` is what a planner's file says, already type-checked by `optimizer.io`
and cross-checked by `optimizer.checks`. Nothing here solves or reads files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

MONTHS_PER_YEAR = 12
#: BPJS branch credit: funding for fewer months than this counts pro rata.
BRANCH_CREDIT_FULL_MONTHS = 6


class Objective(StrEnum):
    MAX_COVERAGE = "max-coverage"
    MIN_COST = "min-cost"


class Metric(StrEnum):
    PERSONS = "persons"
    PERSON_MONTHS = "person-months"
    BRANCH_CREDIT = "branch-credit"


class SourceKind(StrEnum):
    APBD = "apbd"
    DBH_CHT = "dbh-cht"
    DBH_SAWIT = "dbh-sawit"
    VILLAGE = "village"
    DANA_DESA = "dana-desa"
    CSR = "csr"
    ZAKAT = "zakat"
    PROVINCE = "province"
    OTHER = "other"


@dataclass(frozen=True)
class Tranche:
    """Money of a source that arrives in `month`: a percent of the budget, or Rupiah."""

    month: int
    share: float | None = None
    amount: int | None = None


@dataclass(frozen=True)
class Overlap:
    """Persons who belong to every group in `groups` (counted once, paid once)."""

    groups: tuple[str, ...]
    persons: int | None = None
    #: Percent of the smallest listed group's uncovered headcount.
    share: float | None = None


@dataclass(frozen=True)
class Region:
    name: str
    year: int
    workforce: int
    active: int
    #: Optional split of `active` into wage / non_wage / construction.
    active_split: tuple[tuple[str, int], ...] = ()
    published_rate: float | None = None
    target_rate: float | None = None
    target_participants: int | None = None
    #: Month (1-12) at which UCJ is read; monthly model only (None: annual model, or December).
    reporting_month: int | None = None

    @property
    def rate(self) -> float:
        """Coverage today as a fraction of the workforce."""
        return self.active / self.workforce

    @property
    def target(self) -> int:
        """The UCJ target as a participant count (rates round up: 52% of 599,061 needs 311,512)."""
        if self.target_participants is not None:
            return self.target_participants
        assert self.target_rate is not None
        return math.ceil(round(self.target_rate * self.workforce / 100, 6))


@dataclass(frozen=True)
class Package:
    id: str
    name: str
    monthly_price: int
    price_by_source: tuple[tuple[str, int], ...] = ()

    def price_for(self, source_id: str) -> int:
        """Monthly price per person when `source_id` pays (the 2026 discount depends on the payer)."""
        return dict(self.price_by_source).get(source_id, self.monthly_price)


@dataclass(frozen=True)
class Share:
    """A floor or cap: either a person count or a percentage of the group."""

    persons: int | None = None
    percent: float | None = None

    def resolve(self, headcount: int, *, round_up: bool) -> int:
        if self.persons is not None:
            return self.persons
        assert self.percent is not None
        exact = round(self.percent * headcount / 100, 6)
        return math.ceil(exact) if round_up else math.floor(exact)

    def __str__(self) -> str:
        return f"{self.percent:g}%" if self.percent is not None else f"{self.persons}"


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    uncovered: int
    package: str
    months: int
    weight: float = 1.0
    floor: Share | None = None
    cap: Share | None = None
    note: str = ""
    #: Monthly model: months (first, last) in which cover may be paid; None = the whole year.
    window: tuple[int, int] | None = None
    #: Monthly model: shortest run of months per person (3: full death benefit).
    min_run: int = 1
    #: Monthly model: the optimizer chooses each person's months (min_run..`months`).
    choose_months: bool = False

    @property
    def min_persons(self) -> int:
        return 0 if self.floor is None else self.floor.resolve(self.uncovered, round_up=True)

    @property
    def max_persons(self) -> int:
        if self.cap is None:
            return self.uncovered
        return min(self.uncovered, self.cap.resolve(self.uncovered, round_up=False))


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    budget: int
    kind: SourceKind = SourceKind.OTHER
    #: Group ids this source may pay for; None means every group.
    eligible: tuple[str, ...] | None = None
    premium_share: float | None = None
    top_up: bool = False
    note: str = ""
    #: Monthly model: when the money arrives; empty = all of it from January.
    tranches: tuple[Tranche, ...] = ()

    @property
    def premium_budget(self) -> int:
        """Rupiah that may go to premiums: the budget, or its allowed share, rounded down."""
        if self.premium_share is None:
            return self.budget
        return math.floor(round(self.budget * self.premium_share / 100, 6))

    def may_pay_for(self, group_id: str) -> bool:
        return self.eligible is None or group_id in self.eligible


@dataclass(frozen=True)
class Baseline:
    """A previous plan (its JSON file) to stay close to: among equally good plans, the one that
    moves the fewest persons from the source and group that paid for them before."""

    file: str
    #: (source, group, persons), sorted; monthly plans summed over their runs.
    persons: tuple[tuple[str, str, int], ...]
    #: What the previous plan was made from, to say why persons moved.
    budgets: tuple[tuple[str, int], ...] = ()
    groups: tuple[tuple[str, int], ...] = ()

    def persons_of(self) -> dict[tuple[str, str], int]:
        return {(s, g): n for s, g, n in self.persons}


@dataclass(frozen=True)
class Scenario:
    region: Region
    packages: tuple[Package, ...]
    groups: tuple[Group, ...]
    sources: tuple[Source, ...]
    objective: Objective = Objective.MAX_COVERAGE
    metric: Metric = Metric.PERSONS
    #: Source ids, spent first to last among equally good plans.
    spending_order: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    path: str = ""
    #: Monthly model: persons who belong to several groups.
    overlaps: tuple[Overlap, ...] = ()
    #: [optimize] baseline or --baseline: the previous plan to stay close to.
    baseline: Baseline | None = None

    def package(self, package_id: str) -> Package:
        return next(p for p in self.packages if p.id == package_id)

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def unit_cost(self, source: Source, group: Group) -> int:
        """Rupiah to cover one person of `group` for its months when `source` pays."""
        return self.package(group.package).price_for(source.id) * group.months

    def eligible_pairs(self) -> list[tuple[Source, Group]]:
        """Every (source, group) pair the rules allow, in file order."""
        return [(s, g) for s in self.sources for g in self.groups if s.may_pay_for(g.id)]

    def credit(self, source: Source, group: Group, metric: Metric) -> float:
        """What one covered person adds to `metric` (the objective's unit)."""
        if metric is Metric.PERSONS:
            return 1.0
        if metric is Metric.PERSON_MONTHS:
            return float(group.months)
        if group.months >= BRANCH_CREDIT_FULL_MONTHS:
            return 1.0
        if source.kind is SourceKind.CSR:
            return 0.0
        return group.months / BRANCH_CREDIT_FULL_MONTHS

    def participants(self, source: Source, group: Group, metric: Metric) -> float:
        """What one covered person adds toward the participant target under `metric`.

        Person-months count as full-year participants (months / 12).
        """
        if metric is Metric.PERSON_MONTHS:
            return group.months / MONTHS_PER_YEAR
        return self.credit(source, group, metric)

    def ordered_sources(self) -> tuple[Source, ...]:
        """Sources in spending order: the ones to spend first come first."""
        rank = {sid: i for i, sid in enumerate(self.spending_order)}
        return tuple(sorted(self.sources, key=lambda s: rank[s.id]))
