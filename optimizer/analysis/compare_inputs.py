"""What differs between two scenarios' inputs: a readable diff, only what changed, old -> new."""

from __future__ import annotations

from dataclasses import dataclass, fields

from optimizer.scenario import Group, Package, Scenario, Source


@dataclass(frozen=True)
class Change:
    #: What changed, e.g. "source apbd: budget".
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
            out.append(Change(label, _fmt(x), _fmt(y)))
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
            out.append(Change(f"{kind} {ident}", _summary(x), "(removed)"))
            continue
        y = new[ident]
        for f in fields(x):
            if f.name in _SKIP:
                continue
            vx, vy = getattr(x, f.name), getattr(y, f.name)
            if vx != vy:
                out.append(
                    Change(
                        f"{kind} {ident}: {_LABELS.get(f.name, f.name)}", _fmt(vx, f.name), _fmt(vy, f.name)
                    )
                )
        if isinstance(x, Source) and x.premium_budget != y.premium_budget and x.premium_share is not None:
            out.append(
                Change(f"{kind} {ident}: premium budget", _fmt(x.premium_budget), _fmt(y.premium_budget))
            )
        if isinstance(x, Group) and (x.min_persons, x.max_persons) != (y.min_persons, y.max_persons):
            out.append(
                Change(
                    f"{kind} {ident}: floor..cap persons",
                    f"{x.min_persons:,}..{x.max_persons:,}",
                    f"{y.min_persons:,}..{y.max_persons:,}",
                )
            )
    for ident, y in new.items():
        if ident not in old:
            out.append(Change(f"{kind} {ident}", "(none)", _summary(y)))
    return out


def _summary(x) -> str:
    if isinstance(x, Source):
        who = "all groups" if x.eligible is None else ", ".join(x.eligible)
        return f"{x.kind.value}, Rp{x.budget:,}, may pay for {who}"
    if isinstance(x, Group):
        return f"{x.uncovered:,} uncovered, {x.months} months, package {x.package}"
    if isinstance(x, Package):
        return f"Rp{x.monthly_price:,} per month"
    return str(x)


def _fmt(v, name: str = "") -> str:
    if v is None:
        return "all groups" if name == "eligible" else "(none)"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"Rp{v:,}" if name in ("budget", "monthly_price") else f"{v:,}"
    if isinstance(v, tuple):
        if not v:
            return "(none)"
        if isinstance(v[0], tuple):
            return ", ".join(f"{k}: Rp{p:,}" for k, p in v)
        return ", ".join(v)
    if hasattr(v, "value"):
        return str(v.value)
    return str(v)


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"
