"""What a one-region plan's outcome is, beyond the solver status (`optimizer.optimize`)."""

from __future__ import annotations

from enum import StrEnum

from optimizer.messages import Msg
from optimizer.model import Mode
from optimizer.status import SolveStatus


class Outcome(StrEnum):
    """What a plan's `outcome` says, beyond the solver status: one vocabulary for one-region,
    multi-year and village plans (its values are the JSON `status` field)."""

    OPTIMAL = "optimal"
    NOT_PROVEN = "not-proven-optimal"
    TARGET_UNREACHABLE = "target-unreachable"
    FLOORS_UNAFFORDABLE = "floors-unaffordable"


def outcome_of(status: SolveStatus, mode: Mode | None, floor_gap=None) -> Outcome:
    """The planner's answer. A plan the solver did not prove is labelled so first, even
    when it is also the best reachable one: "not proven" matters more than "short"."""
    if floor_gap is not None:
        return Outcome.FLOORS_UNAFFORDABLE
    if status is not SolveStatus.OPTIMAL:
        return Outcome.NOT_PROVEN
    return Outcome.TARGET_UNREACHABLE if mode is Mode.MAX_PARTICIPANTS else Outcome.OPTIMAL


def no_plan_message(status: SolveStatus, solver: str) -> str:
    if status is SolveStatus.UNBOUNDED:
        return f"solver {solver!r} reports the model unbounded; please report this scenario as a bug"
    if status is SolveStatus.INFEASIBLE:
        return f"solver {solver!r} found no plan that keeps every rule"
    return (
        f"solver {solver!r} stopped without a plan (time limit or numerical trouble); "
        "try a longer --time-limit or --solver cbc"
    )


def order_warning(solution) -> tuple[Msg, ...]:
    """The plan's own warning when a tie-break was stopped by its time limit. It says that
    coverage and cost are proven only when they are (a plan cut short by --time-limit is not)."""
    if not solution.unproven:
        return ()
    if solution.status is SolveStatus.NOT_PROVEN:
        return (Msg("warn.order_not_proven_either"),)
    return (Msg("warn.order_not_proven"),)
