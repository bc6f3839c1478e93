"""A tie-break that is not proven in time never hangs the solve and never costs coverage (issue 11)."""

from __future__ import annotations

import pytest

from benchmarks.tie_breaks import scenario_dict
from optimizer import solve
from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import optimize
from optimizer.result import violations


def test_a_stopped_tie_break_keeps_proven_coverage_and_cost_and_says_so(monkeypatch):
    scenario = scenario_from_mapping(scenario_dict(6, 2, 0))
    full = optimize(scenario)
    assert not any("not proven" in w for w in full.warnings)
    monkeypatch.setattr(solve, "TIE_BREAK_SECONDS", 0.0)
    stopped = optimize(scenario)
    assert "spending order not proven in time" in " ".join(stopped.warnings)
    assert stopped.status == "optimal"  # coverage and cost are still proven
    assert stopped.objective_value == full.objective_value
    assert stopped.total_cost == full.total_cost
    assert violations(stopped) == []


def test_a_stopped_tie_break_gives_the_previous_goals_plan_whatever_it_found(monkeypatch):
    """Determinism: not how far the tie-break got before the clock, but the plan of the goals
    before it, so the same file gives the same plan on a busy machine and an idle one."""
    from optimizer.analysis.resolve import coverage_question, program_of

    scenario = scenario_from_mapping(scenario_dict(6, 2, 0))
    program = program_of(scenario, coverage_question(scenario.metric))
    assert program.goals[-1].tie_break
    before = solve.solve_program(program, stages=len(program.goals) - 1)
    real = solve._solve_checked

    def stopped_with_another_plan(program, goal, held, solver, limit, relax, start, **more):
        stage = real(program, goal, held, solver, limit, relax, start, **more)
        if not goal.tie_break:
            return stage
        other = tuple(v + 1.0 for v in stage.values)  # anything but the previous plan
        return solve._Stage(solve.SolveStatus.NOT_PROVEN, other, 0.5, None, ())

    monkeypatch.setattr(solve, "_solve_checked", stopped_with_another_plan)
    stopped = solve.solve_program(program)
    assert stopped.unproven == (program.goals[-1].name,)
    assert stopped.values == before.values
    assert stopped.goal_values == before.goal_values


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_the_default_tie_break_limit_is_a_node_count_not_the_clock(monkeypatch, solver):
    """With no --time-limit, what stops a tie-break is its node count, a fixed amount of work:
    with no nodes allowed and all the time in the world, a tie-break that needs branching is
    not proven, and the plan is the previous goal's, so a busy computer gives the same plan."""
    from optimizer.analysis.resolve import coverage_question, program_of

    scenario = scenario_from_mapping(scenario_dict(6, 2, 3))  # its tie-break needs a branch
    program = program_of(scenario, coverage_question(scenario.metric))
    before = solve.solve_program(program, solver, stages=len(program.goals) - 1)
    assert not solve.solve_program(program, solver).unproven
    monkeypatch.setattr(solve, "TIE_BREAK_SECONDS", 3600.0)
    monkeypatch.setattr(solve, "TIE_BREAK_NODES", 0)
    stopped = solve.solve_program(program, solver)
    assert stopped.unproven == (program.goals[-1].name,)
    assert stopped.status is solve.SolveStatus.OPTIMAL
    assert stopped.values == before.values


def test_a_given_time_limit_replaces_the_node_limit(monkeypatch):
    """--time-limit is the planner's own budget for every stage, the tie-break included."""
    from optimizer.analysis.resolve import coverage_question, program_of

    scenario = scenario_from_mapping(scenario_dict(6, 2, 3))
    program = program_of(scenario, coverage_question(scenario.metric))
    monkeypatch.setattr(solve, "TIE_BREAK_NODES", 0)
    assert not solve.solve_program(program, time_limit=60).unproven
