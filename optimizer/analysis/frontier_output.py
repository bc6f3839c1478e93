"""The frontier as text for people (table) and programs (JSON, CSV). Deterministic."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from optimizer import i18n
from optimizer.analysis.frontier import Frontier
from optimizer.io.writers import safe_cell

CSV_COLUMNS = (
    "kind",
    "level",
    "lp_value",
    "value",
    "new_persons",
    "rate_after",
    "credited_rate",
    "total_cost",
    "target_rate",
    "target_participants",
    "reachable",
    "cost",
    "extra_budget",
)


def frontier_to_dict(f: Frontier) -> dict:
    r = f.scenario.region
    return {
        "scenario": {"name": r.name, "year": r.year},
        "metric": f.metric.value,
        "swept": f.source or "all",
        "level_today": f.today,
        "workforce": r.workforce,
        "active_before": r.active,
        "points": [dataclasses.asdict(p) for p in f.points],
        "targets": [dataclasses.asdict(t) for t in f.targets],
        "note": "integer values are proven optima at each level; lp_value is the LP relaxation, "
        + (
            "exact between breakpoints by linear interpolation"
            if f.lp_exact
            else "at that level only, where the village fast path solved it (null elsewhere); no breakpoints"
        ),
    }


def render_json(f: Frontier) -> str:
    return json.dumps(frontier_to_dict(f), indent=2, ensure_ascii=False) + "\n"


def render_csv(f: Frontier) -> str:
    """Budget points (kind grid/today/breakpoint) then target rows (kind target), one table."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in f.points:
        writer.writerow({k: _cell(v) for k, v in dataclasses.asdict(p).items()})
    for t in f.targets:
        row = {k: _cell(v) for k, v in dataclasses.asdict(t).items()}
        row["rate_after"] = row.pop("rate_after")
        writer.writerow({"kind": "target", **row})
    return buffer.getvalue()


def _cell(v):
    if isinstance(v, float):
        return f"{v:.10g}"
    return "" if v is None else safe_cell(v)


def render_table(f: Frontier, lang: i18n.Lang = "en") -> str:
    """The budget points and the target costs, in `lang`."""
    r = f.scenario.region

    def tr(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def rp(x: float) -> str:
        return i18n.rupiah(x, lang)

    def one(x: float) -> str:
        return i18n.number(x, lang, 1)

    swept = tr("fr.swept_source", source=f.source) if f.source else tr("fr.swept_all")
    out = [
        tr("fr.title", name=r.name, year=r.year, swept=swept, metric=tr(f.metric.value)),
        tr("fr.today", money=rp(f.today)),
        tr("fr.lp" if f.lp_exact else "fr.lp_levels"),
        "",
    ]
    rows = []
    for p in f.points:
        mark = {"breakpoint": "*", "today": tr("fr.today_mark")}.get(p.kind, "")
        if p.value is None:
            rows.append([rp(p.level), mark, "-", tr("fr.unaffordable"), "", "", ""])
            continue
        lp = "" if p.lp_value is None else one(p.lp_value)
        rows.append(
            [
                rp(p.level),
                mark,
                lp,
                # weighted metrics can be fractional (weight 1.5): show the digit, never round it away
                i18n.number(p.value, lang, 0 if float(p.value).is_integer() else 1),
                i18n.number(p.new_persons, lang),
                i18n.percent(p.rate_after, lang),
                rp(p.total_cost),
            ]
        )
    headers = ["budget", "", "LP", "fr.integer", "fr.new persons", "fr.UCJ after", "cost"]
    out += _table([tr(h) if h else h for h in headers], rows)
    if f.targets:
        out += ["", tr("fr.targets")]
        rows = [
            [
                (f"{t.target_rate:g}".replace(".", ",") if lang == "id" else f"{t.target_rate:g}") + "%",
                i18n.number(t.target_participants, lang),
                rp(t.cost) if t.reachable else tr("fr.not reachable"),
                "" if t.extra_budget is None else rp(t.extra_budget),
                "" if not t.reachable else tr("yes" if t.extra_budget == 0 else "no"),
            ]
            for t in f.targets
        ]
        headers = ["target", "participants", "fr.least cost", "fr.beyond budgets", "fr.within budgets"]
        out += _table([tr(h) for h in headers], rows)
        if any(not t.reachable for t in f.targets):
            out.append(tr("fr.why not"))
    return "\n".join(out) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv}
