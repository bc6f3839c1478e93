"""The pipeline in one call: checks -> build -> solve -> plan -> explain.

`optimize` never returns a plan labelled optimal that the solver did not prove, and
re-checks every plan against the scenario in exact Rupiah before returning it.
"""

from __future__ import annotations

from optimizer import diagnose
from optimizer.checks import check_errors, check_warnings
from optimizer.errors import SolverError
from optimizer.model import MONEY_UNIT, Mode, build_program
from optimizer.monthly.months import uses_monthly_model
from optimizer.monthly.optimize import optimize_monthly
from optimizer.outcome import Outcome, no_plan_message, order_warning, outcome_of
from optimizer.result import Plan, coverage_of, objective_value, plan_tables, violations
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import DEFAULT_SOLVER, SolveStatus, solve_program

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
    if uses_monthly_model(scenario):
        return optimize_monthly(scenario, objective, metric, solver, time_limit)
    program = build_program(scenario, objective, metric)
    solution = solve_program(program, solver, time_limit)
    floor_gap = None
    mode = Mode(objective.value)
    if solution.status is SolveStatus.INFEASIBLE:
        floors_only = build_program(scenario, objective, metric, Mode.MAX_COVERAGE)
        if not solve_program(floors_only, solver, time_limit, stages=1).status.has_plan:
            floor_gap, persons = diagnose.floor_shortfall(scenario, metric, solver)
            return _plan(scenario, objective, metric, solution, persons, None, floor_gap=floor_gap)
        mode = Mode.MAX_PARTICIPANTS
        program = build_program(scenario, objective, metric, mode)
        solution = solve_program(program, solver, time_limit)
    if not solution.status.has_plan:
        raise SolverError(no_plan_message(solution.status, solver))
    persons = {
        (v.role[1], v.role[2]): int(value)
        for v, value in zip(program.variables, solution.values, strict=True)
        if v.role[0] == "alloc" and value > 0
    }
    relaxed = solve_program(program, solver, time_limit, relax=True, stages=1)
    plan = _plan(scenario, objective, metric, solution, persons, relaxed, mode=mode)
    broken = violations(plan)
    if broken:
        raise SolverError("the solver's plan breaks a rule: " + "; ".join(broken))
    return plan


def _plan(scenario, objective, metric, solution, persons, relaxed, *, mode=None, floor_gap=None):
    alloc, sources, groups = plan_tables(scenario, persons, metric)
    coverage = coverage_of(scenario, persons, metric)
    binding = diagnose.binding_rules(scenario, sources, groups)
    shortfall = None
    if not coverage.target_met:
        shortfall = diagnose.target_shortfall(
            scenario, metric, solution.solver, coverage.credited_after, binding
        )
    total = int(alloc["cost"].sum())
    value = objective_value(scenario, objective, alloc)
    money = MONEY_UNIT if mode is Mode.MIN_COST else 1.0
    bound = solution.bound * money if solution.bound is not None and mode == Mode(objective) else None
    lp_bound = None
    # CBC can report an LP relaxation as solved without a bound: then there is none to show.
    lp_ok = relaxed is not None and relaxed.status.has_plan and relaxed.bound is not None
    if lp_ok and mode == Mode(objective):
        lp_bound = relaxed.bound * money
    return Plan(
        scenario=scenario,
        objective=objective,
        metric=metric,
        status=solution.status,
        outcome=outcome_of(solution.status, mode, floor_gap),
        solver=solution.solver,
        gap=solution.gap,
        objective_value=value,
        bound=bound,
        lp_bound=lp_bound,
        allocations=alloc,
        sources=sources,
        groups=groups,
        coverage=coverage,
        total_cost=total,
        warnings=check_warnings(scenario) + order_warning(solution),
        binding=binding,
        shortfall=shortfall,
        floor_shortfall=floor_gap,
        seconds=solution.seconds,
        duals=relaxed.duals if relaxed is not None else (),
    )
