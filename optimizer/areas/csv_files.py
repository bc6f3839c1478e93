"""Read one CSV data file of a village-level scenario, or say in one line why it cannot be read.

Planners export these files from village databases and spreadsheets: Indonesian
Excel saves "CSV" with semicolons, Windows tools save UTF-16 or Windows-1252, and a
copy may be empty. Each of those gets a sentence saying what to do, instead of
pandas' own words (or, for a semicolon file, a misleading "column is missing").
All cells are read as text; `optimizer.areas.data` checks the numbers.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from optimizer.checks import MAX_DATA_FILE_BYTES
from optimizer.errors import ScenarioError
from optimizer.io.safe_read import read_bytes

#: A regency's villages file is ~100 KB; a province of 8,000 villages ~1 MB.
MAX_CSV_BYTES = MAX_DATA_FILE_BYTES
#: Whole numbers in a CSV cell: digits only (an underscore as in TOML is dropped first).
DIGITS = re.compile(r"\d+")


def read_csv(path: Path) -> pd.DataFrame:
    """The file as a table of text cells; a `ScenarioError` naming the file otherwise."""
    file = str(path)
    raw = read_bytes(path, MAX_CSV_BYTES)
    if not raw.strip():
        raise ScenarioError("file is empty; it needs a header row and one row per entry", file=file)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ScenarioError('is saved as UTF-16 ("Unicode"); save it as CSV UTF-8', file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"is not UTF-8 text (line {line}, byte {exc.start}); save it as CSV UTF-8", file=file
        ) from None
    # The first line as splitlines() reads it, without splitting the whole file (5 MB nationally).
    header = text[: text.find("\n") + 1 or len(text)].splitlines()[0]
    if "," not in header:
        for sep, name in ((";", "semicolons"), ("\t", "tabs")):
            if sep in header:
                raise ScenarioError(
                    f"columns are separated by {name}, not commas; save it as CSV with commas "
                    "(or set the list separator to ',')",
                    file=file,
                )
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas' parser errors; the planner needs one line
        detail = " ".join(str(exc).split())
        raise ScenarioError(
            f"cannot be read as CSV ({detail}); check quotes and the number of commas per row", file=file
        ) from None
