"""The only module that talks to solvers (HiGHS directly, the others through PuLP).

`solve_program` solves a `Program`'s goals lexicographically: the first goal,
then each later goal with the earlier ones held at their optimum. Solver status
codes are turned into `SolveStatus`; a plan is OPTIMAL only when every stage was
proven optimal by the solver.

Each stage is built once as a `StageModel`; HiGHS gets it from `optimizer.solve_fast.solve_stage`,
exactly as PuLP would have handed it over, and every other solver through PuLP (`_pulp_problem`).
A regency's solve, marginal values and why-not lines run about 100 small stages, and PuLP cost
about 0.5 ms on each, and 0.04 s to import. highspy and PuLP are imported by the functions that
solve, so `--help` and `validate`, which import this module for its names, do not pay for them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib.util
import itertools
import math
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from optimizer.errors import SolverError
from optimizer.interchangeable import merge_interchangeable
from optimizer.model import HALF_RUPIAH, MONEY_UNIT, Goal, Program, Row, RowKind, Sense
from optimizer.solver_output import quiet, wants_log
from optimizer.status import SolveStatus
from optimizer.whole_money import (
    INTEGRALITY,
    STRICT_INTEGRALITY,
    breaks_a_row,
    goal_unit,
    goal_value,
    hold,
    integer_form,
    integrality_tolerance,
    is_money,
    money_step,
    one_more_fits,
    whole_rupiah,
)

#: Friendly names a planner types, mapped to PuLP's solver classes.
SOLVER_NAMES = {
    "highs": "HiGHS",
    "cbc": "PULP_CBC_CMD",
    "highs-cmd": "HiGHS_CMD",
    "glpk": "GLPK_CMD",
    "scip": "SCIP_CMD",
    "cplex": "CPLEX_CMD",
    "gurobi": "GUROBI_CMD",
}
DEFAULT_SOLVER = "highs"
LP_SOLVER = "highs"
INTEGRALITY_TOLERANCE = 1e-4
#: Default limit of a tie-break goal (`Goal.tie_break`): a number of branch-and-bound nodes, a
#: fixed amount of work, so whether the tie-break is proven (and so which plan is shown) does not
#: depend on how busy the computer is, as the 5 s wall-clock limit did: invented 20-group x
#: 12-source files took 1-4.2 s to prove it, 30 x 18 ones 1.1-12.9 s, all within 40 nodes. An
#: invented 40 x 24 file needs 6,431 nodes (10 s of root, then about 3 ms a node with HiGHS).
TIE_BREAK_NODES = 1000
#: Wall-clock safety net of a tie-break besides its nodes (a root node that does not end): ties
#: never hang a solve.
TIE_BREAK_SECONDS = 30.0
#: Nodes of the first proof of a least-cost stage (`_solve_warm_then_prove`): the root only.
#: All 257 frontier levels of three bundled regencies settle it there; where it does not, the
#: root is what costs (2.5 s on an invented 40 x 24 file, with 1 node or 100).
FIRST_PROOF_NODES = 1
#: Default time limit of every other integer goal (coverage, cost, baseline distance...): a hard
#: file ends with a plan labelled not proven optimal, and its gap, instead of running on.
#: Regency files solve in well under a second; invented 80-group x 48-source ones took 22-111 s.
MAIN_GOAL_SECONDS = 300.0


@dataclass(frozen=True)
class Solution:
    status: SolveStatus
    #: Variable values, rounded to whole numbers for integer variables.
    values: tuple[float, ...]
    #: The optimum of each goal in model units, in solve order.
    goal_values: tuple[float, ...]
    #: Relative gap of the first goal the solver did not prove optimal (a later main goal, such
    #: as least cost, can be cut short while coverage is proven), else of the first goal (0.0).
    gap: float | None
    #: The solver's bound on the first goal.
    bound: float | None
    solver: str
    seconds: float
    #: Row duals of an LP solve (empty for integer solves), by row name.
    duals: tuple[tuple[str, float], ...] = ()
    #: Tie-break goals not proven within `TIE_BREAK_NODES` (or `time_limit`): the plan
    #: is optimal on every other goal, but another solver may break the tie otherwise.
    unproven: tuple[str, ...] = ()


#: Answers of `solve_program` within `reuse_solves()` (None outside it), by their question.
_reused: dict | None = None


@contextlib.contextmanager
def reuse_solves() -> Iterator[None]:
    """Within this block `solve_program` answers a question it was already asked (the same
    program, solver and options) from memory instead of solving it again.

    Why: a regency's marginal values and why-not lines ask the same LP again and again (31 of
    the 78 solves behind `solve pati-2025.toml`: the oracle at a source's budget for its rate and
    for the group it could bring in, the plan's own relaxation for the why-not duals...). HiGHS and
    CBC are deterministic here (one thread, node limits), so the answer is the one a new solve
    gives. Scoped to one command, not the process: a library caller or a test that changes a
    solver between two calls gets a new solve.
    """
    global _reused
    outer = _reused
    _reused = {} if outer is None else outer
    try:
        yield
    finally:
        _reused = outer


@functools.cache
def available_solvers() -> list[str]:
    """Solvers installed here. Cached: PuLP probes every solver's binary (a third of solve time)."""
    import pulp

    with quiet():
        found = set(pulp.listSolvers(onlyAvailable=True))
    return [name for name, cls in SOLVER_NAMES.items() if cls in found]


def solve_program(
    program: Program,
    solver: str = DEFAULT_SOLVER,
    time_limit: float | None = None,
    relax: bool = False,
    stages: int | None = None,
    lp_solver: str = LP_SOLVER,
) -> Solution:
    """Solve `program`; `relax=True` drops integrality (for bounds and duals).

    `stages` limits how many goals are solved (None: all). LP relaxations go to
    `lp_solver`, HiGHS unless a benchmark asks otherwise: its duals are full double
    precision, whereas CBC's come back rounded, so bounds and marginal rates do not
    depend on `solver`. `Solution.solver` names the solver that really ran.
    Each stage starts from the previous stage's plan. A tie-break goal (`Goal.tie_break`)
    gets `time_limit`, or `TIE_BREAK_NODES` (and `TIE_BREAK_SECONDS` at most) when none is
    given (other integer goals: `MAIN_GOAL_SECONDS`); one not proven within them is named in
    `Solution.unproven` and the plan is the previous stage's (every earlier goal held), so
    that it does not depend on how far the tie-break got before it was stopped.
    Within `reuse_solves()` a question already asked is answered from memory.
    """
    if _reused is None:
        return _solve_program(program, solver, time_limit, relax, stages, lp_solver)
    question = (program, solver, time_limit, relax, stages, lp_solver)
    if question not in _reused:
        _reused[question] = _solve_program(*question)
    return _reused[question]


def _solve_program(program, solver, time_limit, relax, stages, lp_solver) -> Solution:
    started = time.perf_counter()
    if relax:
        solver = lp_solver
    goals = program.goals[: stages or len(program.goals)]
    held: list[tuple[Goal, float]] = []
    first: _Stage | None = None
    last: _Stage | None = None
    worst = SolveStatus.OPTIMAL
    unproven_gap: float | None = None
    unproven: list[str] = []
    merged = None if relax else merge_interchangeable(dataclasses.replace(program, goals=goals))
    if merged is not None:
        inner = _solve_program(merged.program, solver, time_limit, False, None, lp_solver)
        values = merged.expand(inner.values) if inner.status.has_plan else None
        if not inner.status.has_plan:  # the same program, smaller: the same answer
            return dataclasses.replace(inner, seconds=time.perf_counter() - started)
        if values is not None and not breaks_a_row(program, (), values):
            first = last = _Stage(inner.status, values, inner.gap, inner.bound, ())
            worst, unproven_gap = inner.status, (None if inner.status is SolveStatus.OPTIMAL else inner.gap)
            held = list(zip(goals, inner.goal_values, strict=False))
            # A merged goal that failed ends the sequence there, as below.
            goals = goals[merged.goals :] if len(held) == merged.goals else ()
    for goal in goals:
        limit = _stage_limit(goal, time_limit, relax)
        start = None if last is None else last.values
        stage = _solve_goal(program, goal, held, solver, limit, relax, start)
        if first is None:
            first = stage
        if goal.tie_break and last is not None and stage.status is not SolveStatus.OPTIMAL:
            # Keep the previous stage's plan, not the best tie-break found so far: how far the
            # solver got before the clock ran out depends on the machine's load, and the same
            # file must give the same plan. The previous plan keeps every held goal.
            unproven.append(goal.name)
            break
        elif not stage.status.has_plan:
            if last is None:  # the first goal failed: nothing to report
                return Solution(stage.status, (), (), None, None, solver, time.perf_counter() - started)
            break  # a goal failed: keep the plan of the previous stage
        elif stage.status is SolveStatus.NOT_PROVEN:
            if worst is SolveStatus.OPTIMAL:
                unproven_gap = stage.gap
            worst = SolveStatus.NOT_PROVEN
        last = stage
        held.append((goal, goal_value(goal, stage.values)))
    assert first is not None and last is not None
    return Solution(
        status=worst,
        values=last.values,
        goal_values=tuple(v for _, v in held),
        gap=first.gap if worst is SolveStatus.OPTIMAL else unproven_gap,
        bound=first.bound,
        solver=solver,
        seconds=time.perf_counter() - started,
        duals=last.duals,
        unproven=tuple(unproven),
    )


