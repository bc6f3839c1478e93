"""Village-level plans whose floors or minimum shares the money cannot pay: the plan that
leaves the fewest persons short and what is missing, exit 1, never a solver failure (exit 3),
on the exact path, the fast path and with min-cost, as one-region plans do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from optimizer.areas.data import load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.outcome import Outcome

FIXTURE = Path("tests/data/villages")
#: APBD buys exactly 100 nelayan (Rp100,800 each: 6 months at Rp16,800) or 50 RT/RW.
APBD = 10_080_000


def _fixture(tmp_path: Path, nelayan: str = "", areas: str = "") -> Path:
    """The village fixture with APBD Rp10,080,000, extra `nelayan` group lines and `[areas]` lines."""
    for name in ("villages.csv", "village-budgets.csv"):
        (tmp_path / name).write_bytes((FIXTURE / name).read_bytes())
    text = (FIXTURE / "scenario.toml").read_text(encoding="utf-8")
    text = text.replace("budget = 50_000_000", f"budget = {APBD}")
    text = text.replace('id = "nelayan"\n', f'id = "nelayan"\n{nelayan}')
    pots = 'village_budgets = "village-budgets.csv"\n'
    text = text.replace(pots, pots + areas)
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _solve(path: Path, *args: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(path), "--format", "json", *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_unaffordable_group_floor_gives_the_closest_plan_and_exit_1(tmp_path, solver):
    """Floor 300 nelayan; only APBD may pay for them and it buys 100: 200 persons short. The
    villages' own money may not pay for nelayan: it still covers its 10 and 20 RT/RW."""
    code, plan = _solve(_fixture(tmp_path, nelayan="floor = 300\n"), "--solver", solver)
    assert code == 1
    assert plan["status"] == "floors-unaffordable"
    short = plan["floor_shortfall"]
    assert short["missing"] == 200
    assert short["floors"] == [{"group": "nelayan", "persons_short": 200}]
    covered = {g["group"]: g["covered"] for g in plan["groups"]}
    assert covered == {"rt-rw": 30, "nelayan": 100}
    assert {s["source"]: s["used"] for s in plan["sources"]}["apbd"] == APBD


def test_unaffordable_village_share_counts_the_persons_short(tmp_path):
    """50% of each village: 70 of 140, 13 of 25, 115 of 230. The villages' own money pays
    10 and 20 RT/RW in the first two; APBD's 100 nelayan go to the first and third, which
    need 60 and 115 more: 75 persons short whatever the split."""
    code, plan = _solve(_fixture(tmp_path, areas='min_village_share = "50%"\n'))
    assert code == 1
    assert plan["status"] == "floors-unaffordable"
    assert plan["floor_shortfall"]["missing"] == 75
    assert plan["floor_shortfall"]["floors"] == []
    assert any("minimum village share" in r for r in plan["floor_shortfall"]["reasons"])


def test_min_cost_with_an_unaffordable_floor_is_not_a_solver_failure(tmp_path):
    """Min-cost: the fewest persons short, then as close to the target as it can (500 more
    participants wanted; the villages' own money adds its 30 RT/RW), then least cost."""
    code, plan = _solve(_fixture(tmp_path, nelayan="floor = 300\n"), "--objective", "min-cost")
    assert code == 1
    assert plan["status"] == "floors-unaffordable"
    assert plan["floor_shortfall"]["missing"] == 200
    assert {g["group"]: g["covered"] for g in plan["groups"]} == {"rt-rw": 30, "nelayan": 100}


def test_fast_path_falls_back_to_the_same_plan(tmp_path):
    """The fast path's LP is infeasible: it hands over to the same exact fallback."""
    area = load_area_scenario(_fixture(tmp_path, nelayan="floor = 300\n"))
    fast, exact = (optimize_areas(area, fast=f) for f in (True, False))
    assert fast.outcome is exact.outcome is Outcome.FLOORS_UNAFFORDABLE
    assert fast.areas.villages.equals(exact.areas.villages)
    assert fast.floor_shortfall == exact.floor_shortfall


def test_fast_path_sees_a_village_share_that_no_money_may_pay(tmp_path):
    """APBD Rp0 and 5% of each village: the first two reach it with their own money (10 of 7,
    20 of 2), the third (230 persons, no money of its own) needs 12 and no source may pay for
    anyone there. The fast path's LP had no row for it, so it printed a plan that broke the
    share (exit 3; a village frontier's level 0 always did). Now it is the exact path's
    floors-unaffordable plan: 12 short."""
    path = _fixture(tmp_path, areas='min_village_share = "5%"\n')
    text = path.read_text(encoding="utf-8").replace(f"budget = {APBD}", "budget = 0")
    path.write_text(text, encoding="utf-8")
    area = load_area_scenario(path)
    fast, exact = (optimize_areas(area, fast=f) for f in (True, False))
    assert fast.outcome is exact.outcome is Outcome.FLOORS_UNAFFORDABLE
    assert fast.areas.villages.equals(exact.areas.villages)
    assert fast.floor_shortfall.missing == exact.floor_shortfall.missing == 12


@pytest.mark.parametrize(
    ("nelayan", "areas", "missing"),
    [("", 'min_village_share = "50%"\n', 75), ("floor = 300\n", "", 200)],
)
def test_a_file_too_large_for_the_exact_fallback_gets_the_fast_one(
    tmp_path, monkeypatch, nelayan, areas, missing
):
    """Beyond EXACT_UP_TO_CELLS the exact fallback (one integer program over every cell) ran for
    more than ten minutes on a province. The fast one lowers the rules by the LP's shortfall and
    plans the rest on the fast path: here as few persons short as the exact plan, as much covered,
    labelled not proven (the LP only bounds the fewest persons short)."""
    area = load_area_scenario(_fixture(tmp_path, nelayan=nelayan, areas=areas))
    exact = optimize_areas(area, fast=True)
    monkeypatch.setattr("optimizer.areas.optimize.EXACT_UP_TO_CELLS", 0)
    fast = optimize_areas(area)
    assert exact.outcome is fast.outcome is Outcome.FLOORS_UNAFFORDABLE
    assert exact.status.value == "optimal" and fast.status.value == "not-proven-optimal"
    assert fast.floor_shortfall.missing == exact.floor_shortfall.missing == missing
    assert fast.floor_shortfall.floors == exact.floor_shortfall.floors
    assert fast.coverage.new_persons == exact.coverage.new_persons
    assert "lowered by the LP's shortfall" in fast.areas.certificate.method


def test_indonesian_shortfall_lines(tmp_path):
    path = _fixture(tmp_path, areas='min_village_share = "50%"\n')
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(path), "--lang", "id"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "porsi minimum per desa tidak terbiayai" in done.stdout
    assert "minimum village share" not in done.stdout
