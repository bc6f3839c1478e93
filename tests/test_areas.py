"""Village-level scenarios: the fast path against the plain PuLP model, the rules, the file errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from optimizer.areas.data import load_area_scenario
from optimizer.areas.fast import solve_reduced
from optimizer.areas.model import build_area_lp, build_area_program
from optimizer.areas.optimize import optimize_areas
from optimizer.areas.rounding import activity
from optimizer.cli import main
from optimizer.errors import ScenarioError
from optimizer.scenario import Metric
from optimizer.solve import solve_program
from optimizer.solve_fast import solve_area_lp


@pytest.fixture(scope="module")
def regency(tmp_path_factory) -> Path:
    return generate("regency", tmp_path_factory.mktemp("regency"), seed=3)


def _small(tmp_path: Path, regency: Path, villages: int) -> Path:
    """The first `villages` villages of the regency instance (budgets scaled down with them)."""
    for f in regency.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    table = pd.read_csv(tmp_path / "villages.csv", dtype=str)
    table.head(villages).to_csv(tmp_path / "villages.csv", index=False)
    vb = pd.read_csv(tmp_path / "village-budgets.csv", dtype=str)
    vb.head(villages).to_csv(tmp_path / "village-budgets.csv", index=False)
    rb = pd.read_csv(tmp_path / "regency-budgets.csv")
    for c in ("apbd", "dbh-cht", "dbh-sawit", "csr"):
        rb[c] = rb[c] * villages // 400
    rb.to_csv(tmp_path / "regency-budgets.csv", index=False)
    return tmp_path / "scenario.toml"


def test_generator_is_deterministic(tmp_path, regency):
    again = generate("regency", tmp_path, seed=3)
    for name in ("scenario.toml", "villages.csv", "village-budgets.csv", "regency-budgets.csv"):
        assert (again.parent / name).read_bytes() == (regency.parent / name).read_bytes()


@pytest.mark.parametrize("metric", list(Metric))
def test_fast_lp_equals_pulp_lp_at_regency_size(regency, metric):
    area = load_area_scenario(regency)
    fast = solve_area_lp(build_area_lp(area, metric))
    plain = solve_program(build_area_program(area, metric), "highs", relax=True, stages=1)
    assert fast.proven
    assert fast.value == pytest.approx(plain.goal_values[0], rel=1e-6)
    assert fast.bound >= plain.goal_values[0] - 1e-6
    # The default path: merged villages and pooled village pots, certified on the full program.
    merged = solve_reduced(area, build_area_lp(area, metric))
    assert merged.answer.proven and merged.reduction is not None
    assert merged.answer.value == pytest.approx(plain.goal_values[0], rel=1e-7)
    assert merged.answer.bound >= plain.goal_values[0] - 1e-6


def test_whole_person_plan_matches_pulp_integer_optimum(tmp_path, regency):
    area = load_area_scenario(_small(tmp_path, regency, 25))
    plain = solve_program(build_area_program(area, Metric.PERSONS), "highs", stages=1)
    fast = optimize_areas(area, solver="highs", fast=True)
    best = plain.goal_values[0]
    # A file this small is solved exactly by default: the same plan as CBC, the optimum itself.
    exact, cbc = optimize_areas(area), optimize_areas(area, solver="cbc")
    assert exact.areas.certificate is None and exact.objective_value == pytest.approx(best)
    assert exact.areas.villages.equals(cbc.areas.villages) and exact.total_cost == cbc.total_cost
    assert fast.objective_value <= best + 1e-9
    assert fast.areas.certificate.dual_bound >= best - 1e-6
    assert fast.objective_value >= best - fast.areas.certificate.gap_persons - 1e-9
    if fast.status.value == "optimal":
        assert fast.objective_value == pytest.approx(best)


def test_plan_keeps_every_pot_and_share_recomputed_by_hand(regency):
    area = load_area_scenario(regency)
    ap = optimize_areas(area)
    v = ap.areas.villages
    add = v[v["source"] == "add"].groupby("village_code")["cost"].sum()
    budgets = pd.read_csv(regency.parent / "village-budgets.csv", dtype={"village_code": str}).set_index(
        "village_code"
    )["add"]
    assert (add <= budgets.reindex(add.index)).all()
    assert set(v.loc[v["source"] == "add", "group"]) <= {"rt-rw", "perangkat-desa"}
    heads = pd.read_csv(regency.parent / "villages.csv", dtype={"village_code": str}).set_index(
        "village_code"
    )
    covered = v.groupby("village_code")["persons"].sum().reindex(heads.index, fill_value=0)
    total = heads.iloc[:, 3:].sum(axis=1)
    assert (covered >= np.ceil(total * 0.05)).all()
    assert ap.coverage.new_persons == v["persons"].sum() == ap.areas.regencies["covered"].sum()


def test_rounding_keeps_rows_exactly(regency):
    area = load_area_scenario(regency)
    lp = build_area_lp(area, Metric.PERSONS)
    ap = optimize_areas(area)
    x = np.zeros(len(lp.objective), dtype=np.int64)
    key = {(a, b, c): i for i, (a, b, c) in enumerate(zip(lp.village, lp.source, lp.group, strict=True))}
    codes = {c: i for i, c in enumerate(area.villages["village_code"])}
    sid = {s.id: i for i, s in enumerate(area.scenario.sources)}
    gid = {g.id: i for i, g in enumerate(area.scenario.groups)}
    for r in ap.areas.villages.itertuples():
        x[key[codes[r.village_code], sid[r.source], gid[r.group]]] = r.persons
    act = activity(lp, x)
    assert (act[lp.iupper >= 0] <= lp.iupper[lp.iupper >= 0]).all()
    assert (act >= lp.ilower).all()


def test_cli_json_adds_area_keys_and_keeps_existing_ones(regency, tmp_path):
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["solve", str(regency), "--output", str(out)])
    assert result.exit_code in (0, 3), result.output
    import json

    doc = json.loads(out.read_text())
    assert {"status", "allocations", "sources", "groups", "coverage"} <= set(doc)
    assert doc["coverage"]["new_persons"] == sum(r["persons"] for r in doc["areas"]["villages"])
    assert doc["areas"]["certificate"]["lp_gap"] <= 1e-6


def _broken(tmp_path: Path, regency: Path, row: int, column: str, value: str) -> Path:
    for f in regency.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    table = pd.read_csv(tmp_path / "villages.csv", dtype=str)
    table.loc[row, column] = value
    table.to_csv(tmp_path / "villages.csv", index=False)
    return tmp_path / "scenario.toml"


def test_bad_cell_names_file_row_and_column(tmp_path, regency):
    path = _broken(tmp_path, regency, 4, "nelayan", "dua")
    with pytest.raises(ScenarioError, match=r"villages.csv: row 6, column 'nelayan': 'dua' is not a whole"):
        load_area_scenario(path)
    result = CliRunner().invoke(main, ["solve", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "row 6, column 'nelayan'" in result.output


def test_unknown_group_column_and_missing_budget_column(tmp_path, regency):
    for f in regency.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    table = pd.read_csv(tmp_path / "villages.csv", dtype=str).rename(columns={"nelayan": "nelayn"})
    table.to_csv(tmp_path / "villages.csv", index=False)
    with pytest.raises(ScenarioError, match="column 'nelayan' is missing"):
        load_area_scenario(tmp_path / "scenario.toml")
    generate("regency", tmp_path, seed=3)
    (tmp_path / "village-budgets.csv").write_text("village_code,dana\nX,1\n")
    with pytest.raises(ScenarioError, match="column 'dana' is not a source with scope = 'village'"):
        load_area_scenario(tmp_path / "scenario.toml")


def test_monthly_fields_are_refused_in_one_line(tmp_path, regency):
    # Village-level plans use the annual model: a reporting month would be silently ignored.
    path = _small(tmp_path, regency, 5)
    path.write_text(path.read_text().replace("[region]", "[region]\nreporting_month = 12", 1))
    result = CliRunner().invoke(main, ["solve", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "village-level plans use the annual model" in result.output


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_village_plan_shows_the_most_persons_among_equally_good_plans(tmp_path, solver):
    """The village model takes the one-region model's figure goals. Person-months, rt-rw 12 months
    and nelayan 11: after ADD pays 30 rt-rw, APBD's Rp2,217,600 buys 132 person-months as 11 rt-rw
    or 12 nelayan (same cost); UCJ counts persons, so 12 nelayan. Worked out by hand; the spending
    order alone picked 11 rt-rw."""
    import json
    import subprocess
    import sys

    folder = tmp_path / "villages"
    shutil.copytree(Path(__file__).parent / "data" / "villages", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8").replace('metric = "persons"', 'metric = "person-months"')
    text = text.replace("months = 6", "months = 11").replace("50_000_000", "2_217_600")
    toml.write_text(text, encoding="utf-8")
    run = [sys.executable, "-m", "optimizer", "solve", str(toml), "--solver", solver, "--format", "json"]
    plan = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)
    assert plan["status"] == "optimal" and plan["objective_value"] == 492
    pairs = {(a["source"], a["group"]): a["persons"] for a in plan["allocations"]}
    assert pairs == {("add", "rt-rw"): 30, ("apbd", "nelayan"): 12}
    assert plan["coverage"]["new_persons"] == 42