def _solve_goal(program, goal, held, solver, limit, relax, start) -> _Stage:
    """One goal, earlier ones `held`, by the quickest route that proves the same optimum; `start`:
    the previous goal's plan (None for the first goal)."""
    highs = solver == "highs"
    if start is None and highs and _proved_by_cutoff(program, goal, relax):
        start = _plan_near_relaxation(program, goal, held, limit)
    if start is None and highs and _near_first_goal(program, goal, relax):
        after = program.goals[len(held) + 1] if len(held) + 1 < len(program.goals) else None
        return _near_then_whole_ranges(program, goal, held, limit, after)
    if start is not None and _proved_by_cutoff(program, goal, relax):
        return _solve_warm_then_prove(program, goal, held, solver, limit, start)
    if start is not None and goal.tie_break:
        skip = limit.nodes is not None and _too_many_choices(program)
        if highs and _nothing_better(program, goal, held, limit, start, search=not skip):
            return _Stage(SolveStatus.OPTIMAL, tuple(start), 0.0, goal_value(goal, start), ())
        if skip:  # not tried: labelled not proven, the previous goal's plan kept
            return _Stage(SolveStatus.NOT_PROVEN, tuple(start), None, None, ())
        if not relax:
            bounds = _ranges_of_equal_plans(program, goal, held, start)
            return _solve_checked(program, goal, held, solver, limit, relax, start, bounds=bounds)
    return _solve_checked(program, goal, held, solver, limit, relax, start)


#: Variables whose range `_ranges_of_equal_plans` narrows: wider than this many persons. The root's
#: booking grows with a range (up to 1,024 values); a narrow one costs it little, while each LP
#: solve costs about the same (the bundled village file pati-2025-desa: 800 variables of a few
#: dozen persons, 1,600 solves of 9 ms for nothing).
RANGED_WIDER_THAN = 256


def _ranges_of_equal_plans(program, goal, held, start):
    """Each whole-person variable's range over plans that keep every `held` goal (its least and
    most in their LP relaxation, `start` included), as `_stage_model`'s `bounds`; None when an
    LP fails. A tie-break searches the same plans in them; HiGHS's root node books a bound for
    each value of a variable's range (up to 1,024), so narrower ranges are a quicker root: the
    spending-order stage of invented 10 x 6 files 0.6-1.2 -> 0.2-0.5 s, of 20 x 12 files
    0.8-4.1 -> 0.4-1.8 s, the same plans."""
    from optimizer.solve_fast import column_ranges

    ranges = column_ranges(_stage_model(program, goal, held, False, objective=False), RANGED_WIDER_THAN)
    if ranges is None:
        return None
    bounds = []
    for i, v in enumerate(program.variables):
        low, high = ranges.get(i, (0.0, v.upper))
        x = round(start[i]) if v.integer else start[i]
        bounds.append((min(low, x), high if high is None else max(high, x)))
    return bounds


#: Whole-person choices (`_too_many_choices`) above which a tie-break is not tried within its
#: default limit. HiGHS's root node alone grows with them (it books a bound for up to 1,024
#: values of each variable's range): invented 30-group x 18-source files (145,000-184,000) prove
#: their tie-breaks within 40 nodes; 40 x 24 ones (359,000-502,000) spent 10-20 s on the root and
#: then most often stopped at 1,000 nodes unproven; the bundled village files count 6,000-20,000.
TIE_BREAK_CHOICES = 250_000


def _too_many_choices(program) -> bool:
    """Is the sum over whole-person variables of their ranges (each counted up to 1,024) above
    `TIE_BREAK_CHOICES`? A fixed rule on the file, not the clock: the same file always gets
    the same answer, on any machine, however busy."""
    choices = sum(min(1024.0, 1024.0 if v.upper is None else v.upper) for v in program.variables if v.integer)
    return choices > TIE_BREAK_CHOICES


def _nothing_better(program, goal, held, limit, values, search=True) -> bool:
    """Is a maximised goal in whole steps (coverage near its relaxation, persons, credited
    participants) proven at `values`:
    no plan half a step better, by `_implied_by_cutoff`'s bound alone or (`search`) asked without
    an objective within the root node? Only on programs of `IMPLIED_BOUNDS_FROM` variables or
    more, where that is quicker than the stage's own search (40 x 24: 0.05 s against 1.1 s)."""
    if not goal.maximize or len(program.variables) < IMPLIED_BOUNDS_FROM:
        return False
    unit = goal_unit(goal, program.variables)
    if unit is None:
        return False
    better = (round(goal_value(goal, values) / unit) + 0.5) * unit
    if not search:
        return not _implied_by_cutoff(program, goal, held, better, None)[0]
    root = Limit(limit.seconds, FIRST_PROOF_NODES)
    proof = _solve_stage(program, goal, held, "highs", root, False, None, cutoff=better, feasibility=True)
    return proof.status is SolveStatus.INFEASIBLE


def plan_among_optima(
    program: Program, goal_values: tuple[float, ...], goal: Goal, solver: str, start, nodes: int
) -> tuple[float, ...] | None:
    """Among plans keeping `program`'s first goals at `goal_values` (their proven optima), one
    good for `goal`: the best the solver finds within `nodes` branch-and-bound nodes from `start`
    (a plan keeping them), not proven best; None when it finds none. For a caller that checks
    what it needs of the plan itself (a frontier's `Ceiling`)."""
    held = list(zip(program.goals, goal_values, strict=False))[: len(goal_values)]
    limit = Limit(TIE_BREAK_SECONDS, nodes)
    stage = _solve_checked(program, goal, held, solver, limit, False, tuple(start), warm=True)
    return stage.values if stage.status.has_plan else None


@dataclass(frozen=True)
class Limit:
    """What one stage may spend: wall-clock seconds and branch-and-bound nodes (None: no limit)."""

    seconds: float | None = None
    nodes: int | None = None


def _stage_limit(goal: Goal, time_limit: float | None, relax: bool) -> Limit:
    if time_limit is not None or relax:
        return Limit(time_limit)
    if goal.tie_break:
        return Limit(TIE_BREAK_SECONDS, TIE_BREAK_NODES)
    return Limit(MAIN_GOAL_SECONDS)


def _proved_by_cutoff(program: Program, goal: Goal, relax: bool) -> bool:
    """Is `goal` a least-money goal in whole Rupiah steps that `_solve_warm_then_prove` solves?"""
    return (
        not relax
        and not goal.tie_break
        and not goal.maximize
        and is_money(goal)
        and whole_rupiah(goal.coeffs, 0.0, program.variables) is not None
    )


