"""Benchmark the village-level fast path on the official village list; writes benchmarks/RESULTS.md.

    python -m benchmarks.run [WORK_DIR]

Each measurement runs in its own process so that peak memory (getrusage maxrss,
which includes HiGHS's native memory) belongs to that measurement alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.generate import generate
from optimizer.areas import village_list

HERE = Path(__file__).parent
NAIVE_TIMEOUT = 1800
SIZES = ("regency", "province", "national")
COLUMNS = ("size", "full LP cols x rows", "merged LP cols x rows", "read s", "build s", "solve s", "round s",
           "build+solve s", "build+solve CPU s", "process CPU s", "LP gap",
           "persons gap to LP bound", "persons gap to whole-person bound", "peak RSS MB")  # fmt: skip
HEADER = "| " + " | ".join(COLUMNS) + " |\n" + "|---" * len(COLUMNS) + "|"
NAIVE_COLUMNS = ("size", "baseline", "status", "build+solve s", "CPU s", "peak RSS MB", "LP value",
                 "ratio to fast, wall", "ratio, CPU")  # fmt: skip
NAIVE_HEADER = "| " + " | ".join(NAIVE_COLUMNS) + " |\n" + "|---" * len(NAIVE_COLUMNS) + "|"


def _cpu() -> float:
    """CPU seconds (user + sys) of this process and its finished children (CBC runs as one)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure_fast(path: str) -> dict:
    from optimizer.areas.bound import whole_person_bound
    from optimizer.areas.data import load_area_scenario
    from optimizer.areas.fast import solve_reduced
    from optimizer.areas.model import build_area_lp
    from optimizer.areas.rounding import whole_persons
    from optimizer.scenario import Metric

    t0 = time.perf_counter()
    area = load_area_scenario(path)
    t1, c1 = time.perf_counter(), _cpu()
    lp = build_area_lp(area, Metric.PERSONS)
    t2 = time.perf_counter()
    fast = solve_reduced(area, lp, threads=2)
    t3, c3 = time.perf_counter(), _cpu()
    answer = fast.answer
    whole = fast.whole(area)
    x, unmet = whole_persons(lp, answer.x if whole is None else whole)
    whole_bound = min(answer.bound, whole_person_bound(area, lp, answer.duals))
    t4 = time.perf_counter()
    return {
        "vars": len(lp.objective), "rows": len(lp.block), "read": t1 - t0, "build": t2 - t1,
        "solve": t3 - t2, "round": t4 - t3, "cpu": c3 - c1, "lp": answer.value, "bound": answer.bound,
        "gap": answer.gap, "proven": answer.proven, "method": fast.method,
        "merged": f"{fast.reduced_columns:,} x {fast.reduced_rows:,}",
        "persons_gap": answer.bound - float(lp.objective @ x), "unmet": len(unmet),
        "whole_gap": whole_bound - float(lp.objective @ x),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


def measure_naive(path: str, solver: str) -> dict:
    """The plain formulation (one PuLP variable per village x source x group), LP relaxation,
    solved by `solver` through PuLP; the record names the solver that really ran and counts the
    minimum-village-share rows, so a reader sees the shares are in the naive program too."""
    from optimizer.areas.data import load_area_scenario
    from optimizer.areas.model import build_area_program
    from optimizer.model import RowKind
    from optimizer.solve import solve_program

    area = load_area_scenario(path)
    t0, c0 = time.perf_counter(), _cpu()
    program = build_area_program(area, area.scenario.metric)
    with _ChildPeak() as solver_peak:
        solution = solve_program(program, solver, relax=True, stages=1, lp_solver=solver)
    share_rows = sum(row.kind is RowKind.VILLAGE for row in program.rows)
    return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - c0, "lp": solution.goal_values[0],
            "solver": solution.solver, "status": str(solution.status), "share_rows": share_rows,
            "vars": len(program.variables), "rows": len(program.rows),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "solver_maxrss_mb": solver_peak.mb}  # fmt: skip


class _ChildPeak:
    """Peak memory (VmHWM) of this process's child processes (PuLP's `cbc`), sampled every 0.2 s.
    CBC runs outside the measuring process, so RUSAGE_SELF leaves it out; RUSAGE_CHILDREN's maxrss
    is no help either, as Linux counts the Python pages the child had before its exec."""

    def __init__(self) -> None:
        self.mb, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> _ChildPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for pid in _children(os.getpid()):
                self.mb = max(self.mb, _high_water_mb(pid))


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _high_water_mb(pid: int) -> float:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    return next((int(ln.split()[1]) / 1024 for ln in lines if ln.startswith("VmHWM:")), 0.0)


