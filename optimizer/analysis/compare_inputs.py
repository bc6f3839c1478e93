"""What differs between two scenarios' inputs: a readable diff, only what changed, old -> new.

A village-level file is compared through the aggregate `Scenario` its loader builds (group
`uncovered` and file-budgeted source `budget` are totals over the villages) plus its
`VillageInputs`: the scopes, minimum shares and figures per village that the totals hide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import reduce

from optimizer.messages import Msg
from optimizer.scenario import Group, Package, Scenario, Source, Tranche


@dataclass(frozen=True)
class Change:
    #: What changed, e.g. "source apbd: budget" (a `Msg`: English text, can be said in Indonesian).
    what: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.what}: {self.old} -> {self.new}"


@dataclass(frozen=True)
class VillageInputs:
    """What a village-level file holds beyond its aggregate `Scenario` (plain data, for the diff)."""

    villages: int
    regencies: int
    #: source id -> "village", "regency" or "province"
    scopes: Mapping[str, str]
    min_village_share: float | None
    min_district_share: float | None
    #: (kind, id) -> place code -> figure: ("group", g) uncovered persons per village,
    #: ("village", s) / ("regency", s) premium Rupiah of source s per village / regency pot
    figures: Mapping[tuple[str, str], Mapping[str, int]]


#: Places listed in one per-village change; the rest are counted.
PLACES_LISTED = 5
_PER = {"group": "uncovered persons per village", "village": "premium budget per village",
        "regency": "premium budget per regency"}  # fmt: skip


def input_changes(
    a: Scenario, b: Scenario, va: VillageInputs | None = None, vb: VillageInputs | None = None
) -> tuple[Change, ...]:
    """Budgets, groups, prices, targets, eligibility and settings that differ from `a` to `b`
    (`va`, `vb`: what a village-level file adds; None for group totals)."""
    out: list[Change] = []
    ra, rb = a.region, b.region
    for label, x, y in (
        ("region workforce", ra.workforce, rb.workforce),
        ("region active participants", ra.active, rb.active),
        ("region target participants", ra.target, rb.target),
        ("region target rate", _pct(ra.target / ra.workforce), _pct(rb.target / rb.workforce)),
        ("objective", a.objective.value, b.objective.value),
        ("metric", a.metric.value, b.metric.value),
        ("spending order", ", ".join(a.spending_order), ", ".join(b.spending_order)),
    ):
        if x != y:
            out.append(Change(Msg("chg.plain", what=label), _fmt(x), _fmt(y)))
    out += _entities("package", a.packages, b.packages)
    out += _entities("group", a.groups, b.groups)
    out += _entities("source", a.sources, b.sources)
    if va is not None or vb is not None:
        out += village_changes(a, b, va, vb)
    return tuple(out)


def village_changes(
    a: Scenario, b: Scenario, va: VillageInputs | None, vb: VillageInputs | None
) -> list[Change]:
    """Villages, scopes, minimum shares and per-village figures (a file of group totals has none)."""
    out = []
    if (va and va.villages) != (vb and vb.villages):
        out.append(Change(Msg("chg.plain", what="villages"), _villages(va), _villages(vb)))
    out += _scope_changes(a, b, va, vb)
    out += _share_changes(va, vb)
    if va is None or vb is None:
        return out  # group totals have no figures per village: the totals above are all there is
    return out + _figure_changes(va, vb)


def _scope_changes(
    a: Scenario, b: Scenario, va: VillageInputs | None, vb: VillageInputs | None
) -> list[Change]:
    """The pots of each source both files have (village, regency or one pot)."""
    out = []
    for ident in [s.id for s in a.sources if s.id in {t.id for t in b.sources}]:
        x, y = _scope(va, ident), _scope(vb, ident)
        if x != y:
            out.append(
                Change(Msg("chg.field", kind="source", ident=ident, field="scope"), _word(x), _word(y))
            )
    return out


def _share_changes(va: VillageInputs | None, vb: VillageInputs | None) -> list[Change]:
    """The minimum village and district shares ("(none)" for group totals or no share)."""
    out = []
    for label, x, y in (
        ("minimum village share", *(v and v.min_village_share for v in (va, vb))),
        ("minimum district share", *(v and v.min_district_share for v in (va, vb))),
    ):
        if x != y:
            out.append(
                Change(
                    Msg("chg.plain", what=label),
                    *(_word("(none)") if v is None else _pct(v / 100) for v in (x, y)),
                )
            )
    return out


def _figure_changes(va: VillageInputs, vb: VillageInputs) -> list[Change]:
    """Persons per village and pots per place that differ, for groups and sources in both files."""
    out = []
    for key in dict.fromkeys([*va.figures, *vb.figures]):
        old, new = va.figures.get(key, {}), vb.figures.get(key, {})
        places = sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))
        if places and (key in va.figures) == (key in vb.figures):  # a source or group added is listed above
            kind, ident = key
            what = Msg(
                "chg.field", kind="group" if kind == "group" else "source", ident=ident, field=_PER[kind]
            )
            out.append(Change(what, _places(places, old, kind), _places(places, new, kind)))
    return out


def _villages(v: VillageInputs | None) -> str:
    return _word("(group totals)") if v is None else Msg("val.n", x=v.villages)


def _scope(v: VillageInputs | None, source: str) -> str:
    """A source's pots: group totals and a one-regency regency scope are one pot, like province."""
    scope = "one pot" if v is None else v.scopes.get(source, "one pot")
    if scope == "province" or (scope == "regency" and v is not None and v.regencies == 1):
        return "one pot"
    return scope


