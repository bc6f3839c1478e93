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
import time
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
from optimizer.model import Goal, Mode, Program, Variable
from optimizer.monthly.model import build_monthly_program, with_money_of
from optimizer.monthly.months import LAST_MONTH, available_by
from optimizer.monthly.result import coverage_and_cost
from optimizer.optimize import optimize
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import Solution, plan_among_optima, solve_program
from optimizer.status import SolveStatus
from optimizer.whole_money import keeps_every_row

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
    #: True: the LP curve is exact between its breakpoints (kind "breakpoint"). False (a village
    #: frontier): `lp_value` is each level's own LP value where known, nothing in between.
    lp_exact: bool = True


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
    check_source(scenario, source)
    weights = _weights(scenario, source)
    today = _today(scenario, weights, source)
    up_to = _upper_level(scenario, source, today, up_to)
    grid = budget_grid(up_to, steps, today)
    q = coverage_question(metric, solver)
    # Built at the top level so that every money-arrived row of the monthly model is there.
    program = program_of(scenario_at(scenario, weights, max(up_to, today)), q)
    # Cached: the top level's LP is asked first (is the money still binding there?), then again
    # by `concave_vertices`.
    oracle = functools.cache(lp_oracle(program, scenario, q, budget_rows(program, scenario, weights)))
    # One proven solve per level (the grid's and the LP breakpoints'), each on its own, its program
    # the top level's with the level's money rows (`with_money_of`). The top level first: where its
    # plan fits, it is the plan of a level below (`Ceiling`), without a solve; its time tells
    # `solve_points` whether forking pays.
    flat = _lp_flat_at(oracle, up_to)
    started = time.perf_counter()
    solved, ceiling = _top_level(scenario, metric, weights, source, grid[-2:], solver, program, flat)
    each = time.perf_counter() - started
    at_level = functools.partial(
        _integer_point, scenario, metric, weights, source, solver=solver, template=program, ceiling=ceiling
    )
    if grid[0] not in solved:
        solved[grid[0]] = at_level(grid[0])
    rest = [x for x in grid if x not in solved]
    if solved[grid[0]].value is not None:
        # The floors can be paid at the lowest level: the LP curve is known before the other
        # levels, and they are solved with the breakpoints' in one go.
        vertices, breakpoints, more = _lp_curve(oracle, grid, solved, up_to)
        solved.update(zip(rest + more, solve_points(at_level, rest + more, workers, each), strict=True))
    else:
        solved.update(zip(rest, solve_points(at_level, rest, workers, each), strict=True))
        vertices, breakpoints, more = _lp_curve(oracle, grid, solved, up_to)
        solved.update(zip(more, solve_points(at_level, more, workers, each), strict=True))
    points = []
    for x in sorted(set(grid) | breakpoints):
        kind = _kind(x, today, breakpoints)
        points.append(dataclasses.replace(solved[x], kind=kind, lp_value=_lp_value(vertices, x)))
    cost_of = functools.partial(target_cost, scenario, metric, solver=solver)
    costs = tuple(solve_points(cost_of, targets, workers))
    return Frontier(scenario, metric, source, today, tuple(points), costs, solver)


def _lp_curve(oracle, grid: list[int], solved: dict[int, BudgetPoint], up_to: int):
    """(the LP curve's vertices from the first grid level solved with a plan, its breakpoints, the
    breakpoints not on the grid); the lowest grid level must be solved, or every one."""
    feasible = [x for x in grid if x in solved and solved[x].value is not None]
    vertices = concave_vertices(oracle, float(feasible[0]), float(up_to)) if feasible else ()
    breakpoints = {round(v.x) for v in vertices[1:-1]}
    return vertices, breakpoints, sorted(breakpoints - set(grid))


def check_source(scenario: Scenario, source: str | None) -> None:
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


def budget_grid(up_to: int, steps: int, today: int) -> list[int]:
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


@dataclass(frozen=True)
class Ceiling:
    """The top level's proven plan, and the money that has arrived there: a lower level.

    A level whose money, every source and month, is at most the top's has at most the top's
    plans (the same program with smaller money rows). So if the top's plan fits there, it is
    that level's plan too: the most coverage there is, at the least cost there is, and so on
    through every goal solved (each proven at the top, over more plans). Above the money that
    covers everyone (a third of Pasaman Barat's levels) that spares every solve.
    """

    #: Premium Rupiah arrived by the end of each month, by source.
    arrived: tuple[tuple[str, tuple[int, ...]], ...]
    solution: Solution

    def plan_at(self, s: Scenario, program: Program) -> Solution | None:
        """The top's solution when it is the proven plan of `program` (for `s`), else None."""
        arrived = dict(self.arrived)
        less = all(available_by(x, t) <= arrived[x.id][t - 1] for x in s.sources for t in MONTHS)
        return self.solution if less and keeps_every_row(program, self.solution.values) else None


