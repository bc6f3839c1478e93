"""Groups a source cannot tell apart, solved as one: an exact smaller program for the main goals.

Many groups of a regency cost the same, count the same and fall under the same rules but for
their own headcount (the 80 groups of an invented 80 x 48 file are 11 such kinds). A source
that may pay for all of them has one variable per group, and the solver meets the same plan in
countless orders: HiGHS took 177 s to prove the coverage of that file. Here the variables of one
source over such groups become one variable, and their headcount rows one row:

    per group k:   (persons of the sources kept per group in k)          <= headcount of k
    per kind K:    (merged persons) + (persons of the kept sources in K) <= headcounts of K

Exact: every plan of the original program gives one of the merged program (sum the merged
variables), and every merged plan spreads back over the groups (`Merged.expand`): what the
kept sources leave of each group's headcount adds up to at least the merged persons, and any
of them may go to any group of the kind at the same price, count and rules. Only the goals
that cannot tell those groups apart are merged (coverage, least cost, the target: the goals
before the first tie-break); `optimizer.solve` solves them here and the tie-breaks on the
original program, every earlier goal held.

Pure arithmetic on `optimizer.model.Program`: no solver.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from optimizer.model import Program, Row, Sense, Variable

#: Merged only when it removes at least this share of the variables, and this many: below, the
#: program is small or its groups differ, and the solver's own search is as quick.
MERGE_SHARE = 0.25
MERGE_AT_LEAST = 32


@dataclass(frozen=True)
class MergedKey:
    """A merged variable: persons of the variables `members` (one per headcount row of a kind)."""

    members: tuple[int, ...]


@dataclass(frozen=True)
class Merged:
    """The smaller program (`program`, with the first `goals` goals) and how to spread its plan back."""

    program: Program
    goals: int
    #: original index of each kept variable, in the merged program's order (merged ones follow)
    kept: tuple[int, ...]
    #: (headcount rows of the original program, the merged variables' members per row)
    kinds: tuple[tuple[tuple[int, ...], tuple[tuple[int, ...], ...]], ...]
    original: Program

    def expand(self, values) -> tuple[float, ...] | None:
        """The original program's plan for a plan of the merged one: kept variables as they are,
        each merged variable's persons filling its kind's groups in row order (what the kept
        variables leave of each headcount); None if they do not fit (not a plan of this program)."""
        out = [0.0] * len(self.original.variables)
        for position, i in enumerate(self.kept):
            out[i] = values[position]
        rows = self.original.rows
        z = len(self.kept)
        for row_ids, members_per_merged in self.kinds:
            left = [rows[k].rhs - sum(out[i] for i, _ in rows[k].coeffs) for k in row_ids]
            for members in members_per_merged:
                persons = values[z]
                z += 1
                for position, i in enumerate(members):
                    take = min(persons, max(0.0, left[position]))
                    out[i] = take
                    left[position] -= take
                    persons -= take
                if persons > 1e-9:
                    return None
        return tuple(out)


def merge_interchangeable(program: Program) -> Merged | None:
    """The merged program of `program`'s goals before its first tie-break, or None when merging
    removes too few variables (`MERGE_SHARE`, `MERGE_AT_LEAST`) or there is no such goal."""
    goals = 0
    while goals < len(program.goals) and not program.goals[goals].tie_break:
        goals += 1
    if goals == 0:
        return None
    headcount = [k for k, row in enumerate(program.rows) if _is_headcount(row)]
    signature, row_of = _signatures(program, goals, set(headcount))
    members: dict[tuple, dict[int, int]] = defaultdict(dict)  # signature -> headcount row -> variable
    for i, key in signature.items():
        members[key][row_of[i]] = i
    kinds = _best_kinds(headcount, members, len(program.variables))
    if kinds is None:
        return None
    return _build(program, goals, kinds, members)


def _is_headcount(row: Row) -> bool:
    """A row 'these persons together at most rhs': <=, every coefficient 1, no money headroom."""
    return (
        row.sense is Sense.LE
        and row.rhs >= 0
        and not row.integer_headroom
        and all(c == 1.0 for _, c in row.coeffs)
        and len({i for i, _ in row.coeffs}) == len(row.coeffs)
    )


def _signatures(program: Program, goals: int, headcount: set[int]):
    """({variable: what every row but its headcount row and every merged goal see of it},
    {variable: its headcount row}) for the variables that can merge: whole persons in exactly
    one headcount row, with no upper bound below that row's."""
    seen: dict[int, list] = defaultdict(list)
    rows_of: dict[int, list[int]] = defaultdict(list)
    for k, row in enumerate(program.rows):
        for i, c in row.coeffs:
            if k in headcount:
                rows_of[i].append(k)
            else:
                seen[i].append((k, c))
    for g, goal in enumerate(program.goals[:goals]):
        for i, c in goal.coeffs:
            seen[i].append((-1 - g, c))
    signature, row_of = {}, {}
    for i, v in enumerate(program.variables):
        own = rows_of.get(i, [])
        if len(own) != 1 or not v.integer:
            continue
        if v.upper is not None and v.upper < program.rows[own[0]].rhs:
            continue
        signature[i] = tuple(sorted(seen.get(i, ())))
        row_of[i] = own[0]
    return signature, row_of


