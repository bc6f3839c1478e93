"""Charts for the HTML report, as inline SVG text (no files, no network, same bytes every run).

The allocation chart is drawn here by hand (stacked bars: a handful of rectangles);
the frontier chart reuses `optimizer.analysis.frontier_plot` (matplotlib) and
inlines its SVG.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from optimizer import i18n
from optimizer.analysis.frontier import Frontier

#: Colour-blind friendly palette (Okabe-Ito), one colour per source in file order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

WIDTH, LABEL_W, RIGHT_W, BAR_H, GAP = 720, 150, 90, 22, 10


def allocation_svg(allocations: pd.DataFrame, sources: list[str], groups: list[str], lang: i18n.Lang) -> str:
    """Horizontal stacked bars: one bar per group, one segment per source, persons on the axis."""
    persons = {(a.source, a.group): int(a.persons) for a in allocations.itertuples()}
    totals = {g: sum(persons.get((s, g), 0) for s in sources) for g in groups}
    top = max(totals.values(), default=0) or 1
    plot_w = WIDTH - LABEL_W - RIGHT_W
    legend_y = 10 + len(groups) * (BAR_H + GAP) + 10
    height = legend_y + 24 * ((len(sources) + 3) // 4) + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">'
    ]
    for i, g in enumerate(groups):
        y = 10 + i * (BAR_H + GAP)
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_short(g))}</text>"
        )
        x = float(LABEL_W)
        for k, s in enumerate(sources):
            n = persons.get((s, g), 0)
            if n <= 0:
                continue
            w = plot_w * n / top
            out.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{BAR_H}" fill="{_colour(k)}">'
                f"<title>{escape(s)} / {escape(g)}: {i18n.number(n, lang)}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.2f}" y="{y + BAR_H / 2 + 4:.1f}">{i18n.number(totals[g], lang)}</text>')
    out.append(
        f'<line x1="{LABEL_W}" y1="4" x2="{LABEL_W}" y2="{legend_y - 8}" stroke="#555" stroke-width="1"/>'
    )
    for k, s in enumerate(sources):
        lx = 10 + (k % 4) * (WIDTH - 20) / 4
        ly = legend_y + 24 * (k // 4)
        out.append(f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" fill="{_colour(k)}"/>')
        out.append(f'<text x="{lx + 20:.1f}" y="{ly + 12}">{escape(_short(s))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def frontier_svg(f: Frontier, lang: i18n.Lang) -> str:
    """The frontier chart of `frontier_plot`, as SVG text ready to sit inside the HTML body."""
    from optimizer.analysis.frontier_plot import render_plot

    svg = render_plot(f, "svg", lang).decode("utf-8")
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # RDF with links, not needed
    # Drop the fixed size so CSS can fit the chart to the page; the viewBox keeps its shape.
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1).strip()


def _colour(k: int) -> str:
    return PALETTE[k % len(PALETTE)]


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
