"""Re-solve a plan's question on a changed scenario: the integer optimum and the LP oracle.

Marginal values and frontiers are differences between optima. They are measured in
"gain" units, larger is better, in the plan's own question:

* max-coverage: the weighted metric (persons, person-months or branch credit);
* min-cost that reaches its target: Rupiah saved (the negated cost);
* min-cost that cannot reach its target: participants toward the target (at most
  the missing number: a min-cost plan stops at the target).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from optimizer.analysis.premium import with_premium_budget  # noqa: F401  (re-exported)
from optimizer.errors import SolverError
from optimizer.model import MONEY_UNIT, Mode, Program
from optimizer.monthly.model import build_monthly_program
from optimizer.monthly.result import cover_costs
from optimizer.optimize import Outcome
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective, Scenario, Source
from optimizer.solve import solve_program
from optimizer.status import SolveStatus


@dataclass(frozen=True)
class Question:
    objective: Objective
    metric: Metric
    mode: Mode
    solver: str = "highs"

    @property
    def unit(self) -> str:
        if self.mode is Mode.MIN_COST:
            return "Rupiah saved"
        if self.mode is Mode.MAX_PARTICIPANTS:
            return "participants"
        return self.metric.value


def question_of(plan: Plan) -> Question:
    unreachable = plan.outcome == Outcome.TARGET_UNREACHABLE
    mode = Mode.MAX_PARTICIPANTS if unreachable else Mode(plan.objective.value)
    return Question(plan.objective, plan.metric, mode, plan.solver)


def coverage_question(metric: Metric, solver: str = "highs") -> Question:
    return Question(Objective.MAX_COVERAGE, metric, Mode.MAX_COVERAGE, solver)


def program_of(scenario: Scenario, q: Question) -> Program:
    """The program of the question: the one `solve` builds (`optimizer.monthly.model`)."""
    return build_monthly_program(scenario, q.objective, q.metric, q.mode)


def integer_gain(scenario: Scenario, q: Question) -> float | None:
    """The proven integer optimum of the question's first goal in gain units; None if infeasible."""
    solution = solve_program(program_of(scenario, q), q.solver, stages=1)
    if solution.status is SolveStatus.INFEASIBLE:
        return None
    if solution.status is not SolveStatus.OPTIMAL:
        raise SolverError(f"re-solve for marginal values ended {solution.status.value}; no proven optimum")
    return _to_gain(solution.goal_values[0], scenario, q)


def lp_oracle(program: Program, scenario: Scenario, q: Question, rows: dict[str, float]):
    """An oracle x -> (LP gain, d gain / dx) where budget row `name` has rhs = weight * x Rupiah.

    The LP needs no half-Rupiah headroom, so its breakpoints fall on the exact amounts.

    `rows` maps budget row names to weights (1 for one source; each source's share
    for a scaled total; see `optimizer.analysis.premium.budget_rows`, which adds the
    monthly model's money-arrived rows). Raises `SolverError` when the LP is infeasible at x.
    """
    index = {row.name: k for k, row in enumerate(program.rows)}

    def oracle(x: float) -> tuple[float, float]:
        new_rows = list(program.rows)
        for name, weight in rows.items():
            row = program.rows[index[name]]
            new_rows[index[name]] = dataclasses.replace(row, rhs=weight * x / MONEY_UNIT)
        changed = dataclasses.replace(program, rows=tuple(new_rows))
        solution = solve_program(changed, q.solver, relax=True, stages=1)
        if solution.status is not SolveStatus.OPTIMAL:
            raise SolverError(f"LP at {x:,.0f} Rupiah ended {solution.status.value}")
        duals = dict(solution.duals)
        # Duals are d(goal)/d(rhs in millions); the rhs moves by weight * dx Rupiah.
        slope = sum(duals[name] * weight for name, weight in rows.items()) / MONEY_UNIT
        value = _to_gain(solution.goal_values[0], scenario, q)
        if q.mode is Mode.MIN_COST:
            return value, -slope * MONEY_UNIT
        if q.mode is Mode.MAX_PARTICIPANTS and value >= _missing(scenario):
            return _missing(scenario), 0.0
        return value, slope

    return oracle


def _to_gain(goal: float, scenario: Scenario, q: Question) -> float:
    if q.mode is Mode.MIN_COST:
        return -round(goal * MONEY_UNIT)
    if q.mode is Mode.MAX_PARTICIPANTS:
        return min(goal, _missing(scenario))
    return goal


def _missing(scenario: Scenario) -> float:
    return float(max(scenario.region.target - scenario.region.active, 0))


def replace_source(scenario: Scenario, source_id: str, **changes) -> Scenario:
    sources = tuple(dataclasses.replace(s, **changes) if s.id == source_id else s for s in scenario.sources)
    return dataclasses.replace(scenario, sources=sources)


def replace_group(scenario: Scenario, group_id: str, **changes) -> Scenario:
    groups = tuple(dataclasses.replace(g, **changes) if g.id == group_id else g for g in scenario.groups)
    return dataclasses.replace(scenario, groups=groups)


def saturating_budget(scenario: Scenario, source: Source) -> int:
    """Premium money beyond which `source` cannot buy anyone more: all its groups covered
    (on the dearest cover a group allows, in the monthly model)."""
    return sum(
        g.max_persons * (cover_costs(scenario, source, g) or (0, 0))[1]
        for g in scenario.groups
        if source.may_pay_for(g.id)
    )
