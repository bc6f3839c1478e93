"""Sheet Varian: named variants of the scenario, one override per row, as `[[variant]]` tables.

Columns: nama_varian (the variant), jenis (what is changed), id (which source or
group), isian (which field: a column name of the sheet that holds it), nilai (the
new value, read as that column reads it). `read_rows` builds the same `variant` list
a TOML file gives, so `optimizer.io.variants` applies and checks both alike;
`variant_rows` writes that list back as rows (the template writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from optimizer.errors import FieldPath, ScenarioError
from optimizer.io import excel_layout as L
from optimizer.io.excel_cells import convert, put

C = L.Column
SHEET = L.Sheet(
    "Varian",
    "variant",
    (
        C("nama_varian", ("name",), L.Kind.TEXT, "Nama varian; baris bernama sama = satu varian", True),
        C(
            "jenis",
            ("kind",),
            L.Kind.TEXT,
            "budget, group, source, region, optimize, add_group, add_source, note",
        ),
        C(
            "id",
            ("id",),
            L.Kind.TEXT,
            "id sumber (budget, source) atau kelompok (group); id baru untuk add_*",
        ),
        C(
            "isian",
            ("field",),
            L.Kind.TEXT,
            "Nama kolom yang diubah untuk jenis group, source, region, optimize (mis. bulan di "
            "Kelompok, boleh_untuk di Sumber_Dana); kosongkan untuk jenis budget dan note",
        ),
        C(
            "nilai",
            ("value",),
            L.Kind.TEXT,
            'Nilai baru; jenis budget: "+20%", "-10%" atau anggaran baru (mis. "Rp 1,5 M")',
        ),
    ),
    required=False,
    help="Opsional: varian untuk compare, satu perubahan per baris; sisanya sama dengan skenario dasar.",
)
#: jenis -> (variant key, sheet whose columns name the fields, fields allowed or None for all but id).
KINDS: dict[str, tuple[str, L.Sheet | None, frozenset[str] | None]] = {
    "budget": ("budget", None, None),
    "group": ("group", L.KELOMPOK, None),
    "source": ("source", L.SUMBER_DANA, None),
    "add_group": ("add_group", L.KELOMPOK, None),
    "add_source": ("add_source", L.SUMBER_DANA, None),
    "region": ("region", L.WILAYAH, frozenset({"target_rate", "target_participants", "workforce", "active"})),
    "optimize": ("optimize", L.OPTIMASI, None),
    "note": ("note", None, None),
}
#: Indonesian words a planner may type in jenis instead of the codes.
KIND_WORDS = {
    "anggaran": "budget",
    "kelompok": "group",
    "sumber": "source",
    "tambah_kelompok": "add_group",
    "tambah_sumber": "add_source",
    "wilayah": "region",
    "optimasi": "optimize",
    "catatan": "note",
}
NEEDS_ID = {"budget", "group", "source", "add_group", "add_source"}


def _fields(kind: str) -> list[L.Column]:
    _, sheet, allowed = KINDS[kind]
    if sheet is None:
        return []
    return [c for c in sheet.columns if c.key != ("id",) and (allowed is None or c.key[0] in allowed)]


def read_rows(data: dict[str, Any], cells: dict, columns: list, rows: list) -> None:
    """Rows of sheet Varian into `data["variant"]`; `cells` gets each value's location."""
    index = {c.header: i for i, c in enumerate(columns) if c is not None}
    variants: dict[str, dict[str, Any]] = {}
    seen: dict[tuple, int] = {}  # (variant, kind, id, field) -> the row that changed it first
    for number, raw in rows:
        row = _Row(number, {header: raw[i] for header, i in index.items() if i < len(raw)})
        name = _variant_name(row)
        i = _variant_index(name, variants, cells, number)
        kind = _kind(row)
        if kind is None:
            continue  # a variant with no change (or declared before its changes)
        change = _change(row, kind)
        _check_not_repeated(seen, (name, kind, change.ident, change.key), row)
        if change.value is None:
            raise ScenarioError("is empty; give the new value", where=f"{row.where}, column nilai")
        _store(variants[name], cells, i, number, change)
    for i, variant in enumerate(variants.values()):
        _join_windows(variant, cells, i)
    if variants:
        data["variant"] = list(variants.values())


