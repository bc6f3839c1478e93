"""Every bundled scenario loads, solves to a checked plan, and real programmes reproduce."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from optimizer.areas.data import is_area_file, load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.io import load_scenario
from optimizer.optimize import Outcome, optimize
from optimizer.result import violations

SCENARIOS = sorted(p for p in Path("scenarios").glob("*.toml") if not is_area_file(p))
AREA_SCENARIOS = {p.stem: p for p in Path("scenarios").glob("*.toml") if is_area_file(p)}


def test_there_is_one_scenario_per_region_and_a_teaching_example():
    names = {p.stem for p in SCENARIOS}
    for region in (
        "pacitan-2025",
        "trenggalek-2024",
        "pati-2025",
        "pringsewu-2024",
        "pasaman-barat-2025",
        "teaching-example",
    ):
        assert region in names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_solves_to_a_plan_that_keeps_every_rule(path):
    scenario = load_scenario(path)
    plan = optimize(scenario)
    assert plan.outcome in (Outcome.OPTIMAL, Outcome.TARGET_UNREACHABLE)
    assert plan.status.value == "optimal"
    assert violations(plan) == []
    assert plan.coverage.active_after >= scenario.region.active


@pytest.mark.parametrize(
    ("stem", "villages", "groups"),
    [
        # 3,805 nagari officials, staff, Bamus and cadres (seed 004) across the 90 nagari.
        ("pasaman-barat-2025-nagari", 90, {"perangkat-nagari": 1_500, "bamus-kader": 2_305}),
        # Pati's village-project workers (pati-2025.toml's 10,000) across its 406 desa/kelurahan.
        ("pati-2025-desa", 406, {"konstruksi-desa": 10_000}),
    ],
)
def test_real_list_village_scenarios_solve_proven_per_village(stem, villages, groups):
    area = load_area_scenario(AREA_SCENARIOS[stem])
    assert len(area.villages) == villages and area.villages["village_code"].is_unique
    assert {g.id: g.uncovered for g in area.scenario.groups} == groups
    ap = optimize_areas(area)  # small enough to be solved exactly, with the file-order tie-break
    assert ap.outcome == Outcome.OPTIMAL and ap.solver == "highs"
    fast = optimize_areas(area, fast=True)
    assert fast.outcome == Outcome.OPTIMAL and fast.areas.certificate.gap_persons == 0
    assert fast.objective_value == ap.objective_value
    # Each village's own money pays only for its own people, never more than its pot.
    (pot,) = [s.id for s, scope in zip(area.scenario.sources, area.scopes, strict=True) if scope == "village"]
    budgets = AREA_SCENARIOS[stem].parent / "villages" / f"{stem}-budgets.csv"
    held = pd.read_csv(budgets, dtype={"village_code": str}).set_index("village_code")[pot]
    spent = ap.areas.villages[ap.areas.villages["source"] == pot].groupby("village_code")["cost"].sum()
    assert not spent.empty and (spent <= held.reindex(spent.index)).all()
    assert (ap.areas.coverage["covered"] <= ap.areas.coverage["uncovered"]).all()
    assert ap.areas.coverage["covered"].sum() == ap.coverage.new_persons


def test_pasaman_barat_dbh_sawit_programme_is_reproduced():
    # Article: DBH Sawit covers 7,723 plantation workers for 3 months at Rp16,800.
    plan = optimize(load_scenario("scenarios/pasaman-barat-2025-dbh-sawit-actual.toml"))
    assert plan.allocations["persons"].sum() == 7_723
    assert set(plan.allocations["months"]) == {3}
    assert plan.total_cost == 7_723 * 3 * 16_800 == 389_239_200


def test_pacitan_published_rate_is_flagged():
    scenario = load_scenario("scenarios/pacitan-2025.toml")
    plan = optimize(scenario)
    assert any("18.9%" in w and "30%" in w for w in plan.warnings)


def test_pringsewu_election_window_buys_two_months_and_more_extreme_poor():
    # Officers Nov-Dec: 5,254 x 2 x 16,800 = 176,534,400; RT/BHP 483,840,000; the rest
    # 339,625,600 / 201,600 = 1,684 extreme-poor workers (against 1,246 with 3 fixed months).
    plan = optimize(load_scenario("scenarios/pringsewu-2024-election-window.toml"))
    got = {(r.group, r.first_month, r.last_month): r.persons for r in plan.allocations.itertuples()}
    assert got == {
        ("rt-bhp", 1, 12): 2_400,
        ("petugas-pilkada", 11, 12): 5_254,
        ("miskin-ekstrem", 1, 12): 1_684,
    }


def test_pasaman_barat_tranches_never_pay_a_month_before_its_money_arrives():
    plan = optimize(load_scenario("scenarios/pasaman-barat-2025-tranches.toml"))
    months = plan.monthly.source_months
    assert (months["paid_by_end"] <= months["arrived_by_end"]).all()
    sawit = plan.allocations[plan.allocations["group"] == "pekerja-sawit"]
    assert set(zip(sawit["first_month"], sawit["last_month"], strict=True)) == {(10, 12)}


def test_village_plan_does_not_depend_on_the_order_of_the_rows(tmp_path):
    """Pati's APBD can pay in any of 401 villages at one price: a tie, split the same way in any row order."""
    (tmp_path / "villages").mkdir()
    path = AREA_SCENARIOS["pati-2025-desa"]
    (tmp_path / path.name).write_text(path.read_text())
    for name in ("pati-2025-desa.csv", "pati-2025-desa-budgets.csv"):
        table = pd.read_csv(path.parent / "villages" / name, dtype=str)
        table.iloc[::-1].to_csv(tmp_path / "villages" / name, index=False)
    plans = [optimize_areas(load_area_scenario(p)) for p in (path, tmp_path / path.name)]
    key = ["village_code", "source", "group"]
    first, second = (p.areas.villages.sort_values(key).reset_index(drop=True) for p in plans)
    assert (plans[0].areas.villages["source"] == "apbd").sum() > 1  # the tie is really there
    assert first.equals(second)
