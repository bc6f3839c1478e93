"""The one catalogue of Indonesian: every word and sentence a planner reads, translated once.

The code keeps the English, each text under a key (`Words`). The Indonesian lives in one
gettext file, `optimizer/locale/id/LC_MESSAGES/ucj.po`, looked up by the English text, so a
translator edits it in Poedit, Weblate or any text editor without reading Python, and one
English text has one translation wherever it is shown. Where one English word needs two
translations (the sheet "Sources" is `Sumber_Dana`, the word is "Sumber dana") the table
gives it a context, gettext's `msgctxt`.

The file is read (Babel's PO reader) the first time an Indonesian text is asked for, so a run
in English never pays for it. tests/test_catalogue.py checks that every English text has its
translation, with the same placeholders, and that the file holds nothing the code no longer says.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

PO_FILE = Path(__file__).parent / "locale" / "id" / "LC_MESSAGES" / "ucj.po"

#: Every table made by `Words`, for the catalogue test and the PO tools.
TABLES: list[Words] = []


class Words(Mapping[str, str]):
    """key -> English text, with the Indonesian from the catalogue (`text(key, "id")`).

    A value is the English text, or (English, context) where the word needs a translation of
    its own in that context.
    """

    def __init__(self, entries: Mapping[str, str | tuple[str, str]]) -> None:
        self._english: dict[str, str] = {}
        self._context: dict[str, str | None] = {}
        self.add(entries)
        TABLES.append(self)

    def add(self, entries: Mapping[str, str | tuple[str, str]]) -> None:
        """More entries (a module that extends another's table); a key may not be given twice."""
        for key, value in entries.items():
            if key in self._english:
                raise ValueError(f"catalogue key {key!r} is given twice")
            english, context = (value, None) if isinstance(value, str) else value
            self._english[key] = english
            self._context[key] = context

    def __getitem__(self, key: str) -> str:
        return self._english[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._english)

    def __len__(self) -> int:
        return len(self._english)

    def context(self, key: str) -> str | None:
        return self._context[key]

    def text(self, key: str, lang: str) -> str:
        """The text of `key` in `lang` ("en" or "id")."""
        english = self._english[key]
        return english if lang == "en" else indonesian(english, self._context[key])


def indonesian(english: str, context: str | None = None) -> str:
    """The Indonesian of `english`; the English itself if the catalogue lacks it (the
    catalogue test makes sure that it never does for a text of the code)."""
    return translations().get((context, english)) or english


@cache
def translations() -> dict[tuple[str | None, str], str]:
    """(context, English) -> Indonesian, read once from the PO file."""
    from io import BytesIO

    from babel.messages.pofile import read_po  # only Indonesian runs need Babel's PO reader

    catalog = read_po(BytesIO(PO_FILE.read_bytes()), locale="id")
    return {(m.context, m.id): m.string for m in catalog if m.id and m.string}
