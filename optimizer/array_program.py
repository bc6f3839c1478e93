"""The array form of a linear program that `optimizer.solve_fast` passes to HiGHS without PuLP.

Its own ground-floor module so that a builder (`optimizer.areas.model.AreaLP`) can produce it
without importing highspy, and the solver module need not import the builder.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

#: In `ArrayProgram.rows`: this column has no coefficient in this block.
NO_ROW = -1


class ArrayProgram(Protocol):
    """What `optimizer.solve_fast` solves: max objective.x, 0 <= x <= upper, row bounds, one row per block
    and column at most. Column j has coefficient `lp_coef()[k]` in row `rows[j, k]` of block k
    (`NO_ROW` for none); `block` has one entry per row (its length is the row count)."""

    objective: np.ndarray
    upper: np.ndarray
    rows: np.ndarray
    block: np.ndarray

    def lp_bounds(self) -> tuple[np.ndarray, np.ndarray]: ...

    def lp_coef(self) -> np.ndarray: ...
