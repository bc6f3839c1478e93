"""The audit trail every plan file carries: which scenario (SHA-256 of its bytes), which tool,
which solvers, and the plan's date.

The date is the plan year's first day, the same stamp the Excel files carry: a plan file
records what it was computed from, and today's date would make two runs on the same
inputs differ (outputs are byte-identical by design). When a plan was made is the
file's own modification time.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from optimizer.result import Plan
from optimizer.solve import LP_SOLVER, solver_version


@cache
def _sha256(path: str, size: int, mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()  # scenario files are small


def scenario_sha256(path: str) -> str | None:
    """SHA-256 of the scenario file's bytes; None for a scenario not read from one file."""
    p = Path(path) if path else None
    if p is None or not p.is_file():
        return None
    stat = p.stat()
    return _sha256(str(p.resolve()), stat.st_size, stat.st_mtime_ns)


def audit_of(plan: Plan) -> dict[str, Any]:
    """The JSON `audit` object (README, "JSON output"); the plan's solver is in `solver.version`."""
    from importlib import metadata  # ~15 ms: only for a plan file's audit, not for --help

    return {
        "scenario_file": Path(plan.scenario.path).name or None,
        "scenario_sha256": scenario_sha256(plan.scenario.path),
        "tool": f"ucj-optimizer {metadata.version('ucj-optimizer')}",
        "lp_solver": solver_version(LP_SOLVER),
        "plan_date": f"{plan.scenario.region.year:04d}-01-01",
    }
