"""Sweeps: re-optimised samples, the same answer on one worker, many processes, or a Dask cluster."""

from __future__ import annotations

import pytest
from test_robust import YEAR, two_sources

from optimizer.uncertainty.ranges import draw
from optimizer.uncertainty.sweep import SweepJob, sweep


def expected_rates(u, seed, samples):
    # Re-optimised by hand: DBH buys min(a's headcount, DBH / 201,600) of a; APBD buys 50 of b.
    out = []
    for i in range(samples):
        d = draw(u, seed, i)
        head = 100 * dict(d.uncovered)["a"] // 100
        affordable = int(100 * YEAR * dict(d.budget)["dbh"] / 100) // YEAR
        out.append((3_000 + 50 + min(head, affordable)) / 10_000)
    return out


def jobs():
    scenario, u = two_sources()
    return [SweepJob("two-sources", scenario, u), SweepJob("nominal", scenario, None)], u


def test_sweep_reoptimises_every_sample_and_matches_a_hand_count():
    js, u = jobs()
    [varied, nominal] = sweep(js, samples=45, seed=5, workers=1, progress=False)
    rates = expected_rates(u, 5, 45)
    assert varied.summary.samples == 45
    assert varied.summary.rate_mean == pytest.approx(sum(rates) / 45, abs=1e-6)
    assert varied.summary.p_target == 0.0
    # No uncertainty: one solve, the nominal optimum 3,150 / 10,000.
    assert nominal.summary.samples == 1 and nominal.summary.rate_mean == pytest.approx(0.315)


def test_results_do_not_depend_on_the_number_of_workers():
    js, _ = jobs()
    one = sweep(js, samples=45, seed=5, workers=1, progress=False)
    two = sweep(js, samples=45, seed=5, workers=2, progress=False)
    assert one == two


def test_dask_cluster_on_loopback_gives_the_same_results():
    from distributed import LocalCluster

    js, _ = jobs()
    local = sweep(js, samples=45, seed=5, workers=1, progress=False)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = sweep(js, samples=45, seed=5, scheduler=cluster.scheduler_address, progress=False)
    assert remote == local
