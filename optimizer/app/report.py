"""The HTML report download: the same document `ucj-optimizer report` writes, for the app's plan."""

from __future__ import annotations

from optimizer import i18n
from optimizer.analysis.frontier import budget_frontier
from optimizer.analysis.marginal import marginal_values
from optimizer.analysis.ties import equally_good
from optimizer.analysis.whynot import why_not
from optimizer.errors import ScenarioError, SolverError
from optimizer.html_report.sections import render_report, standard_targets
from optimizer.result import Plan
from optimizer.scenario import Scenario


def report_html(plan: Plan, scenario: Scenario, lang: i18n.Lang, solver: str) -> str:
    """As `report` with its defaults (frontier, marginal values, why-not lines and equally good
    plans included)."""
    frontier, note = None, ""
    try:
        frontier = budget_frontier(scenario, plan.metric, targets=standard_targets(scenario), solver=solver)
    except (ScenarioError, SolverError) as exc:  # the plan is reported anyway, as `report` does
        note = str(exc)
    return render_report(plan, marginal_values(plan), frontier, lang, note, why_not(plan), equally_good(plan))
