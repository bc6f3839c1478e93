"""Uncertain inputs: budget realisation, headcounts and workforce as ranges or distributions.

The `[uncertainty]` table (docs/scenario-format.md, "Uncertain revenue and
headcounts") gives, for a source's budget, a group's uncovered count or the
workforce, the realisation in percent of the written value: `{min, max}` is
uniform, `{min, mode, max}` triangular. `worst_case` is the scenario a plan must
survive; `draw` and `realise` give one sampled scenario, seeded per sample so
that results never depend on how samples are spread over workers.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from optimizer.io.fields import Table
from optimizer.monthly.months import overlap_persons
from optimizer.scenario import Overlap, Scenario, Source, Tranche
from optimizer.uncertainty.overlaps import fewest_in_every_segment

if TYPE_CHECKING:  # numpy is imported when samples are drawn: validate reads [uncertainty] without it
    import numpy as np

UNCERTAINTY_FIELDS = {"budget", "uncovered", "workforce", "note"}
RANGE_FIELDS = {"min", "mode", "max"}
#: Realisations are percentages of the written value; beyond this a typo is likelier.
MAX_PERCENT = 1_000.0


@dataclass(frozen=True)
class Range:
    """Realisation in percent of the written value: uniform, or triangular when `mode` is given."""

    low: float
    high: float
    mode: float | None = None

    def draw(self, rng: np.random.Generator) -> float:
        if self.low == self.high:
            return self.low
        if self.mode is None:
            return float(rng.uniform(self.low, self.high))
        return float(rng.triangular(self.low, self.mode, self.high))

    def __str__(self) -> str:
        return self.describe()

    def describe(self, most_likely: str = "most likely") -> str:
        """'80-100%', or '80-100%, most likely 95%' (`most_likely` in the report's language)."""
        mode = "" if self.mode is None else f", {most_likely} {self.mode:g}%"
        return f"{self.low:g}-{self.high:g}%{mode}"


@dataclass(frozen=True)
class Uncertainty:
    budget: tuple[tuple[str, Range], ...] = ()
    uncovered: tuple[tuple[str, Range], ...] = ()
    workforce: Range | None = None

    @property
    def is_empty(self) -> bool:
        return not self.budget and not self.uncovered and self.workforce is None


@dataclass(frozen=True)
class Draw:
    """One realisation, in percent of the written values (100 = as written)."""

    budget: tuple[tuple[str, float], ...]
    uncovered: tuple[tuple[str, float], ...]
    workforce: float


def draw(u: Uncertainty, seed: int, index: int) -> Draw:
    """Sample `index` of a run seeded with `seed`: the same numbers on any worker, in any order."""
    import numpy as np

    rng = np.random.default_rng([seed, index])
    budget = tuple((sid, r.draw(rng)) for sid, r in u.budget)
    uncovered = tuple((gid, r.draw(rng)) for gid, r in u.uncovered)
    workforce = u.workforce.draw(rng) if u.workforce is not None else 100.0
    return Draw(budget, uncovered, workforce)


def worst(u: Uncertainty) -> Draw:
    """Budgets and headcounts at their minimum, workforce at its maximum."""
    return Draw(
        tuple((sid, r.low) for sid, r in u.budget),
        tuple((gid, r.low) for gid, r in u.uncovered),
        u.workforce.high if u.workforce is not None else 100.0,
    )


def realise(scenario: Scenario, d: Draw) -> Scenario:
    """The scenario as it turns out: budgets and headcounts round down, the workforce rounds to a person.

    The monthly fields follow, so that the realised scenario passes the same checks as the
    written one: tranches in Rupiah fall with their budget (`_amounts_in_proportion`; tranche
    shares are percentages of the realised budget already), and overlaps with their groups
    (`_overlap_in_proportion`).
    """
    budgets, heads = dict(d.budget), dict(d.uncovered)
    sources = tuple(_realised_source(s, budgets[s.id]) if s.id in budgets else s for s in scenario.sources)
    groups = tuple(
        dataclasses.replace(g, uncovered=_down(g.uncovered, heads[g.id])) if g.id in heads else g
        for g in scenario.groups
    )
    realised = {g.id: g.uncovered for g in groups}
    overlaps = tuple(_overlap_in_proportion(o, scenario, realised) for o in scenario.overlaps)
    region = scenario.region
    if d.workforce != 100.0:
        workforce = max(region.active, math.ceil(round(region.workforce * d.workforce / 100, 6)))
        region = dataclasses.replace(region, workforce=workforce)
    return dataclasses.replace(scenario, region=region, sources=sources, groups=groups, overlaps=overlaps)


def _realised_source(source: Source, percent: float) -> Source:
    tranches = source.tranches
    if tranches and tranches[0].amount is not None:
        tranches = _amounts_in_proportion(tranches, percent)
    return dataclasses.replace(source, budget=_down(source.budget, percent), tranches=tranches)


def _amounts_in_proportion(tranches: tuple[Tranche, ...], percent: float) -> tuple[Tranche, ...]:
    """Tranches in Rupiah when the budget realises `percent`: what has arrived by each tranche's
    month is the written running total x percent / 100, rounded down, and each tranche is the
    difference. Rounding the running total (as `premium_share` is rounded) rather than each
    amount keeps every amount >= 0 and makes them add up to the realised budget exactly (the
    reader's rule for amounts), and money arrived by any month only grows with `percent`.
    """
    out, written, arrived = [], 0, 0
    for t in tranches:
        written += t.amount or 0
        by_now = _down(written, percent)
        out.append(dataclasses.replace(t, amount=by_now - arrived))
        arrived = by_now
    return tuple(out)


def _overlap_in_proportion(o: Overlap, written: Scenario, realised: dict[str, int]) -> Overlap:
    """An overlap shrinks (or grows) with the group of it that realises least: its persons as
    written (or as its share gives them) x realised / written headcount of that group, rounded
    down, in whole numbers. The overlaps inside a group then never hold more persons than the
    realised group has. A share is not left to follow the realised groups by itself: it is a
    percent of the smallest group, which may not be the one that shrank, and could then hold
    more of a group than it has."""
    if all(realised[gid] == written.group(gid).uncovered for gid in o.groups):
        return o
    persons = overlap_persons(written, o)
    # A group with persons in an overlap has a written headcount > 0 (checks.check_overlaps).
    persons = (
        min(persons * realised[gid] // written.group(gid).uncovered for gid in o.groups) if persons else 0
    )
    return dataclasses.replace(o, persons=persons, share=None)


def worst_case(scenario: Scenario, u: Uncertainty) -> Scenario:
    """The scenario a fixed plan must survive: budgets at their minimum, the workforce at its
    maximum, and every segment of persons at its fewest (with [[overlap]], `overlaps`)."""
    low = realise(scenario, worst(u))
    return fewest_in_every_segment(scenario, low, realise(scenario, _most_persons(u)))


def _most_persons(u: Uncertainty) -> Draw:
    """Headcounts at their maximum: the most persons any overlap can hold."""
    return Draw((), tuple((gid, r.high) for gid, r in u.uncovered), 100.0)


def _down(value: int, percent: float) -> int:
    return math.floor(round(value * percent / 100, 6))


def uncertainty_from_mapping(data: Any, scenario: Scenario) -> Uncertainty | None:
    """The `[uncertainty]` table of a parsed scenario file, or None when there is none."""
    if not isinstance(data, Mapping) or "uncertainty" not in data:
        return None
    t = Table(data["uncertainty"], ("uncertainty",))
    t.unknown_keys(UNCERTAINTY_FIELDS)
    known = {"budget": {s.id for s in scenario.sources}, "uncovered": {g.id for g in scenario.groups}}
    parts = {}
    for key, ids in known.items():
        table = Table(t.data.get(key) or {}, ("uncertainty", key))
        what = "source" if key == "budget" else "group"
        for ident in table.data:
            if ident not in ids:
                raise table.fail(str(ident), f"{what} {ident!r} does not exist; use ids from [[{what}]]")
        parts[key] = tuple((str(i), _range(table, str(i))) for i in table.data)
    workforce = _range(t, "workforce") if t.has("workforce") else None
    return Uncertainty(parts["budget"], parts["uncovered"], workforce)


def _range(parent: Table, key: str) -> Range:
    t = Table(parent.data[key], (*parent.path, key))
    t.unknown_keys(RANGE_FIELDS)
    low = t.number("min", minimum=0.0, maximum=MAX_PERCENT)
    high = t.number("max", minimum=0.0, maximum=MAX_PERCENT)
    if low > high:
        raise t.fail("min", f"min {low:g}% is above max {high:g}%; swap them")
    mode = t.number("mode", minimum=low, maximum=high) if t.has("mode") else None
    return Range(low, high, mode)
