"""Village-level min-cost: a hand-computed optimum, brute force on tiny instances, the
target-unreachable fallback and --time-limit, as the planner sees them."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.areas.data import load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.cli import main
from optimizer.outcome import Outcome
from optimizer.scenario import Objective

FIXTURE = Path("tests/data/villages")


def _fixture_with_target(tmp_path: Path, rate: str) -> Path:
    """The village fixture with another target_rate (its CSVs copied next to it)."""
    for name in ("villages.csv", "village-budgets.csv"):
        (tmp_path / name).write_bytes((FIXTURE / name).read_bytes())
    text = (FIXTURE / "scenario.toml").read_text(encoding="utf-8")
    path = tmp_path / "scenario.toml"
    path.write_text(text.replace("target_rate = 35.0", f"target_rate = {rate}"), encoding="utf-8")
    return path


def test_hand_computed_least_cost_per_village(tmp_path):
    """33.5% of 10,000 = 3,350 participants, 350 more than the 3,000 active. Nelayan cost
    Rp100,800 (6 months), RT/RW Rp201,600 (12): all 300 nelayan, then 50 RT/RW, Rp40,320,000.
    ADD comes first in the file, so the villages' own Rp2,016,000 and Rp4,032,000 pay for
    10 and 20 RT/RW; APBD pays the other 20, in the first village (village_code order)."""
    path = _fixture_with_target(tmp_path, "33.5")
    out = tmp_path / "plan.csv"
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(path), "--objective", "min-cost",
         "--output", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [line.split(",") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    cells = {(r[0], r[4], r[5]): int(r[6]) for r in rows}
    assert cells == {
        ("3503010001", "add", "rt-rw"): 10,
        ("3503010001", "apbd", "rt-rw"): 20,
        ("3503010001", "apbd", "nelayan"): 100,
        ("3503010002", "add", "rt-rw"): 20,
        ("3503020001", "apbd", "nelayan"): 200,
    }
    assert sum(int(r[8]) for r in rows) == 300 * 100_800 + 50 * 201_600 == 40_320_000
    cbc = tmp_path / "cbc.csv"
    args = ["solve", str(path), "--objective", "min-cost", "--solver", "cbc", "--output", str(cbc)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert cbc.read_bytes() == out.read_bytes()


def test_unreachable_target_shows_most_participants_and_exits_1(tmp_path):
    """35% needs 500 more; the villages hold 95 RT/RW and 300 nelayan, all affordable."""
    path = _fixture_with_target(tmp_path, "35.0")
    for lang, words in (("en", "105 missing"), ("id", "105")):
        result = CliRunner().invoke(main, ["solve", str(path), "--objective", "min-cost", "--lang", lang])
        assert result.exit_code == 1, result.output
        assert words in result.output
        assert "+395" in result.output
    en = CliRunner().invoke(main, ["solve", str(path), "--objective", "min-cost"]).output
    idn = CliRunner().invoke(main, ["solve", str(path), "--objective", "min-cost", "--lang", "id"]).output
    assert "extra money that would reach it is not computed" in en
    assert "extra money" not in idn


def test_time_limit_is_taken_by_min_cost_and_small_files_and_refused_on_the_fast_path(tmp_path):
    path = _fixture_with_target(tmp_path, "33.5")
    ok = CliRunner().invoke(main, ["solve", str(path), "--objective", "min-cost", "--time-limit", "30"])
    assert ok.exit_code == 0, ok.output
    cbc = CliRunner().invoke(main, ["solve", str(path), "--solver", "cbc", "--time-limit", "30"])
    assert cbc.exit_code == 0, cbc.output
    small = CliRunner().invoke(main, ["solve", str(path), "--time-limit", "30"])  # solved exactly
    assert small.exit_code == 0, small.output
    from benchmarks.generate import generate
    from optimizer.areas.data import load_area_scenario
    from optimizer.areas.optimize import EXACT_UP_TO_CELLS, cells_upper_bound

    big = generate("regency", tmp_path / "regency", seed=3)
    assert cells_upper_bound(load_area_scenario(big)) > EXACT_UP_TO_CELLS
    fast = CliRunner().invoke(main, ["solve", str(big), "--time-limit", "30"])
    assert fast.exit_code == 2
    lines = fast.output.strip().splitlines()
    assert len(lines) == 1 and "remove --time-limit" in lines[0] and str(big) in lines[0]


# --- brute force on tiny instances ----------------------------------------------------

CODES = ("3503010001", "3503010002")
GROUPS = ("a", "b")


def _write_tiny(folder: Path, heads, add, apbd, months, rate, add_pays_b) -> Path:
    eligible = '["a", "b"]' if add_pays_b else '["a"]'
    (folder / "villages.csv").write_text(
        "village_code,village_name,district_code,regency_code,a,b\n"
        + "".join(f"{c},V{k},350301,3503,{h[0]},{h[1]}\n"
                  for k, (c, h) in enumerate(zip(CODES, heads, strict=True))),
        encoding="utf-8",
    )  # fmt: skip
    (folder / "village-budgets.csv").write_text(
        "village_code,add\n" + "".join(f"{c},{b}\n" for c, b in zip(CODES, add, strict=True)),
        encoding="utf-8",
    )
    toml = f"""