def _child(kind: str, path: str, timeout: float | None = None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-m", "benchmarks.run", "--child", kind, path], capture_output=True,
                         text=True, timeout=timeout, check=True)  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_cpu"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return result


def naive_or_failure(solver: str, path: str) -> dict | str:
    """`measure_naive` in its own process, or why it gave no answer: a naive run that times out
    or runs out of memory is a finding of the benchmark, not a reason to lose the other rows."""
    try:
        naive = _child(f"naive-{solver}", path, NAIVE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"timed out after {NAIVE_TIMEOUT} s"
    except subprocess.CalledProcessError as failed:
        last = (failed.stderr or "").strip().splitlines()[-1:] or ["no message"]
        killed = failed.returncode < 0  # a signal: SIGKILL is what the kernel's OOM killer sends
        how = f"killed by signal {-failed.returncode}" if killed else f"exit code {failed.returncode}"
        return f"failed ({how}: {last[0][:120]})"
    assert naive["solver"] == solver, naive  # the record must say what really ran
    return naive


def naive_cells(naive: dict | str, fast_wall: float, fast_cpu: float) -> str:
    """The table cells from the status on: measured figures and ratios, or the failure."""
    if isinstance(naive, str):
        return f"{naive} | - | - | - | - | - | - |"
    wall_ratio, cpu_ratio = naive["seconds"] / fast_wall, naive["cpu"] / fast_cpu
    return (
        f"{naive['status']} | {naive['seconds']:.2f} | {naive['cpu']:.2f} | {naive_peak(naive)} | "
        f"{naive['lp']:,.3f} | **{wall_ratio:,.0f}x** | {cpu_ratio:,.0f}x |"
    )


def _machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())  # fmt: skip
    mem = int(
        next(
            ln.split()[1]
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        )
    )
    return (
        f"{os.cpu_count()} cores, {mem / 2**20:.1f} GiB, {cpu}, load average before the run {os.getloadavg()}"
    )


def main(work: Path, naive_sizes: list[str]) -> None:
    machine = _machine()
    rows, results = [], {}
    for size in SIZES:
        path = str(generate(size, work / size, real_list=True))
        r = _child("fast", path)
        results[size] = r
        proven = "proven" if r["proven"] else "NOT proven"
        rows.append(f"| {size} | {r['vars']:,} x {r['rows']:,} | {r['merged']} | {r['read']:.2f} | "
                    f"{r['build']:.2f} | {r['solve']:.2f} | {r['round']:.2f} | "
                    f"**{r['build'] + r['solve']:.2f}** | {r['cpu']:.2f} | {r['process_cpu']:.2f} | "
                    f"{r['gap']:.1e} {proven} | {r['persons_gap']:.1f} | {r['whole_gap']:.1f} | "
                    f"{r['maxrss_mb']:,.0f} |")  # fmt: skip
    cli_rows = [_cli_row(size, work, runs) for size, runs in CLI_RUNS]
    naive_lines = []
    for size in naive_sizes:
        fast = results[size]
        fast_wall = fast["build"] + fast["solve"]
        scenario = str(work / size / "scenario.toml")
        for solver in ("cbc", "highs"):
            naive = naive_or_failure(solver, scenario)
            naive_lines.append(
                f"| {size} | {SOLVER_LABELS[solver]} | {naive_cells(naive, fast_wall, fast['cpu'])}"
            )
        proven = "proven" if fast["proven"] else "NOT proven"
        figures = f"{fast_wall:.2f} | {fast['cpu']:.2f} | {fast['maxrss_mb']:,.0f} | {fast['lp']:,.3f}"
        naive_lines.append(f"| {size} | fast path (the ratios' base) | {proven} | {figures} | 1x | 1x |")
    load_after = os.getloadavg()
    text = f"""# Benchmark results

Command: `python -m benchmarks.run {work} --naive-sizes {" ".join(naive_sizes)}` (instances from
`benchmarks/generate.py`, seed 1, on the official village list ({village_list.list_version()}):
Kabupaten Pati, Jawa Tengah, Indonesia; the headcounts and budgets are invented).
Machine: {machine}; load average after the run {load_after}.
Versions: Python {platform.python_version()}, {_versions()}. Other developers run tests on the same
machine, so wall times vary by tens of percent between runs; CPU seconds (user + sys, `getrusage`)
are less sensitive to that load and are given next to them.

Fast path: the full LP is built as arrays (`optimizer/areas/model.py`), villages without a binding
minimum share are merged per regency (or district) into an exact smaller LP (`optimizer/areas/reduce.py`,
size in column "merged LP"), HiGHS dual simplex solves it (`optimizer/solve_fast.py`, 2 threads),
the optimum is split back over the villages and checked against the FULL LP: its row violations and
the dual bound from the copied duals, recomputed in NumPy (`optimizer/areas/fast.py`). LP gap =
(checked dual bound - LP value) / value; "proven" means gap <= 1e-6 and no row violated by more than 1e-6.
"solve" includes rounding to whole persons in the merged LP and the exact integer split; "round" is the
final repair and fill over the full LP and the whole-person bound (`optimizer/areas/bound.py`: the checked
dual bound rounded down per regency). Persons gaps = bound - whole-person plan, for either bound.
build+solve CPU = CPU seconds of the measuring process (all threads) over build+solve; process CPU =
the whole child process (interpreter start, imports, reading the files included).

{HEADER}
{chr(10).join(rows)}

Naive formulation at {", ".join(naive_sizes)} size, in the same run (one PuLP variable per village
x source x group, LP relaxation, build+solve, each in its own process, at most {NAIVE_TIMEOUT} s; the
solver is what `optimizer.solve` reported running; its "highs" is highspy without PuLP). Ratios are
to the fast path's build+solve of the same size in this run (wall, and CPU of the measuring process);
its rows are repeated here. Peak RSS: the measuring Python process, and CBC's own process beside it (sampled).

{NAIVE_HEADER}
{chr(10).join(naive_lines)}

End to end through the CLI, what a planner runs: `python -m optimizer solve SIZE/scenario.toml
--output plan.json` (process start to the JSON plan written: reading the village files, the check
against the official village list, the plan, the per-village tables, the JSON). Best run of the
runs given (wall), with that run's CPU seconds (user + sys) and peak memory:

| size | runs | best wall s | all runs s | CPU s | peak RSS MB | plan.json MB | exit |
|---|---|---|---|---|---|---|---|
{chr(10).join(cli_rows)}

Targets (issue 4): national LP proven optimal in <= 15 s and <= 4 GB; >= 50x faster than
naive on the province instance; regency CLI <= 1 s; whole-person gap "a handful" of persons.
"""
    (HERE / "RESULTS.md").write_text(text)
    print(text)


