"""Render a `Plan` for people (table) and programs (JSON, CSV).

Renderers return text and never include timings, so the same scenario gives
byte-identical output on every run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from optimizer import i18n
from optimizer.analysis.moves import Moves, moves_of, moves_title
from optimizer.audit import audit_of
from optimizer.io.writers import rows_csv_text
from optimizer.messages import say
from optimizer.monthly.report import allocation_extra, monthly_dict, monthly_lines
from optimizer.result import Plan, Shortfall
from optimizer.solve import solver_version
from optimizer.text_table import table_lines

#: Bump when a JSON field changes meaning; adding fields does not bump it.
JSON_SCHEMA_VERSION = 1


def _r(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(float(x), digits)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The stable JSON document (field list in README, "JSON output")."""
    c = plan.coverage
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "status": plan.outcome,
        "scenario": {"name": plan.scenario.region.name, "year": plan.scenario.region.year},
        "objective": plan.objective.value,
        "metric": plan.metric.value,
        "objective_value": _r(plan.objective_value),
        "solver": {
            "name": plan.solver,
            "status": plan.status.value,
            "gap": _r(plan.gap, 9),
            "bound": _r(plan.bound),
            "lp_bound": _r(plan.lp_bound),
            "gap_to_lp_bound": _r(plan.gap_to_lp_bound, 9),
            "version": solver_version(plan.solver),
        },
        "audit": audit_of(plan),
        "coverage": {
            "workforce": c.workforce,
            "active_before": c.active_before,
            "active_after": c.active_after,
            "new_persons": c.new_persons,
            "credited_after": _r(c.credited_after),
            "rate_before": _r(c.rate_before),
            "rate_after": _r(c.rate_after),
            "target_rate": _r(c.target_rate),
            "target_participants": c.target_participants,
            "target_met": c.target_met,
        },
        "total_cost": plan.total_cost,
        "allocations": [
            {
                "source": r.source,
                "group": r.group,
                "persons": int(r.persons),
                "months": int(r.months),
                "person_months": int(r.person_months),
                "monthly_price": int(r.monthly_price),
                "cost": int(r.cost),
                "credit": _r(r.credit),
                **allocation_extra(r),
            }
            for r in plan.allocation_rows
        ],
        "sources": [
            {
                "source": r.source,
                "name": r.name,
                "kind": r.kind,
                "budget": int(r.budget),
                "premium_budget": int(r.premium_budget),
                "used": int(r.used),
                "left": int(r.left),
            }
            for r in plan.source_rows
        ],
        "groups": [
            {
                "group": r.group,
                "name": r.name,
                "uncovered": int(r.uncovered),
                "floor": int(r.floor),
                "cap": int(r.cap),
                "covered": int(r.covered),
            }
            for r in plan.group_rows
        ],
        "shortfall": _shortfall(plan.shortfall),
        "floor_shortfall": _shortfall(plan.floor_shortfall),
        "binding": list(plan.binding),
        "warnings": list(plan.warnings),
        **monthly_dict(plan),
        **_baseline_dict(moves_of(plan)),
    }


def _baseline_dict(moves: Moves | None) -> dict[str, Any]:
    """The "baseline" field, only for a plan made with one (README, "Staying close to a previous plan")."""
    if moves is None:
        return {}
    return {
        "baseline": {
            "file": Path(moves.file).name,
            "persons_moved": moves.persons_moved,
            "persons_taken": moves.persons_taken,
            "persons_added": moves.persons_added,
            "moves": [
                {
                    "source": m.source,
                    "group": m.group,
                    "before": m.before,
                    "after": m.after,
                    "change": m.change,
                }
                for m in moves.moves
            ],
            "changed": [{"what": w, "id": k, "before": b, "after": a} for w, k, b, a in moves.changed],
        }
    }


def _shortfall(s: Shortfall | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "missing": _r(s.missing),
        "extra_budget": [{"source": k, "rupiah": v} for k, v in s.extra_budget],
        "extra_budget_total": s.extra_total if s.extra_budget else None,
        "floors": [{"group": g, "persons_short": n} for g, n in s.floors],
        "reasons": list(s.reasons),
    }


def render_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def render_csv(plan: Plan) -> str:
    """The allocation table, one row per (source, group), as CSV."""
    table = plan.allocation_rows
    return rows_csv_text(table.columns, table.rows, table.float_columns, float_format="%.6g")


def rupiah(x: float) -> str:
    return i18n.rupiah(x)


def percent(x: float) -> str:
    return i18n.percent(x)


