"""The worst case of a scenario with `[[overlap]]`: every segment at its fewest persons.

A fixed plan pays for persons segment by segment (a group's own members, or the persons
of an overlap; `optimizer.monthly.months.segments`). When the headcount of a group in an
overlap is uncertain, the split of a group between its own members and the overlap moves
with the draw: with the fisherman list at its minimum and the RT list at its maximum, the
overlap is at its largest and the RT heads who do not fish at their fewest. The scenario
with every group at its minimum is then not the worst for every segment, and a plan made
for it could find fewer persons in a segment than it pays for.

`fewest_in_every_segment` builds the scenario in which every segment has at most as many
persons as in any realisation inside the ranges (README, "The model: uncertainty"):

- each overlap at its size with every group at its minimum (overlaps only grow with their
  groups, `ranges._overlap_in_proportion`);
- each group's own members at a lower bound over the ranges: its minimum headcount less
  the overlaps inside it at the most they can then hold (below).

The group's headcount is then its own members plus its overlaps, at most its minimum.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

from optimizer.monthly.months import overlap_persons
from optimizer.scenario import Scenario


def fewest_in_every_segment(written: Scenario, low: Scenario, high: Scenario) -> Scenario:
    """`low` (every headcount at its minimum) with each segment at its fewest persons.

    `high` is the scenario with every headcount at its maximum: no overlap can hold more.
    Without overlaps `low` is already the fewest and is returned unchanged.
    """
    if not written.overlaps:
        return low
    fewest, most = _overlap_persons(low), _overlap_persons(high)
    groups = []
    for g in low.groups:
        inside = [k for k, o in enumerate(written.overlaps) if g.id in o.groups]
        if inside:
            own = _fewest_own_members(written, low, most, g.id)
            g = dataclasses.replace(g, uncovered=own + sum(fewest[k] for k in inside))
        groups.append(g)
    # Overlaps as persons: a share would be taken of the smaller headcounts above.
    overlaps = tuple(
        dataclasses.replace(o, persons=n, share=None) for o, n in zip(written.overlaps, fewest, strict=True)
    )
    return dataclasses.replace(low, groups=tuple(groups), overlaps=overlaps)


def _overlap_persons(s: Scenario) -> list[int]:
    """Persons in each overlap, in file order."""
    return [overlap_persons(s, o) for o in s.overlaps]


def _fewest_own_members(written: Scenario, low: Scenario, most: list[int], gid: str) -> int:
    """A lower bound on the members of `gid` in no overlap, for every draw inside the ranges.

    With H the group's realised headcount, an overlap of n persons as written holds at most
    n x H / written headcount (`ranges._overlap_in_proportion`), and never more than at its
    largest. These fractions of the group add up to at most 1 (the written overlaps fit in
    the group), so H less them only grows with H: its value at the smallest H is the bound.
    """
    inside = [k for k, o in enumerate(written.overlaps) if gid in o.groups]
    smallest, headcount = low.group(gid).uncovered, written.group(gid).uncovered
    if headcount == 0:
        return 0
    at_most = [
        min(Fraction(overlap_persons(written, written.overlaps[k]) * smallest, headcount), most[k])
        for k in inside
    ]
    return max(0, math.ceil(smallest - sum(at_most)))
