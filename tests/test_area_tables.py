"""The village plan's independent re-check (`areas.tables.area_violations`) catches every broken rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate
from optimizer.areas.data import load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.areas.tables import area_violations


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    path: Path = generate("regency", tmp_path_factory.mktemp("regency"), seed=3)
    area = load_area_scenario(path)
    return area, optimize_areas(area).areas.villages


def _scope_of(area, scope: str) -> str:
    return next(s.id for s, sc in zip(area.scenario.sources, area.scopes, strict=True) if sc == scope)


def test_the_optimal_plan_breaks_nothing(solved):
    area, villages = solved
    assert area_violations(area, villages) == []


def test_more_persons_than_a_village_has_is_caught(solved):
    area, villages = solved
    broken = villages.copy()
    broken.loc[broken.index[0], "persons"] += int(area.headcount.max()) + 1
    assert "a village has more persons covered than uncovered" in area_violations(area, broken)


@pytest.mark.parametrize("scope", ["village", "regency", "province"])
def test_a_pot_overspent_by_one_rupiah_is_caught(solved, scope):
    area, villages = solved
    sid = _scope_of(area, scope)
    j = [s.id for s in area.scenario.sources].index(sid)
    rows = villages.index[villages["source"] == sid]
    assert len(rows), f"the generated plan spends nothing from {sid}"
    broken = villages.copy()
    if scope == "village":  # the first funded village's whole pot, plus one Rupiah, on one row
        code = broken.loc[rows[0], "village_code"]
        same = rows[broken.loc[rows, "village_code"] == code]
        pot = int(area.village_budget[list(area.villages["village_code"]).index(code), j])
        broken.loc[same, "cost"] = 0
        broken.loc[same[0], "cost"] = pot + 1
    elif scope == "regency":
        code = broken.loc[rows[0], "regency_code"]
        same = rows[broken.loc[rows, "regency_code"] == code]
        pot = int(area.regency_budget[list(area.regency_codes).index(code), j])
        broken.loc[same, "cost"] = 0
        broken.loc[same[0], "cost"] = pot + 1
    else:
        broken.loc[rows, "cost"] = 0
        broken.loc[rows[0], "cost"] = area.scenario.source(sid).premium_budget + 1
    assert f"source {sid} spends more than a pot holds" in area_violations(area, broken)
    broken.loc[rows[0], "cost"] -= 1  # exactly the pot: allowed
    assert not any("more than a pot" in v for v in area_violations(area, broken))


def test_a_source_paying_for_a_group_it_may_not_is_caught(solved):
    area, villages = solved
    sc = area.scenario
    source, group = next(
        (s, g)
        for s in sc.sources
        for g in sc.groups
        if not s.may_pay_for(g.id) and (villages["group"] == g.id).any()
    )
    broken = villages.copy()
    row = broken.index[broken["group"] == group.id][0]
    broken.loc[row, "source"] = source.id
    assert f"source {source.id} pays for a group it may not" in area_violations(area, broken)


def test_a_village_below_its_minimum_share_is_caught(solved):
    area, villages = solved
    if not area.min_village_share:
        pytest.skip("the generated regency has no min_village_share")
    code = villages["village_code"].iloc[0]
    broken = villages[villages["village_code"] != code]
    assert "a village is below min_village_share" in area_violations(area, broken)


def test_a_row_of_an_unknown_village_is_caught(solved):
    area, villages = solved
    broken = villages.copy()
    broken.loc[broken.index[0], "village_code"] = "X999"
    assert area_violations(area, broken) == [
        "a row names a village, group or source that is not in the scenario"
    ]
