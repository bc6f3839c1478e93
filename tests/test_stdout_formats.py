"""What a program reading our stdout gets: every command, every machine-readable format, every
bundled scenario, run as the real program so that output that C libraries (HiGHS, CBC) write
straight to file descriptor 1 or 2 is seen (CliRunner only sees Python's sys.stdout).

A driver in one child process runs each command with descriptors 1 and 2 pointed at files of
its own, so a banner printed by a solver lands in the captured stdout exactly as it would in a
pipe; a few cases also run as `python -m optimizer` to cover start-up itself.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.toml"))
#: command -> the machine-readable formats it can send to stdout
FORMATS = {
    "solve": ("json", "csv"),
    "compare": ("json",),
    "frontier": ("json", "csv"),
    "plan-years": ("json", "csv"),
    "robust": ("json", "csv"),
    "sweep": ("json", "csv"),
}
#: keep the sampling commands quick: the format is what is tested here, not the statistics
EXTRA = {
    "robust": ["--samples", "2"],
    "sweep": ["--samples", "2", "--workers", "1"],
    "frontier": ["--steps", "2"],
}

DRIVER = r"""
import json, os, sys, tempfile
from optimizer.cli import main
results = []
for args in json.load(sys.stdin):
    files = [tempfile.TemporaryFile() for _ in range(2)]
    saved = [os.dup(1), os.dup(2)]
    sys.stdout.flush(); sys.stderr.flush()
    os.dup2(files[0].fileno(), 1); os.dup2(files[1].fileno(), 2)
    try:
        main.main(args=args, prog_name="optimizer", standalone_mode=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(saved[0], 1); os.dup2(saved[1], 2)
        for fd in saved: os.close(fd)
    out = []
    for f in files:
        f.seek(0); out.append(f.read().decode("utf-8", "replace")); f.close()
    results.append({"args": args, "code": code, "stdout": out[0], "stderr": out[1]})
json.dump(results, sys.__stdout__)
"""


def _cases() -> list[list[str]]:
    return [
        [command, f"scenarios/{name}", "--format", fmt, *EXTRA.get(command, [])]
        for name in SCENARIOS
        for command, formats in FORMATS.items()
        for fmt in formats
    ]


def _check(args: list[str], code: int, stdout: str, stderr: str) -> None:
    where = " ".join(args)
    assert code in (0, 1, 2), f"{where}: exit {code}\n{stderr[-2000:]}"
    if code == 2:  # a refusal: one line on stderr, nothing on stdout
        assert stdout == "", f"{where}: stdout on a refusal: {stdout[:300]!r}"
        assert len(stderr.strip().splitlines()) == 1, f"{where}: {stderr!r}"
        return
    assert stderr == "", f"{where}: stderr {stderr[:500]!r}"
    fmt = args[args.index("--format") + 1]
    if fmt == "json":
        json.loads(stdout)
    else:
        rows = list(csv.reader(io.StringIO(stdout)))
        assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows), f"{where}: {stdout[:300]!r}"
        assert all(cell and not cell[0].isspace() for cell in rows[0]), f"{where}: header {rows[0]}"


def test_every_command_sends_parseable_output_to_stdout():
    cases = _cases()
    done = subprocess.run(
        [sys.executable, "-c", DRIVER], input=json.dumps(cases), capture_output=True, text=True, cwd=ROOT,
        timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    assert [r["args"] for r in results] == cases
    for r in results:
        _check(r["args"], r["code"], r["stdout"], r["stderr"])
    # every command produced a real document for some scenario, not only refusals
    assert {r["args"][0] for r in results if r["code"] in (0, 1)} == set(FORMATS)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("name", ["teaching-example.toml", "pasaman-barat-2025-tranches.toml"])
def test_the_real_program_prints_only_the_document(name, fmt):
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", f"scenarios/{name}", "--format", fmt],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    _check(["solve", name, "--format", fmt], done.returncode, done.stdout, done.stderr)


def test_solver_log_goes_to_the_named_file_and_nowhere_else(tmp_path):
    log = tmp_path / "solver.log"
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "--solver-log", str(log), "solve", "scenarios/pati-2025.toml",
         "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    _check(["solve", "--format", "json"], done.returncode, done.stdout, done.stderr)
    assert "HiGHS" in log.read_text()


def test_a_solver_log_that_cannot_be_written_is_one_line_of_bad_input(tmp_path):
    scenario = "scenarios/pati-2025.toml"
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "--solver-log", str(tmp_path), "solve", scenario],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--solver-log" in done.stderr
