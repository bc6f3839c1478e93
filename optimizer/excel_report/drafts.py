"""The Drafts / Perbandingan sheet of an Excel plan: what moved from the previous plan
(`--baseline`) and the equally good plan that splits the money differently.

Numbers are the JSON `baseline` and `equally_good` values (plain values, never formulas);
the titles are the sentences the table prints.
"""

from __future__ import annotations

from typing import Any

from optimizer import i18n
from optimizer.analysis.moves import Moves, moves_title
from optimizer.analysis.ties import EquallyGood
from optimizer.io.xlsx import RUPIAH, TITLE_FONT, WHOLE, header_row, set_widths

SHEET = ("Drafts", "Perbandingan")


def drafts_sheet(ws: Any, moves: Moves | None, others: EquallyGood | None, lang: i18n.Lang) -> None:
    """Both sections, each only when the plan has it (the caller adds the sheet only then)."""
    ws.title = SHEET[i18n.LANGS.index(lang)]
    if moves is not None:
        _title(ws, moves_title(moves.file, moves.persons_taken, moves.persons_added, lang))
        if moves.moves:
            rows = [[m.source, m.group, m.before, m.after, m.change] for m in moves.moves]
            _table(ws, ("source", "group", "before", "after", "change"), rows, lang)
        if moves.changed:
            ws.append([])
            _title(ws, i18n.t("baseline.changed", lang))
            for what, key, before, after in moves.changed:
                ws.append(
                    [i18n.t(what, lang), key, _value(before, "(new)", lang), _value(after, "(removed)", lang)]
                )
                for col in (3, 4):
                    ws.cell(ws.max_row, col).number_format = RUPIAH if what == "budget" else WHOLE
        ws.append([])
    if others is not None:
        if not others.moves:
            _title(ws, i18n.t("ties.none", lang))
        else:
            also = i18n.t("ties.also", lang) if moves is not None else ""
            _title(ws, i18n.t("ties.found", lang, also=also))
            rows = [[m.source, m.group, m.before, m.after] for m in others.moves]
            _table(ws, ("source", "group", "this plan", "other plan"), rows, lang)
    set_widths(ws, [24, 24, 16, 16, 14])


def _title(ws: Any, line: str) -> None:
    ws.append([line])
    ws.cell(ws.max_row, 1).font = TITLE_FONT


def _table(ws: Any, keys: tuple[str, ...], rows: list[list[Any]], lang: i18n.Lang) -> None:
    header_row(ws, ws.max_row + 1, [i18n.t(k, lang) for k in keys])
    for row in rows:
        ws.append(row)
        for col in range(3, len(row) + 1):
            ws.cell(ws.max_row, col).number_format = WHOLE


def _value(value: int | None, missing: str, lang: i18n.Lang) -> Any:
    return i18n.t(missing, lang) if value is None else value
