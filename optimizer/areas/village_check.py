"""Check a villages file against the official village list: warnings, never errors.

A planner's file may use old codes (villages are split and merged every year),
typos, or leave villages out; the plan is still computed, but the planner hears of
it. Codes are compared in dotted form, so 3318012001 and 33.18.01.2001 are the same
village. Files whose codes are not Kemendagri codes at all (the benchmark's
made-up ones) are not checked, and without the list package the check is skipped
with one note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from optimizer.areas import village_list
from optimizer.catalogue import Words
from optimizer.i18n import Lang

#: Codes named in one warning before "and N more".
SHOWN = 3
WORDS = Words(
    {
        "not_installed": "note: village codes not checked against the official list ({hint} to check them)",
        "not_kemendagri": (
            "note: village codes in {file} are not Kemendagri codes (as 33.18.01.2001); not checked"
        ),
        "unknown": (
            "warning: {file}: {n} village code(s) not in the official list ({version}): {items}; check "
            "them with `init --villages REGION`"
        ),
        "name": "warning: {file}: {n} village name(s) differ from the official list: {items}",
        "twice": (
            "warning: {file}: {n} village(s) appear twice (the same code with and without dots?): {items}"
        ),
        "missing": "warning: {file}: {n} village(s) of {regency} are missing from the file: {items}",
    }
)
_PREFIX = re.compile(r"^(desa|kelurahan|kel|nagari|gampong|kampung)\s+")


@dataclass(frozen=True)
class Finding:
    key: str
    values: dict

    def text(self, lang: Lang = "en") -> str:
        return WORDS.text(self.key, lang).format(**self.values)


def check_village_list(villages: pd.DataFrame, file: str) -> list[Finding]:
    """Findings for a table with village_code and village_name (rows in file order)."""
    if not village_list.available():
        return [Finding("not_installed", {"hint": village_list.INSTALL_HINT})]
    # Plain lists, not pandas columns: element by element, a national file's 84,000 rows cost
    # ~1 s through pandas. A code is None when it is not a village code (13 characters dotted).
    raw_codes = villages["village_code"].tolist()
    codes = [c if c is not None and len(c) == 13 else None for c in village_list.dotted_codes(raw_codes)]
    if all(c is None for c in codes):
        return [Finding("not_kemendagri", {"file": file})]
    version = village_list.list_version()
    out: list[Finding] = []
    rows = (villages.index + 2).tolist()  # spreadsheet rows (index: file row)
    # The official villages of every regency the file's codes name: the names, and what is missing.
    listed = village_list.official_rows({c[:5] for c in codes if c is not None})
    official = dict(zip(village_list.COLUMNS, map(list, zip(*listed, strict=True)), strict=True))
    names = dict(zip(official.get("village_code", []), official.get("village_name", []), strict=True))
    out += _unknown(raw_codes, codes, rows, names, file, version)
    out += _wrong_names(villages["village_name"].tolist(), codes, rows, names, file)
    present = {c for c in codes if c is not None}
    if len(present) < sum(c is not None for c in codes):
        out.append(_twice(pd.Series(codes, index=villages.index, dtype=object), file))
    out.extend(_missing(present, set(names), official, file))
    return out


def _unknown(raw_codes, codes, rows, names, file: str, version: str) -> list[Finding]:
    """The codes the official list does not have (or that are not village codes at all)."""
    unknown = [
        f"{raw} (row {r})"
        for raw, c, r in zip(raw_codes, codes, rows, strict=True)
        if names.get(c) is None  # None too: not a village code
    ]
    if not unknown:
        return []
    return [Finding("unknown", {"file": file, "n": len(unknown), "items": _few(unknown), "version": version})]


def _wrong_names(given_names, codes, rows, names, file: str) -> list[Finding]:
    """Villages whose name is not the official one for their code (case and prefix aside)."""
    wrong = [
        f"{c} is {names[c]!r}, not {given!r} (row {r})"
        for given, c, r in zip(given_names, codes, rows, strict=True)
        if c is not None and names.get(c) and given != names[c] and _plain(given) != _plain(names[c])
    ]
    return [Finding("name", {"file": file, "n": len(wrong), "items": _few(wrong)})] if wrong else []


def _twice(codes: pd.Series, file: str) -> Finding:
    """The codes that appear more than once (`codes`: None where not a village code)."""
    rows = pd.Series(codes.index + 2, index=codes.index)
    dup = codes[codes.notna() & codes.duplicated(keep=False)]
    where = {c: ", ".join(str(r) for r in sorted(rows[dup.index[dup == c]])) for c in dup.unique()}
    twice = [f"{c} (rows {r})" for c, r in where.items()]
    return Finding("twice", {"file": file, "n": len(twice), "items": _few(twice)})


def village_list_notes(area, lang: Lang = "en") -> list[str]:
    """The findings for an `AreaScenario`'s villages file, as lines to print."""
    file = area.villages_file or area.scenario.path
    return [f.text(lang) for f in check_village_list(area.villages, file)]


def _missing(present: set[str], known: set[str], official: dict[str, list[str]], file: str) -> list[Finding]:
    """Villages of each regency the file covers (by a known code) that the file leaves out
    (`official`: the columns of `village_list.official_rows`)."""
    covered = {c[:5] for c in present & known}
    codes, names, regencies, regency_names = (
        official.get(c, []) for c in ("village_code", "village_name", "regency_code", "regency_name")
    )
    gone: dict[str, list[str]] = {}  # regency code -> "code name" of its villages left out
    for code, name, regency in zip(codes, names, regencies, strict=True):
        if code not in present and regency in covered:
            gone.setdefault(regency, []).append(f"{code} {name}")
    # Each regency as its first village names it (reversed: the first one is written last).
    regency_name = dict(zip(reversed(regencies), reversed(regency_names), strict=True))
    out = []
    for regency in sorted(gone):
        values = {"file": file, "n": len(gone[regency]), "regency": regency_name[regency]}
        out.append(Finding("missing", values | {"items": _few(gone[regency])}))
    return out


def _plain(name: object) -> str:
    text = " ".join(re.sub(r"[^a-z0-9 ]+", " ", str(name).casefold()).split())
    return _PREFIX.sub("", text)


def _few(items: list[str]) -> str:
    shown = "; ".join(items[:SHOWN])
    return shown if len(items) <= SHOWN else f"{shown} and {len(items) - SHOWN:,} more"
