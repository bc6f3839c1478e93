"""The monthly pipeline: build -> solve -> plan -> explain, for scenarios using monthly fields.

Mirrors `optimizer.optimize` (same outcomes, same fallbacks when the target or the
floors cannot be met) with the program of `optimizer.monthly.model`.
"""

from __future__ import annotations

from optimizer import diagnose
from optimizer.checks import check_warnings
from optimizer.diagnose import top_up_sources
from optimizer.errors import SolverError
from optimizer.model import MONEY_UNIT, Mode
from optimizer.monthly.model import build_monthly_program, run_role
from optimizer.monthly.months import available_by
from optimizer.monthly.result import (
    Runs,
    monthly_coverage,
    monthly_detail,
    monthly_tables,
    monthly_violations,
    paid_by,
)
from optimizer.outcome import Outcome, no_plan_message, order_warning, outcome_of
from optimizer.result import Plan, objective_value
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import SolveStatus, solve_program


def optimize_monthly(
    scenario: Scenario, objective: Objective, metric: Metric, solver: str, time_limit
) -> Plan:
    """The optimal monthly plan; called by `optimizer.optimize.optimize` (checks already run)."""
    program = build_monthly_program(scenario, objective, metric)
    solution = solve_program(program, solver, time_limit)
    mode = Mode(objective.value)
    if solution.status is SolveStatus.INFEASIBLE:
        floors_only = build_monthly_program(scenario, objective, metric, Mode.MAX_COVERAGE)
        if not solve_program(floors_only, solver, time_limit, stages=1).status.has_plan:
            program = build_monthly_program(
                scenario, Objective.MAX_COVERAGE, metric, Mode.MIN_FLOOR_SHORTFALL
            )
            solution = solve_program(program, solver)
            runs, short = _read(program, solution)
            extra = _extra_budget(scenario, Objective.MAX_COVERAGE, metric, solver, with_target=False)
            gap = diagnose.floor_gap(scenario, short, extra)
            return _plan(scenario, objective, metric, solution, runs, None, Outcome.FLOORS_UNAFFORDABLE, gap)
        mode = Mode.MAX_PARTICIPANTS
        program = build_monthly_program(scenario, objective, metric, mode)
        solution = solve_program(program, solver, time_limit)
    if not solution.status.has_plan:
        raise SolverError(no_plan_message(solution.status, solver))
    runs, _ = _read(program, solution)
    relaxed = solve_program(program, solver, time_limit, relax=True, stages=1)
    outcome = outcome_of(solution.status, mode)
    plan = _plan(
        scenario, objective, metric, solution, runs, relaxed if mode == Mode(objective) else None, outcome
    )
    broken = monthly_violations(scenario, runs)
    if broken:
        raise SolverError("the solver's plan breaks a rule: " + "; ".join(broken))
    return plan


def _read(program, solution) -> tuple[Runs, list[tuple[str, int]]]:
    runs: Runs = {}
    short = []
    for v, value in zip(program.variables, solution.values, strict=True):
        role = run_role(v)
        if role is not None and value > 0:
            runs[role] = int(value)
        elif v.role[0] == "short" and value:
            short.append((v.role[1], int(value)))
    return runs, short


def _extra_budget(scenario, objective, metric, solver, with_target) -> tuple[tuple[str, int], ...] | None:
    """Smallest extra Rupiah (arriving in January) per top-up source; None when money cannot help."""
    sources = top_up_sources(scenario)
    if not sources:
        return None
    ids = tuple(s.id for s in sources)
    program = build_monthly_program(scenario, objective, metric, Mode.MIN_EXTRA_BUDGET, ids, with_target)
    solution = solve_program(program, solver)  # all goals: the split among sources is reported
    if not solution.status.has_plan:
        return None
    runs, _ = _read(program, solution)
    out = []
    for s in sources:
        # Money short in the tightest month: paid by t minus arrived by t, at its largest.
        need = max(paid_by(scenario, runs, s.id, t) - available_by(s, t) for t in range(1, 13))
        if need > 0:
            out.append((s.id, need))
    return tuple(out)


def _plan(scenario, objective, metric, solution, runs, relaxed, outcome, floor_gap=None) -> Plan:
    alloc, sources, groups = monthly_tables(scenario, runs, metric)
    coverage = monthly_coverage(scenario, runs, metric)
    binding = diagnose.binding_rules(scenario, sources, groups, runs)
    shortfall = None
    if not coverage.target_met:
        extra = _extra_budget(scenario, Objective.MIN_COST, metric, solution.solver, with_target=True)
        missing = scenario.region.target - coverage.credited_after
        shortfall = diagnose.target_gap(scenario, missing, extra, binding)
    total = int(alloc["cost"].sum())
    value = objective_value(scenario, objective, alloc)
    same = floor_gap is None and relaxed is not None
    money = MONEY_UNIT if objective is Objective.MIN_COST else 1.0
    bound = solution.bound * money if same and solution.bound is not None else None
    lp_bound = (
        relaxed.bound * money if same and relaxed.status.has_plan and relaxed.bound is not None else None
    )
    return Plan(
        scenario=scenario,
        objective=objective,
        metric=metric,
        status=solution.status,
        outcome=outcome,
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
        monthly=monthly_detail(scenario, runs),
    )
