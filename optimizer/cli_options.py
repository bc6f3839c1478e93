"""Click options shared by several commands (kept apart from cli.py to avoid import cycles)."""

from __future__ import annotations

from pathlib import Path

import click

from optimizer import i18n
from optimizer.checks import MAX_WORKERS
from optimizer.scenario import Metric, Objective
from optimizer.solve import DEFAULT_SOLVER, SOLVER_NAMES


def lang_option(what: str = "tables"):
    """--lang: the language of what a planner reads; JSON and CSV always stay English."""
    return click.option(
        "--lang",
        type=click.Choice(list(i18n.LANGS)),
        envvar=i18n.LANG_ENV,
        show_envvar=True,
        default=i18n.DEFAULT_LANG,
        show_default=True,
        help=f"Language of {what}: en (English) or id (Bahasa Indonesia, Rp 1.234.567 and 52,00%). "
        "JSON and CSV are always English.",
    )


# One definition of each option several commands share: the same name means the same
# thing on every command (the help text may say what it applies to).
def objective_option(
    help_text: str = "max-coverage: cover the most with the budgets; min-cost: reach "
    "the target at the lowest cost. Default: as in the scenario file.",
):
    return click.option("--objective", type=click.Choice([o.value for o in Objective]), help=help_text)


def metric_option(
    help_text: str = "How a covered person counts: persons, person-months, or "
    "branch-credit (BPJS branch: under 6 months counts months/6, CSR-paid under 6 counts 0).",
):
    return click.option("--metric", type=click.Choice([m.value for m in Metric]), help=help_text)


SOLVER_HELP = (
    "Solver; highs and cbc come with the install. highs is much faster on large files: "
    "give cbc a --time-limit there."
)


def solver_option(help_text: str = SOLVER_HELP):
    return click.option(
        "--solver",
        type=click.Choice(list(SOLVER_NAMES)),
        default=DEFAULT_SOLVER,
        show_default=True,
        help=help_text,
    )


def time_limit_option(
    help_text: str = "Seconds per solve [default: 300; the spending-order tie-break: 1,000 nodes, "
    "30 s at most, not tried on very large files]; a plan "
    "cut short is labelled not proven optimal.",
):
    return click.option("--time-limit", type=click.FloatRange(min=0.1), default=None, help=help_text)


def workers_option(what: str = "Local processes"):
    """--workers: how many processes may solve side by side; never changes an answer."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        default=None,
        help=f"{what} (default: every core; 1 on a shared server keeps to one). Results do not depend on it.",
    )


def format_from_extension(output: str | None, formats) -> str:
    """The output format named by --output's extension when it is one of `formats`, else table."""
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in formats else "table"


#: Why --baseline is refused for a village-level file (one line, see README).
NO_VILLAGE_BASELINE = (
    "--baseline is for one-region plans: a village-level plan is solved per village and cannot "
    "yet stay close to a previous plan; leave --baseline out"
)


def baseline_option():
    return click.option(
        "--baseline",
        metavar="PLAN.json",
        type=click.Path(dir_okay=False),
        default=None,
        help="A previous plan (written by solve --format json) to stay close to: among the equally "
        "good plans, take the one that moves the fewest persons from the source and group that paid "
        "for them before, and list what moved. Same as [optimize] baseline in the scenario file.",
    )


def parse_targets(raw: str | None, input_error) -> tuple[float, ...]:
    """--targets 40,45,50: target rates in percent (frontier and report)."""
    if not raw:
        return ()
    try:
        rates = tuple(float(x) for x in raw.split(","))
    except ValueError:
        raise input_error(
            f"--targets {raw!r}: write percentages separated by commas, like 40,45,50,52"
        ) from None
    if any(not 0 < r <= 100 for r in rates):
        raise input_error(f"--targets {raw!r}: each target must be a percentage above 0 and at most 100")
    return rates
