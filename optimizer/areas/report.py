"""Render a village-level plan: the usual report plus area tables and the certificate.

JSON keeps every field of `optimizer.report.plan_to_dict` with its meaning and adds
`areas` (villages, districts, regencies, village_coverage: every village of the file
with uncovered, covered, cost, covered_share; certificate). CSV is the per-village table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from optimizer import i18n
from optimizer.io.json_records import first_columns_texts, records, records_json_parts
from optimizer.io.writers import csv_text
from optimizer.report import plan_to_dict, render_table
from optimizer.result import Plan

#: The area tables, in the order `areas` lists them.
TABLES = ("villages", "districts", "regencies", "village_coverage")


def _tables(plan: Plan) -> dict[str, pd.DataFrame]:
    a = plan.areas
    coverage = a.coverage if a.coverage is not None else pd.DataFrame()
    return dict(zip(TABLES, (a.villages, a.districts, a.regencies, coverage), strict=True))


def area_to_dict(plan: Plan, tables: bool = True) -> dict[str, Any]:
    """The JSON document of a village plan (`Plan.areas` set); with `tables=False` the four
    tables are left as "" (for `render_area_json`)."""
    doc = plan_to_dict(plan)
    c = plan.areas.certificate
    doc["areas"] = {
        **{name: records(frame) if tables else "" for name, frame in _tables(plan).items()},
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


def render_area_json(plan: Plan) -> str:
    """`json.dumps(area_to_dict(plan), indent=2)`: `area_json_parts` joined."""
    return "".join(area_json_parts(plan))


def area_json_parts(plan: Plan) -> Iterator[str]:
    """`render_area_json` in pieces, its four big tables written column-wise
    (`optimizer.io.json_records`: the same bytes, a national plan in about 1 s instead of 10),
    for `write_atomic` to write one by one."""
    text = json.dumps(area_to_dict(plan, tables=False), indent=2, ensure_ascii=False) + "\n"
    # Structural text: a string value cannot hold a raw newline, so each marker occurs once.
    start = text.index('\n  "areas": {\n')
    yield text[:start]
    keyed = _keyed_runs(plan)
    for name, frame in _tables(plan).items():
        key = f'\n    {json.dumps(name)}: ""'
        at = text.index(key, start)
        yield text[start:at] + key[:-2]
        yield from records_json_parts(frame, 2, keyed.get(name, ()))
        start = at + len(key)
    yield text[start:]


def _keyed_runs(plan: Plan) -> dict[str, tuple]:
    """The tables' runs of columns written once per key (`records_json_parts`' `keyed`): the
    villages table's as `area_tables` keyed them; its first run (code, name, district, regency)
    is keyed by the village's row in the coverage table, which begins with the same columns, so
    their texts are made once for both tables."""
    a = plan.areas
    if not a.villages_keyed or a.coverage is None:
        return {}
    (columns, village), *others = a.villages_keyed
    texts = first_columns_texts(a.coverage[list(columns)], 2)
    every = np.arange(len(a.coverage))
    return {"villages": ((columns, village, texts), *others), "village_coverage": ((columns, every, texts),)}


def render_area_csv(plan: Plan) -> str:
    return csv_text(plan.areas.villages, float_format="%.6g")


def render_area_table(plan: Plan, lang: i18n.Lang = "en") -> str:
    def tr(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def num(x: float, digits: int = 0) -> str:
        return i18n.number(x, lang, digits)

    a = plan.areas
    out = [render_table(plan, lang).rstrip("\n"), "", tr("areas.regencies")]
    for r in a.regencies.itertuples():
        of = tr("areas.covered_of", covered=f"{num(r.covered):>10}", uncovered=f"{num(r.uncovered):>10}")
        out.append(f"  {r.regency_code:<12} {of}  {i18n.rupiah(r.cost, lang)}")
    c = a.certificate
    if c is not None:
        lp, dual = num(c.lp_value, 3), num(c.dual_bound, 3)
        gap = num(c.gap_persons, 2)
        bound = "n/a" if c.whole_bound is None else num(c.whole_bound, 2)
        out += [
            "",
            tr("areas.certificate", lp=lp, dual=dual, lp_gap=f"{c.lp_gap:.1e}"),
            tr("areas.whole", gap=gap, bound=bound),
        ]
    out.append(tr("areas.villages", n=num(a.villages["village_code"].nunique())))
    return "\n".join(out) + "\n"
