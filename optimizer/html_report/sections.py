"""One self-contained HTML file a planner can print to PDF and attach to a budget proposal.

The numbers are taken from `plan_to_dict` (the JSON of `solve`), so the report and
the JSON cannot disagree; key cells carry `data-key` (the JSON path) and
`data-value` (the JSON value) so tests and other programs can check them. No
dates or timings are written: the same scenario gives the same bytes.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from optimizer import i18n
from optimizer.analysis.frontier import Frontier
from optimizer.analysis.marginal import MarginalValues, section_lines
from optimizer.analysis.moves import moves_title
from optimizer.analysis.ties import EquallyGood
from optimizer.analysis.whynot import WhyNot
from optimizer.errors import ScenarioError
from optimizer.html_report.charts import allocation_svg, frontier_svg
from optimizer.html_report.summary import SUMMARY_CSS, audit_section, summary_section
from optimizer.html_report.template import CSS, PAGE, label
from optimizer.html_report.whynot import whynot_section
from optimizer.i18n import Lang
from optimizer.messages import say, text
from optimizer.report import plan_to_dict
from optimizer.result import Plan
from optimizer.scenario import Scenario
from optimizer.summary import build_summary

#: At most this many targets are costed by default (the last ones below the scenario's target).
DEFAULT_TARGET_COUNT = 4


def standard_targets(s: Scenario) -> tuple[float, ...]:
    """Round 5-point UCJ rates between today's and the scenario's target, then the target itself.

    Pati 2025 (29% today, target 52%) gives 40, 45, 50, 52.
    """
    r = s.region
    target = round(100 * r.target / r.workforce, 2)
    today = 100 * r.active / r.workforce
    steps = [float(x) for x in range(5 * (math.floor(today / 5) + 1), math.ceil(target), 5) if x < target]
    return tuple([*steps, target][-DEFAULT_TARGET_COUNT:]) if target > today else ()


def render_report(
    plan: Plan,
    marginal: MarginalValues | None,
    frontier: Frontier | None,
    lang: Lang = "en",
    frontier_note: str = "",
    why: tuple[WhyNot, ...] | None = None,
    others: EquallyGood | None = None,
) -> str:
    """The whole HTML document for `plan` in `lang` (`why`: the why-not lines, `others`: the
    equally good plan, if computed)."""
    doc = plan_to_dict(plan)
    r = plan.scenario.region
    body = [
        summary_section(build_summary(plan, lang, frontier, why)),
        _summary(doc, plan, lang),
        _allocation(doc, lang),
        _sources_groups(doc, lang),
        _baseline(doc, lang),
        _frontier(frontier, lang, frontier_note),
        _marginal_and_limits(plan, marginal, lang),
        whynot_section(why, plan.scenario, lang),
        _equally_good(others, plan, lang),
        _assumptions(plan, lang),
        audit_section(doc, lang),
    ]
    subtitle = label(
        "subtitle",
        lang,
        region=r.name,
        year=r.year,
        objective=i18n.t(plan.objective.value, lang),
        metric=i18n.t(plan.metric.value, lang),
    )
    return PAGE.substitute(
        lang=lang,
        title=escape(f"{label('title', lang)}: {r.name} {r.year}"),
        subtitle=escape(subtitle),
        css=CSS + SUMMARY_CSS,
        body="\n".join(body),
        footer=escape(label("footer", lang, path=Path(plan.scenario.path).name or "-")),
    )


# ---------------------------------------------------------------- cells


def _fmt(value: Any, kind: str, lang: Lang) -> str:
    if value is None:
        return "-"
    if kind == "rp":
        return i18n.rupiah(value, lang)
    if kind == "pct":
        return i18n.percent(value, lang)
    if kind == "gap":
        return i18n.gap_percent(value, lang)
    if kind == "num":
        return i18n.number(value, lang, 0 if float(value).is_integer() else 2)
    return escape(str(value))


def _td(value: Any, kind: str, lang: Lang, key: str | None = None) -> str:
    """A table cell; numbers right-aligned, with data-key/data-value when `key` is given."""
    attrs = ' class="num"' if kind in ("rp", "pct", "num", "gap") else ""
    if key is not None:
        data = "" if value is None else (str(value).lower() if isinstance(value, bool) else repr(value))
        attrs += f' data-key="{escape(key)}" data-value="{escape(data)}"'
    return f"<td{attrs}>{_fmt(value, kind, lang)}</td>"


def _table(headers: list[str], rows: list[str], numeric_from: int = 1, css: str = "") -> str:
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i >= numeric_from else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _kv(rows: list[tuple[str, str]]) -> str:
    body = "\n".join(f"<tr><th>{escape(k)}</th>{cell}</tr>" for k, cell in rows)
    return f'<table class="kv"><tbody>\n{body}\n</tbody></table>'


def _list(items: list[str], lang: Lang) -> str:
    if not items:
        return f'<p class="note">{escape(label("none", lang))}</p>'
    return "<ul>\n" + "\n".join(f"<li>{escape(x)}</li>" for x in items) + "\n</ul>"


# ---------------------------------------------------------------- sections


def _summary(doc: dict, plan: Plan, lang: Lang) -> str:
    c = doc["coverage"]
    met = c["target_met"]
    status = i18n.t(doc["status"], lang)
    cards = [
        (
            label("coverage", lang),
            f"{i18n.percent(c['rate_before'], lang)} → {i18n.percent(c['rate_after'], lang)}",
        ),
        (label("new_persons", lang), i18n.number(c["new_persons"], lang)),
        (label("total_cost", lang), i18n.rupiah(doc["total_cost"], lang)),
        (label("status", lang), status),
    ]
    card_html = "".join(
        f'<div class="card"><div class="label">{escape(k)}</div><div class="value">{escape(v)}</div></div>'
        for k, v in cards
    )
    yes_no = i18n.t("yes" if met else "no", lang)
    rows = [
        (label("workforce", lang), _td(c["workforce"], "num", lang, "coverage.workforce")),
        (label("active_before", lang), _td(c["active_before"], "num", lang, "coverage.active_before")),
        (label("active_after", lang), _td(c["active_after"], "num", lang, "coverage.active_after")),
        (label("new_persons", lang), _td(c["new_persons"], "num", lang, "coverage.new_persons")),
        (label("rate_before", lang), _td(c["rate_before"], "pct", lang, "coverage.rate_before")),
        (label("rate_after", lang), _td(c["rate_after"], "pct", lang, "coverage.rate_after")),
        (label("target_rate", lang), _td(c["target_rate"], "pct", lang, "coverage.target_rate")),
        (
            label("target_participants", lang),
            _td(c["target_participants"], "num", lang, "coverage.target_participants"),
        ),
        (
            label("target_met", lang),
            f'<td class="{"ok" if met else "bad"}" data-key="coverage.target_met" '
            f'data-value="{str(met).lower()}">{escape(yes_no)}</td>',
        ),
        (label("total_cost", lang), _td(doc["total_cost"], "rp", lang, "total_cost")),
        (
            label("status", lang),
            f'<td data-key="status" data-value="{escape(doc["status"])}">{escape(status)}</td>',
        ),
        (label("gap", lang), _td(doc["solver"]["gap"], "gap", lang, "solver.gap")),
    ]
    for key in ("shortfall", "floor_shortfall"):
        gap = doc[key]
        if gap is None:
            continue
        rows.append(
            (
                f"{label(key, lang)}: {label('missing', lang)}",
                _td(gap["missing"], "num", lang, f"{key}.missing"),
            )
        )
        for i, e in enumerate(gap["extra_budget"]):
            rows.append(
                (
                    f"{label('extra', lang)} ({e['source']})",
                    _td(e["rupiah"], "rp", lang, f"{key}.extra_budget.{i}.rupiah"),
                )
            )
    title = escape(label("summary", lang))
    cards_div = f'<div class="cards">{card_html}</div>'
    return f'<section id="summary" class="page">\n<h2>{title}</h2>\n{cards_div}\n{_kv(rows)}\n</section>'


def _allocation(doc: dict, lang: Lang) -> str:
    sources = [s["source"] for s in doc["sources"]]
    groups = [g["group"] for g in doc["groups"]]
    parts = [f'<section id="allocation" class="page">\n<h2>{escape(label("allocation", lang))}</h2>']
    frame = pd.DataFrame(doc["allocations"], columns=["source", "group", "persons"])
    parts.append(
        f"<figure>{allocation_svg(frame, sources, groups, lang)}"
        f"<figcaption>{escape(label('alloc_chart', lang))}</figcaption></figure>"
    )
    for title, field, kind in (("persons_matrix", "persons", "num"), ("rupiah_matrix", "cost", "rp")):
        cells: dict[tuple[str, str], int] = {}
        for a in doc["allocations"]:  # monthly plans have one row per run: add them up
            cells[a["source"], a["group"]] = cells.get((a["source"], a["group"]), 0) + a[field]
        rows = []
        for sid in sources:
            values = [cells.get((sid, gid), 0) for gid in groups]
            tds = "".join(
                _td(v, kind, lang, f"matrix.{field}.{sid}.{gid}")
                for v, gid in zip(values, groups, strict=True)
            )
            rows.append(f"<tr><td>{escape(sid)}</td>{tds}{_td(sum(values), kind, lang)}</tr>")
        totals = [sum(cells.get((sid, gid), 0) for sid in sources) for gid in groups]
        tds = "".join(_td(v, kind, lang) for v in totals)
        rows.append(
            f'<tr class="total"><td>{escape(label("total", lang))}</td>'
            f"{tds}{_td(sum(totals), kind, lang)}</tr>"
        )
        parts.append(f"<h3>{escape(label(title, lang))}</h3>")
        parts.append(_table([label("source", lang), *groups, label("total", lang)], rows))
    rows = [
        "<tr>"
        + _td(a["source"], "text", lang)
        + _td(a["group"], "text", lang)
        + "".join(
            _td(a[f], kind, lang, f"allocations.{i}.{f}")
            for f, kind in (("persons", "num"), ("months", "num"), ("monthly_price", "rp"), ("cost", "rp"))
        )
        + "</tr>"
        for i, a in enumerate(doc["allocations"])
    ]
    headers = [label(k, lang) for k in ("source", "group", "persons", "months", "monthly_price", "cost")]
    parts.append(f"<h3>{escape(label('alloc_list', lang))}</h3>")
    parts.append(_table(headers, rows, numeric_from=2))
    return "\n".join(parts) + "\n</section>"


def _sources_groups(doc: dict, lang: Lang) -> str:
    rows = [
        "<tr>"
        + _td(s["source"], "text", lang)
        + _td(s["name"], "text", lang)
        + _td(s["kind"], "text", lang)
        + "".join(
            _td(s[f], "rp", lang, f"sources.{i}.{f}") for f in ("budget", "premium_budget", "used", "left")
        )
        + "</tr>"
        for i, s in enumerate(doc["sources"])
    ]
    headers = [label(k, lang) for k in ("source", "name", "kind", "budget", "premium_budget", "used", "left")]
    parts = [f'<section id="sources">\n<h2>{escape(label("sources", lang))}</h2>', _table(headers, rows, 3)]
    rows = [
        "<tr>"
        + _td(g["group"], "text", lang)
        + _td(g["name"], "text", lang)
        + "".join(_td(g[f], "num", lang, f"groups.{i}.{f}") for f in ("uncovered", "floor", "cap", "covered"))
        + _td(g["uncovered"] - g["covered"], "num", lang)
        + "</tr>"
        for i, g in enumerate(doc["groups"])
    ]
    headers = [
        label(k, lang) for k in ("group", "name", "uncovered", "floor", "cap", "covered", "still_uncovered")
    ]
    parts += [f"<h2>{escape(label('groups', lang))}</h2>", _table(headers, rows, 2)]
    return "\n".join(parts) + "\n</section>"


def _baseline(doc: dict, lang: Lang) -> str:
    """What moved from the previous plan (only for a plan made with --baseline)."""
    b = doc.get("baseline")
    if b is None:
        return ""
    title = moves_title(b["file"], b["persons_taken"], b["persons_added"], lang)
    rows = [
        "<tr>"
        + "".join(_td(m[f], "text", lang) for f in ("source", "group"))
        + "".join(_td(m[f], "num", lang) for f in ("before", "after", "change"))
        + "</tr>"
        for m in b["moves"]
    ]
    parts = [f'<section id="baseline">\n<h2>{escape(title)}</h2>']
    if rows:
        headers = [i18n.t(k, lang) for k in ("source", "group", "before", "after", "change")]
        parts.append(_table(headers, rows, 2))
    changed = [
        f"{i18n.t(c['what'], lang)} {c['id']}: {_was(c, 'before', lang)} -> {_was(c, 'after', lang)}"
        for c in b["changed"]
    ]
    if changed:
        parts += [f"<h3>{escape(i18n.t('baseline.changed', lang))}</h3>", _list(changed, lang)]
    return "\n".join(parts) + "\n</section>"


def _equally_good(found: EquallyGood | None, plan: Plan, lang: Lang) -> str:
    """Whether another plan is just as good, and how it splits the money (with the why-not lines)."""
    if found is None:
        return ""
    if not found.moves:
        none = escape(i18n.t("ties.none", lang))
        return f'<section id="equally-good">\n<p class="note">{none}</p>\n</section>'
    also = i18n.t("ties.also", lang) if plan.scenario.baseline is not None else ""
    rows = [
        "<tr>"
        + "".join(_td(v, "text", lang) for v in (m.source, m.group))
        + "".join(_td(v, "num", lang) for v in (m.before, m.after))
        + "</tr>"
        for m in found.moves
    ]
    headers = [i18n.t(k, lang) for k in ("source", "group", "this plan", "other plan")]
    title = escape(i18n.t("ties.found", lang, also=also))
    return f'<section id="equally-good">\n<p>{title}</p>\n{_table(headers, rows, 2)}\n</section>'


def _was(change: dict, side: str, lang: Lang) -> str:
    value = change[side]
    if value is None:
        return i18n.t("(new)" if side == "before" else "(removed)", lang)
    return i18n.rupiah(value, lang) if change["what"] == "budget" else i18n.number(value, lang)


def _frontier(f: Frontier | None, lang: Lang, note: str) -> str:
    parts = [f'<section id="frontier" class="page">\n<h2>{escape(label("frontier", lang))}</h2>']
    if f is None:
        parts.append(f'<p class="note">{escape(label("frontier_missing", lang, reason=note))}</p>')
        return "\n".join(parts) + "\n</section>"
    try:
        parts.append(f'<figure class="chart">{frontier_svg(f, lang)}</figure>')
    except ScenarioError as exc:  # matplotlib missing: the tables still say it all
        parts.append(f'<p class="note">{escape(label("frontier_missing", lang, reason=str(exc)))}</p>')
    parts.append(f'<p class="note">{escape(label("frontier_note", lang))}</p>')
    rows = []
    for i, p in enumerate(f.points):
        mark = {"breakpoint": " *", "today": " ←"}.get(p.kind, "")
        first = f'<td class="num">{_fmt(p.level, "rp", lang)}{mark}</td>'
        if p.value is None:
            rows.append(f'<tr>{first}<td colspan="3">{escape(label("floors_unaffordable", lang))}</td></tr>')
            continue
        rows.append(
            f"<tr>{first}{_td(p.new_persons, 'num', lang, f'frontier.points.{i}.new_persons')}"
            f"{_td(p.rate_after, 'pct', lang)}"
            f"{_td(p.total_cost, 'rp', lang, f'frontier.points.{i}.total_cost')}</tr>"
        )
    headers = [label(k, lang) for k in ("premium_money", "new_persons", "ucj_after", "cost")]
    parts.append(_table(headers, rows))
    if f.targets:
        rows = []
        for i, t in enumerate(f.targets):
            cost = (
                _td(t.cost, "rp", lang, f"frontier.targets.{i}.cost")
                if t.reachable
                else (f'<td class="num">{escape(label("not_reachable", lang))}</td>')
            )
            rows.append(
                f'<tr><td class="num">{i18n.number(t.target_rate, lang, 2)}%</td>'
                f"{_td(t.target_participants, 'num', lang)}{cost}"
                f"{_td(t.extra_budget, 'rp', lang, f'frontier.targets.{i}.extra_budget')}</tr>"
            )
        parts.append(f"<h3>{escape(label('targets', lang))}</h3>")
        parts.append(f'<p class="note">{escape(label("targets_note", lang))}</p>')
        headers = [label(k, lang) for k in ("target", "participants", "least_cost", "beyond")]
        parts.append(_table(headers, rows, 0))
    return "\n".join(parts) + "\n</section>"


def _marginal_and_limits(plan: Plan, m: MarginalValues | None, lang: Lang) -> str:
    parts = [f'<section id="marginal" class="page">\n<h2>{escape(label("marginal", lang))}</h2>']
    if m is None:
        parts.append(f'<p class="note">{escape(text("mv.none", lang))}</p>')
    else:
        title, *lines = section_lines(m, lang)
        parts += [f"<p>{escape(title)}</p>", _list([x.strip() for x in lines], lang)]
    parts.append(f"<h2>{escape(label('limits', lang))}</h2>")
    if plan.shortfall is None:  # otherwise the shortfall's reasons below repeat the binding limits
        parts += [
            f"<h3>{escape(label('binding', lang))}</h3>",
            _list([say(b, lang) for b in plan.binding], lang),
        ]
    for key, gap in (("shortfall", plan.shortfall), ("floor_shortfall", plan.floor_shortfall)):
        if gap is not None:
            parts += [
                f"<h3>{escape(label(key, lang))}</h3>",
                _list([say(x, lang) for x in gap.reasons], lang),
            ]
    parts += [
        f"<h3>{escape(label('warnings', lang))}</h3>",
        _list([say(w, lang) for w in plan.warnings], lang),
    ]
    return "\n".join(parts) + "\n</section>"


def _assumptions(plan: Plan, lang: Lang) -> str:
    items = list(plan.scenario.assumptions)
    body = _list(items, lang) if items else f'<p class="note">{escape(label("no_assumptions", lang))}</p>'
    return f'<section id="assumptions">\n<h2>{escape(label("assumptions", lang))}</h2>\n{body}\n</section>'
