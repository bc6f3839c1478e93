"""The monthly pipeline: build -> solve -> plan -> explain, for scenarios using monthly fields.

Mirrors `optimizer.optimize` (same outcomes, same fallbacks when the target or the
floors cannot be met) with the program of `optimizer.monthly.model`.
"""

from __future__ import annotations

from optimizer.checks import check_warnings
from optimizer.diagnose import group_limits, top_up_sources
from optimizer.errors import SolverError
from optimizer.messages import Msg
from optimizer.model import MONEY_UNIT, Mode
from optimizer.monthly.model import build_monthly_program, run_role
from optimizer.monthly.months import available_by, reporting_month, runs_of
from optimizer.monthly.result import (
    Runs,
    monthly_coverage,
    monthly_detail,
    monthly_tables,
    monthly_violations,
    paid_by,
    price_of,
)
from optimizer.result import Plan, Shortfall, objective_value
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import SolveStatus, solve_program


def optimize_monthly(
    scenario: Scenario, objective: Objective, metric: Metric, solver: str, time_limit
) -> Plan:
    """The optimal monthly plan; called by `optimizer.optimize.optimize` (checks already run)."""
    from optimizer.optimize import Outcome, _no_plan_message, outcome_of

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
            reasons = [
                f"group {gid}: floor of {scenario.group(gid).min_persons:,} cannot be afforded, "
                f"{n:,} persons short"
                for gid, n in short
            ]
            gap = Shortfall(float(sum(n for _, n in short)), extra or (), tuple(reasons), tuple(short))
            return _plan(scenario, objective, metric, solution, runs, None, Outcome.FLOORS_UNAFFORDABLE, gap)
        mode = Mode.MAX_PARTICIPANTS
        program = build_monthly_program(scenario, objective, metric, mode)
        solution = solve_program(program, solver, time_limit)
    if not solution.status.has_plan:
        raise SolverError(_no_plan_message(solution.status, solver))
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
    from optimizer.optimize import order_warning

    alloc, sources, groups = monthly_tables(scenario, runs, metric)
    coverage = monthly_coverage(scenario, runs, metric)
    binding = binding_rules(scenario, runs, sources, groups)
    shortfall = None
    if not coverage.target_met:
        extra = _extra_budget(scenario, Objective.MIN_COST, metric, solution.solver, with_target=True)
        reasons = list(binding)
        if extra is None:
            reasons.insert(0, Msg("short.money_cannot_monthly"))
        shortfall = Shortfall(scenario.region.target - coverage.credited_after, extra or (), tuple(reasons))
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


def binding_rules(scenario: Scenario, runs: Runs, sources, groups) -> tuple[str, ...]:
    """Sentences naming the limits that stop the plan: full groups, money used up, late tranches."""
    covered = dict(zip(groups["group"], groups["covered"], strict=True))
    left = dict(zip(sources["source"], sources["left"], strict=True))
    report = reporting_month(scenario)
    out = group_limits(scenario, covered)
    for s in scenario.sources:
        open_groups = [g for g in scenario.groups if s.may_pay_for(g.id) and covered[g.id] < g.max_persons]
        costs = [price_of(scenario, s.id, g.id) * r.length for g in open_groups for r in runs_of(g, report)]
        if s.premium_budget and open_groups and left[s.id] < min(costs):
            out.append(Msg("bind.used_up_monthly", source=s.id, left=int(left[s.id])))
        for t in range(1, 12):
            arrived = available_by(s, t)
            if 0 < arrived < available_by(s, t + 1) and open_groups:
                spare = arrived - paid_by(scenario, runs, s.id, t)
                cheapest = min(price_of(scenario, s.id, g.id) for g in open_groups)
                if spare < cheapest:
                    out.append(Msg("bind.tranche_spent", source=s.id, month=t, arrived=arrived))
    return tuple(out)