def _solve_warm_then_prove(program, goal, held, solver, limit, start) -> _Stage:
    """A least-money stage: the previous plan tried first, else a warm start proven by a cold solve.

    Least cost at the proven coverage is hard to *find* (HiGHS ran 96,000 nodes on an
    invented 40-group x 24-source regency without a single plan), yet the previous stage's
    plan is one, and often the cheapest already (103 of 105 frontier levels of Pasaman Barat
    with tranches). So first a cold solve asks for a plan one money step cheaper than it,
    within `FIRST_PROOF_NODES` nodes (a fixed amount of work: the route does not depend on
    the machine): infeasible means the previous plan is the least cost, a proven plan is the
    least cost (a cutoff never hides the optimum); one solve instead of two. Otherwise a warm
    start finds the least cost in a fraction of a second; but HiGHS 1.16 once called a
    warm-started least cost "optimal" that was not (test_bruteforce), so the answer is proven
    the same way, without a start.
    """
    root = Limit(limit.seconds, FIRST_PROOF_NODES)
    if solver == "highs" and _capped_first_goal(program, held):
        least = _least_money_from_first_cap(program, goal, held, limit, start)
        if least is not None:
            return least
        check = None
    else:
        check = _nothing_cheaper(program, goal, held, root, start) if solver == "highs" else None
        if check is not None and check.status is SolveStatus.INFEASIBLE:
            return _Stage(SolveStatus.OPTIMAL, tuple(start), 0.0, goal_value(goal, start), ())
        if check is not None and check.status.has_plan and len(program.variables) >= IMPLIED_BOUNDS_FROM:
            # A large file whose root did not settle it: the same question with an objective
            # would not either (80 x 48: 10 s, then 7 s more for nothing); a cheaper plan found
            # is a start.
            start = check.values
    if solver != "highs" or (check is not None and len(program.variables) < IMPLIED_BOUNDS_FROM):
        first = _cheaper_than(program, goal, held, solver, root, start)
        if first.status is SolveStatus.INFEASIBLE:
            return _Stage(SolveStatus.OPTIMAL, tuple(start), 0.0, goal_value(goal, start), ())
        if first.status is SolveStatus.OPTIMAL:
            return first
    # Held at most the start's cost: the same optimum, and ranges cut to what such a plan can use.
    at_most = goal_value(goal, start)
    warm = _solve_checked(program, goal, held, solver, limit, False, start, warm=True, cutoff=at_most)
    if not warm.status.has_plan:
        return _solve_checked(program, goal, held, solver, limit, False, start)
    proof = _cheaper_than(program, goal, held, solver, limit, warm.values)
    if proof.status is SolveStatus.INFEASIBLE:
        return dataclasses.replace(warm, status=SolveStatus.OPTIMAL, gap=0.0)
    if proof.status.has_plan:
        return proof
    return dataclasses.replace(warm, status=SolveStatus.NOT_PROVEN)


#: How far (persons) each variable may stray from the relaxation's optimum in `_plan_near_relaxation`.
NEAR_RELAXATION = 80
#: Nodes of that search (a fixed amount of work: the plan found does not depend on the machine).
NEAR_RELAXATION_NODES = 1000
#: Nodes of that search for a first goal without a cap, whose Lagrangian bound gives it a target:
#: the plan reaching it lies in the ranges (16 of 16 invented 80 x 48 files, run without a node
#: limit) but some take 1,000-4,000 nodes to find it, and a failed search costs a root check and a
#: full solve (1.5-4 s). 80 x 48 seeds 0-15 (CPU s, one call): sum 44.3 -> 33.6, worst 7.9 ->
#: 5.3; 40 x 24 (found within 1,000 nodes) and the bundled files the same plans and times.
NEAR_TARGET_NODES = 5000
#: HiGHS's share of effort on finding plans (its default 0.05) in that search, and in a large
#: file's coverage solved in full when it fails: the best plan in the ranges is hard to find,
#: not to prove (an invented 80 x 48 file: 147,614 persons after 1,000 nodes where the Lagrangian
#: bound proves 147,615 best; with 1.0 found at node 689, whole sequence 4.1 -> 1.3 s; another's
#: coverage in full 2.0 -> 1.3 s; the other 6 seeds, 20 x 12 and 40 x 24 the same within noise).
NEAR_HEURISTIC_EFFORT = 1.0
#: Nodes of the search for the least money near the relaxation (`_least_money_within`): only a
#: start for the least-cost stage (and for each spending cap reached), which proves it whatever
#: it is. Invented files, wall s, seeds 0-15: 40 x 24 sum 12.7 with 100 nodes, 10.9 with 20
#: (seed 8 3.6 -> 1.9: four such searches of 0.3-0.4 s each; 100 nodes found cheaper starts,
#: but not cheap enough to save a cap); 80 x 48 28.6 and 28.9; 20 x 12, 30 x 18 and min-cost
#: files the same plans and times. (The eighth session: 1,000 nodes 27.3 s, 100 25.2 s at 80 x 48.)
NEAR_CHEAPEST_NODES = 20


def _plan_near_relaxation(program, goal, held, limit, then=None) -> tuple[float, ...] | None:
    """A plan to start a least-money *first* goal (a min-cost file's least cost) from, as later
    least-cost stages start from the previous plan: the best plan within `NEAR_RELAXATION`
    persons of the relaxation's optimum (None if there is none: the cold solve follows).

    Why not the cold solve: HiGHS 1.16's root node records, for every integer variable with a
    reduced cost, a bound for each of up to 1,024 values of its range, checking each against
    those already stored, so the root grows with the square of the ranges (thousands of persons
    on large files; 30-40 % of the root in `perf`). With narrow ranges that search is cheap, and
    `_solve_warm_then_prove` then proves the plan least (no plan a money step cheaper, asked
    without an objective) or goes on from it. Invented min-cost files: 40 x 24 least cost
    0.73-1.20 s -> 0.04-0.08 s, 80 x 48 2.0-4.0 s -> 0.13-0.32 s; the same least cost.
    """
    near = _near_relaxation(program, goal, held, limit)
    if near is None:
        return None
    values, bounds, _ = near
    return _least_money_within(program, goal, held, limit, values, bounds, then)


def _relaxation(program, goal, held, limit) -> _Stage:
    """The LP relaxation of `goal`, earlier goals held (HiGHS, within `limit`'s seconds)."""
    return _solve_stage(program, goal, held, "highs", Limit(limit.seconds), True)


def _near_relaxation(program, goal, held, limit, relaxed=None, target=None, nodes=NEAR_RELAXATION_NODES):
    """(the best plan within `NEAR_RELAXATION` persons of the relaxation's optimum, those ranges,
    the relaxation), or None when the relaxation or the search finds none. `relaxed`: that
    relaxation, if solved already; `target`: a value of a maximised `goal` that no plan exceeds
    (a plan reaching it ends the search)."""
    if relaxed is None:
        relaxed = _relaxation(program, goal, held, limit)
    if relaxed.status is not SolveStatus.OPTIMAL:
        return None
    bounds = [_near(v, x) for v, x in zip(program.variables, relaxed.values, strict=True)]
    near_limit = Limit(limit.seconds, nodes)
    search = {"bounds": bounds, "target": target, "effort": NEAR_HEURISTIC_EFFORT}
    near = _solve_checked(program, goal, held, "highs", near_limit, False, None, **search)
    return (near.values, bounds, relaxed) if near.status.has_plan else None


def _least_money_within(program, goal, held, limit, values, bounds, then):
    """The least money for `then` (the next goal, when it is a least-money goal) among plans in
    `bounds` that keep `goal` at its value in `values`: a plan to start that stage from (a plan
    HiGHS found over the whole ranges tends to be cheap; one near the relaxation's optimum need
    not be: 2.2-4.0 s of least-cost search at 40 x 24 without this). Else `values`."""
    if then is None or not _proved_by_cutoff(program, then, False):
        return values
    kept = [*held, (goal, goal_value(goal, values))]
    near_limit = Limit(limit.seconds, NEAR_CHEAPEST_NODES)
    cheap = _solve_checked(program, then, kept, "highs", near_limit, False, values, warm=True, bounds=bounds)
    return cheap.values if cheap.status.has_plan else values


