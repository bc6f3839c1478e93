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
        return _number(value, percent_format, kind)
    if not isinstance(value, str):
        return value  # dates and times: the field check names the problem
    return _text(value.strip(), kind)


def _number(value: int | float, percent_format: bool, kind: L.Kind) -> Any:
    """A number stored in the cell."""
    if percent_format and kind in (L.Kind.PERCENT, L.Kind.SHARE):
        # Excel stores 52% as 0.52: the TOML forms are 52 (a percent) and "52%" (a share).
        pct = round(value * 100, 9)
        return pct if kind is L.Kind.PERCENT else f"{pct:g}%"
    if kind in (L.Kind.TEXT, L.Kind.IDS):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def _text(text: str, kind: L.Kind) -> Any:
    """Text typed in the cell (already stripped); text no rule reads is returned as it is."""
    if kind is L.Kind.MONTHS and text.lower() in L.CHOOSE_WORDS:
        return "choose"
    if kind in (L.Kind.WHOLE, L.Kind.SHARE, L.Kind.MONTHS):
        return _whole_text(text)
    if kind in (L.Kind.NUMBER, L.Kind.PERCENT):
        return _decimal_text(text, kind)
    if kind is L.Kind.IDS:
        return _ids_text(text)
    if kind is L.Kind.BOOL:
        return _bool_text(text)
    return text


def _whole_text(text: str) -> Any:
    """A whole number typed as text, dotted or with Rp: 1.234.567 and Rp 1.234.567 are 1234567."""
    match = _WHOLE_TEXT.fullmatch(text.lower())
    return int(match.group(1).replace(".", "")) if match else text


def _decimal_text(text: str, kind: L.Kind) -> Any:
    """A decimal typed as text (52,5 or 52.5); a trailing % only where the column is a percent."""
    match = _DECIMAL_TEXT.fullmatch(text)
    if match and (not match.group(2) or kind is L.Kind.PERCENT):
        return float(match.group(1).replace(",", "."))
    return text


def _ids_text(text: str) -> Any:
    """The word for all (semua), or ids separated by commas, semicolons or line breaks."""
    if text.lower() in L.ALL_WORDS:
        return "all"
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def _bool_text(text: str) -> Any:
    """Yes and no words (ya, tidak and the others in `excel_layout`) as True and False."""
    if text.lower() in L.TRUE_WORDS:
        return True
    if text.lower() in L.FALSE_WORDS:
        return False
    return text
