"""Render a village-level plan: the usual report plus area tables and the certificate.

JSON keeps every field of `optimizer.report.plan_to_dict` with its meaning and adds
`areas` (villages, districts, regencies, village_coverage: every village of the file
with uncovered, covered, cost, covered_share; certificate). CSV is the per-village table.
"""

from __future__ import annotations

import io
import json
from typing import Any

from optimizer.areas.optimize import AreaPlan
from optimizer.report import plan_to_dict, render_table


def _records(frame) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()})
    return out


def area_to_dict(ap: AreaPlan) -> dict[str, Any]:
    doc = plan_to_dict(ap.plan)
    c = ap.certificate
    doc["areas"] = {
        "villages": _records(ap.villages),
        "districts": _records(ap.districts),
        "regencies": _records(ap.regencies),
        "village_coverage": [] if ap.coverage is None else _records(ap.coverage),
        "certificate": None
        if c is None
        else {
            "lp_value": round(c.lp_value, 6),
            "dual_bound": round(c.dual_bound, 6),
            "lp_gap": round(c.lp_gap, 12),
            "gap_persons": round(c.gap_persons, 6),
            "whole_person_bound": None if c.whole_bound is None else round(c.whole_bound, 6),
            "lp_violation": round(c.lp_violation, 12),
            "method": c.method,
        },
    }
    return doc


def render_area_json(ap: AreaPlan) -> str:
    return json.dumps(area_to_dict(ap), indent=2, ensure_ascii=False) + "\n"


def render_area_csv(ap: AreaPlan) -> str:
    buffer = io.StringIO()
    ap.villages.to_csv(buffer, index=False, lineterminator="\n", float_format="%.6g")
    return buffer.getvalue()


def render_area_table(ap: AreaPlan) -> str:
    out = [render_table(ap.plan).rstrip("\n"), "", "Regencies (kabupaten/kota)"]
    for r in ap.regencies.itertuples():
        out.append(f"  {r.regency_code:<12} {r.covered:>10,} of {r.uncovered:>10,} covered  Rp{r.cost:,}")
    c = ap.certificate
    if c is not None:
        out += [
            "",
            f"certificate   LP optimum {c.lp_value:,.3f}, dual bound {c.dual_bound:,.3f} (checked), "
            f"LP gap {c.lp_gap:.1e}",
            f"              whole-person plan is at most {c.gap_persons:,.2f} below the best possible "
            f"(bound {c.whole_bound:,.2f})",
        ]
    out.append(
        f"villages      {ap.villages['village_code'].nunique():,} villages funded; per-village table: "
        "--output plan.csv"
    )
    return "\n".join(out) + "\n"
