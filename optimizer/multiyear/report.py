"""Render a multi-year `Plan` (`Plan.years` set): a table for planners, JSON for programs, CSV."""

from __future__ import annotations

import json
from typing import Any

from optimizer import i18n
from optimizer.io.writers import csv_text
from optimizer.messages import Msg, say
from optimizer.monthly.months import uses_monthly_model
from optimizer.multiyear.summary import small_note, source_year_rows, split_small
from optimizer.report import JSON_SCHEMA_VERSION
from optimizer.result import Plan
from optimizer.text_table import table_lines


def _r(x: float) -> float:
    return round(float(x), 6)


def multiyear_to_dict(plan: Plan) -> dict[str, Any]:
    """JSON document of `plan-years` (fields in README, "Multi-year JSON")."""
    h = plan.years.horizon
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
        "targets_met": plan.years.targets_met,
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
            for r in plan.years.table.itertuples()
        ],
        "allocations": [
            {
                k: (v if k in ("source", "group") else int(v))
                for k, v in zip(plan.allocations.columns, row, strict=True)
            }
            for row in plan.allocations.itertuples(index=False)
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
        "floor_shortfall": [
            {"group": g, "year": year, "floor": floor, "persons_short": n}
            for g, year, floor, n in plan.years.floors_short
        ],
        "warnings": list(plan.warnings),
    }


def render_multiyear_json(plan: Plan) -> str:
    return json.dumps(multiyear_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def render_multiyear_csv(plan: Plan) -> str:
    return csv_text(plan.allocations)


def render_multiyear_table(plan: Plan, lang: i18n.Lang = "en") -> str:
    r, h = plan.scenario.region, plan.years.horizon
    monthly = uses_monthly_model(plan.scenario)

    def tr(key: str) -> str:
        return i18n.t(key, lang)

    def rp(x: float) -> str:
        return i18n.rupiah(x, lang)

    def num(x: float) -> str:
        return i18n.number(x, lang)

    continuity = f"{tr('years.continuity')} {h.continuity.value}"
    out = [f"{r.name} {h.first}-{h.last}: {tr(plan.objective.value)}, {continuity}", ""]
    rows = [
        [
            str(y.year),
            num(y.workforce),
            num(y.active_without_plan),
            num(y.paid_by_plan),
            i18n.percent(y.rate_after, lang),
            i18n.percent(y.target_rate, lang),
            tr("yes") if y.target_met else f"{tr('no')} (-{num(y.missing)})",
            rp(y.cost),
        ]
        for y in plan.years.table.itertuples()
    ]
    headers = ["years.year", "workforce", "years.without", "years.paid", "UCJ", "target", "years.met", "cost"]
    out += table_lines([tr(k) for k in headers], rows, {1, 2, 3, 4, 5, 7})
    out += ["", f"{tr('total cost'):<13} {rp(plan.total_cost)}", "", tr("years.money_by")]
    headers, rows = source_year_rows(plan, lang)
    out += table_lines(headers, rows, set(range(1, len(headers))))
    out += ["", tr("years.who")]
    listed, merged = split_small(plan.allocations)
    rows = [
        [
            str(a.year),
            a.source,
            a.group,
            str(a.joined),
            num(a.persons),
            f"{a.public_months}" + (f"+{a.worker_months}" if a.worker_months else ""),
            *([str(a.first_month), str(a.last_month)] if monthly else []),
            rp(a.cost),
        ]
        for a in listed.itertuples()
    ]
    runs = ["col.first_month", "col.last_month"] if monthly else []
    slices = {True: tr("years.small_slice"), False: tr("years.small_slices")}
    rows += [
        [str(m.year), "*", f"{m.slices} {slices[m.slices == 1]}", "",
         num(m.persons), "", *["" for _ in runs], rp(m.cost)]
        for m in merged.itertuples()
    ]  # fmt: skip
    rows.sort(key=lambda r: r[0])  # stable: each year's merged line after its listed rows
    headers = ["years.year", "source", "group", "years.joined", "persons", "months", *runs, "cost"]
    out += table_lines([tr(k) for k in headers], rows, set(range(3, len(headers))))
    out += small_note(merged, lang)
    out += ["", tr("Sources")]
    rows = [
        [str(s.year), s.source, rp(s.premium_budget), rp(s.used), rp(s.left)]
        for s in plan.sources.itertuples()
    ]
    out += table_lines([tr(k) for k in ("years.year", "source", "budget", "used", "left")], rows, {2, 3, 4})
    gap = "n/a" if plan.gap is None else f"{plan.gap:.2e}"
    out += [
        "",
        f"{tr('status'):<13} {tr(plan.outcome)} ({tr('solver')} {plan.solver}: {plan.status.value}, "
        f"{tr('gap')} {gap})",
    ]
    out += _floor_lines(plan, lang)
    if plan.warnings:
        out += ["", tr("Warnings")] + [f"  ! {say(w, lang)}" for w in plan.warnings]
    return "\n".join(out) + "\n"


def _floor_lines(plan: Plan, lang: i18n.Lang) -> list[str]:
    """The floors the plan cannot pay, year by year (none: no lines)."""
    if not plan.years.floors_short:
        return []
    missing = i18n.number(sum(n for *_, n in plan.years.floors_short), lang)
    title = f"{i18n.t('Floors that cannot be afforded', lang)}: {missing} {i18n.t('missing', lang)}"
    return ["", title] + [
        f"  - {say(Msg('short.floor_year', group=g, year=year, floor=floor, short=n), lang)}"
        for g, year, floor, n in plan.years.floors_short
    ]


MULTIYEAR_RENDERERS = {
    "table": render_multiyear_table,
    "json": render_multiyear_json,
    "csv": render_multiyear_csv,
}
