"""The `report` command: solve a scenario and write the printable HTML report.

Kept out of `optimizer/cli.py`, which only registers it. Parse options, call the
library, write the file; no arithmetic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer import i18n
from optimizer.analysis.frontier import DEFAULT_STEPS, budget_frontier
from optimizer.analysis.marginal import marginal_values
from optimizer.analysis.ties import equally_good
from optimizer.analysis.whynot import why_not
from optimizer.areas.detect import is_area_file
from optimizer.cli_errors import InputError
from optimizer.cli_options import (
    NO_VILLAGE_BASELINE,
    baseline_option,
    metric_option,
    objective_option,
    parse_targets,
    solver_option,
    time_limit_option,
    workers_option,
)
from optimizer.errors import ScenarioError, SolverError
from optimizer.io.baseline import with_baseline
from optimizer.io.writers import write_output
from optimizer.optimize import Outcome, optimize
from optimizer.plan_file import load_plan_file
from optimizer.scenario import Metric, Objective

HTML_SUFFIXES = (".html", ".htm")


def register_report_command(main: click.Group, lang_option, epilog: str) -> None:
    @main.command(epilog=epilog)
    @click.argument("scenario", type=click.Path(dir_okay=True))
    @click.option(
        "--output",
        required=True,
        type=click.Path(dir_okay=False, writable=True),
        help="The HTML file to write, e.g. plan.html.",
    )
    @lang_option
    @objective_option()
    @metric_option()
    @solver_option()
    @time_limit_option(
        "Seconds per solve of the plan [default: 300; the spending-order tie-break: "
        "1,000 nodes, 30 s at most]; "
        "a plan cut short is labelled not proven optimal (and has no marginal values)."
    )
    @click.option(
        "--targets",
        help="UCJ rates in percent to cost in the frontier, e.g. 40,45,50,52 "
        "[default: round 5-point steps up to the scenario's target].",
    )
    @click.option(
        "--steps",
        type=click.IntRange(min=2, max=201),
        default=DEFAULT_STEPS,
        show_default=True,
        help="Budget levels of the frontier.",
    )
    @click.option("--no-frontier", is_flag=True, help="Leave out the frontier (its solves take longest).")
    @click.option("--no-marginal", is_flag=True, help="Leave out the marginal values and the why-not lines.")
    @workers_option("Processes that solve frontier levels side by side")
    @baseline_option()
    def report(
        scenario,
        output,
        lang,
        objective,
        metric,
        solver,
        time_limit,
        targets,
        steps,
        no_frontier,
        no_marginal,
        workers,
        baseline,
    ):
        """Write a printable HTML report of the optimal plan for SCENARIO: summary (UCJ
        before -> after against the target, cost, status), allocation tables and chart,
        sources and groups, the frontier (coverage for the budget, cost of the targets),
        marginal values, warnings, binding limits, shortfall and the scenario's
        assumptions. One self-contained file: it opens without a network, and prints
        on A4 (each part on its own page) to attach to a budget proposal as PDF.

        \b
        Example:
          python -m optimizer report scenarios/pati-2025.toml --output pati.html --lang id
        """
        from optimizer.html_report.sections import render_report, standard_targets  # pandas: only here

        if Path(output).suffix.lower() not in HTML_SUFFIXES:
            raise InputError(f"{output}: name the report with the .html extension")
        rates = parse_targets(targets, InputError)
        language = i18n.resolve_lang(lang)
        if is_area_file(scenario):  # village-level plan: optimizer/html_report/villages.py
            if baseline:
                raise InputError(NO_VILLAGE_BASELINE)
            plan, html = _village_report(scenario, objective, metric, solver, time_limit, language)
            return _write_and_exit(output, html, plan)
        s = with_baseline(load_plan_file(scenario, with_variants=False).scenario, baseline)
        plan = optimize(
            s,
            Objective(objective) if objective else None,
            Metric(metric) if metric else None,
            solver,
            time_limit,
        )
        marginal = None if no_marginal else marginal_values(plan)
        frontier, note = None, ""
        if no_frontier:
            note = "--no-frontier"
        else:
            try:
                frontier = budget_frontier(
                    s,
                    plan.metric,
                    steps=steps,
                    targets=rates or standard_targets(s),
                    solver=solver,
                    workers=workers,
                )
            # e.g. every budget is 0, or a level not proven within the time limit: the plan
            # is reported anyway, the page says why the curve is missing.
            except (ScenarioError, SolverError) as exc:
                note = str(exc)
        why = None if no_marginal else why_not(plan)
        others = None if no_marginal else equally_good(plan)
        html = render_report(plan, marginal, frontier, language, note, why, others)
        _write_and_exit(output, html, plan)


def _village_report(scenario, objective, metric, solver, time_limit, lang):
    """(the plan, its HTML) for a scenario with [areas]: solved per village."""
    from optimizer.html_report.villages import render_area_report
    from optimizer.plan_file import load_plan_file

    loaded = load_plan_file(scenario, with_variants=False)  # as solve and compare read it
    notes = loaded.notes(lang)
    plan = loaded.area_plan(Objective(objective) if objective else None,
                          Metric(metric) if metric else None, solver, time_limit)  # fmt: skip
    for note in notes:  # said once there is a plan, not before a refusal
        click.echo(note, err=True)
    return plan, render_area_report(plan, lang)


def _write_and_exit(output, html: str, plan) -> None:
    """Write the report, say so, and exit as `solve` does: 3 not proven, 1 requirements not met."""
    write_output(output, html)
    click.echo(f"wrote {output} ({plan.outcome})", err=True)
    if plan.outcome == Outcome.NOT_PROVEN:
        sys.exit(3)
    if not plan.requirements_met:
        sys.exit(1)
