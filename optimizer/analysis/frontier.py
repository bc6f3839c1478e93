"""The budget frontier: coverage reached at each budget level, and the cost of each target.

What is computed, exactly:

* The LP-relaxation curve (coverage as a function of the budget) is concave and
  piecewise linear; its breakpoints are found exactly by parametric analysis
  (`optimizer.analysis.parametric`), so the LP curve is exact everywhere in
  between by linear interpolation.
* The integer curve is a step function (whole persons): it is solved to proven
  optimality at every grid level, at every LP breakpoint and at today's budget.
  Between those levels it is not interpolated; it lies below the LP curve.
* The cost of a target: the proven minimum total cost of reaching it when the
  top-up sources (APBD by default) may receive any extra money; `extra_budget` is
  what that plan spends beyond the file's budgets.

Budget levels are premium money in Rupiah: one source's (the others unchanged), or
the total of all sources, each scaled by the same factor (rounded down to the Rupiah).

Every solve uses the program `solve` builds (`optimizer.monthly.model`; an annual scenario
has one run per group). A source with tranches receives its
level in the proportions its money arrives in the file (`optimizer.analysis.premium`);
the extra money of a target's cost arrives in January, as in `solve`'s shortfall.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

from optimizer import diagnose
from optimizer.analysis.levels import solve_points
from optimizer.analysis.parametric import Vertex, concave_vertices, value_at
from optimizer.analysis.premium import budget_rows
from optimizer.analysis.resolve import (
    coverage_question,
    lp_oracle,
    program_of,
    saturating_budget,
    with_premium_budget,
)
from optimizer.errors import ScenarioError, SolverError
from optimizer.model import Mode, Program
from optimizer.monthly.model import build_monthly_program, with_money_of
from optimizer.monthly.result import coverage_and_cost
from optimizer.optimize import optimize
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import solve_program
from optimizer.status import SolveStatus

DEFAULT_STEPS = 11


@dataclass(frozen=True)
class BudgetPoint:
    #: Premium money in Rupiah: the source's budget, or the total of all sources.
    level: int
    #: LP-relaxation optimum (weighted metric); None where the floors cannot be afforded.
    lp_value: float | None
    #: Proven integer optimum (weighted metric); None where the floors cannot be afforded.
    value: float | None
    new_persons: int | None
    #: UCJ after the plan (whole persons / workforce) and as credited under the metric.
    rate_after: float | None
    credited_rate: float | None
    total_cost: int | None
    #: "grid", "today" or "breakpoint" (where the LP marginal rate changes).
    kind: str


@dataclass(frozen=True)
class TargetPoint:
    target_rate: float
    target_participants: int
    #: Reachable with the groups in the file (and, if there is no top-up source, the budgets).
    reachable: bool
    #: Proven minimum total cost of reaching it (None when not reachable).
    cost: int | None
    #: Rupiah beyond the file's budgets, added to the top-up sources (0: within today's budgets).
    extra_budget: int | None
    rate_after: float


@dataclass(frozen=True)
class Frontier:
    scenario: Scenario
    metric: Metric
    #: The source whose budget is swept, or None for all budgets scaled together.
    source: str | None
    today: int
    points: tuple[BudgetPoint, ...]
    targets: tuple[TargetPoint, ...]
    solver: str


def budget_frontier(
    scenario: Scenario,
    metric: Metric | None = None,
    source: str | None = None,
    up_to: int | None = None,
    steps: int = DEFAULT_STEPS,
    targets: tuple[float, ...] = (),
    solver: str = "highs",
    workers: int | None = None,
) -> Frontier:
    """Coverage (max-coverage) at budget levels 0..up_to, and the cost of each target rate (%).

    `workers` caps the processes that solve levels side by side (None: every processor);
    the frontier does not depend on it.
    """
    metric = metric or scenario.metric
    _check_source(scenario, source)
    weights = _weights(scenario, source)
    today = _today(scenario, weights, source)
    up_to = _upper_level(scenario, source, today, up_to)
    grid = _grid(up_to, steps, today)
    q = coverage_question(metric, solver)
    # Built at the top level so that every money-arrived row of the monthly model is there.
    program = program_of(scenario_at(scenario, weights, max(up_to, today)), q)
    oracle = lp_oracle(program, scenario, q, budget_rows(program, scenario, weights))
    # One proven solve per level (the grid's, then the breakpoints' not on it), each on its own,
    # its program the top level's with the level's money rows (`with_money_of`).
    at_level = functools.partial(
        _integer_point, scenario, metric, weights, source, solver=solver, template=program
    )
    solved = dict(zip(grid, solve_points(at_level, grid, workers), strict=True))
    feasible = [x for x in grid if solved[x].value is not None]
    vertices = concave_vertices(oracle, float(feasible[0]), float(up_to)) if feasible else ()
    breakpoints = {round(v.x) for v in vertices[1:-1]}
    more = sorted(breakpoints - set(grid))
    solved.update(zip(more, solve_points(at_level, more, workers), strict=True))
    points = []
    for x in sorted(set(grid) | breakpoints):
        kind = _kind(x, today, breakpoints)
        points.append(dataclasses.replace(solved[x], kind=kind, lp_value=_lp_value(vertices, x)))
    cost_of = functools.partial(target_cost, scenario, metric, solver=solver)
    costs = tuple(solve_points(cost_of, targets, workers))
    return Frontier(scenario, metric, source, today, tuple(points), costs, solver)


def _check_source(scenario: Scenario, source: str | None) -> None:
    """Refuse a --source the scenario does not have (None, all sources, is always fine)."""
    if source is not None and source not in {s.id for s in scenario.sources}:
        ids = ", ".join(s.id for s in scenario.sources)
        raise ScenarioError(f"--source {source!r} is not a source of this scenario; use one of {ids}")


def _today(scenario: Scenario, weights: dict[str, float], source: str | None) -> int:
    """Today's premium money: the swept source's budget, or the total of the weighted sources."""
    if source is not None:
        return scenario.source(source).premium_budget
    return sum(s.premium_budget for s in scenario.sources if s.id in weights)


def _upper_level(scenario: Scenario, source: str | None, today: int, up_to: int | None) -> int:
    """The top of the sweep: `up_to`, else twice today's money, else the source's saturating budget."""
    if up_to is None:
        up_to = 2 * today or (saturating_budget(scenario, scenario.source(source)) if source else 0)
    if up_to <= 0:
        raise ScenarioError("every budget is 0: give --up-to RUPIAH or sweep one --source")
    return up_to


def _grid(up_to: int, steps: int, today: int) -> list[int]:
    """`steps` evenly spaced levels 0..up_to (whole Rupiah), with today's level if it is in range."""
    return sorted(
        {round(up_to * k / (steps - 1)) for k in range(steps)} | ({today} if today <= up_to else set())
    )


