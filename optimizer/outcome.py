"""What a plan's outcome is, beyond the solver status, and the one fallback order that leads to it."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from optimizer.messages import Msg
from optimizer.model import Mode
from optimizer.scenario import Objective
from optimizer.status import SolveStatus

Answer = TypeVar("Answer")


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


def fallback_modes(objective: Objective, target_fallback: bool = True, floors_fallback: bool = True):
    """The one fallback order of every kind of plan (one region, villages, several years): the
    planner's own question; when no plan keeps every rule, min-cost asks for the most
    participants (the target is what cannot be reached: `Outcome.TARGET_UNREACHABLE`); when
    that has no plan either, only floors or minimum shares can be the cause, and the plan
    leaves the fewest persons short of them (`Outcome.FLOORS_UNAFFORDABLE`).
    `target_fallback=False`: a model whose target is already soft (several years);
    `floors_fallback=False`: a caller that needs no plan then (a frontier level)."""
    modes = [Mode(objective.value)]
    if objective is Objective.MIN_COST and target_fallback:
        modes.append(Mode.MAX_PARTICIPANTS)
    if floors_fallback:
        modes.append(Mode.MIN_FLOOR_SHORTFALL)
    return tuple(modes)


def first_answer(
    modes: tuple[Mode, ...], solve_as: Callable[[Mode], Answer], infeasible: Callable[[Answer], bool]
) -> tuple[Mode, Answer]:
    """The first of `modes` (`fallback_modes`) whose program has a plan; the last one's answer
    whatever it is (the caller reports its status)."""
    for mode in modes[:-1]:
        answer = solve_as(mode)
        if not infeasible(answer):
            return mode, answer
    return modes[-1], solve_as(modes[-1])


def no_plan_message(status: SolveStatus, solver: str) -> str:
    if status is SolveStatus.UNBOUNDED:
        return f"solver {solver!r} reports the model unbounded; please report this scenario as a bug"
    if status is SolveStatus.INFEASIBLE:
        return f"solver {solver!r} found no plan that keeps every rule"
    return (
        f"solver {solver!r} stopped without a plan (time limit or numerical trouble); "
        "try a longer --time-limit or --solver cbc"
    )


def split_warning(*shortfalls) -> tuple[Msg, ...]:
    """The plan's warning when the split of its extra money among sources was not proven."""
    if any(s is not None and not s.split_proven for s in shortfalls):
        return (Msg("warn.extra_split_not_proven"),)
    return ()


def order_warning(solution) -> tuple[Msg, ...]:
    """The plan's own warning when a tie-break was stopped by its time limit. It says that
    coverage and cost are proven only when they are (a plan cut short by --time-limit is not)."""
    if not solution.unproven:
        return ()
    if solution.status is SolveStatus.NOT_PROVEN:
        return (Msg("warn.order_not_proven_either"),)
    return (Msg("warn.order_not_proven"),)
