"""Fields of the monthly model: reporting month, windows, runs, tranches, overlaps.

Only single-field types and ranges are checked here; rules that relate fields
(unknown group ids, overlaps larger than a group...) are in `optimizer.monthly.checks`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.io.fields import MAX_PERSONS, Table
from optimizer.monthly.months import FIRST_MONTH, LAST_MONTH
from optimizer.scenario import Overlap, Tranche

GROUP_FIELDS = {"window", "min_run", "max_months"}
SOURCE_FIELDS = {"tranches"}
REGION_FIELDS = {"reporting_month"}
OVERLAP_FIELDS = {"groups", "persons", "share", "note"}
#: Tranche shares must add up to 100% within this many percentage points (rounding in a file).
SHARE_TOLERANCE = 1e-6


def month(t: Table, key: str) -> int:
    return t.whole(key, minimum=FIRST_MONTH, maximum=LAST_MONTH, unit="months")


def reporting_month(t: Table) -> int | None:
    return month(t, "reporting_month") if t.has("reporting_month") else None


def group_months(t: Table) -> tuple[int, bool]:
    """`months` as (months, chosen): a fixed 1..12, or "choose" (longest: max_months, else 12)."""
    if t.data.get("months") == "choose":
        longest = month(t, "max_months") if t.has("max_months") else LAST_MONTH
        return longest, True
    if t.has("max_months"):
        raise t.fail("max_months", 'only applies with months = "choose"; remove it or set months = "choose"')
    if isinstance(t.data.get("months"), str):
        raise t.fail("months", f'{t.data["months"]!r} is neither a number of months (1-12) nor "choose"')
    return t.whole("months", minimum=1, maximum=LAST_MONTH, unit="months"), False


def window(t: Table) -> tuple[int, int] | None:
    if not t.has("window"):
        return None
    raw = t.data["window"]
    bad = t.fail("window", "must be [first month, last month], e.g. [10, 12] for October to December")
    if not isinstance(raw, list) or len(raw) != 2:
        raise bad
    pair = Table({"first": raw[0], "last": raw[1]}, (*t.path, "window"))
    first, last = month(pair, "first"), month(pair, "last")
    if first > last:
        raise t.fail("window", f"starts in month {first} after it ends in month {last}; write [first, last]")
    return first, last


def min_run(t: Table) -> int:
    return t.whole("min_run", 1, minimum=1, maximum=LAST_MONTH, unit="months")


def tranches(t: Table, budget: int) -> tuple[Tranche, ...]:
    """`tranches = [{month = 5, share = 50}, ...]` (percent of budget) or `amount` (Rupiah)."""
    if not t.has("tranches"):
        return ()
    raw = t.data["tranches"]
    if not isinstance(raw, list) or not raw:
        raise t.fail("tranches", "must be a list like [{month = 5, share = 50}, {month = 10, share = 50}]")
    out = []
    for i, item in enumerate(raw):
        row = Table(item, (*t.path, "tranches", i))
        row.unknown_keys({"month", "share", "amount"})
        if row.has("share") == row.has("amount"):
            raise row.fail("share", "give either share (percent of the budget) or amount (Rupiah)")
        share = row.percent("share") if row.has("share") else None
        amount = row.whole("amount", unit="Rupiah") if row.has("amount") else None
        out.append(Tranche(month(row, "month"), share, amount))
    if len({x.share is None for x in out}) > 1:
        raise t.fail("tranches", "mixes share and amount; use one of them for every tranche")
    if len({x.month for x in out}) != len(out):
        raise t.fail("tranches", "names a month twice; add the two tranches together")
    if out[0].share is not None:
        total = math.fsum(x.share or 0.0 for x in out)
        if abs(total - 100.0) > SHARE_TOLERANCE:
            raise t.fail("tranches", f"shares add up to {total:g}%, not 100%; fix them")
    else:
        total_rp = sum(x.amount or 0 for x in out)
        if total_rp != budget:
            raise t.fail("tranches", f"amounts add up to Rp{total_rp:,}, not the budget of Rp{budget:,}")
    return tuple(sorted(out, key=lambda x: x.month))


def overlaps(root: Table) -> tuple[Overlap, ...]:
    raw = root.data.get("overlap")
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        raise ScenarioError("must be a list of [[overlap]] tables", ("overlap",))
    return tuple(_overlap(Table(item, ("overlap", i))) for i, item in enumerate(raw))


def _overlap(t: Table) -> Overlap:
    t.unknown_keys(OVERLAP_FIELDS)
    groups: Any = t.data.get("groups")
    if not isinstance(groups, list) or not all(isinstance(x, str) for x in groups):
        raise t.fail("groups", 'must be a list of group ids, like ["nelayan", "rt-rw"]')
    ids = tuple(x.strip() for x in groups)
    if len(ids) < 2 or len(set(ids)) != len(ids):
        raise t.fail("groups", "must name at least two different groups")
    if t.has("persons") == t.has("share"):
        raise t.fail("persons", "give either persons (a count) or share (percent of the smaller group)")
    if t.has("persons"):
        return Overlap(ids, persons=t.whole("persons", maximum=MAX_PERSONS, unit="persons"))
    return Overlap(ids, share=t.percent("share"))
