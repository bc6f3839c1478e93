"""A tie-break that is not proven in time never hangs the solve and never costs coverage (issue 11)."""

from __future__ import annotations

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
