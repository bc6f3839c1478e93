"""The fast solver paths: programs straight into HiGHS, no PuLP.

`solve_stage` runs one stage of a one-region program for `optimizer.solve` (which drives
the stages, and talks to the other solvers through PuLP); next to `optimizer.solve`, this
is the one other module that imports highspy. The rest is the village-level path: the
matrix of an `ArrayProgram` (the village builder's `optimizer.areas.model.AreaLP` is one)
is passed to HiGHS in one call (`passModel`, column-wise) and solved by the method the
caller names (interior point + crossover by default; `optimizer.areas.fast` uses dual
simplex on the small merged program). The answer is not trusted: `certify` recomputes, in
NumPy, a Lagrangian dual bound from the solver's row duals (valid for ANY duals, by weak
duality) and the primal value and row violations of the solver's point.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import highspy
import numpy as np

from optimizer.array_program import ArrayProgram, StageModel
from optimizer.errors import RulesCannotBeMet, SolverError
from optimizer.solver_output import quiet, wants_log

#: The LP is called proven optimal when (bound - value) / max(1, |value|) is at most this.
CERTIFIED_GAP = 1e-6
#: Work limit of the whole-person polish (`improve_whole`), and a time limit only as a safety net.
MIP_NODES = 2_000
MIP_SAFETY_SECONDS = 120.0


@dataclass(frozen=True, eq=False)
class LPAnswer:
    x: np.ndarray
    #: objective of x, and the dual bound checked here (an upper bound on the LP optimum)
    value: float
    bound: float
    #: largest row violation of x in LP units (0 for an exactly feasible point)
    violation: float
    seconds: float
    solver_status: str
    #: the solver's row duals (HiGHS signs), from which `bound` was computed
    duals: np.ndarray | None = None

    @property
    def gap(self) -> float:
        return max(0.0, self.bound - self.value) / max(1.0, abs(self.value))

    @property
    def proven(self) -> bool:
        return self.gap <= CERTIFIED_GAP and self.violation <= 1e-6


def solve_area_lp(lp: ArrayProgram, threads: int = 1, method: str = "ipm") -> LPAnswer:
    """Maximise the coverage objective of `lp` over its LP relaxation, and certify the answer."""
    started = time.perf_counter()
    h = _highs(threads)
    if method == "ipm":
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "on")
    else:
        h.setOptionValue("solver", method)
    _pass(h, _model(lp))
    _run(h)
    status = h.modelStatusToString(h.getModelStatus())
    if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
        raise RulesCannotBeMet(
            "no plan keeps every rule (floors or minimum village/district shares cannot be met)"
        )
    solution = h.getSolution()
    x = np.clip(np.asarray(solution.col_value, dtype=np.float64), 0.0, lp.upper)
    y = np.asarray(solution.row_dual, dtype=np.float64)
    value, bound, violation = certify(lp, x, y)
    return LPAnswer(x, value, bound, violation, time.perf_counter() - started, status, y)


def improve_whole(lp: ArrayProgram, start: np.ndarray, free: np.ndarray) -> np.ndarray | None:
    """A whole-person plan at least as good as `start`, from HiGHS's MIP solver, or None.

    Columns outside `free` stay at `start`. The search is limited by nodes, not time,
    so the result does not depend on the machine's load; the caller checks it exactly.
    """
    h = _mip_from(lp, start, MIP_NODES, held=~free)
    if h.getInfo().primal_solution_status != 2:  # 2 = a feasible solution
        return None
    return np.rint(np.asarray(h.getSolution().col_value)).astype(np.int64)


def mip_upper_bound(lp: ArrayProgram, start: np.ndarray, nodes: int) -> float | None:
    """An upper bound on max objective . x over whole-person plans of `lp`: HiGHS's MIP dual bound
    after at most `nodes` branch-and-bound nodes (valid whether or not it proved an optimum),
    started from the whole plan `start`; None when HiGHS gives none."""
    h = _mip_from(lp, start, nodes, held=np.zeros(len(start), bool))
    if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
        return None  # cannot be: `start` keeps every row; no bound rather than a wrong one
    bound = -h.getInfo().mip_dual_bound  # HiGHS minimises -objective
    return float(bound) if np.isfinite(bound) else None


def _mip_from(lp: ArrayProgram, start: np.ndarray, nodes: int, held: np.ndarray) -> highspy.Highs:
    """HiGHS run on `lp` in whole persons from the plan `start`, columns in `held` fixed there,
    at most `nodes` nodes (and `MIP_SAFETY_SECONDS`)."""
    model = _model(lp)
    upper = np.floor(lp.upper + 1e-9)
    model.col_lower_ = np.where(held, start, 0.0).astype(np.float64)
    model.col_upper_ = np.where(held, start, upper).astype(np.float64)
    model.integrality_ = [highspy.HighsVarType.kInteger] * len(start)
    h = _highs(1)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_max_nodes", nodes)
    h.setOptionValue("time_limit", MIP_SAFETY_SECONDS)
    _pass(h, model)
    guess = highspy.HighsSolution()
    guess.col_value = start.astype(np.float64).tolist()
    guess.value_valid = True
    h.setSolution(guess)
    _run(h)
    return h


def max_flow(supply_of: np.ndarray, demand_of: np.ndarray, cap: np.ndarray, supply: np.ndarray,
             demand: np.ndarray) -> np.ndarray:  # fmt: skip
    """The largest flow from supplies to demands: edge k carries at most `cap[k]` from supply
    `supply_of[k]` (at most `supply[i]` out of each) to demand `demand_of[k]` (at most
    `demand[j]` into each). A network LP: with whole numbers in, its vertex (dual simplex)
    is whole, so callers may round it; they check the result themselves."""
    k = len(cap)
    if k == 0:
        return np.zeros(0)
    n_sup = len(supply)
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = k, n_sup + len(demand)
    model.col_cost_ = -np.ones(k)  # HiGHS minimises
    model.col_lower_ = np.zeros(k)
    model.col_upper_ = np.asarray(cap, np.float64)
    model.row_lower_ = np.full(model.num_row_, -highspy.kHighsInf)
    model.row_upper_ = np.concatenate([supply, demand]).astype(np.float64)
    matrix = model.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kColwise
    matrix.num_col_, matrix.num_row_ = k, model.num_row_
    matrix.start_ = np.arange(0, 2 * k + 1, 2, dtype=np.int32)
    matrix.index_ = np.column_stack([supply_of, n_sup + demand_of]).ravel().astype(np.int32)
    matrix.value_ = np.ones(2 * k)
    h = _highs(1)
    h.setOptionValue("solver", "simplex")
    _pass(h, model)
    _run(h)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SolverError("HiGHS could not split the merged villages; please report this scenario as a bug")
    return np.clip(np.asarray(h.getSolution().col_value, dtype=np.float64), 0.0, cap)


def solve_stage(model: StageModel, options: dict, start: tuple | None) -> tuple[highspy.Highs, list]:
    """Run HiGHS on one stage of a one-region program: (the solved Highs, each program variable's
    column or None). The model is the one PuLP 3.3's HiGHS interface builds from the same stage
    (the problem `optimizer.solve._pulp_problem` makes) and the run is the one it makes, so the
    answers are the same to the bit; what PuLP cost on top of HiGHS (about 0.5 ms a stage, and
    0.04 s to import) is gone. As PuLP does: only variables that appear in the objective or a row
    are columns, ordered by name (v0, v1, v10, v11, ..., v2); an objective without terms gets a
    column "__dummy" fixed at 0 (first by name); rows keep their nonzero coefficients in order.
    `options` are set in order; `start`: a plan to start from (one value per program variable).
    """
    dummy = not model.objective
    lp, order, column = _stage_lp(model, dummy)
    with quiet():  # HiGHS prints its banner from the constructor
        h = highspy.Highs()
        for name, value in options.items():
            h.setOptionValue(name, value)
        h.passModel(lp)
        if start is not None and not dummy:  # PuLP starts no run where a column has no value
            guess = highspy.HighsSolution()
            guess.col_value = [float(start[i]) for i in order]
            guess.value_valid = True
            h.setSolution(guess)
        stoppable = getattr(_this_thread, "stoppable", None)
        if stoppable is not None:
            stoppable.running(h)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kNotset:
            # The process's first HiGHS run set another thread count (see `_run`).
            h.setOptionValue("threads", 0)
            h.run()
    return h, [column[i] for i in range(len(model.columns))]


class Stoppable:
    """The `solve_stage` runs of one thread (within `stoppable_runs`), which another thread may
    `stop`: a run under way ends at HiGHS's next interrupt check, a later one at its first. The
    caller throws their answers away."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: list[highspy.Highs] = []
        self.stopped = False

    def running(self, h: highspy.Highs) -> None:
        h.HandleUserInterrupt = True
        with self._lock:
            self._runs.append(h)
            if self.stopped:
                h.cancelSolve()

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for h in self._runs:
                h.cancelSolve()


