"""Consistency checks run before solving: errors that stop, warnings that inform.

Each `check_*` function looks at one rule. Errors raise `ScenarioError` with the
field path; warnings are returned as sentences a planner can read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from optimizer.errors import ScenarioError
from optimizer.messages import Msg
from optimizer.monthly import checks as monthly_checks
from optimizer.scenario import Scenario

#: Published and computed coverage may differ by rounding; more than this is suspicious.
PUBLISHED_RATE_TOLERANCE_POINTS = 1.0

# Limits. Each is far above any real regency's scenario and keeps a hostile or mistaken
# input from hanging a run or filling the memory; docs/scenario-format.md#limits gives
# the reasons. The readers (optimizer.io.safe_read, excel_reader) check the file limits,
# `check_limits` the counts, the CLI the options.

#: A TOML scenario or an Excel workbook: real ones are a few kilobytes.
MAX_FILE_BYTES = 5_000_000
#: A village CSV or Parquet file: a province of 8,500 villages is about 1 MB.
MAX_DATA_FILE_BYTES = 100_000_000
#: Each part of an .xlsx (a zip) when unpacked: a sheet of 1,000 groups is about 1 MB;
#: the compressed size says nothing (1 MB can unpack to 200 MB).
MAX_UNPACKED_BYTES = 20_000_000
#: All parts of an .xlsx together, unpacked.
MAX_UNPACKED_TOTAL_BYTES = 50_000_000
#: Cells stored in a workbook's sheets, empty formatted ones included (a template of 1,000
#: groups has about 25,000): openpyxl takes about 40 microseconds a cell to read.
MAX_CELLS = 100_000
#: Worker groups: a regency has 5 to 50; village-level detail belongs in [areas] files.
MAX_GROUPS = 1_000
#: Funding sources: a regency has 3 to 20. The plan is fixed source by source in the
#: spending order (one integer solve per source), so time grows faster than the count.
MAX_SOURCES = 100
#: Groups with a floor when marginal values are asked for: each floor is one more full
#: re-solve (`--no-marginal` lifts this limit).
MAX_MARGINAL_FLOORS = 100
#: --samples for robust and sweep: 10,000 samples give a probability to within about
#: 1 point (95%); sweep re-solves every sample, so more is hours of work, not precision.
MAX_SAMPLES = 10_000
#: --workers (sweep, frontier, report): local processes; beyond a few per core they only cost memory.
MAX_WORKERS = 256


def check_unique_ids(s: Scenario) -> None:
    for key, items in (("package", s.packages), ("group", s.groups), ("source", s.sources)):
        counts = Counter(item.id for item in items)
        for i, item in enumerate(items):
            if counts[item.id] > 1:
                raise ScenarioError(
                    f"id {item.id!r} is used more than once; give each {key} its own id",
                    (key, i, "id"),
                )


def check_references(s: Scenario) -> None:
    """Every id a group, source, package or the spending order names exists (checked in that order)."""
    source_ids = {src.id for src in s.sources}
    _check_group_packages(s)
    _check_eligible_groups(s)
    _check_price_sources(s, source_ids)
    _check_spending_order(s.spending_order, source_ids)


def _check_group_packages(s: Scenario) -> None:
    package_ids = {p.id for p in s.packages}
    for i, g in enumerate(s.groups):
        if g.package not in package_ids:
            raise ScenarioError(
                f"package {g.package!r} does not exist; use one of {_listing(package_ids)}",
                ("group", i, "package"),
            )


def _check_eligible_groups(s: Scenario) -> None:
    group_ids = {g.id for g in s.groups}
    for i, src in enumerate(s.sources):
        for gid in src.eligible or ():
            if gid not in group_ids:
                raise ScenarioError(
                    f"group {gid!r} does not exist; use ids from [[group]]: {_listing(group_ids)}",
                    ("source", i, "eligible"),
                )


def _check_price_sources(s: Scenario, source_ids: set[str]) -> None:
    for i, p in enumerate(s.packages):
        for sid, _ in p.price_by_source:
            if sid not in source_ids:
                raise ScenarioError(
                    f"source {sid!r} does not exist; use ids from [[source]]: {_listing(source_ids)}",
                    ("package", i, "price_by_source"),
                )


def _check_spending_order(order: tuple[str, ...], source_ids: set[str]) -> None:
    """The spending order names existing sources, each once, and all of them."""
    for sid in order:
        if sid not in source_ids:
            raise ScenarioError(
                f"source {sid!r} does not exist; use ids from [[source]]: {_listing(source_ids)}",
                ("optimize", "spending_order"),
            )
    repeated = sorted({sid for sid in order if order.count(sid) > 1})
    if repeated:
        raise ScenarioError(
            f"lists {_listing(repeated)} more than once; name each source once",
            ("optimize", "spending_order"),
        )
    missing = [sid for sid in sorted(source_ids) if sid not in order]
    if missing:
        raise ScenarioError(
            f"must list every source; add {_listing(missing)}",
            ("optimize", "spending_order"),
        )


def check_floors_and_caps(s: Scenario) -> None:
    for i, g in enumerate(s.groups):
        if g.floor is not None and g.floor.persons is not None and g.floor.persons > g.uncovered:
            raise ScenarioError(
                f"floor {g.floor.persons:,} is more than the {g.uncovered:,} uncovered; "
                'lower it or write "100%"',
                ("group", i, "floor"),
            )
        if g.min_persons > g.max_persons:
            raise ScenarioError(
                f"floor ({g.floor}) is above cap ({g.cap}): no plan can meet both; fix one",
                ("group", i, "cap"),
            )


def check_target(s: Scenario) -> None:
    r = s.region
    if r.active > r.workforce:
        raise ScenarioError(
            f"{r.active:,} active participants is more than the workforce of {r.workforce:,}; "
            "check both figures",
            ("region", "active"),
        )
    if r.target > r.workforce:
        field = "target_participants" if r.target_participants is not None else "target_rate"
        raise ScenarioError(
            f"target of {r.target:,} participants is more than the workforce of {r.workforce:,}; "
            "lower the target or check the workforce",
            ("region", field),
        )


def check_limits(s: Scenario) -> None:
    """Counts that would make a solve take minutes or hours (see the limits above)."""
    for key, items, limit in (("group", s.groups, MAX_GROUPS), ("source", s.sources, MAX_SOURCES)):
        if len(items) > limit:
            raise ScenarioError(
                f"has {len(items):,} [[{key}]] entries, over the limit of {limit:,}; "
                f"merge {key}s, or split the scenario (see docs/scenario-format.md#limits)",
                (key, limit, "id"),
            )


def check_marginal_limits(s: Scenario) -> None:
    """Marginal values re-solve once per floor: refuse a count that would take too long."""
    floors = sum(1 for g in s.groups if g.min_persons > 0)
    if floors > MAX_MARGINAL_FLOORS:
        raise ScenarioError(
            f"has {floors:,} groups with a floor; marginal values take one re-solve per floor, "
            f"over {MAX_MARGINAL_FLOORS:,} too long: add --no-marginal (see docs/scenario-format.md#limits)",
            file=s.path,
        )


ERROR_CHECKS: tuple[Callable[[Scenario], None], ...] = (
    check_limits,
    check_unique_ids,
    check_references,
    check_floors_and_caps,
    check_target,
    monthly_checks.check_runs,
    monthly_checks.check_overlaps,
)


def check_errors(s: Scenario) -> None:
    """Raise the first `ScenarioError` that makes the scenario unsolvable as written."""
    for check in ERROR_CHECKS:
        check(s)


def warn_published_rate(s: Scenario) -> list[str]:
    r = s.region
    if r.published_rate is None:
        return []
    computed = 100 * r.rate
    if abs(computed - r.published_rate) <= PUBLISHED_RATE_TOLERANCE_POINTS:
        return []
    return [
        Msg(
            "warn.published_rate",
            published=r.published_rate,
            active=r.active,
            workforce=r.workforce,
            computed=computed,
        )
    ]


def warn_unused_sources(s: Scenario) -> list[str]:
    out = []
    for src in s.sources:
        restricted = src.eligible is not None
        if restricted and src.budget > 0 and all(s.group(g).max_persons == 0 for g in src.eligible):
            out.append(Msg("warn.source_no_group", source=src.id))
        if src.budget > 0 and src.premium_budget == 0:
            out.append(Msg("warn.source_no_premium", source=src.id))
    return out


def warn_target(s: Scenario) -> list[str]:
    r = s.region
    if r.active >= r.target:
        return [Msg("warn.target_met", target=r.target, active=r.active)]
    reachable = r.active + sum(g.max_persons for g in s.groups)
    if reachable < r.target:
        return [Msg("warn.target_too_high", reachable=reachable, target=r.target)]
    return []


def warn_prices(s: Scenario) -> list[str]:
    out = []
    for p in s.packages:
        if p.monthly_price < 5_000 or p.monthly_price > 500_000:
            out.append(Msg("warn.price", package=p.id, price=p.monthly_price))
    return out


WARNING_CHECKS: tuple[Callable[[Scenario], list[str]], ...] = (
    warn_published_rate,
    warn_target,
    warn_unused_sources,
    warn_prices,
    monthly_checks.warn_window_before_report,
    monthly_checks.warn_late_money,
)


def check_warnings(s: Scenario) -> tuple[str, ...]:
    """Sentences about legal but questionable inputs, in a stable order."""
    return tuple(w for check in WARNING_CHECKS for w in check(s))


def _listing(ids) -> str:
    items = sorted(ids)
    return ", ".join(items) if items else "(none)"
