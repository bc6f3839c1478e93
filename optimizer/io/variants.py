"""Named variants of a scenario: `[[variant]]` tables that override parts of the base file.

A variant is applied to the parsed file (plain dicts) before it becomes a `Scenario`,
so a variant goes through exactly the same type checks and consistency checks as
the base. The override syntax (documented in docs/scenario-format.md):

    [[variant]]
    name = "APBD +20%"
    budget = { apbd = "+20%" }               # "+NN%" / "-NN%" change, or whole Rupiah
    group = { desil-1-2 = { months = 6 } }   # any [[group]] field except id
    source = { csr = { eligible = "all" } }  # any [[source]] field except id
    add_source = [{ id = "csr-2", kind = "csr", budget = 500_000_000 }]
    region = { target_rate = 50.0 }          # target_rate or target_participants
    optimize = { objective = "max-coverage" }
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.io import EXCEL_SUFFIXES, checked_scenario, read_scenario_data
from optimizer.io.excel_variants import override_path
from optimizer.io.fields import MAX_RUPIAH, Table
from optimizer.io.mapping import GROUP_FIELDS, OPTIMIZE_FIELDS, SOURCE_FIELDS
from optimizer.io.money import MONEY_FORMS, NotAnAmount, parse_rupiah
from optimizer.io.toml_reader import describe_toml_path
from optimizer.scenario import Scenario

VARIANT_FIELDS = {
    "name",
    "note",
    "budget",
    "group",
    "source",
    "add_source",
    "add_group",
    "region",
    "optimize",
}
REGION_OVERRIDES = {"target_rate", "target_participants", "workforce", "active"}
PERCENT_CHANGE = re.compile(r"\s*([+-])\s*([0-9]+(?:[.,][0-9]+)?)\s*%\s*")


@dataclass(frozen=True)
class Variant:
    name: str
    scenario: Scenario
    note: str = ""
    #: A village-level file's variant: its `optimizer.areas.data.AreaScenario` (`scenario` is
    #: then its totals over the villages); None for one-region files.
    area: Any = None


def load_with_variants(path: str | Path) -> tuple[Scenario, tuple[Variant, ...]]:
    """The base scenario of a file (TOML, or Excel with sheet Varian) and each variant, all checked."""
    data, describe = read_scenario_data(path)
    return variants_from_data(data, path, describe)


def variants_from_data(data: dict, path: str | Path, describe) -> tuple[Scenario, tuple[Variant, ...]]:
    """`load_with_variants` of a file already read (`read_scenario_data`)."""
    path = Path(path)
    excel = path.suffix.lower() in EXCEL_SUFFIXES
    raw_variants = data.get("variant", [])
    base_data = {k: v for k, v in data.items() if k != "variant"}
    base = checked_scenario(base_data, path, describe)
    if isinstance(raw_variants, dict):
        raw_variants = [raw_variants]
    if not isinstance(raw_variants, list):
        raise ScenarioError("must be a list of [[variant]] tables", file=str(path), where="[variant]")
    variants: list[Variant] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_variants):
        try:
            t = Table(raw, ("variant", i))
            t.unknown_keys(VARIANT_FIELDS)
            name = t.text("name")
            if name in seen or name == "base":
                raise t.fail("name", f"{name!r} is used twice (or is 'base'); give each variant its own name")
            seen.add(name)
            merged = apply_overrides(base_data, t)
        except ScenarioError as exc:
            raise exc.located(str(path), describe(exc.path)) from None
        where = f"variant {name!r}" if excel else f"[[variant]] #{i + 1} {name!r}"
        scenario = checked_scenario(merged, path, _in_variant(describe, where, i, raw, merged, excel))
        variants.append(Variant(name, scenario, t.text("note", "")))
    return base, tuple(variants)


def _in_variant(describe, where: str, i: int, raw: dict, merged: dict, excel: bool):
    """Names a field of variant `i`'s scenario: its Varian row if one set it, else its place in the base."""

    def named(path) -> str:
        override = override_path(i, raw, merged, path) if excel else None
        if override is not None:
            return f"{describe(override)} (variant {raw['name']!r})"
        inner = describe(path) if excel else describe_toml_path(merged, path)
        return f"{where}: {inner}" if inner else where

    return named


