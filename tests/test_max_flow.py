"""`solve_fast.max_flow`, the exact split of merged villages, against a plain augmenting-path
max flow written here (Edmonds-Karp), on small random networks."""

from __future__ import annotations

from collections import deque

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.solve_fast import max_flow


def edmonds_karp(supply_of, demand_of, cap, supply, demand) -> int:
    """Value of the largest flow source -> supplies -> (edges) -> demands -> sink."""
    n_s, n_d = len(supply), len(demand)
    source, sink = 0, 1 + n_s + n_d
    residual: dict[tuple[int, int], int] = {}

    def add(a: int, b: int, c: int) -> None:
        residual[a, b] = residual.get((a, b), 0) + c
        residual.setdefault((b, a), 0)

    for i, s in enumerate(supply):
        add(source, 1 + i, int(s))
    for j, d in enumerate(demand):
        add(1 + n_s + j, sink, int(d))
    for i, j, c in zip(supply_of, demand_of, cap, strict=True):
        add(1 + int(i), 1 + n_s + int(j), int(c))
    out: dict[int, list[int]] = {}
    for a, b in residual:
        out.setdefault(a, []).append(b)
    value = 0
    while True:
        parent = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            a = queue.popleft()
            for b in out.get(a, []):
                if b not in parent and residual[a, b] > 0:
                    parent[b] = a
                    queue.append(b)
        if sink not in parent:
            return value
        path, b = [], sink
        while b != source:
            path.append((parent[b], b))
            b = parent[b]
        push = min(residual[e] for e in path)
        for a, b in path:
            residual[a, b] -= push
            residual[b, a] += push
        value += push


@st.composite
def networks(draw):
    n_s, n_d = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    edges = draw(st.lists(st.tuples(st.integers(0, n_s - 1), st.integers(0, n_d - 1)), min_size=1,
                          max_size=12, unique=True))  # fmt: skip
    cap = draw(st.lists(st.integers(0, 40), min_size=len(edges), max_size=len(edges)))
    supply = draw(st.lists(st.integers(0, 60), min_size=n_s, max_size=n_s))
    demand = draw(st.lists(st.integers(0, 60), min_size=n_d, max_size=n_d))
    i, j = (np.array(x, np.int64) for x in zip(*edges, strict=True))
    return i, j, np.array(cap, np.int64), np.array(supply, np.int64), np.array(demand, np.int64)


@settings(max_examples=200, deadline=None)
@given(networks())
def test_the_flow_is_whole_keeps_every_bound_and_is_the_largest(net):
    supply_of, demand_of, cap, supply, demand = net
    flow = max_flow(supply_of, demand_of, cap, supply, demand)
    whole = np.rint(flow).astype(np.int64)
    assert np.abs(flow - whole).max(initial=0) < 1e-6  # a vertex of a network LP is whole
    assert (whole >= 0).all() and (whole <= cap).all()
    assert (np.bincount(supply_of, weights=whole, minlength=len(supply)) <= supply).all()
    assert (np.bincount(demand_of, weights=whole, minlength=len(demand)) <= demand).all()
    assert whole.sum() == edmonds_karp(supply_of, demand_of, cap, supply, demand)
