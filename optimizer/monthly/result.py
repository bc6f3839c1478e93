"""Turn monthly runs into a `Plan`: tables, per-month coverage and spend, and the re-check.

Everything is recomputed here in exact integer Rupiah from the whole-person runs,
independently of the program's coefficients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from optimizer.monthly.model import solution_runs
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
from optimizer.result import (
    ALLOCATION_COLUMNS,
    ALLOCATION_DTYPES,
    Coverage,
    Rows,
    group_table,
    source_table,
    spent_by_source,
)
from optimizer.scenario import Group, Metric, Scenario, Source

if TYPE_CHECKING:  # pandas is imported where a table is built (start-up, issue 14)
    import pandas as pd

#: (source, group, segment, run) -> persons
Runs = dict[tuple[str, str, str, Run], int]

#: Extra allocation columns in the monthly model (one row per source, group, segment, run).
MONTHLY_ALLOCATION_COLUMNS = {
    "segment": "the group id, or the overlap (ids joined by '&') these persons come from",
    "first_month": "first month of cover (1 = January)",
    "last_month": "last month of cover",
}
#: by_month: one row per month 1..12.
MONTH_COLUMNS = {
    "month": "1..12",
    "persons_active": "new persons covered in this month",
    "paid": "Rupiah paid for this month's cover, all sources",
}
#: source_months: one row per (source, month).
SOURCE_MONTH_COLUMNS = {
    "source": "source id",
    "month": "1..12",
    "arrived_by_end": "premium Rupiah arrived by the end of the month",
    "paid_by_end": "Rupiah paid for cover up to and including this month",
}


@dataclass(frozen=True)
class MonthlyDetail:
    """What the monthly model adds to a plan."""

    reporting_month: int
    #: Distinct persons the plan pays for (any month).
    persons_funded: int
    #: Of them, active in the reporting month (what UCJ counts).
    persons_at_report: int
    by_month: pd.DataFrame
    source_months: pd.DataFrame


def price_of(s: Scenario, sid: str, gid: str) -> int:
    return s.package(s.group(gid).package).price_for(sid)


def monthly_tables(s: Scenario, runs: Runs, metric: Metric, calendar: bool = True):
    """Allocation, source and group tables (`Rows`); groups count members covered by any route.

    Without `calendar` (an annual scenario) the allocation table has no month columns
    (`MONTHLY_ALLOCATION_COLUMNS`): every run then ends in December and the rows are
    exactly one per (source, group).
    """
    report = reporting_month(s)
    rows = []
    for (sid, gid, seg, r), n in sorted(runs.items(), key=lambda kv: _order(s, kv[0])):
        if n <= 0:
            continue
        src, g, price = s.source(sid), s.group(gid), price_of(s, sid, gid)
        row = (sid, src.name, gid, g.name, n, r.length, n * r.length, price, n * r.length * price,
               n * run_credit(s, src, r, metric, report))  # fmt: skip
        rows.append(row + (seg, r.first, r.last) if calendar else row)
    columns = list(ALLOCATION_COLUMNS) + (list(MONTHLY_ALLOCATION_COLUMNS) if calendar else [])
    months = {"first_month": "int64", "last_month": "int64"} if calendar else {}
    alloc = Rows.of(columns, rows, {**ALLOCATION_DTYPES, **months})
    return alloc, source_table(s, spent_by_source(alloc)), group_table(s, members_covered(s, runs))


def _order(s: Scenario, key) -> tuple:
    sid, gid, seg, r = key
    src = [x.id for x in s.sources].index(sid)
    grp = [g.id for g in s.groups].index(gid)
    return src, grp, seg, r.first, r.last


def members_covered(s: Scenario, runs: Runs) -> dict[str, int]:
    """Members of each group covered, by any route (an overlap person counts in each of its groups)."""
    seg_groups = {seg.id: seg.groups for seg in segments(s)}
    out = {g.id: 0 for g in s.groups}
    for (_, _, seg, _), n in runs.items():
        for gid in seg_groups[seg]:
            out[gid] += n
    return out


def monthly_detail(s: Scenario, runs: Runs) -> MonthlyDetail:
    import pandas as pd

    report = reporting_month(s)
    by_month = []
    for t in range(1, LAST_MONTH + 1):
        active = sum(n for (_, _, _, r), n in runs.items() if r.covers(t))
        paid = sum(n * price_of(s, sid, gid) for (sid, gid, _, r), n in runs.items() if r.covers(t))
        by_month.append({"month": t, "persons_active": active, "paid": paid})
    source_months = [
        {
            "source": x.id,
            "month": t,
            "arrived_by_end": available_by(x, t),
            "paid_by_end": paid_by(s, runs, x.id, t),
        }
        for x in s.sources
        for t in range(1, LAST_MONTH + 1)
    ]
    return MonthlyDetail(
        reporting_month=report,
        persons_funded=sum(runs.values()),
        persons_at_report=sum(n for (_, _, _, r), n in runs.items() if r.covers(report)),
        by_month=pd.DataFrame(by_month, columns=list(MONTH_COLUMNS)),
        source_months=pd.DataFrame(source_months, columns=list(SOURCE_MONTH_COLUMNS)),
    )


def paid_by(s: Scenario, runs: Runs, sid: str, month: int) -> int:
    """Rupiah source `sid` has paid for cover in months 1..month (premiums are paid monthly)."""
    return sum(
        n * price_of(s, sid, gid) * r.months_paid_by(month) for (x, gid, _, r), n in runs.items() if x == sid
    )


def monthly_coverage(s: Scenario, runs: Runs, metric: Metric) -> Coverage:
    """UCJ counts persons active in the reporting month; credit follows each run's months."""
    region, report = s.region, reporting_month(s)
    at_report = sum(n for (_, _, _, r), n in runs.items() if r.covers(report))
    credited = math.fsum(
        n * run_participants(s, s.source(sid), r, metric, report) for (sid, _, _, r), n in runs.items()
    )
    return Coverage(
        region.workforce,
        region.active,
        region.active + at_report,
        region.target,
        region.active + credited,
        at_report,
    )


