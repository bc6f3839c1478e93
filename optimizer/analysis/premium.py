"""Change a source's premium money for a re-solve, in the annual and the monthly model alike.

Marginal values ("one more Rp1 billion") and the frontier (budget levels) re-solve a
scenario with a source holding a different amount of premium money. Without
tranches that is simply the budget. With tranches (the monthly model) the money
also has to arrive at some time; the rule here is:

* `rupiah` premium money arrives in the same proportions, month by month, as the
  file's money does: by the end of month t, floor(rupiah * A_t / A_12) Rupiah, where
  A_t is what the file has arrived by month t. So one more Rp1 billion for a source
  whose money comes half in May and half in October is Rp500 million more in May and
  Rp500 million more in October. (A source with no money in the file uses its
  tranche shares or amounts for the proportions.)
* with `extra_in_january=True` the file's money arrives as in the file and only what
  lies beyond it arrives in January (as the extra money `solve` suggests when the
  target is missed).

The changed source is written as Rupiah `amount` tranches with no `premium_share`,
so its premium money is exactly what is asked for, whatever the file's rounding.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from optimizer.model import Program, RowKind, row_name
from optimizer.monthly.months import LAST_MONTH, available_by
from optimizer.scenario import Scenario, Source, Tranche


def arrived_fraction(src: Source, month: int) -> Fraction:
    """Share of the source's premium money that has arrived by the end of `month`."""
    if not src.tranches:
        return Fraction(1)
    total = available_by(src, LAST_MONTH)
    if total > 0:
        return Fraction(available_by(src, month), total)
    weights = [(t.month, Fraction(t.share if t.share is not None else (t.amount or 0))) for t in src.tranches]
    whole = sum(w for _, w in weights)
    if whole == 0:
        return Fraction(int(month >= min(m for m, _ in weights)))
    return sum((w for m, w in weights if m <= month), Fraction(0)) / whole


def with_premium_budget(
    scenario: Scenario, source_id: str, rupiah: int, extra_in_january: bool = False
) -> Scenario:
    """`scenario` with source `source_id` holding exactly `rupiah` for premiums (see the module)."""
    src = scenario.source(source_id)
    if not src.tranches:
        changed = dataclasses.replace(src, budget=rupiah, premium_share=None)
    else:
        if extra_in_january:
            extra = max(rupiah - available_by(src, LAST_MONTH), 0)
            by_month = [available_by(src, t) + extra for t in range(1, LAST_MONTH + 1)]
        else:
            by_month = [int(rupiah * arrived_fraction(src, t) // 1) for t in range(1, LAST_MONTH + 1)]
        tranches, before = [], 0
        for month, arrived in enumerate(by_month, start=1):
            if arrived != before or (month == LAST_MONTH and not tranches):
                tranches.append(Tranche(month, amount=arrived - before))
            before = arrived
        changed = dataclasses.replace(src, budget=by_month[-1], premium_share=None, tranches=tuple(tranches))
    sources = tuple(changed if s.id == source_id else s for s in scenario.sources)
    return dataclasses.replace(scenario, sources=sources)


def budget_rows(program: Program, scenario: Scenario, weights: dict[str, float]) -> dict[str, float]:
    """Rows whose right-hand side moves with a premium level x, and by how much per Rupiah of x.

    Source s gets `weights[s]` of x: its budget row moves by that weight, and in the
    monthly model each money-arrived row by the weight times the share arrived by then.
    """
    names = {row.name for row in program.rows}
    out: dict[str, float] = {}
    for sid, w in weights.items():
        out[row_name(RowKind.BUDGET, sid)] = w
        src = scenario.source(sid)
        for t in range(1, LAST_MONTH):
            name = row_name(RowKind.ARRIVED, sid, t)
            if name in names:
                out[name] = w * float(arrived_fraction(src, t))
    return out
