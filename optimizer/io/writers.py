"""Write output files safely: atomically, never over an input or a non-file, no live formulas.

Every file the tool writes goes through `write_atomic`; every CSV it renders, to a file
or the screen, goes through `csv_text`. Workbooks are made formula-free in
`optimizer.io.xlsx.workbook_bytes`.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.errors import ScenarioError
from optimizer.io.safe_read import kind_of, was_read

if TYPE_CHECKING:  # pandas only for csv_text: writing files must not import it (start-up, issue 14)
    import pandas as pd

#: OWASP CSV injection: a cell starting with one of these is a formula (or starts one) in
#: Excel, LibreOffice and Google Sheets; a leading ' makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Bytes written in pieces between two flushes to disk (`_Synced`).
SYNC_EVERY = 32 << 20
#: Bytes of pieces made but not yet written that `_write_pieces` lets wait for the writer thread:
#: as much as one flush to disk (nationally 32 MB wrote as fast as 64 MB, with half the new pages).
AHEAD = SYNC_EVERY


class OutputError(OSError):
    """The output path must not be written; `strerror` says why."""


def write_atomic(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename.

    `data` may be text in pieces (`optimizer.areas.report.area_json_parts`), written one by one:
    a national plan's JSON then never exists as one string, nor as one block of bytes.

    Refused (`OutputError`, nothing written): an empty path, a path that exists and is
    not a regular file (a symlink, folder, device, named pipe: the rename would replace
    it), and a file this process read as an input (the scenario, its village CSVs).
    Ctrl-C or an exception removes the temporary file. A SIGKILL or power cut
    can leave a hidden `.NAME.*.tmp` beside the target; the target itself is
    always either the old file or the complete new one.
    """
    check_target(path)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, str | bytes):
                handle.write(_encoded(data))
            else:
                _write_pieces(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain write would.
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _encoded(piece: str | bytes) -> bytes:
    return piece.encode("utf-8") if isinstance(piece, str) else piece


def _write_pieces(handle: io.BufferedWriter, pieces: Iterable[str | bytes]) -> None:
    """Write each piece while the next ones are made: the writes (which let go of the GIL) run in
    a second thread, so the disk and the page cache take a national plan's 167 MB beside its
    rendering instead of after it. Pieces of up to `AHEAD` bytes wait their turn, so that a
    flush to disk holds up the writer only: with one piece at a time the rendering of a
    national plan stood 0.16-0.27 s waiting for the flushes. Leaving the `with` (an exception,
    Ctrl-C) drops the pieces not yet begun and waits for the write under way before the file
    is closed and removed."""
    synced = _Synced(handle)
    with ThreadPoolExecutor(1) as pool:
        pending: deque[tuple[Future, int]] = deque()
        waiting = 0
        try:
            for piece in pieces:
                data = _encoded(piece)
                pending.append((pool.submit(synced.write, data), len(data)))
                waiting += len(data)
                while waiting > AHEAD:
                    written, size = pending.popleft()
                    written.result()
                    waiting -= size
            for written, _ in pending:
                written.result()
        except BaseException:
            for written, _ in pending:
                written.cancel()
            raise


class _Synced:
    """Writes that also put every `SYNC_EVERY` bytes on disk (`os.fdatasync`) as they go, in the
    writer thread: the final `fsync` of a national plan's 167 MB then waits for the last few MB
    only (it took 0.07-0.09 s at the end of the run, with nothing left to do beside it)."""

    def __init__(self, handle: io.BufferedWriter):
        self.handle = handle
        self.unsynced = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.unsynced += len(data)
        if self.unsynced >= SYNC_EVERY:
            self.handle.flush()
            # fdatasync where the system has one (Linux), else fsync (Windows and macOS have none).
            getattr(os, "fdatasync", os.fsync)(self.handle.fileno())
            self.unsynced = 0


def write_output(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """`write_atomic` for a command's output file: a path that cannot be written (a missing or
    read-only folder, a full disk, a target refused above) is bad input, one line naming it."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise ScenarioError(
            f"cannot be written ({exc.strerror}); choose another file", file=str(path)
        ) from None


def check_target(path: str | Path) -> None:
    """Raise `OutputError` if `path` must not be written (see `write_atomic`).

    Its `strerror` reads in the callers' "FILE: cannot be written (...); choose another file".
    """
    if str(path) == "":
        raise OutputError(errno.ENOENT, "the file name is empty")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(errno.EEXIST, "it is a symbolic link, which would be replaced")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(errno.EEXIST, f"it is {kind_of(info.st_mode)}, not a file")
    if was_read(info):
        raise OutputError(errno.EEXIST, "it is an input of this run: the scenario or a file it reads")


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made text with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, **to_csv: object) -> str:
    """`frame.to_csv` with every text cell and column name made formula-free (`safe_cell`).

    Numbers are left alone: -5 in a number column is a number, not a formula.
    """
    import pandas as pd  # only here: write_atomic and safe_cell do not need it

    safe = frame.copy()
    safe.columns = [safe_cell(c) for c in frame.columns]
    for i, dtype in enumerate(frame.dtypes):
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
            safe.isetitem(i, frame.iloc[:, i].map(safe_cell))
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n", **to_csv)  # type: ignore[arg-type]
    return buffer.getvalue()


def rows_csv_text(
    columns: Sequence[str], rows: Iterable[Sequence], floats: Collection[str], float_format: str
) -> str:
    """`csv_text` of the DataFrame of these rows (a plan's `Rows`), written without pandas: for a
    table of int, float and text columns the same bytes, in pandas' way: the `floats` columns
    (float64) by `float_format`, the rest by `str`, text cells and column names made
    formula-free, quoted as the csv module quotes (pandas writes through it too)."""
    import csv

    shown = [(lambda v: float_format % v) if name in floats else safe_cell for name in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    writer.writerows([show(v) for show, v in zip(shown, row, strict=True)] for row in rows)
    return buffer.getvalue()


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