_this_thread = threading.local()


@contextmanager
def stoppable_runs(stoppable: Stoppable) -> Iterator[None]:
    """Every `solve_stage` run of this thread within the block can be stopped by `stoppable`."""
    outer = getattr(_this_thread, "stoppable", None)
    _this_thread.stoppable = stoppable
    try:
        yield
    finally:
        _this_thread.stoppable = outer


def _stage_lp(model: StageModel, dummy: bool) -> tuple[highspy.HighsLp, list[int], dict]:
    """(the HighsLp of `model`, its program variables in column order, each program variable's
    column or None): as `solve_stage` describes, with a "__dummy" column first when `dummy`."""
    used = set(model.objective).union(*(coeffs for _, coeffs, _, _ in model.rows))
    order = sorted(used, key=lambda i: f"v{i}")
    column = dict.fromkeys(range(len(model.columns)))
    column.update({i: k + dummy for k, i in enumerate(order)})
    lp = _stage_columns(model, order, dummy)
    _stage_rows(lp, model, column)
    return lp, order, column


def _stage_columns(model: StageModel, order: list[int], dummy: bool) -> highspy.HighsLp:
    """A HighsLp with the columns of `solve_stage` (costs negated for a maximisation) and no rows."""
    sign = -1 if model.maximize else 1
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = len(order) + dummy
    lp.col_cost_ = [sign * 1] * dummy + [sign * model.objective.get(i, 0.0) for i in order]
    bounds = [model.columns[i] for i in order]
    lp.col_lower_ = [0] * dummy + [-inf if lo is None else lo for lo, _, _ in bounds]
    lp.col_upper_ = [0] * dummy + [inf if up is None else up for _, up, _ in bounds]
    if any(integer for _, _, integer in bounds):
        whole, real = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
        lp.integrality_ = [real] * dummy + [whole if integer else real for _, _, integer in bounds]
    return lp


