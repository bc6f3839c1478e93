"""Solve independent points (frontier levels, target costs) on the machine's processors.

Each point is its own proven solve, so the answers do not depend on how many
processes ran them or in which order they finished: results come back in the
order of the points. Processes are forked (no new interpreter, no re-import) and
only used when the first point (or the caller's estimate) says the rest are worth it; where fork is missing
(Windows, and macOS by default) everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from optimizer.beside import alone

Point = TypeVar("Point")
Answer = TypeVar("Answer")

#: Forking and collecting costs some 20-50 ms: below this much estimated work, stay in one process.
PARALLEL_FROM_SECONDS = 0.25


def solve_points(
    solve: Callable[[Point], Answer],
    points: Sequence[Point],
    workers: int | None = None,
    seconds_each: float | None = None,
) -> list[Answer]:
    """`[solve(p) for p in points]`, on several processes when it pays.

    `solve` must be picklable (a module-level function or a `functools.partial` of one).
    `workers` caps the processes (None: every processor this process may use; 1: this one).
    `seconds_each` is what one point is expected to take; without it the first point is
    solved here first and its time taken.
    """
    if not points:
        return []
    first: list[Answer] = []
    rest = points
    if seconds_each is None:
        started = time.perf_counter()
        first.append(solve(points[0]))
        seconds_each, rest = time.perf_counter() - started, points[1:]
    workers = min(len(rest), _processors(), workers or len(rest))
    if workers < 2 or seconds_each * len(rest) < PARALLEL_FROM_SECONDS:
        return [*first, *(solve(p) for p in rest)]
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=fork, initializer=alone) as pool:
        chunk = max(1, len(rest) // (4 * workers))
        return [*first, *pool.map(solve, rest, chunksize=chunk)]


def _processors() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