def _best_kinds(headcount, members, variables: int):
    """Kinds of headcount rows, each with the signatures merged over it (those with a variable
    in every row of the kind), chosen greedily: the candidate kinds are the row sets of the
    signatures (a source that may pay for every group of a price covers them all), the one that
    removes the most variables first, then the best of those it does not overlap, and so on.
    [(rows, signatures)] in row order, or None when too few variables would go."""
    order = sorted(members, key=lambda key: min(members[key].values()))
    keys_in: dict[int, set[tuple]] = defaultdict(set)  # headcount row -> signatures in it
    for key in order:
        for k in members[key]:
            keys_in[k].add(key)
    candidates = []
    for rows in sorted({tuple(sorted(members[key])) for key in order if len(members[key]) >= 2}):
        common = set.intersection(*(keys_in[k] for k in rows))
        keys = tuple(key for key in order if key in common)
        candidates.append((len(keys) * (len(rows) - 1), rows, keys))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    taken: set[int] = set()
    kinds = []
    for saved, rows, keys in candidates:
        if saved > 0 and taken.isdisjoint(rows):
            kinds.append((rows, keys))
            taken.update(rows)
    saved = sum(len(keys) * (len(rows) - 1) for rows, keys in kinds)
    if saved < MERGE_AT_LEAST or saved < MERGE_SHARE * variables:
        return None
    return sorted(kinds)


def _build(program: Program, goals: int, kinds, members) -> Merged:
    """The merged program: kept variables first (in their order), then one per (kind, signature)."""
    merged_members = [
        (rows, tuple(tuple(members[key][k] for k in rows) for key in keys), keys) for rows, keys in kinds
    ]
    gone = {i for _, per_key, _ in merged_members for group in per_key for i in group}
    kept = tuple(i for i in range(len(program.variables)) if i not in gone)
    position = {i: p for p, i in enumerate(kept)}
    variables = [program.variables[i] for i in kept]
    row_terms: dict[int, list[tuple[int, float]]] = defaultdict(list)  # row (or -1 - goal) -> new terms
    merged_of: dict[tuple[int, ...], list[int]] = {}  # kind's rows -> its merged variables
    for rows, per_key, keys in merged_members:
        capacity = sum(program.rows[k].rhs for k in rows)
        for group, key in zip(per_key, keys, strict=True):
            z = len(variables)
            merged_of.setdefault(rows, []).append(z)
            first = program.variables[group[0]]
            variables.append(
                Variable(f"merged[{first.name}+{len(group) - 1}]", capacity, True, MergedKey(group))
            )
            for k, c in key:
                row_terms[k].append((z, c))
    in_kind = {k: rows for rows, _, _ in merged_members for k in rows}
    new_rows = []
    for k, row in enumerate(program.rows):
        coeffs = tuple((position[i], c) for i, c in row.coeffs if i in position) + tuple(row_terms.get(k, ()))
        if k not in in_kind:
            new_rows.append(dataclasses.replace(row, coeffs=coeffs))
            continue
        rows = in_kind[k]
        if coeffs:
            new_rows.append(dataclasses.replace(row, coeffs=coeffs))
        if k == rows[-1]:  # the kind's own row, after its last group's
            new_rows.append(_kind_row(program, rows, position, merged_of[rows]))
    new_goals = tuple(
        dataclasses.replace(
            goal,
            coeffs=tuple((position[i], c) for i, c in goal.coeffs if i in position)
            + tuple(row_terms.get(-1 - g, ())),
        )
        for g, goal in enumerate(program.goals[:goals])
    )
    kinds_out = tuple((rows, per_key) for rows, per_key, _ in merged_members)
    return Merged(Program(tuple(variables), tuple(new_rows), new_goals), goals, kept, kinds_out, program)


def _kind_row(program: Program, rows, position, merged) -> Row:
    """All persons of a kind's groups, merged and kept, within the sum of their headcounts."""
    first = program.rows[rows[0]]
    kept = [(position[i], 1.0) for k in rows for i, _ in program.rows[k].coeffs if i in position]
    ids = tuple(program.rows[k].name for k in rows)
    return Row(
        first.kind,
        ids,
        tuple(kept) + tuple((z, 1.0) for z in merged),
        Sense.LE,
        sum(program.rows[k].rhs for k in rows),
    )
