"""An output file interrupted while being written is the old file or the new one, never half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main

OLD = b'{"old": "plan"}\n'
#: Runs the CLI with fsync slowed down: the new plan sits in the temp file, not yet renamed.
SLOW_WRITER = """
import os, sys, time
from pathlib import Path
def slow_fsync(fd):
    Path(sys.argv[2]).write_text("in the middle of writing")
    time.sleep(60)
os.fsync = slow_fsync
from optimizer.cli import main
main(["solve", "scenarios/teaching-example.toml", "--output", sys.argv[1]], prog_name="optimizer")
"""


def interrupt(tmp_path: Path, sig: int) -> tuple[int, list[str]]:
    out, marker = tmp_path / "plan.json", tmp_path / "marker"
    out.write_bytes(OLD)
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(out), str(marker)], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    proc.stderr.close()
    assert out.read_bytes() == OLD  # the old file, byte for byte
    return code, sorted(p.name for p in tmp_path.iterdir() if p.name not in ("plan.json", "marker"))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_keeps_the_old_file_and_removes_the_temp_file(tmp_path, sig):
    code, leftovers = interrupt(tmp_path, sig)
    assert code != 0
    assert leftovers == []


def test_sigkill_keeps_the_old_file_and_can_only_leave_a_hidden_temp_file(tmp_path):
    """SIGKILL cannot be caught: the hidden .plan.json.*.tmp stays, the target is untouched."""
    code, leftovers = interrupt(tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert len(leftovers) == 1 and leftovers[0].startswith(".plan.json.") and leftovers[0].endswith(".tmp")


def test_an_uninterrupted_write_replaces_the_file_whole(tmp_path):
    out = tmp_path / "plan.json"
    out.write_bytes(OLD)
    proc = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", "scenarios/teaching-example.toml", "--output", str(out)],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert out.read_bytes().startswith(b"{") and out.read_bytes().endswith(b"}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_every_output_file_goes_through_write_atomic():
    """No module but the atomic writer opens files for writing."""
    offenders = []
    for path in Path("optimizer").rglob("*.py"):
        text = path.read_text()
        for needle in ("write_text(", "write_bytes(", "open(", ".to_csv(path", ".to_excel("):
            # safe_read.py opens inputs read-only (os.open with O_RDONLY), the one reader.
            if needle in text and path.name not in ("writers.py", "safe_read.py"):
                offenders.append(f"{path}: {needle}")
    assert offenders == []


#: Every command that takes --output (or writes a file), with arguments that succeed quickly.
WRITING_COMMANDS = {
    "solve-json": ["solve", "scenarios/teaching-example.toml", "--no-marginal"],
    "solve-csv": ["solve", "scenarios/teaching-example.toml", "--format", "csv"],
    "solve-xlsx": ["solve", "scenarios/teaching-example.toml", "--format", "xlsx"],
    "solve-monthly": ["solve", "scenarios/pringsewu-2024-election-window.toml"],
    "report-html": ["report", "scenarios/teaching-example.toml", "--no-frontier"],
    "compare": ["compare", "scenarios/teaching-example.toml", "scenarios/trenggalek-2024.toml"],
    "frontier": ["frontier", "scenarios/teaching-example.toml", "--steps", "2"],
    "plan-years": ["plan-years", "scenarios/pati-2025-2029.toml"],
    "robust": ["robust", "scenarios/pasaman-barat-2025-uncertain.toml", "--samples", "2"],
    "sweep": ["sweep", "scenarios/pasaman-barat-2025-uncertain.toml", "--samples", "2", "--workers", "1"],
}


@pytest.mark.parametrize("name", sorted(WRITING_COMMANDS))
def test_every_command_writes_its_output_by_rename(tmp_path, monkeypatch, name):
    """The output file appears by os.replace of a complete temporary file (write_atomic), never by
    a plain write: checked by watching os.replace, for each command including the newer ones."""
    suffix = {"solve-xlsx": ".xlsx", "report-html": ".html", "solve-csv": ".csv"}.get(name, ".txt")
    out = tmp_path / f"out{suffix}"
    out.write_bytes(OLD)
    renamed: list[tuple[str, bytes]] = []
    real_replace = os.replace

    def watched(src, dst, *args, **kwargs):
        renamed.append((str(dst), Path(src).read_bytes()))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", watched)
    result = CliRunner().invoke(main, [*WRITING_COMMANDS[name], "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert renamed == [(str(out), out.read_bytes())]
    assert out.read_bytes() != OLD
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_init_excel_writes_by_rename(tmp_path, monkeypatch):
    out = tmp_path / "new.xlsx"
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d, *a, **k: (renamed.append(str(d)), real_replace(s, d))[1])
    result = CliRunner().invoke(main, ["init", "--excel", str(out)])
    assert result.exit_code == 0, result.output
    assert renamed == [str(out)] and out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "scenarios/teaching-example.toml"],
        ["report", "scenarios/teaching-example.toml", "--no-frontier"],
        ["compare", "scenarios/teaching-example.toml", "scenarios/trenggalek-2024.toml"],
        ["frontier", "scenarios/teaching-example.toml", "--steps", "2"],
        ["robust", "scenarios/pasaman-barat-2025-uncertain.toml", "--samples", "1"],
    ],
    ids=["solve", "report", "compare", "frontier", "robust"],
)
def test_an_output_in_a_missing_folder_is_one_line_exit_2(tmp_path, args):
    """Found when solving is done: still one line and exit 2, never a traceback."""
    out = tmp_path / "missing" / "plan.html"
    result = CliRunner().invoke(main, [*args, "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: "), result.output
    assert not out.parent.exists()


def test_init_into_a_missing_folder_is_one_line_exit_2(tmp_path):
    out = tmp_path / "missing" / "new.xlsx"
    result = CliRunner().invoke(main, ["init", "--excel", str(out)])
    assert result.exit_code == 2 and result.output.startswith(f"Error: {out}: cannot be written")