def monthly_violations(s: Scenario, runs: Runs, floors_apply: bool = True) -> list[str]:
    """Rules the runs break, checked in exact Rupiah month by month, independent of the program."""
    report = reporting_month(s)
    out = []
    for x in s.sources:
        for t in range(1, LAST_MONTH + 1):
            paid, arrived = paid_by(s, runs, x.id, t), available_by(x, t)
            if paid > arrived:
                out.append(f"source {x.id}: pays Rp{paid:,} by month {t} but only Rp{arrived:,} has arrived")
    seg_of = {seg.id: seg for seg in segments(s)}
    taken: dict[str, int] = {}
    for (sid, gid, seg, r), n in runs.items():
        taken[seg] = taken.get(seg, 0) + n
        if n < 0:
            out.append(f"negative persons for {sid}/{gid}")
        if not s.source(sid).may_pay_for(gid):
            out.append(f"source {sid} may not pay for group {gid}")
        if gid not in seg_of[seg].groups:
            out.append(f"persons of {seg} covered as members of {gid}, a group they are not in")
        if r not in runs_of(s.group(gid), report):
            out.append(f"group {gid}: months {r.first}-{r.last} are not an allowed run")
    for seg, n in taken.items():
        if n > seg_of[seg].persons:
            out.append(f"{seg}: {n:,} persons covered of {seg_of[seg].persons:,} (someone paid twice)")
    for gid, n in members_covered(s, runs).items():
        g = s.group(gid)
        if n > g.max_persons:
            out.append(f"group {gid}: covers {n:,}, more than {g.max_persons:,}")
        if floors_apply and n < g.min_persons:
            out.append(f"group {gid}: covers {n:,}, below its floor {g.min_persons:,}")
    return out


def coverage_and_cost(s: Scenario, program, values, metric: Metric) -> tuple[Coverage, int]:
    """Coverage and total Rupiah of a solution of `program` (a re-solve's plan, without tables)."""
    runs, _ = solution_runs(program, values)
    cost = sum(n * price_of(s, sid, gid) * r.length for (sid, gid, _, r), n in runs.items())
    return monthly_coverage(s, runs, metric), cost


def cover_costs(s: Scenario, src: Source, g: Group) -> tuple[int, int] | None:
    """Rupiah of the cheapest and the dearest cover of one person of `g` by `src` (its shortest
    and longest run); None when the group allows no run at all."""
    lengths = [r.length for r in runs_of(g, reporting_month(s))]
    if not lengths:
        return None
    price = price_of(s, src.id, g.id)
    return price * min(lengths), price * max(lengths)
