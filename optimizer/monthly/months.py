"""Time within the plan year: tranches, windows, runs of months, overlapping groups.

Values and pure helpers for the monthly model (`optimizer.monthly.model`). A *run* is one
contiguous stretch of cover for one person, months `first..last` (1 = January);
which runs a group allows is decided here, once, so the program, the plan and the
independent re-check all use the same rule (README, "The monthly model").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimizer.scenario import BRANCH_CREDIT_FULL_MONTHS, Group, Overlap, Scenario, Source, SourceKind

#: When a scenario uses the monthly model but names no reporting month: December.
DEFAULT_REPORTING_MONTH = 12
FIRST_MONTH, LAST_MONTH = 1, 12


@dataclass(frozen=True)
class Run:
    """Cover for months first..last (inclusive), paid month by month."""

    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def covers(self, month: int) -> bool:
        return self.first <= month <= self.last

    def months_paid_by(self, month: int) -> int:
        """How many of the run's months are paid by the end of `month`."""
        return max(0, min(month, self.last) - self.first + 1)


@dataclass(frozen=True)
class Segment:
    """Persons that belong to exactly the groups in `groups` (one group, or an overlap)."""

    id: str
    groups: tuple[str, ...]
    persons: int


def uses_monthly_model(s: Scenario) -> bool:
    """True when the scenario declares any field of the monthly model."""
    return (
        s.region.reporting_month is not None
        or bool(s.overlaps)
        or any(src.tranches for src in s.sources)
        or any(g.window is not None or g.min_run > 1 or g.choose_months for g in s.groups)
    )


def reporting_month(s: Scenario) -> int:
    return s.region.reporting_month or DEFAULT_REPORTING_MONTH


def window_of(g: Group) -> tuple[int, int]:
    return g.window or (FIRST_MONTH, LAST_MONTH)


def lengths_of(g: Group) -> range:
    """Run lengths the group allows: exactly `months`, or min_run..max when chosen."""
    first, last = window_of(g)
    if not g.choose_months:
        return range(g.months, g.months + 1)
    longest = min(g.months, last - first + 1)
    return range(max(g.min_run, 1), longest + 1)


def runs_of(g: Group, report: int) -> tuple[Run, ...]:
    """Every run the group allows, in (first, last) order.

    A run lies inside the window, has an allowed length, and is not dropped before
    the reporting month: it ends at or after min(reporting month, window end).
    """
    first, last = window_of(g)
    must_reach = min(report, last)
    out = []
    for length in lengths_of(g):
        if length < g.min_run:
            continue
        for start in range(first, last - length + 2):
            run = Run(start, start + length - 1)
            if run.last >= must_reach:
                out.append(run)
    return tuple(sorted(out, key=lambda r: (r.first, r.last)))


def available_by(src: Source, month: int) -> int:
    """Premium Rupiah of `src` that has arrived by the end of `month` (all of it without tranches)."""
    if not src.tranches:
        return src.premium_budget
    if any(t.share is not None for t in src.tranches):
        share = math.fsum(t.share or 0.0 for t in src.tranches if t.month <= month)
        arrived = round(src.budget * share / 100, 6)
    else:
        arrived = sum(t.amount or 0 for t in src.tranches if t.month <= month)
    if src.premium_share is None:
        return math.floor(arrived)
    return math.floor(round(arrived * src.premium_share / 100, 6))


def months_before_new_money(source: Source) -> list[int]:
    """Months after which more of the source's money arrives, and December.

    Spending never falls, so the money rows of the other months are implied by these.
    """
    return [
        t
        for t in range(FIRST_MONTH, LAST_MONTH + 1)
        if t == LAST_MONTH or available_by(source, t) != available_by(source, t + 1)
    ]


def overlap_persons(s: Scenario, o: Overlap) -> int:
    if o.persons is not None:
        return o.persons
    assert o.share is not None
    smallest = min(s.group(gid).uncovered for gid in o.groups)
    return math.floor(round(o.share * smallest / 100, 6))


def segments(s: Scenario) -> tuple[Segment, ...]:
    """The partition of uncovered persons: each group's members in no overlap, then each overlap."""
    inside: dict[str, int] = {}
    shared = []
    for o in s.overlaps:
        n = overlap_persons(s, o)
        for gid in o.groups:
            inside[gid] = inside.get(gid, 0) + n
        shared.append(Segment("&".join(o.groups), o.groups, n))
    own = tuple(Segment(g.id, (g.id,), g.uncovered - inside.get(g.id, 0)) for g in s.groups)
    return own + tuple(shared)


def run_credit(s: Scenario, src: Source, run: Run, metric: str, report: int) -> float:
    """What one person on `run` adds to the metric: persons count at the reporting month."""
    if metric == "persons":
        return 1.0 if run.covers(report) else 0.0
    if metric == "person-months":
        return float(run.length)

    if run.length >= BRANCH_CREDIT_FULL_MONTHS:
        return 1.0
    if src.kind is SourceKind.CSR:
        return 0.0
    return run.length / BRANCH_CREDIT_FULL_MONTHS


def run_participants(s: Scenario, src: Source, run: Run, metric: str, report: int) -> float:
    """What one person on `run` adds toward the participant target (person-months / 12)."""
    if metric == "person-months":
        return run.length / 12
    return run_credit(s, src, run, metric, report)