def _proven_near_relaxation(program, goal, held, limit, then=None, most=None, priced=None) -> _Stage | None:
    """A maximised first goal in whole steps (coverage, participants) solved without HiGHS's
    root over the whole ranges (see `_plan_near_relaxation`): the best plan near the relaxation's
    optimum, proven best when no plan is a step better: by the Lagrangian bound
    (`_lagrangian_bound`), else by `_nothing_better` (each proves what the other cannot: the
    bound 6 of 8 invented 80 x 48 files, where the root check took 0.6-1.2 s and proved none of
    the other two; the root check an invented 40 x 24 file in 0.05 s, the bound not). The plan
    returned is the least money for `then`, the next goal, among those in the same ranges with
    the same value (only for a plan that reaches `most`, when given: the most `goal` can reach,
    known from elsewhere, so a plan reaching it is best at once). None when that is not
    proven: the usual solve follows.
    Invented 40 x 24 files: coverage 0.7-0.8 s -> 0.06-0.15 s; 80 x 48: over 300 s, not
    proven, -> well under a second, proven; the same optimum (tests/test_near_relaxation.py,
    tests/test_lagrangian.py). `priced`: (the relaxation, the Lagrangian bound), if known."""
    unit = goal_unit(goal, program.variables)
    if unit is None:
        return None
    relaxed, ceiling = priced or _priced(program, goal, held, limit)
    if relaxed.status is not SolveStatus.OPTIMAL:
        return None
    # The least whole-step value that no plan can exceed: a plan reaching it is best.
    ceilings = [_whole_steps_below(ceiling, unit)] if ceiling is not None else []
    target = min([*ceilings, *([] if most is None else [most])], default=None)
    nodes = NEAR_TARGET_NODES if most is None and target is not None else NEAR_RELAXATION_NODES
    near = _near_relaxation(program, goal, held, limit, relaxed, target, nodes)
    if near is None:
        return None
    values, bounds, _ = near
    reached = target is not None and goal_value(goal, values) > target - unit / 2
    if not reached and not _nothing_better(program, goal, held, limit, values):
        return None
    if most is not None and goal_value(goal, values) < most - unit / 2:
        then = None
    return _proven_stage(program, goal, held, limit, values, bounds, then)


def _priced(program, goal, held, limit) -> tuple[_Stage, float | None]:
    """(the relaxation of a maximised `goal`, its Lagrangian bound for a first goal, else None)."""
    relaxed = _relaxation(program, goal, held, limit)
    if relaxed.status is not SolveStatus.OPTIMAL or held:
        return relaxed, None
    return relaxed, _lagrangian_bound(program, goal, held, limit, relaxed)


def _whole_steps_below(bound: float, unit: float) -> float:
    """The most a goal in whole steps of `unit` can reach under `bound`."""
    return math.floor(bound / unit) * unit


def _near_then_whole_ranges(program, goal, held, limit, then=None, most=None) -> _Stage:
    """A large file's maximised first goal: `_proven_near_relaxation`, else HiGHS over the whole
    ranges (with `NEAR_HEURISTIC_EFFORT`: finding its plan is the hard part there too)."""
    near = _proven_near_relaxation(program, goal, held, limit, then, most)
    if near is not None:
        return near
    return _whole_ranges(program, goal, held, limit)


def _whole_ranges(program, goal, held, limit) -> _Stage:
    """HiGHS over the whole ranges, with `NEAR_HEURISTIC_EFFORT`."""
    return _solve_checked(program, goal, held, "highs", limit, False, None, effort=NEAR_HEURISTIC_EFFORT)


def _proven_stage(program, goal, held, limit, values, bounds, then) -> _Stage:
    """A proven optimum `values` of `goal`, as the plan of least money for `then` within `bounds`."""
    values = _least_money_within(program, goal, held, limit, values, bounds, then)
    return _Stage(SolveStatus.OPTIMAL, tuple(values), 0.0, goal_value(goal, values), ())


def _capped_first_goal(program, held) -> bool:
    """Is the one goal held a maximised planner's goal that `_least_money_by_caps` can ask again
    under a spending cap (a large file's coverage or participants, proven near the relaxation)?"""
    return (
        len(held) == 1
        and held[0][0].maximize
        and not held[0][0].tie_break
        and goal_unit(held[0][0], program.variables) is not None
        and len(program.variables) >= IMPLIED_BOUNDS_FROM
    )


#: Caps tried from the top (a step below the cheapest plan so far) before halving the range.
CAPS_FROM_THE_TOP = 3


def _least_money_from_first_cap(program, goal, held, limit, start) -> _Stage | None:
    """A large file's least money `goal` at the proven coverage (the one goal held), from `start`,
    a plan with that coverage: is there one a money step cheaper? Asked two ways at once: the root
    check without an objective (`_nothing_cheaper`), which can only say "none", and, in a second
    thread, coverage solved in full under a spending cap a step below the start
    (`_full_under_cap`), which says either. "None" proves `start` least; a plan that reaches the
    coverage under the cap is where the caps go on from (`_least_money_by_caps`). The answer does
    not depend on which finished first (the root check's own plans are never used). None when the
    full solve is not proven: the usual least-cost route follows.

    Why both: each settles files the other does not, in either order of time (invented 80 x 48
    files: the root check proves one start least in 0.3 s where the full solve takes 1 s, and
    runs 1.1 s for nothing on another whose full solve finds a cheaper plan in 0.6 s).
    """
    from optimizer.solve_fast import Stoppable, stoppable_runs

    _, top, step = whole_rupiah(goal.coeffs, goal_value(goal, start), program.variables)
    capped = _with_spend_cap(program, goal, top - step)
    beside = _full_under_cap(capped, held[0], limit, settles=_proven)  # either answer settles it
    main = Stoppable()
    beside.watch(main)
    try:
        with stoppable_runs(main):
            check = _nothing_cheaper(program, goal, held, Limit(limit.seconds, FIRST_PROOF_NODES), start)
        # A plan the check found means the cap is reached: only the full solve's plan is used.
        open_question = not main.stopped and not check.status.has_plan
        if check.status is SolveStatus.INFEASIBLE or (
            open_question and _short_while_waiting(beside, capped, held[0], limit)
        ):
            return _Stage(SolveStatus.OPTIMAL, tuple(start), 0.0, goal_value(goal, start), ())
        full = beside.result()
    finally:
        beside.stop()
    if full.status is not SolveStatus.OPTIMAL:
        return None
    if _short(held[0], capped, full):
        return _Stage(SolveStatus.OPTIMAL, tuple(start), 0.0, goal_value(goal, start), ())
    return _least_money_by_caps(program, goal, held, limit, full.values)


def _least_money_by_caps(program, goal, held, limit, start) -> _Stage | None:
    """The least money `goal` at the proven value of the one goal held (coverage), found as the
    smallest spending cap under which that coverage is still reached: each cap is a coverage
    solve of the program with one more row (`RowKind.SPEND_CAP`), which the routes of a first
    goal prove quickly (the Lagrangian bound prices the cap, each source's money stays a block).
    A cap a money step below the cheapest plan so far that proves less coverage proves that
    plan least. None when a cap's coverage is not proven: the usual least-cost route follows.

    Why: with coverage held at its optimum, HiGHS's least-cost search barely finds a plan (an
    invented 80 x 48 file: a Rp72,000 cheaper plan after 114 s; none within 60 s by any of its
    heuristics' options), while coverage under a cap is found and proven in 0.2-2.3 s.
    """
    _, top, step = whole_rupiah(goal.coeffs, goal_value(goal, start), program.variables)
    plan, low = tuple(start), None  # `plan` costs `top`; no plan reaching `best` costs below `low`
    for probe in itertools.count():
        ceiling = top - step  # the most a cheaper plan could cost
        if probe == CAPS_FROM_THE_TOP and low is None:
            low = _least_money_relaxed(program, goal, held, limit, step)
        if low is not None and low > ceiling:
            return _Stage(SolveStatus.OPTIMAL, plan, 0.0, goal_value(goal, plan), ())
        cap = ceiling if low is None else low + (ceiling - low) // step // 2 * step
        capped = _with_spend_cap(program, goal, cap)
        reached = _coverage_under_cap(capped, held[0], goal, limit)
        if reached is None:
            return None
        if reached is _SHORT:
            low = cap + step
        else:
            plan = reached.values
            top = whole_rupiah(goal.coeffs, goal_value(goal, plan), program.variables)[1]
    raise AssertionError("unreachable")


