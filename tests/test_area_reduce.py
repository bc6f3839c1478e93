"""The merged village LP (`optimizer.areas.reduce`) against the full LP, on small generated instances."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchmarks.generate import generate
from optimizer.areas import by_regency
from optimizer.areas.bound import lagrangian_parts, part_program, tightened_part
from optimizer.areas.data import load_area_scenario
from optimizer.areas.fast import restricted, solve_reduced
from optimizer.areas.model import GROUP, HEAD, POT, build_area_lp, build_area_program, distinct_keys
from optimizer.areas.optimize import optimize_areas
from optimizer.areas.reduce import reduce_lp
from optimizer.areas.rounding import activity, whole_persons
from optimizer.scenario import Metric
from optimizer.solve import solve_program
from optimizer.solve_fast import improve_whole, mip_upper_bound, solve_area_lp


def _instance(tmp_path: Path, seed: int, villages: int, shares: str) -> Path:
    """The first villages of a generated province (several regencies), with other fairness rules."""
    src = tmp_path / "src"
    generate("province", src, seed=seed)
    table = pd.read_csv(src / "villages.csv", dtype=str)
    keep = table.groupby("regency_code").head(villages // 4).head(villages)
    keep.to_csv(tmp_path / "villages.csv", index=False)
    vb = pd.read_csv(src / "village-budgets.csv", dtype=str)
    vb[vb["village_code"].isin(keep["village_code"])].to_csv(tmp_path / "village-budgets.csv", index=False)
    rb = pd.read_csv(src / "regency-budgets.csv", dtype={"regency_code": str})
    rb = rb[rb["regency_code"].isin(keep["regency_code"])]
    share = keep["regency_code"].value_counts() / table["regency_code"].value_counts()
    for c in ("apbd", "dbh-cht", "dbh-sawit", "csr"):
        rb[c] = (rb[c] * rb["regency_code"].map(share)).astype("int64")
    rb.to_csv(tmp_path / "regency-budgets.csv", index=False)
    text = (src / "scenario.toml").read_text().replace("min_village_share = 5.0", shares)
    budget = next(ln for ln in text.splitlines() if ln.startswith("budget = "))
    text = text.replace(budget, f"budget = {int(budget.split('= ')[1]) * len(keep) // len(table)}")
    (tmp_path / "scenario.toml").write_text(text)
    shutil.rmtree(src)
    return tmp_path / "scenario.toml"


#: (seed, fairness rules, the route the fast path took with HiGHS 1.12; a label, not asserted)
CASES = [
    (1, "min_village_share = 5.0", "merged"),
    (2, "min_village_share = 25.0", "merged"),
    (3, "min_village_share = 33.0", "explicit"),  # binding shares: villages are made explicit
    (2, "min_village_share = 40.0", "full"),  # too many rounds: the full LP is solved instead
    (3, "min_district_share = 30.0", "merged"),  # merged per district
    (4, "min_village_share = 20.0\nmin_district_share = 35.0", "merged"),
]
MERGED = [c for c in CASES if c[2] != "full"]


def _variant(path: Path) -> Path:
    """ADD pays three groups (not pooled), group floor/cap rows and a weight: other paths of the merge."""
    text = path.read_text()
    text = text.replace(
        'eligible = ["rt-rw", "perangkat-desa"]', 'eligible = ["rt-rw", "perangkat-desa", "nelayan"]'
    )
    text = text.replace('id = "penderes"\n', 'id = "penderes"\nfloor = 30\nweight = 1.5\n')
    text = text.replace('id = "pekerja-rentan"\n', 'id = "pekerja-rentan"\ncap = 900\n')
    path.write_text(text)
    return path


@pytest.mark.parametrize("seed", [5, 6])
def test_unpooled_village_pots_and_group_rows(tmp_path, seed):
    area = load_area_scenario(_variant(_instance(tmp_path, seed, 60, "min_village_share = 10.0")))
    full = build_area_lp(area, Metric.PERSONS)
    assert (full.block == GROUP).sum() == 2
    direct = solve_area_lp(full)
    fast = solve_reduced(area, full)
    assert fast.answer.proven and fast.reduction is not None
    assert not fast.reduction.pooled.any() and fast.reduction.merged.any()
    assert fast.answer.value == pytest.approx(direct.value, rel=1e-9)
    x, unmet = whole_persons(full, fast.whole(area).astype(float))
    act = activity(full, x)
    capped = full.iupper >= 0
    assert not unmet and (act >= full.ilower).all() and (act[capped] <= full.iupper[capped]).all()


@pytest.mark.parametrize(("seed", "shares", "way"), CASES)
def test_merged_lp_gives_the_full_lp_optimum(tmp_path, seed, shares, way):
    area = load_area_scenario(_instance(tmp_path, seed, 60, shares))
    full = build_area_lp(area, Metric.PERSONS)
    direct = solve_area_lp(full)
    fast = solve_reduced(area, full)
    assert direct.proven and fast.answer.proven
    # What the planner gets, whichever route the fast path took (merged, explicit villages or
    # the full LP; the route depends on the HiGHS version's vertex): whole persons that keep
    # every row, the shares included.
    whole = fast.whole(area)
    x, unmet = whole_persons(full, fast.answer.x if whole is None else whole.astype(float))
    act = activity(full, x)
    capped = full.iupper >= 0
    assert not unmet and (act >= full.ilower).all() and (act[capped] <= full.iupper[capped]).all()
    # Equal up to the half Rupiah of headroom the full LP gives each village pot (pooled pots share one).
    assert fast.answer.value == pytest.approx(direct.value, rel=1e-7)
    assert fast.answer.bound >= direct.value - 1e-6
    # The merged LP without the share rows of merged villages is a relaxation: never below.
    relaxed = solve_area_lp(reduce_lp(area, full, np.zeros(len(area.villages), bool)).lp)
    assert relaxed.value >= direct.value * (1 - 1e-7)
    # With every village explicit nothing is merged: the same program, row for row.
    same = reduce_lp(area, full, np.ones(len(area.villages), bool)).lp
    assert len(same.objective) == len(full.objective) and len(same.block) == len(full.block)


@pytest.mark.parametrize(("seed", "shares", "way"), MERGED)
def test_split_whole_persons_keep_every_row_exactly(tmp_path, seed, shares, way):
    area = load_area_scenario(_instance(tmp_path, seed, 60, shares))
    full = build_area_lp(area, Metric.PERSONS)
    fast = solve_reduced(area, full)
    whole = fast.whole(area)
    assert whole.dtype == np.int64 and (whole >= 0).all() and (whole <= full.upper).all()
    act = activity(full, whole)
    capped = full.iupper >= 0
    assert (act[capped] <= full.iupper[capped]).all()
    # The split spends exactly what the merged whole-person plan spends, pot by pot.
    red = reduce_lp(area, full, np.zeros(len(area.villages), bool))
    pots = full.block == POT
    assert act[pots].sum() == (full.icoef[:, POT] * whole).sum()
    x, unmet = whole_persons(full, whole.astype(float))
    act = activity(full, x)
    assert not unmet and (act >= full.ilower).all() and (act[capped] <= full.iupper[capped]).all()
    assert full.objective @ x >= full.objective @ whole - 1e-9
    assert fast.answer.bound - full.objective @ x >= -1e-6
    assert len(red.lp.block) < len(full.block) and (red.lp.rows[:, HEAD] >= 0).all()


@pytest.mark.parametrize(("seed", "shares", "way"), CASES[:2] + CASES[4:5])
def test_whole_person_bound_is_above_the_integer_optimum_and_below_the_lp_bound(tmp_path, seed, shares, way):
    area = load_area_scenario(_instance(tmp_path, seed, 40, shares))
    best = solve_program(build_area_program(area, Metric.PERSONS), "highs", stages=1)
    assert best.status.value == "optimal"
    plan = optimize_areas(area, fast=True)
    c = plan.areas.certificate
    assert c.whole_bound >= best.goal_values[0] - 1e-6
    assert c.whole_bound <= c.dual_bound + 1e-9
    assert plan.objective_value <= best.goal_values[0] + 1e-9
    # Rounding, the MIP polish of short regencies and the bound close the gap on these instances.
    assert plan.objective_value == best.goal_values[0] == np.floor(c.whole_bound + 1e-6)
    assert plan.status.value == "optimal"
    assert c.gap_persons == pytest.approx(c.whole_bound - plan.objective_value)


@pytest.mark.parametrize(("seed", "shares", "way"), CASES[:2] + CASES[4:5])
def test_each_regencys_mip_bound_is_above_its_part_of_the_integer_optimum(tmp_path, seed, shares, way):
    """`close_the_gap`'s two tools, checked against the exact integer optimum x* (PuLP, HiGHS):
    a regency's own program (`part_program`) keeps x* on its columns, so its MIP bound is never
    below x*'s value there; and a regency re-planned alone (`restricted`, others held) keeps every
    row of the full program."""
    area = load_area_scenario(_instance(tmp_path, seed, 40, shares))
    program = build_area_program(area, Metric.PERSONS)
    best = solve_program(program, "highs", stages=1)
    full = build_area_lp(area, Metric.PERSONS)
    fast = solve_reduced(area, full)
    # x* in the fast path's column order (village, source, group)
    keys = [v.key for v in program.variables]
    index = {(k.area, k.source, k.group): int(v) for k, v in zip(keys, best.values, strict=True)}
    codes, sc = area.villages["village_code"].tolist(), area.scenario
    triples = zip(full.village, full.source, full.group, strict=True)
    star = np.array([index.get((codes[v], sc.sources[s].id, sc.groups[g].id), 0) for v, s, g in triples])
    assert full.objective @ star == pytest.approx(best.goal_values[0])
    parts = lagrangian_parts(area, full, fast.answer.duals)
    col_part = area.regency_of[full.village]
    bounds = []
    for r in range(len(area.regency_codes)):
        mine = col_part == r
        mip = mip_upper_bound(part_program(area, full, parts, r), star[mine], 1000)
        assert mip is not None and mip >= parts.objective[mine] @ star[mine] - 1e-6
        bounds.append(tightened_part(parts, r, mip))
        assert bounds[-1] <= parts.bounds[r] + 1e-9
        held = restricted(full, mine, star)
        again = improve_whole(held, star[mine], np.ones(int(mine.sum()), bool))
        assert again is not None
        trial = star.copy()
        trial[mine] = again
        act = activity(full, trial)
        capped = full.iupper >= 0
        assert (act[capped] <= full.iupper[capped]).all() and (act >= full.ilower).all()
        assert full.objective @ trial == full.objective @ star  # x* is optimal: nothing better
    assert parts.shared + sum(bounds) >= best.goal_values[0] - 1e-6


def test_other_thread_counts_after_a_first_solve_still_solve(tmp_path):
    """HiGHS refuses a run asking for another thread count than its first run's pool: rerun then."""
    area = load_area_scenario(_instance(tmp_path, 1, 40, "min_village_share = 5.0"))
    full = build_area_lp(area, Metric.PERSONS)
    first = solve_area_lp(full, threads=1, method="simplex")
    answers = [solve_area_lp(full, threads=t) for t in (2, 1, 3)]
    assert first.proven and all(a.proven for a in answers)
    assert all(a.value == pytest.approx(first.value, rel=1e-9) for a in answers)
    plan = whole_persons(full, first.x)[0]
    assert improve_whole(full, plan, np.ones(len(plan), bool)) is not None


