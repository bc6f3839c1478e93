"""An exact, smaller village-level LP: villages merged per regency (or district), then split back.

In the full program (`optimizer.areas.model`) a regency- or province-scoped source
pays for group g in every village of a regency at the same cost, from the same
pot and for the same credit; the villages differ only in their headcount rows
and their minimum-share rows. So, for villages without an explicit share row:

- the columns x[v,s,g] of every non-village source s are merged into one column
  X[cell,s,g] (cell = the regency, or the district when district shares are set),
- the headcount rows [v,g] of those villages into one row [cell,g] whose bound is
  the sum of theirs; village-scoped columns (ADD) keep their own column and pot
  row and count in the merged headcount row.

This is exact: any X and ADD plan meeting the merged rows splits back over the
villages (each takes at most what its own ADD use leaves of its headcount), and the
merged LP's row duals, copied to the rows they replace, are duals of the full LP
with the same bound. Minimum-share rows of merged villages are left out (a
relaxation); `split` fills their shortfall first (a greedy pass, redone as an exact max
flow in the cells where the greedy falls short), and villages no split can satisfy
are made explicit (own columns and rows) by the caller, who also checks the split
point and the copied duals against the full LP (`optimizer.solve_fast.certify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from optimizer.areas.data import AreaScenario
from optimizer.areas.model import DISTRICT, HEAD, NO_ROW, POT, VILLAGE, AreaLP
from optimizer.areas.pool import (
    Slots,
    fill_in_order,
    pool_order,
    poolable,
    pooled_bounds,
    pot_duals,
    split_pools,
)
from optimizer.solve_fast import max_flow


@dataclass(frozen=True, eq=False)
class Reduction:
    full: AreaLP
    lp: AreaLP
    #: per full column: its reduced column; per full row: its reduced row (NO_ROW when left out)
    col_of: np.ndarray
    row_of: np.ndarray
    #: per full column: True when it was merged with others (non-village source, merged village)
    merged: np.ndarray
    #: per full column: True when it is a pooled village-pot column (`optimizer.areas.pool`)
    pooled: np.ndarray
    #: per full headcount row: its village row in the full LP (NO_ROW when the village has none)
    village_row_of_head: np.ndarray
    #: per reduced column: its regency
    regency: np.ndarray
    #: per village: the cell (regency, or district) its merged rows belong to
    cell: np.ndarray
    #: the pooled columns (`optimizer.areas.pool.Slots`), None when there are none
    slots: Slots | None = None

    def duals(self, y_reduced: np.ndarray) -> np.ndarray:
        """Duals for the full LP: each replaced row takes its merged row's dual; left-out rows 0."""
        y = np.where(self.row_of != NO_ROW, y_reduced[np.maximum(self.row_of, 0)], 0.0)
        return pot_duals(self.full, self.pooled, y, self.slots)

    def split(self, x: np.ndarray, whole: bool = False) -> np.ndarray:
        """A full-LP point from a reduced one (whole persons stay whole when `whole`)."""
        return _split(self, x, whole)

    @cached_property
    def layout(self) -> _Layout:
        """What every split of this reduction reads and no point changes (made at the first)."""
        return _Layout.of(self)


