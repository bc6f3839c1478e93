"""Whole persons from an LP optimum: round down, restore floors, then fill what money is left.

Every step works in exact integers (Rupiah and persons), so the result keeps every
budget, headcount, cap, floor and minimum share exactly, or says which it cannot.
Rounding down keeps all <= rows; the lower rows (group floors, minimum village or
district shares) are then topped up, and finally each variable, best objective per
Rupiah first, takes as many whole persons as its rows still allow.
"""

from __future__ import annotations

import numpy as np

from optimizer.areas.model import NO_ROW, POT, AreaLP

#: An LP value this close below a whole number counts as that number (solver tolerance).
SNAP = 1e-6
_NONE = np.iinfo(np.int64).max // 4


def whole_persons(lp: AreaLP, x_lp: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Integer plan near `x_lp`, and the rows whose lower bound could not be met (empty when none)."""
    x = np.clip(np.floor(x_lp + SNAP), 0, lp.upper).astype(np.int64)
    state = _State(lp, x)
    state.repair_over()
    unmet = [r for r in state.rows_below() if not state.raise_row(r)]
    state.fill()
    return state.x, unmet


def activity(lp: AreaLP, x: np.ndarray) -> np.ndarray:
    """Exact row activity in whole persons or Rupiah (sums stay far below 2**53)."""
    weights = (lp.icoef_entries * x[lp.entries.col]).astype(np.float64)
    return np.rint(lp.entries.per_row(weights, len(lp.block))).astype(np.int64)


class _State:
    def __init__(self, lp: AreaLP, x: np.ndarray):
        self.lp = lp
        self.x = x
        self.act = activity(lp, x)
        self.cap = np.where(lp.iupper >= 0, lp.iupper, _NONE)
        # Each row's variables, in column order (the rows of `lp.entries` grouped).
        order = np.argsort(lp.entries.row, kind="stable")
        self.members = lp.entries.col[order]
        self.member_coef = lp.icoef_entries[order]
        self.ptr = np.concatenate([[0], np.cumsum(np.bincount(lp.entries.row, minlength=len(lp.block)))])
        money = np.maximum(lp.icoef[:, POT], 1)
        #: best objective per Rupiah first; ties by index (a stable sort), so the result is deterministic
        self.rank = np.argsort(-lp.objective / money, kind="stable")
        self.position = np.empty_like(self.rank)
        self.position[self.rank] = np.arange(len(self.rank))
        # (row, coefficient) pairs of a variable as Python ints, made when first asked for: the
        # loops below visit few of the national program's 712k variables, and converting all
        # of them took 1.1 s of each rounding.
        self._entries: dict[int, list[tuple[int, int]]] = {}
        self._limits: dict[int, list[tuple[int, int, int]]] = {}

    def entries(self, j: int) -> list[tuple[int, int]]:
        found = self._entries.get(j)
        if found is None:
            pairs = zip(self.lp.rows[j].tolist(), self.lp.icoef[j].tolist(), strict=True)
            found = self._entries[j] = [(r, c) for r, c in pairs if r != NO_ROW]
        return found

    def limits(self, j: int) -> list[tuple[int, int, int]]:
        """(row, coefficient, cap) of the capped rows where variable j counts, as Python ints:
        `addable` asks them 30,000 times at 25% shares, each NumPy scalar read ~0.1 us."""
        found = self._limits.get(j)
        if found is None:
            capped = [(r, c, int(self.cap[r])) for r, c in self.entries(j) if c > 0]
            found = self._limits[j] = [(r, c, cap) for r, c, cap in capped if cap != _NONE]
        return found

    def addable(self, j: int) -> int:
        room = int(self.lp.upper[j]) - int(self.x[j])
        for r, c, cap in self.limits(j):
            room = min(room, (cap - int(self.act[r])) // c)
        return max(room, 0)

    def add(self, j: int, t: int) -> None:
        self.x[j] += t
        for r, c in self.entries(j):
            self.act[r] += c * t

    def repair_over(self) -> None:
        """Snapping up by SNAP may overshoot a row by a unit: take back, least valuable first."""
        for r in np.nonzero(self.act > self.cap)[0]:
            ix = self.members[self.ptr[r] : self.ptr[r + 1]]
            for j in sorted(ix.tolist(), key=lambda j: (self.lp.objective[j], -j)):
                while self.act[r] > self.cap[r] and self.x[j] > 0:
                    self.add(j, -1)

    def rows_below(self) -> list[int]:
        return np.nonzero(self.act < self.lp.ilower)[0].tolist()

    def raise_row(self, r: int) -> bool:
        ix = self.members[self.ptr[r] : self.ptr[r + 1]]
        for j in ix[np.argsort(self.position[ix], kind="stable")].tolist():
            short = int(self.lp.ilower[r] - self.act[r])
            if short <= 0:
                break
            self.add(j, min(short, self.addable(j)))
        return self.act[r] >= self.lp.ilower[r]

    def room(self) -> np.ndarray:
        """What each variable could take alone (an upper limit on `addable`), vectorised."""
        lp, e = self.lp, self.lp.entries
        room = lp.upper.astype(np.int64) - self.x
        # Each row's slack once (568,000 rows), read by position (not by a mask of 2.1 million
        # coefficients, three times): 0.09 -> 0.07 s nationally.
        slack = self.cap - self.act
        limited = np.flatnonzero((lp.icoef_entries > 0) & (self.cap[e.row] != _NONE))
        np.minimum.at(room, e.col[limited], slack[e.row[limited]] // lp.icoef_entries[limited])
        return room

    def fill(self) -> None:
        """Best objective per Rupiah first, each variable takes all its rows still allow.

        A row whose room is below the smallest coefficient of its members can take none of
        them any more: they are marked spent at once, so the loop skips them instead of asking
        each (nationally, 106,000 of the 113,000 variables tried could take nobody)."""
        useful = (self.lp.objective > 0) & (self.room() > 0)
        smallest = self._smallest_coefficients()
        limited = self.cap != _NONE
        spent = self._members_of(limited & (self.cap - self.act < smallest))
        for j in self.rank[useful[self.rank]].tolist():
            if spent[j]:
                continue
            t = self.addable(j)
            if t <= 0:
                continue
            self.add(j, t)
            for r, c in self.entries(j):
                if c > 0 and limited[r] and self.cap[r] - self.act[r] < smallest[r]:
                    part = slice(self.ptr[r], self.ptr[r + 1])
                    spent[self.members[part][self.member_coef[part] > 0]] = True

    def _smallest_coefficients(self) -> np.ndarray:
        """Per row with an upper limit, the smallest positive coefficient of its variables."""
        lp = self.lp
        smallest = np.full(len(lp.block), _NONE, dtype=np.int64)
        take = lp.icoef_entries > 0
        np.minimum.at(smallest, lp.entries.row[take], lp.icoef_entries[take])
        return smallest

    def _members_of(self, rows: np.ndarray) -> np.ndarray:
        """Variables with a positive coefficient in one of the `rows` (a mask over rows)."""
        lp = self.lp
        out = np.zeros(len(self.x), dtype=bool)
        out[lp.entries.col[(lp.icoef_entries > 0) & rows[lp.entries.row]]] = True
        return out
