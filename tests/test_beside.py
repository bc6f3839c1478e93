"""The full solve beside the quick route (optimizer.beside): the plan does not depend on which
finishes first, nor on whether there is a second thread at all; a stopped solve stops."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_independent import random_dict

from benchmarks.tie_breaks import scenario_dict
from optimizer import beside, solve
from optimizer.io.mapping import scenario_from_mapping
from optimizer.monthly.model import build_monthly_program
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict
from optimizer.status import SolveStatus

#: Long enough for the other route to finish first on invented 40 x 24 files (0.03-0.5 s a solve).
HEAD_START = 0.6


def _plan(seed: int) -> str:
    plan = optimize(scenario_from_mapping(scenario_dict(40, 24, seed)))
    return json.dumps({k: v for k, v in plan_to_dict(plan).items() if k != "solver"}, sort_keys=True)


def _slowed(function, when, seconds=HEAD_START):
    def slow(*args, **kwargs):
        if when(args, kwargs):
            time.sleep(seconds)
        return function(*args, **kwargs)

    return slow


def _in_second_thread(args, kwargs) -> bool:
    return threading.current_thread().name == "ucj-full-solve"


def _under_a_cap(args, kwargs) -> bool:
    return threading.current_thread().name != "ucj-full-solve" and "priced" in kwargs


# Seeds whose least cost goes through spending caps (their root check does not prove the start
# least: the first cap's full solve, started beside it, goes on).
@pytest.mark.parametrize("seed", [2, 9])
def test_the_plan_is_the_same_whichever_route_finishes_first(monkeypatch, seed):
    """A large file's plan (least cost by spending caps): with the full solve in a second
    thread, with it and the quick route each held back so that the other finishes first, and
    with no second thread: the same document, byte for byte."""
    monkeypatch.setattr(beside, "SECOND_THREAD", False)
    alone = _plan(seed)
    monkeypatch.setattr(beside, "SECOND_THREAD", True)
    assert _plan(seed) == alone
    with monkeypatch.context() as m:
        m.setattr(solve, "_whole_ranges", _slowed(solve._whole_ranges, _in_second_thread))
        assert _plan(seed) == alone
    with monkeypatch.context() as m:
        m.setattr(solve, "_proven_near_relaxation", _slowed(solve._proven_near_relaxation, _under_a_cap))
        m.setattr(solve, "_nothing_cheaper", _slowed(solve._nothing_cheaper, lambda a, k: True))
        assert _plan(seed) == alone


def _document(mapping) -> str:
    """The plan's JSON without its solver block, or the refusal's text."""
    try:
        plan = optimize(scenario_from_mapping(mapping))
    except Exception as refused:  # the same refusal whatever the threads did
        return f"{type(refused).__name__}: {refused}"
    return json.dumps({k: v for k, v in plan_to_dict(plan).items() if k != "solver"}, sort_keys=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), monthly=st.booleans())
def test_small_files_by_the_large_routes_give_one_plan_however_the_threads_run(monkeypatch, seed, monthly):
    """Random small files (both objectives, all metrics, annual and monthly) sent through the
    routes of large files, where a least cost after a coverage goes through the spending caps:
    the document of the small files' own route, without a second thread, with it, and with either
    route held back."""
    mapping = random_dict(random.Random(seed), monthly)
    documents = {_document(mapping)}  # by the small files' own route
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
    quick, cheaper, full = solve._proven_near_relaxation, solve._nothing_cheaper, solve._whole_ranges
    for second_thread, quick_late, full_late in ((False, 0, 0), (True, 0, 0), (True, 1, 0), (True, 0, 1)):
        monkeypatch.setattr(beside, "SECOND_THREAD", second_thread)
        late = 0.05  # these files solve in milliseconds
        monkeypatch.setattr(
            solve, "_proven_near_relaxation", _slowed(quick, lambda a, k, q=quick_late: q, late)
        )
        monkeypatch.setattr(solve, "_nothing_cheaper", _slowed(cheaper, lambda a, k, q=quick_late: q, late))
        slow_full = _slowed(full, lambda a, k, f=full_late: f and _in_second_thread(a, k), late)
        monkeypatch.setattr(solve, "_whole_ranges", slow_full)
        documents.add(_document(mapping))
    assert len(documents) == 1


@pytest.mark.parametrize("seed", range(3))
def test_coverage_under_a_cap_is_the_plain_answer(monkeypatch, seed):
    """At the least cost the proven coverage is reached, a money step below it is not: what the
    plain solve of the capped file says, with and without the second thread, and with the quick
    route held back (the full solve done first); the same plan each time."""
    scenario = scenario_from_mapping(scenario_dict(20, 12, seed))
    program = build_monthly_program(scenario, scenario.objective, scenario.metric)
    coverage, money = program.goals[:2]
    plain = solve.solve_program(program, stages=2)
    assert plain.status is SolveStatus.OPTIMAL
    best, least = plain.goal_values
    _, rupiah, step = solve.whole_rupiah(money.coeffs, least, program.variables)
    monkeypatch.setattr(solve, "IMPLIED_BOUNDS_FROM", 0)
    quick, full = solve._proven_near_relaxation, solve._whole_ranges
    plans = set()
    # (a second thread, the quick route held back, the full solve held back)
    for second_thread, quick_late, full_late in ((False, 0, 0), (True, 0, 0), (True, 1, 0), (True, 0, 1)):
        monkeypatch.setattr(beside, "SECOND_THREAD", second_thread)
        slow = _slowed(quick, lambda a, k, late=quick_late: late)
        monkeypatch.setattr(solve, "_proven_near_relaxation", slow)
        slow = _slowed(full, lambda a, k, late=full_late: late and _in_second_thread(a, k))
        monkeypatch.setattr(solve, "_whole_ranges", slow)
        for cap in (rupiah, rupiah - step):
            capped = solve._with_spend_cap(program, money, cap)
            answer = solve._coverage_under_cap(capped, (coverage, best), money, solve.Limit(60))
            assert answer is not None
            if cap == rupiah:
                assert solve.goal_value(coverage, answer.values) == pytest.approx(best)
                assert solve.goal_value(money, answer.values) <= least + 1e-9
                plans.add(answer.values)
            else:
                assert answer is solve._SHORT
    assert len(plans) == 1


def test_work_beside_the_full_solve_is_stopped_when_its_answer_is_in():
    from optimizer.solve_fast import Stoppable

    release = threading.Event()
    running = beside.Beside(lambda: release.wait(5) and 7, lambda answer: False)
    waiting = Stoppable()
    running.wait_with(waiting)
    assert not waiting.stopped or not beside.SECOND_THREAD
    release.set()
    assert running.result() == 7
    assert waiting.stopped  # any answer, settling or not
    late = Stoppable()
    running.wait_with(late)
    assert late.stopped


def test_a_failing_solve_fails_in_the_callers_thread():
    def crash():
        raise ValueError("boom")

    running = beside.Beside(crash, lambda answer: True)
    with pytest.raises(ValueError, match="boom"):
        running.result()


def test_an_answer_that_settles_stops_the_watcher():
    from optimizer.solve_fast import Stoppable

    watcher = Stoppable()
    running = beside.Beside(lambda: 42, lambda answer: answer == 42)
    running.watch(watcher)
    assert running.result() == 42
    if beside.SECOND_THREAD:
        assert watcher.stopped
    unsettled, other = beside.Beside(lambda: 41, lambda answer: answer == 42), Stoppable()
    unsettled.watch(other)
    assert unsettled.result() == 41
    assert not other.stopped


def test_a_stopped_solve_ends_without_an_answer(monkeypatch):
    """The full coverage solve of an invented 80 x 48 file (seconds of work), stopped at once:
    its HiGHS run is interrupted, not run to the end."""
    monkeypatch.setattr(beside, "SECOND_THREAD", True)
    scenario = scenario_from_mapping(scenario_dict(80, 48, 5))
    program = build_monthly_program(scenario, scenario.objective, scenario.metric)
    statuses = []

    def full():
        stage = solve._whole_ranges(program, program.goals[0], [], solve.Limit(60))
        statuses.append(stage.status)
        return stage

    running = beside.Beside(full, lambda answer: False)
    time.sleep(0.2)
    running.stop()
    assert statuses and statuses[0] is not SolveStatus.OPTIMAL