def _stage_rows(lp: highspy.HighsLp, model: StageModel, column: dict) -> None:
    """The rows of `model` into `lp`, column-wise, each column's entries in row order."""
    inf = highspy.kHighsInf
    entries: list[list[tuple[int, float]]] = [[] for _ in range(lp.num_col_)]
    lower, upper = [], []
    for r, (_, coeffs, le, rhs) in enumerate(model.rows):
        for i, a in coeffs.items():
            if a != 0:
                entries[column[i]].append((r, a))
        bound = -(0.0 - rhs)  # PuLP keeps a row's constant on the left: 0.0 - rhs
        lower.append(-inf if le else bound)
        upper.append(bound if le else inf)
    lp.num_row_ = len(model.rows)
    lp.row_lower_, lp.row_upper_ = lower, upper
    matrix = lp.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kColwise
    matrix.num_col_, matrix.num_row_ = lp.num_col_, lp.num_row_
    matrix.start_ = [0, *itertools.accumulate(len(e) for e in entries)]
    matrix.index_ = [r for e in entries for r, _ in e]
    matrix.value_ = [a for e in entries for _, a in e]


def column_ranges(model: StageModel, wider_than: float = 0) -> dict[int, tuple[int, int]] | None:
    """The least and the most each whole-person variable of `model`'s rows whose bounds are more
    than `wider_than` apart can take in its LP relaxation, rounded inwards: {program variable:
    (lowest, highest)}; None unless HiGHS proves every one. Every whole-person plan of the rows
    lies in these ranges. Two LP solves a variable, each from the last one's basis (20 groups x
    12 sources: 480 solves, 0.03-0.06 s)."""
    lp, order, _ = _stage_lp(dataclasses.replace(model, objective={}), False)
    lp.integrality_ = []
    h = _highs(1)
    h.setOptionValue("presolve", "off")  # each solve starts from the last one's basis
    with quiet():
        if h.passModel(lp) != highspy.HighsStatus.kOk:
            return None
    n = lp.num_col_
    every = np.arange(n, dtype=np.int32)
    ranges = {}
    for k, i in enumerate(order):
        low, high, integer = model.columns[i]
        if not integer or (high is not None and high - (low or 0) <= wider_than):
            continue
        ends = []
        for sign in (1.0, -1.0):
            cost = np.zeros(n)
            cost[k] = sign
            h.changeColsCost(n, every, cost)
            _run(h)
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            ends.append(sign * h.getInfo().objective_function_value)
        # Inwards past a solver's tolerance, never past a whole person.
        ranges[i] = (math.ceil(ends[0] - 1e-6), math.floor(ends[1] + 1e-6))
    return ranges


def row_duals(rows, objective, lower, upper) -> np.ndarray | None:
    """Row duals (HiGHS signs) of min objective·x over `rows` ((index, value) pairs, is "<=",
    right-hand side) and lower <= x <= upper (None: no bound); None unless HiGHS proves an optimum.
    For `optimizer.implied_bounds`: the multipliers need not be exact, only signed."""
    n = len(lower)
    h = _highs(1)
    inf = highspy.kHighsInf
    cost = np.zeros(n)
    for i, c in objective:
        cost[i] += c
    high = np.array([inf if u is None else u for u in upper], dtype=float)
    with quiet():
        h.addVars(n, np.asarray(lower, dtype=float), high)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        starts, index, value = [0], [], []
        for coeffs, _, _ in rows:
            index.extend(i for i, _ in coeffs)
            value.extend(v for _, v in coeffs)
            starts.append(len(index))
        row_low = np.array([-inf if le else rhs for _, le, rhs in rows], dtype=float)
        row_high = np.array([rhs if le else inf for _, le, rhs in rows], dtype=float)
        h.addRows(
            len(rows),
            row_low,
            row_high,
            len(index),
            np.array(starts[:-1], dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=float),
        )
    _run(h)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().row_dual, dtype=np.float64)


