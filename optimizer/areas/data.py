"""Village-level scenarios: headcounts per village and budgets per village or regency, from files.

A scenario file with an `[areas]` table names a CSV or Parquet file of uncovered
persons per village (wide format: village_code, village_name, district_code,
regency_code, then one column per group id) and, optionally, files of budgets
per village (`village_budgets`: village_code + one column per village-scoped
source) and per regency (`regency_budgets`: regency_code + one column per
regency-scoped source). Each source gets a `scope`: "regency" (default),
"village" (ADD/APBDes: each village's money pays only for its own people) or
"province" (one pot shared by every village in the file).

The totals are written back into the parsed TOML (group `uncovered`, source
`budget`) so the ordinary `Scenario` is the aggregate of the area scenario and
every existing check applies to it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimizer.areas.csv_files import DIGITS, read_csv
from optimizer.areas.detect import is_area_file  # noqa: F401 (re-exported: the tests and tools ask it here)
from optimizer.checks import MAX_DATA_FILE_BYTES, check_errors
from optimizer.errors import ScenarioError
from optimizer.io.distinct import sorted_distinct
from optimizer.io.fields import MAX_PERSONS, MAX_RUPIAH, Table
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.toml_reader import describe_toml_path, read_bytes, read_toml
from optimizer.monthly.months import uses_monthly_model
from optimizer.scenario import Scenario

SCOPES = ("regency", "village", "province")
SHARE_FIELDS = ("min_village_share", "min_district_share")
AREA_FIELDS = {"villages", "village_budgets", "regency_budgets", *SHARE_FIELDS}
KEY_COLUMNS = ("village_code", "village_name", "district_code", "regency_code")
#: Optional columns (as `init --villages` writes them): shown in reports, not used by the model.
NAME_COLUMNS = ("district_name", "regency_name")


@dataclass(frozen=True, eq=False)
class AreaScenario:
    """An aggregate `Scenario` plus its split over villages (arrays in village order of the file)."""

    scenario: Scenario
    #: village_code, village_name, district_code, regency_code (text), one row per village.
    villages: pd.DataFrame
    #: uncovered persons, shape (villages, groups), groups in scenario order.
    headcount: np.ndarray
    #: scope of each source, in scenario order.
    scopes: tuple[str, ...]
    #: premium Rupiah per village for village-scoped sources, shape (villages, sources); 0 elsewhere.
    village_budget: np.ndarray
    #: premium Rupiah per regency for regency-scoped sources, shape (regencies, sources).
    regency_budget: np.ndarray
    regency_codes: tuple[str, ...]
    #: index into regency_codes / district_codes for each village.
    regency_of: np.ndarray
    district_codes: tuple[str, ...]
    district_of: np.ndarray
    #: Minimum share (percent) of each village's / district's uncovered persons to cover, or None.
    min_village_share: float | None = None
    min_district_share: float | None = None
    #: kecamatan name of each district (aligned with district_codes), "" when the file has none.
    district_names: tuple[str, ...] = ()
    #: the villages file as read (for messages).
    villages_file: str = ""


def load_area_scenario(path: str | Path) -> AreaScenario:
    """Read an area scenario; every failure is one `ScenarioError` naming file, row and column."""
    path = Path(path)
    return area_from_data(path, read_toml(path))


def area_from_data(
    path: Path, data: dict[str, Any], pot_changes: Mapping[str, Callable[[int], int]] | None = None, where=""
) -> AreaScenario:
    """The area scenario of the parsed file `data` (its files read next to `path`).

    `pot_changes` (a variant's budget changes, `optimizer.areas.variants`): a new budget for
    each pot of a source whose money is in a budgets file, from the pot's own; `where` names the
    variant in messages about a field of `data`.
    """
    try:
        areas = Table(data.get("areas"), ("areas",))
        areas.unknown_keys(AREA_FIELDS)
        scopes = _pop_scopes(data)
        base = path.parent
        villages = _read_table(base, areas.text("villages"), "villages")
        group_ids = _group_ids(data)
        heads = _villages(villages, group_ids, areas)
        village_ids = [i for i, s in enumerate(scopes) if s == "village"]
        regency_ids = [i for i, s in enumerate(scopes) if s == "regency"]
        sources = data.get("source") or []
        vb = _budget_file(base, areas, "village_budgets", "village_code", heads, sources, village_ids)
        rb = _budget_file(base, areas, "regency_budgets", "regency_code", heads, sources, regency_ids)
        _change_pots(pot_changes or {}, vb, rb)
        _write_totals(data, heads, group_ids, vb, rb, scopes)
        scenario = scenario_from_mapping({k: v for k, v in data.items() if k != "areas"}, str(path))
        check_errors(scenario)
        if scenario.baseline is not None:
            raise ScenarioError(
                "is for one-region plans: a village-level plan is solved per village and cannot yet "
                "stay close to a previous plan; remove it",
                ("optimize", "baseline"),
            )
        if uses_monthly_model(scenario):
            raise ScenarioError(
                "village-level plans use the annual model and cannot honour the monthly fields "
                '(reporting_month, tranches, window, min_run, months = "choose", [[overlap]]); remove them',
                ("areas",),
            )
        shares = {k: areas.percent(k) if areas.has(k) else None for k in SHARE_FIELDS}
    except ScenarioError as exc:
        raise _located(exc, path, data, where) from None
    return _assemble(scenario, heads, scopes, vb, rb, shares | {"villages_file": villages.attrs["file"]})


def _change_pots(changes: Mapping[str, Callable[[int], int]], *tables: pd.DataFrame | None) -> None:
    """Each pot of the sources in `changes` (columns of the budget tables) replaced by its new budget."""
    for sid, change in changes.items():
        for table in tables:
            if table is not None and sid in table.columns:
                table[sid] = [change(int(b)) for b in table[sid]]


def _located(exc: ScenarioError, path: Path, data: dict, where: str) -> ScenarioError:
    """`exc` naming the file and the field (errors about a CSV already name their file)."""
    if exc.file:
        return exc
    inner = describe_toml_path(data, exc.path)
    return exc.located(str(path), f"{where}: {inner}" if where and inner else where or inner)


def _pop_scopes(data: dict[str, Any]) -> tuple[str, ...]:
    out = []
    for i, src in enumerate(data.get("source") or []):
        if not isinstance(src, Mapping):
            break  # the mapping reports it
        scope = Table(src, ("source", i)).choice("scope", list(SCOPES), "regency")
        src.pop("scope", None)
        out.append(scope)
    return tuple(out)


def _group_ids(data: dict[str, Any]) -> list[str]:
    groups = data.get("group") or []
    return [str(g.get("id")) for g in groups if isinstance(g, Mapping)]


def _read_table(base: Path, name: str, field: str) -> pd.DataFrame:
    file = base / name
    if not file.exists():  # a named pipe or device exists: the safe reader names what it is
        raise ScenarioError(
            f"file {str(file)!r} not found; give a path relative to the scenario", ("areas", field)
        )
    try:
        if file.suffix.lower() == ".parquet":
            table = pd.read_parquet(io.BytesIO(read_bytes(file, MAX_DATA_FILE_BYTES)))
            table = table.astype(
                {c: str for c in table.columns if c.endswith("_code") or c == "village_name"}
            )
            table.attrs["file"] = str(file)
            return table
        if file.suffix.lower() != ".csv":
            raise ScenarioError(f"{name!r} must be a .csv or .parquet file", ("areas", field))
        table = read_csv(file)
        table.attrs["file"] = str(file)
        return table
    except ScenarioError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many kinds; the planner needs one line
        message = f"cannot be read ({type(exc).__name__}: {exc}); save it as CSV (UTF-8)"
        raise ScenarioError(message.replace("\n", " "), file=str(file)) from None


def _whole_column(table: pd.DataFrame, column: str, file: str, maximum: int, unit: str) -> np.ndarray:
    """A column of whole numbers >= 0, or an error naming the first bad row (1 = first data row)."""
    raw = table[column]
    if not pd.api.types.is_numeric_dtype(raw):
        # The common case first: every cell plain digits (a national file has 84,000 rows x 8).
        values = _plain_digits(raw)
        if values is not None and not (values > maximum).any():
            return values
    text = raw.astype(str).str.replace("_", "", regex=False).str.strip()
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | (values < 0) | (values != np.floor(values)) | (values > maximum)
    if not pd.api.types.is_numeric_dtype(
        raw
    ):  # CSV text: "1.000" must not be read as one person, nor "1e3" as 1,000
        bad |= ~text.str.fullmatch(DIGITS.pattern)
    if bad.any():
        row = int(np.argmax(bad.to_numpy()))
        raise ScenarioError(
            f"row {row + 2}, column {column!r}: {raw.iloc[row]!r} is not a whole number of {unit} "
            f"between 0 and {maximum:,} (digits only, no dots or commas); fix that cell",
            file=file,
        )
    return values.to_numpy(dtype=np.int64)


def _plain_digits(raw: pd.Series) -> np.ndarray | None:
    """The column as int64 when every cell is 1 to 15 ASCII digits (short enough for int64), else None.

    Checked on the joined column in C (`str.isascii`, then `bytes.translate` deleting the digits
    leaves only the line breaks): a national file has 84,000 rows x 8 columns of persons."""
    cells = raw.tolist()
    if not set(map(type, cells)) <= {str}:
        return None
    lengths = set(map(len, cells))
    if not lengths or min(lengths) < 1 or max(lengths) > 15:
        return None
    joined = "\n".join(cells)
    if not joined.isascii() or joined.encode().translate(None, b"0123456789") != b"\n" * (len(cells) - 1):
        return None
    return np.array(cells, dtype=np.int64)  # plain digits: NumPy reads them as int() would


def _villages(table: pd.DataFrame, group_ids: list[str], areas: Table) -> pd.DataFrame:
    file = str(table.attrs["file"])
    missing = [c for c in (*KEY_COLUMNS, *group_ids) if c not in table.columns]
    if missing:
        raise ScenarioError(
            f"column {missing[0]!r} is missing; the header must be {', '.join(KEY_COLUMNS)}, then one "
            "column per group id",
            file=file,
        )
    extra = [c for c in table.columns if c not in (*KEY_COLUMNS, *NAME_COLUMNS) and c not in group_ids]
    if extra:
        raise ScenarioError(f"column {extra[0]!r} is not a group id; use ids from [[group]]", file=file)
    if table.empty:
        raise ScenarioError("has no villages; add one row per village", file=file)
    for column in KEY_COLUMNS:
        row = _first_blank(table[column].astype(str).tolist())
        if row is not None:
            raise ScenarioError(f"row {row + 2}, column {column!r}: is empty; fill it in", file=file)
    dup = table["village_code"].duplicated()
    if dup.any():
        row = int(np.argmax(dup.to_numpy()))
        code = table["village_code"].iloc[row]
        raise ScenarioError(f"row {row + 2}, column 'village_code': {code!r} appears twice", file=file)
    out = table[list(KEY_COLUMNS)].astype(str).reset_index(drop=True)
    for c in NAME_COLUMNS:
        out[c] = table[c].astype(str).str.strip().to_numpy() if c in table.columns else ""
    for g in group_ids:
        out[g] = _whole_column(table, g, file, MAX_PERSONS, "persons")
    # Code order, not file order: a tie (a regency pot that could pay in either of two villages) is
    # then split the same way however the rows are sorted. The index keeps the file row (0 = row 2).
    return out.sort_values("village_code", kind="stable")


def _first_blank(cells: list) -> int | None:
    """Where the first text cell of spaces only (or empty) is, or None; a missing cell (NaN, from
    a Parquet file) is not text. In C for the usual column of text cells, none blank."""
    if set(map(type, cells)) <= {str} and all(map(str.strip, cells)):
        return None
    return next((i for i, c in enumerate(cells) if isinstance(c, str) and not c.strip()), None)


def _budget_file(base, areas, field, key, heads, sources, ids) -> pd.DataFrame | None:
    """Budgets per village or regency, indexed by code, one column per source id in `ids`."""
    source_ids = [str(sources[i].get("id")) for i in ids]
    if not areas.has(field):
        return None
    table = _read_table(base, areas.text(field), field)
    file = str(base / areas.text(field))
    if key not in table.columns:
        raise ScenarioError(f"column {key!r} is missing; the first column must be {key}", file=file)
    extra = [c for c in table.columns if c != key and c not in source_ids]
    if extra:
        scope = field.split("_")[0]
        raise ScenarioError(
            f"column {extra[0]!r} is not a source with scope = {scope!r}; "
            f"use ids of such sources: {', '.join(source_ids) or 'none'}",
            file=file,
        )
    known = set(heads[key].tolist())  # not the Series: element by element through pandas, 0.1 s
    unknown = ~table[key].isin(known)
    if unknown.any():
        row = int(np.argmax(unknown.to_numpy()))
        raise ScenarioError(
            f"row {row + 2}, column {key!r}: {table[key].iloc[row]!r} is not in the villages file", file=file
        )
    dup = table[key].duplicated()
    if dup.any():
        row = int(np.argmax(dup.to_numpy()))
        raise ScenarioError(
            f"row {row + 2}, column {key!r}: {table[key].iloc[row]!r} appears twice", file=file
        )
    out = pd.DataFrame(index=pd.Index(table[key].astype(str)))
    for sid in source_ids:
        if sid in table.columns:
            out[sid] = _whole_column(table, sid, file, MAX_RUPIAH, "Rupiah")
    return out


def _write_totals(data, heads, group_ids, vb, rb, scopes) -> None:
    """Fill group `uncovered` and file-budgeted source `budget` with the files' totals."""
    for i, g in enumerate(data.get("group") or []):
        if isinstance(g, Mapping):
            if "uncovered" in g:
                raise ScenarioError(
                    "comes from the villages file in an area scenario; remove it", ("group", i, "uncovered")
                )
            g["uncovered"] = int(heads[group_ids[i]].sum())
    regencies = heads["regency_code"].nunique()
    for i, src in enumerate(data.get("source") or []):
        if not isinstance(src, Mapping):
            continue
        sid, scope = str(src.get("id")), scopes[i]
        table = vb if scope == "village" else rb if scope == "regency" else None
        in_file = table is not None and sid in table.columns
        if in_file and "budget" in src:
            raise ScenarioError(f"comes from the {scope} budgets file; remove it", ("source", i, "budget"))
        if in_file:
            src["budget"] = int(table[sid].sum())
        elif scope == "village":
            raise ScenarioError(
                f"scope 'village' needs a column {sid!r} in [areas] village_budgets", ("source", i, "scope")
            )
        elif scope == "regency" and regencies > 1:
            raise ScenarioError(
                f"the villages span {regencies} regencies: give a column {sid!r} in [areas] regency_budgets, "
                'or scope = "province" for one shared pot',
                ("source", i, "budget"),
            )


def _assemble(scenario: Scenario, heads: pd.DataFrame, scopes, vb, rb, shares: dict) -> AreaScenario:
    villages = heads[list(KEY_COLUMNS)]
    headcount = heads[[g.id for g in scenario.groups]].to_numpy(dtype=np.int64)
    reg_codes, reg_of = sorted_distinct(villages["regency_code"].to_numpy(dtype=object))
    dist_codes, dist_of = sorted_distinct(
        (villages["regency_code"] + "/" + villages["district_code"]).to_numpy(dtype=object)
    )
    n_s = len(scenario.sources)
    village_budget = np.zeros((len(villages), n_s), dtype=np.int64)
    regency_budget = np.zeros((len(reg_codes), n_s), dtype=np.int64)
    for j, (src, scope) in enumerate(zip(scenario.sources, scopes, strict=True)):
        if scope == "village":
            raw = vb[src.id].reindex(villages["village_code"], fill_value=0).to_numpy()
            village_budget[:, j] = _premium(raw, src.premium_share)
        elif scope == "regency":
            if rb is not None and src.id in rb.columns:
                raw = rb[src.id].reindex(pd.Index(reg_codes), fill_value=0).to_numpy()
            else:
                raw = np.array([src.budget])
            regency_budget[:, j] = _premium(raw, src.premium_share)
    first = pd.Series(heads["district_name"].to_numpy()).groupby(dist_of).first()
    first = first.reindex(range(len(dist_codes)), fill_value="").tolist()  # a list: 7,285 .get()s cost 0.1 s
    return AreaScenario(
        scenario=scenario,
        villages=villages,
        headcount=headcount,
        scopes=scopes,
        village_budget=village_budget,
        regency_budget=regency_budget,
        regency_codes=tuple(str(c) for c in reg_codes),
        regency_of=reg_of.astype(np.int64),
        district_codes=tuple(str(c).split("/", 1)[1] for c in dist_codes),
        district_of=dist_of.astype(np.int64),
        district_names=tuple(map(str, first)),
        **shares,
    )


def _premium(raw: np.ndarray, share: float | None) -> np.ndarray:
    """Premium part of each pot, rounded down per pot (as `Source.premium_budget` does)."""
    raw = np.asarray(raw, dtype=np.int64)
    if share is None:
        return raw
    return np.array([math.floor(round(int(b) * share / 100, 6)) for b in raw], dtype=np.int64)


def required(total: np.ndarray, share: float | None) -> np.ndarray:
    """Persons to cover for a minimum share (percent) of `total`, rounded up as floors are."""
    if share is None:
        return np.zeros_like(total)
    return np.ceil(np.round(total * share / 100, 6)).astype(np.int64)
