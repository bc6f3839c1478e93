"""Read a TOML scenario file. Every failure becomes one `ScenarioError` line."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from optimizer.checks import MAX_FILE_BYTES
from optimizer.errors import FieldPath, ScenarioError
from optimizer.io.safe_read import read_bytes, too_big_error

#: The scenario's tables; any other top-level key is a plain field ("format", "assumptions").
TABLES = ("region", "optimize", "package", "group", "source")
#: Re-exported: the readers of data files import the one safe reader from here.
__all__ = ["MAX_FILE_BYTES", "describe_toml_path", "parse_toml", "read_bytes", "read_toml"]


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_bytes(path), str(path))


def parse_toml(raw: bytes, file: str) -> dict[str, Any]:
    """The TOML document in `raw` (a file's bytes, or an upload named `file`), with every check."""
    if len(raw) > MAX_FILE_BYTES:
        raise too_big_error(len(raw), MAX_FILE_BYTES, file)
    if not raw.strip():
        raise ScenarioError("file is empty; start from scenarios/teaching-example.toml", file=file)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ScenarioError('is saved as UTF-16 ("Unicode"); save it as UTF-8', file=file)
    if b"\x00" in raw:
        raise ScenarioError("is a binary file, not TOML text; save the scenario as .toml", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"is not UTF-8 text (line {line}, byte {exc.start}); save it as UTF-8", file=file
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"TOML syntax error: {exc}; fix that line", file=file) from None
    except RecursionError:
        # tomllib recurses once per nested [ or {; thousands of them are not a scenario.
        raise ScenarioError("TOML nested too deeply; is this the right file?", file=file) from None
    except ValueError:
        # Integers longer than Python's 4,300-digit conversion limit.
        raise ScenarioError(
            "TOML value cannot be read: a number has thousands of digits; check the digits", file=file
        ) from None


def describe_toml_path(data: Any, path: FieldPath) -> str:
    """Words for a field path: ("group", 2, "floor") -> [[group]] #3 'rt-rw', field 'floor'."""
    if not path:
        return ""
    head, *rest = path
    if rest and isinstance(rest[0], int):
        index = rest.pop(0)
        where = f"[[{head}]] #{index + 1}"
        try:
            ident = data[head][index].get("id")
            if isinstance(ident, str):
                where += f" {ident!r}"
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    elif head in TABLES or (rest and isinstance(data, dict) and isinstance(data.get(head), dict)):
        where = f"[{head}]"  # also [horizon], [uncertainty], [areas]: name the field inside
    else:
        return f"top-level field {str(head)!r}"
    if rest:
        where += ", field " + ".".join(repr(str(p)) for p in rest)
    return where
