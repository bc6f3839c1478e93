"""The one way input files are read: regular files only, never more bytes than a limit.

Every reader (TOML, Excel, the village CSV and Parquet files) gets its bytes here, so a
named pipe (which would block forever), a device or a symlink to /dev/zero (endless
bytes with a size of 0) is refused in one line before anything is read, and a file
that grows while it is read is cut off at the limit instead of filling the memory.

Every file read is also remembered (`was_read`), so that `optimizer.io.writers` can
refuse to write a plan over the scenario or any data file it came from.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from optimizer.checks import MAX_FILE_BYTES
from optimizer.errors import ScenarioError

#: Files read by this process since `forget_inputs()`: (device, inode) pairs.
_READ: set[tuple[int, int]] = set()
#: Open flags: a FIFO opens at once instead of waiting for a writer; a terminal does not
#: become ours. Windows has neither flag.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes, or a `ScenarioError` naming the file and what to do.

    Refuses anything that is not a regular file (after following symlinks), and any file
    over `max_bytes` (default `MAX_FILE_BYTES`): by its size, and again while reading.
    """
    file = str(path)
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise ScenarioError("file not found; check the path", file=file) from None
    except PermissionError:
        raise _denied(file) from None
    except OSError as exc:
        raise ScenarioError(f"cannot be read ({exc.strerror}); check the file", file=file) from None
    try:
        info = os.fstat(fd)
        _refuse_non_regular(info.st_mode, file)
        if info.st_size > limit:
            raise too_big_error(info.st_size, limit, file)
        data = _read_at_most(fd, limit + 1)
        if len(data) > limit:  # the file grew after fstat
            raise too_big_error(len(data), limit, file)
        _READ.add((info.st_dev, info.st_ino))
        return data
    except PermissionError:
        raise _denied(file) from None
    except OSError as exc:
        raise ScenarioError(f"cannot be read ({exc.strerror}); check the file", file=file) from None
    finally:
        os.close(fd)


def was_read(info: os.stat_result) -> bool:
    """True when the file with this stat (the same device and inode) was read as an input."""
    return (info.st_dev, info.st_ino) in _READ


def forget_inputs() -> None:
    """Start a new command: the files an earlier command read are no longer its inputs."""
    _READ.clear()


def kind_of(mode: int) -> str:
    """'a folder', 'a named pipe', 'a device', 'a socket' or 'not a regular file'."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_non_regular(mode: int, file: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise ScenarioError("is a folder, not a scenario file; name the .toml file", file=file)
    raise ScenarioError(
        f"is {kind_of(mode)}, not a regular file; save the data as a file and name that file",
        file=file,
    )


def _read_at_most(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def too_big_error(size: int, limit: int, file: str) -> ScenarioError:
    message = f"file is {size:,} bytes, over the {limit:,} limit; is this the right file?"
    return ScenarioError(message, file=file)


def _denied(file: str) -> ScenarioError:
    return ScenarioError("cannot be read (permission denied); fix the file's permissions", file=file)