def _kind(level: int, today: int, breakpoints: set[int]) -> str:
    if level == today:
        return "today"
    return "breakpoint" if level in breakpoints else "grid"


def _lp_value(vertices: tuple[Vertex, ...], level: int) -> float | None:
    """The LP curve at `level` (rounded to 6 places); None below the first affordable level."""
    if vertices and level >= vertices[0].x:
        return round(value_at(vertices, float(level)), 6)
    return None


def _weights(scenario: Scenario, source: str | None) -> dict[str, float]:
    if source is not None:
        return {source: 1.0}
    total = sum(s.premium_budget for s in scenario.sources)
    return {
        s.id: (s.premium_budget / total if total else 1.0 / len(scenario.sources)) for s in scenario.sources
    }


def scenario_at(scenario: Scenario, weights: dict[str, float], level: int) -> Scenario:
    """The scenario with premium money `level` split by `weights` in whole Rupiah.

    Largest remainders (ties in file order) make the parts add up to `level` exactly, so a
    level of Rp9,604,800,000 is shown as that, not a few Rupiah below.
    """
    exact = {sid: w * level for sid, w in weights.items()}
    parts = {sid: math.floor(round(x, 6)) for sid, x in exact.items()}
    if abs(sum(weights.values()) - 1.0) < 1e-9:
        short = round(level - sum(parts.values()))
        order = sorted(exact, key=lambda sid: -(exact[sid] - parts[sid]))
        for sid in order[: max(0, short)]:
            parts[sid] += 1
    for sid, amount in parts.items():
        scenario = with_premium_budget(scenario, sid, amount)
    return scenario


def _integer_point(
    scenario, metric, weights, source, level, solver, kind="grid", template: Program | None = None
) -> BudgetPoint:
    """The proven plan at `level`; `template`: the max-coverage program of `scenario` at another level."""
    s = scenario_at(scenario, weights, level)
    actual = sum(x.premium_budget for x in s.sources if x.id in weights) if source is None else level
    program = template and with_money_of(template, s)
    if program is None:
        program = build_monthly_program(s, Objective.MAX_COVERAGE, metric, Mode.MAX_COVERAGE)
    # Every goal but the spending order: coverage, least cost, then the persons and credited
    # participants a plan shows (`optimizer.model.figure_goals`), which equally good plans may not
    # share; so the level's figures are those of `solve`'s plan with that budget, whatever the solver.
    solution = solve_program(program, solver, stages=len(program.goals) - 1)
    if solution.status is SolveStatus.INFEASIBLE:
        return BudgetPoint(actual, None, None, None, None, None, None, kind)
    if solution.status is not SolveStatus.OPTIMAL:
        raise SolverError(
            f"frontier solve ended {solution.status.value}; no proven optimum (try --solver cbc)"
        )
    cov, cost = coverage_and_cost(s, program, solution.values, metric)
    return BudgetPoint(
        level=actual,
        lp_value=None,
        value=round(solution.goal_values[0], 6),
        new_persons=cov.new_persons,
        rate_after=cov.rate_after,
        credited_rate=cov.credited_after / cov.workforce,
        total_cost=cost,
        kind=kind,
    )


def target_cost(scenario: Scenario, metric: Metric, rate: float, solver: str = "highs") -> TargetPoint:
    """Least total cost of reaching `rate` % when the top-up sources may get any extra money."""
    region = dataclasses.replace(scenario.region, target_rate=rate, target_participants=None)
    s = dataclasses.replace(scenario, region=region)
    original = {src.id: src.premium_budget for src in s.sources}
    top_up = diagnose.top_up_sources(s)
    enough = sum(saturating_budget(s, src) for src in s.sources) + 1
    for src in top_up:
        s = with_premium_budget(s, src.id, enough, extra_in_january=True)
    plan = optimize(s, Objective.MIN_COST, metric, solver)
    reached = plan.coverage.target_met and plan.floor_shortfall is None
    used = dict(zip(plan.sources["source"], plan.sources["used"], strict=True))
    extra = sum(max(0, int(used[src.id]) - original[src.id]) for src in top_up)
    return TargetPoint(
        target_rate=rate,
        target_participants=region.target,
        reachable=reached,
        cost=plan.total_cost if reached else None,
        extra_budget=extra if reached else None,
        rate_after=plan.coverage.rate_after,
    )
