"""Explain a plan in planner terms: which rules bind, and what a missed requirement needs.

Everything here is derived from whole-person allocations in exact Rupiah, or from
extra solves of the same program in a diagnostic mode (`optimizer.model.Mode`).
"""

from __future__ import annotations

from optimizer.messages import Msg
from optimizer.model import Mode
from optimizer.monthly.model import build_monthly_program, solution_runs
from optimizer.monthly.months import LAST_MONTH, available_by, reporting_month, runs_of, uses_monthly_model
from optimizer.monthly.result import Runs, paid_by, price_of
from optimizer.result import Rows, Shortfall
from optimizer.scenario import Group, Metric, Objective, Scenario, Source
from optimizer.solve import solve_program


def binding_rules(
    scenario: Scenario, sources: Rows, groups: Rows, runs: Runs | None = None
) -> tuple[str, ...]:
    """Sentences naming the limits that stop the plan from covering more.

    The one explanation engine of annual, monthly and village plans: `runs` (monthly
    plans) prices one more person by the group's cheapest run and adds the tranche
    limits; an annual scenario solved by the monthly model gets the same sentences.
    """
    covered = dict(zip(groups.column("group"), groups.column("covered"), strict=True))
    left = dict(zip(sources.column("source"), sources.column("left"), strict=True))
    out = group_limits(scenario, covered)
    for s in scenario.sources:
        open_groups = [g for g in scenario.groups if s.may_pay_for(g.id) and covered[g.id] < g.max_persons]
        costs = (_cheapest_cover(scenario, s, g, runs is not None) for g in open_groups)
        cheapest = min((c for c in costs if c is not None), default=None)
        if s.premium_budget == 0:
            continue
        if cheapest is None and left[s.id] > 0:
            out.append(Msg("bind.unused", source=s.id, left=int(left[s.id]), groups=tuple(s.eligible or ())))
        elif cheapest is not None and left[s.id] < cheapest:
            out.append(Msg("bind.used_up", source=s.id, left=int(left[s.id]), cheapest=cheapest))
        if runs is not None and open_groups:
            out += _tranche_limits(scenario, s, open_groups, runs)
    return tuple(out)


def _cheapest_cover(scenario: Scenario, s: Source, g: Group, monthly: bool) -> int | None:
    """Rupiah of the cheapest cover of one more person of `g` by `s` (None: no allowed run)."""
    if not monthly:
        return scenario.unit_cost(s, g)
    lengths = [r.length for r in runs_of(g, reporting_month(scenario))]
    return price_of(scenario, s.id, g.id) * min(lengths) if lengths else None


def _tranche_limits(scenario: Scenario, s: Source, open_groups: list[Group], runs: Runs) -> list[Msg]:
    """Months where the money arrived so far is spent and the next tranche is still to come."""
    out = []
    for t in range(1, 12):
        arrived = available_by(s, t)
        if 0 < arrived < available_by(s, t + 1):
            spare = arrived - paid_by(scenario, runs, s.id, t)
            if spare < min(price_of(scenario, s.id, g.id) for g in open_groups):
                out.append(Msg("bind.tranche_spent", source=s.id, month=t, arrived=arrived))
    return out


def group_limits(scenario: Scenario, covered: dict[str, int]) -> list[str]:
    """Sentences for groups that stop at a limit: all covered, at the cap, at the floor.

    Shared by the annual and the monthly plan.
    """
    out: list[str] = []
    for g in scenario.groups:
        n = covered[g.id]
        if g.uncovered and n == g.uncovered:
            out.append(Msg("bind.all_covered", group=g.id, n=g.uncovered))
        elif n == g.max_persons and g.max_persons < g.uncovered:
            out.append(Msg("bind.cap", group=g.id, n=g.max_persons))
        elif g.min_persons and n == g.min_persons:
            out.append(Msg("bind.floor", group=g.id, n=g.min_persons))
    return out


def top_up_sources(scenario: Scenario) -> tuple[Source, ...]:
    """Where extra money could come from: sources marked top_up, else unrestricted ones."""
    marked = tuple(s for s in scenario.sources if s.top_up)
    return marked or tuple(s for s in scenario.sources if s.eligible is None)


def extra_budget(
    scenario: Scenario, objective: Objective, metric: Metric, solver: str, with_target: bool
) -> tuple[tuple[tuple[str, int], ...] | None, bool]:
    """(Smallest extra Rupiah per top-up source that meets the floors (and the target), whether
    the solver proved that split: the total is proven least, the split among sources is a
    tie-break that may stop at its limit, as CBC's did on a random monthly file).

    The extra money is taken to arrive in January; each source needs what it is short in
    its tightest month (paid by month t minus arrived by t, at its largest), which for a
    source without tranches is its spend minus its premium budget. None when no amount
    of money helps (no top-up source, or too few uncovered workers).
    """
    sources = top_up_sources(scenario)
    if not sources:
        return None, True
    ids = tuple(s.id for s in sources)
    program = build_monthly_program(scenario, objective, metric, Mode.MIN_EXTRA_BUDGET, ids, with_target)
    solution = solve_program(program, solver)  # all goals: the split among sources is reported
    if not solution.status.has_plan:
        return None, True
    runs, _ = solution_runs(program, solution.values)
    out = []
    for s in sources:
        need = max(paid_by(scenario, runs, s.id, t) - available_by(s, t) for t in range(1, LAST_MONTH + 1))
        if need > 0:
            out.append((s.id, need))
    return tuple(out), not solution.unproven


def target_shortfall(
    scenario: Scenario, metric: Metric, solver: str, credited_after: float, binding: tuple[str, ...]
) -> Shortfall:
    missing = scenario.region.target - credited_after
    extra, proven = extra_budget(scenario, Objective.MIN_COST, metric, solver, with_target=True)
    return target_gap(scenario, missing, extra, binding, proven)


def target_gap(
    scenario: Scenario,
    missing: float,
    extra: tuple[tuple[str, int], ...] | None,
    binding: tuple[str, ...],
    split_proven: bool = True,
) -> Shortfall:
    """The target shortfall of an annual or monthly plan: what is missing, the extra money, why."""
    reasons = list(binding)
    if extra is None:
        monthly = uses_monthly_model(scenario)
        reasons.insert(0, Msg("short.money_cannot_monthly" if monthly else "short.money_cannot"))
    return Shortfall(missing, extra or (), tuple(reasons), split_proven=split_proven)


def floor_gap(
    scenario: Scenario,
    short: list[tuple[str, int]],
    extra: tuple[tuple[str, int], ...] | None,
    split_proven: bool = True,
) -> Shortfall:
    """The floors an annual or monthly plan cannot afford, by how much, and the extra money."""
    reasons = [
        Msg("short.floor", group=gid, floor=scenario.group(gid).min_persons, short=n) for gid, n in short
    ]
    if extra is None:
        reasons.append(Msg("short.no_top_up"))
    return Shortfall(float(sum(n for _, n in short)), extra or (), tuple(reasons), tuple(short), split_proven)
