"""Write output files atomically: a reader sees the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename.

    Ctrl-C or an exception removes the temporary file. A SIGKILL or power cut
    can leave a hidden `.NAME.*.tmp` beside the target; the target itself is
    always either the old file or the complete new one.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain write would.
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or the default for a new file (0666 minus umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def append_descriptor(path: str | Path | None) -> int:
    """A write-only descriptor appending to `path` (the solver log), or to /dev/null for None.

    The one file we write that is not a document: solver messages are appended as they come,
    so a log cut off by Ctrl-C keeps what was written. Only a regular file (or a new one) is
    taken; anything else (a folder, a device, a pipe) is refused with OSError.
    """
    if path is None:
        return os.open(os.devnull, os.O_WRONLY)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path}: not a regular file")
    return fd
