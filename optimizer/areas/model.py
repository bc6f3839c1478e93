"""The village-level program, as NumPy arrays (fast path) and as a plain `Program` (PuLP path).

Variables x[v,s,g]: persons of group g in village v whose premium source s pays,
for every eligible (s, g), every village with people of g and money in s's pot
(no money, no variable). Rows, in blocks (so each column's rows are ascending):

    headcount[v,g]   sum_s x[v,s,g]                    <= uncovered[v,g]
    budget[pot]      sum c[s,g] x[v,s,g] over the pot  <= premium budget of the pot, rounded
                     down to a multiple of the gcd of the unit costs it may pay (exact for
                     whole persons, and a much tighter LP bound for small village pots)
                     (pot = the province, the village's regency, or the village by scope)
    group[g]         floor[g] <= sum_{v,s} x[v,s,g]    <= cap[g]     (only when set)
    village[v]       sum_{s,g} x[v,s,g] >= ceil(min_village_share x uncovered[v])
    district[d]      the same per district

Objective: max sum w_g e_sg x (max-coverage; then least cost, the most persons and credited
participants (`optimizer.model.figure_goals`) and the file-order tie-break, PuLP path
only). For min-cost (PuLP path only) one more row, target: sum 12 t_sg x >= 12 (target -
active), t_sg the participants one person adds (as the one-region model), and the goals
are least cost, then the file-order tie-break. The tie-break (`optimizer.model.order_goal`)
takes the variables by the paying source's place in the spending order, then in village,
group and source order.
The two builders are written independently so tests can compare them.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from optimizer.areas.data import AreaScenario, required
from optimizer.array_program import NO_ROW, Entries
from optimizer.errors import RulesCannotBeMet
from optimizer.model import (
    MONEY_UNIT,
    TARGET_SCALE,
    FloorShortKey,
    GoalTerms,
    Mode,
    Program,
    Row,
    RowKind,
    Sense,
    Variable,
    goal_sequence,
    with_target_gap,
)
from optimizer.scenario import Metric, Objective


@dataclass(frozen=True)
class VillageKey:
    """x[v,s,g] of the PuLP path: persons of group g in village `area` paid by source s."""

    source: str
    group: str
    area: str


@dataclass(frozen=True)
class ShareShortKey:
    """Persons a village's or a district's minimum share is left short (floors fallback):
    `kind` is "village" or "district", `index` its position in the villages file's order."""

    kind: str
    index: int


#: Rows that a floors fallback may leave short, one shortfall variable each.
SHORTABLE = (RowKind.FLOOR, RowKind.VILLAGE, RowKind.DISTRICT)

#: Row blocks, in column order.
HEAD, POT, GROUP, VILLAGE, DISTRICT = range(5)


