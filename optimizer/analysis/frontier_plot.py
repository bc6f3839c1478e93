"""The frontier as a chart (PNG or SVG) a planner can paste into a proposal.

Needs matplotlib (`pip install "ucj-optimizer[plot]"`). Output is byte-identical for
the same input: the Agg backend, a fixed SVG hash salt and no creation date.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from optimizer import i18n
from optimizer.analysis.frontier import Frontier
from optimizer.catalogue import Words
from optimizer.diagnose import top_up_sources
from optimizer.errors import ScenarioError

PLOT_FORMATS = ("png", "svg")

#: The chart's words (Indonesian in the one catalogue).
WORDS = Words(
    {
        "lp": "LP relaxation",
        "integer": "optimal plan (whole persons)",
        "today": "today's budget",
        "target": "target",
        "target_cost": "target at least cost (x: money spent, extra only to {sources})",
        "budget_of": "budget of {source}",
        "all_sources": "premium money available, every source scaled together",
        "rp_billion": "(Rp billion)",
        "y_axis": "UCJ coverage reached, % ({metric})",
        "title": "{name} {year}: coverage for the budget",
    }
)


def render_plot(f: Frontier, fmt: str, lang: str = "en") -> bytes:
    """The chart as PNG or SVG bytes: integer points, the LP curve, the target and its costs (in `lang`)."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    tr = _translator(lang)
    with matplotlib.rc_context({"svg.hashsalt": "ucj-optimizer", "svg.fonttype": "path"}):
        fig = Figure(figsize=(8, 5), dpi=100)
        ax = fig.add_subplot()
        _plot_curves(ax, f, tr)
        _plot_target_costs(ax, f, tr, lang)
        _label_axes(ax, f, tr, lang)
        ax.grid(True, color="0.9")
        ax.legend(loc="lower right", fontsize=8)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _matplotlib():
    """matplotlib on the Agg backend (no display needed), or a `ScenarioError` saying how to get it."""
    try:
        import matplotlib
    except ImportError:
        raise ScenarioError('plots need matplotlib: pip install "ucj-optimizer[plot]"') from None
    matplotlib.use("Agg")
    return matplotlib


def _translator(lang: str) -> Callable[..., str]:
    """`tr(key, **values)`: the chart's word `key` in `lang`, with `values` filled in."""

    def tr(key: str, **values: object) -> str:
        return WORDS.text(key, lang).format(**values)

    return tr


def _plot_curves(ax, f: Frontier, tr: Callable[..., str]) -> None:
    """The LP curve, the integer points, today's budget and the target line."""
    r = f.scenario.region
    solved = [p for p in f.points if p.value is not None]
    # The LP value is the weighted metric: a coverage rate only when every weight is 1.
    unweighted = all(g.weight == 1 for g in f.scenario.groups)
    lp = [p for p in f.points if p.lp_value is not None and unweighted]
    rate = _rate(f)
    ax.plot(
        [p.level / 1e9 for p in lp],
        [rate(p.lp_value) for p in lp],
        "-",
        color="0.6",
        label=tr("lp"),
    )
    ax.plot(
        [p.level / 1e9 for p in solved],
        [100 * p.credited_rate for p in solved],
        "o",
        color="tab:blue",
        label=tr("integer"),
    )
    ax.axvline(f.today / 1e9, color="0.3", linestyle=":", label=tr("today"))
    ax.axhline(100 * r.target / r.workforce, color="tab:red", linestyle="--", label=tr("target"))


def _plot_target_costs(ax, f: Frontier, tr: Callable[..., str], lang: str) -> None:
    """Each reachable target at its least cost, labelled with its rate."""
    reached = [t for t in f.targets if t.reachable]
    if not reached:
        return
    # Not on the curve: the curve scales every source, a target adds money to the top-up
    # sources only, and its x is the money spent, not the money available.
    names = ", ".join(s.id for s in top_up_sources(f.scenario))
    ax.plot(
        [t.cost / 1e9 for t in reached],
        [t.target_rate for t in reached],
        "s",
        color="tab:red",
        label=tr("target_cost", sources=names),
    )
    for t in reached:
        text = f"{t.target_rate:g}%"
        ax.annotate(
            text.replace(".", ",") if lang == "id" else text,
            (t.cost / 1e9, t.target_rate),
            textcoords="offset points",
            xytext=(6, -10),
            fontsize=8,
            color="tab:red",
        )


def _label_axes(ax, f: Frontier, tr: Callable[..., str], lang: str) -> None:
    """Axis labels and title in `lang`; Indonesian axes get a decimal comma."""
    r = f.scenario.region
    swept = tr("budget_of", source=f.source) if f.source else tr("all_sources")
    ax.set_xlabel(f"{swept} {tr('rp_billion')}")
    metric = i18n.t(f.metric.value, "id") if lang == "id" else f.metric.value
    ax.set_ylabel(tr("y_axis", metric=metric))
    ax.set_title(tr("title", name=r.name, year=r.year))
    if lang == "id":
        _decimal_comma(ax)


def _decimal_comma(ax) -> None:
    """Tick labels with a decimal comma (Indonesian)."""
    from matplotlib.ticker import FuncFormatter

    comma = FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ","))
    ax.xaxis.set_major_formatter(comma)
    ax.yaxis.set_major_formatter(comma)


def _rate(f: Frontier):
    """LP values (weighted metric) as a coverage % under the metric; exact when weights are 1."""
    r = f.scenario.region
    per_unit = 1 / 12 if f.metric.value == "person-months" else 1.0
    return lambda value: 100 * (r.active + value * per_unit) / r.workforce
