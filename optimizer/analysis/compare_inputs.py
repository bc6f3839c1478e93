"""What differs between two scenarios' inputs: a readable diff, only what changed, old -> new."""

from __future__ import annotations

from dataclasses import dataclass, fields

from optimizer.messages import Msg
from optimizer.scenario import Group, Package, Scenario, Source


@dataclass(frozen=True)
class Change:
    #: What changed, e.g. "source apbd: budget" (a `Msg`: English text, can be said in Indonesian).
    what: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.what}: {self.old} -> {self.new}"


def input_changes(a: Scenario, b: Scenario) -> tuple[Change, ...]:
    """Budgets, groups, prices, targets, eligibility and settings that differ from `a` to `b`."""
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
    return tuple(out)


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
        return ", ".join(v)
    if hasattr(v, "value"):
        return str(v.value)
    return str(v)


def _pct(x: float) -> str:
    return Msg("val.pct", x=100 * x)


def _word(w: str) -> str:
    return Msg("val.word", x=w)
