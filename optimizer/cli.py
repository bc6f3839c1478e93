"""Command line: parse options, call the library, print. No arithmetic here."""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

from optimizer import i18n
from optimizer.analysis.marginal import marginal_values
from optimizer.analysis.resolve import program_of, question_of
from optimizer.areas.detect import is_area_file
from optimizer.checks import check_marginal_limits, check_warnings
from optimizer.cli_analysis import register_analysis_commands, with_marginal
from optimizer.cli_errors import (  # noqa: F401 (EXIT_OK, EXIT_BAD_INPUT: re-exported)
    EXIT_BAD_INPUT,
    EXIT_CODES,
    EXIT_OK,
    EXIT_REQUIREMENTS_NOT_MET,
    EXIT_SOLVER,
    InputError,
    SolverFailure,
)
from optimizer.cli_guard import Group
from optimizer.cli_options import (
    NO_VILLAGE_BASELINE,
    baseline_option,
    format_from_extension,
    lang_option,
    metric_option,
    objective_option,
    solver_option,
    time_limit_option,
)
from optimizer.cli_plans import COMMANDS as PLAN_COMMANDS
from optimizer.html_report.command import register_report_command
from optimizer.io.baseline import with_baseline
from optimizer.io.writers import append_descriptor, write_output
from optimizer.messages import say, text
from optimizer.optimize import Outcome, optimize
from optimizer.report import render_csv, render_json, render_table
from optimizer.scenario import Metric, Objective
from optimizer.solve import MODEL_FORMATS, model_file_text, reuse_solves
from optimizer.solver_output import LOG_ENV

# NumPy asks Linux for transparent huge pages on each array of 4 MB or more; where the kernel then
# compacts memory to find them (defrag = madvise, a common default) the national village plan's
# arrays of 20-30 MB took 0.9-1.3 s of system time to fault in, 0.4-0.6 s with ordinary pages
# (issue 14). NumPy reads this when it is first imported, after this module; a user's value wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
# The interpreter's last garbage collection walks every object still alive (pandas, NumPy and
# HiGHS modules: ~0.08 s of a national plan's run, as much of a one-region plan's). Objects frozen
# at exit are left to the process's end; finalizers and other exit handlers still run. Here, not
# in __main__, so that `ucj-optimizer` and `python -m optimizer` end alike.
atexit.register(gc.freeze)

RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv}
#: Binary formats: written to --output only.
BINARY_FORMATS = ("xlsx",)
LANG_OPTION = lang_option("tables, Excel plans and HTML reports")


@click.group(cls=Group, epilog=EXIT_CODES)
@click.version_option(package_name="ucj-optimizer")
@click.option(
    "--solver-log",
    metavar="FILE",
    envvar=LOG_ENV,
    show_envvar=True,
    help="Append the solvers' own messages (HiGHS, CBC) to this file; without it they are discarded, "
    "so that only the plan reaches the screen or a pipe. Goes before the command: "
    "python -m optimizer --solver-log solver.log solve ...",
)
def main(solver_log: str | None) -> None:
    """Plan who gets BPJS Ketenagakerjaan premiums paid, from which budget (APBD, DBH,
    CSR, zakat...), to raise UCJ coverage: the most people for the budget, or the
    target at the lowest cost. Every plan is proven optimal by a linear program.

    Start with: python -m optimizer solve scenarios/teaching-example.toml
    """
    if solver_log:  # an environment variable, so that sweep's worker processes log too
        try:
            os.close(append_descriptor(solver_log))
        except OSError as exc:
            raise InputError(
                f"--solver-log {solver_log}: cannot append to it ({exc.strerror or exc}); "
                "name a file in a folder you can write to"
            ) from None
        os.environ[LOG_ENV] = str(Path(solver_log).resolve())
    # `kill` (SIGTERM) unwinds like Ctrl-C, so a file being written is cleaned up.
    signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _load(path: str):
    """A one-region file's scenario, read as every command reads it (`load_plan_file`)."""
    from optimizer.plan_file import load_plan_file

    return load_plan_file(path, with_variants=False).scenario


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@LANG_OPTION
def validate(scenario: str, lang: str) -> None:
    """Check a scenario file without solving: errors stop (exit 2), warnings inform."""
    from optimizer.plan_file import load_plan_file

    lang = i18n.resolve_lang(lang)
    loaded = load_plan_file(scenario)  # as solve reads it, every [[variant]] checked too
    s = loaded.scenario
    named = text("validate.villages", lang, n=len(loaded.area.villages)) if loaded.area is not None else ""
    if loaded.variants:
        named += text("validate.variants", lang, n=len(loaded.variants))
    click.echo(
        text("validate.ok", lang, path=scenario, groups=len(s.groups), sources=len(s.sources), variants=named)
    )
    for warning in check_warnings(s):
        click.echo(text("validate.warning", lang, text=say(warning, lang)))