def pick_variant(variants: tuple[Variant, ...], name: str, file: str) -> Variant:
    for v in variants:
        if v.name == name:
            return v
    names = ", ".join(repr(v.name) for v in variants) or "none in this file"
    raise ScenarioError(f"no variant named {name!r}; variants: {names}", file=file)


def apply_overrides(base: dict[str, Any], t: Table) -> dict[str, Any]:
    """A copy of the parsed base file with one variant's overrides applied."""
    data = copy.deepcopy(base)
    groups = _by_id(data.get("group"))
    sources = _by_id(data.get("source"))
    for sid, change in _table(t, "budget").data.items():
        if sid not in sources:
            raise t.fail("budget", f"source {sid!r} does not exist; use ids from [[source]]: {_ids(sources)}")
        sources[sid]["budget"] = new_budget(sources[sid].get("budget"), change, (*t.path, "budget", sid))
    for key, table, allowed in (("group", groups, GROUP_FIELDS), ("source", sources, SOURCE_FIELDS)):
        for ident, fields in _table(t, key).data.items():
            if ident not in table:
                raise t.fail(key, f"{key} {ident!r} does not exist; use ids from [[{key}]]: {_ids(table)}")
            ft = Table(fields, (*t.path, key, ident))
            ft.unknown_keys(allowed - {"id"})
            table[ident].update(ft.data)
    for key in ("add_group", "add_source"):
        extra = t.data.get(key, [])
        if not isinstance(extra, list) or not all(isinstance(x, dict) for x in extra):
            raise t.fail(key, f"must be a list of tables like [[{key.removeprefix('add_')}]]")
        target = key.removeprefix("add_")
        data[target] = list(data.get(target) or []) + copy.deepcopy(extra)
        if key == "add_source" and "spending_order" in (data.get("optimize") or {}):
            # New money is spent before the regency's own: put it first unless the variant says otherwise.
            order = data["optimize"]["spending_order"]
            data["optimize"]["spending_order"] = [x.get("id") for x in extra] + list(order)
    region = _table(t, "region")
    region.unknown_keys(REGION_OVERRIDES)
    data["region"] = dict(data.get("region") or {})
    if region.has("target_rate") or region.has("target_participants"):
        data["region"].pop("target_rate", None)
        data["region"].pop("target_participants", None)
    data["region"].update(region.data)
    opt = _table(t, "optimize")
    opt.unknown_keys(OPTIMIZE_FIELDS)
    data["optimize"] = {**(data.get("optimize") or {}), **opt.data}
    return data


def new_budget(old: Any, change: Any, path: tuple) -> int:
    """`change` is whole Rupiah (the new budget) or "+NN%" / "-NN%" of the old budget."""
    if isinstance(change, str) and not PERCENT_CHANGE.fullmatch(change):
        try:  # a new budget as planners write it: "Rp 1,5 M", "1.500.000.000"
            change = parse_rupiah(change)
        except NotAnAmount:
            raise ScenarioError(
                f'{change!r} is not a budget change; write "+20%", "-10%" or a new budget as {MONEY_FORMS}',
                path,
            ) from None
    if isinstance(change, str):
        match = PERCENT_CHANGE.fullmatch(change)
        assert match is not None
        if isinstance(old, bool) or not isinstance(old, int):
            raise ScenarioError("the base budget is not a whole number; fix the [[source]] first", path)
        pct = float(match.group(2).replace(",", ".")) * (1 if match.group(1) == "+" else -1)
        if pct < -100:
            raise ScenarioError(f"{change!r} would make the budget negative; use at least -100%", path)
        return math.floor(round(old * (100 + pct) / 100, 6))
    if isinstance(change, bool) or not isinstance(change, int) or not 0 <= change <= MAX_RUPIAH:
        raise ScenarioError(f'must be whole Rupiah (>= 0) or a change like "+20%", got {change!r}', path)
    return change


def _table(t: Table, key: str) -> Table:
    return Table(t.data.get(key) or {}, (*t.path, key))


def _by_id(entries: Any) -> dict[str, dict]:
    if isinstance(entries, dict):
        entries = [entries]
    return {e["id"]: e for e in entries or [] if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _ids(table: dict) -> str:
    return ", ".join(sorted(table)) or "(none)"