@dataclass(frozen=True, eq=False)
class AreaLP:
    """The program as arrays; `icoef`/`ilower`/`iupper` are exact integers (Rupiah, persons)."""

    #: per variable
    village: np.ndarray
    source: np.ndarray
    group: np.ndarray
    upper: np.ndarray
    objective: np.ndarray
    #: row index per variable and block (NO_ROW when absent), and integer coefficients
    rows: np.ndarray
    icoef: np.ndarray
    #: per row: block, exact bounds (ilower may be 0 = none for <= rows; iupper -1 = none)
    block: np.ndarray
    ilower: np.ndarray
    iupper: np.ndarray

    @property
    def money(self) -> np.ndarray:
        """Per row: True for budget rows (written in Rp million in the LP)."""
        return self.block == POT

    def lp_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Row bounds in LP units: money rows in Rp million with half a Rupiah of headroom."""
        return self._lp_bounds

    @cached_property
    def _lp_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """`lp_bounds`, made once: the solve, the split's check, the bound and the pools each ask
        (four times 6 ms nationally). Read-only, as a program's bounds change only in a new one."""
        scale = np.where(self.money, MONEY_UNIT, 1.0)
        lower = np.where(self.ilower > 0, self.ilower / scale, -np.inf)
        upper = np.where(self.iupper >= 0, (self.iupper + np.where(self.money, 0.5, 0.0)) / scale, np.inf)
        lower.flags.writeable = upper.flags.writeable = False
        return lower, upper

    def lp_coef(self, cols: np.ndarray | None = None) -> np.ndarray:
        """The coefficients in LP units (money in Rp million), of columns `cols` only when given."""
        scale = np.where(np.arange(5) == POT, MONEY_UNIT, 1.0)
        return (self.icoef if cols is None else self.icoef[cols]) / scale

    @cached_property
    def entries(self) -> Entries:
        """The coefficients as flat arrays (`Entries`), made once: certify, rounding and the
        bounds each take products with the national program's matrix."""
        return Entries.of(self.rows, self.lp_coef())

    @cached_property
    def icoef_entries(self) -> np.ndarray:
        """The exact integer coefficients, in `entries` order."""
        return self.icoef.ravel()[self.entries.slot]

    def of_columns(self, cols: np.ndarray, keep: np.ndarray | None = None) -> tuple[AreaLP, np.ndarray]:
        """(the program of columns `cols` only, the rows it has): the rows they touch (of those
        `keep` marks, when given), renumbered in order, with their bounds as they are here.
        Callers change bounds or the objective of the part they solve alone."""
        rows = self.rows[cols]
        mine = rows != NO_ROW
        if keep is not None:
            mine &= keep[np.maximum(rows, 0)]
        used = np.unique(rows[mine])
        renumber = np.full(len(self.block), NO_ROW, np.int64)
        renumber[used] = np.arange(len(used))
        sub = AreaLP(
            village=self.village[cols], source=self.source[cols], group=self.group[cols],
            upper=self.upper[cols], objective=self.objective[cols],
            rows=np.where(mine, renumber[np.maximum(rows, 0)], NO_ROW),
            icoef=np.where(mine, self.icoef[cols], 0),
            block=self.block[used], ilower=self.ilower[used], iupper=self.iupper[used],
        )  # fmt: skip
        return sub, used


def pot_budget(area: AreaScenario, s: int) -> np.ndarray:
    """Premium Rupiah available to village v from source s (its pot's budget), per village."""
    scope = area.scopes[s]
    if scope == "village":
        return area.village_budget[:, s]
    if scope == "regency":
        return area.regency_budget[area.regency_of, s]
    return np.full(len(area.villages), area.scenario.sources[s].premium_budget, dtype=np.int64)


def _check_reachable(need_v, v, need_d, d, floors, g) -> None:
    """A village, district or group that must have persons covered but has no cell (no money
    that may pay for anyone there) would get no row at all, and a plan would quietly break
    its rule (the frontier's level 0 did, exit 3): no plan keeps the rules, as the LP says
    when the cells are there."""
    for need, present in ((need_v, v), (need_d, d), (floors, g)):
        reached = np.zeros(len(need), dtype=bool)
        reached[present] = True  # (marked, not np.setdiff1d: that sorts the 712,000 cells)
        if (~reached & (need > 0)).any():
            raise RulesCannotBeMet(
                "no plan keeps every rule (floors or minimum village/district shares cannot be met)"
            )