@dataclass(frozen=True)
class _Row:
    """One row of sheet Varian: its number and its (value, percent format) cells by column name."""

    number: int
    cells: dict[str, tuple[Any, bool]]

    @property
    def where(self) -> str:
        return f"sheet {SHEET.name}, row {self.number}"

    def cell(self, header: str) -> tuple[Any, bool]:
        return self.cells.get(header, (None, False))

    def value(self, header: str) -> Any:
        return self.cell(header)[0]


@dataclass(frozen=True)
class _Change:
    """What one row changes: the field at `key` (of the entry `ident`) becomes `value`."""

    kind: str
    ident: Any
    key: tuple[str, ...]
    field: L.Column | None  # the column whose rules read `value`; None for jenis budget and note
    value: Any
    pct: bool


def _variant_name(row: _Row) -> Any:
    name = row.value("nama_varian")
    if name is None:
        raise ScenarioError(
            "is empty; name the variant this row belongs to", where=f"{row.where}, column nama_varian"
        )
    return convert(name, False, L.Kind.TEXT)


def _variant_index(name: Any, variants: dict[str, dict[str, Any]], cells: dict, number: int) -> int:
    """The variant's place in the list, adding it (located at its first row) when it is new."""
    if name not in variants:
        i = len(variants)
        variants[name] = {"name": name}
        cells[("variant", i)] = (SHEET.name, number, None)
        cells[("variant", i, "name")] = (SHEET.name, number, "nama_varian")
    return list(variants).index(name)


def _kind(row: _Row) -> str | None:
    """The row's jenis as a code (Indonesian words accepted); None for a row that only names a variant."""
    word = row.value("jenis")
    if word is None:
        if any(row.value(h) is not None for h in ("id", "isian", "nilai")):
            raise ScenarioError(
                f"is empty; use one of {', '.join(KINDS)}", where=f"{row.where}, column jenis"
            )
        return None
    kind = str(word).strip().lower()
    kind = KIND_WORDS.get(kind, kind)
    if kind not in KINDS:
        raise ScenarioError(f"{word!r} is not one of {', '.join(KINDS)}", where=f"{row.where}, column jenis")
    return kind


def _change(row: _Row, kind: str) -> _Change:
    """The row's id, field and new value, with the id and the field checked for `kind`."""
    ident = row.value("id")
    ident = None if ident is None else convert(ident, False, L.Kind.TEXT)
    if kind in NEEDS_ID and ident is None:
        raise ScenarioError(
            f"is empty; jenis {kind} needs the id it changes", where=f"{row.where}, column id"
        )
    value, pct = row.cell("nilai")
    key, field = _target(kind, row.value("isian"), row.where)
    return _Change(kind, ident, key, field, value, pct)


def _check_not_repeated(seen: dict[tuple, int], target: tuple, row: _Row) -> None:
    """Two rows changing the same field of the same variant: which one was meant is unclear."""
    if target in seen:
        raise ScenarioError(
            f"repeats the change in row {seen[target]}; keep one", where=f"{row.where}, column isian"
        )
    seen[target] = row.number


def _store(variant: dict[str, Any], cells: dict, i: int, number: int, change: _Change) -> None:
    """Put the change into the variant's table, shaped as in TOML, and note where each value came from."""
    if change.kind == "note":
        variant["note"] = convert(change.value, False, L.Kind.TEXT)
        cells[("variant", i, "note")] = (SHEET.name, number, "nilai")
    elif change.kind == "budget":
        _store_budget(variant, cells, i, number, change)
    elif change.kind in ("region", "optimize"):
        _store_table(variant, cells, i, number, change)
    elif change.kind in ("group", "source"):
        _store_entry(variant, cells, i, number, change)
    else:
        _store_added(variant, cells, i, number, change)


