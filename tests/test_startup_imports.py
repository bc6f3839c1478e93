"""Start-up (issue 14): a command imports the libraries it needs when it runs, not before.

`--help` and `validate` import no solver, table, Excel or web library; a one-region `solve` imports no
village-level, multi-year or HTML report module and no Excel or plotting library. Each case
runs in a fresh interpreter, where sys.modules shows what the command imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pulp", "highspy", "numpy", "pandas", "openpyxl", "matplotlib", "jinja2", "starlette")
SOLVE_NEVER = (
    "openpyxl",
    "matplotlib",
    "jinja2",
    "optimizer.areas.data",
    "optimizer.areas.optimize",
    "optimizer.multiyear.plan",
    "optimizer.uncertainty.sweep",
    "optimizer.html_report.sections",
)


def _imported(args: list[str], names: tuple[str, ...]) -> list[str]:
    """Which of `names` are in sys.modules after `python -m optimizer ARGS` (run in-process)."""
    code = (
        "import sys\nfrom optimizer.cli import main\n"
        f"try: main({args!r}, prog_name='python -m optimizer')\nexcept SystemExit: pass\n"
        f"print('imported:' + ','.join(m for m in {names!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    last = done.stderr.splitlines()[-1]
    assert last.startswith("imported:"), done.stderr[-300:]
    return [m for m in last.removeprefix("imported:").split(",") if m]


@pytest.mark.parametrize(
    "args",
    [["--help"], ["solve", "--help"], ["validate", "scenarios/pati-2025.toml"]],
    ids=["help", "solve-help", "validate"],
)
def test_help_and_validate_import_no_solver_table_excel_or_web_library(args):
    assert _imported(args, HEAVY) == []


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_solve_imports_only_the_one_region_pipeline(fmt):
    """Nor pandas (a plan's tables are rows; a DataFrame is made when asked for) nor PuLP (HiGHS
    is driven directly): 0.3-0.4 s of a 0.5 s goal (issue 14)."""
    args = ["solve", "scenarios/pati-2025.toml", "--format", fmt]
    assert _imported(args, SOLVE_NEVER + ("pandas", "pulp")) == []
    assert _imported([*args, "--solver", "cbc"], SOLVE_NEVER + ("pandas", "pulp")) == ["pulp"]


def test_importing_the_package_imports_no_solver_or_table_library():
    code = f"import sys, optimizer; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


def test_a_library_missing_at_run_time_is_one_line_exit_2():
    """PuLP is imported when a CBC `solve` runs, not at start-up: missing, it is still one line."""
    code = (
        "import sys\nsys.modules['pulp'] = None\nfrom optimizer.cli import main\n"
        "main(['solve', 'scenarios/pati-2025.toml', '--no-marginal', '--solver', 'cbc'], "
        "prog_name='python -m optimizer')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.strip().splitlines() == [
        f"Error: 'pulp' is not installed for {sys.executable}; run `pip install .` first"
    ]
    assert done.stdout == ""


def test_the_cli_turns_numpys_huge_pages_off_unless_the_user_chose():
    """Huge-page faults cost the national village plan ~0.5 s of system time (issue 14)."""
    code = "import os, optimizer.cli, numpy; print(os.environ['NUMPY_MADVISE_HUGEPAGE'])"
    for given, expected in ((None, "0"), ("1", "1")):
        env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
        if given is not None:
            env["NUMPY_MADVISE_HUGEPAGE"] = given
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
        )
        assert done.stdout.strip() == expected