def _coverage_under_cap(capped, held, money, limit) -> _Stage | None:
    """Is the coverage `held` (its goal, its proven best) reached under the spending cap of
    `capped`? A plan that reaches it (the least `money` near the relaxation among such plans, as
    `_near_then_whole_ranges` gives it), `_SHORT`, or None (not settled within the limits).

    Settled by the Lagrangian bound (below the coverage: short, in 0.03 s), else by the search
    near the relaxation and its root check, else by the full solve (`_full_under_cap`), which
    runs beside them from the start in a second thread. The answer does not depend on which
    finishes first: a plan found near the relaxation is the plan whenever there is one (the full
    solve is then stopped), and either route's "short" is the same answer (tests/test_beside.py).
    Why: on the caps just under the least cost the near search and the root check settle
    nothing (0.3-0.9 s a cap on invented 40 x 24 files) where the full solve does (0.2 s);
    elsewhere the other way round. Invented files, seeds 0-15, wall s, one call each: 40 x 24
    sum 16.3 -> 12.7 (worst 5.9 -> 3.6), 80 x 48 33.5 -> 28.6 (worst 5.4 -> 3.6), the same plans.
    """
    from optimizer.solve_fast import Stoppable, stoppable_runs

    first, best = held
    unit = goal_unit(first, capped.variables)
    priced = _priced(capped, first, [], limit)
    if priced[1] is not None and _whole_steps_below(priced[1], unit) < best - unit / 2:
        return _SHORT
    beside = _full_under_cap(capped, held, limit)
    main = Stoppable()
    beside.watch(main)
    try:
        with stoppable_runs(main):
            near = _proven_near_relaxation(capped, first, [], limit, money, most=best, priced=priced)
        if near is None and main.stopped:
            # The full solve proved the coverage short (and stopped the near route, which
            # therefore could not have reached it): the same answer.
            return _SHORT
        if near is None and _short_while_waiting(beside, capped, held, limit):
            return _SHORT
        if near is None:
            near = beside.result()
    finally:
        beside.stop()
    if near.status is not SolveStatus.OPTIMAL:
        return None
    return near if goal_value(first, near.values) > best - unit / 2 else _SHORT


def _full_under_cap(capped, held, limit, settles=None):
    """The coverage `held` (its goal, its proven best) solved in full under the cap of `capped`,
    under way in a second thread (`optimizer.beside.Beside`); it settles the question when it
    proves the coverage short (or when `settles` says so)."""
    from optimizer.beside import Beside

    settles = settles or functools.partial(_short, held, capped)
    return Beside(lambda: _whole_ranges(capped, held[0], [], limit), settles)


def _short_while_waiting(beside, capped, held, limit) -> bool:
    """While the full solve in the second thread runs on, this thread asks the same question
    once more, with HiGHS's default share of effort on finding plans (a proof that the coverage
    falls short needs none of it), until the full solve answers. True when this one proves the
    coverage short first: the same answer, sooner (its plans, if any, are never used)."""
    from optimizer.solve_fast import Stoppable, stoppable_runs

    waiting = Stoppable()
    beside.wait_with(waiting)
    if waiting.stopped:  # the answer is in (or, without a second thread, solved next by `result`)
        return False
    with stoppable_runs(waiting):
        other = _solve_checked(capped, held[0], [], "highs", limit, False, None)
    return not waiting.stopped and _short(held, capped, other)


def _proven(stage: _Stage) -> bool:
    return stage.status is SolveStatus.OPTIMAL


def _short(held, capped, stage: _Stage) -> bool:
    """Does `stage`, proven, fall short of the coverage `held` (its goal, its proven best)?"""
    first, best = held
    unit = goal_unit(first, capped.variables)
    return stage.status is SolveStatus.OPTIMAL and goal_value(first, stage.values) < best - unit / 2


def _with_spend_cap(program: Program, goal: Goal, cap: int) -> Program:
    """`program` with one more row: the money `goal` at most `cap` Rupiah (whole Rupiah in integer solves)."""
    row = Row(RowKind.SPEND_CAP, (), goal.coeffs, Sense.LE, cap / MONEY_UNIT, HALF_RUPIAH)
    return Program(program.variables, (*program.rows, row), program.goals)


def _least_money_relaxed(program, goal, held, limit, step) -> int:
    """The relaxation's least money in whole steps (a floor for any plan's), or 0."""
    relaxed = _relaxation(program, goal, held, limit)
    if relaxed.status is not SolveStatus.OPTIMAL:
        return 0
    return max(0, math.ceil(goal_value(goal, relaxed.values) * MONEY_UNIT / step - 1e-6) * step)


#: A Lagrangian bound is trusted to this relative error (HiGHS's tolerances in its blocks' bounds).
LAGRANGIAN_SLACK = 1e-7


def _lagrangian_bound(program, goal, held, limit, relaxed) -> float | None:
    """An upper bound on the maximised first goal (`optimizer.lagrangian`) from the duals of its
    relaxation `relaxed`, each block solved by HiGHS (its dual bound: valid even when a block is
    not proven), raised by `LAGRANGIAN_SLACK`; None when there is none."""
    from optimizer.lagrangian import lagrangian_relaxation

    relaxation = lagrangian_relaxation(program, goal, dict(relaxed.duals))
    if relaxation is None:
        return None
    total = relaxation.constant + relaxation.singles
    options = _highs_options(Limit(limit.seconds, NEAR_RELAXATION_NODES), True, True, True, INTEGRALITY)
    for block in relaxation.blocks:
        if not block.objective:  # nothing in it pays: its best is 0
            continue
        solved, _, _ = _run_highs(block, options, None)
        status, _, bound = _read_status(solved, "highs", goal, False)
        if status is SolveStatus.INFEASIBLE or bound is None or math.isnan(bound):
            return None
        total += bound
    return total + LAGRANGIAN_SLACK * max(1.0, abs(total))


def _near_first_goal(program, goal, relax: bool) -> bool:
    """Is `goal` a maximised planner's goal (coverage, participants) that `_proven_near_relaxation`
    tries first? Only on programs large enough for HiGHS's root to cost more than three small
    solves (`IMPLIED_BOUNDS_FROM`): the route changes how fast the optimum is proven, not which."""
    return (
        not relax and goal.maximize and not goal.tie_break and len(program.variables) >= IMPLIED_BOUNDS_FROM
    )


def _near(variable, x: float) -> tuple[float, float | None]:
    """(lower, upper) of an integer variable within `NEAR_RELAXATION` of its relaxed value `x`."""
    if not variable.integer:
        return 0.0, variable.upper
    high = math.ceil(x - 1e-9) + NEAR_RELAXATION
    low = max(0.0, math.floor(x + 1e-9) - NEAR_RELAXATION)
    return low, high if variable.upper is None else min(variable.upper, high)


def _nothing_cheaper(program, goal, held, limit, values) -> _Stage:
    """Does HiGHS prove, within `limit`, that no plan is a money step cheaper than `values`
    (INFEASIBLE), find one (a plan, not the cheapest), or neither?

    Asked without an objective: the same rows, the same answer when there is no such plan (the
    usual case: 102 of 104 least-cost stages of a 100-level Pasaman Barat frontier), but HiGHS
    1.16's root reduced-cost fixing, which takes most of a small stage's time when a variable
    can hold thousands of persons, has no reduced costs to work on: those 102 proofs took
    0.12 s instead of 0.27 s. Where a cheaper plan exists the usual cold solve follows.
    """
    _, rupiah, step = whole_rupiah(goal.coeffs, goal_value(goal, values), program.variables)
    cheaper = (rupiah - step) / MONEY_UNIT
    return _solve_stage(program, goal, held, "highs", limit, False, None, cutoff=cheaper, feasibility=True)


