"""A full solve run in a second thread, beside the caller's quicker route to the same answer.

`optimizer.solve` settles some questions ("can the coverage be reached under this spending
cap?") by a quick route that often works (a search near the relaxation, a root-node check) and
else by a full solve that always does. Which is quicker varies from file to file: HiGHS's
search is chaotic in the details of a model. With a second core both run at once, the full solve
started first; the one that settles the question stops the other. What the caller reports
depends only on the answer, never on which thread finished first (see `optimizer.solve`), so a
file gives the same plan on a busy machine, on one core, or in a sweep's worker.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from optimizer.solve_fast import Stoppable

T = TypeVar("T")

#: Run the full solve in a second thread (False: only when the caller asks for its answer, in
#: the caller's thread). A machine with one core gains nothing from it; a sweep's workers turn
#: it off (`alone`) as they already fill every core.
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
SECOND_THREAD = CORES > 1


def alone() -> None:
    """This process runs beside others on every core (a sweep's worker): no second threads."""
    global SECOND_THREAD
    SECOND_THREAD = False


class Beside(Generic[T]):
    """`solve()` under way in a second thread. When its answer `settles(answer)`, the Stoppable
    that the caller `watch`es is stopped (its answer is no longer needed)."""

    def __init__(self, solve: Callable[[], T], settles: Callable[[T], bool]) -> None:
        from optimizer.solve_fast import Stoppable  # highspy: only when a solve needs it

        self._solve, self._settles = solve, settles
        self._lock = threading.Lock()
        self._stoppable = Stoppable()
        self._watcher: Stoppable | None = None
        self._waiter: Stoppable | None = None
        self._settled = self._finished = False
        self._answer: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if SECOND_THREAD:
            self._thread = threading.Thread(target=self._run, name="ucj-full-solve", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        from optimizer.solve_fast import stoppable_runs

        try:
            with stoppable_runs(self._stoppable):
                answer = self._solve()
        except BaseException as error:  # handed to the caller's thread by `result`
            self._error, answer = error, None
        with self._lock:
            self._answer, self._finished = answer, True
            self._settled = self._error is None and not self._stoppable.stopped and self._settles(answer)
            stopped = [self._waiter, self._watcher if self._settled else None]
        for stoppable in stopped:
            if stoppable is not None:
                stoppable.stop()

    def watch(self, stoppable: Stoppable) -> None:
        """Stop `stoppable` once the answer settles the question (at once if it has)."""
        with self._lock:
            self._watcher = stoppable
            settled = self._settled
        if settled:
            stoppable.stop()

    def wait_with(self, stoppable: Stoppable) -> None:
        """Stop `stoppable` once the answer is in, whatever it is (at once if it is): the caller
        works on the question meanwhile and drops that work when the answer comes first."""
        with self._lock:
            self._waiter = stoppable
            finished = self._finished or self._thread is None
        if finished:
            stoppable.stop()

    def result(self) -> T:
        """The answer: waited for, or (without a second thread) solved now."""
        if self._thread is None:
            return self._solve()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert not self._stoppable.stopped, "a stopped full solve has no answer"
        return self._answer  # type: ignore[return-value]

    def stop(self) -> None:
        """The answer is not needed: stop the solve and wait for its thread (HiGHS ends within
        milliseconds of being stopped)."""
        if self._thread is not None and self._thread.is_alive():
            self._stoppable.stop()
            self._thread.join()