def _places(places: list[str], figures: Mapping[str, int], kind: str) -> str:
    """The figures of the first places that differ ("3503010001 40, 3503010002 -"), and how many more."""
    items = [
        Msg("val.at_word", code=p, x="(none)") if p not in figures
        else Msg("val.at_rp" if kind != "group" else "val.at_n", code=p, x=figures[p])
        for p in places[:PLACES_LISTED]
    ]  # fmt: skip
    if len(places) > PLACES_LISTED:
        items.append(Msg("val.more_places", n=len(places) - PLACES_LISTED))
    return reduce(lambda x, y: Msg("val.join", a=x, b=y), items)


_SKIP = {"id", "note"}
_LABELS = {"budget": "budget", "premium_budget": "premium budget", "eligible": "may pay for"}


def _entities(kind: str, xs, ys) -> list[Change]:
    old = {x.id: x for x in xs}
    new = {y.id: y for y in ys}
    out = []
    for ident, x in old.items():
        if ident not in new:
            out.append(Change(Msg("chg.entity", kind=kind, ident=ident), _summary(x), _word("(removed)")))
            continue
        y = new[ident]
        for f in fields(x):
            if f.name in _SKIP:
                continue
            vx, vy = getattr(x, f.name), getattr(y, f.name)
            if vx != vy:
                what = Msg("chg.field", kind=kind, ident=ident, field=_LABELS.get(f.name, f.name))
                out.append(Change(what, _fmt(vx, f.name), _fmt(vy, f.name)))
        if isinstance(x, Source) and x.premium_budget != y.premium_budget and x.premium_share is not None:
            what = Msg("chg.field", kind=kind, ident=ident, field="premium budget")
            out.append(Change(what, _fmt(x.premium_budget), _fmt(y.premium_budget)))
        if isinstance(x, Group) and (x.min_persons, x.max_persons) != (y.min_persons, y.max_persons):
            out.append(
                Change(
                    Msg("chg.field", kind=kind, ident=ident, field="floor..cap persons"),
                    Msg("val.range", lo=x.min_persons, hi=x.max_persons),
                    Msg("val.range", lo=y.min_persons, hi=y.max_persons),
                )
            )
    for ident, y in new.items():
        if ident not in old:
            out.append(Change(Msg("chg.entity", kind=kind, ident=ident), _word("(none)"), _summary(y)))
    return out


def _summary(x) -> str:
    if isinstance(x, Source):
        who = _word("all groups") if x.eligible is None else ", ".join(x.eligible)
        return Msg("val.source", kind=x.kind.value, budget=x.budget, who=who)
    if isinstance(x, Group):
        return Msg("val.group", n=x.uncovered, months=x.months, package=x.package)
    if isinstance(x, Package):
        return Msg("val.price", price=x.monthly_price)
    return str(x)


def _fmt(v, name: str = "") -> str:
    if v is None:
        return _word("all groups" if name == "eligible" else "(none)")
    if isinstance(v, bool):
        return _word("yes" if v else "no")
    if isinstance(v, int):
        return Msg("val.rp", x=v) if name in ("budget", "monthly_price") else Msg("val.n", x=v)
    if isinstance(v, tuple):
        if not v:
            return _word("(none)")
        if isinstance(v[0], tuple):
            return ", ".join(f"{k}: Rp{p:,}" for k, p in v)
        if isinstance(v[0], Tranche):
            return ", ".join(_tranche(t) for t in v)
        return ", ".join(str(x) for x in v)
    if hasattr(v, "value"):
        return str(v.value)
    return str(v)


def _tranche(t: Tranche) -> str:
    money = f"{t.share:g}%" if t.share is not None else f"Rp{t.amount:,}"
    return f"month {t.month}: {money}"


def _pct(x: float) -> str:
    return Msg("val.pct", x=100 * x)


def _word(w: str) -> str:
    return Msg("val.word", x=w)
