"""Bounds that every plan reaching a goal value must keep: reduced-cost fixing, done before the solver.

Why: HiGHS 1.16 proves "no plan one money step cheaper" slowly when a variable can hold
thousands of persons (its own root reduced-cost bookkeeping grows with the ranges): 1.35 s
on an invented 40-group x 24-source file. With the ranges cut to what a plan that cheap can
use at all, the same proof takes 0.03 s, and often the bound alone settles it.

The rule, for a question "is there a whole-person plan x with c·x <= U that keeps the rows
A x (<= or >=) b and l <= x <= u?": take any multipliers y of the rows with the right sign
(y_k <= 0 on a <= row, >= 0 on a >= row; an LP's duals are good ones). For every x keeping
the rows, y·(A x) >= y·b, so c·x >= y·b + d·x with d = c - Aᵀy. Hence such an x has
d·x <= U - y·b, and as each d_j x_j is at least min(d_j l_j, d_j u_j), every d_j x_j is at
most its minimum plus `room` = U - y·b - sum_j min(d_j l_j, d_j u_j). A negative room means
that no such plan exists. The multipliers only decide how tight the bounds are, never whether
they are right, so they may come from any solver at any tolerance.
"""

from __future__ import annotations

import math

import numpy as np

#: Slack added to the room, relative to the size of the terms summed (float rounding).
RELATIVE_SLACK = 1e-9
#: Slack on a quotient room / d_j before it is rounded down to whole persons.
QUOTIENT_SLACK = 1e-6
#: A reduced cost this small bounds nothing worth the float trouble (it is left out: looser, still valid).
TINY = 1e-12


def implied_bounds(rows, objective, limit, duals, lower, upper, integer):
    """(lower, upper) arrays that every x with objective·x <= `limit` keeping `rows` and the bounds
    must keep, or None when no such x exists.

    `rows`: (coefficients as (index, value) pairs, is "<=", right-hand side); `objective`: (index,
    value) pairs; `duals`: one multiplier per row (wrong signs are taken as 0); `lower`, `upper`:
    per variable (upper None: no bound); `integer`: per variable, whether it is whole (only
    those are tightened)."""
    n = len(lower)
    low = np.asarray(lower, dtype=float)
    high = np.array([np.inf if u is None else u for u in upper], dtype=float)
    reduced = np.zeros(n)
    for i, c in objective:
        reduced[i] += c
    yb = []
    for (coeffs, is_le, rhs), y in zip(rows, duals, strict=True):
        y = min(y, 0.0) if is_le else max(y, 0.0)
        if y == 0.0:
            continue
        for i, a in coeffs:
            reduced[i] -= a * y
        yb.append(rhs * y)
    if np.any((reduced < 0) & np.isinf(high)):
        return low, high  # an unbounded variable with a negative reduced cost: no bound follows
    least = np.where(reduced >= 0, reduced * low, reduced * np.where(np.isinf(high), 0.0, high))
    terms = [limit, *(-t for t in yb), *(-least)]
    room = math.fsum(terms) + RELATIVE_SLACK * math.fsum(abs(t) for t in terms)
    if room < 0:
        return None
    whole = np.asarray(integer, dtype=bool)
    # Quotients by tiny or zero reduced costs, and inf - inf of unbounded variables, are computed
    # for every variable but only kept where the masks say they mean something.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        reach = np.floor(room / np.abs(reduced) + QUOTIENT_SLACK)
        up = whole & (reduced > TINY) & np.isfinite(reach)
        down = whole & (reduced < -TINY) & np.isfinite(reach) & np.isfinite(high)
        new_high = np.where(up, np.minimum(high, low + reach), high)
        new_low = np.where(down, np.maximum(low, high - reach), low)
    return new_low, new_high