#: End-to-end CLI runs per size.
CLI_RUNS = (("regency", 3), ("province", 2), ("national", 2))


def _cli_row(size: str, work: Path, runs: int) -> str:
    """One row of the end-to-end table: the real program as a subprocess, `runs` times."""
    out = work / f"{size}-plan.json"
    scenario = str(work / size / "scenario.toml")
    cli = [sys.executable, "-m", "optimizer", "solve", scenario, "--output", str(out)]
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        measured.append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode))
    wall, cpu, rss, code = min(measured)
    walls = ", ".join(f"{m[0]:.2f}" for m in measured)
    size_mb = out.stat().st_size / 1e6 if out.exists() else 0.0
    cells = (size, runs, f"**{wall:.2f}**", walls, f"{cpu:.2f}", f"{rss:,.0f}", f"{size_mb:,.1f}", code)
    return "| " + " | ".join(map(str, cells)) + " |"


#: What each naive row ran: CBC through PuLP (PuLP writes an MPS file, the bundled `cbc` binary
#: solves it); "highs" is not PuLP: `optimizer.solve` hands the same program to highspy itself.
SOLVER_LABELS = {"cbc": "PuLP + CBC (bundled cbc binary)", "highs": "highspy (same program, no PuLP)"}


def naive_peak(naive: dict) -> str:
    """Peak RSS of the measuring Python process, and of the CBC process when there was one."""
    own, solver = f"{naive['maxrss_mb']:,.0f}", naive.get("solver_maxrss_mb", 0.0)
    if naive["solver"] != "cbc":
        return own
    return own + (f" + CBC {solver:,.0f}" if solver else " + CBC (ended before a sample)")


def _versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("pulp", "highspy", "numpy", "pandas"))


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark the village-level fast path at regency, province and national size, "
        "against the naive PuLP formulation solved by real CBC and by HiGHS, and the regency CLI. "
        "Writes benchmarks/RESULTS.md.",
    )
    parser.add_argument("work_dir", nargs="?", default="/tmp/ucj-bench", type=Path,
                        help="folder for the generated instances (default /tmp/ucj-bench)")  # fmt: skip
    parser.add_argument("--naive-sizes", nargs="+", choices=SIZES, default=list(SIZES),
                        help="sizes for the naive PuLP formulation (default: all three)")  # fmt: skip
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SCENARIO"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = _arguments(sys.argv[1:])
    if args.child:
        kind, path = args.child
        result = measure_fast(path) if kind == "fast" else measure_naive(path, kind.removeprefix("naive-"))
        print(json.dumps(result))
    else:
        main(args.work_dir, args.naive_sizes)
