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
    codes = villages["village_code"].astype(str).map(village_list.dotted_code)
    codes = codes.where(codes.str.len() == 13)
    if codes.isna().all():
        return [Finding("not_kemendagri", {"file": file})]
    version = village_list.list_version()
    out: list[Finding] = []
    rows = pd.Series(villages.index + 2, index=villages.index)  # spreadsheet rows (index: file row)
    # The official villages of every regency the file's codes name: the names, and what is missing.
    official = village_list.villages_of_regencies({c[:5] for c in codes.dropna().unique()})
    names = dict(zip(official["village_code"], official["village_name"], strict=True))
    # Plain lists: iterating pandas columns element by element costs ~1 s for a national file.
    code_list, row_list = codes.tolist(), rows.tolist()
    unknown = [
        f"{raw} (row {r})"
        for raw, c, r in zip(villages["village_code"].tolist(), code_list, row_list, strict=True)
        if c is None or pd.isna(c) or names.get(c) is None
    ]
    if unknown:
        values = {"file": file, "n": len(unknown), "items": _few(unknown), "version": version}
        out.append(Finding("unknown", values))
    wrong = [
        f"{c} is {names[c]!r}, not {given!r} (row {r})"
        for given, c, r in zip(villages["village_name"].tolist(), code_list, row_list, strict=True)
        if isinstance(c, str) and names.get(c) and given != names[c] and _plain(given) != _plain(names[c])
    ]
    if wrong:
        out.append(Finding("name", {"file": file, "n": len(wrong), "items": _few(wrong)}))
    dup = codes[codes.notna() & codes.duplicated(keep=False)]
    if not dup.empty:
        where = {c: ", ".join(str(r) for r in sorted(rows[dup.index[dup == c]])) for c in dup.unique()}
        twice = [f"{c} (rows {r})" for c, r in where.items()]
        out.append(Finding("twice", {"file": file, "n": len(twice), "items": _few(twice)}))
    out.extend(_missing(set(codes.dropna()), set(names), official, file))
    return out


def village_list_notes(area, lang: Lang = "en") -> list[str]:
    """The findings for an `AreaScenario`'s villages file, as lines to print."""
    file = area.villages_file or area.scenario.path
    return [f.text(lang) for f in check_village_list(area.villages, file)]


def _missing(present: set[str], known: set[str], official: pd.DataFrame, file: str) -> list[Finding]:
    """Villages of each regency the file covers (by a known code) that the file leaves out."""
    out = []
    covered = {c[:5] for c in present & known}
    for code, listed in official.groupby("regency_code", sort=True):
        gone = [f"{c} {n}" for c, n in zip(listed["village_code"], listed["village_name"], strict=True)
                if c not in present]  # fmt: skip
        if code in covered and gone:
            name = listed["regency_name"].iloc[0]
            values = {"file": file, "n": len(gone), "regency": name, "items": _few(gone)}
            out.append(Finding("missing", values))
    return out


def _plain(name: object) -> str:
    text = " ".join(re.sub(r"[^a-z0-9 ]+", " ", str(name).casefold()).split())
    return _PREFIX.sub("", text)


def _few(items: list[str]) -> str:
    shown = "; ".join(items[:SHOWN])
    return shown if len(items) <= SHOWN else f"{shown} and {len(items) - SHOWN:,} more"
