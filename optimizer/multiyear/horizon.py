"""A plan horizon of several years: yearly budgets, workforce dynamics, targets, continuity, tapers.

The `[horizon]` table of a scenario file (docs/scenario-format.md, "Several years")
becomes a frozen `Horizon`. The scenario's `[region]` describes the first year;
the horizon says how the following years differ. Nothing here solves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.io.fields import MAX_PERSONS, Table
from optimizer.monthly.months import reporting_month, runs_of, window_of
from optimizer.scenario import MONTHS_PER_YEAR, Scenario, Source

HORIZON_FIELDS = {
    "years",
    "workforce_growth",
    "uncovered_growth",
    "lapse_percent",
    "gained_per_year",
    "target_rates",
    "continuity",
    "yearly",
    "budgets",
    "taper",
    "note",
}
MAX_YEARS = 15


class Continuity(StrEnum):
    #: A person covered in one year stays covered, and paid for, in every later year of the horizon.
    KEEP = "keep"
    #: Every year is decided afresh: persons may be dropped (election officers, one-off programmes).
    YEARLY = "yearly"


@dataclass(frozen=True)
class Horizon:
    first: int
    last: int
    #: Percent per year, compounded, applied to the BPS workforce.
    workforce_growth: float = 0.0
    #: Percent per year, compounded, applied to every group's uncovered headcount.
    uncovered_growth: float = 0.0
    #: Percent of the participants not paid by the plan who lapse each year.
    lapse_percent: float = 0.0
    #: Participants who join each year without public money (new wage earners...).
    gained_per_year: int = 0
    #: UCJ target in percent per year; empty means the region's target every year.
    target_rates: tuple[float, ...] = ()
    continuity: Continuity = Continuity.KEEP
    #: Groups decided afresh every year whatever `continuity` says.
    yearly: tuple[str, ...] = ()
    #: (source id, Rupiah per year): budgets that differ from the first year's.
    budgets: tuple[tuple[str, tuple[int, ...]], ...] = ()
    #: (group id, publicly paid months in the 1st, 2nd, ... year of membership; the last repeats).
    taper: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))

    def group_continuity(self, group_id: str) -> Continuity:
        return Continuity.YEARLY if group_id in self.yearly else self.continuity

    def public_months(self, scenario: Scenario, group_id: str, membership_year: int) -> int:
        """Months the plan pays in the `membership_year`-th year (0 = the year of joining)."""
        taper = dict(self.taper).get(group_id)
        if taper is None:
            return scenario.group(group_id).months
        return taper[min(membership_year, len(taper) - 1)]

    def budget(self, scenario: Scenario, source_id: str, t: int) -> int:
        """Premium budget of a source in year index `t`, after its premium_share."""
        return self.source_in(scenario, source_id, t).premium_budget

    def source_in(self, scenario: Scenario, source_id: str, t: int) -> Source:
        """The source as it is in year index `t`: that year's budget, the file's tranches (as shares
        of it) and premium_share, so the monthly rules (`available_by`) apply to every year."""
        source = scenario.source(source_id)
        amount = dict(self.budgets).get(source_id, (source.budget,) * len(self.years))[t]
        return replace(source, budget=amount)

    def workforce(self, scenario: Scenario, t: int) -> int:
        return round(scenario.region.workforce * (1 + self.workforce_growth / 100) ** t)

    def uncovered(self, scenario: Scenario, group_id: str, t: int) -> int:
        return math.floor(
            round(scenario.group(group_id).uncovered * (1 + self.uncovered_growth / 100) ** t, 6)
        )

    def active_without_plan(self, scenario: Scenario) -> tuple[int, ...]:
        """Participants not paid by the plan, year by year: lapses, then gains (whole persons)."""
        out = [scenario.region.active]
        for _ in self.years[1:]:
            out.append(round(out[-1] * (1 - self.lapse_percent / 100)) + self.gained_per_year)
        return tuple(out)

    def target(self, scenario: Scenario, t: int) -> int:
        """The target of year index `t` in participants (rates round up)."""
        r = scenario.region
        if self.target_rates:
            return math.ceil(round(self.target_rates[t] * self.workforce(scenario, t) / 100, 6))
        if r.target_participants is not None:
            return r.target_participants
        return math.ceil(round(r.target_rate * self.workforce(scenario, t) / 100, 6))


def horizon_from_mapping(data: Any, scenario: Scenario) -> Horizon | None:
    """The `[horizon]` table of a parsed scenario file, or None when there is none."""
    if not isinstance(data, Mapping) or "horizon" not in data:
        return None
    t = Table(data["horizon"], ("horizon",))
    t.unknown_keys(HORIZON_FIELDS)
    first, last = _years(t, scenario.region.year)
    n = last - first + 1
    group_ids = {g.id for g in scenario.groups}
    source_ids = {s.id for s in scenario.sources}
    yearly = tuple(_ids(t, "yearly", group_ids)) if t.has("yearly") else ()
    rates = _rates(t, n) if t.has("target_rates") else ()
    return Horizon(
        first=first,
        last=last,
        workforce_growth=t.number("workforce_growth", 0.0, minimum=-50.0, maximum=50.0),
        uncovered_growth=t.number("uncovered_growth", 0.0, minimum=-50.0, maximum=50.0),
        lapse_percent=t.percent("lapse_percent", 0.0),
        gained_per_year=t.whole("gained_per_year", 0, maximum=MAX_PERSONS, unit="persons"),
        target_rates=rates,
        continuity=Continuity(t.choice("continuity", list(Continuity), "keep")),
        yearly=yearly,
        budgets=_budgets(t, n, source_ids),
        taper=_taper(t, group_ids),
    )


def _years(t: Table, region_year: int) -> tuple[int, int]:
    raw = t.data.get("years")
    if not (isinstance(raw, list) and len(raw) == 2 and all(type(x) is int for x in raw)):
        raise t.fail("years", "must be [first, last], e.g. [2025, 2029]")
    first, last = raw
    if first != region_year:
        raise t.fail(
            "years", f"must start in the [region] year {region_year}; [region] describes the first year"
        )
    if not 0 <= last - first < MAX_YEARS:
        raise t.fail("years", f"must span 1 to {MAX_YEARS} years, last >= first")
    return first, last


def _rates(t: Table, n: int) -> tuple[float, ...]:
    raw = t.data.get("target_rates")
    if not isinstance(raw, list) or len(raw) != n:
        raise t.fail("target_rates", f"must be a list of {n} percentages, one per year of the horizon")
    items = Table({str(i + 1): v for i, v in enumerate(raw)}, (*t.path, "target_rates"))
    return tuple(items.percent(str(i + 1)) for i in range(n))


def _budgets(t: Table, n: int, source_ids: set[str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    table = Table(t.data.get("budgets") or {}, (*t.path, "budgets"))
    out = []
    for sid, raw in table.data.items():
        if sid not in source_ids:
            raise table.fail(str(sid), f"source {sid!r} does not exist; use ids from [[source]]")
        if not isinstance(raw, list) or len(raw) != n:
            raise table.fail(str(sid), f"must be a list of {n} budgets in Rupiah, one per year")
        items = Table({str(i + 1): v for i, v in enumerate(raw)}, (*table.path, str(sid)))
        out.append((str(sid), tuple(items.whole(str(i + 1), unit="Rupiah") for i in range(n))))
    return tuple(out)


def _taper(t: Table, group_ids: set[str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    table = Table(t.data.get("taper") or {}, (*t.path, "taper"))
    out = []
    for gid, raw in table.data.items():
        if gid not in group_ids:
            raise table.fail(str(gid), f"group {gid!r} does not exist; use ids from [[group]]")
        if not isinstance(raw, list) or not raw:
            raise table.fail(
                str(gid), "must be a list of publicly paid months per membership year, e.g. [12, 8, 6, 4]"
            )
        items = Table({str(i + 1): v for i, v in enumerate(raw)}, (*table.path, str(gid)))
        months = tuple(
            items.whole(str(i + 1), minimum=0, maximum=MONTHS_PER_YEAR, unit="months")
            for i in range(len(raw))
        )
        out.append((str(gid), months))
    return tuple(out)


def _ids(t: Table, key: str, known: set[str]) -> list[str]:
    raw = t.data.get(key)
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise t.fail(key, 'must be a list of group ids in quotes, like ["petugas-pemilu"]')
    for gid in raw:
        if gid not in known:
            raise t.fail(key, f"group {gid!r} does not exist; use ids from [[group]]")
    return list(raw)


def check_horizon(horizon: Horizon) -> None:
    """The horizon's own rules, whatever the command: tapers need continuity."""
    for gid, _ in horizon.taper:
        if horizon.group_continuity(gid) is Continuity.YEARLY:
            raise ScenarioError(
                f'group {gid!r} has a taper but is decided yearly; a taper needs continuity = "keep"',
                ("horizon", "taper", gid),
            )


