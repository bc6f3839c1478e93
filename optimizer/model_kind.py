"""Which program a scenario is solved with (annual or monthly), as one value every re-solve uses.

`optimize` picks the annual program (`optimizer.model`) or the monthly one
(`optimizer.monthly.model`) by `uses_monthly_model`. Everything that re-solves a scenario
(marginal values, the frontier, sweeps) must pick the same, or it answers a
different question than the plan it explains. `model_for(scenario)` is that choice:
the program builder, how to read a solution back into coverage and cost, and what
one person costs at least and at most (for bounds of budget sweeps).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from optimizer.model import Program, build_program
from optimizer.monthly.model import build_monthly_program, run_role
from optimizer.monthly.months import reporting_month, runs_of, uses_monthly_model
from optimizer.monthly.result import monthly_coverage, price_of
from optimizer.result import Coverage, coverage_of
from optimizer.scenario import Group, Metric, Scenario, Source


@dataclass(frozen=True)
class ModelKind:
    #: "annual" or "monthly".
    name: str
    #: Same arguments as `optimizer.model.build_program`.
    build: Callable[..., Program]
    #: (scenario, program, solution values, metric) -> (coverage, total cost in Rupiah).
    read: Callable[[Scenario, Program, Sequence[float], Metric], tuple[Coverage, int]]
    #: Rupiah of the cheapest and the dearest cover of one person of the group by the source
    #: (None when the group allows no cover at all).
    unit_costs: Callable[[Scenario, Source, Group], tuple[int, int] | None]


def _read_annual(s: Scenario, program: Program, values: Sequence[float], metric: Metric):
    persons = {
        (v.role[1], v.role[2]): int(x)
        for v, x in zip(program.variables, values, strict=True)
        if v.role[0] == "alloc" and x > 0
    }
    cost = sum(n * s.unit_cost(s.source(sid), s.group(gid)) for (sid, gid), n in persons.items())
    return coverage_of(s, persons, metric), cost


def _read_monthly(s: Scenario, program: Program, values: Sequence[float], metric: Metric):
    runs = {}
    for v, x in zip(program.variables, values, strict=True):
        role = run_role(v)
        if role is not None and x > 0:
            runs[role] = int(x)
    cost = sum(n * price_of(s, sid, gid) * r.length for (sid, gid, _, r), n in runs.items())
    return monthly_coverage(s, runs, metric), cost


def _annual_costs(s: Scenario, src: Source, g: Group) -> tuple[int, int]:
    cost = s.unit_cost(src, g)
    return cost, cost


def _monthly_costs(s: Scenario, src: Source, g: Group) -> tuple[int, int] | None:
    lengths = [r.length for r in runs_of(g, reporting_month(s))]
    if not lengths:
        return None
    price = price_of(s, src.id, g.id)
    return price * min(lengths), price * max(lengths)


ANNUAL = ModelKind("annual", build_program, _read_annual, _annual_costs)
MONTHLY = ModelKind("monthly", build_monthly_program, _read_monthly, _monthly_costs)


def model_for(scenario: Scenario) -> ModelKind:
    """The model `optimizer.optimize.optimize` solves `scenario` with."""
    return MONTHLY if uses_monthly_model(scenario) else ANNUAL
