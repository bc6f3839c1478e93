"""A tighter bound for whole-person plans: the LP dual bound, rounded down regency by regency.

With the duals of the shared rows (the province pot, group floors and caps) held
fixed, the Lagrangian relaxation falls apart into one independent program per
regency (every other row belongs to one regency). The dual bound of each part is
an upper limit of that part's LP, and when every column of the part has a whole
Lagrangian objective (persons count 1; a province column whose price equals its
value counts 0), no whole-person plan of the part can beat the bound rounded down.
Summed over regencies this is a valid bound for whole persons (weak duality for
any duals), often hundreds of persons below the plain LP bound at national size.
Objectives within 1e-9 of a whole number are rounded, and what that rounding could
hide (upper bound x the difference) is added back, so the bound stays valid.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from optimizer.areas.data import AreaScenario
from optimizer.areas.model import GROUP, NO_ROW, POT, AreaLP

WHOLE = 1e-9


def whole_person_bound(area: AreaScenario, lp: AreaLP, y: np.ndarray) -> float:
    """Upper bound on the objective of any whole-person plan of `lp`, from row duals `y` (HiGHS signs)."""
    return lagrangian_parts(area, lp, y).total


def part_bounds(area: AreaScenario, lp: AreaLP, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The shared rows' term, and per regency the (rounded where valid) bound of its part."""
    parts = lagrangian_parts(area, lp, y)
    return parts.shared, parts.bounds


@dataclass(frozen=True, eq=False)
class Parts:
    """The Lagrangian split of `whole_person_bound`: the shared rows' term and one part per regency."""

    shared: float
    #: per regency: its bound, rounded down where every column's objective is whole (`whole`)
    bounds: np.ndarray
    whole: np.ndarray
    #: per regency: what rounding the near-whole objectives could hide (added back to the bound)
    hidden: np.ndarray
    #: per column: the part's objective (shared rows priced by their duals; near-whole rounded)
    objective: np.ndarray
    #: per row: its regency, or -1 for a shared row
    row_part: np.ndarray

    @property
    def total(self) -> float:
        """`whole_person_bound`: the shared rows' term plus every regency's bound."""
        return float(self.shared + self.bounds.sum())


def lagrangian_parts(area: AreaScenario, lp: AreaLP, y: np.ndarray) -> Parts:
    """With the shared rows' duals fixed, the bound of each regency's own program (module docstring)."""
    part = _row_regency(area, lp)
    lower, upper = lp.lp_bounds()
    y = np.where((y > 0) & ~np.isfinite(lower), 0.0, y)
    y = np.where((y < 0) & ~np.isfinite(upper), 0.0, y)
    row_term = np.where(y > 0, -y * np.where(np.isfinite(lower), lower, 0.0), 0.0) + np.where(
        y < 0, -y * np.where(np.isfinite(upper), upper, 0.0), 0.0
    )
    e = lp.entries
    contrib = y[e.row] * e.coef
    shared = part[e.row] < 0
    lagrange = lp.objective + e.per_column(np.where(shared, contrib, 0.0), lp.rows.shape)
    rounded = np.round(lagrange)
    slack = np.abs(lagrange - rounded)
    whole_col = slack <= WHOLE
    objective = np.where(whole_col, rounded, lagrange)
    reduced = objective + e.per_column(np.where(shared, 0.0, contrib), lp.rows.shape)
    col_term = lp.upper * np.maximum(reduced, 0.0) + np.where(whole_col, lp.upper * slack, 0.0)
    n_r = len(area.regency_codes)
    col_part = area.regency_of[lp.village]
    per_part = np.bincount(col_part, weights=col_term, minlength=n_r) + np.bincount(
        part[part >= 0], weights=row_term[part >= 0], minlength=n_r
    )
    hidden = np.bincount(col_part, weights=np.where(whole_col, lp.upper * slack, 0.0), minlength=n_r)
    whole_part = np.bincount(col_part, weights=~whole_col, minlength=n_r) == 0
    rounded_part = np.where(whole_part, np.floor(per_part - hidden + 1e-6) + hidden, per_part)
    return Parts(float(row_term[part < 0].sum()), rounded_part, whole_part, hidden, objective, part)


def part_program(area: AreaScenario, lp: AreaLP, parts: Parts, r: int) -> AreaLP:
    """Regency r's own program: its columns with the part's objective, and its own rows only
    (the shared rows are priced in that objective). Its whole-person optimum is at most its LP's,
    so a MIP's bound on it may replace the part's LP bound (`tightened_part`)."""
    cols = np.nonzero(area.regency_of[lp.village] == r)[0]
    sub, _ = lp.of_columns(cols, keep=parts.row_part == r)
    return dataclasses.replace(sub, objective=parts.objective[cols])


def tightened_part(parts: Parts, r: int, mip_bound: float) -> float:
    """Regency r's bound given a MIP's upper bound on its own program's whole-person optimum (its
    objective is whole: the optimum is a whole number, and 1e-3 absorbs the MIP's float error)."""
    if not parts.whole[r]:
        return float(parts.bounds[r])
    return float(min(parts.bounds[r], np.floor(mip_bound + 1e-3) + parts.hidden[r]))


def _row_regency(area: AreaScenario, lp: AreaLP) -> np.ndarray:
    """Regency of each row, or -1 for rows shared between regencies (province pots, group rows)."""
    part = np.full(len(lp.block), -1, np.int64)
    # Every coefficient's row takes its column's regency: a headcount, village, district or
    # regency pot row lies in one regency; group rows and province pots are shared (below).
    part[lp.entries.row] = area.regency_of[lp.village][lp.entries.col]
    scope = np.array([s == "province" for s in area.scopes])
    province_pot = lp.rows[scope[lp.source], POT]
    part[province_pot[province_pot != NO_ROW]] = -1
    part[lp.block == GROUP] = -1
    return part
