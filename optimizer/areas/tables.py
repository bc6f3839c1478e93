"""Tables of a village-level plan, and an independent check of its rules in exact integers.

villages:  village_code, village_name, district_code, regency_code, source, group,
           persons, months, cost (Rupiah), credit; one row per funded village x source x group.
districts: district_code, regency_code, uncovered, covered, cost, covered_share (fraction),
           district_name (kecamatan name from the villages file, "" when it has none).
regencies: regency_code, uncovered, covered, cost, covered_share.
coverage:  village_code, village_name, district_code, regency_code, district_name, uncovered,
           covered, cost, covered_share; one row per village of the file, in file order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.areas.data import KEY_COLUMNS, AreaScenario, required
from optimizer.scenario import Metric

VILLAGE_COLUMNS = (*KEY_COLUMNS, "source", "group", "persons", "months", "cost", "credit")


def area_tables(area: AreaScenario, cells: pd.DataFrame, metric: Metric):
    """(villages, districts, regencies, per village of the file: persons and cost, the villages
    table's keyed runs) of a plan; `cells` has integer columns village, source, group (indices)
    and persons. The keyed runs (`optimizer.io.json_records.records_json_parts`' `keyed`): a
    row's village decides its first four columns, its source, group and persons the rest."""
    sc = area.scenario
    unit = np.array([[sc.unit_cost(s, g) for g in sc.groups] for s in sc.sources], dtype=np.int64)
    credit = np.array([[sc.credit(s, g, metric) for g in sc.groups] for s in sc.sources])
    months = np.array([g.months for g in sc.groups], dtype=np.int64)
    v, s, g, n = (cells[c].to_numpy(dtype=np.int64) for c in ("village", "source", "group", "persons"))
    # Funded cells in village, source, group order: one stable sort of one integer key (pandas'
    # three-column sort_values took 0.1 s of the national plan's 450,000 rows).
    funded = np.nonzero(n > 0)[0]
    funded = funded[
        np.argsort((v[funded] * len(sc.sources) + s[funded]) * len(sc.groups) + g[funded], kind="stable")
    ]
    v, s, g, n = v[funded], s[funded], g[funded], n[funded]
    villages = area.villages.iloc[v].reset_index(drop=True)
    villages["source"] = np.array([x.id for x in sc.sources], dtype=object)[s]
    villages["group"] = np.array([x.id for x in sc.groups], dtype=object)[g]
    villages["persons"] = n
    villages["months"] = months[g]
    villages["cost"] = n * unit[s, g]
    villages["credit"] = n * credit[s, g]
    # Summed per village first (84,000 rows, not the plan's 450,000), then per district and regency.
    done = {"persons": _per_village(area, v, n), "cost": _per_village(area, v, n * unit[s, g])}
    funding = (s * len(sc.groups) + g) * (int(n.max(initial=0)) + 1) + n
    keyed = ((KEY_COLUMNS, v), (VILLAGE_COLUMNS[len(KEY_COLUMNS) :], funding))
    return villages, _summary(area, done, "district_code"), _summary(area, done, "regency_code"), done, keyed


def per_source_and_group(
    area: AreaScenario, cells: pd.DataFrame
) -> tuple[dict[tuple[str, str], int], list[int]]:
    """(persons per (source id, group id) funded, Rupiah used per source), summed in exact int64
    from the cells' indices (grouping the plan table's 450,000 text rows took 0.1 s nationally).
    The order of the dict is free: `plan_tables` and `coverage_of` look its pairs up."""
    sc = area.scenario
    n_s, n_g = len(sc.sources), len(sc.groups)
    s, g, n = (cells[c].to_numpy(dtype=np.int64) for c in ("source", "group", "persons"))
    unit = np.array([[sc.unit_cost(x, y) for y in sc.groups] for x in sc.sources], dtype=np.int64)
    persons = np.zeros(n_s * n_g, dtype=np.int64)
    np.add.at(persons, s * n_g + g, n)
    used = np.zeros(n_s, dtype=np.int64)
    np.add.at(used, s, n * unit[s, g])
    funded = {
        (sc.sources[k // n_g].id, sc.groups[k % n_g].id): int(persons[k]) for k in np.nonzero(persons > 0)[0]
    }
    return funded, used.tolist()


def _per_village(area: AreaScenario, village: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """`amounts` summed per village of the file (exact int64), 0 where the plan funds nothing."""
    out = np.zeros(len(area.villages), dtype=np.int64)
    np.add.at(out, village, amounts)
    return out


def _summary(area: AreaScenario, done: dict[str, np.ndarray], key: str) -> pd.DataFrame:
    """Per district (or regency): uncovered, covered and cost, from `done`'s persons and cost
    per village (arrays in the order of `area.villages`' rows), in the order of the codes as
    text (district code, then regency code). Summed by the villages' integer district and
    regency indices: pandas' groupby on the 84,000 code strings took 0.1 s nationally."""
    district = key == "district_code"
    of = area.district_of if district else area.regency_of
    n = len(area.district_codes) if district else len(area.regency_codes)
    regency = np.zeros(n, dtype=np.int64)
    regency[of] = area.regency_of  # a district lies in one regency
    codes = np.array(area.district_codes if district else area.regency_codes, dtype=object)
    regencies = np.array(area.regency_codes, dtype=object)[regency]
    order = np.array(sorted(range(n), key=lambda i: (codes[i], regencies[i])), dtype=np.int64)
    sums = {}
    for name, values in (("uncovered", area.headcount.sum(axis=1)), ("covered", done["persons"]),
                         ("cost", done["cost"])):  # fmt: skip
        total = np.zeros(n, dtype=np.int64)
        np.add.at(total, of, values)
        sums[name] = total[order]
    out = pd.DataFrame({key: codes[order]} | ({"regency_code": regencies[order]} if district else {}) | sums)
    out["covered_share"] = out["covered"] / out["uncovered"].where(out["uncovered"] > 0, 1)
    if district:
        names = area.district_names
        out["district_name"] = [names[i] if i < len(names) else "" for i in order.tolist()]
    return out


def village_coverage(area: AreaScenario, done: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every village of the file (funded or not) with its uncovered and covered persons and cost;
    `done`: persons and cost per village, as `area_tables` sums them from the plan's cells."""
    out = area.villages.copy()
    out["district_name"] = [area.district_names[d] if area.district_names else "" for d in area.district_of]
    out["uncovered"] = area.headcount.sum(axis=1)
    out["covered"] = done["persons"]
    out["cost"] = done["cost"]
    out["covered_share"] = out["covered"] / out["uncovered"].where(out["uncovered"] > 0, 1)
    return out


def area_violations(area: AreaScenario, villages: pd.DataFrame, floors_apply: bool = True) -> list[str]:
    """Rules the plan breaks, recomputed from the scenario's arrays (not from the model);
    without `floors_apply` (the floors fallback) group floors and minimum shares are not rules.

    Sums are exact int64 (np.add.at), one pass over the plan's rows per rule: the national
    plan's 450,000 rows took 1.2 s through pandas groupby and a Python call per row."""
    sc = area.scenario
    out: list[str] = []
    # Positions by hash lookup (Index.get_indexer; Series.map with a dict took 0.4 s nationally),
    # int64 even for a plan that funds nobody (an empty table has object columns).
    vi, gi, si = (
        pd.Index(keys).get_indexer(villages[column]).astype(np.int64)
        for column, keys in (
            ("village_code", area.villages["village_code"]),
            ("group", [g.id for g in sc.groups]),
            ("source", [x.id for x in sc.sources]),
        )
    )
    if (vi < 0).any() or (gi < 0).any() or (si < 0).any():
        return ["a row names a village, group or source that is not in the scenario"]
    cost = villages["cost"].to_numpy(dtype=np.int64)
    covered = np.zeros_like(area.headcount)
    np.add.at(covered, (vi, gi), villages["persons"].to_numpy(dtype=np.int64))
    if (covered > area.headcount).any():
        out.append("a village has more persons covered than uncovered")
    for j, (src, scope) in enumerate(zip(sc.sources, area.scopes, strict=True)):
        mine = si == j
        allowed = np.array([src.may_pay_for(g.id) for g in sc.groups], dtype=bool)
        if not allowed[gi[mine]].all():
            out.append(f"source {src.id} pays for a group it may not")
        if _overspends(area, scope, j, src.premium_budget, vi[mine], cost[mine]):
            out.append(f"source {src.id} spends more than a pot holds")
    per_group = covered.sum(axis=0)
    for i, g in enumerate(sc.groups):
        floor = g.min_persons if floors_apply else 0
        if per_group[i] > g.max_persons or per_group[i] < floor:
            out.append(
                f"group {g.id}: {per_group[i]:,} covered, outside {g.min_persons:,}..{g.max_persons:,}"
            )
    if not floors_apply:
        return out
    _, village_short, district_short = shares_short(area, covered)
    if village_short.any():
        out.append("a village is below min_village_share")
    if district_short.any():
        out.append("a district is below min_district_share")
    return out


def shares_short(area: AreaScenario, covered: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Persons short of each group's floor, each village's and each district's minimum share
    (0 where kept), for `covered` persons per village and group. The exact re-check and the
    floors fallback's count (`optimizer.areas.short_fast.shortfalls`) both read them."""
    floors = np.array([g.min_persons for g in area.scenario.groups], dtype=np.int64)
    per_village = covered.sum(axis=1)
    totals = area.headcount.sum(axis=1)
    n_d = len(area.district_codes)
    per_district = np.bincount(area.district_of, weights=per_village, minlength=n_d).astype(np.int64)
    heads = np.bincount(area.district_of, weights=totals, minlength=n_d).astype(np.int64)
    return (
        np.maximum(0, floors - covered.sum(axis=0)),
        np.maximum(0, required(totals, area.min_village_share) - per_village),
        np.maximum(0, required(heads, area.min_district_share) - per_district),
    )


def _overspends(
    area: AreaScenario, scope: str, j: int, budget: int, vi: np.ndarray, cost: np.ndarray
) -> bool:
    """Does source j spend more than one of its pots holds (per village, per regency, or in all)?"""
    if scope == "village":
        spent = np.zeros(len(area.villages), dtype=np.int64)
        np.add.at(spent, vi, cost)
        return bool((spent > area.village_budget[:, j]).any())
    if scope == "regency":
        spent = np.zeros(len(area.regency_codes), dtype=np.int64)
        np.add.at(spent, area.regency_of[vi], cost)
        return bool((spent > area.regency_budget[:, j]).any())
    return int(cost.sum()) > budget
