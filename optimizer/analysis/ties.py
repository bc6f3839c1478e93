"""Is there another, equally good plan, and how does it split the money?

The plan is the one optimum that the last tie-break picks (spending order, then file
order: `optimizer.model.order_goal`). Solving the same program with that last goal
reversed (the latest source and group first) gives the equally good plan that is
furthest from it in that order: the same value of every earlier goal (the planner's
goal, least cost, the fewest persons moved from a baseline). If the two agree on every
(source, group), the plan is the only optimum at that level; otherwise the planner sees
what may move without losing anything. Unique and solver-independent, like the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer import i18n
from optimizer.analysis.moves import Move, persons_by_pair
from optimizer.analysis.resolve import program_of, question_of
from optimizer.model import Goal, Program
from optimizer.monthly.model import RunKey
from optimizer.result import Plan
from optimizer.solve import solve_program
from optimizer.status import SolveStatus
from optimizer.text_table import table_lines


@dataclass(frozen=True)
class EquallyGood:
    #: (source, group) pairs whose persons differ: `before` in the plan, `after` in the other plan.
    moves: tuple[Move, ...]
    #: False when the other plan's last tie-break was cut short (it is still equally good).
    proven: bool


def equally_good(plan: Plan) -> EquallyGood | None:
    """The other equally good plan's differences (`moves` empty: the plan is the only one);
    None when there is nothing to compare against (no proven optimum)."""
    if plan.floor_shortfall is not None or plan.status is not SolveStatus.OPTIMAL:
        return None
    q = question_of(plan)
    program = program_of(plan.scenario, q)
    last = program.goals[-1]
    if not last.tie_break or last.name != "file-order":
        return None  # e.g. the extra-money split: no order goal to reverse
    reversed_last = Goal(last.name, last.maximize, _reversed(last.coeffs), tie_break=True)
    other = solve_program(
        Program(program.variables, program.rows, (*program.goals[:-1], reversed_last)), q.solver
    )
    if other.status is not SolveStatus.OPTIMAL or len(other.goal_values) < len(program.goals) - 1:
        return None
    mine = persons_by_pair(plan)
    theirs = _persons(program, other.values)
    moves = tuple(
        Move(s, g, mine.get((s, g), 0), theirs.get((s, g), 0))
        for s, g in sorted(set(mine) | set(theirs))
        if mine.get((s, g), 0) != theirs.get((s, g), 0)
    )
    return EquallyGood(moves, proven=not other.unproven)


def _reversed(coeffs: tuple[tuple[int, float], ...]) -> tuple[tuple[int, float], ...]:
    """The same variables with their weights in the opposite order: the last weighs most."""
    weights = [w for _, w in coeffs]
    return tuple((i, w) for (i, _), w in zip(coeffs, reversed(weights), strict=True))


def _persons(program: Program, values) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for v, x in zip(program.variables, values, strict=True):
        if isinstance(v.key, RunKey) and x > 0:
            key = (v.key.source, v.key.group)
            out[key] = out.get(key, 0) + int(x)
    return out


def to_dict(found: EquallyGood | None) -> dict | None:
    """The JSON key `equally_good` (README, "JSON output")."""
    if found is None:
        return None
    return {
        "found": bool(found.moves),
        "proven": found.proven,
        "moves": [
            {"source": m.source, "group": m.group, "plan": m.before, "other": m.after} for m in found.moves
        ],
    }


def render_section(found: EquallyGood | None, plan: Plan, lang: i18n.Lang = "en") -> str:
    """The table's section on equally good plans ('' when none was looked for)."""
    if found is None:
        return ""
    if not found.moves:
        return "\n" + i18n.t("ties.none", lang) + "\n"
    also = i18n.t("ties.also", lang) if plan.scenario.baseline is not None else ""
    rows = [[m.source, m.group, i18n.number(m.before, lang), i18n.number(m.after, lang)] for m in found.moves]
    headers = [i18n.t(k, lang) for k in ("source", "group", "this plan", "other plan")]
    return "\n".join(["", i18n.t("ties.found", lang, also=also), *table_lines(headers, rows, {2, 3})]) + "\n"
