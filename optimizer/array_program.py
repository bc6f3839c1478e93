"""The forms of a linear program that `optimizer.solve_fast` passes to HiGHS without PuLP.

`ArrayProgram`: a village-level program as arrays. `StageModel`: one stage of a one-region
program (`optimizer.solve`), as PuLP or HiGHS is handed it.

Its own ground-floor module so that a builder (`optimizer.areas.model.AreaLP`) can produce it
without importing highspy, and the solver module need not import the builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: `optimizer.solve` imports this module on every command
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

    @property
    def entries(self) -> Entries: ...

    def lp_bounds(self) -> tuple[np.ndarray, np.ndarray]: ...

    def lp_coef(self) -> np.ndarray: ...


@dataclass(frozen=True)
class StageModel:
    """One stage of a one-region program as a solver is handed it (`optimizer.solve._stage_model`):
    PuLP builds its problem from it for CBC and the other solvers, `optimizer.solve_fast.solve_stage`
    builds the same HiGHS model from it directly."""

    maximize: bool
    objective_name: str
    #: (lower, upper or None, integer) of each program variable, named v0, v1, ...
    columns: tuple[tuple[float, float | None, bool], ...]
    #: The objective's coefficients by variable (a variable listed twice: summed), in order.
    objective: dict[int, float]
    #: (name, coefficients as for `objective`, True for <= else >=, right-hand side); the
    #: program's rows r0, r1, ... first.
    rows: tuple[tuple[str, dict[int, float], bool, float], ...]


@dataclass(frozen=True, eq=False)
class Entries:
    """The coefficients of a program as flat arrays, column by column and block by block (the
    order of `rows[rows != NO_ROW]`), so that a product with the matrix touches only the
    coefficients there are (the national program has 3.6 million slots, 2.7 million filled),
    in the order the (columns x blocks) form summed them."""

    col: np.ndarray
    row: np.ndarray
    #: position of each coefficient in the (columns x blocks) form: `col * blocks + block`
    slot: np.ndarray
    #: the coefficients in LP units (`lp_coef`)
    coef: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray, lp_coef: np.ndarray) -> Entries:
        import numpy as np

        filled = rows != NO_ROW
        slot = np.flatnonzero(filled)
        return cls(slot // rows.shape[1], rows[filled], slot, lp_coef[filled])

    def per_column(self, values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
        """`values` (one per coefficient) summed per column of the (columns x blocks) form `shape`.

        The same floats as that form's `sum(axis=1)` (empty slots 0): both add a column's values
        in block order, and adding 0.0 changes no sum but the sign of a zero one, which callers
        add to an objective. Without the dense form's 28 MB (nationally), 6x faster."""
        import numpy as np

        return np.bincount(self.col, weights=values, minlength=shape[0])

    def per_row(self, values: np.ndarray, n_rows: int) -> np.ndarray:
        """`values` (one per coefficient) summed per row, in column order."""
        import numpy as np

        return np.bincount(self.row, weights=values, minlength=n_rows)
