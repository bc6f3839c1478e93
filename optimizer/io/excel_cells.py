"""Cell values of a scenario workbook turned into the values a TOML file would hold."""

from __future__ import annotations

import re
from typing import Any

from optimizer.io import excel_layout as L

_WHOLE_TEXT = re.compile(r"(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)")
_DECIMAL_TEXT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(%?)")


def put(entry: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    for part in key[:-1]:
        entry = entry.setdefault(part, {})
    entry[key[-1]] = value


def convert(value: Any, percent_format: bool, kind: L.Kind) -> Any:
    """The value as the TOML reader would have it; anything unclear is passed on for the field check."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if percent_format and kind in (L.Kind.PERCENT, L.Kind.SHARE):
            pct = round(value * 100, 9)
            return pct if kind is L.Kind.PERCENT else f"{pct:g}%"
        if kind in (L.Kind.TEXT, L.Kind.IDS):
            return str(int(value)) if float(value).is_integer() else str(value)
        return value
    if not isinstance(value, str):
        return value  # dates and times: the field check names the problem
    text = value.strip()
    if kind is L.Kind.MONTHS and text.lower() in L.CHOOSE_WORDS:
        return "choose"
    if kind in (L.Kind.WHOLE, L.Kind.SHARE, L.Kind.MONTHS):
        match = _WHOLE_TEXT.fullmatch(text.lower())
        if match:
            return int(match.group(1).replace(".", ""))
    elif kind in (L.Kind.NUMBER, L.Kind.PERCENT):
        match = _DECIMAL_TEXT.fullmatch(text)
        if match and (not match.group(2) or kind is L.Kind.PERCENT):
            return float(match.group(1).replace(",", "."))
    elif kind is L.Kind.IDS:
        if text.lower() in L.ALL_WORDS:
            return "all"
        return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
    elif kind is L.Kind.BOOL:
        if text.lower() in L.TRUE_WORDS:
            return True
        if text.lower() in L.FALSE_WORDS:
            return False
    return text
