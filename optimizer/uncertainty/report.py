"""Render the `robust` and `sweep` results: a table for planners, JSON and CSV for programs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from optimizer import i18n
from optimizer.io.writers import csv_text
from optimizer.monthly.report import MONTH_NAMES, MONTH_NAMES_ID
from optimizer.report import JSON_SCHEMA_VERSION, plan_to_dict
from optimizer.result import Plan
from optimizer.text_table import table_lines
from optimizer.uncertainty.ranges import Uncertainty
from optimizer.uncertainty.robust import SampleSummary
from optimizer.uncertainty.sweep import SweepResult

FIXED_PLAN_RULE = i18n.t("robust.fixed_rule")


@dataclass(frozen=True)
class RobustReport:
    nominal: Plan
    robust: Plan
    uncertainty: Uncertainty
    #: Sampled analysis of the nominal and the robust plan (None without --samples).
    nominal_samples: SampleSummary | None
    robust_samples: SampleSummary | None


def _summary(s: SampleSummary | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "samples": s.samples,
        "seed": s.seed,
        "rate_percentiles": {f"p{p}": v for p, v in s.rate_percentiles},
        "rate_mean": s.rate_mean,
        "p_target": round(s.p_target, 6),
        "p_as_planned": round(s.p_as_planned, 6),
    }


def robust_to_dict(r: RobustReport) -> dict[str, Any]:
    u = r.uncertainty
    c = r.robust.coverage
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "status": r.robust.outcome,
        "ranges": {
            "budget": [{"source": k, "min": v.low, "max": v.high, "mode": v.mode} for k, v in u.budget],
            "uncovered": [{"group": k, "min": v.low, "max": v.high, "mode": v.mode} for k, v in u.uncovered],
            "workforce": None if u.workforce is None else {"min": u.workforce.low, "max": u.workforce.high},
        },
        "guaranteed": {
            "active_after": c.active_after,
            "rate_after": round(c.rate_after, 6),
            "workforce": c.workforce,
            "target_participants": c.target_participants,
            "target_met": c.target_met,
        },
        "robust_plan": plan_to_dict(r.robust),
        "nominal_plan": plan_to_dict(r.nominal),
        "fixed_plan_rule": FIXED_PLAN_RULE,
        "samples": {"nominal": _summary(r.nominal_samples), "robust": _summary(r.robust_samples)},
    }


def render_robust_json(r: RobustReport) -> str:
    return json.dumps(robust_to_dict(r), indent=2, ensure_ascii=False) + "\n"


def render_robust_csv(r: RobustReport) -> str:
    return csv_text(r.robust.allocations, float_format="%.6g")


def render_robust_table(r: RobustReport, lang: i18n.Lang = "en") -> str:
    region = r.nominal.scenario.region

    def tr(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def pct(x: float, digits: int = 2) -> str:
        return i18n.percent(x, lang, digits)

    def rp(x: float) -> str:
        return i18n.rupiah(x, lang)

    out = [
        f"{region.name} {region.year}: {tr('robust.title')} "
        f"({tr(r.robust.objective.value)}, {tr('metric')} {tr(r.robust.metric.value)})",
        "",
    ]
    out.append(tr("robust.ranges"))
    for sid, rng in r.uncertainty.budget:
        out.append(f"  {tr('budget')} {sid}: {rng.describe(tr('robust.most_likely'))}")
    for gid, rng in r.uncertainty.uncovered:
        out.append(f"  {tr('uncovered')} {gid}: {rng.describe(tr('robust.most_likely'))}")
    if r.uncertainty.workforce is not None:
        out.append(f"  {tr('workforce')}: {r.uncertainty.workforce.describe(tr('robust.most_likely'))}")
    c, n = r.robust.coverage, r.nominal.coverage
    labels = [tr(k) for k in ("robust.guaranteed", "robust.nominal", "robust.cost")]
    width = max(15, *(len(x) for x in labels))
    worst = tr("robust.worst_met" if c.target_met else "robust.worst_not_met")
    out += [
        "",
        f"{labels[0]:<{width}} {pct(c.rate_after)}  ({i18n.number(c.active_after, lang)} "
        f"{tr('robust.of_at_most')} {i18n.number(c.workforce, lang)}; {worst})",
        f"{labels[1]:<{width}} {pct(n.rate_after)}  ({tr('robust.as_written')})",
        f"{labels[2]:<{width}} {rp(r.robust.total_cost)}   "
        f"{tr('robust.nominal_cost')} {rp(r.nominal.total_cost)}",
        "",
        tr("robust.allocation"),
    ]
    rows = [
        [a.source, _group_cell(a), i18n.number(a.persons, lang), _months_cell(a, lang), rp(a.cost)]
        for a in r.robust.allocations.itertuples()
    ]
    out += table_lines([tr(k) for k in ("source", "group", "persons", "months", "cost")], rows, {2, 3, 4})
    if r.nominal_samples is not None:
        s = r.nominal_samples
        samples = i18n.number(s.samples, lang)
        out += ["", tr("robust.sampled", samples=samples, seed=s.seed, rule=tr("robust.fixed_rule"))]
        rows = []
        for name, summary in (
            ("robust.nominal_row", r.nominal_samples),
            ("robust.robust_row", r.robust_samples),
        ):
            cuts = dict(summary.rate_percentiles)
            rows.append(
                [
                    tr(name),
                    pct(cuts[5]),
                    pct(cuts[50]),
                    pct(cuts[95]),
                    pct(summary.p_target, 1),
                    pct(summary.p_as_planned, 1),
                ]
            )
        probabilities = [tr("robust.p_target"), tr("robust.p_as_planned")]
        headers = [tr("robust.plan"), "UCJ p5", "p50", "p95", *probabilities]
        out += table_lines(headers, rows, {1, 2, 3, 4, 5})
    status = f"{tr('status'):<{width}} {tr(r.robust.outcome)} ({tr('solver')} {r.robust.solver}: "
    out += ["", status + f"{r.robust.status.value})"]
    return "\n".join(out) + "\n"


def _group_cell(row: Any) -> str:
    """The group; persons from an overlap also name it (segment), as in `solve`'s month table."""
    segment = getattr(row, "segment", row.group)
    return row.group if segment == row.group else f"{row.group} ({segment})"


