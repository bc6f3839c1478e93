"""Speed of the whole goal sequence (main goal, least cost, tie-break) on regency-sized
scenarios, and the proof status of each solve (issue 11).

    python -m benchmarks.tie_breaks [--out benchmarks/TIE_BREAKS.md] [--seeds 3] [--sizes 3x2 40x24]

Scenarios are invented (seeded), shaped like a regency's: packages at the BPU price
(Rp16,800) and the wage-earner price (Rp10,800 on a Rp2 million wage),
cover for 12, 6 or 3 months, some sources earmarked for a few groups, a discounted
price for some payers, budgets that bind. Every size is solved with HiGHS and CBC;
the table gives wall seconds (best of the seeds' runs and the worst), whether the
plans of the two solvers are identical, and how many tie-breaks were not proven.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from importlib.metadata import version
from pathlib import Path

from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict

SIZES = ((3, 2), (6, 2), (10, 6), (40, 24), (80, 48))
PRICES = (16_800, 10_800)
MONTHS = (12, 12, 12, 6, 3)
KINDS = ("dbh-cht", "csr", "zakat", "village", "dbh-sawit", "other")


def scenario_dict(groups: int, sources: int, seed: int, objective: str = "max-coverage") -> dict:
    rng = random.Random(f"{groups}x{sources}-{seed}")
    packages = [{"id": f"p{k}", "monthly_price": p} for k, p in enumerate(PRICES)]
    packages[0]["price_by_source"] = {"s1": PRICES[0] // 2} if sources > 1 else {}
    group = [
        {
            "id": f"g{i}",
            "uncovered": rng.randint(100, 5_000),
            "package": f"p{rng.randrange(len(PRICES))}",
            "months": rng.choice(MONTHS),
            "weight": 1.0 if rng.random() < 0.8 else 2.0,
        }
        for i in range(groups)
    ]
    demand = sum(g["uncovered"] * PRICES[int(g["package"][1])] * g["months"] for g in group)
    source = []
    for j in range(sources):
        s = {"id": f"s{j}", "kind": "apbd" if j == 0 else rng.choice(KINDS)}
        if j > 0 and rng.random() < 0.7:
            s["eligible"] = rng.sample([g["id"] for g in group], rng.randint(1, max(1, groups // 4)))
        s["budget"] = int(demand * rng.uniform(0.2, 0.6) / sources) + rng.randint(0, 999_999)
        source.append(s)
    return {
        "region": {
            "name": "Bench",
            "year": 2025,
            "workforce": 500_000,
            "active": 100_000,
            "target_participants": 100_000 + int(sum(g["uncovered"] for g in group) * 0.4),
        },
        "optimize": {"objective": objective, "metric": "persons"},
        "package": packages,
        "group": group,
        "source": source,
    }


def run(seeds: int, time_limit: float | None, sizes=SIZES, solvers=("highs", "cbc")) -> list[dict]:
    rows = []
    # One solve per solver first, not timed: the first call in a process imports PuLP and highspy
    # and starts CBC's binary for the first time (0.3 s), which is not the goal sequence's cost.
    for solver in solvers:
        optimize(scenario_from_mapping(scenario_dict(3, 2, 99)), solver=solver)
    for groups, sources in sizes:
        for objective in ("max-coverage", "min-cost"):
            times: dict[str, list[float]] = {solver: [] for solver in solvers}
            cpu: list[float] = []  # HiGHS's CPU seconds (one thread): less sensitive to a busy machine
            same, unproven = 0, 0
            for seed in range(seeds):
                scenario = scenario_from_mapping(scenario_dict(groups, sources, seed, objective))
                docs = {}
                for solver in times:
                    started, used = time.perf_counter(), time.process_time()
                    plan = optimize(scenario, solver=solver, time_limit=time_limit)
                    times[solver].append(time.perf_counter() - started)
                    if solver == "highs":
                        cpu.append(time.process_time() - used)
                    doc = plan_to_dict(plan)
                    doc.pop("solver")
                    docs[solver] = json.dumps(doc, sort_keys=True)
                    unproven += any("not proven" in w for w in plan.warnings) or plan.status != "optimal"
                same += len(set(docs.values())) == 1
            rows.append(
                {
                    "size": f"{groups} x {sources}",
                    "objective": objective,
                    "seeds": seeds,
                    "highs": times["highs"],
                    "cbc": times.get("cbc", []),
                    "cpu": cpu,
                    "same": same,
                    "unproven": unproven,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("benchmarks/TIE_BREAKS.md"))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument(
        "--time-limit", type=float, default=None,
        help="seconds per solve, tie-break included (default: the tool's own limits, as a planner has them)",
    )  # fmt: skip
    parser.add_argument("--sizes", nargs="+", default=[f"{g}x{s}" for g, s in SIZES], help="e.g. 3x2 40x24")
    parser.add_argument(
        "--solvers", nargs="+", default=["highs", "cbc"], choices=["highs", "cbc"],
        help="CBC's main goals run for minutes from 20 x 12 up: large sizes are run with HiGHS only",
    )  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes]
    load_before = os.getloadavg()
    rows = run(args.seeds, args.time_limit, sizes, tuple(args.solvers))
    limit = "" if args.time_limit is None else f" --time-limit {args.time_limit:g}"
    limit += f" --sizes {' '.join(args.sizes)} --solvers {' '.join(args.solvers)}"
    lines = [
        "# Goal sequence benchmark (issue 11)",
        "",
        f"Command: `python -m benchmarks.tie_breaks --seeds {args.seeds}{limit}`.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; Python "
        f"{platform.python_version()}, highspy {version('highspy')}, PuLP {version('pulp')}.",
        f"Load average before {tuple(round(x, 2) for x in load_before)}, after "
        f"{tuple(round(x, 2) for x in os.getloadavg())} (shared machine).",
        "",
        "Seconds per `optimize` call (whole sequence, LP bound and explanations included):",
        "",
        "| size (groups x sources) | objective | HiGHS best | HiGHS worst | HiGHS CPU worst | CBC best "
        "| CBC worst | CBC / HiGHS (worst) | identical plans | plans not fully proven |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        h, c = r["highs"], r["cbc"]
        cbc = f"{min(c):.3f} | {max(c):.3f} | {max(c) / max(h):.1f}" if c else "- | - | -"
        same = f"{r['same']}/{r['seeds']}" if c else "-"
        lines.append(
            f"| {r['size']} | {r['objective']} | {min(h):.3f} | {max(h):.3f} | {max(r['cpu']):.3f} | {cbc} "
            f"| {same} | {r['unproven']}/{len(args.solvers) * r['seeds']} |"
        )
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