def _cheaper_than(program, goal, held, solver, limit, values) -> _Stage:
    """A cold solve of the money `goal` asked for a plan at least one money step cheaper than `values`."""
    _, rupiah, step = whole_rupiah(goal.coeffs, goal_value(goal, values), program.variables)
    cheaper = (rupiah - step) / MONEY_UNIT
    return _solve_checked(program, goal, held, solver, limit, False, None, cutoff=cheaper)


def _solve_checked(
    program, goal, held, solver, limit, relax, start, warm=None, cutoff=None, bounds=None, **search
) -> _Stage:
    """A stage whose whole-person plan keeps every row exactly (money in whole Rupiah).

    The solver accepts 0.9999999 persons as whole; rounded, that person may cost a Rupiah
    more than the budget. Such a plan is solved again with integrality tolerances far
    below one Rupiah per person; if that still fails, the stage has no plan.
    """
    more = {"warm": warm, "cutoff": cutoff, "bounds": bounds, **search}
    stage = _solve_stage(program, goal, held, solver, limit, relax, start, strict=False, **more)
    if not relax and stage.status is SolveStatus.OPTIMAL and one_more_fits(program, goal, held, stage.values):
        # The solver called a plan optimal that has room for one more rewarded unit (HiGHS 1.16,
        # presolve with a tight integrality tolerance: 7 persons where 8 fit). Solve again without
        # presolve; a plan that still has room is not labelled optimal.
        stage = _solve_stage(program, goal, held, solver, limit, relax, start, presolve=False, **more)
        if stage.status is SolveStatus.OPTIMAL and one_more_fits(program, goal, held, stage.values):
            stage = dataclasses.replace(stage, status=SolveStatus.NOT_PROVEN)
    if relax or not stage.status.has_plan or not breaks_a_row(program, held, stage.values):
        return stage
    stage = _solve_stage(program, goal, held, solver, limit, relax, start, strict=True, **more)
    if stage.status.has_plan and breaks_a_row(program, held, stage.values):
        return _Stage(SolveStatus.NO_SOLUTION, (), None, None, ())
    return stage


@dataclass(frozen=True)
class _Stage:
    status: SolveStatus
    values: tuple[float, ...]
    gap: float | None
    bound: float | None
    duals: tuple[tuple[str, float], ...]


#: `_coverage_under_cap`'s answer when the coverage cannot be reached under the cap.
_SHORT = _Stage(SolveStatus.INFEASIBLE, (), None, None, ())


def _require_solver(name: str) -> None:
    """Refuse an unknown solver or one not installed here (HiGHS: highspy, found without PuLP)."""
    if name not in SOLVER_NAMES:
        raise SolverError(f"unknown solver {name!r}; choose one of {', '.join(SOLVER_NAMES)}")
    if name == "highs" and importlib.util.find_spec("highspy") is not None:
        return
    if name not in available_solvers():
        raise SolverError(
            f"solver {name!r} is not installed on this machine; available: "
            f"{', '.join(available_solvers()) or 'none'}"
        )


def _highs_options(limit: Limit, mip: bool, strict: bool, presolve: bool, integrality: float) -> dict:
    """HiGHS's options for one stage, in the order PuLP's HiGHS interface set them."""
    options: dict = {} if wants_log() else {"output_flag": False}
    options["mip_rel_gap"] = 0.0
    options["threads"] = 1  # one thread: the same answer on every run
    if limit.seconds is not None:
        options["time_limit"] = float(limit.seconds)
    if limit.nodes is not None and mip:
        options["mip_max_nodes"] = limit.nodes  # HiGHS's own node counter: the same on every run
    options["mip_feasibility_tolerance"] = STRICT_INTEGRALITY if strict else integrality
    # HiGHS 1.16's feasibility jump heuristic costs ~14 ms on every MIP, however small (a
    # regency's 8-variable coverage stage: 14.3 ms with it, 0.7 ms without, same optimum).
    # Plans never need it: later stages start from the previous plan.
    options["mip_heuristic_run_feasibility_jump"] = False
    if not presolve:
        options["presolve"] = "off"
    if strict:
        options["primal_feasibility_tolerance"] = 1e-10
    return options


def _make_solver(
    name: str,
    limit: Limit,
    mip: bool,
    warm: bool,
    strict: bool,
    presolve: bool,
    integrality: float,
    bound: float | None = None,
    whole_numbers: bool = False,
):
    """A PuLP solver (every solver but HiGHS, which `_run_highs` runs without PuLP); `bound`: a
    least-money stage's objective bound (CBC: plans must cost less); `whole_numbers`: the stage
    is a program of whole numbers only (`_whole_numbers`)."""
    import pulp

    tolerance = STRICT_INTEGRALITY if strict else integrality
    options: dict = {"msg": wants_log(), "mip": mip, "gapRel": 0.0}
    if limit.seconds is not None:
        options["timeLimit"] = limit.seconds
    if limit.nodes is not None and mip and name == "cbc":
        options["maxNodes"] = limit.nodes  # CBC's own node counter: the same count on every run
    # CBC is left at its default, no threads at all: with "threads 1" CBC 2.10.3 (bundled with
    # PuLP) starts a one-worker pool whose start-up now and then waits 10 s, and a 10 ms
    # stage then comes back "stopped on time" (seen 1 in 40 reports, in one process or many).
    if name == "cbc":
        # CBC's preprocessing (Cgl) has tolerances of its own: a person 5e-7 over a budget row
        # (Rp0.5 in Rp million) came back "optimal" with the row broken. The strict retry goes
        # without it.
        cgl_off = strict or not presolve
        options["options"] = [f"integerTolerance {tolerance:g}"] + (["preprocess off"] if cgl_off else [])
        # Reduce-and-split cuts (off by default), made for general integers such as our persons:
        # without them CBC's cuts left the bound of small files where it was and it branched for
        # minutes; with them invented 10 x 6 files' coverage and least cost close at the root. Only
        # on programs of whole numbers (`_whole_numbers`): from a right-hand side a hair below a whole
        # number they cut off feasible plans.
        if mip and whole_numbers:
            options["options"].append("reduce on")
        if bound is not None and mip:
            options["options"].append(f"cutoff {bound!r}")
        options["warmStart"] = warm and mip
    with warnings.catch_warnings():
        # PuLP 3.x warns that its bundled CBC goes away in 4.0; we pin <4 for that CBC.
        warnings.filterwarnings("ignore", "PULP_CBC_CMD is deprecated", DeprecationWarning)
        return pulp.getSolver(SOLVER_NAMES[name], **options)


