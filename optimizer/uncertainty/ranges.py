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
from typing import Any

import numpy as np

from optimizer.io.fields import Table
from optimizer.scenario import Scenario

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
    """The scenario as it turns out: budgets and headcounts round down, the workforce rounds to a person."""
    budgets, heads = dict(d.budget), dict(d.uncovered)
    sources = tuple(
        dataclasses.replace(s, budget=_down(s.budget, budgets[s.id])) if s.id in budgets else s
        for s in scenario.sources
    )
    groups = tuple(
        dataclasses.replace(g, uncovered=_down(g.uncovered, heads[g.id])) if g.id in heads else g
        for g in scenario.groups
    )
    region = scenario.region
    if d.workforce != 100.0:
        workforce = max(region.active, math.ceil(round(region.workforce * d.workforce / 100, 6)))
        region = dataclasses.replace(region, workforce=workforce)
    return dataclasses.replace(scenario, region=region, sources=sources, groups=groups)


def worst_case(scenario: Scenario, u: Uncertainty) -> Scenario:
    return realise(scenario, worst(u))


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
