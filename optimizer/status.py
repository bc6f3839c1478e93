"""What a solver said about one program, in our words (`optimizer.solve` maps every solver's
status to these). A ground-floor module, so a `Plan` can carry it without importing the solver layer."""

from __future__ import annotations

from enum import StrEnum


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    #: A whole-person plan was found but the time limit stopped the proof.
    NOT_PROVEN = "not-proven-optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NO_SOLUTION = "no-solution"

    @property
    def has_plan(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.NOT_PROVEN)
