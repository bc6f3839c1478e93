"""What moved from the baseline plan, and which inputs changed since it was made.

An analysis over one `Plan` whose scenario has a baseline (`[optimize] baseline` or
`--baseline`): no solve. The plan itself was chosen, among the equally good plans, as
the one that moves the fewest persons (`optimizer.model.baseline_goal`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from optimizer import i18n
from optimizer.result import Plan


@dataclass(frozen=True)
class Move:
    """One (source, group) whose persons differ from the baseline plan."""

    source: str
    group: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Moves:
    file: str
    #: Sorted by source, then group; pairs with the same persons are left out.
    moves: tuple[Move, ...]
    #: Inputs that differ from the baseline's: ("budget", source, before, after),
    #: ("group size", group, before, after); before or after is None for an added or removed id.
    changed: tuple[tuple[str, str, int | None, int | None], ...]

    @property
    def persons_moved(self) -> int:
        """Persons added to or taken from a (source, group) pair, summed: a person moved from one
        source to another counts twice, as in the distance the plan minimises."""
        return sum(abs(m.change) for m in self.moves)

    @property
    def persons_taken(self) -> int:
        """Persons no longer paid by the (source, group) pair that paid for them before."""
        return sum(-m.change for m in self.moves if m.change < 0)

    @property
    def persons_added(self) -> int:
        """Persons paid by a (source, group) pair that did not pay for them before."""
        return sum(m.change for m in self.moves if m.change > 0)


def moves_title(file: str, taken: int, added: int, lang: i18n.Lang) -> str:
    """The sentence that heads the moves in the table, the HTML report and the Excel plan."""
    name = Path(file).name
    if not taken and not added:
        return i18n.t("baseline.same", lang, file=name)
    return i18n.t(
        "baseline.title", lang, file=name, taken=i18n.number(taken, lang), added=i18n.number(added, lang)
    )


def persons_by_pair(plan: Plan) -> dict[tuple[str, str], int]:
    """Persons the plan pays for, per (source, group); a monthly plan's runs summed."""
    out: dict[tuple[str, str], int] = {}
    for r in plan.allocation_rows:
        out[r.source, r.group] = out.get((r.source, r.group), 0) + int(r.persons)
    return out


def moves_of(plan: Plan) -> Moves | None:
    """The moves of `plan` from its scenario's baseline; None without a baseline."""
    baseline = plan.scenario.baseline
    if baseline is None:
        return None
    after = persons_by_pair(plan)
    before = baseline.persons_of()
    moves = tuple(
        Move(s, g, before.get((s, g), 0), after.get((s, g), 0))
        for s, g in sorted(set(before) | set(after))
        if before.get((s, g), 0) != after.get((s, g), 0)
    )
    budgets = {s.id: s.premium_budget for s in plan.scenario.sources}
    sizes = {g.id: g.uncovered for g in plan.scenario.groups}
    # A plan file without its sources or groups table says nothing of what changed.
    changed = _changed("budget", dict(baseline.budgets), budgets) if baseline.budgets else ()
    changed += _changed("group size", dict(baseline.groups), sizes) if baseline.groups else ()
    return Moves(baseline.file, moves, changed)


def _changed(what: str, old: dict[str, int], new: dict[str, int]):
    return tuple(
        (what, key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    )
