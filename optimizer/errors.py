"""Errors a planner can act on. Each renders as one line: file, field, what to do."""

from __future__ import annotations

#: A field path inside a scenario: ("group", 2, "floor") is the third group's floor.
FieldPath = tuple[str | int, ...]


class ScenarioError(Exception):
    """The scenario cannot be used as written.

    `path` names the field; readers turn it into words ("[[group]] #3 'rt-rw', field
    'floor'" for TOML, "sheet Kelompok, row 4, column batas_bawah" for Excel).
    """

    def __init__(self, message: str, path: FieldPath = (), file: str = "", where: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path
        self.file = file
        self.where = where

    def __reduce__(self):  # raised in a worker process, it arrives whole
        return (type(self), (self.message, self.path, self.file, self.where))

    def located(self, file: str, where: str) -> ScenarioError:
        return ScenarioError(self.message, self.path, file, where)

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        # One line whatever the input: a newline in a file name or value must not split it.
        return ": ".join([*parts, self.message]).replace("\r", "\\r").replace("\n", "\\n")


class SolverError(Exception):
    """The solver could not be run or failed without a usable answer."""


class RulesCannotBeMet(SolverError):
    """The program has no plan at all: its floors or minimum shares cannot be met with the
    money on hand (the LP relaxation is infeasible). The caller falls back to the plan that
    leaves the fewest persons short."""
