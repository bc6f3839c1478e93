"""The independent CP-SAT check of tests/test_independent.py on many scenarios (issue 11).

    python -m benchmarks.independent [--scenarios 1000] [--out benchmarks/INDEPENDENT.md]

Half the scenarios use the annual model, half the monthly one (tranches, windows,
a reporting month); objectives and metrics are drawn at random. Writes the count of
agreements, and every seed that disagreed, with machine, versions and command.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_independent import check_one  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", type=int, default=1_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/INDEPENDENT.md"))
    parser.add_argument(
        "--large-file-routes", action="store_true",
        help="solve every scenario by the routes of files with 64+ variables (bounds cut before each "
        "proof, coverage found near the relaxation, look-alike groups merged), which these small "
        "scenarios would not take; half the scenarios then have groups of two kinds, merged",
    )  # fmt: skip
    parser.add_argument(
        "--least-cost-by-caps", action="store_true",
        help="with --large-file-routes: the least-cost root check settles nothing, so every least cost "
        "after a coverage goes through the spending caps (optimizer.solve._least_money_by_caps)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.least_cost_by_caps:
        from optimizer import solve
        from optimizer.status import SolveStatus

        solve._nothing_cheaper = lambda *a, **k: solve._Stage(SolveStatus.NO_SOLUTION, (), None, None, ())
    if args.large_file_routes:
        from optimizer import interchangeable, solve

        solve.IMPLIED_BOUNDS_FROM = 0
        interchangeable.MERGE_AT_LEAST, interchangeable.MERGE_SHARE = 1, 0.0
    started = time.perf_counter()
    failed = []
    for k in range(args.scenarios):
        monthly = k % 2 == 1
        alike = args.large_file_routes and k % 4 >= 2  # half the files: groups of two kinds, merged
        try:
            check_one(100_000 + k, monthly, alike)
        except AssertionError as exc:
            failed.append(f"seed {100_000 + k} ({'monthly' if monthly else 'annual'}): {exc}")
    seconds = time.perf_counter() - started
    lines = [
        "# Independent check against OR-Tools CP-SAT (issue 11)",
        "",
        f"Command: `python -m benchmarks.independent --scenarios {args.scenarios}"
        f"{' --large-file-routes' if args.large_file_routes else ''}"
        f"{' --least-cost-by-caps' if args.least_cost_by_caps else ''}`.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; Python "
        f"{platform.python_version()}, highspy {version('highspy')}, PuLP {version('pulp')}, "
        f"ortools {version('ortools')}; load average after {tuple(round(x, 2) for x in os.getloadavg())}.",
        "",
        f"Agreement: **{args.scenarios - len(failed)} of {args.scenarios}** scenarios "
        f"(annual and monthly alternately; {seconds:.0f} s).",
        "",
        *(f"- {f}" for f in failed),
    ]
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
