"""The budget frontier of a village-level scenario: `solve`'s village plan at each budget level.

A level is premium money in Rupiah: every source's, or one --source's, pots scaled by
the same factor (level / today's money), each pot (village, regency or province)
rounded down to the Rupiah, so the level shown is the sum of the scaled pots, the
premium money the scaled file holds (`area_premium`). The plan at a level is exactly
`optimize_areas` on the scaled `AreaScenario` (max-coverage), the plan `solve` prints for a
file with those budgets; nothing of the pipeline is copied here.

What it leaves out, against a one-region frontier (`optimizer.analysis.frontier`): the exact
LP curve and its breakpoints (`lp_value` is the LP value of a level's certificate where the
fast path solved it, else None; never interpolated), and the cost of --targets, whose extra
money would have to be split over village, regency and province pots (refused).
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from optimizer.analysis.frontier import DEFAULT_STEPS, BudgetPoint, Frontier, budget_grid, check_source
from optimizer.analysis.levels import solve_points
from optimizer.analysis.premium import with_premium_budget
from optimizer.areas.data import AreaScenario
from optimizer.areas.optimize import NoAreaPlan, area_premium, optimize_areas
from optimizer.errors import ScenarioError, SolverError
from optimizer.scenario import Metric, Objective
from optimizer.status import SolveStatus

#: Why --targets is refused for a village file (README, "Which command takes which scenario").
NO_VILLAGE_TARGETS = (
    "--targets is not available for a village-level scenario yet (the extra money a target needs "
    "would have to be split over village, regency and province pots); run frontier without --targets, "
    "or solve a copy with --objective min-cost and the budgets you propose"
)
#: Why a village frontier needs money to scale.
NOTHING_TO_SCALE = (
    "the premium money swept is 0 in this file: a village-level frontier scales the file's pots "
    "(village, regency, province) by one factor; give the source money in the file or sweep another --source"
)


def village_frontier(
    area: AreaScenario,
    metric: Metric | None = None,
    source: str | None = None,
    up_to: int | None = None,
    steps: int = DEFAULT_STEPS,
    targets: tuple[float, ...] = (),
    solver: str = "highs",
    workers: int | None = None,
) -> Frontier:
    """Coverage (max-coverage, as `solve` plans the villages) at budget levels 0..up_to.

    `workers` caps the processes that solve levels side by side; the frontier does not depend on it.

    Raises
    ------
    ScenarioError
        --targets given, an unknown --source, or no money to scale.
    SolverError
        A level without a proven optimum.
    """
    sc = area.scenario
    if targets:
        raise ScenarioError(NO_VILLAGE_TARGETS, file=sc.path)
    metric = metric or sc.metric
    check_source(sc, source)
    swept = tuple(i for i, s in enumerate(sc.sources) if source is None or s.id == source)
    today = sum(area_premium(area, i) for i in swept)
    if today == 0:
        raise ScenarioError(NOTHING_TO_SCALE, file=sc.path)
    levels = budget_grid(up_to or 2 * today, steps, today)
    at_level = functools.partial(_level_point, area, metric, swept, today, solver)
    points: dict[int, BudgetPoint] = {}
    for nominal, point in zip(levels, solve_points(at_level, levels, workers), strict=True):
        # Rounding down per pot can bring two close levels to the same money: shown once.
        if nominal == today or point.level not in points:
            points[point.level] = dataclasses.replace(point, kind="today" if nominal == today else "grid")
    levels_shown = tuple(points[x] for x in sorted(points))
    return Frontier(sc, metric, source, today, levels_shown, (), solver, lp_exact=False)


def scaled_area(area: AreaScenario, swept: tuple[int, ...], level: int, today: int) -> AreaScenario:
    """`area` with the premium money of sources `swept` times level / today, each pot rounded down.

    The aggregate scenario's budgets become the totals of the scaled pots, as the loader
    writes them for a file holding those pots."""
    village = area.village_budget.copy()
    regency = area.regency_budget.copy()
    sc = area.scenario
    for s in swept:
        if area.scopes[s] == "village":
            village[:, s] = _scaled(village[:, s], level, today)
        elif area.scopes[s] == "regency":
            regency[:, s] = _scaled(regency[:, s], level, today)
    for s in swept:
        premium = sc.sources[s].premium_budget
        if area.scopes[s] == "village":
            premium = int(village[:, s].sum())
        elif area.scopes[s] == "regency":
            premium = int(regency[:, s].sum())
        else:
            premium = premium * level // today
        sc = with_premium_budget(sc, sc.sources[s].id, premium)
    return dataclasses.replace(area, scenario=sc, village_budget=village, regency_budget=regency)


def _scaled(pots: np.ndarray, level: int, today: int) -> np.ndarray:
    # Python integers: a pot of Rp10^13 times a level of Rp10^13 does not fit in int64.
    return np.array([int(p) * level // today for p in pots.tolist()], dtype=np.int64)


def _level_point(area, metric, swept, today, solver, level) -> BudgetPoint:
    """The proven village plan at `level` (a module-level function: `solve_points` may fork)."""
    scaled = scaled_area(area, swept, level, today)
    money = sum(area_premium(scaled, s) for s in swept)
    try:
        plan = optimize_areas(scaled, Objective.MAX_COVERAGE, metric, solver, floors_fallback=False)
    except NoAreaPlan as exc:
        if exc.status is SolveStatus.INFEASIBLE:  # the floors or minimum shares cannot be paid
            return BudgetPoint(money, None, None, None, None, None, None, "grid")
        raise
    if plan.status is not SolveStatus.OPTIMAL:
        raise SolverError(f"frontier solve ended {plan.status.value}; no proven optimum (try --solver cbc)")
    cov = plan.coverage
    c = plan.areas.certificate
    lp = None if c is None else round(c.lp_value, 6)
    return BudgetPoint(
        level=money,
        lp_value=lp,
        value=round(plan.objective_value, 6),
        new_persons=cov.new_persons,
        rate_after=cov.rate_after,
        credited_rate=cov.credited_after / cov.workforce,
        total_cost=plan.total_cost,
        kind="grid",
    )
