"""The village-level pipeline: build -> solve (fast path or PuLP) -> whole persons -> check -> plan.

The plan for the planner's objective (max-coverage) is the aggregate `Plan` that
every report already understands, plus tables per village, district and regency
and the certificate: the LP value, the dual bound checked in NumPy, and the gap
of the whole-person plan to that bound in persons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer import diagnose
from optimizer.areas.bound import whole_person_bound
from optimizer.areas.data import AreaScenario
from optimizer.areas.fast import solve_reduced, villages_of_rows
from optimizer.areas.model import VILLAGE, build_area_lp, build_area_program
from optimizer.areas.rounding import whole_persons
from optimizer.areas.tables import area_tables, area_violations, village_coverage
from optimizer.checks import check_warnings
from optimizer.errors import ScenarioError, SolverError
from optimizer.outcome import Outcome
from optimizer.result import Plan, coverage_of, plan_tables
from optimizer.scenario import Metric, Objective
from optimizer.solve import SolveStatus, solve_program

#: Times the merged program is solved again with the villages whose share rounding missed made explicit.
WHOLE_RETRIES = 3


@dataclass(frozen=True)
class Certificate:
    """How far the whole-person plan can be from the best possible one."""

    #: LP optimum found by the solver and the dual bound recomputed here (objective units).
    lp_value: float
    dual_bound: float
    #: (dual_bound - lp_value) / max(1, lp_value): at most 1e-6 means the LP is proven optimal.
    lp_gap: float
    #: whole_bound - whole-person objective: no whole-person plan can beat ours by more.
    gap_persons: float
    lp_violation: float
    method: str
    #: upper bound for whole-person plans: the dual bound rounded down per regency where valid
    #: (`optimizer.areas.bound`), never above `dual_bound`
    whole_bound: float | None = None


@dataclass(frozen=True)
class AreaPlan:
    plan: Plan
    #: one row per village x source x group funded (see `optimizer.areas.tables`)
    villages: pd.DataFrame
    districts: pd.DataFrame
    regencies: pd.DataFrame
    certificate: Certificate | None
    #: every village with uncovered, covered, cost, covered_share (`tables.village_coverage`)
    coverage: pd.DataFrame | None = None


def optimize_areas(
    area: AreaScenario,
    objective: Objective | None = None,
    metric: Metric | None = None,
    solver: str = "highs",
    threads: int = 1,
) -> AreaPlan:
    """The max-coverage plan per village. `solver="highs"` takes the fast path; others go through PuLP."""
    sc = area.scenario
    if (objective or sc.objective) is not Objective.MAX_COVERAGE:
        raise ScenarioError(
            "village-level scenarios support objective max-coverage only (min-cost is not built yet)",
            ("optimize", "objective"),
            file=sc.path,
        )
    metric = metric or sc.metric
    if solver == "highs":
        status, cells, certificate = _fast(area, metric, threads)
    else:
        status, cells = _pulp(area, metric, solver)
        certificate = None
    villages, districts, regencies = area_tables(area, cells, metric)
    broken = area_violations(area, villages)
    if broken:
        raise SolverError("the plan breaks a rule: " + "; ".join(broken[:5]))
    plan = _plan(area, metric, status, villages, certificate, solver)
    return AreaPlan(plan, villages, districts, regencies, certificate, village_coverage(area, villages))


def _fast(area: AreaScenario, metric: Metric, threads: int):
    lp = build_area_lp(area, metric)
    fast = solve_reduced(area, lp, threads=threads)
    answer = fast.answer
    whole = fast.whole(area)
    x, unmet = whole_persons(lp, answer.x if whole is None else whole)
    for _ in range(WHOLE_RETRIES):
        if not unmet or fast.explicit is None:
            break
        # The merged plan is rounded before it is split, so a merged village may miss its
        # share by a person: give those villages their own rows, where rounding keeps them.
        shares = np.array([r for r in unmet if lp.block[r] == VILLAGE], np.int64)
        if len(shares) == 0:
            break
        explicit = fast.explicit.copy()
        explicit[villages_of_rows(lp)[shares]] = True
        fast = solve_reduced(area, lp, threads=threads, explicit=explicit)
        answer, whole = fast.answer, fast.whole(area)
        x, unmet = whole_persons(lp, answer.x if whole is None else whole)
    if unmet:
        raise SolverError(
            f"{len(unmet)} floor or minimum-share rows cannot be kept in whole persons after rounding; "
            "try --solver cbc (exact, slower)"
        )
    value = float(lp.objective @ x)
    solver = "interior point + crossover" if fast.reduction is None else "dual simplex"
    method = f"HiGHS {solver} on the {fast.method}; bound from the duals, checked here on the full LP"
    bound = min(answer.bound, whole_person_bound(area, lp, answer.duals))
    certificate = Certificate(
        answer.value, answer.bound, answer.gap, bound - value, answer.violation, method, bound
    )
    whole = bool(np.all(lp.objective == np.round(lp.objective)))
    limit = math.floor(bound + 1e-6) if whole else bound
    proven = answer.proven and value >= limit - 1e-9 * max(1.0, abs(value))
    cells = pd.DataFrame({"village": lp.village, "source": lp.source, "group": lp.group, "persons": x})
    return (SolveStatus.OPTIMAL if proven else SolveStatus.NOT_PROVEN), cells, certificate


def _pulp(area: AreaScenario, metric: Metric, solver: str):
    program = build_area_program(area, metric)
    solution = solve_program(program, solver)
    if not solution.status.has_plan:
        raise SolverError(f"solver {solver!r} found no plan ({solution.status.value})")
    index = {c: i for i, c in enumerate(area.villages["village_code"])}
    sidx = {s.id: i for i, s in enumerate(area.scenario.sources)}
    gidx = {g.id: i for i, g in enumerate(area.scenario.groups)}
    rows = [(index[v.key.area], sidx[v.key.source], gidx[v.key.group], int(value))
            for v, value in zip(program.variables, solution.values, strict=True)]  # fmt: skip
    cells = pd.DataFrame(rows, columns=["village", "source", "group", "persons"])
    return solution.status, cells


def _plan(area, metric, status, villages, certificate, solver) -> Plan:
    sc = area.scenario
    persons = villages.groupby(["source", "group"], sort=False)["persons"].sum()
    persons = {k: int(v) for k, v in persons.items() if v > 0}
    alloc, sources, groups = plan_tables(sc, persons, metric)
    used = villages.groupby("source")["cost"].sum()
    sources["premium_budget"] = [int(area_premium(area, i)) for i in range(len(sc.sources))]
    sources["used"] = [int(used.get(s.id, 0)) for s in sc.sources]
    sources["left"] = sources["premium_budget"] - sources["used"]
    value = float(alloc["credit"].mul(alloc["group"].map({g.id: g.weight for g in sc.groups})).sum())
    gap = None if certificate is None else max(0.0, certificate.whole_bound - value) / max(1.0, abs(value))
    return Plan(
        scenario=sc, objective=Objective.MAX_COVERAGE, metric=metric, status=status,
        outcome=Outcome.OPTIMAL if status is SolveStatus.OPTIMAL else Outcome.NOT_PROVEN,
        solver=solver if certificate is None else "highs-fast", gap=gap if certificate else 0.0,
        objective_value=value, bound=None if certificate is None else certificate.whole_bound,
        lp_bound=None if certificate is None else certificate.dual_bound, allocations=alloc,
        sources=sources, groups=groups, coverage=coverage_of(sc, persons, metric),
        total_cost=int(alloc["cost"].sum()), warnings=check_warnings(sc),
        binding=diagnose.binding_rules(sc, sources, groups),
    )  # fmt: skip


def area_premium(area: AreaScenario, s: int) -> int:
    """Premium Rupiah of source s over all its pots (per-pot shares are rounded down per pot)."""
    scope = area.scopes[s]
    if scope == "village":
        return int(area.village_budget[:, s].sum())
    if scope == "regency":
        return int(area.regency_budget[:, s].sum())
    return area.scenario.sources[s].premium_budget