def check_plan_years(horizon: Horizon, scenario: Scenario) -> None:
    """What plan-years needs of the scenario besides: the monthly fields it can honour (README,
    "The model: several years"). Commands that plan one year (sweep, robust) ignore [horizon],
    so they do not refuse what only plan-years cannot plan."""
    check_horizon(horizon)
    _check_monthly(horizon, scenario)


def _check_monthly(horizon: Horizon, scenario: Scenario) -> None:
    """Refuse, in one line each, the monthly fields the multi-year model does not honour."""
    if scenario.overlaps:
        raise ScenarioError(
            "plan-years cannot honour [[overlap]] yet (persons in several groups are planned for one "
            "year only); remove [[overlap]], or remove [horizon] and plan one year with solve",
            ("overlap",),
        )
    report = reporting_month(scenario)
    tapered = dict(horizon.taper)
    for i, g in enumerate(scenario.groups):
        if g.id in tapered and (g.choose_months or g.window is not None):
            raise ScenarioError(
                f"group {g.id!r}: a taper fixes the months the plan pays each year, so plan-years cannot "
                'also honour months = "choose" or a window for it; remove one of them',
                ("horizon", "taper", g.id),
            )
        if g.id not in tapered and not any(r.covers(report) for r in runs_of(g, report)):
            first, last = window_of(g)
            raise ScenarioError(
                f"group {g.id!r}: plan-years counts every covered person as active in each year's "
                f"reporting month ({report}), and its window (months {first}-{last}) cannot cover it; "
                "widen the window, or remove [horizon] and plan one year with solve",
                ("group", i, "window"),
            )
    budgets = dict(horizon.budgets)
    for i, s in enumerate(scenario.sources):
        if s.id in budgets and any(t.amount is not None for t in s.tranches):
            raise ScenarioError(
                f"source {s.id!r}: tranches in Rupiah (amount) cannot follow a budget per year in "
                "[horizon.budgets]; write them as shares (share = percent of each year's budget)",
                ("source", i, "tranches"),
            )
