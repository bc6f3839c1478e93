"""Village pots (ADD/APBDes) pooled per regency: exact when a pot pays at most two groups at one price.

One village's ADD pot that pays groups g1, g2 at the same unit cost c allows
a1 <= h1, a2 <= h2, a1 + a2 <= k persons (k = pot // c): a polymatroid with rank
f(S) = min(k, sum of h over S). The sum over villages of such sets is the
polymatroid of the summed ranks (Minkowski sum of polymatroids), so the pooled
columns A1, A2 with

    A1 <= sum min(k, h1),   A2 <= sum min(k, h2),   A1 + A2 <= sum min(k, h1 + h2)

describe exactly what all the villages' pots can pay. `split_pools` spreads A1, A2
back (group 1 first where it does not take room from group 2), and `pot_duals`
gives each village's pot row the dual of its own small problem, so the full LP's
dual bound equals the pooled one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.areas.data import AreaScenario
from optimizer.areas.model import NO_ROW, POT, AreaLP


def poolable(area: AreaScenario, full: AreaLP) -> np.ndarray:
    """Per column: a village-scoped source paying at most two groups, all at one unit cost."""
    out = np.zeros(len(full.objective), dtype=bool)
    for s, scope in enumerate(area.scopes):
        mine = full.source == s
        if scope == "village" and mine.any():
            cost = full.icoef[mine, POT]
            out[mine] = len(np.unique(full.group[mine])) <= 2 and bool((cost == cost[0]).all())
    return out


@dataclass(frozen=True, eq=False)
class Slots:
    """The pooled columns of a program and what `pooled_bounds`, `split_pools` and `pot_duals` read
    of them; it depends on the program and the pooled mask only, so a reduction makes it once."""

    #: pooled columns, their pot rows and slots (0 = first group of its source, 1 = second)
    cols: np.ndarray
    pot: np.ndarray
    slot: np.ndarray
    #: per row: h (persons of each slot) and k (persons the pot can pay), and the pot's unit cost
    h: np.ndarray
    k: np.ndarray
    unit: np.ndarray

    @classmethod
    def of(cls, full: AreaLP, pooled: np.ndarray) -> Slots:
        cols = np.nonzero(pooled)[0]
        pot = full.rows[cols, POT]
        first = np.full(int(full.source.max()) + 1, np.iinfo(np.int64).max)
        np.minimum.at(first, full.source[cols], full.group[cols])
        slot = (full.group[cols] != first[full.source[cols]]).astype(np.int64)
        h = np.zeros((len(full.block), 2), dtype=np.int64)
        h[pot, slot] = full.upper[cols].astype(np.int64)
        unit = np.ones(len(full.block), dtype=np.int64)
        unit[pot] = full.icoef[cols, POT]
        k = np.where(full.iupper >= 0, full.iupper, 0) // unit
        return cls(cols, pot, slot, h, k, unit)


def pooled_bounds(
    full: AreaLP, pooled: np.ndarray, slots: Slots | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Column uppers min(k, h) for pooled columns, and pot-row uppers c * min(k, h1 + h2) (Rupiah).
    `slots`: `Slots.of(full, pooled)`, when the caller has it."""
    upper = full.upper.copy()
    iupper = full.iupper.copy()
    if pooled.any():
        at = slots or Slots.of(full, pooled)
        cols, pot, slot, h, k, unit = at.cols, at.pot, at.slot, at.h, at.k, at.unit
        upper[cols] = np.minimum(h[pot, slot], k[pot])
        iupper[pot] = unit[pot] * np.minimum(k[pot], h[pot].sum(axis=1))
    return upper, iupper


def pool_order(slots: Slots, col_of: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The order in which `split_pools` serves the pooled columns (see there)."""
    return np.lexsort((slots.cols, -first[slots.cols], col_of[slots.cols]))


def split_pools(
    full: AreaLP,
    pooled: np.ndarray,
    col_of: np.ndarray,
    x: np.ndarray,
    out: np.ndarray,
    first: np.ndarray,
    slots: Slots | None = None,
    order: np.ndarray | None = None,
) -> None:
    """Write into `out` each village's share of the pooled columns' values `x` (exact for integers).

    Within each pass, columns with a larger `first` are served first (the villages' minimum
    shares); the passes' totals, and so the guarantee that everything fits, do not depend on it.
    `slots` and `order` (`Slots.of`, `pool_order`): when the caller splits often and keeps them.
    """
    if not pooled.any():
        return
    at = slots or Slots.of(full, pooled)
    cols, pot, slot, h, k, unit = at.cols, at.pot, at.slot, at.h, at.k, at.unit
    if x.dtype != np.int64:
        k = k + 0.5 / unit  # the full LP's half Rupiah of headroom per pot, which the pooled row has once
    order = pool_order(at, col_of, first) if order is None else order
    cols, pot, slot = cols[order], pot[order], slot[order]
    one, two = slot == 0, slot == 1
    c1, p1 = cols[one], pot[one]
    # Group 1 first where the pot has room beyond group 2's people, then wherever it still fits.
    free = np.minimum(h[p1, 0], np.maximum(k[p1] - h[p1, 1], 0)).astype(x.dtype)
    a1 = fill_in_order(col_of[c1], free, x)
    left = x - np.bincount(col_of[c1], weights=a1, minlength=len(x)).astype(x.dtype)
    a1 = a1 + fill_in_order(col_of[c1], np.minimum(h[p1, 0], k[p1]).astype(x.dtype) - a1, left)
    used = np.zeros(len(full.block), dtype=x.dtype)
    used[p1] = a1
    c2, p2 = cols[two], pot[two]
    a2 = fill_in_order(col_of[c2], np.minimum(h[p2, 1], k[p2] - used[p2]).astype(x.dtype), x)
    out[c1] = a1
    out[c2] = a2


def pot_duals(full: AreaLP, pooled: np.ndarray, y: np.ndarray, slots: Slots | None = None) -> np.ndarray:
    """`y` with each pooled pot row's dual set to that village's own optimum (HiGHS signs)."""
    if not pooled.any():
        return y
    at = slots or Slots.of(full, pooled)
    cols, pot = at.cols, at.pot
    coef = full.lp_coef(cols)
    rows = full.rows[cols]
    terms = np.where(rows != NO_ROW, y[np.maximum(rows, 0)] * coef, 0.0)
    terms[:, POT] = 0.0
    gain = full.objective[cols] + terms.sum(axis=1)  # per person, before paying for the pot
    order = np.lexsort((-gain, pot))
    cols, pot, gain, c = cols[order], pot[order], gain[order], coef[order, POT]
    _, upper = full.lp_bounds()
    room = upper[pot] / c  # persons the pot can pay
    h = full.upper[cols]
    before = np.cumsum(h) - h
    start = np.searchsorted(pot, pot, side="left")
    before = before - np.where(start > 0, np.cumsum(h)[np.maximum(start - 1, 0)], 0.0)
    marginal = (gain > 0) & (before < room) & (before + h >= room)
    y = y.copy()
    y[pot] = 0.0
    y[pot[marginal]] = -gain[marginal] / c[marginal]
    return y


def fill_in_order(group: np.ndarray, want: np.ndarray, avail: np.ndarray) -> np.ndarray:
    """Give each item (sorted by `group`) its `want`, in order, while its group's `avail` lasts."""
    if len(want) == 0:
        return want
    c = np.cumsum(want)
    start = np.searchsorted(group, group, side="left")
    before = c - want - np.where(start > 0, c[np.maximum(start - 1, 0)], 0)
    return np.clip(avail[group] - before, 0, want).astype(want.dtype)
