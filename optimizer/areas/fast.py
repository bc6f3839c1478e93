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

from optimizer.areas.bound import Parts, lagrangian_parts, part_program, tightened_part
from optimizer.areas.by_regency import resolve_regencies
from optimizer.areas.data import AreaScenario
from optimizer.areas.model import HEAD, VILLAGE, AreaLP
from optimizer.areas.reduce import Reduction, reduce_lp, row_village
from optimizer.areas.rounding import SNAP, activity, whole_persons
from optimizer.solve_fast import (
    MIP_NODES,
    LPAnswer,
    certify,
    dual_bound,
    improve_whole,
    mip_upper_bound,
    row_violation,
    solve_area_lp,
)

#: Rounds of explicit villages, when regencies solved alone (`optimizer.areas.by_regency`) do not
#: settle it: binding shares at 25% took 5 (province) and 11 (national) rounds that way, each a
#: dual simplex solve of a program far smaller than the full one (270-366 s by interior point).
ROUNDS = 60
#: A merged program this large a part of the full one (columns) is no longer worth it.
MAX_MERGED_SHARE = 0.4
#: Regencies whose own program `proven_bound` solves as a MIP: the ones with the most room.
PROOF_PARTS = 20


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

    def whole(self, area: AreaScenario, parts: Parts | None = None) -> np.ndarray | None:
        """Whole persons for the full program (before the final repair/fill), None after a fallback.

        Rounded in the merged program, where little is lost; regencies still a whole person
        or more below their part of the whole-person bound (`optimizer.areas.bound`) are
        re-solved as a small MIP with everything else fixed; the result is checked exactly
        and split back in whole numbers. `parts`: `lagrangian_parts` of the full program at
        this answer's duals, when the caller has them already.
        """
        red = self.reduction
        if red is None:
            return None
        plan, _ = whole_persons(red.lp, self.merged_x)
        parts = (parts or lagrangian_parts(area, red.full, self.answer.duals)).bounds
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
    village_of_row = hardness = None
    for attempt in range(1, ROUNDS + 1):
        red = reduce_lp(area, full, explicit)
        if attempt > 1 and len(red.lp.objective) > MAX_MERGED_SHARE * len(full.objective):
            break
        # The same thread count as any later solve: HiGHS keeps its first thread pool per process.
        merged = solve_area_lp(red.lp, threads=threads, method="simplex")
        x = red.split(merged.x)
        y = red.duals(merged.duals)
        # The check in two halves: a point that breaks a row is repaired below, without its bound.
        violation = row_violation(full, x)
        if violation > 1e-9:
            if hardness is None:  # made when a share is first missed: a plain plan needs neither
                village_of_row, hardness = villages_of_rows(full), _hardness(full, len(area.villages))
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
        value, bound = float(full.objective @ x), dual_bound(full, y)
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
    return lp.entries.per_row(lp.entries.coef * x[lp.entries.col], len(lp.block))


def close_the_gap(
    area: AreaScenario, lp: AreaLP, y: np.ndarray, x: np.ndarray, parts: Parts | None = None
) -> tuple[np.ndarray, float, str]:
    """(a plan at least as good as whole-person `x`, a whole-person bound at most
    `whole_person_bound`'s, what was done), for a plan a person or more below that bound.

    The bound adds up one LP bound per regency (`optimizer.areas.bound`). The regencies where `x`
    is a whole person or more below their part (`PROOF_PARTS` of them at most, most room first)
    are first re-planned alone as a small MIP, every other column held (`restricted`: their rows
    keep what the others use); where a regency still has room, its own program's MIP bound may
    replace its part's LP bound. Every MIP is node-limited and checked exactly. The national
    benchmark plan was a person below its bound: one regency re-planned found it (proven).
    `parts`: `lagrangian_parts(area, lp, y)`, when the caller has them already."""
    parts = parts or lagrangian_parts(area, lp, y)
    col_part = area.regency_of[lp.village]
    got = np.bincount(col_part, weights=parts.objective * x, minlength=len(parts.bounds))
    room = np.where(parts.whole, parts.bounds - got, 0.0)
    bounds = parts.bounds.astype(np.float64).copy()
    x = x.copy()
    better = tightened = 0
    for r in np.argsort(-room, kind="stable")[:PROOF_PARTS]:
        if room[r] < 1 - 1e-6:
            break
        free = col_part == r
        plan = improve_whole(restricted(lp, free, x), x[free], np.ones(int(free.sum()), bool))
        if plan is not None and lp.objective[free] @ plan > lp.objective[free] @ x[free]:
            trial = x.copy()
            trial[free] = plan
            if _keeps_rows(lp, trial):
                x, better = trial, better + 1
        if parts.bounds[r] - parts.objective[free] @ x[free] >= 1 - 1e-6:
            mip = mip_upper_bound(part_program(area, lp, parts, int(r)), x[free], MIP_NODES)
            if mip is not None and tightened_part(parts, int(r), mip) < bounds[r]:
                bounds[r] = tightened_part(parts, int(r), mip)
                tightened += 1
    note = f"; {better} regencies re-planned and {tightened} bounded as whole-person MIPs"
    return x, float(parts.shared + bounds.sum()), note


def restricted(lp: AreaLP, free: np.ndarray, x: np.ndarray) -> AreaLP:
    """The program of the `free` columns with every other column held at whole-person `x`:
    the rows they touch, each bound less what the held columns use (exact integers)."""
    held = x.copy()
    held[free] = 0
    sub, used = lp.of_columns(np.nonzero(free)[0])
    taken = activity(lp, held)[used]
    # ilower 0 means no lower bound (<= rows); iupper -1 no upper bound (>= rows).
    ilower = np.where(sub.ilower > 0, np.maximum(sub.ilower - taken, 0), 0)
    iupper = np.where(sub.iupper >= 0, sub.iupper - taken, -1)
    return dataclasses.replace(sub, ilower=ilower, iupper=iupper)
