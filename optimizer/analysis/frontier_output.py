"""The frontier as text for people (table) and programs (JSON, CSV). Deterministic."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from optimizer.analysis.frontier import Frontier
from optimizer.report import percent, rupiah

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
        "exact between breakpoints by linear interpolation",
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
    return "" if v is None else v


def render_table(f: Frontier) -> str:
    r = f.scenario.region
    swept = f"the budget of {f.source}" if f.source else "all budgets scaled together"
    out = [
        f"{r.name} {r.year}: frontier over {swept} (max-coverage, metric {f.metric.value})",
        f"today: {rupiah(f.today)} of premium money; integer plans proven optimal at each level;",
        "LP = the relaxation, exact between its breakpoints (marked *)",
        "",
    ]
    rows = []
    for p in f.points:
        mark = {"breakpoint": "*", "today": "today"}.get(p.kind, "")
        if p.value is None:
            rows.append([rupiah(p.level), mark, "-", "floors unaffordable", "", "", ""])
            continue
        lp = "" if p.lp_value is None else f"{p.lp_value:,.1f}"
        rows.append(
            [
                rupiah(p.level),
                mark,
                lp,
                f"{p.value:,.0f}",
                f"{p.new_persons:,}",
                percent(p.rate_after),
                rupiah(p.total_cost),
            ]
        )
    out += _table(["budget", "", "LP", "integer", "new persons", "UCJ after", "cost"], rows)
    if f.targets:
        out += ["", "Cost of reaching a target (top-up sources may receive extra money)"]
        rows = [
            [
                f"{t.target_rate:g}%",
                f"{t.target_participants:,}",
                rupiah(t.cost) if t.reachable else "not reachable",
                "" if t.extra_budget is None else rupiah(t.extra_budget),
                "" if not t.reachable else ("yes" if t.extra_budget == 0 else "no"),
            ]
            for t in f.targets
        ]
        out += _table(["target", "participants", "least cost", "beyond budgets", "within budgets"], rows)
        if any(not t.reachable for t in f.targets):
            out.append("not reachable: the groups in the file are too small (or no source may be topped up)")
    return "\n".join(out) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv}
