"""Render the `robust` and `sweep` results: a table for planners, JSON and CSV for programs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from optimizer.io.writers import csv_text
from optimizer.report import JSON_SCHEMA_VERSION, _table, percent, plan_to_dict, rupiah
from optimizer.result import Plan
from optimizer.uncertainty.ranges import Uncertainty
from optimizer.uncertainty.robust import SampleSummary
from optimizer.uncertainty.sweep import SweepResult

FIXED_PLAN_RULE = (
    "a fixed plan is carried out as written; a group with fewer persons than planned is cut pro rata "
    "across its sources, then a source with less money than it must spend cuts every allocation it pays "
    "pro rata, rounded down to whole persons; money left over is not moved"
)


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


def render_robust_table(r: RobustReport) -> str:
    region = r.nominal.scenario.region
    out = [
        f"{region.name} {region.year}: robust plan "
        f"({r.robust.objective.value}, metric {r.robust.metric.value})",
        "",
    ]
    out.append("Ranges (realisation in % of the written value; the robust plan assumes the worst end)")
    for sid, rng in r.uncertainty.budget:
        out.append(f"  budget {sid}: {rng}")
    for gid, rng in r.uncertainty.uncovered:
        out.append(f"  uncovered {gid}: {rng}")
    if r.uncertainty.workforce is not None:
        out.append(f"  workforce: {r.uncertainty.workforce}")
    c, n = r.robust.coverage, r.nominal.coverage
    out += [
        "",
        f"guaranteed UCJ  {percent(c.rate_after)}  ({c.active_after:,} of at most {c.workforce:,}; "
        f"target {'met' if c.target_met else 'NOT met'} in the worst case)",
        f"nominal plan    {percent(n.rate_after)}  (as written, if every figure comes true)",
        f"robust cost     {rupiah(r.robust.total_cost)}   nominal cost {rupiah(r.nominal.total_cost)}",
        "",
        "Robust allocation (stays within every budget for every realisation in the ranges)",
    ]
    rows = [
        [a.source, a.group, f"{a.persons:,}", f"{a.months}", rupiah(a.cost)]
        for a in r.robust.allocations.itertuples()
    ]
    out += _table(["source", "group", "persons", "months", "cost"], rows, {2, 3, 4})
    if r.nominal_samples is not None:
        s = r.nominal_samples
        out += [
            "",
            f"Sampled analysis: {s.samples:,} samples, seed {s.seed}; a plan is fixed: {FIXED_PLAN_RULE}.",
        ]
        rows = []
        for name, summary in (("nominal", r.nominal_samples), ("robust", r.robust_samples)):
            cuts = dict(summary.rate_percentiles)
            rows.append(
                [
                    name,
                    percent(cuts[5]),
                    percent(cuts[50]),
                    percent(cuts[95]),
                    f"{100 * summary.p_target:.1f}%",
                    f"{100 * summary.p_as_planned:.1f}%",
                ]
            )
        out += _table(["plan", "UCJ p5", "p50", "p95", "P(target)", "P(as planned)"], rows, {1, 2, 3, 4, 5})
    out += ["", f"status          {r.robust.outcome} (solver {r.robust.solver}: {r.robust.status.value})"]
    return "\n".join(out) + "\n"


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


def render_sweep_table(results: list[SweepResult]) -> str:
    rows = []
    for r in results:
        cuts = dict(r.summary.rate_percentiles)
        rows.append(
            [
                r.label,
                f"{r.summary.samples:,}",
                percent(cuts[5]),
                percent(cuts[50]),
                percent(cuts[95]),
                f"{100 * r.summary.p_target:.1f}%",
            ]
        )
    out = ["Sweep: each sample re-optimised with the realised budgets and headcounts", ""]
    out += _table(["scenario", "samples", "UCJ p5", "p50", "p95", "P(target)"], rows, {1, 2, 3, 4, 5})
    return "\n".join(out) + "\n"


def render_sweep_json(results: list[SweepResult]) -> str:
    doc = {"schema_version": JSON_SCHEMA_VERSION, "scenarios": sweep_frame(results).to_dict(orient="records")}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_sweep_csv(results: list[SweepResult]) -> str:
    return csv_text(sweep_frame(results), float_format="%.6g")


SWEEP_RENDERERS = {"table": render_sweep_table, "json": render_sweep_json, "csv": render_sweep_csv}