def test_a_province_whose_shares_bind_gets_the_full_lp_optimum_in_whole_persons(tmp_path):
    """Minimum village share 25% on a generated province (8,500 villages, 35 regencies): the
    split of the merged optimum leaves villages short, which regencies solved alone (or more
    explicit villages) repair. The planner gets the full LP's optimum, every row kept exactly."""
    scenario = generate("province", tmp_path, seed=1)
    scenario.write_text(scenario.read_text().replace("min_village_share = 5.0", "min_village_share = 25.0"))
    area = load_area_scenario(scenario)
    full = build_area_lp(area, Metric.PERSONS)
    direct = solve_area_lp(full)
    fast = solve_reduced(area, full)
    assert direct.proven and fast.answer.proven
    assert fast.answer.value == pytest.approx(direct.value, rel=1e-7)
    plan = optimize_areas(area)
    covered = int(plan.areas.villages["persons"].sum())
    assert covered == plan.coverage.new_persons
    # Whole persons: within one person of the whole-person bound, every share kept (checked again
    # by the plan's own exact re-check, which raises otherwise).
    assert plan.areas.certificate.whole_bound - covered < 1 + 1e-6
    assert plan.status.value == "optimal"


def test_regencies_solved_two_at_a_time_give_the_point_of_one_at_a_time(tmp_path, monkeypatch):
    """`resolve_regencies` solves its regencies in threads: the same point, bit for bit, as one by one."""
    scenario = generate("province", tmp_path, seed=1)
    scenario.write_text(scenario.read_text().replace("min_village_share = 5.0", "min_village_share = 25.0"))
    area = load_area_scenario(scenario)
    full = build_area_lp(area, Metric.PERSONS)
    answers = []
    for threads in (1, by_regency.PART_THREADS):
        monkeypatch.setattr(by_regency, "PART_THREADS", threads)
        answers.append(solve_reduced(area, full))
    one, two = answers
    assert one.alone is not None and len(one.alone) > 0  # the regencies were solved alone
    assert np.array_equal(one.alone, two.alone)
    assert one.answer.x.tobytes() == two.answer.x.tobytes()


@pytest.mark.parametrize(
    ("count", "largest"), [(0, 5), (1, 0), (10, 3), (1_000, 100_000), (5_000, 3_000), (100, 10**12)]
)
def test_distinct_keys_are_those_of_np_unique(count, largest):
    keys = np.random.default_rng(count).integers(0, largest + 1, count)
    uniq, inverse = distinct_keys(keys)
    expected_uniq, expected_inverse = np.unique(keys, return_inverse=True)
    assert np.array_equal(uniq, expected_uniq) and uniq.dtype == expected_uniq.dtype
    assert np.array_equal(inverse, expected_inverse) and inverse.dtype == expected_inverse.dtype
