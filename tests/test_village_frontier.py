"""`frontier` on a village-level file: each level is the plan `solve` prints for the file with
its pots scaled to that level (issue 12), driven through the real program."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import optimizer.areas.optimize as area_optimize
from optimizer.areas.frontier import NO_VILLAGE_TARGETS, village_frontier
from optimizer.plan_file import load_plan_file

VILLAGES = Path("tests/data/villages")
SCENARIO = str(VILLAGES / "scenario.toml")
ELIGIBLE = 40 + 25 + 30 + 100 + 200  # every uncovered person of villages.csv (apbd may pay for all)

#: --up-to 10,000,000 of today's Rp56,048,000 (add pots 2,016,000 and 4,032,000; apbd 50,000,000):
#: each pot times level / 56,048,000, rounded down (the level shown is their sum).
BY_HAND = {
    0: ((0, 0), 0),
    4_999_998: ((179_845, 359_691), 4_460_462),  # level 5,000,000
    9_999_998: ((359_691, 719_383), 8_920_924),  # level 10,000,000
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *args], capture_output=True, text=True, encoding="utf-8"
    )


def frontier_json(*args: str) -> dict:
    result = run("frontier", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def scaled_copy(folder: Path, add: tuple[int, int], apbd: int) -> Path:
    """The test file with its budgets written by hand: the villages' ADD and the regency's APBD."""
    shutil.copy(VILLAGES / "villages.csv", folder / "villages.csv")
    (folder / "village-budgets.csv").write_text(
        f"village_code,add\n3503010001,{add[0]}\n3503010002,{add[1]}\n", encoding="utf-8"
    )
    toml = (VILLAGES / "scenario.toml").read_text(encoding="utf-8")
    (folder / "scenario.toml").write_text(toml.replace("budget = 50_000_000", f"budget = {apbd}"))
    assert f"budget = {apbd}" in (folder / "scenario.toml").read_text()
    return folder / "scenario.toml"


def test_each_level_is_solve_of_the_file_with_its_budgets_scaled_by_hand(tmp_path):
    doc = frontier_json(SCENARIO, "--steps", "3", "--up-to", "10000000")
    assert doc["level_today"] == 56_048_000
    assert [p["level"] for p in doc["points"]] == sorted(BY_HAND)
    for point in doc["points"]:
        add, apbd = BY_HAND[point["level"]]
        folder = tmp_path / str(point["level"])
        folder.mkdir()
        solved = run("solve", str(scaled_copy(folder, add, apbd)), "--format", "json")
        assert solved.returncode in (0, 1), solved.stderr  # 1: the target is missed
        plan = json.loads(solved.stdout)
        cov = plan["coverage"]
        assert point["level"] == sum(s["premium_budget"] for s in plan["sources"])
        assert point["value"] == plan["objective_value"]
        assert point["new_persons"] == cov["new_persons"]
        assert point["rate_after"] == cov["rate_after"]
        assert point["credited_rate"] == cov["credited_after"] / cov["workforce"]
        assert point["total_cost"] == plan["total_cost"]
    assert doc["points"][1]["new_persons"] > 0  # the copies differ: the check is not vacuous


def test_level_0_covers_nobody_and_far_above_need_covers_everyone_eligible():
    doc = frontier_json(SCENARIO, "--steps", "3", "--up-to", "100000000000")
    first, today, top = doc["points"][0], doc["points"][1], doc["points"][-1]
    assert (first["level"], first["new_persons"], first["total_cost"]) == (0, 0, 0)
    assert today["kind"] == "today" and today["level"] == 56_048_000
    assert top["new_persons"] == ELIGIBLE
    # Each pot rounded down: the level is the money the scaled file holds.
    assert top["level"] == sum(p * 10**11 // 56_048_000 for p in (2_016_000, 4_032_000, 50_000_000))


def test_one_source_is_swept_alone_and_workers_change_nothing():
    one = run("frontier", SCENARIO, "--steps", "3", "--source", "add", "--format", "json", "--workers", "1")
    two = run("frontier", SCENARIO, "--steps", "3", "--source", "add", "--format", "json", "--workers", "2")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    doc = json.loads(one.stdout)
    assert doc["swept"] == "add" and doc["level_today"] == 6_048_000
    assert [p["level"] for p in doc["points"]] == [0, 6_048_000, 12_096_000]
    # APBD alone can pay for everyone: ADD's money changes who pays, not who is covered.
    assert {p["new_persons"] for p in doc["points"]} == {ELIGIBLE}


def test_targets_are_refused_in_one_line():
    result = run("frontier", SCENARIO, "--targets", "40")
    assert result.returncode == 2
    lines = [x for x in result.stderr.strip().splitlines() if not x.startswith("warning:")]
    assert lines == [f"Error: {SCENARIO}: {NO_VILLAGE_TARGETS}"]


def test_unknown_source_is_refused():
    result = run("frontier", SCENARIO, "--source", "dbh")
    assert result.returncode == 2
    assert "--source 'dbh' is not a source of this scenario; use one of add, apbd" in result.stderr


def test_fast_path_levels_are_the_exact_ones_with_their_lp_value(monkeypatch):
    area = load_plan_file(SCENARIO).area
    exact = village_frontier(area, steps=5, workers=1)
    monkeypatch.setattr(area_optimize, "EXACT_UP_TO_CELLS", 0)
    fast = village_frontier(area, steps=5, workers=1)
    assert all(p.lp_value is None for p in exact.points)
    for e, f in zip(exact.points, fast.points, strict=True):
        assert (e.level, e.value, e.new_persons, e.total_cost) == (
            f.level,
            f.value,
            f.new_persons,
            f.total_cost,
        )
        assert f.lp_value is not None and f.lp_value >= f.value - 1e-6  # the LP bounds the integer plan


def test_the_village_frontier_does_not_claim_an_exact_lp_curve():
    """No breakpoints are computed for village files: the table and the JSON say what the LP
    column is, not "exact between its breakpoints" (a one-region frontier still says that)."""
    table = run("frontier", SCENARIO, "--steps", "3")
    assert table.returncode == 0, table.stderr
    assert "no breakpoints" in table.stdout and "exact between" not in table.stdout
    assert "no breakpoints" in frontier_json(SCENARIO, "--steps", "3")["note"]
    one_region = run("frontier", "scenarios/teaching-example.toml", "--steps", "3")
    assert "exact between its breakpoints" in one_region.stdout


def test_fast_path_levels_whose_floor_cannot_be_paid_say_so_and_the_run_goes_on(tmp_path):
    """1,001 villages (2,002 cells: the fast path) with an RT/RW floor of 1,100: the villages'
    own money covers 1,001, so APBD must pay 99 more. At APBD Rp0 the level shows "floors
    unaffordable" (the fast path's infeasible LP stopped the whole frontier before); the other
    levels are planned as solve plans them."""
    rows = [f"35030{i:05d},Desa {i},350301,3503,3,0" for i in range(1, 1002)]
    header = "village_code,village_name,district_code,regency_code,rt-rw,nelayan\n"
    (tmp_path / "villages.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    pots = [f"35030{i:05d},201600" for i in range(1, 1002)]
    (tmp_path / "village-budgets.csv").write_text("village_code,add\n" + "\n".join(pots) + "\n", "utf-8")
    text = (VILLAGES / "scenario.toml").read_text(encoding="utf-8")
    path = tmp_path / "big.toml"
    path.write_text(text.replace('id = "rt-rw"\n', 'id = "rt-rw"\nfloor = 1100\n'), encoding="utf-8")
    run = [sys.executable, "-m", "optimizer", "frontier", str(path), "--source", "apbd", "--steps", "5"]
    done = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    points = json.loads(done.stdout)["points"]
    assert points[0]["level"] == 0 and points[0]["value"] is None
    assert all(p["value"] is not None for p in points[1:])
    table = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert "floors unaffordable" in table.stdout.splitlines()[6]
