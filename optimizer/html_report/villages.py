"""The village part of the HTML report: coverage per kecamatan, and every village sorted by coverage.

Fed by the area plan's JSON dict (`optimizer.areas.report.area_to_dict`), so any
command holding that dict can add the section. The `report` command (html_report/command.py) is what the
`report` command runs for a scenario with `[areas]`: the usual report of the
aggregate plan (summary, allocation, sources, assumptions) plus this section; the
frontier and marginal values are re-solves of the aggregate scenario and would
ignore the village budgets, so they are left out with a note.
"""

from __future__ import annotations

from html import escape

from optimizer import i18n
from optimizer.catalogue import Words
from optimizer.i18n import Lang

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 48, 34, 12
#: Most bars drawn; a larger file is drawn at this many evenly spaced ranks.
MAX_BARS = 600
#: Most kecamatan rows; a larger plan shows those with the lowest coverage.
MAX_DISTRICTS = 80
WORDS = Words(
    {
        "title": "Villages (desa/kelurahan)",
        "intro": (
            "{villages} villages in {districts} kecamatan; {covered} of {uncovered} uncovered persons "
            "covered."
        ),
        "by_district": "Coverage per kecamatan",
        "lowest": "The {shown} kecamatan with the lowest coverage of {total}; all are in the JSON plan.",
        "district": "Kecamatan",
        "code": "Code",
        "n_villages": "Villages",
        "uncovered": "Uncovered",
        "covered": "Covered",
        "share": "Coverage",
        "cost": "Cost",
        "chart": "Villages sorted by coverage",
        "axis": "villages, lowest coverage first",
        "chart_note": (
            "Each bar is one village: the share of its uncovered persons the plan covers. {zero} "
            "villages get nothing, {full} are covered in full; {empty} with nobody uncovered are left "
            "out."
        ),
        "left_out": (
            "Frontier and marginal values are not computed for village-level plans yet: they would "
            "re-solve without the village budgets."
        ),
    }
)


def word(key: str, lang: Lang, **values: object) -> str:
    text = WORDS.text(key, lang)
    return text.format(**values) if values else text


def village_section(doc: dict, lang: Lang) -> str:
    """`<section id="villages">`: the per-kecamatan table and the sorted-coverage chart."""
    areas = doc["areas"]
    villages = areas.get("village_coverage") or []
    districts = areas["districts"]
    num = lambda n: i18n.number(n, lang)  # noqa: E731
    counted = [v for v in villages if v["uncovered"] > 0]  # a village with nobody uncovered has no share
    uncovered = sum(v["uncovered"] for v in villages)
    covered = sum(v["covered"] for v in villages)
    intro = word("intro", lang, villages=num(len(villages)), districts=num(len(districts)),
                 covered=num(covered), uncovered=num(uncovered))  # fmt: skip
    parts = [
        f'<section id="villages" class="page">\n<h2>{escape(word("title", lang))}</h2>',
        f"<p>{escape(intro)}</p>",
        f"<h3>{escape(word('by_district', lang))}</h3>",
        _district_table(districts, villages, lang),
        f"<h3>{escape(word('chart', lang))}</h3>",
        f'<figure class="chart">{coverage_svg([v["covered_share"] for v in counted], lang)}</figure>',
    ]
    zero = sum(1 for v in counted if v["covered"] == 0)
    full = sum(1 for v in counted if v["covered"] >= v["uncovered"])
    note = word("chart_note", lang, zero=num(zero), full=num(full), empty=num(len(villages) - len(counted)))
    parts.append(f'<p class="note">{escape(note)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _district_table(districts: list[dict], villages: list[dict], lang: Lang) -> str:
    count: dict[tuple[str, str], int] = {}
    for v in villages:
        key = (v["regency_code"], v["district_code"])
        count[key] = count.get(key, 0) + 1
    rows = sorted(districts, key=lambda d: (d["regency_code"], d["district_code"]))
    note = ""
    if len(rows) > MAX_DISTRICTS:
        note = f'<p class="note">{escape(word("lowest", lang, shown=MAX_DISTRICTS, total=len(rows)))}</p>'
        rows = sorted(rows, key=lambda d: (d["covered_share"], d["regency_code"], d["district_code"]))
        rows = rows[:MAX_DISTRICTS]
    head = "".join(
        f"<th>{escape(word(k, lang))}</th>"
        for k in ("district", "code", "n_villages", "uncovered", "covered", "share", "cost")
    )
    body = []
    for d in rows:
        n = count.get((d["regency_code"], d["district_code"]), 0)
        cells = [
            f"<td>{escape(d.get('district_name') or '-')}</td>",
            f"<td>{escape(str(d['district_code']))}</td>",
            *(f'<td class="num">{escape(x)}</td>' for x in _numbers((n, d["uncovered"], d["covered"]), lang)),
            f'<td class="num">{escape(i18n.percent(d["covered_share"], lang))}</td>',
            f'<td class="num">{escape(i18n.rupiah(d["cost"], lang))}</td>',
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"{note}<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>"


def _numbers(values, lang: Lang) -> list[str]:
    return [i18n.number(v, lang) for v in values]


def coverage_svg(shares: list[float], lang: Lang) -> str:
    """One bar per village, sorted by coverage share (0..1); evenly spaced ranks above MAX_BARS."""
    ordered = sorted(shares)
    n = len(ordered)
    if n > MAX_BARS:
        ordered = [ordered[round(i * (n - 1) / (MAX_BARS - 1))] for i in range(MAX_BARS)]
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - TOP - BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f"<title>{escape(word('chart', lang))}</title>",
    ]
    for pct in (0, 50, 100):
        y = TOP + plot_h * (1 - pct / 100)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#ccc"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>')
    width = plot_w / max(1, len(ordered))
    for i, share in enumerate(ordered):
        h = plot_h * min(1.0, max(0.0, share))
        out.append(
            f'<rect x="{LEFT + i * width:.2f}" y="{TOP + plot_h - h:.2f}" width="{max(width, 0.5):.2f}" '
            f'height="{h:.2f}" fill="#0072B2"/>'
        )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
        f"{escape(word('axis', lang))} ({escape(i18n.number(n, lang))})</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def render_area_report(plan, lang: Lang) -> str:
    """The HTML report of a village plan (`Plan.areas` set): the usual sections plus the village section."""
    from optimizer.areas.report import area_to_dict
    from optimizer.html_report.sections import render_report

    html = render_report(plan, None, None, lang, word("left_out", lang))
    section = village_section(area_to_dict(plan), lang)
    anchor = '<section id="sources"'
    at = html.find(anchor) if anchor in html else html.find("<footer>")
    return html[:at] + section + "\n" + html[at:]
