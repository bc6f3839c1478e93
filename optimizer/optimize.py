"""The pipeline in one call: checks -> build -> solve -> plan -> explain.

One pipeline for every one-region scenario. An annual scenario is the monthly model
with one run per group (its months, ending in December), so annual and monthly plans
share one program builder, one fallback, one Plan assembly, one exact re-check and one
explanation engine (README, "The monthly model").

`optimize` never returns a plan labelled optimal that the solver did not prove, and
re-checks every plan against the scenario in exact Rupiah before returning it.
"""

from __future__ import annotations

from optimizer import diagnose
from optimizer.checks import check_errors, check_warnings
from optimizer.errors import SolverError
from optimizer.model import MONEY_UNIT, Mode
from optimizer.monthly.model import build_monthly_program, solution_runs
from optimizer.monthly.months import uses_monthly_model
from optimizer.monthly.result import (
    Runs,
    monthly_coverage,
    monthly_detail,
    monthly_tables,
    monthly_violations,
)
from optimizer.outcome import (
    Outcome,
    fallback_modes,
    first_answer,
    no_plan_message,
    order_warning,
    outcome_of,
    split_warning,
)
from optimizer.result import Plan, objective_value
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import DEFAULT_SOLVER, Solution, solve_program
from optimizer.status import SolveStatus

__all__ = ["Outcome", "optimize"]


def optimize(
    scenario: Scenario,
    objective: Objective | None = None,
    metric: Metric | None = None,
    solver: str = DEFAULT_SOLVER,
    time_limit: float | None = None,
) -> Plan:
    """The optimal plan for `scenario` (objective and metric default to the file's).

    When min-cost cannot reach the target, the plan is the best reachable one and
    `plan.shortfall` says what is missing; when floors cannot be afforded, the plan
    comes as close as it can and `plan.floor_shortfall` says by how much.

    Raises
    ------
    ScenarioError
        the scenario is inconsistent (see `optimizer.checks`).
    SolverError
        the solver is missing or failed without an answer.
    """
    check_errors(scenario)
    objective = objective or scenario.objective
    metric = metric or scenario.metric

    def solve_as(mode: Mode):
        program = build_monthly_program(scenario, objective, metric, mode)
        return program, solve_program(program, solver, time_limit)

    mode, (program, solution) = first_answer(
        fallback_modes(objective), solve_as, lambda answer: answer[1].status is SolveStatus.INFEASIBLE
    )
    _require_plan(solution, solver)
    if mode is Mode.MIN_FLOOR_SHORTFALL:
        return _closest_to_floors(scenario, objective, metric, program, solution, solver)
    runs, _ = solution_runs(program, solution.values)
    # The duals explain the plan shown, so on the target fallback they are the max-participants
    # program's; its bounds are not the planner's objective's and are not shown.
    relaxed = solve_program(program, solver, time_limit, relax=True, stages=1)
    plan = _plan(scenario, objective, metric, solution, runs, relaxed, mode)
    _recheck(scenario, runs, floors_apply=True)
    return plan


def _closest_to_floors(scenario, objective, metric, program, solution, solver) -> Plan:
    """Floors that no money on hand can pay: the plan that leaves the fewest persons short."""
    runs, short = solution_runs(program, solution.values)
    extra, proven = diagnose.extra_budget(scenario, Objective.MAX_COVERAGE, metric, solver, with_target=False)
    gap = diagnose.floor_gap(scenario, short, extra, proven)
    plan = _plan(scenario, objective, metric, solution, runs, None, Mode.MIN_FLOOR_SHORTFALL, gap)
    _recheck(scenario, runs, floors_apply=False)
    return plan


def _require_plan(solution: Solution, solver: str) -> None:
    if not solution.status.has_plan:
        raise SolverError(no_plan_message(solution.status, solver))


def _recheck(scenario: Scenario, runs: Runs, floors_apply: bool) -> None:
    """The exact integer re-check, independent of the program's coefficients."""
    broken = monthly_violations(scenario, runs, floors_apply)
    if broken:
        raise SolverError("the solver's plan breaks a rule: " + "; ".join(broken))


def _plan(scenario, objective, metric, solution, runs, relaxed, mode, floor_gap=None) -> Plan:
    """The one Plan assembly; `mode` is the question the solution answers."""
    # An annual scenario's runs all end in December: its months are not a calendar the planner
    # chose, so the plan shows no month columns or month-by-month tables for it.
    calendar = uses_monthly_model(scenario)
    alloc, sources, groups = monthly_tables(scenario, runs, metric, calendar)
    coverage = monthly_coverage(scenario, runs, metric)
    binding = diagnose.binding_rules(scenario, sources, groups, runs)
    shortfall = None
    if not coverage.target_met:
        shortfall = diagnose.target_shortfall(
            scenario, metric, solution.solver, coverage.credited_after, binding
        )
    # Bounds are of the planner's own objective: none on a fallback (max-participants, floors).
    own = mode == Mode(objective.value) and relaxed is not None
    money = MONEY_UNIT if objective is Objective.MIN_COST else 1.0
    bound = solution.bound * money if own and solution.bound is not None else None
    # CBC can report an LP relaxation as solved without a bound: then there is none to show.
    lp_ok = own and relaxed.status.has_plan and relaxed.bound is not None
    return Plan(
        scenario=scenario,
        objective=objective,
        metric=metric,
        status=solution.status,
        outcome=outcome_of(solution.status, mode, floor_gap),
        solver=solution.solver,
        gap=solution.gap,
        objective_value=objective_value(scenario, objective, alloc),
        bound=bound,
        lp_bound=relaxed.bound * money if lp_ok else None,
        allocation_rows=alloc,
        source_rows=sources,
        group_rows=groups,
        coverage=coverage,
        total_cost=sum(alloc.column("cost")),
        warnings=check_warnings(scenario) + order_warning(solution) + split_warning(shortfall, floor_gap),
        binding=binding,
        shortfall=shortfall,
        floor_shortfall=floor_gap,
        seconds=solution.seconds,
        duals=relaxed.duals if relaxed is not None else (),
        monthly=monthly_detail(scenario, runs) if calendar else None,
    )
