"""`[[variant]]`s of a village-level file, read as one-region variants are (`optimizer.io.variants`).

A variant's overrides are applied to the parsed file before its villages and budgets are read,
so each variant goes through every check of the base. One difference: a source whose money is
in a budgets file (scope "village", or "regency" with `regency_budgets`) has a pot per village
or regency, so its `budget` change must be a percent ("+20%"), applied to each pot and rounded
down per pot as a budget is; a new budget in Rupiah cannot be split over the pots and is refused.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from optimizer.areas.data import AreaScenario, area_from_data
from optimizer.errors import ScenarioError
from optimizer.io.fields import Table
from optimizer.io.toml_reader import describe_toml_path, read_toml
from optimizer.io.variants import PERCENT_CHANGE, VARIANT_FIELDS, Variant, apply_overrides, new_budget

#: Where a variant changes the money of a source that has a pot per village or regency.
NO_RUPIAH_FOR_POTS = (
    "source {sid!r} has its money per {scope} in a budgets file: a variant changes it by a percent "
    'of each pot, like "+20%" or "-10%"; a new budget in Rupiah cannot be split over the pots'
)


def load_area_variants(path: str | Path) -> tuple[AreaScenario, tuple[Variant, ...]]:
    """The base of a village-level file and each of its variants (`Variant.area` set), all checked."""
    path = Path(path)
    data = read_toml(path)
    raw_variants = data.pop("variant", [])
    base = area_from_data(path, copy.deepcopy(data))
    if isinstance(raw_variants, dict):
        raw_variants = [raw_variants]
    if not isinstance(raw_variants, list):
        raise ScenarioError("must be a list of [[variant]] tables", file=str(path), where="[variant]")
    variants: list[Variant] = []
    for i, raw in enumerate(raw_variants):
        try:
            t = Table(raw, ("variant", i))
            t.unknown_keys(VARIANT_FIELDS)
            name = t.text("name")
            if name == "base" or any(v.name == name for v in variants):
                raise t.fail("name", f"{name!r} is used twice (or is 'base'); give each variant its own name")
            pots, rest = _split_budgets(t, data, base)
            merged = apply_overrides(data, rest)
        except ScenarioError as exc:
            raise exc.located(str(path), describe_toml_path({"variant": raw_variants}, exc.path)) from None
        area = area_from_data(path, merged, pots, where=f"[[variant]] #{i + 1} {name!r}")
        variants.append(Variant(name, area.scenario, t.text("note", ""), area))
    return base, tuple(variants)


def _split_budgets(t: Table, data: dict, base: AreaScenario) -> tuple[dict, Table]:
    """(new-pot functions of the sources with pots in a file, the variant without their changes)."""
    budgets = Table(t.data.get("budget") or {}, (*t.path, "budget"))
    in_files = {
        s.id: scope
        for s, scope in zip(base.scenario.sources, base.scopes, strict=True)
        if scope == "village" or (scope == "regency" and "budget" not in _source(data, s.id))
    }
    pots = {}
    for sid, change in budgets.data.items():
        if sid not in in_files:
            continue
        at = (*budgets.path, sid)
        if not (isinstance(change, str) and PERCENT_CHANGE.fullmatch(change)):
            raise ScenarioError(NO_RUPIAH_FOR_POTS.format(sid=sid, scope=in_files[sid]), at)
        pots[sid] = functools.partial(new_budget, change=change, path=at)
    rest = {k: v for k, v in t.data.items() if k != "budget"}
    others = {k: v for k, v in budgets.data.items() if k not in pots}
    return pots, Table(rest | ({"budget": others} if others else {}), t.path)


def _source(data: dict, sid: str) -> dict:
    return next((s for s in data.get("source") or [] if isinstance(s, dict) and s.get("id") == sid), {})
