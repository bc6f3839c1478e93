"""Floors or minimum shares that a large village file's money cannot pay, without the exact program.

The exact fallback (`optimizer.areas.model.build_area_program` with shortfall variables) is one
integer program over every village x source x group: for a province (70,000 cells) it ran for
more than ten minutes. Here instead:

1. the LP with one shortfall column per floor and share row (`elastic`), each person short
   costing more coverage than covering that person could ever take away (`_penalty`), says how
   far each row has to come down;
2. those rows are lowered by their shortfall, rounded up to whole persons (`lowered`; a person
   more where the rounding to whole persons cannot keep them), and the usual fast path plans
   the villages, proven optimal for the lowered rules;
3. what the plan leaves short of the file's own rules is counted from the plan (`shortfalls`).

The plan is labelled not proven: the LP gives only a lower bound on the fewest persons short,
and another split of the shortfall over the rows might cover more.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from optimizer.areas.data import AreaScenario
from optimizer.areas.model import DISTRICT, GROUP, POT, VILLAGE, AreaLP, ShareShortKey
from optimizer.areas.tables import shares_short
from optimizer.array_program import NO_ROW
from optimizer.model import FloorShortKey
from optimizer.solve_fast import solve_area_lp

REQUIREMENTS = (GROUP, VILLAGE, DISTRICT)


def lp_shortfall(lp: AreaLP) -> tuple[np.ndarray, np.ndarray]:
    """The floor and share rows of `lp`, and the persons the LP leaves each of them short when it
    leaves the fewest short in all (their sum is a lower bound for whole-person plans)."""
    rows = np.nonzero(np.isin(lp.block, REQUIREMENTS) & (lp.ilower > 0))[0]
    if len(rows) == 0:
        return rows, np.zeros(0)
    answer = solve_area_lp(elastic(lp, rows), method="simplex")
    return rows, answer.x[len(lp.objective) :]


def lowered(lp: AreaLP, rows: np.ndarray, short: np.ndarray, slack: int = 0) -> AreaLP:
    """`lp` with each row in `rows` lowered by its shortfall rounded up to whole persons, and by
    `slack` persons more where it is short at all (a row the money cannot reach any further may
    need that person for the rounding to whole persons to keep it)."""
    down = np.ceil(short - 1e-6).astype(np.int64)
    down[down > 0] += slack
    ilower = lp.ilower.copy()
    ilower[rows] = np.maximum(0, ilower[rows] - down)
    return dataclasses.replace(lp, ilower=ilower)


def elastic(lp: AreaLP, rows: np.ndarray) -> AreaLP:
    """`lp` plus one column per row in `rows`: persons that row is left short, at a penalty."""
    k = len(rows)
    at = np.full((k, lp.rows.shape[1]), NO_ROW, dtype=lp.rows.dtype)
    at[np.arange(k), lp.block[rows]] = rows
    coef = np.zeros((k, lp.icoef.shape[1]), dtype=lp.icoef.dtype)
    coef[np.arange(k), lp.block[rows]] = 1
    none = np.full(k, -1, dtype=lp.village.dtype)
    return dataclasses.replace(
        lp,
        village=np.concatenate([lp.village, none]),
        source=np.concatenate([lp.source, none]),
        group=np.concatenate([lp.group, none]),
        upper=np.concatenate([lp.upper, lp.ilower[rows].astype(np.float64)]),
        objective=np.concatenate([lp.objective, np.full(k, -_penalty(lp))]),
        rows=np.vstack([lp.rows, at]),
        icoef=np.vstack([lp.icoef, coef]),
    )


def _penalty(lp: AreaLP) -> float:
    """More than any coverage one person short can buy: the money of the dearest person, spent on
    the cheapest, at the best gain per person (so the LP first leaves the fewest persons short)."""
    unit = lp.icoef[:, POT][lp.rows[:, POT] != NO_ROW]
    ratio = float(unit.max() / max(1, unit.min())) if len(unit) else 1.0
    return 2.0 * (1.0 + float(np.abs(lp.objective).max(initial=1.0)) * ratio)


def shortfalls(area: AreaScenario, villages: pd.DataFrame) -> list[tuple[object, int]]:
    """(FloorShortKey or ShareShortKey, persons) of every rule of the file the plan leaves short."""
    covered = np.zeros_like(area.headcount)
    vi = pd.Index(area.villages["village_code"]).get_indexer(villages["village_code"])
    gi = pd.Index([g.id for g in area.scenario.groups]).get_indexer(villages["group"])
    np.add.at(covered, (vi, gi), villages["persons"].to_numpy(dtype=np.int64))
    groups, places, districts = shares_short(area, covered)
    out: list[tuple[object, int]] = [
        (FloorShortKey(g.id), int(n)) for g, n in zip(area.scenario.groups, groups, strict=True) if n > 0
    ]
    out += [(ShareShortKey("village", int(v)), int(places[v])) for v in np.nonzero(places)[0]]
    out += [(ShareShortKey("district", int(d)), int(districts[d])) for d in np.nonzero(districts)[0]]
    return out
