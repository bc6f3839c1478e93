"""The `compare` and `frontier` commands, and the marginal-value part of `solve`'s output.

Kept beside the analysis modules so `optimizer/cli.py` only registers them. Like the
rest of the CLI: parse options, call the library, write text; no arithmetic here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from optimizer import i18n
from optimizer.analysis import compare as compare_mod
from optimizer.analysis import frontier_output, ties, whynot_text
from optimizer.analysis.frontier import DEFAULT_STEPS, budget_frontier
from optimizer.analysis.marginal import MarginalValues, render_section, to_dict
from optimizer.analysis.ties import equally_good
from optimizer.analysis.whynot import why_not
from optimizer.cli_errors import InputError
from optimizer.cli_options import (
    lang_option,
    metric_option,
    objective_option,
    parse_targets,
    solver_option,
    time_limit_option,
    workers_option,
)
from optimizer.errors import ScenarioError
from optimizer.io.variants import pick_variant
from optimizer.io.writers import write_output
from optimizer.optimize import Outcome
from optimizer.report import plan_to_dict, render_csv, render_table
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective


def with_marginal(
    plan: Plan, fmt: str, compute: Callable[[Plan], MarginalValues | None] | None, lang: str = "en"
) -> str:
    """`solve` output: the plan's table or JSON with the marginal values added (CSV unchanged)."""
    if fmt == "csv":
        return render_csv(plan)
    marginal = compute(plan) if compute else None
    reasons = why_not(plan) if compute else ()
    others = equally_good(plan) if compute else None
    if fmt == "json":
        doc = plan_to_dict(plan)
        doc["marginal_values"] = to_dict(marginal)
        doc["why_not"] = whynot_text.to_dicts(reasons) if compute else None
        doc["equally_good"] = ties.to_dict(others)
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    more = render_section(marginal, lang) + whynot_text.render_section(reasons, plan.scenario, lang)
    more += ties.render_section(others, plan, lang)
    return render_table(plan, lang) + (more if compute else "")


#: --lang for compare and frontier tables (same option as solve's; JSON and CSV stay English).
LANG_OPTION = lang_option("the table")


def file_labels(paths: tuple[str, ...]) -> list[str]:
    """Column labels of compared files: "base" for one file, else each file's name without its
    extension, or the path as given where two files share a name (a/plan.toml, b/plan.toml)."""
    if len(paths) == 1:
        return ["base"]
    stems = [Path(p).stem for p in paths]
    return [stem if stems.count(stem) == 1 else str(p) for stem, p in zip(stems, paths, strict=True)]


