"""Typed access to one table of a parsed scenario, raising `ScenarioError` with the field path."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from typing import Any

from optimizer.errors import FieldPath, ScenarioError
from optimizer.io.money import MONEY_FORMS, NotAnAmount, parse_percent, parse_rupiah
from optimizer.scenario import Share

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: Larger than any regional budget or headcount in Indonesia; beyond it a typo is likelier.
MAX_RUPIAH = 10**16
MAX_PERSONS = 300_000_000
_MISSING = object()


class Table:
    """One TOML table (or one spreadsheet row) with its path, for precise error messages."""

    def __init__(self, data: Any, path: FieldPath):
        if not isinstance(data, Mapping):
            raise ScenarioError(f"must be a table, got {_describe(data)}; see docs/scenario-format.md", path)
        self.data = data
        self.path = path

    def _raw(self, key: str, default: Any) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if default is _MISSING:
                raise ScenarioError("is missing; add it (see docs/scenario-format.md)", (*self.path, key))
            return default
        return value

    def fail(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(message, (*self.path, key))

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "")

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self._raw(key, default)
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, got {_describe(value)}; put it in quotes")
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not _ID.match(value):
            raise self.fail(key, f"{value!r} is not a usable id; use letters, digits, '-' or '_' (max 64)")
        return value

    def whole(
        self,
        key: str,
        default: Any = _MISSING,
        *,
        minimum: int = 0,
        maximum: int = MAX_RUPIAH,
        unit: str = "",
    ) -> int:
        value = self._raw(key, default)
        return _whole(value, (*self.path, key), minimum, maximum, unit)

    def number(
        self,
        key: str,
        default: Any = _MISSING,
        *,
        minimum: float = 0.0,
        maximum: float = math.inf,
        exclusive_min: bool = False,
    ) -> float:
        value = self._raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, got {_describe(value)}")
        try:
            value = float(value)
        except OverflowError:
            raise self.fail(key, "is far too large a number; check the digits") from None
        if not math.isfinite(value):
            raise self.fail(key, f"must be a finite number, got {value}")
        too_low = value <= minimum if exclusive_min else value < minimum
        if too_low or value > maximum:
            low = f"more than {minimum:g}" if exclusive_min else f"at least {minimum:g}"
            high = "" if math.isinf(maximum) else f" and at most {maximum:g}"
            raise self.fail(key, f"must be {low}{high}, got {value:g}")
        return value

    def percent(self, key: str, default: Any = _MISSING) -> float:
        """A number from 0 to 100; text as planners write it ("45%", "45,5 %") is read too."""
        value = self._raw(key, default)
        if isinstance(value, str):
            try:
                value = parse_percent(value)
            except NotAnAmount as exc:
                raise self.fail(key, str(exc)) from None
            return Table({key: value}, self.path).number(key, minimum=0.0, maximum=100.0)
        return self.number(key, default, minimum=0.0, maximum=100.0)

    def share(self, key: str) -> Share | None:
        """A floor or cap: whole persons, or "NN%" of the group."""
        if not self.has(key):
            return None
        value = self.data[key]
        if isinstance(value, str):
            match = re.fullmatch(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*%\s*", value)
            if not match:
                raise self.fail(key, f'{value!r} is neither a person count nor a share like "100%"')
            pct = float(match.group(1).replace(",", "."))
            if pct > 100:
                raise self.fail(key, f'{value!r} is over 100%; use at most "100%"')
            return Share(percent=pct)
        return Share(persons=_whole(value, (*self.path, key), 0, MAX_PERSONS, "persons"))

    def choice(self, key: str, options: list[str], default: Any = _MISSING) -> str:
        value = self.text(key, default)
        if value not in options:
            raise self.fail(key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def boolean(self, key: str, default: Any = _MISSING) -> bool:
        value = self._raw(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {_describe(value)}")
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.fail(str(key), f"is not a known field; allowed here: {', '.join(sorted(allowed))}")


def _whole(value: Any, path: FieldPath, minimum: int, maximum: int, unit: str) -> int:
    what = f"a whole number of {unit}" if unit else "a whole number"
    if unit == "Rupiah" and isinstance(value, str):  # "Rp 1.500.000.000", "1,5 M", "1.5 billion"
        try:
            value = parse_rupiah(value)
        except NotAnAmount as exc:
            raise ScenarioError(str(exc), path) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        forms = f"; write it as {MONEY_FORMS}" if unit == "Rupiah" else ""
        raise ScenarioError(f"must be {what}, got {_describe(value)}{forms}", path)
    shown = _number(value)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ScenarioError(f"must be {what}, got {shown}", path)
        value = int(value)
    if maximum <= 10_000 and not minimum <= value <= maximum:
        raise ScenarioError(f"must be between {minimum} and {maximum}, got {value}", path)
    if value < minimum:
        raise ScenarioError(f"must be at least {minimum:,}, got {shown}", path)
    if value > maximum:
        raise ScenarioError(f"{shown} is implausibly large (limit {maximum:,}); check the digits", path)
    return value


def _number(value: int | float) -> str:
    """A number as the planner typed it, short: 10080000.5, 1e+30, -10,080,000."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return repr(value) if abs(value) < 1e15 else f"{value:g}"
    digits = len(str(abs(value)))
    return f"{value:,}" if digits <= 18 else f"a {digits}-digit number"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime.date | datetime.time):
        return f"a date/time {value.isoformat()}"
    return repr(value)