def _store_budget(variant: dict[str, Any], cells: dict, i: int, number: int, change: _Change) -> None:
    # "+20%" and "-10%" are kept as text for the variant rules; anything else is the new budget.
    text = change.value.strip() if isinstance(change.value, str) else None
    budget = text if text and text[0] in "+-" else convert(change.value, False, L.Kind.WHOLE)
    variant.setdefault("budget", {})[change.ident] = budget
    cells.setdefault(("variant", i, "budget"), (SHEET.name, number, "id"))
    cells[("variant", i, "budget", change.ident)] = (SHEET.name, number, "nilai")


def _store_table(variant: dict[str, Any], cells: dict, i: int, number: int, change: _Change) -> None:
    """jenis region and optimize: a field of the one table."""
    kind, key, here = change.kind, change.key, (SHEET.name, number, "nilai")
    put(variant.setdefault(kind, {}), key, _field_value(change))
    cells.setdefault(("variant", i, kind), (SHEET.name, number, "isian"))
    cells[("variant", i, kind, *key)] = here
    cells.setdefault(("variant", i, kind, key[0]), here)


def _store_entry(variant: dict[str, Any], cells: dict, i: int, number: int, change: _Change) -> None:
    """jenis group and source: a field of an existing entry, by its id."""
    kind, ident, key, here = change.kind, change.ident, change.key, (SHEET.name, number, "nilai")
    put(variant.setdefault(kind, {}).setdefault(ident, {}), key, _field_value(change))
    cells.setdefault(("variant", i, kind), (SHEET.name, number, "id"))
    cells.setdefault(("variant", i, kind, ident), (SHEET.name, number, "isian"))
    cells[("variant", i, kind, ident, *key)] = here
    cells.setdefault(("variant", i, kind, ident, key[0]), here)


def _store_added(variant: dict[str, Any], cells: dict, i: int, number: int, change: _Change) -> None:
    """jenis add_group and add_source: a field of a new entry; rows with the same id build one entry."""
    kind, key, here = change.kind, change.key, (SHEET.name, number, "nilai")
    added = variant.setdefault(kind, [])
    ids = [e["id"] for e in added]
    j = ids.index(change.ident) if change.ident in ids else len(added)
    if j == len(added):
        added.append({"id": change.ident})
        cells[("variant", i, kind, j)] = (SHEET.name, number, "id")
    put(added[j], key, _field_value(change))
    cells[("variant", i, kind, j, *key)] = here
    cells.setdefault(("variant", i, kind, j, key[0]), here)


def _field_value(change: _Change) -> Any:
    """The new value read as the changed field's own column reads it."""
    return convert(change.value, change.pct, change.field.kind)


def _target(kind: str, isian: Any, where: str) -> tuple[tuple[str, ...], L.Column | None]:
    """The field path a row changes and the column whose rules read its value."""
    fields = _fields(kind)
    if not fields:
        if isian is not None:
            raise ScenarioError(f"leave it empty for jenis {kind}", where=f"{where}, column isian")
        return (), None
    name = str(isian or "").strip().lower()
    field = next((c for c in fields if c.header == name), None)
    if field is None:
        allowed = ", ".join(c.header for c in fields)
        what = f"{name!r} cannot be changed" if name else "is empty"
        raise ScenarioError(f"{what} for jenis {kind}; use one of: {allowed}", where=f"{where}, column isian")
    return field.key, field


def _join_windows(variant: dict[str, Any], cells: dict, i: int) -> None:
    tables: list[tuple[FieldPath, dict]] = [
        (("variant", i, "group", gid), t) for gid, t in variant.get("group", {}).items()
    ]
    tables += [(("variant", i, "add_group", j), t) for j, t in enumerate(variant.get("add_group", []))]
    for path, table in tables:
        window = table.get("window")
        if window is None:
            continue
        if "first" not in window or "last" not in window:
            sheet, row, _ = cells[(*path, "window")]
            raise ScenarioError(
                "changes one end of the window; give both jendela_awal and jendela_akhir",
                where=f"sheet {sheet}, row {row}, column isian",
            )
        table["window"] = [window["first"], window["last"]]


