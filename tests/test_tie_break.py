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
