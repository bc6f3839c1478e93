"""The `robust` question in one call: nominal plan, worst-case plan, and their sampled analysis."""

from __future__ import annotations

from optimizer.optimize import optimize
from optimizer.scenario import Metric, Objective, Scenario
from optimizer.solve import DEFAULT_SOLVER
from optimizer.uncertainty.ranges import Uncertainty
from optimizer.uncertainty.report import RobustReport
from optimizer.uncertainty.robust import plan_runs, robust_plan, sample_fixed_plan


def robust_report(
    scenario: Scenario,
    uncertainty: Uncertainty,
    objective: Objective | None = None,
    metric: Metric | None = None,
    samples: int = 0,
    seed: int = 0,
    solver: str = DEFAULT_SOLVER,
    time_limit: float | None = None,
) -> RobustReport:
    nominal = optimize(scenario, objective, metric, solver, time_limit)
    robust = robust_plan(scenario, uncertainty, objective, metric, solver, time_limit)
    nominal_s = robust_s = None
    if samples > 0:
        # Each plan is fixed run by run (an annual plan: one run per source and group).
        nominal_s = sample_fixed_plan(
            scenario, uncertainty, plan_runs(nominal), nominal.metric, samples, seed
        )
        robust_s = sample_fixed_plan(scenario, uncertainty, plan_runs(robust), robust.metric, samples, seed)
    return RobustReport(nominal, robust, uncertainty, nominal_s, robust_s)