@dataclass(frozen=True, eq=False)
class _Layout:
    """The index arrays of `_split` that depend on the reduction only: a national program is split
    twice (the LP point, then whole persons), and these sorts and gathers cost as much as the rest."""

    #: per full column: its headcount row, its village row (NO_ROW: none), True unless merged
    head: np.ndarray
    vrow: np.ndarray
    kept: np.ndarray
    #: per full column: its village row's minimum share (0 without one)
    need: np.ndarray
    #: the merged headcount rows in order of their merged row (`_members`), their merged rows,
    #: villages and village rows
    members: np.ndarray
    member_row: np.ndarray
    member_village: np.ndarray
    member_vrow: np.ndarray
    #: per full row: its village (headcount rows; 0 elsewhere)
    village_of: np.ndarray
    #: reduced columns that merge full ones, and their merged headcount rows
    merged_cols: np.ndarray
    merged_head: np.ndarray
    #: the order in which `split_pools` serves the pooled columns (None: no pooled columns)
    pool_order: np.ndarray | None
    #: merged full columns, their headcount rows and reduced columns
    cols: np.ndarray
    cols_head: np.ndarray
    cols_rcol: np.ndarray

    @classmethod
    def of(cls, red: Reduction) -> _Layout:
        full = red.full
        m = len(full.block)
        head = full.rows[:, HEAD]
        vrow = full.rows[:, VILLAGE]
        members = _members(red, head[red.merged], m)
        village_of = np.zeros(m, np.int64)
        village_of[head] = full.village
        merged_cols = np.nonzero(np.bincount(red.col_of[red.merged], minlength=len(red.lp.objective)) > 0)[0]
        cols = np.nonzero(red.merged)[0]
        need = np.where(vrow != NO_ROW, full.ilower[np.maximum(vrow, 0)], 0)
        order = None if red.slots is None else pool_order(red.slots, red.col_of, need)
        return cls(
            head=head, vrow=vrow, kept=~red.merged,
            need=need,
            members=members, member_row=red.row_of[members], member_village=village_of[members],
            member_vrow=red.village_row_of_head[members], village_of=village_of,
            merged_cols=merged_cols, merged_head=red.lp.rows[merged_cols, HEAD], pool_order=order,
            cols=cols, cols_head=head[cols], cols_rcol=red.col_of[cols],
        )  # fmt: skip


def reduce_lp(area: AreaScenario, full: AreaLP, explicit: np.ndarray) -> Reduction:
    """Merge villages not marked `explicit` (bool per village) as described in the module docstring."""
    n, m = len(full.objective), len(full.block)
    by_district = bool((full.block == DISTRICT).any())
    cell = area.district_of if by_district else area.regency_of
    n_s, n_g = len(area.scopes), area.headcount.shape[1]
    village_scoped = np.array([s == "village" for s in area.scopes])
    merged = ~explicit[full.village] & ~village_scoped[full.source]
    pooled = ~explicit[full.village] & poolable(area, full)
    slots = Slots.of(full, pooled) if pooled.any() else None
    col_upper, row_upper = pooled_bounds(full, pooled, slots)
    # Headcount rows: village and group of each, and whether they are merged.
    head = full.rows[:, HEAD]
    head_v = np.zeros(m, np.int64)
    head_v[head] = full.village
    is_head = full.block == HEAD
    merge_row = is_head & ~explicit[head_v]
    drop_row = (full.block == VILLAGE) & ~explicit[row_village(full, VILLAGE)]
    head_g = np.zeros(m, np.int64)
    head_g[head] = full.group
    n_cells = int(cell.max()) + 1
    row_key = np.where(merge_row, m + cell[head_v] * n_g + head_g, np.arange(m))
    pot = full.rows[pooled, POT]
    row_key[pot] = m + n_cells * n_g + cell[full.village[pooled]] * n_s + full.source[pooled]
    row_key = np.where(drop_row, -1, full.block * (m + n_cells * (n_g + n_s)) + row_key)
    keep = row_key >= 0
    uniq, inv = np.unique(row_key[keep], return_inverse=True)
    row_of = np.full(m, NO_ROW, np.int64)
    row_of[keep] = inv
    block = np.zeros(len(uniq), np.int64)
    block[inv] = full.block[keep]
    ilower = np.zeros(len(uniq), np.int64)
    np.add.at(ilower, inv, full.ilower[keep])
    iupper = np.zeros(len(uniq), np.int64)
    np.add.at(iupper, inv, row_upper[keep])
    # Columns: merged ones by (cell, source, group), the others alone.
    col_key = np.where(
        merged | pooled, n + (cell[full.village] * n_s + full.source) * n_g + full.group, np.arange(n)
    )
    ukeys, first, col_of = np.unique(col_key, return_index=True, return_inverse=True)
    upper = np.bincount(col_of, weights=col_upper, minlength=len(ukeys))
    rows = full.rows[first].copy()
    mapped = rows != NO_ROW
    rows[mapped] = row_of[rows[mapped]]
    lp = AreaLP(
        village=np.where((merged | pooled)[first], -1, full.village[first]), source=full.source[first],
        group=full.group[first], upper=upper, objective=full.objective[first], rows=rows,
        icoef=np.where(rows != NO_ROW, full.icoef[first], 0), block=block, ilower=ilower, iupper=iupper,
    )  # fmt: skip
    village_row = np.full(m, NO_ROW, np.int64)
    village_row[head] = full.rows[:, VILLAGE]
    regency = area.regency_of[full.village[first]]
    col_of = col_of.astype(np.int64)
    return Reduction(full, lp, col_of, row_of, merged, pooled, village_row, regency, cell, slots)