@main.command(epilog=EXIT_CODES)
@click.argument("scenario", type=click.Path(dir_okay=True))
@objective_option()
@metric_option()
@solver_option()
@time_limit_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RENDERERS, *BINARY_FORMATS]),
    default=None,
    help="table (default), json, csv or xlsx (Excel, needs --output); taken from "
    "--output's extension if omitted.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the result to this file instead of the screen.",
)
@LANG_OPTION
@click.option(
    "--no-marginal",
    is_flag=True,
    help="Skip the marginal values (what one more Rp1 billion per source, each floor and each "
    "binding eligibility rule is worth) and the why-not lines (why a group is not fully covered, "
    "in Rupiah); they take a few extra solves. Village-level plans have none.",
)
@click.option(
    "--write-model",
    "model_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the exact integer program behind the plan (its objective, every budget, "
    "headcount, floor and target row) as FILE.lp or FILE.mps, for an auditor to re-solve in any solver.",
)
@baseline_option()
def solve(
    scenario: str,
    objective: str | None,
    metric: str | None,
    solver: str,
    time_limit: float | None,
    fmt: str | None,
    output: str | None,
    lang: str,
    no_marginal: bool,
    model_file: str | None,
    baseline: str | None,
) -> None:
    """Find the optimal funding plan for SCENARIO (a .toml file or an Excel .xlsx workbook).

    The table and JSON also show marginal values: how many more persons one more
    Rp1,000,000,000 from each source would cover (and up to what budget that rate
    holds), what each floor costs in coverage elsewhere, and what relaxing a binding
    eligibility rule would gain. Example:

    \b
      python -m optimizer solve scenarios/pati-2025.toml
    """
    _check_solve_paths(scenario, output, model_file)
    fmt = fmt or _format_from_extension(output)
    if is_area_file(scenario):
        _refuse_for_villages(model_file, baseline)
        _solve_areas(scenario, objective, metric, solver, fmt, output, i18n.resolve_lang(lang), time_limit)
        return
    s = _load_with_baseline(scenario, baseline)
    _check_before_solving(s, fmt, output, no_marginal)
    with reuse_solves():  # the marginal values and why-not lines ask some LPs more than once
        plan = _optimize(s, objective, metric, solver, time_limit)
        rendered = _render_plan(plan, fmt, lang, no_marginal)
    if model_file:
        _write_model(plan, model_file)
    _emit_plan(plan, rendered, output)
    _exit_if_short(plan)


def _check_solve_paths(scenario: str, output: str | None, model_file: str | None) -> None:
    """Refuse bad --output / --write-model paths before any file is read."""
    _check_output_folder(output)
    _check_output_folder(model_file)
    if not model_file:
        return
    if Path(model_file).suffix.lower() not in MODEL_FORMATS:
        raise InputError(f"{model_file}: name the model file .lp or .mps")
    if Path(model_file).resolve() in {Path(scenario).resolve(), Path(output or scenario).resolve()}:
        raise InputError(f"{model_file}: is the scenario or the --output file; choose another name")


def _refuse_for_villages(model_file: str | None, baseline: str | None) -> None:
    """Options a village-level plan cannot honour yet: refused rather than ignored."""
    if model_file:
        raise InputError("--write-model is for one-region plans, not village-level plans")
    if baseline:
        raise InputError(NO_VILLAGE_BASELINE)


def _load_with_baseline(scenario: str, baseline: str | None):
    """The one-region scenario, with the --baseline plan (if any) attached."""
    s = _load(scenario)
    return with_baseline(s, baseline)


def _check_before_solving(s, fmt: str, output: str | None, no_marginal: bool) -> None:
    """Refusals after loading (a broken scenario is reported first) but before the solve they would waste."""
    if fmt in BINARY_FORMATS and not output:
        raise InputError(f"--format {fmt} writes a file: add --output PLAN.{fmt}")
    if not no_marginal:
        check_marginal_limits(s)


