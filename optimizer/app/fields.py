"""The fields the app lets a planner edit: the Excel template's sheets and columns (`excel_layout`).

A form field is named after its place in the scenario's data, "source.2.budget" or
"group.0.window.first", so a `ScenarioError` (whose `path` is that place) lands beside
the field that caused it. Typed text becomes a value exactly as a workbook cell does
(`excel_cells.convert`: "1.500.000", "40%", "ya", "semua" are understood), so the app and
the workbook accept the same input and reject it with the same message.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from optimizer.errors import FieldPath
from optimizer.io import excel_layout as L
from optimizer.io.excel_cells import convert

#: The editable sheets, in page order. Wilayah and Optimasi are one record; the others one row each.
REGION, OPTIMIZE, GROUPS, SOURCES = L.WILAYAH, L.OPTIMASI, L.KELOMPOK, L.SUMBER_DANA
#: Monthly-model columns of Kelompok, shown only when a group uses them.
MONTHLY_GROUP_KEYS = {("max_months",), ("min_run",), ("window", "first"), ("window", "last")}
CHOICES = {
    ("optimize", "objective"): ("max-coverage", "min-cost"),
    ("optimize", "metric"): ("persons", "person-months", "branch-credit"),
}


NUMERIC = (L.Kind.WHOLE, L.Kind.NUMBER, L.Kind.PERCENT, L.Kind.SHARE, L.Kind.MONTHS)
_SIGNED_WHOLE = re.compile(r"-\d+")
_SIGNED_DECIMAL = re.compile(r"-\d+[.,]\d+")


@dataclass(frozen=True)
class Field:
    """One input on the page: its form name, the column it stands for, and the text it shows."""

    name: str
    column: L.Column
    text: str
    choices: tuple[str, ...] = ()


def field_name(path: FieldPath) -> str:
    return ".".join(str(p) for p in path)


def parse_name(name: str) -> tuple[L.Sheet, FieldPath, L.Column] | None:
    """The sheet, data path and column a form name stands for; None for a name the app does not edit."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in name.split(".")]
    sheet = {"region": REGION, "optimize": OPTIMIZE, "group": GROUPS, "source": SOURCES}.get(str(parts[0]))
    if sheet is None:
        return None
    key_start = 1 if sheet.vertical else 2
    if not sheet.vertical and (len(parts) < 3 or not isinstance(parts[1], int)):
        return None
    column = sheet.column_for(tuple(str(p) for p in parts[key_start:]))
    return None if column is None else (sheet, tuple(parts), column)


def record_fields(data: dict, sheet: L.Sheet) -> list[Field]:
    """The inputs of a one-record sheet (Wilayah, Optimasi)."""
    record = data.get(sheet.section) or {}
    split = isinstance(record.get("active"), dict)
    out = []
    for c in sheet.columns:
        if c.key == ("reporting_month",) and "reporting_month" not in record:
            continue  # the monthly model only
        if (c.key == ("active",) and split) or (len(c.key) > 1 and c.key[0] == "active" and not split):
            continue
        path = (sheet.section, *c.key)
        out.append(Field(field_name(path), c, cell_text(_get(record, c.key)), CHOICES.get(path, ())))
    return out


def table_columns(data: dict, sheet: L.Sheet) -> list[L.Column]:
    """The columns of a row sheet shown on the page: all but the monthly ones nobody uses."""
    rows = data.get(sheet.section) or []
    used = {c.key for c in sheet.columns for row in rows if _get(row, c.key) is not None}
    return [c for c in sheet.columns if c.key not in MONTHLY_GROUP_KEYS or c.key in used]


def row_fields(data: dict, sheet: L.Sheet, index: int, columns: list[L.Column]) -> list[Field]:
    row = (data.get(sheet.section) or [])[index]
    return [
        Field(field_name((sheet.section, index, *c.key)), c, cell_text(_get(row, c.key))) for c in columns
    ]


def set_field(data: dict, name: str, text: str) -> dict | None:
    """A copy of `data` with field `name` set from the typed `text` (empty text removes an optional field).

    Returns None when `name` is not a field the app edits (a stale or forged form).
    """
    parsed = parse_name(name)
    if parsed is None:
        return None
    sheet, path, column = parsed
    new = copy.deepcopy(data)
    if sheet.vertical:
        entry = new.setdefault(sheet.section, {})
        key = path[1:]
    else:
        rows = new.get(sheet.section)
        if not isinstance(rows, list) or not 0 <= int(path[1]) < len(rows):
            return None
        entry, key = rows[int(path[1])], path[2:]
    value = convert(_as_typed(text, column.kind), False, column.kind)
    _put(entry, tuple(str(k) for k in key), value)
    return new


def _as_typed(text: str, kind: L.Kind) -> str | int | float:
    """A signed number typed into a number column is a number, as a spreadsheet cell stores it,
    so "-5" gets "must be at least 0" rather than "got text '-5'"."""
    t = text.strip()
    if kind in NUMERIC and _SIGNED_WHOLE.fullmatch(t):
        return int(t)
    if kind in (L.Kind.NUMBER, L.Kind.PERCENT) and _SIGNED_DECIMAL.fullmatch(t):
        return float(t.replace(",", "."))
    return text


def cell_text(value: Any) -> str:
    """A data value as the text a planner types back: 558720000, 40%, 38.5, ids separated by commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    return str(value)


def _get(entry: Any, key: tuple[str, ...]) -> Any:
    for part in key:
        if not isinstance(entry, dict):
            return None
        entry = entry.get(part)
    return entry


def _put(entry: dict, key: tuple[str, ...], value: Any) -> None:
    for part in key[:-1]:
        if not isinstance(entry.get(part), dict):
            entry[part] = {}
        entry = entry[part]
    if value == "":
        entry.pop(key[-1], None)
    else:
        entry[key[-1]] = value
