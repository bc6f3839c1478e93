"""Keep solver libraries off our stdout and stderr.

HiGHS 1.16 prints its banner from the constructor, before any option can be set, and
C libraries write straight to file descriptors 1 and 2, where Python's `sys.stdout`
cannot catch them. So every solver call runs inside `quiet()`, which points those
descriptors at the solver log (the file `--solver-log` names) or at /dev/null for
the length of the call. C's stdio buffers are flushed before the descriptors come
back, so nothing buffered leaks out later (on a pipe, C buffers until exit).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from optimizer.io.writers import append_descriptor

#: Environment variable that names the solver log; `--solver-log` sets it.
LOG_ENV = "UCJ_SOLVER_LOG"

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None)


def log_path() -> Path | None:
    """The file solver messages go to, or None (they are discarded)."""
    value = os.environ.get(LOG_ENV, "")
    return Path(value) if value else None


def wants_log() -> bool:
    return log_path() is not None


@contextmanager
def quiet() -> Iterator[None]:
    """Run a solver call with file descriptors 1 and 2 sent to the log or /dev/null.

    Safe for solver calls in several threads at once (`optimizer.areas.by_regency` solves
    regencies two at a time): the first call to enter points the descriptors away and the
    last to leave brings them back, so none restores another's sink as the screen."""
    with _lock:
        if _redirect[0] == 0:
            _redirect[1] = _point_away()
        _redirect[0] += 1
    try:
        yield
    finally:
        with _lock:
            _redirect[0] -= 1
            if _redirect[0] == 0:
                _bring_back(_redirect[1])


#: (solver calls under way in `quiet`, the descriptors they saved) and the lock guarding them.
_redirect: list = [0, None]
_lock = threading.Lock()


def _point_away() -> list[int]:
    """Flush, point descriptors 1 and 2 at the log or /dev/null; returns (saved 1, saved 2, sink)."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed or broken stream has nothing to flush
            stream.flush()
    _libc.fflush(None)
    sink = append_descriptor(log_path())
    saved = [os.dup(1), os.dup(2), sink]
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    return saved


def _bring_back(saved: list[int]) -> None:
    _libc.fflush(None)
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
    for fd in saved:
        os.close(fd)