def _months_cell(row: Any, lang: i18n.Lang) -> str:
    """Months of cover; a monthly plan also says which (3 (Oct-Dec)), an annual one does not."""
    if not hasattr(row, "first_month"):
        return f"{row.months}"
    names = MONTH_NAMES_ID if lang == "id" else MONTH_NAMES
    return f"{row.months} ({names[row.first_month - 1]}-{names[row.last_month - 1]})"


ROBUST_RENDERERS = {"table": render_robust_table, "json": render_robust_json, "csv": render_robust_csv}


def sweep_frame(results: list[SweepResult]) -> pd.DataFrame:
    rows = []
    for r in results:
        cuts = dict(r.summary.rate_percentiles)
        rows.append(
            {
                "scenario": r.label,
                "region": r.region,
                "samples": r.summary.samples,
                "seed": r.summary.seed,
                **{f"rate_p{p}": v for p, v in cuts.items()},
                "rate_mean": r.summary.rate_mean,
                "p_target": round(r.summary.p_target, 6),
                "floors_unaffordable": r.floors_unaffordable,
            }
        )
    return pd.DataFrame(rows)


def render_sweep_table(results: list[SweepResult], lang: i18n.Lang = "en") -> str:
    rows = []
    for r in results:
        cuts = dict(r.summary.rate_percentiles)
        rows.append(
            [
                r.label,
                i18n.number(r.summary.samples, lang),
                i18n.percent(cuts[5], lang),
                i18n.percent(cuts[50], lang),
                i18n.percent(cuts[95], lang),
                i18n.percent(r.summary.p_target, lang, 1),
            ]
        )
    out = [i18n.t("sweep.title", lang), ""]
    headers = [
        i18n.t("sweep.scenario", lang),
        i18n.t("sweep.samples", lang),
        "UCJ p5",
        "p50",
        "p95",
        i18n.t("robust.p_target", lang),
    ]
    out += table_lines(headers, rows, {1, 2, 3, 4, 5})
    return "\n".join(out) + "\n"


def render_sweep_json(results: list[SweepResult]) -> str:
    doc = {"schema_version": JSON_SCHEMA_VERSION, "scenarios": sweep_frame(results).to_dict(orient="records")}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_sweep_csv(results: list[SweepResult]) -> str:
    return csv_text(sweep_frame(results), float_format="%.6g")


SWEEP_RENDERERS = {"table": render_sweep_table, "json": render_sweep_json, "csv": render_sweep_csv}
