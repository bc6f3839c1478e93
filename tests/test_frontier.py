"""Frontier: exact LP breakpoints, monotone, through plans solved directly; target costs by hand."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import BPU, make

from optimizer.analysis.frontier import budget_frontier, scenario_at, target_cost
from optimizer.cli import main
from optimizer.io import load_scenario
from optimizer.optimize import optimize
from optimizer.scenario import Metric, Objective

A, B = 12 * BPU, 6 * BPU


def test_lp_breakpoints_by_hand():
    # One person per Rp100,800 until all 100 of b are covered, then per Rp201,600 until a is too.
    s = make(source=[{"id": "apbd", "kind": "apbd", "budget": 30 * B}])
    f = budget_frontier(s, source="apbd", up_to=400 * B, steps=5)
    breaks = {p.level: p.lp_value for p in f.points if p.kind == "breakpoint"}
    assert set(breaks) == {100 * B, 300 * B}
    assert breaks == {100 * B: pytest.approx(100), 300 * B: pytest.approx(200)}


@pytest.mark.parametrize("source", [None, "apbd"])
def test_frontier_is_monotone_and_passes_through_plans_solved_directly(source):
    s = load_scenario("scenarios/pati-2025.toml")
    f = budget_frontier(s, source=source, steps=6)
    solved = [p for p in f.points if p.value is not None]
    assert [p.level for p in f.points] == sorted(p.level for p in f.points)
    assert all(a.value <= b.value for a, b in zip(solved, solved[1:], strict=False))
    assert all(a.lp_value <= b.lp_value + 1e-6 for a, b in zip(solved, solved[1:], strict=False))
    assert all(p.value <= p.lp_value + 1e-6 for p in solved)
    weights = {source: 1.0} if source else None
    for p in solved[:: max(1, len(solved) // 3)]:
        if weights is None:
            total = sum(x.premium_budget for x in s.sources)
            w = {x.id: x.premium_budget / total for x in s.sources}
        else:
            w = weights
        direct = optimize(scenario_at(s, w, p.level), Objective.MAX_COVERAGE, Metric.PERSONS)
        assert (direct.objective_value, direct.total_cost) == (p.value, p.total_cost)


def test_target_cost_by_hand():
    s = make()  # 3,000 active of 10,000; groups b (Rp100,800 each) and a (Rp201,600), Rp10,080,000 APBD
    t31 = target_cost(s, Metric.PERSONS, 31.0)
    assert (t31.cost, t31.extra_budget, t31.reachable) == (100 * B, 0, True)
    t32 = target_cost(s, Metric.PERSONS, 32.0)
    assert (t32.cost, t32.extra_budget) == (100 * B + 100 * A, 100 * A)
    assert not target_cost(s, Metric.PERSONS, 35.0).reachable  # only 200 uncovered workers listed


def test_pati_target_costs_rise_with_the_target():
    s = load_scenario("scenarios/pati-2025.toml")
    costs = [target_cost(s, Metric.PERSONS, t).cost for t in (40, 45, 50, 52)]
    assert costs == sorted(costs)
    # 52%: all of village projects, construction and deciles III-IV, 27,784 of deciles I-II (see the file).
    assert costs[-1] == 10_000 * 3 * BPU + 20_000 * 4 * BPU + 80_000 * 6 * BPU + 27_784 * 12 * BPU


def test_cli_frontier_writes_csv_json_and_deterministic_plots(tmp_path):
    run = CliRunner().invoke
    args = ["frontier", "scenarios/teaching-example.toml", "--steps", "3", "--targets", "37,38"]
    svg1, svg2, png = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "a.png"
    r = run(main, [*args, "--output", str(tmp_path / "f.csv"), "--plot", str(svg1), "--plot", str(png)])
    assert r.exit_code == 0, r.output
    run(main, [*args, "--plot", str(svg2)])
    assert svg1.read_bytes() == svg2.read_bytes()
    assert png.read_bytes().startswith(b"\x89PNG")
    lines = (tmp_path / "f.csv").read_text().splitlines()
    assert lines[0].startswith("kind,level,lp_value,value")
    assert sum(line.startswith("target,") for line in lines) == 2
    table = run(main, args).output
    assert "Cost of reaching a target" in table


def test_cli_frontier_rejects_bad_input():
    run = CliRunner().invoke
    r = run(main, ["frontier", "scenarios/pati-2025.toml", "--targets", "40,abc"])
    assert r.exit_code == 2 and "--targets" in r.output
    r = run(main, ["frontier", "scenarios/pati-2025.toml", "--source", "nope"])
    assert r.exit_code == 2 and "'nope' is not a source" in r.output


def _count_pools(monkeypatch, processors: int) -> list[int]:
    """Pretend to have `processors`, always fork, and record each pool's size."""
    from optimizer.analysis import levels

    monkeypatch.setattr(levels, "_processors", lambda: processors)
    monkeypatch.setattr(levels, "PARALLEL_FROM_SECONDS", 0.0)
    sizes: list[int] = []
    real = levels.ProcessPoolExecutor

    def counting(*args, **kwargs):
        sizes.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(levels, "ProcessPoolExecutor", counting)
    return sizes