[region]
name = "Tiny"
year = 2025
workforce = 1_000
active = 300
target_rate = {rate}
[optimize]
objective = "min-cost"
metric = "persons"
[areas]
villages = "villages.csv"
village_budgets = "village-budgets.csv"
[[package]]
id = "p"
monthly_price = 10_000
[[group]]
id = "a"
package = "p"
months = {months[0]}
[[group]]
id = "b"
package = "p"
months = {months[1]}
[[source]]
id = "add"
kind = "village"
scope = "village"
eligible = {eligible}
[[source]]
id = "apbd"
kind = "apbd"
budget = {apbd}
"""
    path = folder / "scenario.toml"
    path.write_text(toml, encoding="utf-8")
    return path


def _brute(heads, add, apbd, months, need, add_pays_b):
    """(least cost reaching `need` persons, or None; most persons affordable) by enumeration."""
    unit = [10_000 * m for m in months]
    best_cost, most = None, 0
    per_village = []
    for v in range(2):
        options = []
        for split in itertools.product(*(range(heads[v][g] + 1) for g in range(2)), repeat=1):
            for by_add in itertools.product(*(range(split[g] + 1) for g in range(2))):
                if not add_pays_b and by_add[1]:
                    continue
                add_cost = sum(by_add[g] * unit[g] for g in range(2))
                if add_cost > add[v]:
                    continue
                apbd_cost = sum((split[g] - by_add[g]) * unit[g] for g in range(2))
                options.append((sum(split), add_cost + apbd_cost, apbd_cost))
        per_village.append(options)
    for (p1, c1, a1), (p2, c2, a2) in itertools.product(*per_village):
        if a1 + a2 > apbd:
            continue
        most = max(most, p1 + p2)
        if p1 + p2 >= need and (best_cost is None or c1 + c2 < best_cost):
            best_cost = c1 + c2
    return best_cost, most


@settings(max_examples=60, deadline=None)
@given(
    heads=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=2, max_size=2),
    add=st.lists(st.integers(0, 400_000), min_size=2, max_size=2),
    apbd=st.integers(0, 600_000),
    months=st.tuples(st.integers(1, 12), st.integers(1, 12)),
    tenths=st.integers(0, 12),
    add_pays_b=st.booleans(),
)
def test_min_cost_matches_brute_force(heads, add, apbd, months, tenths, add_pays_b):
    rate = f"30.{tenths}" if tenths < 10 else f"31.{tenths - 10}"
    need = math.ceil(round(float(rate) * 10, 6)) - 300
    with tempfile.TemporaryDirectory() as folder:
        path = _write_tiny(Path(folder), heads, add, apbd, months, rate, add_pays_b)
        area = load_area_scenario(path)
        best_cost, most = _brute(heads, add, apbd, months, need, add_pays_b)
        tables = []
        for solver in ("highs", "cbc"):
            ap = optimize_areas(area, Objective.MIN_COST, solver=solver)
            plan = ap
            tables.append(ap.areas.villages.to_csv(index=False))
            added = plan.coverage.credited_after - plan.coverage.active_before
            if best_cost is None:
                assert plan.outcome == Outcome.TARGET_UNREACHABLE, solver
                assert added == most, solver
            else:
                assert plan.outcome == Outcome.OPTIMAL, solver
                assert plan.total_cost == best_cost, solver
                assert added >= need, solver
        assert tables[0] == tables[1]  # ties broken the same way whatever the solver
