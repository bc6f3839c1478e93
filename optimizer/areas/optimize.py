"""The village-level pipeline: build -> solve (fast path or PuLP) -> whole persons -> check -> plan.

The plan is the one `Plan` that every report already understands, with its tables per
village, district and regency in `Plan.areas` (`AreaDetail`). Max-coverage with
`solver="highs"` takes the fast path beyond `EXACT_UP_TO_CELLS` and adds the certificate:
the LP value, the dual bound checked in NumPy, and the gap of the whole-person plan to that
bound in persons. Smaller files,
other solvers and min-cost are solved as one exact integer program through PuLP
(`optimizer.solve`): the main goal, least cost, then the file-order tie-break; when no plan
reaches the target, the plan is the one with the most participants (then least cost and
the file-order tie-break), and says what is missing.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer import diagnose
from optimizer.areas.bound import Parts, lagrangian_parts
from optimizer.areas.data import AreaScenario
from optimizer.areas.fast import FastAnswer, close_the_gap, solve_reduced, villages_of_rows
from optimizer.areas.model import (
    VILLAGE,
    AreaLP,
    ShareShortKey,
    VillageKey,
    build_area_lp,
    build_area_program,
)
from optimizer.areas.rounding import whole_persons
from optimizer.areas.short_fast import lowered, lp_shortfall, shortfalls
from optimizer.areas.tables import area_tables, area_violations, per_source_and_group, village_coverage
from optimizer.checks import check_warnings
from optimizer.errors import RulesCannotBeMet, ScenarioError, SolverError
from optimizer.messages import Msg
from optimizer.model import MONEY_UNIT, FloorShortKey, Mode, Program
from optimizer.outcome import (
    Outcome,
    fallback_modes,
    first_answer,
    no_plan_message,
    order_warning,
    outcome_of,
)
from optimizer.result import Plan, Shortfall, coverage_of, objective_value, plan_tables
from optimizer.scenario import Metric, Objective
from optimizer.solve import Solution, solve_program
from optimizer.status import SolveStatus

#: Village x source x group cells up to which a max-coverage plan with highs is solved as the
#: exact integer program (with the file-order tie-break, so HiGHS and CBC print the same plan)
#: rather than on the fast path. Pati's 406 desa (802 cells) take 0.14 s exactly; an invented
#: 400-village regency with 8 groups and 6 sources (4,608 cells) 1.7 s; beyond that the fast
#: path's seconds for all of Indonesia matter more than which of equally good plans is shown.
EXACT_UP_TO_CELLS = 2_000

#: Why --time-limit is refused on the fast path (one line, see README).
NO_FAST_TIME_LIMIT = (
    "--time-limit does not apply to a village-level max-coverage plan of more than "
    f"{EXACT_UP_TO_CELLS:,} village x source x group cells solved by highs (it always runs to a "
    "proven optimum in seconds); remove --time-limit, or use it with min-cost or --solver cbc"
)

#: Times the merged program is solved again with the villages whose share rounding missed made explicit.
WHOLE_RETRIES = 3


class NoAreaPlan(SolverError):
    """The village program has no plan (`status`: infeasible, unbounded, or stopped without one)."""

    def __init__(self, status: SolveStatus, solver: str):
        super().__init__(no_plan_message(status, solver))
        self.status = status
        self.solver = solver

    def __reduce__(self):  # raised in a worker process, it arrives whole
        return (type(self), (self.status, self.solver))


@dataclass(frozen=True)
class Certificate:
    """How far the whole-person plan can be from the best possible one."""

    #: LP optimum found by the solver and the dual bound recomputed here (objective units).
    lp_value: float
    dual_bound: float
    #: (dual_bound - lp_value) / max(1, lp_value): at most 1e-6 means the LP is proven optimal.
    lp_gap: float
    #: whole_bound - whole-person objective: no whole-person plan can beat ours by more.
    gap_persons: float
    lp_violation: float
    method: str
    #: upper bound for whole-person plans: the dual bound rounded down per regency where valid
    #: (`optimizer.areas.bound`), never above `dual_bound`
    whole_bound: float | None = None


@dataclass(frozen=True)
class AreaDetail:
    """What a village plan adds to the one `Plan` (`Plan.areas`)."""

    #: one row per village x source x group funded (see `optimizer.areas.tables`)
    villages: pd.DataFrame
    districts: pd.DataFrame
    regencies: pd.DataFrame
    certificate: Certificate | None
    #: every village with uncovered, covered, cost, covered_share (`tables.village_coverage`)
    coverage: pd.DataFrame | None = None
    #: runs of columns of `villages` with a key per row, equal where their values are (so the
    #: JSON writes them once per key: `optimizer.io.json_records.records_json_parts`' `keyed`);
    #: the first (code, name, district, regency) keyed by the village's row in `coverage`
    villages_keyed: tuple[tuple[tuple[str, ...], np.ndarray], ...] = ()


def optimize_areas(
    area: AreaScenario,
    objective: Objective | None = None,
    metric: Metric | None = None,
    solver: str = "highs",
    threads: int = 1,
    time_limit: float | None = None,
    fast: bool | None = None,
    floors_fallback: bool = True,
) -> Plan:
    """The plan per village for `objective` (default: the file's): a `Plan` with `areas` set.

    Max-coverage with `solver="highs"` takes the fast path (`fast`; None: beyond
    `EXACT_UP_TO_CELLS`), which always runs to its certificate and takes no `time_limit`;
    min-cost, small files and other solvers go through PuLP, where `time_limit` bounds
    each stage as for one-region plans. When the floors or minimum shares cannot be paid,
    the plan is the one closest to them (`_closest_to_floors`), or, without
    `floors_fallback`, `NoAreaPlan` with status infeasible (a frontier level needs no plan).
    """
    metric = metric or area.scenario.metric
    objective = objective or area.scenario.objective
    on_fast_path = objective is Objective.MAX_COVERAGE and solver == "highs"
    on_fast_path = on_fast_path and (
        fast if fast is not None else cells_upper_bound(area) > EXACT_UP_TO_CELLS
    )
    if time_limit is not None and on_fast_path:
        raise ScenarioError(NO_FAST_TIME_LIMIT, ("optimize", "time_limit"), file=area.scenario.path)

    def solve_as(mode: Mode) -> _Solved:
        if mode is Mode.MIN_FLOOR_SHORTFALL and on_fast_path and cells_upper_bound(area) > EXACT_UP_TO_CELLS:
            return _fast_closest(area, metric, threads)
        if mode is Mode.MIN_FLOOR_SHORTFALL:
            program = build_area_program(area, metric, objective, short_floors=True)
            return _pulp_program(area, program, solver, time_limit)
        if mode is Mode.MAX_PARTICIPANTS:
            # Exact (PuLP), not the fast path: its LP bound can be a person above the best whole
            # plan on tiny files, which would leave the fallback "not proven" (found by brute force).
            return _pulp(area, metric, solver, Objective.MAX_COVERAGE, time_limit, participants=True)
        if on_fast_path:
            try:
                return _fast(area, build_area_lp(area, metric), threads)
            except RulesCannotBeMet:  # the fast path's LP: no plan keeps the floors and shares
                return _Solved(SolveStatus.INFEASIBLE, _cells([], [], [], []))
        return _pulp(area, metric, solver, objective, time_limit)

    modes = fallback_modes(objective, floors_fallback=floors_fallback)
    mode, solved = first_answer(modes, solve_as, lambda answer: answer.status is SolveStatus.INFEASIBLE)
    if mode is Mode.MAX_PARTICIPANTS:
        return _target_unreachable(area, metric, solver, solved)
    if mode is Mode.MIN_FLOOR_SHORTFALL:
        return _closest_to_floors(area, metric, objective, solver, solved)
    return _area_plan(area, metric, objective, solver, solved)


def cells_upper_bound(area: AreaScenario) -> int:
    """At least the variables of the village program: villages with people in a group times
    the sources that may pay for that group (a village pot may still be empty)."""
    sc = area.scenario
    payers = np.array([sum(s.may_pay_for(g.id) for s in sc.sources) for g in sc.groups], dtype=np.int64)
    return int((np.asarray(area.headcount) > 0).sum(axis=0) @ payers)


@dataclass(frozen=True, eq=False)
class _Solved:
    status: SolveStatus
    #: village, source, group (indices) and whole persons, one row per variable
    cells: pd.DataFrame
    certificate: Certificate | None = None
    #: the PuLP path's solution (bounds, unfinished tie-breaks) and program; None on the fast path
    solution: Solution | None = None
    program: Program | None = None


def _target_unreachable(area: AreaScenario, metric: Metric, solver: str, best: _Solved) -> Plan:
    """No plan reaches the target: the plan with the most participants within every rule
    (as for one-region plans), and what is missing."""
    plan = _area_plan(area, metric, Objective.MIN_COST, solver, best)
    missing = area.scenario.region.target - plan.coverage.credited_after
    short = Shortfall(missing, (), (Msg("short.village_extra"), *plan.binding))
    outcome = Outcome.TARGET_UNREACHABLE if best.status is SolveStatus.OPTIMAL else Outcome.NOT_PROVEN
    # Its bounds are the participants' question, not the planner's least cost: none shown.
    return dataclasses.replace(plan, outcome=outcome, shortfall=short, bound=None, lp_bound=None, gap=None)


def _closest_to_floors(area: AreaScenario, metric: Metric, objective: Objective, solver, solved: _Solved):
    """Floors or minimum shares that the money on hand cannot pay (as for one-region plans):
    the plan that leaves the fewest persons short, at least cost, and by how much. Exact
    (PuLP) on every size: on the fast path's sizes this is slow, but it is an answer."""
    if not solved.status.has_plan:
        raise NoAreaPlan(solved.status, solver)
    plan = _area_plan(area, metric, objective, solver, solved, floors_apply=False)
    if solved.program is None:  # the fast path's fallback: counted from the plan
        short = shortfalls(area, plan.areas.villages)
    else:
        short = [
            (v.key, int(x))
            for v, x in zip(solved.program.variables, solved.solution.values, strict=True)
            if isinstance(v.key, FloorShortKey | ShareShortKey) and x > 0
        ]
    gap = floors_gap(area.scenario, short)
    outcome = outcome_of(solved.status, Mode.MIN_FLOOR_SHORTFALL, gap)
    target = None
    if objective is Objective.MIN_COST and not plan.coverage.target_met:
        missing = area.scenario.region.target - plan.coverage.credited_after
        target = Shortfall(missing, (), (Msg("short.village_extra"), *plan.binding))
    # Its bounds are of the shortfall question, not the planner's objective: none shown.
    return dataclasses.replace(
        plan, outcome=outcome, floor_shortfall=gap, shortfall=target, bound=None, lp_bound=None, gap=None
    )


def floors_gap(scenario, short: list[tuple[object, int]]) -> Shortfall:
    """The group floors and minimum shares a village plan leaves short, and by how much."""
    groups = [(k.group, n) for k, n in short if isinstance(k, FloorShortKey)]
    reasons = [Msg("short.floor", group=g, floor=scenario.group(g).min_persons, short=n) for g, n in groups]
    # Persons short of groups, of villages and of districts overlap (a village short leaves its
    # district short too); each kind alone is a sum over disjoint places, so the largest is
    # what must be covered at least.
    totals = [sum(n for _, n in groups)]
    for kind in ("village", "district"):
        mine = [n for k, n in short if isinstance(k, ShareShortKey) and k.kind == kind]
        totals.append(sum(mine))
        if mine:
            reasons.append(Msg(f"short.{kind}_share", places=len(mine), short=sum(mine)))
    reasons.append(Msg("short.village_floor_extra"))
    return Shortfall(float(max(totals)), (), tuple(reasons), tuple(groups))


def _area_plan(
    area: AreaScenario,
    metric: Metric,
    objective: Objective,
    solver: str,
    solved: _Solved,
    floors_apply: bool = True,
) -> Plan:
    """Tables, the exact re-check of every village rule, and the plan."""
    if not solved.status.has_plan:
        raise NoAreaPlan(solved.status, solver)
    villages, districts, regencies, per_village, keyed = area_tables(area, solved.cells, metric)
    broken = area_violations(area, villages, floors_apply)
    if broken:
        raise SolverError("the plan breaks a rule: " + "; ".join(broken[:5]))
    coverage = village_coverage(area, per_village)
    detail = AreaDetail(villages, districts, regencies, solved.certificate, coverage, keyed)
    return dataclasses.replace(_plan(area, metric, objective, solver, solved), areas=detail)


def _fast_closest(area: AreaScenario, metric: Metric, threads: int) -> _Solved:
    """The floors fallback of a file too large for the exact program (`optimizer.areas.short_fast`):
    the fast path's plan for the rules lowered by the LP's shortfall, not proven to leave the
    fewest persons short."""
    lp = build_area_lp(area, metric, reachable=False)
    rows, short = lp_shortfall(lp)
    try:
        solved = _fast(area, lowered(lp, rows, short), threads)
    except SolverError:  # whole persons could not keep a lowered row: a person more off each
        solved = _fast(area, lowered(lp, rows, short, slack=1), threads)
    note = "; floors and shares lowered by the LP's shortfall first (fewest persons short not proven)"
    certificate = dataclasses.replace(solved.certificate, method=solved.certificate.method + note)
    return dataclasses.replace(solved, status=SolveStatus.NOT_PROVEN, certificate=certificate)


def _fast(area: AreaScenario, lp: AreaLP, threads: int) -> _Solved:
    if len(lp.village) == 0:  # no village has anyone a source may pay for: nothing to solve
        nothing = Certificate(0.0, 0.0, 0.0, 0.0, 0.0, "nothing to fund: no eligible persons", 0.0)
        return _Solved(SolveStatus.OPTIMAL, _cells([], [], [], []), nothing)
    fast = solve_reduced(area, lp, threads=threads)
    answer = fast.answer
    parts, x, unmet = _whole_persons(area, lp, fast)
    for _ in range(WHOLE_RETRIES):
        if not unmet or fast.explicit is None:
            break
        # The merged plan is rounded before it is split, so a merged village may miss its
        # share by a person: give those villages their own rows, where rounding keeps them.
        shares = np.array([r for r in unmet if lp.block[r] == VILLAGE], np.int64)
        if len(shares) == 0:
            break
        explicit = fast.explicit.copy()
        explicit[villages_of_rows(lp)[shares]] = True
        fast = solve_reduced(area, lp, threads=threads, explicit=explicit)
        answer = fast.answer
        parts, x, unmet = _whole_persons(area, lp, fast)
    if unmet:
        raise SolverError(
            f"{len(unmet)} floor or minimum-share rows cannot be kept in whole persons after rounding; "
            "try --solver cbc (exact, slower)"
        )
    value = float(lp.objective @ x)
    solver = "interior point + crossover" if fast.reduction is None else "dual simplex"
    method = f"HiGHS {solver} on the {fast.method}; bound from the duals, checked here on the full LP"
    bound = min(answer.bound, parts.total)  # the whole-person bound
    whole = bool(np.all(lp.objective == np.round(lp.objective)))
    if whole and value < math.floor(bound + 1e-6) - 1e-9:  # a person or more below: close the gap
        x, tightened, note = close_the_gap(area, lp, answer.duals, x, parts)
        bound, value, method = min(bound, tightened), float(lp.objective @ x), method + note
    certificate = Certificate(
        answer.value, answer.bound, answer.gap, bound - value, answer.violation, method, bound
    )
    limit = math.floor(bound + 1e-6) if whole else bound
    proven = answer.proven and value >= limit - 1e-9 * max(1.0, abs(value))
    cells = _cells(lp.village, lp.source, lp.group, x)
    return _Solved(SolveStatus.OPTIMAL if proven else SolveStatus.NOT_PROVEN, cells, certificate)


def _whole_persons(area: AreaScenario, lp: AreaLP, fast: FastAnswer) -> tuple[Parts, np.ndarray, list[int]]:
    """(the Lagrangian parts of `lp` at the answer's duals, whole persons, rows they leave unmet).

    The parts are computed once here: the whole-person split, the bound and `close_the_gap`
    each need them (0.15 s each for a national file)."""
    parts = lagrangian_parts(area, lp, fast.answer.duals)
    whole = fast.whole(area, parts)
    x, unmet = whole_persons(lp, fast.answer.x if whole is None else whole)
    return parts, x, unmet


def _cells(village, source, group, persons) -> pd.DataFrame:
    """village, source, group (indices) and whole persons, as integers even when empty."""
    columns = {"village": village, "source": source, "group": group, "persons": persons}
    return pd.DataFrame({k: np.asarray(v, dtype=np.int64) for k, v in columns.items()})


def _pulp(area, metric, solver, objective, time_limit, participants=False) -> _Solved:
    """The village program solved exactly by `solver` through PuLP (`optimizer.solve`)."""
    return _pulp_program(area, build_area_program(area, metric, objective, participants), solver, time_limit)


def _pulp_program(area, program, solver, time_limit) -> _Solved:
    solution = solve_program(program, solver, time_limit)
    if not solution.status.has_plan:
        return _Solved(solution.status, _cells([], [], [], []), solution=solution, program=program)
    index = {c: i for i, c in enumerate(area.villages["village_code"])}
    sidx = {s.id: i for i, s in enumerate(area.scenario.sources)}
    gidx = {g.id: i for i, g in enumerate(area.scenario.groups)}
    cells = [(v.key, x) for v, x in zip(program.variables, solution.values, strict=True)]
    keys = [k for k, _ in cells if isinstance(k, VillageKey)]
    persons = [int(x) for k, x in cells if isinstance(k, VillageKey)]
    cells = _cells([index[k.area] for k in keys], [sidx[k.source] for k in keys],
                   [gidx[k.group] for k in keys], persons)  # fmt: skip
    return _Solved(solution.status, cells, solution=solution, program=program)


def _plan(area, metric, objective, solver, solved: _Solved) -> Plan:
    sc = area.scenario
    persons, used = per_source_and_group(area, solved.cells)
    spent = {s.id: used[i] for i, s in enumerate(sc.sources)}
    premium = {s.id: int(area_premium(area, i)) for i, s in enumerate(sc.sources)}
    alloc, sources, groups = plan_tables(sc, persons, metric, spent, premium)
    value = objective_value(sc, objective, alloc)
    certificate, solution = solved.certificate, solved.solution
    if certificate is not None:  # the fast path: gap and bound of the whole-person plan
        gap = max(0.0, certificate.whole_bound - value) / max(1.0, abs(value))
        bound, lp_bound = certificate.whole_bound, certificate.dual_bound
    else:  # the PuLP path: the solver's own gap and bound (money goals in Rp million)
        money = MONEY_UNIT if objective is Objective.MIN_COST else 1.0
        gap = solution.gap
        bound = None if solution.bound is None else solution.bound * money
        lp_bound = None
    return Plan(
        scenario=sc, objective=objective, metric=metric, status=solved.status,
        outcome=Outcome.OPTIMAL if solved.status is SolveStatus.OPTIMAL else Outcome.NOT_PROVEN,
        solver="highs-fast" if certificate is not None else solver, gap=gap,
        objective_value=value, bound=bound, lp_bound=lp_bound, allocation_rows=alloc,
        source_rows=sources, group_rows=groups, coverage=coverage_of(sc, persons, metric),
        total_cost=sum(alloc.column("cost")),
        warnings=check_warnings(sc) + (order_warning(solution) if solution is not None else ()),
        binding=diagnose.binding_rules(sc, sources, groups),
    )  # fmt: skip


def area_premium(area: AreaScenario, s: int) -> int:
    """Premium Rupiah of source s over all its pots (per-pot shares are rounded down per pot)."""
    scope = area.scopes[s]
    if scope == "village":
        return int(area.village_budget[:, s].sum())
    if scope == "regency":
        return int(area.regency_budget[:, s].sum())
    return area.scenario.sources[s].premium_budget