def _optimize(s, objective: str | None, metric: str | None, solver: str, time_limit: float | None):
    """optimize() with a solver error as SolverFailure (exit 3)."""
    return optimize(
        s,
        Objective(objective) if objective else None,
        Metric(metric) if metric else None,
        solver,
        time_limit,
    )


def _render_plan(plan, fmt: str, lang: str, no_marginal: bool) -> str | bytes:
    """The plan as `fmt`, bytes for xlsx; the marginal values re-solve, so a solver error is SolverFailure."""
    compute = None if no_marginal else marginal_values
    if fmt == "xlsx":
        from optimizer.excel_report.plan import plan_workbook_bytes  # openpyxl: only for .xlsx

        return plan_workbook_bytes(plan, i18n.resolve_lang(lang), compute)
    return with_marginal(plan, fmt, compute, i18n.resolve_lang(lang))


def _write_model(plan, model_file: str) -> None:
    """The integer program behind `plan`, as .lp or .mps (by the suffix) for an auditor."""
    model = model_file_text(program_of(plan.scenario, question_of(plan)), Path(model_file).suffix.lower())
    write_output(model_file, model)
    click.echo(f"wrote {model_file}", err=True)


def _emit_plan(plan, rendered: str | bytes, output: str | None) -> None:
    """The plan to --output (with a note on stderr), else to stdout as it is."""
    if output:
        write_output(output, rendered)
        click.echo(f"wrote {output} ({plan.outcome})", err=True)
    else:
        click.echo(rendered, nl=False)


def _exit_if_short(plan) -> None:
    """Exit 3 (EXIT_SOLVER) for a plan not proven optimal, else 1 if it misses a requirement."""
    # Not proven wins: a better plan might meet the requirement, so the shortfall is not proven either.
    if plan.outcome == Outcome.NOT_PROVEN:
        sys.exit(EXIT_SOLVER)
    if not plan.requirements_met:
        sys.exit(EXIT_REQUIREMENTS_NOT_MET)


register_analysis_commands(main)
register_report_command(main, LANG_OPTION, EXIT_CODES)


def _check_output_folder(output: str | None) -> None:
    """Refuse an output path in a missing folder before solving, not after."""
    if output and not Path(output).absolute().parent.is_dir():
        raise InputError(f"{output}: the folder does not exist; create it or choose another file")


def _solve_areas(scenario, objective, metric, solver, fmt, output, lang, time_limit) -> None:
    """A scenario with [areas]: plans per village (see docs/scenario-format.md).

    Village plans have no marginal values, so --no-marginal changes nothing; --time-limit
    bounds the PuLP path and is refused (not ignored) on the fast path (`optimize_areas`).
    """
    from optimizer.areas.report import area_json_parts, render_area_csv, render_area_table
    from optimizer.plan_file import load_plan_file

    if fmt in BINARY_FORMATS and not output:
        raise InputError(f"--format {fmt} writes a file: add --output PLAN.{fmt}")
    loaded = load_plan_file(scenario, with_variants=False)  # as report and compare read it
    # Warnings about the villages file, said once the run has a plan (not before a refusal). The
    # check against the official list reads only the villages file: it runs in a second thread
    # while HiGHS and NumPy's long loops let go of the GIL (its error, if any, still comes first).
    with ThreadPoolExecutor(1) as pool:
        checked = pool.submit(loaded.notes, lang)
        try:
            plan = loaded.area_plan(
                Objective(objective) if objective else None,
                Metric(metric) if metric else None,
                solver,
                time_limit,
            )
        finally:
            notes = checked.result()
    if fmt == "xlsx":
        text = _village_workbook(plan, lang)
    else:
        # JSON in pieces: a national plan's 170 MB are written as they are made (`write_atomic`).
        others = {"json": area_json_parts, "csv": render_area_csv}
        text = render_area_table(plan, lang) if fmt == "table" else others[fmt](plan)
    if output:
        write_output(output, text)
    for note in notes:
        click.echo(note, err=True)
    if output:
        click.echo(f"wrote {output} ({plan.outcome})", err=True)
    else:
        click.echo(text if isinstance(text, str) else "".join(text), nl=False)
    _exit_if_short(plan)


def _village_workbook(plan, lang: str) -> bytes:
    """The Excel plan of a village file: the usual sheets plus the village sheets, or a one-line
    refusal when a sheet would hold more rows than an Excel plan can."""
    from optimizer.excel_report.plan import plan_workbook_bytes
    from optimizer.excel_report.villages import too_many_rows

    why = too_many_rows(plan)
    if why:
        raise InputError(why)
    return plan_workbook_bytes(plan, i18n.resolve_lang(lang))


