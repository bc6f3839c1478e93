"""Scenarios side by side: what differs in their inputs, then what each plan reaches."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from optimizer import i18n
from optimizer.analysis.compare_inputs import Change, VillageInputs, input_changes
from optimizer.messages import say
from optimizer.optimize import optimize
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective, Scenario

#: How one scenario becomes its plan, given compare's overrides (objective, metric, solver,
#: time limit): `optimize` for one region, the village pipeline for a village-level file.
PlanMaker = Callable[[Objective | None, Metric | None, str, float | None], Plan]


@dataclass(frozen=True)
class Candidate:
    """One column to compare, before it is solved: a label, its scenario and how to plan it.

    For a village-level file `scenario` is the aggregate the village loader builds (totals
    over the villages) and `villages` what it adds (scopes, shares, figures per village).
    """

    label: str
    scenario: Scenario
    #: None: `optimize(scenario, ...)`, the one-region plan.
    make_plan: PlanMaker | None = None
    villages: VillageInputs | None = None

    def plan(
        self, objective: Objective | None, metric: Metric | None, solver: str, time_limit: float | None
    ) -> Plan:
        if self.make_plan is None:
            return optimize(self.scenario, objective, metric, solver, time_limit)
        return self.make_plan(objective, metric, solver, time_limit)


@dataclass(frozen=True)
class Entry:
    """One column of a comparison: a label (file name or variant name) and its plan."""

    label: str
    scenario: Scenario
    plan: Plan
    villages: VillageInputs | None = None

    @property
    def cost_per_new_person(self) -> float | None:
        new = self.plan.coverage.new_persons
        return self.plan.total_cost / new if new else None


@dataclass(frozen=True)
class Comparison:
    entries: tuple[Entry, ...]
    #: For each entry after the first: its input changes against the first.
    changes: tuple[tuple[Change, ...], ...]


def compare(
    labelled: Sequence[Candidate | tuple[str, Scenario]],
    objective: Objective | None = None,
    metric: Metric | None = None,
    solver: str = "highs",
    time_limit: float | None = None,
) -> Comparison:
    """Plan each candidate (its own objective and metric unless given) and diff inputs against the first.

    A `(label, scenario)` pair is a one-region candidate.
    """
    candidates = [c if isinstance(c, Candidate) else Candidate(*c) for c in labelled]
    entries = tuple(
        Entry(c.label, c.scenario, c.plan(objective, metric, solver, time_limit), c.villages)
        for c in candidates
    )
    base = entries[0]
    return Comparison(
        entries,
        tuple(input_changes(base.scenario, e.scenario, base.villages, e.villages) for e in entries[1:]),
    )


def comparison_to_dict(c: Comparison) -> dict:
    return {
        "base": c.entries[0].label,
        "input_changes": [
            {"label": e.label, "changes": [{"what": x.what, "old": x.old, "new": x.new} for x in changes]}
            for e, changes in zip(c.entries[1:], c.changes, strict=True)
        ],
        "results": [_result(e) for e in c.entries],
    }


def _result(e: Entry) -> dict:
    p, cov = e.plan, e.plan.coverage
    per = e.cost_per_new_person
    return {
        "label": e.label,
        "villages": e.villages.villages if e.villages else None,
        "status": p.outcome,
        "objective": p.objective.value,
        "metric": p.metric.value,
        "rate_before": round(cov.rate_before, 6),
        "rate_after": round(cov.rate_after, 6),
        "new_persons": cov.new_persons,
        "target_rate": round(cov.target_rate, 6),
        "target_met": cov.target_met,
        "total_cost": p.total_cost,
        "cost_per_new_person": None if per is None else round(per, 2),
        "persons_by_group": {g.group: int(g.covered) for g in p.groups.itertuples()},
        "persons_by_source": _by_source(p, "persons"),
        "spend_by_source": _by_source(p, "cost"),
    }


def _by_source(p: Plan, column: str) -> dict[str, int]:
    sums = p.allocations.groupby("source")[column].sum().to_dict()
    return {s.id: int(sums.get(s.id, 0)) for s in p.scenario.sources}


def render_json(c: Comparison) -> str:
    return json.dumps(comparison_to_dict(c), indent=2, ensure_ascii=False) + "\n"


def render_table(c: Comparison, lang: i18n.Lang = "en") -> str:
    """Input differences, then the plans side by side, in `lang`."""
    base = c.entries[0]

    def tr(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def pct(x: float) -> str:
        return i18n.percent(x, lang)

    def money(x: float | None) -> str:
        return "-" if x is None else i18n.rupiah(x, lang)

    def count(n: int | None) -> str:
        return "-" if n is None else i18n.number(n, lang)

    out = [tr("cmp.against", base=repr(base.label)), ""]
    for e, changes in zip(c.entries[1:], c.changes, strict=True):
        out.append(tr("cmp.differs", label=e.label, base=base.label))
        out += [f"  {say(x.what, lang)}: {say(x.old, lang)} -> {say(x.new, lang)}" for x in changes] or [
            "  " + tr("cmp.identical")
        ]
        out.append("")
    results = [_result(e) for e in c.entries]
    rows: list[list[str]] = [
        [tr("cmp.status"), *(tr(r["status"]) for r in results)],
        [tr("cmp.objective"), *(f"{tr(r['objective'])} / {tr(r['metric'])}" for r in results)],
        [tr("UCJ coverage"), *(f"{pct(r['rate_before'])} -> {pct(r['rate_after'])}" for r in results)],
        [tr("cmp.new persons"), *(count(r["new_persons"]) for r in results)],
        [
            tr("target"),
            *(
                f"{pct(r['target_rate'])} {tr('cmp.met' if r['target_met'] else 'cmp.NOT met')}"
                for r in results
            ),
        ],
        [tr("total cost"), *(money(r["total_cost"]) for r in results)],
        [tr("cmp.cost per new person"), *(money(r["cost_per_new_person"]) for r in results)],
    ]
    for key, title in (
        ("persons_by_group", "cmp.persons, group"),
        ("persons_by_source", "cmp.persons, source"),
    ):
        names = list(dict.fromkeys(k for r in results for k in r[key]))
        rows += [[f"{tr(title)} {n}", *(count(r[key].get(n)) for r in results)] for n in names]
    out += _columns(["", *(e.label for e in c.entries)], rows)
    return "\n".join(out) + "\n"


def _columns(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


RENDERERS = {"table": render_table, "json": render_json}
