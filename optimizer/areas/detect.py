"""Is a scenario file village-level? A text test that needs neither pandas nor numpy.

Apart from `optimizer.areas.data` so that `validate`, `solve` and `report` can ask it of
every scenario without importing the village reader's libraries (start-up, issue 14).
"""

from __future__ import annotations

import re
from pathlib import Path

from optimizer.errors import ScenarioError
from optimizer.io.toml_reader import read_bytes


def is_area_file(path: str | Path) -> bool:
    """True when the TOML scenario has an [areas] table (cheap text test, no parsing)."""
    try:  # the safe reader: a named pipe or /dev/zero must not hang or fill the memory here
        text = read_bytes(path).decode("utf-8-sig", errors="replace")
    except ScenarioError:
        return False  # the scenario reader says why
    # `[areas]`, or `areas = {...}` (an inline table, or a wrong value the area reader names).
    return any(
        line.strip().startswith("[areas]") or re.match(r"areas\s*=", line.strip())
        for line in text.splitlines()
    )
