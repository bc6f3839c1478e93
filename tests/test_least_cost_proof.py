"""Least cost is found from the coverage plan and proven by a cold solve (issue 11): a wrong
warm-started answer can never reach the plan, and the proof agrees with a plain cold solve."""

from __future__ import annotations

import pytest

from benchmarks.tie_breaks import scenario_dict
from optimizer import solve
from optimizer.analysis.resolve import coverage_question, program_of
from optimizer.io.mapping import scenario_from_mapping
from optimizer.status import SolveStatus
from optimizer.whole_money import goal_value


def _program(groups=10, sources=6, seed=3):
    scenario = scenario_from_mapping(scenario_dict(groups, sources, seed))
    program = program_of(scenario, coverage_question(scenario.metric))
    assert [g.name for g in program.goals[:2]] == ["coverage", "cost"]
    return program


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_costlier_warm_answer_is_replaced_by_the_proven_least_cost(monkeypatch, solver):
    program = _program()
    honest = solve.solve_program(program, solver, stages=2)
    real = solve._solve_stage

    def warm_start_gone_wrong(program, goal, held, *args, warm=None, cutoff=None, **more):
        stage = real(program, goal, held, *args, warm=warm, cutoff=cutoff, **more)
        if not warm or goal.name != "cost":
            return stage
        # HiGHS's coverage plan: it holds coverage but is not the least cost.
        return solve._Stage(SolveStatus.OPTIMAL, coverage_plan.values, 0.0, None, ())

    coverage_plan = solve.solve_program(program, "highs", stages=1)
    costlier = goal_value(program.goals[1], coverage_plan.values)
    assert costlier > honest.goal_values[1] + 1e-6  # else the lie below would be the truth
    monkeypatch.setattr(solve, "_solve_stage", warm_start_gone_wrong)
    checked = solve.solve_program(program, solver, stages=2)
    assert checked.status is SolveStatus.OPTIMAL
    assert checked.goal_values == pytest.approx(honest.goal_values, abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_the_proven_least_cost_is_the_cold_least_cost(monkeypatch, seed):
    program = _program(10, 6, seed)
    proven = solve.solve_program(program, stages=2)
    monkeypatch.setattr(solve, "_proved_by_cutoff", lambda *a: False)  # the cold solve only
    cold = solve.solve_program(program, stages=2)
    assert proven.status is cold.status is SolveStatus.OPTIMAL
    assert proven.goal_values == pytest.approx(cold.goal_values, abs=1e-9)


@pytest.mark.parametrize("nodes", [0, 1, 100])
@pytest.mark.parametrize("seed", range(3))
def test_the_least_cost_is_the_same_whichever_way_the_first_proof_ends(monkeypatch, seed, nodes):
    """The first proof (one money step below the coverage plan) settles the stage or hands it
    to the warm start; either way the least cost is the one a plain cold solve proves."""
    program = _program(10, 6, seed)
    monkeypatch.setattr(solve, "FIRST_PROOF_NODES", nodes)
    proven = solve.solve_program(program, stages=2)
    monkeypatch.setattr(solve, "_proved_by_cutoff", lambda *a: False)
    cold = solve.solve_program(program, stages=2)
    assert proven.status is cold.status is SolveStatus.OPTIMAL
    assert proven.goal_values == pytest.approx(cold.goal_values, abs=1e-9)
