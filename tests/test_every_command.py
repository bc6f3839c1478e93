"""Every command over every bundled scenario: a documented exit code, no traceback, and the
re-solving commands answer in the same model as `solve` (annual or monthly).

A command either gives a correct answer or refuses in one line with exit 2; it never
silently solves another model (as `frontier` and `sweep` did for monthly scenarios).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.areas.data import is_area_file
from optimizer.cli import main
from optimizer.monthly.months import uses_monthly_model
from optimizer.plan_file import load_plan_file
from optimizer.scenario import Objective

SCENARIOS = sorted(p for p in Path("scenarios").glob("*.toml") if not is_area_file(p))
#: Village-level scenarios ([areas]): solve and report per village; the other commands answer or refuse.
AREA_SCENARIOS = sorted(p for p in Path("scenarios").glob("*.toml") if is_area_file(p))


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    # SystemExit is how click exits with a code; any other exception escaped as a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
    assert "Traceback" not in result.output, args
    if result.exit_code == 2:
        assert len(result.output.strip().splitlines()) == 1, (args, result.output)
    return result


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_command_on_every_bundled_scenario(path, tmp_path):
    text = path.read_text()
    has_variants = "[[variant]]" in text
    loaded = load_plan_file(path)
    s = loaded.scenario

    assert run("validate", path).exit_code == 0
    solve = run("solve", path, "--format", "json")
    assert solve.exit_code in (0, 1)
    plan = json.loads(solve.output)
    # Marginal values are computed for every proven plan, monthly or annual.
    assert (plan["marginal_values"] is None) == (plan["status"] == "floors-unaffordable")
    for out in ("plan.xlsx", "plan.csv"):
        assert run("solve", path, "--output", tmp_path / out).exit_code in (0, 1)
    assert run("report", path, "--output", tmp_path / "r.html", "--steps", "2").exit_code in (0, 1)

    frontier = run("frontier", path, "--steps", "2", "--format", "json")
    assert frontier.exit_code == 0
    if s.objective is Objective.MAX_COVERAGE:
        (today,) = [p for p in json.loads(frontier.output)["points"] if p["kind"] == "today"]
        assert today["value"] == pytest.approx(plan["objective_value"])
        assert today["new_persons"] == plan["coverage"]["new_persons"]

    compare = run("compare", path)
    assert compare.exit_code == (0 if has_variants else 2)

    years = run("plan-years", path)
    assert years.exit_code in ((0, 1) if loaded.horizon else (2,))
    robust = run("robust", path, "--samples", "2")
    assert robust.exit_code in ((0, 1) if loaded.uncertainty else (2,))

    sweep = run("sweep", path, "--samples", "2", "--workers", "1", "--format", "json")
    assert sweep.exit_code == 0
    if loaded.uncertainty is None and s.objective is Objective.MAX_COVERAGE:
        (row,) = json.loads(sweep.output)["scenarios"]
        credited = plan["coverage"]["credited_after"] / plan["coverage"]["workforce"]
        assert row["rate_p50"] == pytest.approx(credited, abs=1e-6)

    assert run("init", "--excel", tmp_path / "s.xlsx", "--from", path).exit_code == 0
    assert uses_monthly_model(s) or "monthly" not in plan


@pytest.mark.parametrize("path", AREA_SCENARIOS, ids=lambda p: p.stem)
def test_every_command_on_every_bundled_village_scenario(path, tmp_path):
    solve = run("solve", path, "--format", "json")
    assert solve.exit_code == 0, solve.output
    plan = json.loads(solve.output)
    assert plan["status"] == "optimal" and plan["areas"]["village_coverage"]
    assert run("solve", path, "--output", tmp_path / "plan.csv").exit_code == 0
    assert run("report", path, "--output", tmp_path / "r.html").exit_code == 0
    assert 'id="villages"' in (tmp_path / "r.html").read_text(encoding="utf-8")
    # Until every command takes village scenarios: a right answer or a one-line refusal (exit 2).
    for args in (("validate",), ("frontier", "--steps", "2"), ("compare",), ("plan-years",),
                 ("robust", "--samples", "2"), ("sweep", "--samples", "2", "--workers", "1")):  # fmt: skip
        assert run(args[0], path, *args[1:]).exit_code in (0, 1, 2), args


def _with(path: Path, tmp_path: Path, extra: str) -> Path:
    out = tmp_path / path.name
    out.write_text(path.read_text() + "\n" + extra)
    return out


def test_plan_years_with_a_reporting_month_gives_the_annual_plan_with_its_months(tmp_path):
    # reporting_month = 12 makes Pati monthly; every group has fixed months ending in December
    # (the fishers' taper: the plan pays the last months), so the plan is the annual one.
    f = _with(Path("scenarios/pati-2025-2029.toml"), tmp_path, "")
    annual = json.loads(run("plan-years", f, "--format", "json").output)
    f.write_text(f.read_text().replace("[region]", "[region]\nreporting_month = 12", 1))
    result = run("plan-years", f, "--format", "json")
    assert result.exit_code == 0, result.output
    monthly = json.loads(result.output)
    assert monthly["years"] == annual["years"] and monthly["sources"] == annual["sources"]
    runs = [(a.pop("first_month"), a.pop("last_month")) for a in monthly["allocations"]]
    assert monthly["allocations"] == annual["allocations"]
    assert {(12 - a["public_months"] + 1, 12) for a in annual["allocations"]} == set(runs)


def test_plan_years_refuses_overlaps_in_one_line(tmp_path):
    f = _with(
        Path("scenarios/pati-2025-2029.toml"),
        tmp_path,
        '[[overlap]]\ngroups = ["desil-1-2", "nelayan"]\npersons = 100\n',
    )
    result = run("plan-years", f)
    assert result.exit_code == 2
    assert "plan-years cannot honour [[overlap]] yet" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_robust_and_sweep_take_uncertainty_on_a_monthly_scenario(tmp_path):
    f = Path("scenarios/pasaman-barat-2025-uncertain.toml")
    g = tmp_path / f.name
    g.write_text(f.read_text().replace("[region]", "[region]\nreporting_month = 12", 1))
    for args in (("robust", "--samples", "5"), ("sweep", "--samples", "5", "--workers", "1")):
        result = run(args[0], g, *args[1:])
        assert result.exit_code in (0, 1), (args, result.output)
        assert "P(target)" in result.output, args
