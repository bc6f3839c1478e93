"""Village-level plans whose minimum village share binds (issue 14); writes benchmarks/MIN_SHARES.md.

    python -m benchmarks.min_shares [WORK_DIR] [--sizes province national] [--share 25]

The instances of `benchmarks.generate` (made-up villages, seed 1) with `min_village_share`
raised from 5% to --share. Each size runs in its own process: the whole `optimize_areas`
(build, merged LP rounds, whole persons, certificate), its rounds of explicit villages, the
certified LP gap, and the whole-person plan against the whole-person bound. Then, per size,
the naive formulation of the same file (`benchmarks.run.measure_naive`: one PuLP variable per
village x source x group, the minimum-share rows included, LP relaxation) solved by PuLP+CBC and
PuLP+HiGHS, each in its own process, beside the fast path's LP value.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import NAIVE_TIMEOUT, SOLVER_LABELS, _cpu, naive_or_failure, naive_peak

HERE = Path(__file__).parent


def measure(path: str) -> dict:
    import optimizer.areas.fast as fast
    from optimizer.areas.data import load_area_scenario
    from optimizer.areas.optimize import optimize_areas

    rounds: list[int] = []
    reduce_lp = fast.reduce_lp

    def counted(area, full, explicit):
        rounds.append(int(explicit.sum()))
        return reduce_lp(area, full, explicit)

    fast.reduce_lp = counted  # to count the rounds only; the solve is the product's own
    started = time.perf_counter()
    area = load_area_scenario(path)
    loaded, cpu_loaded = time.perf_counter(), _cpu()
    plan = optimize_areas(area)
    done, cpu_done = time.perf_counter(), _cpu()
    c = plan.areas.certificate
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "villages": len(area.villages),
        "read_s": loaded - started,
        "optimize_s": done - loaded,
        "optimize_cpu_s": cpu_done - cpu_loaded,
        "lp_value": c.lp_value,
        "dual_bound": c.dual_bound,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "rounds": len(rounds),
        "explicit": rounds[-1] if rounds else 0,
        "lp_gap": c.lp_gap,
        "persons": plan.coverage.new_persons,
        "whole_bound": c.whole_bound,
        "status": plan.status.value,
        "method": c.method,
    }


def main(work: Path, sizes: list[str], share: float, naive_sizes: list[str]) -> None:
    rows, scenarios = [], {}
    load_before = os.getloadavg()
    for size in sizes:
        folder = work / size
        scenario = generate(size, folder, seed=1)
        text = scenario.read_text().replace("min_village_share = 5.0", f"min_village_share = {share}")
        path = folder / f"share-{share:g}.toml"
        path.write_text(text)
        scenarios[size] = str(path)
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.min_shares", "--child", str(path)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append((size, json.loads(out.stdout.strip().splitlines()[-1])))
    lines = [
        "# Binding minimum village shares (issue 14)",
        "",
        f"Command: `python -m benchmarks.min_shares {work} --sizes {' '.join(sizes)} --share {share:g} "
        f"--naive-sizes {' '.join(naive_sizes)}`.",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}; load average before {load_before}, "
        f"after {os.getloadavg()}.",
        f"Versions: Python {platform.python_version()}, "
        + ", ".join(f"{p} {version(p)}" for p in ("highspy", "numpy", "pandas")),
        "",
        "| size | villages | read s | optimize s | CPU s | peak RSS MB | rounds | explicit villages | "
        "LP gap | whole persons | whole-person bound | short of bound | status |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, r in rows:
        lines.append(
            f"| {size} | {r['villages']:,} | {r['read_s']:.2f} | {r['optimize_s']:.2f} | {r['cpu_s']:.1f} | "
            f"{r['rss_mb']:.0f} | {r['rounds']} | {r['explicit']:,} | {r['lp_gap']:.1e} | {r['persons']:,} | "
            f"{r['whole_bound']:,.0f} | {r['whole_bound'] - r['persons']:.0f} | {r['status']} |"
        )
    lines += ["", "Methods: " + "; ".join(f"{size}: {r['method']}" for size, r in rows), ""]
    lines += naive_section(dict(rows), scenarios, naive_sizes)
    (HERE / "MIN_SHARES.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


NAIVE_COLUMNS = ("size", "baseline", "status", "share rows", "build+solve s", "CPU s", "peak RSS MB",
                 "LP value", "relative to fast LP value; to its bound",
                 "ratio to fast, wall", "ratio, CPU")  # fmt: skip


def naive_section(fast: dict[str, dict], scenarios: dict[str, str], naive_sizes: list[str]) -> list[str]:
    """The naive baselines' table: per size, PuLP+CBC and PuLP+HiGHS on the same file, and the fast
    path's own row (the ratios' base)."""
    if not naive_sizes:
        return []
    lines = [
        "Naive formulation of the same files, in the same run (`benchmarks.run.measure_naive`: one PuLP",
        "variable per village x source x group with the minimum-share rows, LP relaxation, build+solve,",
        f"each in its own process, at most {NAIVE_TIMEOUT} s; the solver is what `optimizer.solve` reported",
        'running, its "highs" being highspy without PuLP;',
        "share rows = the program's minimum-village-share rows). The fast path's row is the whole",
        "`optimize_areas` above (LP, whole persons, certificate, tables), so the ratios compare a naive",
        "LP alone with the fast path's whole plan; its CPU is the measuring process's over the optimize.",
        "",
        "| " + " | ".join(NAIVE_COLUMNS) + " |",
        "|---" * len(NAIVE_COLUMNS) + "|",
    ]
    for size in naive_sizes:
        r = fast[size]
        own_bound = _relative(r["lp_value"], r["dual_bound"])
        for solver in ("cbc", "highs"):
            naive = naive_or_failure(solver, scenarios[size])
            lines.append(f"| {size} | {SOLVER_LABELS[solver]} | {naive_cells(naive, r)}")
        lines.append(
            f"| {size} | fast path (LP value; dual bound {r['dual_bound']:,.3f}) | {r['status']}, LP gap "
            f"{r['lp_gap']:.1e} | - | {r['optimize_s']:.2f} | {r['optimize_cpu_s']:.2f} | "
            f"{r['rss_mb']:,.0f} | {r['lp_value']:,.3f} | 0; {own_bound:.1e} | 1x | 1x |"
        )
    return lines + [""]


def naive_cells(naive: dict | str, fast: dict) -> str:
    """A naive row's cells from the status on: figures, agreement with the fast LP, ratios; or the failure."""
    if isinstance(naive, str):
        return f"{naive} | - | - | - | - | - | - | - | - |"
    to_value, to_bound = _relative(naive["lp"], fast["lp_value"]), _relative(naive["lp"], fast["dual_bound"])
    wall, cpu = naive["seconds"] / fast["optimize_s"], naive["cpu"] / fast["optimize_cpu_s"]
    return (
        f"{naive['status']} | {naive['share_rows']:,} | {naive['seconds']:.2f} | {naive['cpu']:.2f} | "
        f"{naive_peak(naive)} | {naive['lp']:,.3f} | {to_value:.1e}; {to_bound:.1e} | "
        f"**{wall:,.0f}x** | {cpu:,.0f}x |"
    )


def _relative(value: float, reference: float) -> float:
    return (value - reference) / max(1.0, abs(reference))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.min_shares", description=__doc__.split("\n")[0]
    )
    parser.add_argument("work_dir", nargs="?", default="/tmp/ucj-min-shares", type=Path)
    parser.add_argument("--sizes", nargs="+", default=["province", "national"])
    parser.add_argument("--share", type=float, default=25.0)
    parser.add_argument("--naive-sizes", nargs="*", default=None,
                        help="sizes for the naive PuLP baselines (default: --sizes)")  # fmt: skip
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
    else:
        naive_sizes = args.sizes if args.naive_sizes is None else args.naive_sizes
        main(args.work_dir, args.sizes, args.share, naive_sizes)