def test_levels_solved_on_several_processes_give_the_same_frontier(monkeypatch):
    """Forked workers (always, here) or one process: the same document, points in level order."""
    from optimizer.analysis import levels
    from optimizer.analysis.frontier_output import RENDERERS

    s = load_scenario("scenarios/pasaman-barat-2025-tranches.toml")

    def document():
        return RENDERERS["json"](budget_frontier(s, steps=9, targets=(30.0, 35.0)))

    monkeypatch.setattr(levels, "_processors", lambda: 1)
    alone = document()
    forked = _count_pools(monkeypatch, processors=3)
    assert document() == alone
    assert forked and max(forked) == 3


def test_workers_caps_the_processes_and_one_worker_never_forks(monkeypatch):
    """--workers N: at most N processes; --workers 1 solves every level in this process."""
    started = _count_pools(monkeypatch, processors=8)
    s = load_scenario("scenarios/pati-2025.toml")
    one = budget_frontier(s, steps=6, workers=1)
    assert started == []
    two = budget_frontier(s, steps=6, workers=2)
    assert started and max(started) == 2
    assert [(p.level, p.value) for p in one.points] == [(p.level, p.value) for p in two.points]


def test_points_are_forked_by_the_callers_estimate_when_it_gives_one(monkeypatch):
    """`seconds_each` (the frontier's top level) decides, not the first point's own time."""
    from optimizer.analysis import levels

    started = _count_pools(monkeypatch, processors=2)
    monkeypatch.setattr(levels, "PARALLEL_FROM_SECONDS", 1.0)
    points = list(range(10))
    assert levels.solve_points(abs, points, seconds_each=0.01) == points
    assert started == []  # 10 x 0.01 s: not worth a fork
    assert levels.solve_points(abs, points, seconds_each=0.2) == points
    assert started == [2]


def test_frontier_and_report_take_workers_as_sweep_does(tmp_path):
    """The same option on every command that runs solves side by side; out of range is exit 2."""
    import subprocess
    import sys

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "optimizer", *args], capture_output=True, text=True)

    base = ["frontier", "scenarios/pati-2025.toml", "--steps", "5", "--format", "json"]
    assert cli(*base, "--workers", "1").stdout == cli(*base).stdout != ""
    html = tmp_path / "r.html"
    r = cli("report", "scenarios/teaching-example.toml", "--output", str(html), "--workers", "1")
    assert r.returncode == 0 and html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for command in (base, ["sweep", "scenarios/teaching-example.toml"]):
        r = cli(*command, "--workers", "0")
        assert r.returncode == 2 and "--workers" in r.stderr and "Traceback" not in r.stderr


def test_a_level_with_tied_plans_shows_the_plan_solve_shows_whatever_the_solver():
    """Person-months make the teaching example's tobacco labourers and fishermen a tie (same
    person-months per Rupiah): equally good plans cover 4,119 or 4,918 persons at one level.
    Each level shows the plan `solve` gives with that budget (its tie-break), by either solver."""
    s = load_scenario("scenarios/teaching-example.toml")
    by_solver = [budget_frontier(s, Metric.PERSON_MONTHS, steps=21, solver=x) for x in ("highs", "cbc")]
    assert by_solver[0].points == by_solver[1].points
    for p in by_solver[0].points[3::6]:
        plan = optimize(scenario_at(s, _weights_of(s), p.level), Objective.MAX_COVERAGE, Metric.PERSON_MONTHS)
        assert (p.new_persons, p.total_cost) == (plan.coverage.new_persons, plan.total_cost)


