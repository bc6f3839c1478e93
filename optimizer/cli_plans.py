"""Commands for several years and for uncertain inputs: plan-years, robust, sweep.

Registered on the main command group by `optimizer.cli`. Parse options, call the
library, print; no arithmetic here.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from optimizer import i18n
from optimizer.areas.detect import is_area_file
from optimizer.checks import MAX_SAMPLES
from optimizer.cli_errors import EXIT_CODES, EXIT_REQUIREMENTS_NOT_MET, EXIT_SOLVER, InputError, SolverFailure
from optimizer.cli_options import (
    format_from_extension,
    lang_option,
    metric_option,
    objective_option,
    solver_option,
    time_limit_option,
    workers_option,
)
from optimizer.errors import ScenarioError, SolverError
from optimizer.io import VILLAGE_REFUSAL
from optimizer.io.writers import write_output
from optimizer.outcome import Outcome
from optimizer.scenario import Metric, Objective

if TYPE_CHECKING:
    from optimizer.plan_file import PlanFile

# Each command imports its planner when it runs (numpy, pandas): `--help` and `solve` do not (issue 14).


def _load(path: str, plan_years: bool = False) -> PlanFile:
    """A one-region file through the one loader; village files are refused in one line."""
    from optimizer.plan_file import load_plan_file

    if is_area_file(path):
        raise ScenarioError(VILLAGE_REFUSAL, file=path, where="[areas]")
    return load_plan_file(path, with_variants=False, plan_years=plan_years)


def _where(table: str) -> str:
    """How to add [horizon] or [uncertainty]: Excel workbooks cannot hold them yet (README)."""
    return (
        f"add one (see docs/scenario-format.md); an Excel workbook cannot hold [{table}] yet, "
        f"so keep that scenario in TOML"
    )


def _render(renderers: dict, fmt: str | None, output: str | None, lang: str, value) -> str:
    """The table in --lang; JSON and CSV always English (as for solve)."""
    fmt = fmt or format_from_extension(output, ("table", "json", "csv"))
    if fmt == "table":
        return renderers["table"](value, i18n.resolve_lang(lang))
    return renderers[fmt](value)


def _emit(text: str | bytes, output: str | None, outcome: str) -> None:
    if output:
        write_output(output, text)
        click.echo(f"wrote {output} ({outcome})", err=True)
    else:
        click.echo(text, nl=False)


YEARS_OBJECTIVE = objective_option(
    "max-coverage: most person-years with the budgets; min-cost: each year's target at the "
    "lowest total cost. Default: as in the scenario file."
)
PLAN_OBJECTIVE = objective_option()
LANG_OPTION = lang_option("the table")


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default=None,
    help="table (default), json or csv; taken from --output's extension if omitted.",
)
output_option = click.option(
    "--output", type=click.Path(dir_okay=False, writable=True), help="Write the result to this file."
)
years_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default=None,
    help="table (default), json, csv or xlsx (Excel, needs --output); taken from --output's extension "
    "if omitted.",
)


@click.command("plan-years", epilog=EXIT_CODES)
@click.argument("scenario", type=click.Path(dir_okay=True))
@YEARS_OBJECTIVE
@solver_option()
@time_limit_option()
@years_format_option
@output_option
@lang_option("the table and the Excel plan")
def plan_years_command(scenario, objective, solver, time_limit, fmt, output, lang) -> None:
    """Plan several years (the file's [horizon]): who is paid for, from which source, each year,
    and the UCJ reached against each year's target. A person covered stays covered in later
    years (continuity "keep") unless the file says otherwise.
    """
    from optimizer.multiyear.plan import plan_years
    from optimizer.multiyear.report import MULTIYEAR_RENDERERS

    fmt = fmt or format_from_extension(output, ("table", "json", "csv", "xlsx"))
    if fmt == "xlsx" and not output:
        raise InputError("--format xlsx writes a file: add --output PLAN.xlsx")
    loaded = _load(scenario, plan_years=True)
    if loaded.horizon is None:
        raise InputError(f"{scenario}: has no [horizon] table; {_where('horizon')} or use solve")
    if loaded.scenario.baseline is not None:
        raise InputError(
            f"{scenario}: [optimize] baseline is for one-year plans (solve, report): plan-years cannot yet "
            "stay close to a previous multi-year plan; remove the field for plan-years"
        )
    plan = plan_years(
        loaded.scenario, loaded.horizon, Objective(objective) if objective else None, solver, time_limit
    )
    if fmt == "xlsx":
        from optimizer.excel_report.years import years_workbook_bytes  # openpyxl: only for .xlsx

        _emit(years_workbook_bytes(plan, i18n.resolve_lang(lang)), output, plan.outcome)
    else:
        _emit(_render(MULTIYEAR_RENDERERS, fmt, output, lang, plan), output, plan.outcome)
    if plan.outcome == Outcome.NOT_PROVEN:
        sys.exit(EXIT_SOLVER)
    if not plan.requirements_met:
        sys.exit(EXIT_REQUIREMENTS_NOT_MET)


samples_option = click.option(
    "--samples",
    type=click.IntRange(min=0, max=MAX_SAMPLES),
    default=0,
    show_default=True,
    help="Sampled realisations of the ranges in [uncertainty] (0: none).",
)
seed_option = click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed; the same seed gives the same samples on any machine and any number of workers.",
)


@click.command("robust", epilog=EXIT_CODES)
@click.argument("scenario", type=click.Path(dir_okay=True))
@PLAN_OBJECTIVE
@metric_option()
@samples_option
@seed_option
@solver_option()
@time_limit_option()
@format_option
@output_option
@LANG_OPTION
def robust_command(scenario, objective, metric, samples, seed, solver, time_limit, fmt, output, lang) -> None:
    """The plan that stays within every budget in the worst case of the file's [uncertainty]
    ranges (budgets and headcounts at their minimum, workforce at its maximum), and the UCJ it
    guarantees. With --samples N: how often the nominal and the robust plan meet the target
    when budgets and headcounts are drawn from the ranges.
    """
    from optimizer.uncertainty.report import ROBUST_RENDERERS
    from optimizer.uncertainty.run import robust_report

    loaded = _load(scenario)
    if loaded.uncertainty is None:
        raise InputError(f"{scenario}: has no [uncertainty] table; {_where('uncertainty')}")
    report = robust_report(
        loaded.scenario,
        loaded.uncertainty,
        Objective(objective) if objective else None,
        Metric(metric) if metric else None,
        samples,
        seed,
        solver,
        time_limit,
    )
    _emit(_render(ROBUST_RENDERERS, fmt, output, lang, report), output, report.robust.outcome)
    if report.robust.outcome == Outcome.NOT_PROVEN:
        sys.exit(EXIT_SOLVER)
    if not report.robust.requirements_met:
        sys.exit(EXIT_REQUIREMENTS_NOT_MET)


@click.command("sweep")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=True))
@samples_option
@seed_option
@workers_option()
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:PORT",
    help="Run on this Dask cluster instead of the local cores (needs pip install 'ucj-optimizer[dask]').",
)
@solver_option()
@format_option
@output_option
@LANG_OPTION
def sweep_command(scenarios, samples, seed, workers, scheduler, solver, fmt, output, lang) -> None:
    """Re-optimise many scenarios (all regencies of a province, variants) over sampled budgets and
    headcounts, in parallel, and report per scenario the UCJ percentiles and the probability of
    meeting the target. A progress bar is shown on a terminal.
    """
    from optimizer.uncertainty.report import SWEEP_RENDERERS
    from optimizer.uncertainty.sweep import SweepJob, sweep

    jobs = [SweepJob(path, f.scenario, f.uncertainty) for path, f in ((p, _load(p)) for p in scenarios)]
    try:
        results = sweep(jobs, max(samples, 1), seed, workers, scheduler, solver)
    except (SolverError, RuntimeError, OSError) as exc:
        raise SolverFailure(str(exc)) from None
    _emit(_render(SWEEP_RENDERERS, fmt, output, lang, results), output, f"{len(results)} scenarios")


COMMANDS = (plan_years_command, robust_command, sweep_command)
