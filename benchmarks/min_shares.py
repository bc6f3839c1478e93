"""Village-level plans whose minimum village share binds (issue 14); writes benchmarks/MIN_SHARES.md.

    python -m benchmarks.min_shares [WORK_DIR] [--sizes province national] [--share 25]

The instances of `benchmarks.generate` (made-up villages, seed 1) with `min_village_share`
raised from 5% to --share. Each size runs in its own process: the whole `optimize_areas`
(build, merged LP rounds, whole persons, certificate), its rounds of explicit villages, the
certified LP gap, and the whole-person plan against the whole-person bound.
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
    loaded = time.perf_counter()
    plan = optimize_areas(area)
    done = time.perf_counter()
    c = plan.areas.certificate
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "villages": len(area.villages),
        "read_s": loaded - started,
        "optimize_s": done - loaded,
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


def main(work: Path, sizes: list[str], share: float) -> None:
    rows = []
    load_before = os.getloadavg()
    for size in sizes:
        folder = work / size
        scenario = generate(size, folder, seed=1)
        text = scenario.read_text().replace("min_village_share = 5.0", f"min_village_share = {share}")
        path = folder / f"share-{share:g}.toml"
        path.write_text(text)
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.min_shares", "--child", str(path)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append((size, json.loads(out.stdout.strip().splitlines()[-1])))
    lines = [
        "# Binding minimum village shares (issue 14)",
        "",
        f"Command: `python -m benchmarks.min_shares {work} --sizes {' '.join(sizes)} --share {share:g}`.",
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
    (HERE / "MIN_SHARES.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.min_shares", description=__doc__.split("\n")[0]
    )
    parser.add_argument("work_dir", nargs="?", default="/tmp/ucj-min-shares", type=Path)
    parser.add_argument("--sizes", nargs="+", default=["province", "national"])
    parser.add_argument("--share", type=float, default=25.0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
    else:
        main(args.work_dir, args.sizes, args.share)