def _weights_of(s):
    total = sum(x.premium_budget for x in s.sources)
    return {x.id: x.premium_budget / total for x in s.sources}


@pytest.mark.parametrize(
    "path",
    ["scenarios/pasaman-barat-2025-tranches.toml", "scenarios/pati-2025.toml", "scenarios/pacitan-2025.toml"],
)
@pytest.mark.parametrize("metric", [Metric.PERSONS, Metric.PERSON_MONTHS])
def test_a_level_program_is_the_top_program_with_the_level_money_rows(path, metric):
    """Levels re-use the top level's program (`with_money_of`): it must be the program built
    afresh at that level, its money rows (right-hand sides, and which months need one) included."""
    from optimizer.model import Mode
    from optimizer.monthly.model import build_monthly_program, with_money_of

    s = load_scenario(path)
    weights = _weights_of(s)
    top = 2 * sum(x.premium_budget for x in s.sources)

    def program(level):
        return build_monthly_program(
            scenario_at(s, weights, level), Objective.MAX_COVERAGE, metric, Mode.MAX_COVERAGE
        )

    template = program(top)
    for level in (0, 1, 7, 999_999, top // 3, top // 2 + 1, top - 1, top):
        assert with_money_of(template, scenario_at(s, weights, level)) == program(level), level
    if any(x.tranches for x in s.sources):  # at 0 no money arrives before December: no month row
        assert len(program(0).rows) < len(template.rows)
        assert with_money_of(program(0), scenario_at(s, weights, top)) is None


def _levels_from_the_ceiling(monkeypatch):
    """Levels (total premium money) whose plan `Ceiling.plan_at` gave, collected as they come."""
    from optimizer.analysis import frontier

    taken = []
    plan_at = frontier.Ceiling.plan_at

    def counting(self, s, program):
        solution = plan_at(self, s, program)
        if solution is not None:
            taken.append(sum(x.premium_budget for x in s.sources))
        return solution

    monkeypatch.setattr(frontier.Ceiling, "plan_at", counting)
    return taken


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_levels_given_the_top_plan_show_what_solve_shows_there(monkeypatch, solver):
    """Above the money that covers everyone, levels take the top level's plan (`Ceiling`) instead
    of a solve: each must still show the plan `solve` gives with that budget."""
    s = load_scenario("scenarios/pasaman-barat-2025-tranches.toml")
    taken = _levels_from_the_ceiling(monkeypatch)
    f = budget_frontier(s, steps=12, solver=solver, workers=1)
    assert len(taken) >= 3  # about a third of the levels, below the top
    by_level = {p.level: p for p in f.points}
    for level in taken:
        p = by_level[level]
        plan = optimize(scenario_at(s, _weights_of(s), level), Objective.MAX_COVERAGE, Metric.PERSONS, solver)
        assert (p.value, p.new_persons, p.total_cost) == (
            plan.objective_value,
            plan.coverage.new_persons,
            plan.total_cost,
        )


def test_the_top_plan_is_not_taken_where_a_month_has_more_money_than_at_the_top():
    """A level with more money in some month than the top has plans the top has not: the top's
    plan, though it fits there, is not proven best there."""
    from optimizer.analysis.frontier import Ceiling, _level_solution
    from optimizer.monthly.months import LAST_MONTH, available_by

    s = load_scenario("scenarios/pasaman-barat-2025-tranches.toml")
    weights = _weights_of(s)
    top = 2 * sum(x.premium_budget for x in s.sources)
    low, program, solution, _ = _level_solution(s, Metric.PERSONS, weights, top // 2, "highs", None)
    months = range(1, LAST_MONTH + 1)
    arrived = tuple((x.id, tuple(available_by(x, t) for t in months)) for x in low.sources)
    assert Ceiling(arrived, solution).plan_at(low, program) is solution  # its own plan, its money
    less = tuple((sid, (a[0] - 1, *a[1:])) if sid == "apbd" else (sid, a) for sid, a in arrived)
    assert Ceiling(less, solution).plan_at(low, program) is None
