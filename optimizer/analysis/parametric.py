"""Exact breakpoints of a concave piecewise-linear function known only through an oracle.

The LP optimum as a function of one right-hand side (a budget) is concave and
piecewise linear. Given an oracle returning the value and a supporting slope
(an LP dual) at any point, the "sandwich" method (Eisner and Severance, 1976)
finds every breakpoint with about two oracle calls per breakpoint: the tangent
lines at two points meet at x; if the function reaches the tangents there, x is
the only breakpoint between them, otherwise x splits the interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Oracle = Callable[[float], tuple[float, float]]
#: Oracle calls allowed before giving up (a scenario has a few breakpoints per source and group).
MAX_CALLS = 400


@dataclass(frozen=True)
class Vertex:
    x: float
    value: float


class NotConcaveError(RuntimeError):
    """The oracle's slopes do not support a concave function (a solver sign or accuracy problem)."""


def concave_vertices(oracle: Oracle, lo: float, hi: float, tol: float = 1e-7) -> tuple[Vertex, ...]:
    """The vertices of a concave piecewise-linear f on [lo, hi], endpoints included.

    `oracle(x)` returns (f(x), g) with f(y) <= f(x) + g (y - x) for all y.
    `tol` is relative to the size of the values (LP optima are accurate to ~1e-9).
    """
    seen: dict[float, tuple[float, float]] = {lo: oracle(lo), hi: oracle(hi)}
    scale = max(1.0, *(abs(v) for v, _ in seen.values()))
    eps = tol * scale
    stack = [(lo, hi)]
    while stack:
        if len(seen) > MAX_CALLS:
            raise NotConcaveError(f"more than {MAX_CALLS} breakpoints; the curve is not piecewise linear")
        left, right = stack.pop()
        (fl, gl), (fr, gr) = seen[left], seen[right]
        if fr > fl + gl * (right - left) + eps or fl > fr + gr * (left - right) + eps:
            raise NotConcaveError(f"slopes at {left:g} and {right:g} do not support a concave function")
        if gl - gr <= 0:
            continue  # one line through both points: linear in between
        x = (fr - fl + gl * left - gr * right) / (gl - gr)
        width = right - left
        if not left + 1e-9 * width < x < right - 1e-9 * width:
            continue
        fx, gx = oracle(x)
        seen[x] = (fx, gx)
        if fx >= fl + gl * (x - left) - eps:
            continue  # the tangents meet on the curve: x is the only breakpoint here
        stack += [(left, x), (x, right)]
    return _corners(sorted(seen.items()), eps)


def _corners(points: list[tuple[float, tuple[float, float]]], eps: float) -> tuple[Vertex, ...]:
    """Drop points that lie on the line through their neighbours."""
    out = [points[0]]
    for k in range(1, len(points) - 1):
        (x0, (f0, _)), (x1, (f1, _)), (x2, (f2, _)) = out[-1], points[k], points[k + 1]
        on_line = f0 + (f2 - f0) * (x1 - x0) / (x2 - x0)
        if abs(f1 - on_line) > eps:
            out.append(points[k])
    out.append(points[-1])
    return tuple(Vertex(x, f) for x, (f, _) in out)


def value_at(vertices: tuple[Vertex, ...], x: float) -> float:
    """Linear interpolation between the vertices."""
    for a, b in zip(vertices, vertices[1:], strict=False):
        if a.x <= x <= b.x:
            return a.value if b.x == a.x else a.value + (b.value - a.value) * (x - a.x) / (b.x - a.x)
    raise ValueError(f"{x} outside [{vertices[0].x}, {vertices[-1].x}]")
