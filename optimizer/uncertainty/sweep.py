"""Sweeps: many scenarios x many sampled realisations, each re-optimised, in parallel.

Every (scenario, sample) is one task. Sample i of a scenario is drawn from the
seed [seed, i] (`optimizer.uncertainty.ranges.draw`), so results do not depend on the
number of workers or the order in which tasks finish. Tasks run in chunks:
inline for one worker, on local processes (`concurrent.futures`) by default,
or on a Dask cluster when a scheduler address is given. A progress bar (tqdm)
is shown only on a terminal and never under CI.

A task re-optimises the realised scenario and keeps the first goal's optimum
(the coverage of max-coverage; for min-cost, whether the target is reachable
and otherwise the most participants reachable): what the region could have
reached had it known the realisation when it planned.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from optimizer.beside import alone
from optimizer.model import Mode
from optimizer.monthly.model import build_monthly_program
from optimizer.monthly.result import coverage_and_cost
from optimizer.scenario import Objective, Scenario
from optimizer.solve import DEFAULT_SOLVER, solve_program
from optimizer.status import SolveStatus
from optimizer.uncertainty.ranges import Uncertainty, draw, realise
from optimizer.uncertainty.robust import SampleSummary, summarise

#: Samples per task sent to a worker: large enough to hide the overhead, small enough to balance.
CHUNK = 20


@dataclass(frozen=True)
class SweepJob:
    """One scenario to sweep: a label (usually the file), the scenario and its uncertainty."""

    label: str
    scenario: Scenario
    uncertainty: Uncertainty | None


@dataclass(frozen=True)
class SweepResult:
    label: str
    region: str
    summary: SampleSummary
    #: Samples in which even the floors could not be afforded (counted as target missed).
    floors_unaffordable: int


def best_rate(scenario: Scenario, solver: str = DEFAULT_SOLVER) -> tuple[float, bool, bool]:
    """(credited UCJ rate, target met, floors affordable) of the re-optimised scenario."""
    metric = scenario.metric
    if scenario.objective is Objective.MIN_COST:
        solution = solve_program(
            build_monthly_program(scenario, Objective.MIN_COST, metric), solver, stages=1
        )
        mode = Mode.MIN_COST
        if solution.status is SolveStatus.INFEASIBLE:
            mode = Mode.MAX_PARTICIPANTS
    else:
        mode = Mode.MAX_COVERAGE
    program = build_monthly_program(scenario, scenario.objective, metric, mode)
    solution = solve_program(program, solver, stages=1)
    if solution.status is SolveStatus.INFEASIBLE:
        return scenario.region.rate, False, False
    if not solution.status.has_plan:
        raise RuntimeError(f"solver {solver!r} returned {solution.status.value} in a sweep task")
    cov, _ = coverage_and_cost(scenario, program, solution.values, metric)
    return cov.credited_after / cov.workforce, cov.target_met, True


def run_chunk(
    job: SweepJob, seed: int, indices: tuple[int, ...], solver: str
) -> list[tuple[int, float, bool, bool]]:
    """Solve samples `indices` of `job`: [(index, rate, target met, floors affordable)]."""
    out = []
    for i in indices:
        realised = (
            job.scenario if job.uncertainty is None else realise(job.scenario, draw(job.uncertainty, seed, i))
        )
        out.append((i, *best_rate(realised, solver)))
    return out


def sweep(
    jobs: list[SweepJob],
    samples: int,
    seed: int,
    workers: int | None = None,
    scheduler: str | None = None,
    solver: str = DEFAULT_SOLVER,
    progress: bool | None = None,
) -> list[SweepResult]:
    """Sweep every job over `samples` realisations (one when a job has no uncertainty)."""
    tasks = []
    for j, job in enumerate(jobs):
        n = samples if job.uncertainty is not None and not job.uncertainty.is_empty else 1
        tasks += [(j, tuple(range(k, min(n, k + CHUNK)))) for k in range(0, n, CHUNK)]
    rows: dict[int, list[tuple[int, float, bool, bool]]] = {j: [] for j in range(len(jobs))}
    total = sum(len(ix) for _, ix in tasks)
    with _bar(total, progress) as advance:
        for j, chunk in _run(jobs, tasks, seed, solver, workers, scheduler):
            rows[j].extend(chunk)
            advance(len(chunk))
    results = []
    for j, job in enumerate(jobs):
        done = sorted(rows[j])
        rates = [r for _, r, _, _ in done]
        met = sum(m for _, _, m, _ in done)
        summary = summarise(rates, met, len(done), len(done), seed)
        blocked = sum(not ok for *_, ok in done)
        results.append(SweepResult(job.label, job.scenario.region.name, summary, blocked))
    return results


def _run(jobs, tasks, seed, solver, workers, scheduler) -> Iterator[tuple[int, list]]:
    if scheduler:
        yield from _run_dask(jobs, tasks, seed, solver, scheduler)
        return
    # Never more processes than tasks: --workers 100000 must not fork 100,000 interpreters.
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    if workers == 1 or len(tasks) == 1:
        for j, ix in tasks:
            yield j, run_chunk(jobs[j], seed, ix, solver)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=alone) as pool:
        futures = {pool.submit(run_chunk, jobs[j], seed, ix, solver): j for j, ix in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _run_dask(jobs, tasks, seed, solver, address) -> Iterator[tuple[int, list]]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise RuntimeError(
            "--scheduler needs Dask: pip install 'ucj-optimizer[dask]' (on this machine and the workers)"
        ) from None
    with Client(address, timeout="20s") as client:
        futures = [
            client.submit(run_chunk, jobs[j], seed, ix, solver, pure=False, key=f"sweep-{j}-{ix[0]}")
            for j, ix in tasks
        ]
        owner = {f.key: j for f, (j, _) in zip(futures, tasks, strict=True)}
        for future in dask_completed(futures):
            yield owner[future.key], future.result()


class _bar:
    """A tqdm bar on a terminal outside CI; otherwise nothing is drawn."""

    def __init__(self, total: int, wanted: bool | None):
        show = sys.stderr.isatty() and not os.environ.get("CI") if wanted is None else wanted
        self.tqdm = None
        if show:
            try:
                from tqdm import tqdm
            except ImportError:
                show = False
            else:
                self.tqdm = tqdm(total=total, unit="solve", file=sys.stderr)

    def __enter__(self) -> Callable[[int], None]:
        return self.tqdm.update if self.tqdm is not None else (lambda n: None)

    def __exit__(self, *exc) -> None:
        if self.tqdm is not None:
            self.tqdm.close()
