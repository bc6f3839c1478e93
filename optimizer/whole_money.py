"""Whole persons at whole Rupiah: how a program's rows and goals read in exact integers.

Pure arithmetic over `optimizer.model.Program`, no solver: `optimizer.solve` asks it how to
write a money row for an integer solve (`integer_form`: whole units of the gcd of its prices),
which integrality tolerance keeps rounding from moving money
(`integrality_tolerance`), how an earlier goal is held (`hold`), and whether a rounded plan keeps
every row exactly (`breaks_a_row`, `keeps_every_row`) or has room for one more rewarded unit
(`one_more_fits`). Money rows and goals are in Rp million (`MONEY_UNIT`).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from optimizer.model import MONEY_UNIT, Goal, Program, Row, Sense

#: A later goal may not worsen an earlier one by more than this (relative).
LEXICOGRAPHIC_TOLERANCE = 1e-9
#: Money goals are held to the Rupiah: half a Rupiah in model units (millions).
MONEY_HOLD = 0.5e-6

#: Integrality tolerance asked of the MIP solvers, per stage (`integrality_tolerance`): the loosest of
#: these at which rounding cannot move any money row or money goal by a tenth of its smallest
#: step (whole Rupiah or their gcd). HiGHS is 2-3 times faster at 1e-6 than at 1e-9 on
#: frontier solves; 1e-9 is still needed where a row adds up a billion Rupiah-steps.
#: `STRICT_INTEGRALITY` is the retry when a rounded plan still breaks a budget.
LOOSEST_INTEGRALITY = 1e-6
INTEGRALITY = 1e-9
STRICT_INTEGRALITY = 1e-10
#: Part of a money step that rounding may move a row: far below a whole step.
ROUNDING_SHARE = 0.1


def integrality_tolerance(program: Program, goal: Goal, held) -> float:
    """The integrality tolerance of one integer stage: each integer variable may sit this far
    from its rounded value, so a row moves by at most tolerance x the sum of its |coefficients|;
    kept below `ROUNDING_SHARE` of the row's money step, rounding can neither break a budget (a
    rounded spend is a whole number of steps, within a tenth of one of the solver's) nor change
    which plan is cheapest (money moves in whole steps)."""
    lines = [(row.coeffs, row.rhs) for row in program.rows if row.integer_headroom]
    lines += [(g.coeffs, v) for g, v in (*held, (goal, 0.0)) if is_money(g)]
    steps = 0.0
    for coeffs, rhs in lines:
        whole = whole_rupiah(coeffs, rhs, program.variables)
        if whole is None:  # continuous money (extra budget): steps of one Rupiah
            steps = max(steps, math.fsum(abs(c) for _, c in coeffs) * MONEY_UNIT)
        else:
            terms, _, unit = whole
            steps = max(steps, math.fsum(abs(n) for _, n in terms) / unit)
    for g in (*(g for g, _ in held), goal):  # other goals: steps of their smallest coefficient
        sizes = [abs(c) for i, c in g.coeffs if c and program.variables[i].integer]
        if sizes and not is_money(g):
            steps = max(steps, math.fsum(sizes) / min(sizes))
    if steps == 0:
        return LOOSEST_INTEGRALITY
    return min(LOOSEST_INTEGRALITY, max(INTEGRALITY, ROUNDING_SHARE / steps))


def hold_slack(goal: Goal, value: float) -> float:
    if is_money(goal):
        return MONEY_HOLD
    return LEXICOGRAPHIC_TOLERANCE * max(1.0, abs(value))


def integer_form(row: Row, variables, headroom: bool = False) -> tuple[tuple[tuple[int, float], ...], float]:
    """A row as an integer solve sees it: a money row (`Row.integer_headroom`) in whole
    units of g Rupiah, g the greatest common divisor of its Rupiah coefficients, with the
    budget rounded down to a whole unit: for whole persons this is the exact budget rule, and
    no tolerance can buy a person with one Rupiah (a plan's spend is a whole number of units).

    `headroom`: half a unit on top, which cuts off no whole-person plan either (the rows from
    which `optimizer.implied_bounds` narrows ranges, as they were before the solves' own rows
    lost it). The solves' rows go without: CBC's preprocessing, unlike HiGHS's presolve, does
    not round it away, and small files whose bound sat a hair above the next whole step did not
    close (invented 10 x 6 coverage files, benchmarks/TIE_BREAKS.md)."""
    if not row.integer_headroom:
        return row.coeffs, row.rhs
    whole = whole_rupiah(row.coeffs, row.rhs, variables)
    if whole is None:  # a continuous term (extra money): the row in millions, half a Rupiah headroom
        return row.coeffs, row.rhs + row.integer_headroom
    coeffs, budget, unit = whole
    return tuple((i, float(n // unit)) for i, n in coeffs), budget // unit + (0.5 if headroom else 0.0)


def whole_rupiah(coeffs, rhs: float, variables):
    """(integer Rupiah coefficients, integer Rupiah right-hand side, their gcd) of a money
    row or goal in model units, or None when a term is not whole persons at whole Rupiah."""
    if not all(variables[i].integer for i, _ in coeffs):
        return None
    try:
        whole = rupiah_terms(coeffs)
    except TypeError:  # coefficients in a list: not cached
        whole = rupiah_terms.__wrapped__(coeffs)
    budget = rhs * MONEY_UNIT
    if whole is None or abs(budget - round(budget)) > 1e-3:
        return None
    terms, unit = whole
    return terms, round(budget), unit


@functools.lru_cache(maxsize=4096)
def rupiah_terms(coeffs) -> tuple[tuple[tuple[int, int], ...], int] | None:
    """(integer Rupiah coefficients, their gcd), or None when one is not whole Rupiah. Cached:
    a frontier asks it of the same rows and goals some forty times a level."""
    terms = []
    for i, c in coeffs:
        rupiah = c * MONEY_UNIT
        if abs(rupiah - round(rupiah)) > 1e-6:
            return None
        terms.append((i, round(rupiah)))
    unit = math.gcd(*(n for _, n in terms)) if terms else 1
    return tuple(terms), unit or 1


def money_step(goal: Goal, program: Program) -> float:
    """The smallest change of a whole-Rupiah money goal (model units): the gcd of its prices."""
    return whole_rupiah(goal.coeffs, 0.0, program.variables)[2] / MONEY_UNIT


def hold(goal: Goal, value: float, variables, relax: bool):
    """(coefficients, right-hand side) that keep an earlier goal at its optimum `value`: in an
    integer solve, a goal in whole steps (money in whole Rupiah, persons...) as a row in whole
    steps at exactly its optimum, else with a small tolerance.

    Why exact: a tolerance leaves a right-hand side such as 13783.99998622 persons, a hair below
    a whole number, from which CBC derived cuts that cut off every plan (a feasible stage came
    back "proven infeasible"); whole numbers give the solvers nothing to round wrongly."""
    if not relax and not is_money(goal):
        unit = goal_unit(goal, variables)
        if unit is not None:  # whole steps at least (at most) `value`: the same whole-person plans
            steps = value / unit
            steps = math.ceil(steps - 1e-6) if goal.maximize else math.floor(steps + 1e-6)
            return tuple((i, float(round(c / unit))) for i, c in goal.coeffs), float(steps)
    if goal.maximize:
        return goal.coeffs, value - hold_slack(goal, value)
    if not relax and is_money(goal):
        whole = whole_rupiah(goal.coeffs, value, variables)
        if whole is not None:
            coeffs, rupiah, unit = whole
            return tuple((i, float(n // unit)) for i, n in coeffs), float(rupiah // unit)  # as integer_form
    return goal.coeffs, value + hold_slack(goal, value)


def one_more_fits(program: Program, goal: Goal, held, values) -> bool:
    """Could one more unit of a variable that a maximised `goal` rewards be added, every row,
    bound and held money goal kept (money in exact Rupiah)? Then the plan is not optimal."""
    if not goal.maximize:
        return False
    x = [round(v) for v in values]
    rewarded = {
        i for i, c in goal.coeffs if c > 0 and program.variables[i].integer and below_upper(program, i, x)
    }
    if not rewarded:
        return False
    limits = [
        (row.coeffs, row.sense is Sense.LE, row.rhs, bool(row.integer_headroom)) for row in program.rows
    ]
    # Held goals as rows: a maximised one may not fall, a minimised one may not rise.
    limits += [(g.coeffs, not g.maximize, v, not g.maximize and is_money(g)) for g, v in held]
    for coeffs, sense_le, rhs, money in limits:
        whole = whole_rupiah(coeffs, rhs, program.variables) if money else None
        terms, bound, slack = (whole[0], whole[1], 0) if whole else (coeffs, rhs, 1e-9 * max(1.0, abs(rhs)))
        activity = sum(a * x[i] for i, a in terms)
        for i, a in terms:
            after = activity + a
            if i in rewarded and (after > bound + slack if sense_le else after < bound - slack):
                rewarded.discard(i)
        if not rewarded:
            return False
    return True


def below_upper(program: Program, i: int, x: list[int]) -> bool:
    upper = program.variables[i].upper
    return upper is None or x[i] + 1 <= upper + 1e-9


def keeps_every_row(program: Program, values) -> bool:
    """Does the whole-person plan `values` keep every row of `program` (money in exact Rupiah)?"""
    return not breaks_a_row(program, (), values)


def breaks_a_row(program: Program, held, values) -> bool:
    """Does the rounded plan break a row or a held goal? Money in exact integer Rupiah."""

    def broken(coeffs, sense_le: bool, rhs: float, money: bool) -> bool:
        whole = whole_rupiah(coeffs, rhs, program.variables) if money else None
        if whole is not None:
            terms, rupiah, _ = whole
            spent = sum(n * round(values[i]) for i, n in terms)
            return spent > rupiah if sense_le else spent < rupiah
        activity = math.fsum(c * values[i] for i, c in coeffs)
        slack = 1e-9 * max(1.0, abs(rhs)) + (1e-6 if money else 0.0)
        return activity > rhs + slack if sense_le else activity < rhs - slack

    for row in program.rows:
        if broken(row.coeffs, row.sense is Sense.LE, row.rhs, bool(row.integer_headroom)):
            return True
    for goal, value in held:
        if not goal.maximize and is_money(goal) and broken(goal.coeffs, True, value, True):
            return True
    return False


def is_money(goal: Goal) -> bool:
    return goal.name in ("cost", "extra") or goal.name.startswith(("spend[", "extra["))


def goal_value(goal: Goal, values: tuple[float, ...]) -> float:
    return math.fsum(c * values[i] for i, c in goal.coeffs)


def goal_unit(goal: Goal, variables) -> float | None:
    """The step between two values of `goal` on whole-person plans: a unit of which every
    coefficient is a whole multiple (money goals: the gcd of their Rupiah prices; weights such
    as 1, 2 or 1.5 persons: their rational gcd), or None when there is none (a continuous
    variable, or a coefficient that is no fraction with a small denominator)."""
    if not goal.coeffs or not all(variables[i].integer for i, _ in goal.coeffs):
        return None
    if is_money(goal):
        whole = whole_rupiah(goal.coeffs, 0.0, variables)
        return None if whole is None else whole[2] / MONEY_UNIT
    fractions = []
    for _, c in goal.coeffs:
        f = Fraction(c).limit_denominator(1000)
        if f == 0 or abs(float(f) - c) > 1e-12 * max(1.0, abs(c)):
            return None
        fractions.append(abs(f))
    common = math.lcm(*(f.denominator for f in fractions))
    return math.gcd(*(f.numerator * (common // f.denominator) for f in fractions)) / common
