"""Amounts and percentages as planners write them: "Rp 1.500.000.000", "1,5 M", "1.5 billion", "45,5 %".

The number itself is read with Babel's CLDR locale data (`babel.numbers.parse_decimal`,
strict): Indonesian first (dot groups thousands, comma before decimals), then English,
so "1.500.000.000" and "1,5" read the Indonesian way, and "1,500,000,000" and "1.5" the
English way when the Indonesian reading is not a well-formed number. An amount word
picks its language first: "juta", "miliar", "M" (miliar, as written in APBD documents),
"triliun" are Indonesian; "million", "billion", "trillion" English.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

#: What a message lists as accepted (the same forms docs/scenario-format.md shows).
MONEY_FORMS = '1500000000, "Rp 1.500.000.000", "1,5 M", "1,5 miliar", "Rp 1,5 M", "750 juta" or "1.5 billion"'
PERCENT_FORMS = '45, 45.5, "45%" or "45,5 %"'
#: word -> (Rupiah, locales to read the number in, first one preferred).
SCALES: dict[str, tuple[int, tuple[str, ...]]] = {
    "ribu": (10**3, ("id", "en")),
    "rb": (10**3, ("id", "en")),
    "juta": (10**6, ("id", "en")),
    "jt": (10**6, ("id", "en")),
    "m": (10**9, ("id", "en")),
    "miliar": (10**9, ("id", "en")),
    "milyar": (10**9, ("id", "en")),
    "triliun": (10**12, ("id", "en")),
    "t": (10**12, ("id", "en")),
    "thousand": (10**3, ("en", "id")),
    "million": (10**6, ("en", "id")),
    "billion": (10**9, ("en", "id")),
    "bn": (10**9, ("en", "id")),
    "trillion": (10**12, ("en", "id")),
}
_AMOUNT = re.compile(r"(?:rp\.?)?\s*([0-9][0-9.,\s]*?)\s*([a-z]+)?\.?", re.I)
_PERCENT = re.compile(r"([0-9][0-9.,]*)\s*%?")


class NotAnAmount(ValueError):
    """The text is not one of the accepted forms (the message says which are)."""


def _decimal(text: str, locales: tuple[str, ...]) -> Decimal | None:
    for locale in locales:
        try:
            return parse_decimal(text.replace(" ", ""), locale=locale, strict=True)
        except NumberFormatError:
            continue
    return None


def parse_rupiah(text: str) -> int:
    """Whole Rupiah from a planner's text; raises `NotAnAmount` (a fraction of a Rupiah too)."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise NotAnAmount(f"{text!r} is not an amount of Rupiah; write it as {MONEY_FORMS}")
    digits, unit = match.group(1).strip(), (match.group(2) or "").lower()
    if unit and unit not in SCALES:
        raise NotAnAmount(f"{text!r}: {match.group(2)!r} is not an amount word; write it as {MONEY_FORMS}")
    scale, locales = SCALES.get(unit, (1, ("id", "en")))
    value = _decimal(digits, locales)
    if value is None:
        raise NotAnAmount(f"{text!r} is not an amount of Rupiah; write it as {MONEY_FORMS}")
    rupiah = value * scale
    if rupiah != rupiah.to_integral_value():
        raise NotAnAmount(f"{text!r} is {rupiah:f} Rupiah, not a whole number of Rupiah")
    return int(rupiah)


def parse_percent(text: str) -> float:
    """A percentage from "45%", "45,5 %" or "45.5"; raises `NotAnAmount`."""
    match = _PERCENT.fullmatch(text.strip())
    value = _decimal(match.group(1), ("id", "en")) if match else None
    if value is None:
        raise NotAnAmount(f"{text!r} is not a percentage; write it as {PERCENT_FORMS}")
    return float(value)
