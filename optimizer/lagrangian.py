"""A bound on a maximised goal (coverage, participants) tighter than the LP's: each source's
money kept in whole persons, every other row priced at its LP dual.

For multipliers y on the rows set aside (y >= 0 on a <= row, y <= 0 on a >= row), every plan x
keeping all rows has

    goal(x) <= sum_r y_r rhs_r + max over x keeping the money rows of (goal - y A) x,

and the last maximum splits into one small integer program per block of variables that share
money rows (a source's budget and its arrived-money rows): a knapsack of a few dozen variables,
solved exactly in milliseconds. With y the LP's duals the bound is the LP's optimum less what
whole persons cannot buy of each budget. On invented 80-group x 48-source files its whole-step
floor was the optimum on 8 of 8 (the LP's on 1), so a plan reaching it is proven at once,
where HiGHS's own search ran for minutes (the budgets' integer leftovers over 48 sources are
what its branching cannot close).

Pure arithmetic on `optimizer.model.Program`: `optimizer.solve` solves the blocks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimizer.array_program import StageModel
from optimizer.model import MONEY_ROWS, Goal, Program, Sense
from optimizer.whole_money import integer_form


@dataclass(frozen=True)
class Relaxation:
    """The bound without its blocks' maxima: `constant` + (each block's maximum) + `singles`."""

    constant: float
    #: one integer program per block of variables tied by money rows, to maximise
    blocks: tuple[StageModel, ...]
    #: the most the variables in no money row add (each at its bound)
    singles: float


def lagrangian_relaxation(program: Program, goal: Goal, duals: dict[str, float]) -> Relaxation | None:
    """The bound of `goal` (maximised) for the LP duals `duals` (by row name, the signs of
    `optimizer.solve.Solution.duals`; a dual of the wrong sign counts as 0, so the bound holds
    whatever they are). None when a variable without an upper bound would add without limit."""
    money = [k for k, row in enumerate(program.rows) if row.integer_headroom and row.kind in MONEY_ROWS]
    profit = [0.0] * len(program.variables)
    for i, c in goal.coeffs:
        profit[i] += c
    constant = 0.0
    kept = set(money)
    for k, row in enumerate(program.rows):
        if k in kept:
            continue
        dual = duals.get(row.name, 0.0)
        y = max(0.0, dual) if row.sense is Sense.LE else min(0.0, dual)
        if y == 0.0:
            continue
        constant += y * row.rhs
        for i, a in row.coeffs:
            profit[i] -= y * a
    blocks, in_block = _blocks(program, money)
    singles = 0.0
    for i, v in enumerate(program.variables):
        if i in in_block or profit[i] <= 0:
            continue
        if v.upper is None:
            return None
        singles += profit[i] * (math.floor(v.upper) if v.integer else v.upper)
    models = tuple(_block_model(program, rows, variables, profit) for rows, variables in blocks)
    return Relaxation(constant, models, singles)


def _blocks(program: Program, money: list[int]):
    """([(money rows, variables)] of each connected block, every variable in one of them)."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k in money:
        first = None
        for i, _ in program.rows[k].coeffs:
            if first is None:
                first = root(i)
            else:
                parent[root(i)] = first
    by_root: dict[int, tuple[list[int], set[int]]] = {}
    for k in money:
        coeffs = program.rows[k].coeffs
        if coeffs:
            rows, variables = by_root.setdefault(root(coeffs[0][0]), ([], set()))
            rows.append(k)
            variables.update(i for i, _ in coeffs)
    in_block = set(parent)
    return [(rows, sorted(variables)) for rows, variables in by_root.values()], in_block


def _block_model(program: Program, rows: list[int], variables: list[int], profit) -> StageModel:
    """One block's integer program: its money rows as the integer solve writes them (whole units
    of their prices' gcd: no whole-person plan is cut off)."""
    columns = tuple((0, v.upper, v.integer) for v in program.variables)
    objective = {i: profit[i] for i in variables if profit[i] > 0}
    stage_rows = []
    for k in rows:
        coeffs, rhs = integer_form(program.rows[k], program.variables)
        merged: dict[int, float] = {}
        for i, a in coeffs:
            merged[i] = merged.get(i, 0.0) + a
        stage_rows.append((f"r{k}", merged, True, rhs))
    return StageModel(True, "block", columns, objective, tuple(stage_rows))
