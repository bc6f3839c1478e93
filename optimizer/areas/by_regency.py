"""Regencies solved alone: the exact repair of a merged split that leaves villages short.

Once the province's money is divided among regencies (as the merged LP's point divides
it), the village-level program falls apart into one program per regency: every other
row (headcounts, regency and village pots, minimum village and district shares) belongs
to one regency. So where the split of the merged optimum leaves a village below its
share, that regency's own program, with all its villages and its part of the province
money, is solved alone and its point replaces the split there. The caller certifies the
result on the full program with the merged LP's duals, as for any other point; group
rows (floors and caps over the whole area) couple regencies, and then nothing is done here.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from optimizer.areas.data import AreaScenario
from optimizer.areas.model import GROUP, POT, AreaLP
from optimizer.errors import SolverError
from optimizer.solve_fast import solve_area_lp

#: Regencies solved at once, each by a one-thread HiGHS in its own Python thread: the national
#: file at 25% shares solves 68 (0.6 s of HiGHS one by one, about half on two cores).
PART_THREADS = 2


def resolve_regencies(
    area: AreaScenario, full: AreaLP, x: np.ndarray, short_villages: np.ndarray, threads: int = 1
) -> tuple[np.ndarray, np.ndarray] | None:
    """(`x` with the regencies of `short_villages` solved alone, their columns), or None when
    the program does not fall apart by regency or no point keeping every row was found.

    Each regency first gets the province money it spends at `x`; those that cannot keep
    their shares with it are then solved together, sharing what the others leave."""
    if (full.block == GROUP).any():
        return None
    province = np.array([s == "province" for s in area.scopes])[full.source]
    # Each regency's columns, ascending: one stable sort instead of a pass over every column per
    # regency (68 regencies of the national file at 25% shares).
    regency = area.regency_of[full.village]
    by_regency = np.argsort(regency, kind="stable")
    bounds = np.searchsorted(regency[by_regency], np.arange(len(area.regency_codes) + 1))
    out = x.copy()
    parts = []
    for r in np.unique(area.regency_of[short_villages]):
        cols = by_regency[bounds[r] : bounds[r + 1]]
        # The LP gives each pot row half a Rupiah of headroom: keep it out of the parts, so that
        # they add up to no more than the pot.
        caps = {row: int(np.floor(spent - 0.5)) for row, spent in _province_spend(full, out, cols, province)}
        parts.append((cols, caps))
    # The parts share no column and each reads only its own: solved two at a time (HiGHS lets go
    # of the GIL while it runs), each into its own columns of `out`, the same points in any order.
    with ThreadPoolExecutor(PART_THREADS) as pool:
        solved = list(pool.map(lambda part: _solve_part(full, *part, out, threads), parts))
    changed = [cols for (cols, _), ok in zip(parts, solved, strict=True) if ok]
    failed = [cols for (cols, _), ok in zip(parts, solved, strict=True) if not ok]
    if failed:
        cols = np.concatenate(failed)
        others = np.setdiff1d(np.nonzero(province)[0], cols)
        caps = {}
        for row, _ in _province_spend(full, out, cols, province):
            spent = sum(s for r, s in _province_spend(full, out, others, province) if r == row)
            caps[row] = int(np.floor(full.iupper[row] - spent))
        if not _solve_part(full, cols, caps, out, threads):
            return None
        changed.append(cols)
    return out, np.sort(np.concatenate(changed))


def _province_spend(full: AreaLP, x: np.ndarray, cols: np.ndarray, province: np.ndarray):
    """(province pot row, Rupiah that `cols` spend from it at `x`) for each pot they draw on."""
    mine = cols[province[cols]]
    pot = full.rows[mine, POT]
    spend = full.icoef[mine, POT] * x[mine]
    return [(int(row), float(spend[pot == row].sum())) for row in np.unique(pot)]


def _solve_part(full: AreaLP, cols: np.ndarray, caps: dict[int, int], out: np.ndarray, threads: int) -> bool:
    """Solve the program of `cols` alone (pot rows capped by `caps`) into `out`; False if it has
    no proven optimum (its shares cannot be kept with that money)."""
    sub = _sub_lp(full, cols, caps)
    try:
        answer = solve_area_lp(sub, threads=threads, method="simplex")
    except SolverError:
        return False
    if not answer.proven:
        return False
    out[cols] = answer.x
    return True


def _sub_lp(full: AreaLP, cols: np.ndarray, caps: dict[int, int]) -> AreaLP:
    """The program of columns `cols` only, with the upper bounds of rows in `caps` (full row ->
    Rupiah; below 0: the columns of that row get nothing)."""
    sub, used = full.of_columns(cols)
    iupper, upper = sub.iupper.copy(), sub.upper.copy()
    for row, cap in caps.items():
        at = int(np.searchsorted(used, row))
        iupper[at] = max(cap, 0)
        if cap < 0:
            upper[sub.rows[:, POT] == at] = 0.0
    return dataclasses.replace(sub, iupper=iupper, upper=upper)