def build_area_lp(area: AreaScenario, metric: Metric, reachable: bool = True) -> AreaLP:
    """The village program as arrays (`AreaLP`). `reachable=False` leaves out the rows of places
    no money may reach instead of refusing (the floors fallback counts them short itself)."""
    sc = area.scenario
    n_v, n_g = area.headcount.shape
    sidx = {s.id: i for i, s in enumerate(sc.sources)}
    gidx = {g.id: i for i, g in enumerate(sc.groups)}
    parts_v, parts_k = [], []
    pairs = [(sidx[s.id], gidx[g.id]) for s, g in sc.eligible_pairs()]
    for k, (s, g) in enumerate(pairs):
        v = np.nonzero((area.headcount[:, g] > 0) & (pot_budget(area, s) > 0))[0]
        parts_v.append(v)
        parts_k.append(np.full(len(v), k))
    v = np.concatenate(parts_v)
    k = np.concatenate(parts_k)
    order = np.lexsort((k, v))
    v, k = v[order], k[order]
    pair_s = np.array([p[0] for p in pairs], dtype=np.int64)
    pair_g = np.array([p[1] for p in pairs], dtype=np.int64)
    s, g = pair_s[k], pair_g[k]
    unit = np.array([[sc.unit_cost(src, grp) for grp in sc.groups] for src in sc.sources], dtype=np.int64)
    gain = np.array([[_gain(sc, src, grp, metric) for grp in sc.groups] for src in sc.sources])
    n = len(v)
    rows = np.full((n, 5), NO_ROW, dtype=np.int64)
    icoef = np.zeros((n, 5), dtype=np.int64)
    blocks, lowers, uppers = [], [], []

    def add_block(block: int, keys: np.ndarray, coef: np.ndarray, lower_of, upper_of) -> None:
        base = sum(len(b) for b in blocks)
        mask = keys >= 0
        uniq, inv = distinct_keys(keys[mask])
        rows[mask, block] = base + inv
        icoef[mask, block] = coef[mask]
        blocks.append(np.full(len(uniq), block))
        lowers.append(lower_of(uniq))
        uppers.append(upper_of(uniq))

    add_block(
        HEAD,
        v * n_g + g,
        np.ones(n, np.int64),
        lambda u: np.zeros(len(u), np.int64),
        lambda u: area.headcount[u // n_g, u % n_g],
    )
    pot_key, pot_rp = _pots(area, v, s)
    step = np.zeros(len(pot_rp), dtype=np.int64)
    np.gcd.at(step, pot_key, unit[s, g])
    # Whole persons only ever spend multiples of the pot's gcd of unit costs: a tighter, exact budget.
    add_block(
        POT,
        pot_key,
        unit[s, g],
        lambda u: np.zeros(len(u), np.int64),
        lambda u: pot_rp[u] - pot_rp[u] % step[u],
    )
    floors = np.array([grp.min_persons for grp in sc.groups], dtype=np.int64)
    caps = np.array([grp.max_persons for grp in sc.groups], dtype=np.int64)
    limited = (floors > 0) | (caps < area.headcount.sum(axis=0))
    add_block(
        GROUP, np.where(limited[g], g, -1), np.ones(n, np.int64), lambda u: floors[u], lambda u: caps[u]
    )
    need_v = required(area.headcount.sum(axis=1), area.min_village_share)
    add_block(
        VILLAGE,
        np.where(need_v[v] > 0, v, -1),
        np.ones(n, np.int64),
        lambda u: need_v[u],
        lambda u: np.full(len(u), -1, np.int64),
    )
    per_district = np.bincount(area.district_of, weights=area.headcount.sum(axis=1)).astype(np.int64)
    need_d = required(per_district, area.min_district_share)
    d = area.district_of[v]
    add_block(
        DISTRICT,
        np.where(need_d[d] > 0, d, -1),
        np.ones(n, np.int64),
        lambda u: need_d[u],
        lambda u: np.full(len(u), -1, np.int64),
    )
    if reachable:
        _check_reachable(need_v, v, need_d, d, floors, g)
    return AreaLP(
        village=v, source=s, group=g, upper=area.headcount[v, g].astype(np.float64),
        objective=gain[s, g], rows=rows, icoef=icoef, block=np.concatenate(blocks),
        ilower=np.concatenate(lowers).astype(np.int64), iupper=np.concatenate(uppers).astype(np.int64),
    )  # fmt: skip


def distinct_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(keys, return_inverse=True)` for keys >= 0: by marking and counting when the
    largest key is within a few times their number (a row key per column of the national
    program: 5 ms instead of 0.1 s of sorting 712,000 keys), else by `np.unique`."""
    if len(keys) == 0 or int(keys.max()) > 4 * len(keys) + 1024:
        return np.unique(keys, return_inverse=True)
    present = np.zeros(int(keys.max()) + 1, dtype=bool)
    present[keys] = True
    return np.nonzero(present)[0], (np.cumsum(present) - 1)[keys]


def _gain(sc, src, grp, metric: Metric) -> float:
    """What one person of `grp` paid by `src` adds to max-coverage's objective."""
    return grp.weight * sc.credit(src, grp, metric)


def _pots(area: AreaScenario, v: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A key per variable naming its pot, and premium Rupiah per key."""
    n_v, n_r, n_s = len(area.villages), len(area.regency_codes), len(area.scopes)
    width = max(n_v, n_r, 1)
    budget = np.zeros(n_s * width, dtype=np.int64)
    where = np.zeros(len(v), dtype=np.int64)
    for j, scope in enumerate(area.scopes):
        mine = s == j
        if scope == "village":
            where[mine] = v[mine]
            budget[j * width : j * width + n_v] = area.village_budget[:, j]
        elif scope == "regency":
            where[mine] = area.regency_of[v[mine]]
            budget[j * width : j * width + n_r] = area.regency_budget[:, j]
        else:
            budget[j * width] = area.scenario.sources[j].premium_budget
    return s * width + where, budget


def build_area_program(
    area: AreaScenario,
    metric: Metric,
    objective: Objective = Objective.MAX_COVERAGE,
    participants: bool = False,
    short_floors: bool = False,
) -> Program:
    """The same program for `optimizer.solve` (PuLP): one variable per village x source x group;
    with `objective` min-cost, the target row and min-cost goals of the module docstring;
    `participants=True` maximises participants (target fallback) instead of the metric;
    `short_floors=True` is the floors fallback, as for one-region plans: every group floor
    and minimum share may be left short, and the goals are the fewest persons short, then
    least cost, then the tie-break."""
    sc = area.scenario
    codes = list(area.villages["village_code"])
    variables: list[Variable] = []
    heads: dict[tuple[int, int], list[int]] = {}
    pots: dict[tuple[int, int], list[tuple[int, float]]] = {}
    steps: dict[tuple[int, int], int] = {}
    by_group: dict[int, list[int]] = {}
    by_village: dict[int, list[int]] = {}
    terms: list[GoalTerms] = []
    for vi, code in enumerate(codes):
        for gi, grp in enumerate(sc.groups):
            if area.headcount[vi, gi] <= 0:
                continue
            for si, src in enumerate(sc.sources):
                pot = _pot_of(area, vi, si)
                if not src.may_pay_for(grp.id) or pot[1] <= 0:
                    continue
                i = len(variables)
                variables.append(Variable(f"x[{code},{src.id},{grp.id}]", float(area.headcount[vi, gi]), True,
                                          VillageKey(src.id, grp.id, code)))  # fmt: skip
                unit = sc.unit_cost(src, grp) / MONEY_UNIT
                heads.setdefault((vi, gi), []).append(i)
                pots.setdefault(pot[0], []).append((i, unit))
                steps[pot[0]] = math.gcd(steps.get(pot[0], 0), sc.unit_cost(src, grp))
                by_group.setdefault(gi, []).append(i)
                by_village.setdefault(vi, []).append(i)
                gain = _gain(sc, src, grp, metric)
                terms.append(GoalTerms(i, src.id, unit, gain, sc.participants(src, grp, metric)))
    rows = [
        Row(
            RowKind.HEADCOUNT,
            (codes[v], str(g)),
            tuple((i, 1.0) for i in ix),
            Sense.LE,
            float(area.headcount[v, g]),
        )  # fmt: skip
        for (v, g), ix in heads.items()
    ]
    for key, coeffs in pots.items():
        usable = _pot_of_key(area, key) // steps[key] * steps[key]
        rows.append(
            Row(RowKind.BUDGET, tuple(map(str, key)), tuple(coeffs), Sense.LE, (usable + 0.5) / MONEY_UNIT)
        )
    for gi, grp in enumerate(sc.groups):
        members = tuple((i, 1.0) for i in by_group.get(gi, []))
        if grp.max_persons < area.headcount[:, gi].sum():
            rows.append(Row(RowKind.CAP, (grp.id,), members, Sense.LE, float(grp.max_persons)))
        if grp.min_persons > 0:
            rows.append(Row(RowKind.FLOOR, (grp.id,), members, Sense.GE, float(grp.min_persons)))
    _fairness_rows(area, by_village, rows)
    short: dict[str, int] = {}
    gap = None
    if short_floors:
        rows = _with_shortfalls(rows, variables, short)
        mode = Mode.MIN_FLOOR_SHORTFALL
        if objective is Objective.MIN_COST:  # then as close to the target as the money allows
            target, gap = with_target_gap(_target_row(sc, terms), variables)
            rows.append(target)
    elif objective is Objective.MIN_COST:
        rows.append(_target_row(sc, terms))
        mode = Mode.MIN_COST
    else:
        mode = Mode.MAX_PARTICIPANTS if participants else Mode.MAX_COVERAGE
    # The one-region model's goals (least cost, figure goals, spending-order tie-break), over
    # the variables in village, group and source order.
    order = [t.index for t in terms]
    goals = goal_sequence(sc, mode, terms, {}, short, order, objective=objective, target_gap=gap)
    return Program(tuple(variables), tuple(rows), goals)


def _with_shortfalls(rows: list[Row], variables: list[Variable], short: dict[str, int]) -> list[Row]:
    """`rows` with a shortfall variable (at most the row's requirement) added to each floor and
    minimum-share row; the variables are appended to `variables` and indexed in `short`."""
    out = []
    for row in rows:
        if row.kind not in SHORTABLE:
            out.append(row)
            continue
        i = len(variables)
        floor = row.kind is RowKind.FLOOR
        key = FloorShortKey(row.ids[0]) if floor else ShareShortKey(row.kind.value, int(row.ids[0]))
        variables.append(Variable(f"short[{row.name}]", row.rhs, True, key))
        short[row.name] = i
        out.append(dataclasses.replace(row, coeffs=(*row.coeffs, (i, 1.0))))
    return out


def _target_row(sc, terms: list[GoalTerms]) -> Row:
    """target: participants >= target - active, scaled to whole coefficients (as the one-region model)."""
    gap = max(sc.region.target - sc.region.active, 0)
    coeffs = tuple((t.index, float(round(TARGET_SCALE * t.participants))) for t in terms)
    return Row(RowKind.TARGET, (), coeffs, Sense.GE, float(TARGET_SCALE * gap))


def _pot_of(area: AreaScenario, vi: int, si: int) -> tuple[tuple[int, int], int]:
    scope = area.scopes[si]
    if scope == "village":
        return (si, vi), int(area.village_budget[vi, si])
    if scope == "regency":
        r = int(area.regency_of[vi])
        return (si, r), int(area.regency_budget[r, si])
    return (si, 0), area.scenario.sources[si].premium_budget


def _pot_of_key(area: AreaScenario, key: tuple[int, int]) -> int:
    si, where = key
    scope = area.scopes[si]
    if scope == "village":
        return int(area.village_budget[where, si])
    if scope == "regency":
        return int(area.regency_budget[where, si])
    return area.scenario.sources[si].premium_budget


def _fairness_rows(area: AreaScenario, by_village: dict[int, list[int]], rows: list[Row]) -> None:
    totals = area.headcount.sum(axis=1)
    if area.min_village_share is not None:
        for vi, total in enumerate(totals):
            need = required(np.array([total]), area.min_village_share)[0]
            if need > 0:
                members = tuple((i, 1.0) for i in by_village.get(vi, []))
                rows.append(Row(RowKind.VILLAGE, (str(vi),), members, Sense.GE, float(need)))
    if area.min_district_share is not None:
        for d in range(len(area.district_codes)):
            inside = np.nonzero(area.district_of == d)[0]
            need = required(np.array([totals[inside].sum()]), area.min_district_share)[0]
            if need > 0:
                members = tuple((i, 1.0) for vi in inside for i in by_village.get(int(vi), []))
                rows.append(Row(RowKind.DISTRICT, (str(d),), members, Sense.GE, float(need)))