def _model(lp: ArrayProgram) -> highspy.HighsLp:
    n, m = len(lp.objective), len(lp.block)
    lower, upper = lp.lp_bounds()
    e = lp.entries
    model = highspy.HighsLp()
    model.num_col_ = n
    model.num_row_ = m
    model.col_cost_ = -lp.objective  # HiGHS minimises
    model.col_lower_ = np.zeros(n)
    model.col_upper_ = lp.upper
    inf = highspy.kHighsInf
    model.row_lower_ = np.where(np.isfinite(lower), lower, -inf)
    model.row_upper_ = np.where(np.isfinite(upper), upper, inf)
    matrix = model.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kColwise
    matrix.num_col_ = n
    matrix.num_row_ = m
    matrix.start_ = np.concatenate([[0], np.cumsum(np.bincount(e.col, minlength=n))]).astype(np.int32)
    matrix.index_ = e.row.astype(np.int32)
    matrix.value_ = e.coef
    return model


def _highs(threads: int) -> highspy.Highs:
    with quiet():  # HiGHS prints its banner from the constructor
        h = highspy.Highs()
    h.setOptionValue("output_flag", wants_log())
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", 0)
    return h


def _run(h: highspy.Highs) -> None:
    """Run; HiGHS keeps the thread pool of its first run in a process and refuses (status "Not Set",
    no solution) a later run asking for a different number of threads: run again with threads = 0
    (HiGHS's own choice, which takes the pool it has)."""
    with quiet():
        if h.run() == highspy.HighsStatus.kError and h.getModelStatus() == highspy.HighsModelStatus.kNotset:
            h.setOptionValue("threads", 0)
            h.run()


def _pass(h: highspy.Highs, model: highspy.HighsLp) -> None:
    with quiet():
        passed = h.passModel(model)
    if passed != highspy.HighsStatus.kOk:
        raise SolverError("HiGHS rejected the village-level model; please report this scenario as a bug")


def certify(lp: ArrayProgram, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(objective of x, Lagrangian upper bound from duals y, largest row violation of x).

    For max o.x s.t. l <= Ax <= u, 0 <= x <= U and any multipliers y (sign as HiGHS
    reports them for the minimisation of -o), the bound is
        sum_i max over r in [l_i, u_i] of -y_i r  +  sum_j U_j max(0, o_j + (A'y)_j)
    which no feasible x can exceed. Multipliers pointing at an infinite bound are set to 0.
    """
    bounds = lp.lp_bounds()
    return float(lp.objective @ x), dual_bound(lp, y, bounds), row_violation(lp, x, bounds)


def dual_bound(lp: ArrayProgram, y: np.ndarray, bounds: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """`certify`'s upper bound from duals y alone (`bounds`: `lp.lp_bounds()`, when the caller has
    them). A point that breaks a row needs none: the village split asks for the violation first,
    and skips this half of its check when the point is to be repaired (national, 25% shares)."""
    lower, upper = bounds or lp.lp_bounds()
    e = lp.entries
    y = np.where((y > 0) & ~np.isfinite(lower), 0.0, y)
    y = np.where((y < 0) & ~np.isfinite(upper), 0.0, y)
    # HiGHS: reduced cost d = c - A'y with c = -o; a <= row pushing the min has y < 0.
    rows_part = np.where(y > 0, -y * np.where(np.isfinite(lower), lower, 0.0), 0.0) + np.where(
        y < 0, -y * np.where(np.isfinite(upper), upper, 0.0), 0.0
    )
    reduced = lp.objective + e.per_column(y[e.row] * e.coef, lp.rows.shape)
    return float(rows_part.sum() + (lp.upper * np.maximum(reduced, 0.0)).sum())


def row_violation(
    lp: ArrayProgram, x: np.ndarray, bounds: tuple[np.ndarray, np.ndarray] | None = None
) -> float:
    """`certify`'s largest row violation of x."""
    lower, upper = bounds or lp.lp_bounds()
    e = lp.entries
    activity = e.per_row(e.coef * x[e.col], len(lp.block))
    over = np.maximum(activity - upper, 0.0)
    under = np.maximum(lower - activity, 0.0)
    return float(max(over.max(initial=0.0), under.max(initial=0.0)))
