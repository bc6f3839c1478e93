"""Command line: parse options, call the library, print. No arithmetic here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.area_optimize import optimize_areas
from optimizer.area_report import render_area_csv, render_area_json, render_area_table
from optimizer.areas import is_area_file, load_area_scenario
from optimizer.checks import check_warnings
from optimizer.errors import ScenarioError, SolverError
from optimizer.io import load_scenario
from optimizer.io.writers import write_atomic
from optimizer.optimize import Outcome, optimize
from optimizer.report import render_csv, render_json, render_table
from optimizer.scenario import Metric, Objective
from optimizer.solve import DEFAULT_SOLVER, SOLVER_NAMES

EXIT_OK, EXIT_REQUIREMENTS_NOT_MET, EXIT_BAD_INPUT, EXIT_SOLVER = 0, 1, 2, 3
EXIT_CODES = """\b
Exit codes:
  0  a plan was found and every requirement is met
  1  the target (min-cost) or a floor cannot be met; the best plan and
     what is missing are still printed
  2  bad input: one line names the file, the field and what to do
  3  the solver is missing, failed, or stopped before proving optimality
"""
RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv}
AREA_RENDERERS = {"table": render_area_table, "json": render_area_json, "csv": render_area_csv}


class InputError(click.ClickException):
    exit_code = EXIT_BAD_INPUT


class SolverFailure(click.ClickException):
    exit_code = EXIT_SOLVER


@click.group(epilog=EXIT_CODES)
@click.version_option(package_name="ucj-optimizer")
def main() -> None:
    """Plan who gets BPJS Ketenagakerjaan premiums paid, from which budget (APBD, DBH,
    CSR, zakat...), to raise UCJ coverage: the most people for the budget, or the
    target at the lowest cost. Every plan is proven optimal by a linear program.

    Start with: python -m optimizer solve scenarios/teaching-example.toml
    """


def _load(path: str):
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise InputError(str(exc)) from None


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
def validate(scenario: str) -> None:
    """Check a scenario file without solving: errors stop (exit 2), warnings inform."""
    s = _load(scenario)
    click.echo(f"{scenario}: OK ({len(s.groups)} groups, {len(s.sources)} sources)")
    for warning in check_warnings(s):
        click.echo(f"warning: {warning}")


@main.command(epilog=EXIT_CODES)
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option(
    "--objective",
    type=click.Choice([o.value for o in Objective]),
    help="max-coverage: cover the most with the budgets; min-cost: reach the "
    "target at the lowest cost. Default: as in the scenario file.",
)
@click.option(
    "--metric",
    type=click.Choice([m.value for m in Metric]),
    help="How a covered person counts: persons, person-months, or branch-credit "
    "(BPJS branch: under 6 months counts months/6, CSR-paid under 6 counts 0).",
)
@click.option(
    "--solver",
    type=click.Choice(list(SOLVER_NAMES)),
    default=DEFAULT_SOLVER,
    show_default=True,
    help="Solver; highs and cbc come with the install.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds per solve; a plan cut short is labelled not proven optimal.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(RENDERERS)),
    default=None,
    help="table (default), json or csv; taken from --output's extension if omitted.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the result to this file instead of the screen.",
)
def solve(
    scenario: str,
    objective: str | None,
    metric: str | None,
    solver: str,
    time_limit: float | None,
    fmt: str | None,
    output: str | None,
) -> None:
    """Find the optimal funding plan for SCENARIO (a .toml file)."""
    fmt = fmt or _format_from_extension(output)
    if is_area_file(scenario):
        _solve_areas(scenario, objective, metric, solver, fmt, output)
        return
    s = _load(scenario)
    try:
        plan = optimize(
            s,
            Objective(objective) if objective else None,
            Metric(metric) if metric else None,
            solver,
            time_limit,
        )
    except SolverError as exc:
        raise SolverFailure(str(exc)) from None
    text = RENDERERS[fmt](plan)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output} ({plan.outcome})", err=True)
    else:
        click.echo(text, nl=False)
    if plan.outcome == Outcome.NOT_PROVEN:
        sys.exit(EXIT_SOLVER)
    if not plan.requirements_met:
        sys.exit(EXIT_REQUIREMENTS_NOT_MET)


def _solve_areas(scenario, objective, metric, solver, fmt, output) -> None:
    """A scenario with [areas]: plans per village (see docs/scenario-format.md)."""
    try:
        area = load_area_scenario(scenario)
        plan = optimize_areas(
            area, Objective(objective) if objective else None, Metric(metric) if metric else None, solver
        )
    except ScenarioError as exc:
        raise InputError(str(exc)) from None
    except SolverError as exc:
        raise SolverFailure(str(exc)) from None
    text = AREA_RENDERERS[fmt](plan)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output} ({plan.plan.outcome})", err=True)
    else:
        click.echo(text, nl=False)
    if plan.plan.outcome == Outcome.NOT_PROVEN:
        sys.exit(EXIT_SOLVER)


def _format_from_extension(output: str | None) -> str:
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in RENDERERS else "table"