def register_analysis_commands(main: click.Group) -> None:
    @main.command()
    @click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=True))
    @click.option(
        "--variant", "variants", multiple=True, help="Compare only these named variants (repeatable)."
    )
    @objective_option("Override every file's.")
    @metric_option("Override every file's.")
    @solver_option()
    @time_limit_option(
        "Seconds per solve of each plan [default: 300; the spending-order tie-break: "
        "1,000 nodes, 30 s at most, not tried on very large files]; "
        "a plan cut short is labelled not proven optimal."
    )
    @click.option("--format", "fmt", type=click.Choice(list(compare_mod.RENDERERS)), default="table")
    @click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
    @LANG_OPTION
    def compare(scenarios, variants, objective, metric, solver, time_limit, fmt, output, lang) -> None:
        """Put scenarios side by side: first what differs in their inputs (budgets,
        groups, prices, targets, eligibility: old -> new), then what each plan
        reaches (coverage, cost, cost per newly covered person, persons by group and
        by source, target met or not). The first file is the base.

        With one file, its [[variant]]s are compared with the base; --variant picks.
        A village-level file ([areas]) is planned per village, exactly as solve plans
        it, against another village file, a file of group totals, or its own
        [[variant]]s (a budget change of village money is a percent of each pot).

        \b
        Examples:
          python -m optimizer compare scenarios/pati-2025.toml
          python -m optimizer compare scenarios/pati-2025.toml --variant "APBD +20%"
          python -m optimizer compare scenarios/trenggalek-2024.toml scenarios/trenggalek-2023-actual.toml
        """

        from optimizer.plan_file import load_plan_file

        not_proven, notes = [], []
        with_variants = len(scenarios) == 1 or bool(variants)

        def run() -> str:
            labelled = []
            for path, label in zip(scenarios, file_labels(scenarios), strict=True):
                loaded = load_plan_file(path, with_variants)  # one region, or per village as solve plans it
                labelled.append(loaded.candidate(label))
                found = loaded.variants
                chosen = [pick_variant(found, name, path) for name in variants] if variants else found
                if with_variants:
                    labelled += [loaded.variant_candidate(v) for v in chosen]
                notes.extend(loaded.notes(i18n.resolve_lang(lang)))
            if len(labelled) < 2:
                raise ScenarioError(
                    "nothing to compare: give two files, or a file with [[variant]] tables", file=scenarios[0]
                )
            c = compare_mod.compare(
                labelled,
                Objective(objective) if objective else None,
                Metric(metric) if metric else None,
                solver,
                time_limit,
            )
            not_proven.extend(e.label for e in c.entries if e.plan.outcome == Outcome.NOT_PROVEN)
            if fmt == "table":
                return compare_mod.render_table(c, i18n.resolve_lang(lang))
            return compare_mod.RENDERERS[fmt](c)

        text = run()
        for note in notes:  # as solve: warnings about a villages file, once the run has its plans
            click.echo(note, err=True)
        _emit(text, output)
        if not_proven:  # as solve: the comparison is written, but a plan in it is not proven
            sys.exit(3)

    @main.command()
    @click.argument("scenario", type=click.Path(dir_okay=True))
    @click.option("--source", help="Sweep this source's budget only (others as in the file).")
    @click.option("--up-to", type=click.IntRange(min=1), help="Highest premium budget in Rupiah [2x today].")
    @click.option("--steps", type=click.IntRange(min=2, max=201), default=DEFAULT_STEPS, show_default=True)
    @click.option("--targets", help="Target rates in percent, comma separated, e.g. 40,45,50,52.")
    @metric_option("How a covered person counts; default: the file's.")
    @solver_option()
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(list(frontier_output.RENDERERS)),
        default=None,
        help="table, json or csv; taken from --output's extension if omitted.",
    )
    @click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
    @click.option(
        "--plot",
        "plots",
        multiple=True,
        type=click.Path(dir_okay=False, writable=True),
        help="Also draw the curve to a .png or .svg file (repeatable).",
    )
    @workers_option("Processes that solve levels side by side")
    @LANG_OPTION
    def frontier(
        scenario, source, up_to, steps, targets, metric, solver, fmt, output, plots, workers, lang
    ) -> None:
        """Coverage reached at each budget level (max-coverage), from 0 to --up-to,
        scaling every source's budget together or only --source's; and the least
        cost of reaching each of --targets (the top-up sources, APBD by default, may
        receive extra money; the table says how much beyond today's budgets).

        Integer plans are proven optimal at each level listed; the LP relaxation
        curve is exact, with its breakpoints (where one more Rupiah starts buying
        less) found by parametric analysis and marked *. Between levels the integer
        curve is a step function under the LP curve.

        A village-level file ([areas]) is planned per village at each level, exactly
        as solve plans it, with every pot (village, regency, province) of the swept
        sources scaled by the same factor and rounded down to the Rupiah; its LP
        column is each level's own LP value where the fast path solved it (no
        breakpoints), and --targets is refused.

        \b
        Examples:
          python -m optimizer frontier scenarios/pati-2025.toml --targets 40,45,50,52
          python -m optimizer frontier scenarios/pati-2025.toml --source apbd --plot pati.svg
          python -m optimizer frontier scenarios/pati-2025-desa.toml --source apbdes
        """
        rates = parse_targets(targets, InputError)
        for path in plots:
            if Path(path).suffix.lower() not in (".png", ".svg"):
                raise InputError(f"{path}: --plot must end in .png or .svg")

        notes = []

        def run():
            from optimizer.plan_file import load_plan_file

            loaded = load_plan_file(scenario, with_variants=False)  # one region, or per village
            args = (Metric(metric) if metric else None, source, up_to, steps, rates, solver, workers)
            if loaded.area is None:
                f = budget_frontier(loaded.scenario, *args)
            else:
                from optimizer.areas.frontier import village_frontier

                f = village_frontier(loaded.area, *args)
                notes.extend(loaded.notes(i18n.resolve_lang(lang)))
            from optimizer.analysis.frontier_plot import render_plot

            language = i18n.resolve_lang(lang)
            pictures = [(path, render_plot(f, Path(path).suffix.lower()[1:], language)) for path in plots]
            kind = fmt or (Path(output).suffix.lower()[1:] if output else "table")
            if kind in ("json", "csv"):
                text = frontier_output.RENDERERS[kind](f)
            else:
                text = frontier_output.render_table(f, language)
            return text, pictures

        text, pictures = run()
        for note in notes:  # as solve: warnings about a villages file, once the levels are solved
            click.echo(note, err=True)
        for path, data in pictures:
            write_output(path, data)
            click.echo(f"wrote {path}", err=True)
        _emit(text, output)


def _emit(text: str, output: str | None) -> None:
    if output:
        write_output(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
