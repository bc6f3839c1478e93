"""Every malformed scenario in tests/bad_inputs/ is refused in one line, exit 2, nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.io import toml_reader

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["case"]
#: Bytes an earlier run left in the output file; a refused run must not touch them.
OLD_OUTPUT = b'{"old": "plan"}\n'


def refuse(scenario: Path, tmp_path: Path, command: str = "solve") -> str:
    """Run `command` twice (output absent, output present); return the one error line."""
    fresh, existing = tmp_path / "fresh.json", tmp_path / "existing.json"
    existing.write_bytes(OLD_OUTPUT)
    lines = []
    for out in (fresh, existing):
        result = CliRunner().invoke(main, [command, str(scenario), "--output", str(out)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.output.count("\n") == 1 and result.output.startswith("Error: "), result.output
        lines.append(result.output.rstrip("\n"))
    assert not fresh.exists()
    assert existing.read_bytes() == OLD_OUTPUT
    left = sorted(p.name for p in tmp_path.iterdir() if p not in (scenario, scenario.parent))
    assert left == ["existing.json"]  # no temp files
    return lines[0]


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    listed = {c["file"] for c in CASES}
    on_disk = {
        p.relative_to(CORPUS).as_posix()
        for sub in ("toml", "xlsx")
        for p in (CORPUS / sub).glob("*")
        if p.is_file() and p.name != ".gitkeep"
    }
    on_disk |= {p.relative_to(CORPUS).as_posix() for p in (CORPUS / "areas").glob("*") if p.is_dir()}
    assert on_disk == listed
    assert len(CASES) >= 100
    assert sum(c["file"].startswith("xlsx/") for c in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_input_is_refused_in_one_line(case, tmp_path):
    """A file, or a folder (`areas/NAME/`: scenario.toml and the data files it names)."""
    source = CORPUS / case["file"]
    if source.is_dir():
        folder = tmp_path / source.name
        shutil.copytree(source, folder)
        scenario = folder / "scenario.toml"
        # The error may name a data file beside the scenario (villages.csv) instead of the scenario.
        named = folder / case.get("names", "scenario.toml")
    else:
        scenario = named = tmp_path / source.name
        scenario.write_bytes(source.read_bytes())
    line = refuse(scenario, tmp_path, case.get("command", "solve"))
    assert line.startswith(f"Error: {named}: ")
    assert case["expect"] in line
    assert case["where"] in line


def test_a_folder(tmp_path):
    folder = tmp_path / "scenario.toml"
    folder.mkdir()
    assert "is a folder" in refuse(folder, tmp_path)


def test_a_missing_file(tmp_path):
    assert "file not found" in refuse(tmp_path / "nope.toml", tmp_path)


def test_a_very_large_file(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"# padding\n" * (toml_reader.MAX_FILE_BYTES // 10 + 1))
    assert "over the 5,000,000 limit" in refuse(big, tmp_path)


def test_a_large_file_under_the_limit_is_read(tmp_path):
    """4.9 MB of comments around a valid scenario is slow to type but legal."""
    scenario = tmp_path / "padded.toml"
    valid = (CORPUS.parent.parent / "scenarios" / "teaching-example.toml").read_bytes()
    scenario.write_bytes(b"# padding\n" * 490_000 + valid)
    result = CliRunner().invoke(main, ["validate", str(scenario)])
    assert result.exit_code == 0, result.output


def test_unreadable_permissions_via_read_error(tmp_path, monkeypatch):
    """As root chmod 000 does not stop reads, so the read itself is made to fail."""
    scenario = tmp_path / "locked.toml"
    scenario.write_text("[region]\n")

    real_open = os.open

    def denied(path, *args, **kwargs):
        if Path(path) == scenario:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # the safe reader opens every input with os.open
    assert "permission denied" in refuse(scenario, tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; see the test above")
def test_unreadable_permissions_chmod(tmp_path):
    scenario = tmp_path / "locked.toml"
    scenario.write_text("[region]\n")
    scenario.chmod(0)
    assert "permission denied" in refuse(scenario, tmp_path)


def test_a_newline_in_the_file_name_does_not_split_the_line(tmp_path):
    scenario = tmp_path / "two\nlines.toml"
    scenario.write_text("")
    assert "two\\nlines.toml" in refuse(scenario, tmp_path)


def test_a_real_process_prints_no_traceback(tmp_path):
    """End to end in a separate interpreter: stderr has the one line, stdout nothing."""
    out = tmp_path / "out.json"
    out.write_bytes(OLD_OUTPUT)
    scenario = CORPUS / "toml" / "deeply-nested-list.toml"
    proc = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(scenario), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("Error: "), proc.stderr
    assert out.read_bytes() == OLD_OUTPUT
