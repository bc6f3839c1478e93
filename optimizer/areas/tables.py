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
    """`cells` has integer columns village, source, group (indices) and persons."""
    sc = area.scenario
    cells = cells[cells["persons"] > 0].sort_values(["village", "source", "group"], kind="stable")
    unit = np.array([[sc.unit_cost(s, g) for g in sc.groups] for s in sc.sources], dtype=np.int64)
    credit = np.array([[sc.credit(s, g, metric) for g in sc.groups] for s in sc.sources])
    months = np.array([g.months for g in sc.groups], dtype=np.int64)
    v, s, g = (cells[c].to_numpy() for c in ("village", "source", "group"))
    n = cells["persons"].to_numpy(dtype=np.int64)
    villages = area.villages.iloc[v].reset_index(drop=True)
    villages["source"] = np.array([x.id for x in sc.sources], dtype=object)[s]
    villages["group"] = np.array([x.id for x in sc.groups], dtype=object)[g]
    villages["persons"] = n
    villages["months"] = months[g]
    villages["cost"] = n * unit[s, g]
    villages["credit"] = n * credit[s, g]
    return villages, _summary(area, villages, "district_code"), _summary(area, villages, "regency_code")


def _summary(area: AreaScenario, villages: pd.DataFrame, key: str) -> pd.DataFrame:
    base = area.villages.assign(uncovered=area.headcount.sum(axis=1))
    keys = [key, "regency_code"] if key == "district_code" else [key]
    out = base.groupby(keys, sort=True)["uncovered"].sum().reset_index()
    done = villages.groupby(keys)[["persons", "cost"]].sum()
    out = out.merge(done, left_on=keys, right_index=True, how="left").fillna(0)
    out = out.rename(columns={"persons": "covered"}).astype({"covered": "int64", "cost": "int64"})
    out["covered_share"] = out["covered"] / out["uncovered"].where(out["uncovered"] > 0, 1)
    if key == "district_code":
        names = dict(zip(_district_keys(area), area.district_names, strict=False))
        pairs = zip(out["regency_code"], out[key], strict=True)
        out["district_name"] = [names.get(pair, "") for pair in pairs]
    return out


def _district_keys(area: AreaScenario) -> list[tuple[str, str]]:
    """(regency_code, district_code) of each district, in area.district_codes order."""
    first = pd.Series(area.regency_of).groupby(area.district_of).first()
    return [(area.regency_codes[first[i]], c) for i, c in enumerate(area.district_codes)]


def village_coverage(area: AreaScenario, villages: pd.DataFrame) -> pd.DataFrame:
    """Every village of the file (funded or not) with its uncovered and covered persons and cost."""
    out = area.villages.copy()
    out["district_name"] = [area.district_names[d] if area.district_names else "" for d in area.district_of]
    out["uncovered"] = area.headcount.sum(axis=1)
    done = villages.groupby("village_code")[["persons", "cost"]].sum()
    out["covered"] = out["village_code"].map(done["persons"]).fillna(0).astype("int64")
    out["cost"] = out["village_code"].map(done["cost"]).fillna(0).astype("int64")
    out["covered_share"] = out["covered"] / out["uncovered"].where(out["uncovered"] > 0, 1)
    return out


def area_violations(area: AreaScenario, villages: pd.DataFrame) -> list[str]:
    """Rules the plan breaks, recomputed from the scenario's arrays (not from the model)."""
    sc = area.scenario
    out: list[str] = []
    code_index = {c: i for i, c in enumerate(area.villages["village_code"])}
    # int64 even for a plan that funds nobody (an empty table has object columns)
    vi = villages["village_code"].map(code_index).to_numpy(dtype=np.int64)
    gi = villages["group"].map({g.id: i for i, g in enumerate(sc.groups)}).to_numpy(dtype=np.int64)
    covered = np.zeros_like(area.headcount)
    np.add.at(covered, (vi, gi), villages["persons"].to_numpy(dtype=np.int64))
    if (covered > area.headcount).any():
        out.append("a village has more persons covered than uncovered")
    for j, (src, scope) in enumerate(zip(sc.sources, area.scopes, strict=True)):
        mine = villages[villages["source"] == src.id]
        if (~mine["group"].map(src.may_pay_for)).any():
            out.append(f"source {src.id} pays for a group it may not")
        if scope == "village":
            spent = mine.groupby("village_code")["cost"].sum()
            limit = pd.Series(area.village_budget[:, j], index=area.villages["village_code"])
        elif scope == "regency":
            spent = mine.groupby("regency_code")["cost"].sum()
            limit = pd.Series(area.regency_budget[:, j], index=list(area.regency_codes))
        else:
            spent = pd.Series([mine["cost"].sum()])
            limit = pd.Series([src.premium_budget])
        if (spent > limit.reindex(spent.index).fillna(0)).any():
            out.append(f"source {src.id} spends more than a pot holds")
    per_group = covered.sum(axis=0)
    for i, g in enumerate(sc.groups):
        if per_group[i] > g.max_persons or per_group[i] < g.min_persons:
            out.append(
                f"group {g.id}: {per_group[i]:,} covered, outside {g.min_persons:,}..{g.max_persons:,}"
            )
    totals = area.headcount.sum(axis=1)
    if (covered.sum(axis=1) < required(totals, area.min_village_share)).any():
        out.append("a village is below min_village_share")
    per_district = np.bincount(
        area.district_of, weights=covered.sum(axis=1), minlength=len(area.district_codes)
    )
    need = required(np.bincount(area.district_of, weights=totals).astype(np.int64), area.min_district_share)
    if (per_district < need).any():
        out.append("a district is below min_district_share")
    return out