def row_village(full: AreaLP, block: int) -> np.ndarray:
    """Village of each row of `block` (0 for other rows)."""
    out = np.zeros(len(full.block), np.int64)
    has = full.rows[:, block] != NO_ROW
    out[full.rows[has, block]] = full.village[has]
    return out


def _split(red: Reduction, x: np.ndarray, whole: bool) -> np.ndarray:
    full, lay = red.full, red.layout
    dtype = np.int64 if whole else np.float64
    x = np.asarray(x, dtype=dtype)
    out = np.where(red.merged | red.pooled, 0, x[red.col_of]).astype(dtype)
    split_pools(full, red.pooled, red.col_of, x, out, lay.need, red.slots, lay.pool_order)
    m = len(full.block)
    kept, head, vrow = lay.kept, lay.head, lay.vrow
    # What each headcount row has left after its village's own (ADD) columns.
    used = np.bincount(head[kept], weights=out[kept], minlength=m)
    room = np.maximum(full.iupper - used, 0).astype(dtype)
    # Shortfall of each village row after the ADD columns.
    has_v = kept & (vrow != NO_ROW)
    act_v = np.bincount(vrow[has_v], weights=out[has_v], minlength=m)
    short = np.maximum(full.ilower - act_v, 0).astype(dtype)
    # Members: full headcount rows that were merged, in order of their merged row.
    members, member_row = lay.members, lay.member_row
    total = np.bincount(lay.merged_head, weights=x[lay.merged_cols], minlength=len(red.lp.block))
    total = np.rint(total).astype(dtype) if whole else total
    give = np.zeros(m, dtype)
    # First the shortfalls of minimum-share rows: each village asks its most plentiful group first
    # (merged total / what all its villages ask), so scarce groups are left to those that need them.
    vr_all = lay.member_vrow
    want0 = np.where(vr_all != NO_ROW, np.minimum(room[members], short[np.maximum(vr_all, 0)]), 0)
    asked = np.bincount(member_row, weights=want0, minlength=len(total))
    plenty = np.divide(total, asked, out=np.full(len(total), np.inf), where=asked > 0)
    by_village = np.lexsort((-plenty[member_row], lay.member_village))
    rank = np.empty(len(members), np.int64)
    v_sorted = lay.member_village[by_village]
    rank[by_village] = np.arange(len(members)) - np.searchsorted(v_sorted, v_sorted)
    for k in range(int(rank.max(initial=-1)) + 1):
        at = rank == k
        sel, vr = members[at], vr_all[at]
        want = np.where(vr != NO_ROW, np.minimum(room[sel], short[np.maximum(vr, 0)]), 0)
        got = fill_in_order(member_row[at], want, total)
        give[sel] += got
        total = total - np.bincount(member_row[at], weights=got, minlength=len(total)).astype(dtype)
        np.subtract.at(short, vr[vr != NO_ROW], got[vr != NO_ROW])
    total = _exact_demands(red, members, lay.village_of, room, give, total, short, whole)
    rest = room[members] - give[members]
    cap = np.bincount(member_row, weights=rest, minlength=len(total))
    share = np.divide(total, cap, out=np.zeros(len(total)), where=cap > 0).clip(0.0, 1.0)
    part = rest * share[member_row]
    if whole:
        part = np.floor(part + 1e-9).astype(np.int64)
        left = total - np.bincount(member_row, weights=part, minlength=len(total)).astype(np.int64)
        part = part + fill_in_order(member_row, rest - part, left)
    give[members] += part
    return _to_sources(red, out, give, x, whole)