MONTHS = range(1, LAST_MONTH + 1)


def _lp_flat_at(oracle, level: int) -> bool:
    """Does more money buy no more coverage in the LP at `level` (False where the LP is infeasible)?"""
    try:
        return oracle(float(level))[1] <= 0.0
    except SolverError:
        return False


def _top_level(scenario, metric, weights, source, levels, solver, template, flat: bool):
    """({top level: its point}, the `Ceiling` its plan makes or None), `levels` = (level below,
    top level). None unless the LP is `flat` at the top (money does not bind: the levels below
    may have the top's plan), the top's plan is proven on every goal and costs no more than the
    money of the level below."""
    level = levels[-1]
    s, program, solution, derived = _level_solution(scenario, metric, weights, level, solver, template)
    point = _point(s, program, solution, weights, source, level, metric)
    if not (flat and derived and len(levels) == 2 and solution.status is SolveStatus.OPTIMAL):
        return {level: point}, None
    below = sum(x.premium_budget for x in scenario_at(scenario, weights, levels[0]).sources)
    every_goal = len(solution.goal_values) == len(program.goals) - 1  # none failed on the way
    if solution.unproven or not every_goal or point.total_cost > below:
        return {level: point}, None
    values = _least_money_plan(scenario, program, solution, weights, solver)
    arrived = tuple((x.id, tuple(available_by(x, t) for t in MONTHS)) for x in s.sources)
    return {level: point}, Ceiling(arrived, dataclasses.replace(solution, values=values))


#: Branch-and-bound nodes for the top plan that needs the least money (`_least_money_plan`).
LEAST_MONEY_NODES = 10


def _least_money_plan(scenario, program, solution, weights, solver) -> tuple[float, ...]:
    """Among the top level's optimal plans, one that fits as low a level as the solver finds.

    The cost goal does not say which source pays: the top's plan may spend a source's money to
    the top level's limit, and fit no level below. Here the swept money rows are level L in
    millions (weights as the LP's: `budget_rows`), L is minimised with every goal held, within
    `LEAST_MONEY_NODES` nodes: not proven least, as `Ceiling` checks each level itself.
    """
    k = len(program.variables)
    moving = budget_rows(program, scenario, weights)
    rows = tuple(
        dataclasses.replace(row, coeffs=(*row.coeffs, (k, -moving[row.name])), rhs=0.0)
        if row.name in moving
        else row
        for row in program.rows
    )
    # L starts where the top's plan needs it (the top level itself, give or take the Rupiah
    # scenario_at rounds), so that the start is a plan.
    needs = [
        math.fsum(c * solution.values[i] for i, c in row.coeffs) / moving[row.name]
        for row in program.rows
        if row.name in moving and moving[row.name] > 0
    ]
    held = program.goals[: len(solution.goal_values)]
    lowest = Goal("level", False, ((k, 1.0),), tie_break=True)
    scaled = Program((*program.variables, Variable("level", None, False, "level")), rows, (*held, lowest))
    start = (*solution.values, max(needs, default=0.0))
    values = plan_among_optima(scaled, solution.goal_values, lowest, solver, start, LEAST_MONEY_NODES)
    return solution.values if values is None else values[:k]


def _integer_point(
    scenario,
    metric,
    weights,
    source,
    level,
    solver,
    kind="grid",
    template: Program | None = None,
    ceiling: Ceiling | None = None,
) -> BudgetPoint:
    """The proven plan at `level`; `template`: the max-coverage program of `scenario` at another
    level; `ceiling`: the plan of a level above, taken where it is proven the plan here."""
    s, program, solution, _ = _level_solution(scenario, metric, weights, level, solver, template, ceiling)
    return _point(s, program, solution, weights, source, level, metric, kind)


def _level_solution(scenario, metric, weights, level, solver, template, ceiling=None):
    """(scenario at `level`, its program, its solution, whether the program is `template`'s)."""
    s = scenario_at(scenario, weights, level)
    program = template and with_money_of(template, s)
    derived = program is not None
    if program is None:
        program = build_monthly_program(s, Objective.MAX_COVERAGE, metric, Mode.MAX_COVERAGE)
    solution = ceiling.plan_at(s, program) if ceiling is not None and derived else None
    if solution is None:
        # Every goal but the spending order: coverage, least cost, then the persons and credited
        # participants a plan shows (`optimizer.model.figure_goals`), which equally good plans may
        # not share; so the level's figures are those of `solve`'s plan with that budget, whatever
        # the solver.
        solution = solve_program(program, solver, stages=len(program.goals) - 1)
    return s, program, solution, derived


def _point(s, program, solution, weights, source, level, metric, kind="grid") -> BudgetPoint:
    actual = sum(x.premium_budget for x in s.sources if x.id in weights) if source is None else level
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
