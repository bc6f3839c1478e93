"""How long a whole `python -m optimizer` process takes, start-up included; writes benchmarks/STARTUP.md.

Regency-sized commands: a solve with its explanations, validate, --help, and two 100-level
frontiers (the regency CLI and frontier goals of issue 14).

    python -m benchmarks.startup [REPEATS] [--against ROOT]

Each command runs REPEATS times as its own process (after one warm-up run); each row gives
the min and the median wall-clock time. With --against ROOT, a folder holding another copy
of the package (ROOT/optimizer, e.g. the code before a change), that copy runs the same
commands in turn with this one, so that both see the same machine load; the table then also
gives the ratio of the medians and says whether the two printed the same bytes.

The processes run outside the repository (so `-m optimizer` finds the copy on PYTHONPATH, not
the working directory) with their bytecode cached in a temporary folder, as an installed package
has it: PYTHONDONTWRITEBYTECODE is lifted for them. The last rows time bare imports, to show
what the rest of a solve's start-up is made of.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).with_name("STARTUP.md")
SCENARIO = str(ROOT / "scenarios" / "pati-2025.toml")
TRANCHES = str(ROOT / "scenarios" / "pasaman-barat-2025-tranches.toml")
SOLVE = ["-m", "optimizer", "solve", SCENARIO, "--format", "json"]
#: 100 budget levels, each a proven solve (issue 14's frontier goal: 1 s).
FRONTIER = ["frontier", "--steps", "100", "--format", "json"]
COMMANDS = {
    "solve pati-2025.toml --format json": SOLVE,
    "solve pati-2025.toml --format json --no-marginal": [*SOLVE, "--no-marginal"],
    "validate pati-2025.toml": ["-m", "optimizer", "validate", SCENARIO],
    "--help": ["-m", "optimizer", "--help"],
    "frontier pati-2025.toml --steps 100 --format json": [
        "-m",
        "optimizer",
        FRONTIER[0],
        SCENARIO,
        *FRONTIER[1:],
    ],
    "frontier pasaman-barat-2025-tranches.toml --steps 100 --format json": [
        "-m",
        "optimizer",
        FRONTIER[0],
        TRANCHES,
        *FRONTIER[1:],
    ],
}
#: Bare imports (this package not involved): the floor under the commands above.
IMPORTS = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import click'": ["-c", "import click"],
    "python -c 'import highspy'": ["-c", "import highspy"],
    "python -c 'import pulp'": ["-c", "import pulp"],
    "python -c 'import pandas'": ["-c", "import pandas"],
    "python -c 'import pandas, pulp'": ["-c", "import pandas, pulp"],
}


def _run(args: list[str], root: Path, env: dict[str, str], cwd: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(root)},
        capture_output=True,
        check=False,
    )
    # stdout, stderr and the exit code: what "the same output" means for the comparison.
    return time.perf_counter() - start, done.stdout + b"\0" + done.stderr + b"\0" + bytes([done.returncode])


def measure(args: list[str], roots: list[Path], repeats: int, env, cwd) -> tuple[list[list[float]], bool]:
    """Times per root, the roots taking turns; and whether every root printed the same bytes."""
    outputs = [_run(args, root, env, cwd)[1] for root in roots]  # warm-up: bytecode written here
    times: list[list[float]] = [[] for _ in roots]
    for _ in range(repeats):
        for i, root in enumerate(roots):
            times[i].append(_run(args, root, env, cwd)[0])
    return times, all(out == outputs[0] for out in outputs)


def _ms(xs: list[float]) -> str:
    return f"{1000 * min(xs):.0f} | {1000 * statistics.median(xs):.0f}"


def main(repeats: int, against: Path | None) -> None:
    roots = [ROOT] if against is None else [ROOT, against.resolve()]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    if against is None:
        header = ["| command | min ms | median ms |", "|---|---|---|"]
    else:
        header = [
            "| command | min ms | median ms | before: min | before: median | median ratio | same output |",
            "|---|---|---|---|---|---|---|",
        ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        for label, args in COMMANDS.items():
            times, same = measure(args, roots, repeats, env, tmp)
            row = f"| `{label}` | {_ms(times[0])} |"
            if against is not None:
                ratio = statistics.median(times[0]) / statistics.median(times[1])
                row += f" {_ms(times[1])} | {ratio:.2f} | {'yes' if same else '**no**'} |"
            rows.append(row)
        for label, args in IMPORTS.items():
            times, _ = measure(args, [ROOT], repeats, env, tmp)
            rows.append(f"| `{label}` | {_ms(times[0])} |" + (" | | | |" if against is not None else ""))
    command = "python -m benchmarks.startup " + str(repeats) + (f" --against {against}" if against else "")
    lines = [
        "# Start-up: a whole `python -m optimizer` process",
        "",
        f"Command: `{command}`; each row: min and median wall-clock milliseconds of {repeats} processes "
        "(after one warm-up), bytecode cached as in an installed package.",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, load average {load} at the start "
        "(shared, loaded machine: read the ratios and the minimums).",
        "Versions: "
        + ", ".join(
            f"{p} {version(p)}" for p in ("ucj-optimizer", "pulp", "highspy", "pandas", "numpy", "click")
        )
        + f", Python {platform.python_version()}.",
    ]
    if against is not None:
        lines.append(f"Before: the package in `{against}`, run in turn with this one.")
    lines += ["", *header, *rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=15)
    parser.add_argument("--against", type=Path, default=None, help="a folder holding another optimizer/")
    options = parser.parse_args()
    main(options.repeats, options.against)
