"""Turn a parsed scenario (plain dicts and lists, from TOML or Excel) into a `Scenario`.

Only types and ranges of single fields are checked here; rules that relate fields
(unknown ids, floors above headcounts...) live in `optimizer.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from optimizer.errors import FieldPath, ScenarioError
from optimizer.io import monthly_fields
from optimizer.io.baseline import read_baseline
from optimizer.io.fields import MAX_PERSONS, Table
from optimizer.scenario import (
    Baseline,
    Group,
    Metric,
    Objective,
    Package,
    Region,
    Scenario,
    Source,
    SourceKind,
)

# "variant" tables are read by optimizer.io.variants; the base scenario ignores them.
TOP_LEVEL = {
    "format",
    "assumptions",
    "region",
    "optimize",
    "package",
    "group",
    "source",
    "overlap",
    "variant",
}
#: Read by optimizer.multiyear.horizon and optimizer.uncertainty.ranges; `solve` ignores them.
EXTENSIONS = {"horizon", "uncertainty"}
REGION_FIELDS = {
    "name",
    "year",
    "workforce",
    "active",
    "published_rate",
    "target_rate",
    "target_participants",
    "note",
} | monthly_fields.REGION_FIELDS
ACTIVE_PARTS = ("wage", "non_wage", "construction")
OPTIMIZE_FIELDS = {"objective", "metric", "spending_order", "baseline"}
PACKAGE_FIELDS = {"id", "name", "monthly_price", "wage_percent", "declared_wage", "price_by_source", "note"}
GROUP_FIELDS = {"id", "name", "uncovered", "package", "months", "weight", "floor", "cap", "note"}
GROUP_FIELDS |= monthly_fields.GROUP_FIELDS
SOURCE_FIELDS = {"id", "name", "kind", "budget", "eligible", "premium_share", "top_up", "note"}
SOURCE_FIELDS |= monthly_fields.SOURCE_FIELDS
MAX_MONTHLY_PRICE = 10_000_000


#: Control characters that no spreadsheet cell can hold (openpyxl's IllegalCharacterError);
#: tab, newline and carriage return are allowed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def refuse_control_characters(data: Any, path: FieldPath = ()) -> None:
    """Any text (or key) with a control character such as U+0001 is a copy-paste accident; a plan
    or workbook could not be written with it, so it is refused here, naming the field."""
    if isinstance(data, str):
        found = CONTROL_CHARACTERS.search(data)
        if found:
            raise ScenarioError(
                f"contains the control character U+{ord(found.group()):04X}, which Excel and CSV "
                "readers cannot show; delete it",
                path,
            )
    elif isinstance(data, Mapping):
        for key, value in data.items():
            refuse_control_characters(key, (*path, str(key)))
            refuse_control_characters(value, (*path, str(key)))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            refuse_control_characters(value, (*path, i))


def scenario_from_mapping(data: Any, path: str = "") -> Scenario:
    """Build a `Scenario` from parsed data; raises `ScenarioError` naming the bad field."""
    refuse_control_characters(data)
    root = Table(data, ())
    root.unknown_keys(TOP_LEVEL | EXTENSIONS)
    fmt = root.data.get("format", 1)
    if isinstance(fmt, bool) or fmt != 1:
        raise root.fail("format", f"version {fmt!r} is not supported; write format = 1 (no quotes)")
    if not root.has("region"):
        raise ScenarioError("is missing; add a [region] table (see docs/scenario-format.md)", ("region",))
    region = _region(Table(root.data["region"], ("region",)))
    optimize = Table(root.data.get("optimize", {}), ("optimize",))
    optimize.unknown_keys(OPTIMIZE_FIELDS)
    packages = tuple(_package(t) for t in _entries(root, "package"))
    groups = tuple(_group(t) for t in _entries(root, "group"))
    sources = tuple(_source(t) for t in _entries(root, "source"))
    order = _id_list(optimize, "spending_order") if optimize.has("spending_order") else ()
    return Scenario(
        region=region,
        packages=packages,
        groups=groups,
        sources=sources,
        objective=Objective(optimize.choice("objective", list(Objective), "max-coverage")),
        metric=Metric(optimize.choice("metric", list(Metric), "persons")),
        spending_order=order or default_spending_order(sources),
        assumptions=_assumptions(root),
        path=path,
        overlaps=monthly_fields.overlaps(root),
        baseline=_baseline(optimize, path),
    )


def _baseline(optimize: Table, path: str) -> Baseline | None:
    """[optimize] baseline: a previous JSON plan, its path relative to the scenario's folder."""
    if not optimize.has("baseline"):
        return None
    name = optimize.data["baseline"]
    if not isinstance(name, str) or not name.strip():
        raise optimize.fail("baseline", 'must name a previous JSON plan, e.g. "plan-2025.json"')
    file = Path(path).parent / name if path else Path(name)
    try:
        return read_baseline(file)
    except ScenarioError as exc:
        raise optimize.fail("baseline", str(exc)) from None


def wage_price(wage: int, percent: float) -> int:
    """wage x percent / 100 rounded to the Rupiah, half up (Rp5,000.5 -> Rp5,001), in exact
    decimals: as a planner rounds on paper or with Excel's ROUND, not Python's half to even."""
    exact = Decimal(wage) * Decimal(repr(percent)) / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def default_spending_order(sources: tuple[Source, ...]) -> tuple[str, ...]:
    """Earmarked money first (file order), the regency's own APBD last."""
    return tuple(s.id for s in sorted(sources, key=lambda s: s.kind is SourceKind.APBD))