def _solve_stage(
    program,
    goal,
    held,
    solver,
    limit,
    relax,
    start=None,
    strict=False,
    presolve=True,
    warm=None,
    cutoff=None,
    feasibility=False,
    bounds=None,
    target=None,
    effort=None,
) -> _Stage:
    """One solve of `goal`, earlier goals held. `warm`: start from `start` (default: tie-breaks
    only, see `_solve_warm_then_prove`); `cutoff`: a money goal must reach this (model units);
    `feasibility`: any plan that does, no objective (`_nothing_cheaper`); `bounds`: see `_stage_model`;
    `target`: a maximised goal's value no plan exceeds (a bound): a plan reaching it ends the search
    (HiGHS only, as `effort`: its share of work on finding plans)."""
    reachable, bounds = _implied_by_cutoff(program, goal, held, None if relax else cutoff, bounds)
    if not reachable:  # no plan reaches the cutoff at all: proven without a search
        return _Stage(SolveStatus.INFEASIBLE, (), None, None, ())
    model = _stage_model(program, goal, held, relax, cutoff, not feasibility, bounds)
    warm = start is not None and not relax and (goal.tie_break if warm is None else warm)
    tolerance = INTEGRALITY if relax else integrality_tolerance(program, goal, held)
    _require_solver(solver)
    misreported = False
    # The cutoff row as the solver's own objective bound, half a step above the row: HiGHS prunes on
    # its bound against it at once (0.17 s, 1 node, on the regency above) where the row alone leaves
    # it 2.8 s of root search; CBC fixes variables by reduced cost against it (without, a proof that
    # no plan is a step cheaper ran 2.5 million nodes on an invented 10 x 6 file, unproven).
    at_most = cutoff + money_step(goal, program) / 2 if cutoff is not None and not feasibility else None
    if solver == "highs":
        options = _highs_options(limit, not relax, strict, presolve, tolerance)
        if at_most is not None:
            options["objective_bound"] = at_most
        if target is not None:
            # HiGHS minimises the negated goal and stops once its plan is at or below this.
            options["objective_target"] = _sign(goal) * (target - goal_unit(goal, program.variables) / 2)
        if effort is not None:
            options["mip_heuristic_effort"] = effort
        solved, raw, pis = _run_highs(model, options, start if warm else None)
        misreported = presolve and not relax and not feasibility and _misreported(solved, goal, raw)
        if misreported and (goal.tie_break or not warm):
            # HiGHS 1.16 maps a start into its presolved model with a wrong objective at times,
            # then prunes every better plan and returns the start as optimal (an invented 3 x 2
            # file: the spending-order stage kept a plan 561 below the optimum). Asked again
            # without the start (or, when there was none, without presolve), it solves it right.
            return _solve_stage(
                program, goal, held, solver, limit, relax, start, strict, presolve=bool(warm), warm=False,
                cutoff=cutoff, feasibility=feasibility, bounds=bounds, target=target, effort=effort,
            )  # fmt: skip
    else:
        whole = _whole_numbers(model)
        engine = _make_solver(solver, limit, not relax, warm, strict, presolve, tolerance, at_most, whole)
        solved, raw, pis = _run_pulp(model, engine, solver, start if warm else None)
    status, gap, bound = _read_status(solved, solver, goal, relax)
    if misreported:
        # A warm start for what follows (80 x 48 files: a least money in a box claimed Rp16
        # million below its plan's), proven there without it: a plan, not an optimum.
        status, gap, bound = SolveStatus.NOT_PROVEN, None, None
    if not status.has_plan:
        return _Stage(status, (), None, None, ())
    values = tuple(_value(x, v.integer and not relax) for x, v in zip(raw, program.variables, strict=True))
    if any(math.isnan(v) for v in values):
        return _Stage(SolveStatus.NO_SOLUTION, (), None, None, ())
    return _Stage(status, values, gap, bound, _row_duals(program, goal, solver, pis) if relax else ())


def _misreported(solved, goal: Goal, raw) -> bool:
    """Does HiGHS call a plan optimal whose goal value is not the objective it reports?"""
    import highspy

    if solved.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return False
    claimed = _sign(goal) * solved.getInfo().objective_function_value
    actual = math.fsum(c * (raw[i] or 0.0) for i, c in goal.coeffs)
    return abs(claimed - actual) > 1e-6 * max(1.0, abs(actual))


def _whole_numbers(model) -> bool:
    """Is the stage `model` all integer variables, with whole-number bounds, coefficients and
    right-hand sides (money in whole units, goals held in whole steps: `integer_form`, `hold`)?"""

    def whole(x) -> bool:
        return x is None or float(x).is_integer()

    return all(integer and whole(lo) and whole(up) for lo, up, integer in model.columns) and all(
        whole(rhs) and all(whole(c) for c in coeffs.values()) for _, coeffs, _, rhs in model.rows
    )


def _row_duals(program, goal, solver, pis) -> tuple[tuple[str, float], ...]:
    """(row name, dual) of each program row (which come first among the stage's rows), in our signs."""
    flip = _sign(goal) if solver == "highs" else 1.0
    pis = pis[: len(program.rows)]
    return tuple((row.name, flip * float(pi or 0.0)) for row, pi in zip(program.rows, pis, strict=True))


#: Variables from which a cutoff's bounds are worth an LP (`_implied_by_cutoff`); below, HiGHS's
#: own root is cheaper than the LP (the bounds change how fast a proof ends, never its answer).
IMPLIED_BOUNDS_FROM = 64


def _implied_by_cutoff(program, goal, held, cutoff, bounds):
    """(can a plan reach `cutoff`?, `bounds` (None: 0 and each variable's upper bound) cut to what
    such a plan can use), from the rows, the held goals and an LP's duals (`optimizer.implied_bounds`).
    The integer rows are the solve's own (whole Rupiah) with half a unit of headroom, so the
    bounds hold for every plan the solver could return; False only when the bound proves that
    none reaches the cutoff. No `cutoff` (None), or a small program: (True, `bounds`) without an
    LP. Why the headroom, which only loosens: HiGHS's searches from these bounds differ with it,
    chaotically (invented 40 x 24 seeds 0-7: 3.5 s in all without, 2.6 s with; 8-15: 13.4 s
    against 13.0 s; 80 x 48 seeds 0-11: 30.7 s against 27.9 s); it keeps the routes as they were
    measured and tuned before the solves' own rows lost it."""
    variables = program.variables
    if cutoff is None or len(variables) < IMPLIED_BOUNDS_FROM:
        return True, bounds
    from optimizer.implied_bounds import implied_bounds
    from optimizer.solve_fast import row_duals

    rows = []
    for row in program.rows:
        coeffs, rhs = integer_form(row, variables, headroom=True)
        rows.append((coeffs, row.sense is Sense.LE, rhs))
    for earlier, value in held:
        coeffs, rhs = hold(earlier, value, variables, False)
        rows.append((coeffs, not earlier.maximize, rhs))
    if goal.maximize:
        objective, limit = tuple((i, -c) for i, c in goal.coeffs), -cutoff
    else:
        objective, limit = hold(goal, cutoff, variables, False)
    if bounds is None:
        lower, upper = [0.0] * len(variables), [v.upper for v in variables]
    else:
        lower, upper = [b[0] for b in bounds], [b[1] for b in bounds]
    duals = row_duals(rows, objective, lower, upper)
    if duals is None:
        return True, bounds
    integer = [v.integer for v in variables]
    implied = implied_bounds(rows, objective, limit, duals, lower, upper, integer)
    if implied is None:
        return False, bounds
    low, high = implied
    return True, [(float(a), None if math.isinf(b) else float(b)) for a, b in zip(low, high, strict=True)]


def _run_highs(model, options: dict, start):
    """(the solved Highs, each variable's value or None, each program row's dual) by `solve_fast`."""
    from optimizer.solve_fast import solve_stage

    try:
        h, column = solve_stage(model, options, start)
    except Exception as exc:  # a crashing solver library must not become a traceback
        raise SolverError(
            f"solver 'highs' crashed ({type(exc).__name__}: {exc}); try another --solver"
        ) from None
    solution = h.getSolution()
    values, duals = list(solution.col_value), list(solution.row_dual)
    return h, [None if k is None else values[k] for k in column], duals


def _run_pulp(model, engine, solver: str, start):
    """(the solved PuLP problem, each variable's value or None, each program row's dual) by PuLP."""
    problem, xs = _pulp_problem(model)
    if start is not None:
        for x, v in zip(xs, start, strict=True):
            x.setInitialValue(v)
    _run(problem, engine, solver)
    pis = [problem.get_constraint_by_name(name).pi for name, _, _, _ in model.rows]
    return problem, [x.varValue for x in xs], pis


def _stage_model(program, goal, held, relax, cutoff=None, objective=True, bounds=None):
    """One goal as a `StageModel`, with the earlier goals held at their optimum; integer solves
    see money rows in whole Rupiah. `cutoff`: a maximised goal is held at or above this value
    (its own coefficients), a minimised (money) goal at or below it (in whole Rupiah); without
    `objective` the goal is only that row (a feasibility question).
    `bounds`: (lower, upper) of every variable instead of (0, its upper bound)."""
    from optimizer.array_program import StageModel

    columns = tuple(
        (
            0 if bounds is None else bounds[i][0],
            v.upper if bounds is None else bounds[i][1],
            v.integer and not relax,
        )
        for i, v in enumerate(program.variables)
    )
    rows = []
    for k, row in enumerate(program.rows):
        coeffs, rhs = (row.coeffs, row.rhs) if relax else integer_form(row, program.variables)
        rows.append((f"r{k}", _merged(coeffs), row.sense is Sense.LE, rhs))
    for j, (earlier, value) in enumerate(held):
        coeffs, rhs = hold(earlier, value, program.variables, relax)
        rows.append((f"h{j}", _merged(coeffs), not earlier.maximize, rhs))
    if cutoff is not None and goal.maximize:
        rows.append(("cutoff", _merged(goal.coeffs), False, cutoff))
    elif cutoff is not None:
        coeffs, rhs = hold(goal, cutoff, program.variables, relax)
        rows.append(("cutoff", _merged(coeffs), True, rhs))
    return StageModel(
        goal.maximize, goal.name, columns, _merged(goal.coeffs if objective else ()), tuple(rows)
    )


