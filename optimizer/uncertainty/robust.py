"""The plan that survives the worst case, and what happens to a fixed plan when inputs vary.

Robust plan: the planner's program solved on the worst case of the ranges (every
uncertain budget at its minimum realisation, every uncertain headcount at its
minimum, the workforce at its maximum). Spends and persons only fall as
realisations fall, so this plan keeps every budget and headcount for every
realisation inside the ranges, and the coverage it reaches there is guaranteed.

A fixed plan under a sampled realisation is executed by the rule in
`execute` (README, "When money falls short").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from optimizer.optimize import optimize
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import DEFAULT_SOLVER
from optimizer.uncertainty.ranges import Uncertainty, draw, realise, worst_case

PERCENTILES = (5, 10, 50, 90, 95)


def robust_plan(
    scenario: Scenario,
    uncertainty: Uncertainty,
    objective: Objective | None = None,
    metric: Metric | None = None,
    solver: str = DEFAULT_SOLVER,
    time_limit: float | None = None,
) -> Plan:
    """The optimal plan of the worst case; its coverage is the guaranteed coverage."""
    return optimize(worst_case(scenario, uncertainty), objective, metric, solver, time_limit)


def plan_persons(plan: Plan) -> dict[tuple[str, str], int]:
    return {(r.source, r.group): int(r.persons) for r in plan.allocations.itertuples()}


@dataclass(frozen=True)
class Execution:
    """A fixed plan as carried out in one realisation."""

    persons: dict[tuple[str, str], int]
    #: True when every planned person was paid for (no budget or headcount fell short).
    as_planned: bool
    #: Rupiah each source spends.
    spend: dict[str, int]


def execute(realised: Scenario, planned: dict[tuple[str, str], int]) -> Execution:
    """Carry out `planned` in `realised`.

    1. A group with fewer uncovered persons than planned: each source's persons for it are
       scaled by realised / planned, rounded down.
    2. A source whose premium budget is below what it must then spend: every allocation it
       pays is scaled by budget / spend, rounded down. Money left over is not moved to other
       groups: the plan is fixed.
    """
    persons = dict(planned)
    for g in realised.groups:
        total = sum(n for (_, gid), n in persons.items() if gid == g.id)
        if total > g.uncovered:
            for key in [k for k in persons if k[1] == g.id]:
                persons[key] = persons[key] * g.uncovered // total
    for s in realised.sources:
        spend = _spend(realised, persons, s.id)
        if spend > s.premium_budget:
            for key in [k for k in persons if k[0] == s.id]:
                persons[key] = math.floor(persons[key] * s.premium_budget / spend)
    spend = {s.id: _spend(realised, persons, s.id) for s in realised.sources}
    return Execution(persons, persons == planned, spend)


def _spend(scenario: Scenario, persons: dict[tuple[str, str], int], source_id: str) -> int:
    source = scenario.source(source_id)
    return sum(
        n * scenario.unit_cost(source, scenario.group(gid))
        for (sid, gid), n in persons.items()
        if sid == source_id
    )


@dataclass(frozen=True)
class SampleSummary:
    """Coverage a fixed plan reaches over sampled realisations."""

    samples: int
    seed: int
    #: (percentile, UCJ rate as a fraction) for PERCENTILES.
    rate_percentiles: tuple[tuple[int, float], ...]
    rate_mean: float
    #: Share of samples in which the target is met (0..1).
    p_target: float
    #: Share of samples in which the plan is carried out in full.
    p_as_planned: float


def sample_fixed_plan(
    scenario: Scenario,
    uncertainty: Uncertainty,
    planned: dict[tuple[str, str], int],
    metric: Metric,
    samples: int,
    seed: int,
) -> SampleSummary:
    """Execute `planned` in `samples` realisations (sample i is seeded with [seed, i])."""
    rates, met, full = [], 0, 0
    for i in range(samples):
        realised = realise(scenario, draw(uncertainty, seed, i))
        done = execute(realised, planned)
        credited = realised.region.active + math.fsum(
            n * realised.participants(realised.source(sid), realised.group(gid), metric)
            for (sid, gid), n in done.persons.items()
        )
        rates.append(credited / realised.region.workforce)
        met += credited >= realised.region.target - 1e-9
        full += done.as_planned
    return summarise(rates, met, full, samples, seed)


def summarise(rates: list[float], met: int, full: int, samples: int, seed: int) -> SampleSummary:
    values = np.asarray(rates, dtype=float)
    cuts = tuple((p, round(float(np.percentile(values, p)), 6)) for p in PERCENTILES)
    return SampleSummary(
        samples=samples,
        seed=seed,
        rate_percentiles=cuts,
        rate_mean=round(float(values.mean()), 6),
        p_target=met / samples,
        p_as_planned=full / samples,
    )