def _exact_demands(red, members, village_of, room, give, total, short, whole) -> np.ndarray:
    """Where the greedy pass left a village below its minimum share, redo that pass exactly in
    its cell: the largest flow from the cell's merged totals to its villages' shortfalls. The
    greedy is right almost everywhere and costs nothing; the flow finds a split whenever one
    exists, so only villages that no split can satisfy are made explicit by the caller.
    Updates `give` and `short` in place; returns the merged totals left to share out."""
    vr = red.village_row_of_head[members]
    has = vr != NO_ROW
    short_left = np.zeros(len(members), dtype=bool)
    short_left[has] = short[vr[has]] > (0 if whole else 1e-9)
    if not short_left.any():
        return total
    cells = np.unique(red.cell[village_of[members][short_left]])
    redo = has & np.isin(red.cell[village_of[members]], cells)
    sel, rows, vrows = members[redo], red.row_of[members[redo]], vr[redo]
    # Undo the greedy pass there (the cells' members touch only the cells' rows).
    total = total + np.bincount(rows, weights=give[sel], minlength=len(total)).astype(total.dtype)
    np.add.at(short, vrows, give[sel])
    give[sel] = 0
    supplies, supply_of = np.unique(rows, return_inverse=True)
    demands, demand_of = np.unique(vrows, return_inverse=True)
    cap = np.minimum(room[sel], short[vrows])
    flow = max_flow(supply_of, demand_of, cap, total[supplies], short[demands])
    if whole:
        flow = np.floor(flow + 1e-6).astype(np.int64)
    give[sel] = flow
    np.subtract.at(short, vrows, flow)
    return total - np.bincount(rows, weights=flow, minlength=len(total)).astype(total.dtype)


def _members(red: Reduction, heads: np.ndarray, m: int) -> np.ndarray:
    """The distinct full headcount rows in `heads`, ordered by the merged row they belong to."""
    seen = np.zeros(m, dtype=bool)
    seen[heads] = True
    members = np.nonzero(seen)[0]
    return members[np.argsort(red.row_of[members], kind="stable")]


def _to_sources(red: Reduction, out, give, x, whole) -> np.ndarray:
    """Split each merged headcount row's persons over the sources its merged columns hold."""
    full, lay = red.full, red.layout
    cols, head, rcol = lay.cols, lay.cols_head, lay.cols_rcol
    if not whole:
        # Each merged column's part of its merged headcount row, worked out once per merged column
        # (the same quotients as per full column: a merged column's full ones share its row).
        merged_total = np.bincount(lay.merged_head, weights=x[lay.merged_cols], minlength=len(red.lp.block))
        total = merged_total[red.lp.rows[:, HEAD]]
        ratio = np.divide(x, total, out=np.zeros(len(x)), where=total > 0)
        out[cols] = give[head] * ratio[rcol]
        return out
    # Whole persons: north-west corner rule on exact integer cumulative sums, all rows at once.
    members = lay.members
    cz = np.cumsum(give[members])
    src_cols = lay.merged_cols[np.lexsort((red.lp.source[lay.merged_cols], lay.merged_head))]
    cs = np.cumsum(x[src_cols])
    n_rows = len(red.lp.block)
    per_row = np.bincount(lay.member_row, weights=give[members], minlength=n_rows)
    if not np.array_equal(
        per_row, np.bincount(red.lp.rows[src_cols, HEAD], weights=x[src_cols], minlength=n_rows)
    ):
        raise AssertionError("split: merged persons do not add up; please report this scenario as a bug")
    ends = np.concatenate([cz, cs])
    ends.sort()
    starts = np.concatenate([[0], ends[:-1]])
    length = ends - starts
    ends, length = ends[length > 0], length[length > 0]
    who = members[np.searchsorted(cz, ends)]
    src = red.lp.source[src_cols[np.searchsorted(cs, ends)]]
    n_s = int(full.source.max()) + 1
    table = np.full(len(full.block) * n_s, -1, np.int64)
    table[head * n_s + full.source[cols]] = cols
    j = table[who * n_s + src]
    if (j < 0).any():
        raise AssertionError("split: a village lacks a merged column; please report this scenario as a bug")
    np.add.at(out, j, length)
    return out
