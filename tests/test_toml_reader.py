"""File-level errors of a scenario (io/toml_reader.py, io/safe_read.py): missing, a folder,
empty, binary, not UTF-8, broken TOML, too big, unreadable. One line naming the file and what
to do, through the library and through the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from optimizer.io import load_scenario, safe_read
from optimizer.io.toml_reader import MAX_FILE_BYTES
from tests.scenario_files import (
    Raw,
    assert_cli_rejects,
    base_scenario,
    load_error,
    to_toml,
    write_scenario,
)


def _toml_text() -> str:
    return to_toml(base_scenario())


def _not_found(tmp: Path) -> Path:
    return tmp / "missing.toml"


def _folder(tmp: Path) -> Path:
    (tmp / "scenarios.toml").mkdir()
    return tmp / "scenarios.toml"


def _file(tmp: Path, data: bytes, name: str = "scenario.toml") -> Path:
    (tmp / name).write_bytes(data)
    return tmp / name


def _too_big(tmp: Path) -> Path:
    text = _toml_text().encode()
    padding = b"#" * (MAX_FILE_BYTES + 1 - len(text) - 1) + b"\n"
    return _file(tmp, text + padding)


FILE_CASES = [
    pytest.param(_not_found, "file not found; check the path", id="not-found"),
    pytest.param(_folder, "is a folder, not a scenario file; name the .toml file", id="folder"),
    pytest.param(
        lambda t: _file(t, b""), "file is empty; start from scenarios/teaching-example.toml", id="empty"
    ),
    pytest.param(lambda t: _file(t, b" \n\t\r\n"), "file is empty", id="only-whitespace"),
    pytest.param(
        lambda t: _file(t, _toml_text().encode() + b"\x00\x00"),
        "is a binary file, not TOML text; save the scenario as .toml",
        id="binary-nul-byte",
    ),
    pytest.param(
        lambda t: _file(t, _toml_text().replace("Contoh", "Contóh").encode("latin-1")),
        "is not UTF-8 text (line",
        id="latin-1-bytes",
    ),
    pytest.param(
        lambda t: _file(t, _toml_text().replace("[[group]]", "[[group]", 1).encode()),
        "TOML syntax error:",
        id="toml-syntax-error",
    ),
    pytest.param(
        lambda t: _file(t, b'[region]\nname = "Contoh\n'), "TOML syntax error:", id="toml-unclosed-quote"
    ),
    pytest.param(
        lambda t: _file(t, _toml_text().encode() + b"budget = 1\n"),
        "TOML syntax error:",
        id="toml-duplicate-key",
    ),
    pytest.param(
        _too_big,
        f"file is {MAX_FILE_BYTES + 1:,} bytes, over the {MAX_FILE_BYTES:,} limit",
        id="over-size-limit",
    ),
    pytest.param(
        lambda t: _file(t, b"PK\x03\x04", "scenario.xlsx"),
        "is damaged or incomplete (a cut-off copy?); copy it again or save it from Excel as .xlsx",
        id="excel-not-a-workbook",
    ),
]


@pytest.mark.parametrize(("make", "phrase"), FILE_CASES)
def test_file_error_names_file_and_fix(tmp_path, make, phrase):
    path = make(tmp_path)
    message = str(load_error(path))
    assert message.startswith(f"{path}: "), message
    assert phrase in message
    assert "\n" not in message


@pytest.mark.parametrize(("make", "phrase"), FILE_CASES)
def test_file_error_through_cli(tmp_path, make, phrase):
    path = make(tmp_path)
    expected = str(load_error(path))
    assert_cli_rejects(path, tmp_path, expected)


def test_toml_syntax_error_names_the_line(tmp_path):
    text = _toml_text().replace("[[group]]", "[[group]", 1)
    line = text.splitlines().index("[[group]") + 1
    message = str(load_error(_file(tmp_path, text.encode())))
    assert f"line {line}" in message
    assert message.endswith("; fix that line")


def test_utf8_bom_is_accepted(tmp_path):
    assert load_scenario(_file(tmp_path, b"\xef\xbb\xbf" + _toml_text().encode())).region.workforce == 100_000


def test_permission_denied_real_file(tmp_path):
    path = write_scenario(tmp_path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read a chmod 000 file (root)")
        message = str(load_error(path))
        assert message == f"{path}: cannot be read (permission denied); fix the file's permissions"
        assert_cli_rejects(path, tmp_path, message)
    finally:
        path.chmod(0o644)


def test_permission_denied(tmp_path, monkeypatch):
    path = write_scenario(tmp_path)

    real_open = os.open

    def denied(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # the safe reader opens every input with os.open
    message = str(load_error(path))
    assert message == f"{path}: cannot be read (permission denied); fix the file's permissions"
    assert_cli_rejects(path, tmp_path, message)


def test_other_read_error(tmp_path, monkeypatch):
    path = write_scenario(tmp_path)

    def broken(fd, n):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(safe_read, "_read_at_most", broken)
    message = str(load_error(path))
    assert message == f"{path}: cannot be read (Input/output error); check the file"
    assert_cli_rejects(path, tmp_path, message)


def test_file_name_too_long(tmp_path):
    path = tmp_path / ("x" * 300 + ".toml")
    message = str(load_error(path))
    assert message.startswith(f"{path}: ")
    assert_cli_rejects(path, tmp_path, message)


def test_integer_with_too_many_digits(tmp_path):
    path = write_scenario(tmp_path, [(("source", 2, "budget"), Raw("9" * 5000))])
    message = str(load_error(path))
    assert message.startswith(f"{path}: ")
    assert_cli_rejects(path, tmp_path, message)