def _merged(coeffs) -> dict[int, float]:
    """{variable: coefficient}, a variable listed twice with the sum of its coefficients (as lpSum)."""
    total: dict[int, float] = {}
    for i, c in coeffs:
        total[i] = total.get(i, 0.0) + c
    return total


def _pulp_problem(model):
    """(PuLP problem, its variables) of a `StageModel`."""
    import pulp

    problem = pulp.LpProblem("coverage", pulp.LpMaximize if model.maximize else pulp.LpMinimize)
    xs = [
        problem.add_variable(
            f"v{i}", lowBound=lo, upBound=up, cat=pulp.LpInteger if integer else pulp.LpContinuous
        )
        for i, (lo, up, integer) in enumerate(model.columns)
    ]
    problem += _affine(xs, model.objective.items()), model.objective_name
    for name, coeffs, le, rhs in model.rows:
        expr = _affine(xs, coeffs.items())
        problem += (expr <= rhs if le else expr >= rhs), name
    return problem, xs


def _affine(xs, coeffs):
    """sum(c * xs[i]) as one PuLP expression, built from (variable, coefficient) pairs: 20 times
    faster than `lpSum` of products, which made a PuLP expression per term (half the time of a
    frontier went there). A variable listed twice gets the sum of its coefficients, as in lpSum."""
    import pulp

    total: dict[int, float] = {}
    for i, c in coeffs:
        total[i] = total.get(i, 0.0) + c
    return pulp.LpAffineExpression([(xs[i], c) for i, c in total.items()])


def _run(problem, engine, solver: str) -> None:
    """Solve, with the solver's output kept off the terminal and its failures as `SolverError`."""
    import pulp

    try:
        with quiet():
            problem.solve(engine)
    except pulp.PulpSolverError as exc:
        raise SolverError(f"solver {solver!r} failed: {exc}") from None
    except Exception as exc:  # a crashing solver library must not become a traceback
        what = f"{type(exc).__name__}: {exc}"
        raise SolverError(f"solver {solver!r} crashed ({what}); try another --solver") from None


def _read_status(solved, solver: str, goal: Goal, relax: bool):
    """Our status, the relative gap and the bound, from what the solver reports (`solved`: the
    Highs object for HiGHS, else the PuLP problem)."""
    if solver == "highs":
        import highspy

        model = solved
        raw = model.getModelStatus()
        info = model.getInfo()
        has_value = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if raw == highspy.HighsModelStatus.kOptimal:
            if relax:
                return SolveStatus.OPTIMAL, 0.0, _sign(goal) * info.objective_function_value
            return SolveStatus.OPTIMAL, _proven_gap(info.mip_gap), _sign(goal) * info.mip_dual_bound
        if raw == highspy.HighsModelStatus.kInfeasible:
            return SolveStatus.INFEASIBLE, None, None
        if raw in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return SolveStatus.UNBOUNDED, None, None
        if has_value and not relax:
            return SolveStatus.NOT_PROVEN, info.mip_gap, _sign(goal) * info.mip_dual_bound
        return SolveStatus.NO_SOLUTION, None, None
    # Other solvers: PuLP's solution status separates proven optima from mere feasible points.
    import pulp

    problem = solved
    sol = problem.sol_status
    if problem.status == pulp.LpStatusInfeasible:
        # CBC may prove infeasibility in presolve without setting a solution status.
        return SolveStatus.INFEASIBLE, None, None
    if sol == pulp.LpSolutionOptimal:
        value = pulp.value(problem.objective)  # None when every coefficient is 0
        return SolveStatus.OPTIMAL, 0.0, 0.0 if value is None else float(value)
    if sol == pulp.LpSolutionIntegerFeasible:
        return SolveStatus.NOT_PROVEN, None, None
    # PuLP's CBC can report a proven-infeasible MIP as status Infeasible with solution
    # status "no solution found"; both mean infeasible (the floors diagnosis needs it).
    if sol == pulp.LpSolutionInfeasible or problem.status == pulp.LpStatusInfeasible:
        return SolveStatus.INFEASIBLE, None, None
    if sol == pulp.LpSolutionUnbounded:
        return SolveStatus.UNBOUNDED, None, None
    return SolveStatus.NO_SOLUTION, None, None


def _proven_gap(gap: float) -> float:
    """HiGHS's gap of a proven optimum; float noise (1.88e-16 after a warm start) reads as 0."""
    return gap if gap > 1e-12 else 0.0


def _sign(goal: Goal) -> float:
    # HiGHS is handed a minimisation (as PuLP hands it); a maximisation's bound comes back negated.
    return -1.0 if goal.maximize else 1.0


def _value(raw: float | None, integer: bool) -> float:
    if raw is None:
        return math.nan
    if not integer:
        return max(0.0, float(raw))
    rounded = round(raw)
    if abs(raw - rounded) > INTEGRALITY_TOLERANCE:
        return math.nan
    return float(max(rounded, 0))


# ---------------------------------------------------------------- audit trail


def solver_version(name: str) -> str:
    """The solver and its version, as recorded in plan files (the audit trail)."""
    from importlib import metadata

    pulp_version = metadata.version("pulp")
    if name == "highs":
        return f"HiGHS {metadata.version('highspy')} (highspy), PuLP {pulp_version}"
    if name == "cbc":
        return f"CBC bundled with PuLP {pulp_version}"
    return f"{SOLVER_NAMES.get(name, name)} via PuLP {pulp_version} (solver version not recorded)"


#: File extensions `model_file_text` writes.
MODEL_FORMATS = (".lp", ".mps")


def model_file_text(program: Program, suffix: str) -> str:
    """The integer program's first goal (the planner's objective) with every row, as an LP or MPS file.

    The same variables, bounds and integrality as the solve, and its rows in millions of Rupiah
    with half a Rupiah of headroom (which the solve writes in whole units of their prices' gcd
    instead): the same whole-person plans, so any solver that reads the file finds the plan's
    optimum. Variable and row names are the program's (brackets
    and commas into underscores; a name that would then repeat gets a number). The later
    tie-break goals are not in the file.
    """
    import tempfile
    from pathlib import Path

    import pulp

    goal = program.goals[0]
    name = _file_names()
    problem = pulp.LpProblem("ucj_plan", pulp.LpMaximize if goal.maximize else pulp.LpMinimize)
    xs = [
        problem.add_variable(
            name(v.name), lowBound=0, upBound=v.upper, cat=pulp.LpInteger if v.integer else pulp.LpContinuous
        )
        for v in program.variables
    ]
    problem += _affine(xs, goal.coeffs), name(goal.name)
    for row in program.rows:
        expr = _affine(xs, row.coeffs)
        rhs = row.rhs + row.integer_headroom
        problem += (expr <= rhs if row.sense is Sense.LE else expr >= rhs), name(row.name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"model{suffix}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PuLP warns about names it rewrites
            if suffix == ".mps":  # OBJSENSE: MPS readers minimise unless told otherwise
                problem.writeMPS(str(path), with_objsense=True)
            else:
                problem.writeLP(str(path))
        return path.read_text(encoding="utf-8")


def _file_names():
    """Program names made safe for every LP/MPS reader: letters, digits and _ only, unique."""
    import re

    seen: set[str] = set()

    def name(raw: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "_", raw).strip("_") or "v"
        out, k = base, 1
        while out in seen:
            k += 1
            out = f"{base}_{k}"
        seen.add(out)
        return out

    return name