def _entries(root: Table, key: str) -> list[Table]:
    raw = root.data.get(key)
    if raw is None:
        raise ScenarioError(f"no [[{key}]] entries; add at least one", (key,))
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"must be a list of [[{key}]] tables", (key,))
    return [Table(item, (key, i)) for i, item in enumerate(raw)]


def _region(t: Table) -> Region:
    t.unknown_keys(REGION_FIELDS)
    workforce = t.whole("workforce", minimum=1, maximum=MAX_PERSONS, unit="persons")
    split: tuple[tuple[str, int], ...] = ()
    if isinstance(t.data.get("active"), Mapping):
        parts = Table(t.data["active"], (*t.path, "active"))
        parts.unknown_keys(set(ACTIVE_PARTS))
        split = tuple((k, parts.whole(k, 0, maximum=MAX_PERSONS, unit="persons")) for k in ACTIVE_PARTS)
        active = sum(v for _, v in split)
    else:
        active = t.whole("active", maximum=MAX_PERSONS, unit="persons")
    target_rate = t.percent("target_rate") if t.has("target_rate") else None
    target_people = (
        t.whole("target_participants", maximum=MAX_PERSONS, unit="persons")
        if t.has("target_participants")
        else None
    )
    if target_rate is None and target_people is None:
        raise t.fail("target_rate", "is missing; give target_rate (percent) or target_participants")
    if target_rate is not None and target_people is not None:
        raise t.fail("target_participants", "give target_rate or target_participants, not both")
    return Region(
        name=t.text("name"),
        year=t.whole("year", minimum=1990, maximum=2100),
        workforce=workforce,
        active=active,
        active_split=split,
        published_rate=t.percent("published_rate") if t.has("published_rate") else None,
        target_rate=target_rate,
        target_participants=target_people,
        reporting_month=monthly_fields.reporting_month(t),
    )


def _package(t: Table) -> Package:
    t.unknown_keys(PACKAGE_FIELDS)
    if t.has("monthly_price") == t.has("wage_percent"):
        raise t.fail("monthly_price", "give either monthly_price or wage_percent + declared_wage")
    if t.has("monthly_price"):
        price = t.whole("monthly_price", minimum=1, maximum=MAX_MONTHLY_PRICE, unit="Rupiah")
    else:
        pct = t.number("wage_percent", minimum=0.0, maximum=100.0, exclusive_min=True)
        wage = t.whole("declared_wage", minimum=1, unit="Rupiah")
        price = wage_price(wage, pct)
        if not 1 <= price <= MAX_MONTHLY_PRICE:
            raise t.fail("declared_wage", f"gives a monthly price of Rp{price:,}; check the wage")
    by_source = Table(t.data.get("price_by_source", {}), (*t.path, "price_by_source"))
    overrides = tuple(
        (str(k), by_source.whole(str(k), minimum=1, maximum=MAX_MONTHLY_PRICE, unit="Rupiah"))
        for k in by_source.data
    )
    ident = t.ident("id")
    return Package(ident, t.text("name", ident), price, overrides)


def _group(t: Table) -> Group:
    t.unknown_keys(GROUP_FIELDS)
    ident = t.ident("id")
    months, chosen = monthly_fields.group_months(t)
    return Group(
        id=ident,
        name=t.text("name", ident),
        uncovered=t.whole("uncovered", maximum=MAX_PERSONS, unit="persons"),
        package=t.text("package"),
        months=months,
        weight=t.number("weight", 1.0, minimum=0.0, maximum=1e6, exclusive_min=True),
        floor=t.share("floor"),
        cap=t.share("cap"),
        note=t.text("note", ""),
        window=monthly_fields.window(t),
        min_run=monthly_fields.min_run(t),
        choose_months=chosen,
    )


def _source(t: Table) -> Source:
    t.unknown_keys(SOURCE_FIELDS)
    ident = t.ident("id")
    kind = SourceKind(t.choice("kind", list(SourceKind), "other"))
    budget = t.whole("budget", unit="Rupiah")
    eligible: tuple[str, ...] | None = None
    raw = t.data.get("eligible", "all")
    if raw != "all":
        eligible = _id_list(t, "eligible")
        if not eligible:
            raise t.fail("eligible", 'is empty: list at least one group id, or write "all"')
    return Source(
        id=ident,
        name=t.text("name", ident),
        budget=budget,
        kind=kind,
        eligible=eligible,
        premium_share=t.percent("premium_share") if t.has("premium_share") else None,
        top_up=t.boolean("top_up", kind is SourceKind.APBD),
        note=t.text("note", ""),
        tranches=monthly_fields.tranches(t, budget),
    )


def _id_list(t: Table, key: str) -> tuple[str, ...]:
    raw = t.data.get(key)
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise t.fail(key, 'must be a list of ids in quotes, like ["rt-rw", "nelayan"]')
    return tuple(x.strip() for x in raw)


def _assumptions(root: Table) -> tuple[str, ...]:
    raw = root.data.get("assumptions", [])
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise root.fail("assumptions", "must be a list of sentences in quotes")
    return tuple(raw)
