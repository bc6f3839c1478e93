"""The plan that survives the worst case, and what happens to a fixed plan when inputs vary.

Robust plan: the planner's program solved on the worst case of the ranges (every
uncertain budget at its minimum realisation, every uncertain headcount at its
minimum, the workforce at its maximum; with [[overlap]], every segment of persons
at its fewest: `ranges.worst_case`). Money arrived by each month and persons in each
segment only fall as realisations fall, so this plan keeps every budget (month by
month) and headcount for every realisation inside the ranges, and the coverage it
reaches there is guaranteed.

A fixed plan under a sampled realisation is executed by the rule in
`execute` (README, "When money falls short"), run by run: an annual plan is one run per
(source, group), of the group's months, ending in December.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.monthly.months import FIRST_MONTH, LAST_MONTH, Run, available_by, segments, uses_monthly_model
from optimizer.monthly.result import Runs, monthly_coverage, paid_by
from optimizer.optimize import optimize
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective, Scenario, Source
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


#: Persons of a fixed plan per (source, group): one run per pair, as in an annual plan.
PairPersons = dict[tuple[str, str], int]


def plan_runs(plan: Plan) -> Runs:
    """Persons of `plan` per (source, group, segment, run): what a fixed plan commits to."""
    runs: Runs = {}
    for row in plan.allocations.itertuples():
        if hasattr(row, "segment"):
            key = (row.source, row.group, row.segment, Run(int(row.first_month), int(row.last_month)))
        else:  # an annual plan: one run per (source, group), of its months, ending in December
            key = (row.source, row.group, row.group, _annual_run(int(row.months)))
        runs[key] = runs.get(key, 0) + int(row.persons)
    return runs


def plan_persons(plan: Plan) -> PairPersons:
    """Persons of `plan` per (source, group), all runs together."""
    return _pair_persons(plan_runs(plan))


def _annual_run(months: int) -> Run:
    return Run(LAST_MONTH - months + 1, LAST_MONTH)


def _as_runs(scenario: Scenario, planned: Runs | PairPersons) -> Runs:
    """`planned` per run; (source, group) persons are an annual plan's, one run per pair."""
    if all(len(key) == 4 for key in planned):
        return dict(planned)  # type: ignore[arg-type]
    if uses_monthly_model(scenario):
        raise ValueError("a monthly plan is carried out run by run: pass plan_runs(plan), not persons")
    return {(sid, gid, gid, _annual_run(scenario.group(gid).months)): n for (sid, gid), n in planned.items()}


def _pair_persons(runs: Runs) -> PairPersons:
    out: PairPersons = {}
    for (sid, gid, _, _), n in runs.items():
        out[(sid, gid)] = out.get((sid, gid), 0) + n
    return out


@dataclass(frozen=True)
class Execution:
    """A fixed plan as carried out in one realisation."""

    #: Persons per (source, group, segment, run) actually paid for.
    runs: Runs
    #: True when every planned person was paid for (no budget or headcount fell short).
    as_planned: bool
    #: Rupiah each source spends.
    spend: dict[str, int]

    @property
    def persons(self) -> PairPersons:
        """Persons paid for per (source, group), all runs together."""
        return _pair_persons(self.runs)


def execute(realised: Scenario, planned: Runs | PairPersons) -> Execution:
    """Carry out `planned` in `realised` (README, "When money falls short").

    1. Headcount: a segment (a group's own members, or an overlap) with fewer persons than
       planned in it has each of its runs scaled by realised / planned, rounded down.
    2. Money: a source that has paid, by the end of some month, more than has arrived by then
       has every run it pays scaled by the smallest (arrived by t) / (paid by t) over the
       months, rounded down; without tranches that is budget / spend. Money left over is not
       moved to other groups: the plan is fixed.

    An annual plan's (source, group) persons are one run each, and the rule is then exactly
    the annual one; `Execution.persons` comes back per pair as well.
    """
    runs = _as_runs(realised, planned)
    done = _fit_money(realised, _fit_headcounts(realised, runs))
    spend = {s.id: paid_by(realised, done, s.id, LAST_MONTH) for s in realised.sources}
    return Execution(done, done == runs, spend)


def _fit_headcounts(realised: Scenario, runs: Runs) -> Runs:
    out = dict(runs)
    for seg in segments(realised):
        planned = sum(n for (_, _, k, _), n in out.items() if k == seg.id)
        if planned > seg.persons:
            for key in [key for key in out if key[2] == seg.id]:
                out[key] = out[key] * seg.persons // planned
    return out


def _fit_money(realised: Scenario, runs: Runs) -> Runs:
    out = dict(runs)
    for source in realised.sources:
        arrived, paid = _tightest_month(realised, out, source)
        if paid > arrived:
            for key in [key for key in out if key[0] == source.id]:
                out[key] = out[key] * arrived // paid
    return out


def _tightest_month(realised: Scenario, runs: Runs, source: Source) -> tuple[int, int]:
    """(arrived by t, paid by t) of the month t where the least of what is paid has arrived.

    Fractions are compared in whole numbers (a/p < a'/p' as a*p' < a'*p): no float rounding
    decides which month is tightest. (0, 0) when the source pays for nobody.
    """
    tightest = (0, 0)
    for month in range(FIRST_MONTH, LAST_MONTH + 1):
        paid = paid_by(realised, runs, source.id, month)
        if paid == 0:
            continue
        arrived = available_by(source, month)
        if tightest[1] == 0 or arrived * tightest[1] < tightest[0] * paid:
            tightest = (arrived, paid)
    return tightest


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
    planned: Runs | PairPersons,
    metric: Metric,
    samples: int,
    seed: int,
) -> SampleSummary:
    """Execute `planned` in `samples` realisations (sample i is seeded with [seed, i]).

    Credit is counted as in a plan (`monthly_coverage`): each run's own credit toward the target.
    """
    rates, met, full = [], 0, 0
    for i in range(samples):
        realised = realise(scenario, draw(uncertainty, seed, i))
        done = execute(realised, planned)
        coverage = monthly_coverage(realised, done.runs, metric)
        rates.append(coverage.credited_after / coverage.workforce)
        met += coverage.target_met
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
