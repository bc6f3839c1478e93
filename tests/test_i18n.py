"""Indonesian and English number formats and the message catalogue."""

from __future__ import annotations

import pytest

from optimizer import i18n


@pytest.mark.parametrize(
    ("lang", "money", "pct", "count"),
    [("id", "Rp 1.234.567.890", "52,0%", "1.234.567"), ("en", "Rp1,234,567,890", "52.0%", "1,234,567")],
)
def test_formats(lang, money, pct, count):
    assert i18n.rupiah(1_234_567_890, lang) == money
    assert i18n.percent(0.52, lang, 1) == pct
    assert i18n.number(1_234_567, lang) == count


def test_decimal_and_negative_numbers_in_indonesian():
    assert i18n.number(-1234.5, "id", 1) == "-1.234,5"
    assert i18n.percent(0.362, "id") == "36,20%"


def test_language_resolution(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert i18n.resolve_lang(None) == "en"
    monkeypatch.setenv(i18n.LANG_ENV, "ID")
    assert i18n.resolve_lang(None) == "id"
    assert i18n.resolve_lang("en") == "en"
    with pytest.raises(ValueError, match="not supported"):
        i18n.resolve_lang("fr")
