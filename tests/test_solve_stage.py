"""The regency solve path without pandas and PuLP (issue 14) gives what the old path gave.

* `solve_fast.solve_stage` hands HiGHS the model PuLP's own HiGHS class built from the same
  stage, and gets the same answer to the bit: checked stage by stage on bundled scenarios;
* `reuse_solves` answers a repeated question from memory, within its block only;
* a plan's `Rows` make the DataFrames and the CSV that pandas made.
"""

from __future__ import annotations

import struct

import highspy
import pulp
import pytest

from optimizer import solve, solve_fast
from optimizer.analysis.marginal import marginal_values
from optimizer.analysis.whynot import why_not
from optimizer.io import load_scenario
from optimizer.io.writers import csv_text, rows_csv_text
from optimizer.monthly.model import build_monthly_program
from optimizer.optimize import optimize
from optimizer.result import ALLOCATION_DTYPES, Rows
from optimizer.scenario import Objective
from optimizer.solver_output import quiet
from optimizer.status import SolveStatus
from optimizer.whole_money import goal_value

SCENARIOS = ["scenarios/teaching-example.toml", "scenarios/pasaman-barat-2025-tranches.toml"]


def _through_pulp(model, options, start) -> highspy.Highs:
    """The stage as PuLP 3.3's HiGHS class builds and runs it (what `solve` did before)."""
    problem, xs = solve._pulp_problem(model)
    options = dict(options)
    engine = pulp.HiGHS(
        msg="output_flag" not in options,
        mip=any(integer for _, _, integer in model.columns),
        gapRel=options.pop("mip_rel_gap"),
        threads=options.pop("threads"),
        timeLimit=options.pop("time_limit", None),
    )
    options.pop("output_flag", None)
    engine.optionsDict.update(options)
    if start is not None:
        for x, v in zip(xs, start, strict=True):
            x.setInitialValue(v)
    with quiet():
        problem.fixObjective()
        engine.createAndConfigureSolver(problem)
        engine.buildSolverModel(problem)
        if start is not None:
            values = [v.varValue for v in problem.variables()]
            if all(x is not None for x in values):
                guess = highspy.HighsSolution()
                guess.col_value = [float(x) for x in values]
                guess.value_valid = True
                problem.solverModel.setSolution(guess)
        problem.solverModel.run()
    return problem.solverModel


def _fingerprint(h: highspy.Highs) -> tuple:
    lp, solution, info = h.getLp(), h.getSolution(), h.getInfo()
    m = lp.a_matrix_
    numbers = [*solution.col_value, *solution.row_dual, info.objective_function_value, info.mip_dual_bound]
    return (
        list(lp.col_cost_), list(lp.col_lower_), list(lp.col_upper_), list(lp.row_lower_),
        list(lp.row_upper_), list(m.start_), list(m.index_), list(m.value_),
        [int(k) for k in lp.integrality_], h.getModelStatus(),
        [struct.pack("d", x) for x in numbers],
    )  # fmt: skip


def _compared_with_pulp(monkeypatch) -> list[bool]:
    """From now on every direct HiGHS stage is also built and solved through PuLP; the list gets,
    per stage, whether model, options and answer were the same bit for bit."""
    direct = solve_fast.solve_stage
    same: list[bool] = []

    def twin(model, options, start):
        h, column = direct(model, options, start)
        same.append(_fingerprint(h) == _fingerprint(_through_pulp(model, options, start)))
        return h, column

    monkeypatch.setattr(solve_fast, "solve_stage", twin)
    return same


@pytest.mark.parametrize("path", SCENARIOS)
@pytest.mark.parametrize("objective", list(Objective))
def test_every_highs_stage_is_the_model_and_answer_pulp_had(monkeypatch, path, objective):
    stages = _compared_with_pulp(monkeypatch)
    plan = optimize(load_scenario(path), objective)
    marginal_values(plan)
    why_not(plan)
    assert len(stages) > 10 and all(stages), stages


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_maximised_goal_is_cut_off_from_below_on_both_back_ends(monkeypatch, solver):
    """`_nothing_better`'s and `_proven_near_relaxation`'s question (no plan half a step better)
    is the stage model's row "goal >= cutoff", asked of HiGHS directly and of PuLP alike."""
    scenario = load_scenario("scenarios/teaching-example.toml")
    program = build_monthly_program(scenario, scenario.objective, scenario.metric)
    goal = program.goals[0]
    limit = solve._stage_limit(goal, None, False)
    best = goal_value(goal, solve._solve_stage(program, goal, [], solver, limit, False).values)
    model = solve._stage_model(program, goal, [], False, best, False)
    assert goal.maximize and [row[2:] for row in model.rows if row[0] == "cutoff"] == [(False, best)]
    same = _compared_with_pulp(monkeypatch)
    for cutoff, status in ((best, SolveStatus.OPTIMAL), (best + 0.5, SolveStatus.INFEASIBLE)):
        stage = solve._solve_stage(program, goal, [], solver, limit, False, cutoff=cutoff, feasibility=True)
        assert stage.status is status
    assert same == ([True, True] if solver == "highs" else [])


def test_a_repeated_solve_is_answered_from_memory_within_reuse_solves_only(monkeypatch):
    scenario = load_scenario("scenarios/teaching-example.toml")
    runs = []
    direct = solve_fast.solve_stage
    monkeypatch.setattr(solve_fast, "solve_stage", lambda *a: runs.append(1) or direct(*a))

    def plan():
        found = optimize(scenario)
        return found.allocation_rows, found.objective_value, found.duals

    first = plan()
    alone = len(runs)
    assert plan() == first and len(runs) == 2 * alone  # outside the block: solved again
    with solve.reuse_solves():
        assert plan() == first
        inside = len(runs)
        assert plan() == first and len(runs) == inside
    assert plan() == first and len(runs) == inside + alone


@pytest.mark.parametrize("path", SCENARIOS)
def test_plan_rows_make_the_tables_and_csv_pandas_made(path):
    plan = optimize(load_scenario(path))
    for rows in (plan.allocation_rows, plan.source_rows, plan.group_rows):
        frame = rows.frame
        assert [tuple(r) for r in frame.itertuples(index=False)] == [tuple(r) for r in rows]
        assert rows_csv_text(rows.columns, rows.rows, rows.float_columns, "%.6g") == csv_text(
            frame, float_format="%.6g"
        )
    assert (
        plan.allocations.dtypes.astype(str).to_dict() | ALLOCATION_DTYPES
        == plan.allocations.dtypes.astype(str).to_dict()
    )


def test_rows_quote_and_guard_text_as_pandas_does():
    rows = Rows.of(
        ["source", "group", "persons", "credit"],
        [("a,b", "=SUM(A1)", 3, 1 / 3), ('say "hi"', "+1", 0, 2), ("x\ny", "", 10**12, 1e20)],
        {"persons": "int64", "credit": "float64"},
    )
    csv = rows_csv_text(rows.columns, rows.rows, rows.float_columns, "%.6g")
    assert csv == csv_text(rows.frame, float_format="%.6g")
    assert rows.rows[1].credit == 2.0 and isinstance(rows.rows[1].credit, float)
