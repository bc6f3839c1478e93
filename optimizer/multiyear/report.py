"""Render a `MultiYearPlan` as a table for planners, JSON for programs, CSV (allocations)."""

from __future__ import annotations

import io
import json
from typing import Any

from optimizer.multiyear.plan import MultiYearPlan
from optimizer.multiyear.summary import small_note, source_year_rows, split_small
from optimizer.report import JSON_SCHEMA_VERSION, _table, percent, rupiah


def _r(x: float) -> float:
    return round(float(x), 6)


def multiyear_to_dict(plan: MultiYearPlan) -> dict[str, Any]:
    """JSON document of `plan-years` (fields in README, "Multi-year JSON")."""
    h = plan.horizon
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "status": plan.outcome,
        "scenario": {"name": plan.scenario.region.name, "year": plan.scenario.region.year},
        "horizon": {
            "first": h.first,
            "last": h.last,
            "continuity": h.continuity.value,
            "yearly": list(h.yearly),
        },
        "objective": plan.objective.value,
        "solver": {
            "name": plan.solver,
            "status": plan.status.value,
            "gap": None if plan.gap is None else _r(plan.gap),
        },
        "total_cost": plan.total_cost,
        "targets_met": plan.targets_met,
        "years": [
            {
                "year": int(r.year),
                "workforce": int(r.workforce),
                "active_without_plan": int(r.active_without_plan),
                "paid_by_plan": int(r.paid_by_plan),
                "active_after": int(r.active_after),
                "rate_after": _r(r.rate_after),
                "target_rate": _r(r.target_rate),
                "target_participants": int(r.target_participants),
                "target_met": bool(r.target_met),
                "missing": int(r.missing),
                "cost": int(r.cost),
            }
            for r in plan.years.itertuples()
        ],
        "allocations": [
            {
                "year": int(r.year),
                "source": r.source,
                "group": r.group,
                "joined": int(r.joined),
                "persons": int(r.persons),
                "public_months": int(r.public_months),
                "worker_months": int(r.worker_months),
                "monthly_price": int(r.monthly_price),
                "cost": int(r.cost),
            }
            for r in plan.allocations.itertuples()
        ],
        "sources": [
            {
                "year": int(r.year),
                "source": r.source,
                "premium_budget": int(r.premium_budget),
                "used": int(r.used),
                "left": int(r.left),
            }
            for r in plan.sources.itertuples()
        ],
        "warnings": list(plan.warnings),
    }


def render_multiyear_json(plan: MultiYearPlan) -> str:
    return json.dumps(multiyear_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def render_multiyear_csv(plan: MultiYearPlan) -> str:
    buffer = io.StringIO()
    plan.allocations.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def render_multiyear_table(plan: MultiYearPlan) -> str:
    r, h = plan.scenario.region, plan.horizon
    out = [f"{r.name} {h.first}-{h.last}: {plan.objective.value}, continuity {h.continuity.value}", ""]
    rows = [
        [
            str(y.year),
            f"{y.workforce:,}",
            f"{y.active_without_plan:,}",
            f"{y.paid_by_plan:,}",
            percent(y.rate_after),
            percent(y.target_rate),
            "yes" if y.target_met else f"no (-{y.missing:,})",
            rupiah(y.cost),
        ]
        for y in plan.years.itertuples()
    ]
    out += _table(
        ["year", "workforce", "without plan", "paid by plan", "UCJ", "target", "met", "cost"],
        rows,
        {1, 2, 3, 4, 5, 7},
    )
    out += ["", f"total cost    {rupiah(plan.total_cost)}", "", "Money used by source and year"]
    headers, rows = source_year_rows(plan)
    out += _table(headers, rows, set(range(1, len(headers))))
    out += ["", "Who is paid for, year by year (months: public + paid by the worker)"]
    listed, merged = split_small(plan.allocations)
    rows = [
        [
            str(a.year),
            a.source,
            a.group,
            str(a.joined),
            f"{a.persons:,}",
            f"{a.public_months}" + (f"+{a.worker_months}" if a.worker_months else ""),
            rupiah(a.cost),
        ]
        for a in listed.itertuples()
    ]
    rows += [
        [
            str(m.year),
            "*",
            f"{m.slices} small slice{'s' if m.slices != 1 else ''}",
            "",
            f"{m.persons:,}",
            "",
            rupiah(m.cost),
        ]
        for m in merged.itertuples()
    ]
    rows.sort(key=lambda r: r[0])  # stable: each year's merged line after its listed rows
    out += _table(["year", "source", "group", "joined", "persons", "months", "cost"], rows, {3, 4, 5, 6})
    out += small_note(merged)
    out += ["", "Sources"]
    rows = [
        [str(s.year), s.source, rupiah(s.premium_budget), rupiah(s.used), rupiah(s.left)]
        for s in plan.sources.itertuples()
    ]
    out += _table(["year", "source", "budget", "used", "left"], rows, {2, 3, 4})
    gap = "n/a" if plan.gap is None else f"{plan.gap:.2e}"
    out += ["", f"status        {plan.outcome} (solver {plan.solver}: {plan.status.value}, gap {gap})"]
    if plan.warnings:
        out += ["", "Warnings"] + [f"  ! {w}" for w in plan.warnings]
    return "\n".join(out) + "\n"


MULTIYEAR_RENDERERS = {
    "table": render_multiyear_table,
    "json": render_multiyear_json,
    "csv": render_multiyear_csv,
}
