"""The one-region program as one value every re-solve uses: build, read back, unit costs.

`optimize` solves every one-region scenario with `optimizer.monthly.model` (an annual
scenario is that model with one run per group). Everything that re-solves a scenario
(marginal values, the frontier, sweeps) must use the same program, or it answers a
different question than the plan it explains: `model_for(scenario)` hands it over, with
how to read a solution back into coverage and cost, and what one person costs at least
and at most (for bounds of budget sweeps).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from optimizer.model import Program
from optimizer.monthly.model import build_monthly_program, solution_runs
from optimizer.monthly.months import reporting_month, runs_of
from optimizer.monthly.result import monthly_coverage, price_of
from optimizer.result import Coverage
from optimizer.scenario import Group, Metric, Scenario, Source


@dataclass(frozen=True)
class ModelKind:
    #: "monthly" (the one-region program; an annual scenario has one run per group).
    name: str
    #: Same arguments as `optimizer.monthly.model.build_monthly_program`.
    build: Callable[..., Program]
    #: (scenario, program, solution values, metric) -> (coverage, total cost in Rupiah).
    read: Callable[[Scenario, Program, Sequence[float], Metric], tuple[Coverage, int]]
    #: Rupiah of the cheapest and the dearest cover of one person of the group by the source
    #: (None when the group allows no cover at all).
    unit_costs: Callable[[Scenario, Source, Group], tuple[int, int] | None]


def _read_monthly(s: Scenario, program: Program, values: Sequence[float], metric: Metric):
    runs, _ = solution_runs(program, values)
    cost = sum(n * price_of(s, sid, gid) * r.length for (sid, gid, _, r), n in runs.items())
    return monthly_coverage(s, runs, metric), cost


def _monthly_costs(s: Scenario, src: Source, g: Group) -> tuple[int, int] | None:
    lengths = [r.length for r in runs_of(g, reporting_month(s))]
    if not lengths:
        return None
    price = price_of(s, src.id, g.id)
    return price * min(lengths), price * max(lengths)


MONTHLY = ModelKind("monthly", build_monthly_program, _read_monthly, _monthly_costs)


def model_for(scenario: Scenario) -> ModelKind:
    """The model `optimizer.optimize.optimize` solves `scenario` with."""
    return MONTHLY