def override_path(
    i: int, variant: dict[str, Any], merged: dict[str, Any], path: FieldPath
) -> FieldPath | None:
    """The Varian cell behind an error found in variant `i`'s scenario, when a row of it set that field."""
    if len(path) < 2:
        return None
    head, rest = path[0], path[2:]
    if head in ("region", "optimize"):
        return ("variant", i, *path) if path[1] in (variant.get(head) or {}) else None
    if head not in ("group", "source") or not isinstance(path[1], int):
        return None
    entries = merged.get(head) or []
    ident = entries[path[1]].get("id") if path[1] < len(entries) else None
    changed = (variant.get(head) or {}).get(ident, {})
    if rest and rest[0] in changed:
        return ("variant", i, head, ident, *rest)
    if head == "source" and rest[:1] == ("budget",) and ident in (variant.get("budget") or {}):
        return ("variant", i, "budget", ident)
    added = [e.get("id") for e in variant.get(f"add_{head}", [])]
    if ident in added:
        return ("variant", i, f"add_{head}", added.index(ident), *rest)
    return None


def variant_rows(variant: dict[str, Any]) -> list[list[Any]]:
    """One `[[variant]]` table as rows (nama_varian, jenis, id, isian, nilai); raises what cannot be held."""
    name = variant["name"]
    rows: list[list[Any]] = [[name, None, None, None, None]]
    if variant.get("note"):
        rows.append([name, "note", None, None, variant["note"]])
    for sid, change in (variant.get("budget") or {}).items():
        rows.append([name, "budget", sid, None, change])
    for kind in ("group", "source"):
        for ident, fields in (variant.get(kind) or {}).items():
            rows += [[name, kind, ident, h, v] for h, v in _cells(kind, fields, name)]
    for kind in ("add_group", "add_source"):
        for entry in variant.get(kind) or []:
            fields = {k: v for k, v in entry.items() if k != "id"}
            rows += [[name, kind, entry.get("id"), h, v] for h, v in _cells(kind, fields, name)]
    for kind in ("region", "optimize"):
        rows += [[name, kind, None, h, v] for h, v in _cells(kind, variant.get(kind) or {}, name)]
    unknown = set(variant) - {"name", "note", *KINDS}
    if unknown:
        raise ScenarioError(
            f"variant {name!r}: {', '.join(sorted(unknown))} cannot be written to sheet Varian"
        )
    return rows[1:] if len(rows) > 1 else rows


def _cells(kind: str, fields: dict[str, Any], name: str) -> list[tuple[str, Any]]:
    """(isian, nilai) pairs for a table of TOML fields, in the sheet's column order."""
    out = []
    for key, value in fields.items():
        if isinstance(value, dict):
            pairs = [((key, str(k)), v) for k, v in value.items()]
        elif key == "window" and isinstance(value, list) and len(value) == 2:
            pairs = [((key, "first"), value[0]), ((key, "last"), value[1])]
        else:
            pairs = [((key,), value)]
        for path, v in pairs:
            column = next((c for c in _fields(kind) if c.key == path), None)
            if column is None:
                raise ScenarioError(
                    f"variant {name!r} changes {'.'.join(path)} ({kind}), which sheet Varian cannot hold; "
                    "keep this scenario in TOML"
                )
            out.append((column.header, cell_value(column, v)))
    return out


def cell_value(column: L.Column, value: Any) -> Any:
    """A TOML value as the cell that reads back to it."""
    if column.kind is L.Kind.IDS:
        return "semua" if value == "all" else ", ".join(value) if isinstance(value, list) else value
    if column.kind is L.Kind.BOOL and isinstance(value, bool):
        return "ya" if value else "tidak"
    if column.kind is L.Kind.MONTHS and value == "choose":
        return "pilih"
    return value
