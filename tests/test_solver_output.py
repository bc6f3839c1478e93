"""`quiet()` keeps solver libraries off the screen, also when solver calls overlap in threads."""

from __future__ import annotations

import os
import threading

from optimizer.solver_output import quiet


def _target(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def test_overlapping_quiet_calls_in_two_threads_give_the_screen_back():
    # The order that broke the first threaded regency solves: A enters, B enters (saving A's
    # sink as "the screen"), A leaves, B leaves (restoring the sink): stdout went to /dev/null.
    before = (_target(1), _target(2))
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    inside: list[tuple[int, int]] = []

    def first() -> None:
        with quiet():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second() -> None:
        a_in.wait(5)
        with quiet():
            b_in.set()
            a_out.wait(5)
            inside.append(_target(1))  # A has left; B's call still runs: still away from the screen

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert inside and inside[0] != before[0]
    assert (_target(1), _target(2)) == before
