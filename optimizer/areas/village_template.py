"""`init --villages`: the villages file (and village budgets file) of a region, to fill in.

Rows are every desa/kelurahan of the region from the official list, with its real
code, name and kecamatan; the group columns (and the budget columns of sources with
scope = "village") are left empty for the planner. The columns are those the
`[areas]` reader takes (docs/scenario-format.md), so a filled file solves as is.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimizer.areas import village_list
from optimizer.areas.data import KEY_COLUMNS, NAME_COLUMNS
from optimizer.errors import ScenarioError
from optimizer.io.toml_reader import read_toml

#: Columns when no scenario is given: the village groups and the village pot most plans start with.
DEFAULT_GROUPS = ("perangkat-desa", "rt-rw")
DEFAULT_VILLAGE_SOURCES = ("add",)


@dataclass(frozen=True)
class VillageTemplate:
    region: village_list.Region
    villages: str  # CSV text
    budgets: str | None  # CSV text, or None when no source has scope = "village"
    rows: int


def columns_from_scenario(path: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Group ids, and ids of sources with scope = "village", of a TOML scenario (or the defaults)."""
    if path is None:
        return DEFAULT_GROUPS, DEFAULT_VILLAGE_SOURCES
    if Path(path).suffix.lower() != ".toml":
        raise ScenarioError("--from for --villages must be a .toml scenario", file=path)
    data = read_toml(Path(path))
    groups = tuple(str(g.get("id")) for g in data.get("group") or [] if isinstance(g, Mapping))
    village = tuple(
        str(s.get("id"))
        for s in data.get("source") or []
        if isinstance(s, Mapping) and s.get("scope") == "village"
    )
    if not groups:
        raise ScenarioError("has no [[group]] to make columns of; add groups or leave out --from", file=path)
    return groups, village


def village_template(query: str, groups: tuple[str, ...], sources: tuple[str, ...]) -> VillageTemplate:
    """The files for `query` (a regency, a province, or "Indonesia"); `ScenarioError` if it is unknown."""
    region = village_list.find_region(query)
    table = village_list.villages_of(region)
    villages = table[[*KEY_COLUMNS, *NAME_COLUMNS]].copy()
    for g in groups:
        villages[g] = ""
    budgets = None
    if sources:
        frame = pd.DataFrame({"village_code": table["village_code"]})
        for s in sources:
            frame[s] = ""
        budgets = _csv(frame)
    return VillageTemplate(region, _csv(villages), budgets, len(villages))


def _csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def budgets_path(villages_path: str) -> str:
    """Where the village budgets file goes: beside the villages file, '<stem>-budgets.csv'."""
    p = Path(villages_path)
    return str(p.with_name(f"{p.stem}-budgets.csv"))