def _format_from_extension(output: str | None) -> str:
    return format_from_extension(output, (*RENDERERS, *BINARY_FORMATS))


@main.command()
@click.option(
    "--excel",
    "excel",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write an Excel scenario workbook (.xlsx) with Indonesian sheets to fill in.",
)
@click.option(
    "--villages",
    "region",
    default=None,
    metavar="REGION",
    help='Write the villages CSV of a regency, a province or "Indonesia" (name or Kemendagri '
    'code: "Kabupaten Pati", "33.18") from the official village list, to fill in. Needs --output.',
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --villages: the villages CSV to write, e.g. villages.csv.",
)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False),
    default=None,
    help="Fill it with this scenario (.toml or .xlsx); default: the teaching example. With "
    "--villages: take the group columns (and village budget columns) from this .toml.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(excel: str | None, region: str | None, output: str | None, source: str | None, force: bool) -> None:
    """Start a scenario in Excel: writes a workbook with sheets Petunjuk (instructions),
    Wilayah, Optimasi, Paket, Iuran_Sumber, Kelompok, Sumber_Dana, Tahap_Dana,
    Tumpang_Tindih, Asumsi and Varian, filled with the teaching example (or with
    --from SCENARIO, its variants included; a field Excel cannot hold stops it).
    Solve it with `solve FILE.xlsx`.

    Or start a village-level plan: `init --villages REGION --output villages.csv`
    writes every desa/kelurahan of REGION with its Kemendagri code, name and
    kecamatan, and empty columns for the uncovered persons of each group (and,
    when a source has scope = "village", villages-budgets.csv with empty budget
    columns). Needs the village list: pip install "ucj-optimizer[villages]".

    \b
    Example:
      python -m optimizer init --villages "Kabupaten Pasaman Barat" --output villages.csv
    """
    if (excel is None) == (region is None):
        raise InputError("init: give either --excel FILE.xlsx or --villages REGION --output FILE.csv")
    if region is not None:
        _init_villages(region, output, source, force)
        return
    if Path(excel).suffix.lower() != ".xlsx":
        raise InputError(f"{excel}: name the workbook with the .xlsx extension")
    if Path(excel).exists() and not force:
        raise InputError(f"{excel}: file exists; choose another name or add --force")
    from optimizer.io.excel_export import workbook_from_file
    from optimizer.io.excel_template import template_bytes

    data = workbook_from_file(source) if source else template_bytes()
    write_output(excel, data)
    click.echo(f"wrote {excel}", err=True)
    for table in _not_in_excel(source):
        click.echo(
            f"warning: {source}: Excel cannot hold [{table}] yet; it is not in {excel}, so "
            f"keep {source} for {'plan-years' if table == 'horizon' else 'robust and sweep'}",
            err=True,
        )


def _not_in_excel(source: str | None) -> list[str]:
    """The tables of `source` a workbook cannot hold yet (README, "Which command takes which scenario")."""
    from optimizer.io import read_scenario_data

    data = read_scenario_data(source)[0] if source else {}
    return [table for table in ("horizon", "uncertainty") if table in data]


def _init_villages(region: str, output: str | None, source: str | None, force: bool) -> None:
    from optimizer.areas.village_template import budgets_path, columns_from_scenario, village_template

    if output is None or Path(output).suffix.lower() != ".csv":
        raise InputError("--villages writes a CSV file: add --output FILE.csv")
    _check_output_folder(output)
    groups, sources = columns_from_scenario(source)
    template = village_template(region, groups, sources)
    files = [(output, template.villages)]
    if template.budgets is not None:
        files.append((budgets_path(output), template.budgets))
    for path, _ in files:
        if Path(path).exists() and not force:
            raise InputError(f"{path}: file exists; choose another name or add --force")
    for path, data in files:
        write_output(path, data)
        click.echo(f"wrote {path}", err=True)
    r = template.region
    click.echo(f"{template.rows:,} villages of {r.name}{f' ({r.code})' if r.code else ''}; fill in the "
               f"empty columns: {', '.join([*groups, *sources])}", err=True)  # fmt: skip


for _command in PLAN_COMMANDS:
    main.add_command(_command)


def _register_app_command() -> None:
    # The planner app (optimizer/app/): its web libraries are imported only when `app` runs.
    from optimizer.app.command import app_command

    main.add_command(app_command)


_register_app_command()
