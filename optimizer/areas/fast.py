"""Solve the village-level LP through its exact reduction (`optimizer.areas.reduce`), certified.

The merged LP is solved by HiGHS (`optimizer.solve_fast`), its optimum split back
over the villages, and that point and the copied duals are checked against the
FULL program by `certify`: the answer is called optimal only when the point keeps
every full row and the dual bound is within `CERTIFIED_GAP`. Villages whose
minimum share the split cannot keep are first repaired by solving their regencies alone
(`optimizer.areas.by_regency`); otherwise they become explicit and the merged LP is solved
again; after `ROUNDS` tries (or a failed check, or once the merged program has grown to
`MAX_MERGED_SHARE` of the full one) the full LP is solved directly.
Whole persons are rounded in the merged LP (few columns, little lost) and split
back in exact integers (`FastAnswer.whole`).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from optimizer.areas.bound import part_bounds
from optimizer.areas.by_regency import resolve_regencies
from optimizer.areas.data import AreaScenario
from optimizer.areas.model import HEAD, NO_ROW, VILLAGE, AreaLP
from optimizer.areas.reduce import Reduction, reduce_lp, row_village
from optimizer.areas.rounding import SNAP, activity, whole_persons
from optimizer.solve_fast import LPAnswer, certify, improve_whole, solve_area_lp

#: Rounds of explicit villages, when regencies solved alone (`optimizer.areas.by_regency`) do not
#: settle it: binding shares at 25% took 5 (province) and 11 (national) rounds that way, each a
#: dual simplex solve of a program far smaller than the full one (270-366 s by interior point).
ROUNDS = 60
#: A merged program this large a part of the full one (columns) is no longer worth it.
MAX_MERGED_SHARE = 0.4


@dataclass(frozen=True, eq=False)
class FastAnswer:
    #: the certified LP answer for the FULL program
    answer: LPAnswer
    #: how the answer was found, for the certificate and the benchmark
    method: str
    reduced_columns: int
    reduced_rows: int
    #: the merged program and its optimum (None after a fallback to the full LP)
    reduction: Reduction | None = None
    merged_x: np.ndarray | None = None
    #: per village: True when it had its own columns and rows in the merged program
    explicit: np.ndarray | None = None
    #: columns of the regencies solved alone (`optimizer.areas.by_regency`); their point is `answer.x`'s
    alone: np.ndarray | None = None

    def whole(self, area: AreaScenario) -> np.ndarray | None:
        """Whole persons for the full program (before the final repair/fill), None after a fallback.

        Rounded in the merged program, where little is lost; regencies still a whole person
        or more below their part of the whole-person bound (`optimizer.areas.bound`) are
        re-solved as a small MIP with everything else fixed; the result is checked exactly
        and split back in whole numbers.
        """
        red = self.reduction
        if red is None:
            return None
        plan, _ = whole_persons(red.lp, self.merged_x)
        _, parts = part_bounds(area, red.full, self.answer.duals)
        got = np.bincount(red.regency, weights=red.lp.objective * plan, minlength=len(parts))
        short = parts - got >= 1 - 1e-6
        province = np.array([s == "province" for s in area.scopes])[red.lp.source]
        if short.any() or province.any():
            # Province columns stay free: the province pot's last whole persons may fit anywhere.
            better = improve_whole(red.lp, plan, short[red.regency] | province)
            if (
                better is not None
                and _keeps_rows(red.lp, better)
                and red.lp.objective @ better > red.lp.objective @ plan
            ):
                plan = better
        whole = red.split(plan, whole=True)
        if self.alone is not None:  # a regency's own LP vertex: little is lost by rounding down
            whole[self.alone] = np.floor(self.answer.x[self.alone] + SNAP).astype(np.int64)
        return whole


def solve_reduced(
    area: AreaScenario, full: AreaLP, threads: int = 1, explicit: np.ndarray | None = None
) -> FastAnswer:
    """The certified LP optimum of `full`; villages in `explicit` (and those whose minimum share
    the split cannot keep, found round by round) keep their own columns and rows."""
    started = time.perf_counter()
    explicit = np.zeros(len(area.villages), dtype=bool) if explicit is None else explicit.copy()
    village_of_row = villages_of_rows(full)
    hardness = _hardness(full, len(area.villages))
    for attempt in range(1, ROUNDS + 1):
        red = reduce_lp(area, full, explicit)
        if attempt > 1 and len(red.lp.objective) > MAX_MERGED_SHARE * len(full.objective):
            break
        # The same thread count as any later solve: HiGHS keeps its first thread pool per process.
        merged = solve_area_lp(red.lp, threads=threads, method="simplex")
        x = red.split(merged.x)
        value, bound, violation = certify(full, x, y := red.duals(merged.duals))
        if violation > 1e-9:
            lower, _ = full.lp_bounds()
            short = (full.block == VILLAGE) & (activity_lp(full, x) < lower - 1e-9)
            alone = resolve_regencies(area, full, x, village_of_row[short], threads) if short.any() else None
            if alone is not None:
                answer = LPAnswer(alone[0], *certify(full, alone[0], y), 0.0, merged.solver_status, y)
                if answer.proven:
                    answer = dataclasses.replace(answer, seconds=time.perf_counter() - started)
                    regencies = len(np.unique(area.regency_of[full.village[alone[1]]]))
                    method = (
                        f"merged LP ({len(red.lp.objective):,} columns, {int(explicit.sum())} explicit "
                        f"villages), then {regencies} regencies alone"
                    )
                    return FastAnswer(
                        answer,
                        method,
                        len(red.lp.objective),
                        len(red.lp.block),
                        red,
                        merged.x,
                        explicit,
                        alone[1],
                    )
            if short.any() and attempt < ROUNDS:
                explicit |= _as_hard(red.cell, village_of_row[short], hardness)
                continue
        seconds = time.perf_counter() - started

        answer = LPAnswer(x, value, bound, violation, seconds, merged.solver_status, y)
        if not answer.proven:
            break
        method = f"merged LP ({len(red.lp.objective):,} columns, {int(explicit.sum())} explicit villages)"
        return FastAnswer(answer, method, len(red.lp.objective), len(red.lp.block), red, merged.x, explicit)
    answer = solve_area_lp(full, threads=threads)
    return FastAnswer(answer, "full LP", len(full.objective), len(full.block))


def _hardness(full: AreaLP, n_villages: int) -> np.ndarray:
    """Per village: its minimum share over its headcount (0 without a share row)."""
    head = np.zeros(n_villages)
    rows = full.rows[:, HEAD]
    counted = np.zeros(len(full.block), dtype=bool)
    counted[rows] = True
    head_rows = np.nonzero(counted & (full.block == HEAD))[0]
    village_of_head = np.zeros(len(full.block), np.int64)
    village_of_head[rows] = full.village
    np.add.at(head, village_of_head[head_rows], np.maximum(full.iupper[head_rows], 0))
    need = np.zeros(n_villages)
    share_rows = np.nonzero(full.block == VILLAGE)[0]
    need[villages_of_rows(full)[share_rows]] = full.ilower[share_rows]
    return np.divide(need, head, out=np.zeros(n_villages), where=head > 0)


def _as_hard(cell: np.ndarray, short: np.ndarray, hardness: np.ndarray) -> np.ndarray:
    """The villages short this round, and every village of their cells whose share is as hard to
    keep (share over headcount) as the easiest of them: the next round would find them short."""
    out = np.zeros(len(cell), dtype=bool)
    out[short] = True
    easiest = np.full(int(cell.max()) + 1, np.inf)
    np.minimum.at(easiest, cell[short], hardness[short])
    return out | (hardness >= easiest[cell])


def villages_of_rows(full: AreaLP) -> np.ndarray:
    """Per row of `full`: the village of a minimum-share row (0 for other rows)."""
    return row_village(full, VILLAGE)


def _keeps_rows(lp: AreaLP, x: np.ndarray) -> bool:
    """Every bound and row of `lp` kept by whole persons `x`, in exact integers."""
    act = activity(lp, x)
    capped = lp.iupper >= 0
    inside = (x >= 0).all() and (x <= np.floor(lp.upper + 1e-9)).all()
    return bool(inside and (act[capped] <= lp.iupper[capped]).all() and (act >= lp.ilower).all())


def activity_lp(lp: AreaLP, x: np.ndarray) -> np.ndarray:
    """Row activity of a fractional point in LP units."""
    mask = lp.rows != NO_ROW
    coef = np.broadcast_to(lp.lp_coef(), lp.rows.shape)
    return np.bincount(lp.rows[mask], weights=(coef * x[:, None])[mask], minlength=len(lp.block))