def render_table(plan: Plan, lang: i18n.Lang = "en") -> str:
    """A planner's summary: coverage, allocation, sources, status, warnings (in `lang`)."""
    r, c = plan.scenario.region, plan.coverage

    def tr(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def rp(x: float) -> str:
        return i18n.rupiah(x, lang)

    def pct(x: float) -> str:
        return i18n.percent(x, lang)

    def num(x: float) -> str:
        return i18n.number(x, lang)

    out = [f"{r.name} {r.year}: {tr(plan.objective.value)}, {tr('metric')} {tr(plan.metric.value)}", ""]
    met = tr("target met") if c.target_met else tr("target NOT met")
    labels = [tr(k) for k in ("UCJ coverage", "participants", "total cost", "status")]
    width = max(13, *(len(x) for x in labels))
    out += [
        f"{labels[0]:<{width}} {pct(c.rate_before)} -> {pct(c.rate_after)}"
        f"   ({tr('target')} {pct(c.target_rate)}, {met})",
        f"{labels[1]:<{width}} {num(c.active_before)} -> {num(c.active_after)}   "
        f"(+{num(c.new_persons)}; {tr('target')} {num(c.target_participants)}; "
        f"{tr('workforce')} {num(c.workforce)})",
        f"{labels[2]:<{width}} {rp(plan.total_cost)}",
        "",
        tr("Allocation"),
    ]
    rows = [[a.source, a.group, num(a.persons), f"{a.months}", rp(a.cost)] for a in plan.allocation_rows]
    out += table_lines([tr(k) for k in ("source", "group", "persons", "months", "cost")], rows, {2, 3, 4})
    out += ["", tr("Sources")]
    rows = [[s.source, rp(s.premium_budget), rp(s.used), rp(s.left)] for s in plan.source_rows]
    out += table_lines([tr(k) for k in ("source", "budget", "used", "left")], rows, {1, 2, 3})
    out += ["", tr("Groups")]
    rows = [[g.group, num(g.uncovered), num(g.covered), num(g.floor), num(g.cap)] for g in plan.group_rows]
    out += table_lines([tr(k) for k in ("group", "uncovered", "covered", "floor", "cap")], rows, {1, 2, 3, 4})
    out += monthly_lines(plan, table_lines, rp, lang)
    gap = "n/a" if plan.gap is None else f"{plan.gap:.2e}"
    out += [
        "",
        f"{labels[3]:<{width}} {tr(plan.outcome)} ({tr('solver')} {plan.solver}: "
        f"{plan.status.value}, {tr('gap')} {gap})",
    ]
    for title, shortfall in (
        ("Target shortfall", plan.shortfall),
        ("Floors that cannot be afforded", plan.floor_shortfall),
    ):
        if shortfall is None:
            continue
        out += ["", f"{tr(title)}: {num(shortfall.missing)} {tr('missing')}"]
        for sid, extra in shortfall.extra_budget:
            out.append("  " + tr("add {amount} to {source}", amount=rp(extra), source=sid))
        out += [f"  - {say(reason, lang)}" for reason in shortfall.reasons]
    if plan.binding and plan.shortfall is None:
        out += ["", tr("What limits the plan")] + [f"  - {say(b, lang)}" for b in plan.binding]
    out += _baseline_lines(moves_of(plan), lang)
    if plan.warnings:
        out += ["", tr("Warnings")] + [f"  ! {say(w, lang)}" for w in plan.warnings]
    return "\n".join(out) + "\n"


def _baseline_lines(moves: Moves | None, lang: i18n.Lang) -> list[str]:
    if moves is None:
        return []
    num = lambda x: i18n.number(x, lang)  # noqa: E731
    out = ["", moves_title(moves.file, moves.persons_taken, moves.persons_added, lang)]
    rows = [
        [
            m.source,
            m.group,
            num(m.before),
            num(m.after),
            f"{m.change:+,}".replace(",", "." if lang == "id" else ","),
        ]
        for m in moves.moves
    ]
    headers = [i18n.t(k, lang) for k in ("source", "group", "before", "after", "change")]
    out += table_lines(headers, rows, {2, 3, 4}) if rows else []
    if moves.changed:
        out.append(i18n.t("baseline.changed", lang))
        for what, key, before, after in moves.changed:
            shown = [
                i18n.t("(new)", lang) if before is None else _amount(what, before, lang),
                i18n.t("(removed)", lang) if after is None else _amount(what, after, lang),
            ]
            out.append(f"  - {i18n.t(what, lang)} {key}: {shown[0]} -> {shown[1]}")
    return out


def _amount(what: str, value: int, lang: i18n.Lang) -> str:
    return i18n.rupiah(value, lang) if what == "budget" else i18n.number(value, lang)
