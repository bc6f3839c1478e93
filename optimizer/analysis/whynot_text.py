"""The why-not lines in planner words (en/id), and their JSON form.

Group and source names, not ids: these lines go into budget proposals.
"""

from __future__ import annotations

import dataclasses

from optimizer.analysis.whynot import Payer, Reason, WhyNot
from optimizer.catalogue import Words
from optimizer.i18n import Lang
from optimizer.messages import MESSAGES, text
from optimizer.scenario import Scenario

#: key -> English (its Indonesian: optimizer.catalogue); added to `MESSAGES` so `text` can say them.
WHYNOT_MESSAGES = Words(
    {
        "wn.title": "Why not fully covered (in Rupiah)",
        "wn.head": "{group}: {covered:n} of {uncovered:n} covered{floor}; may be paid by {sources}",
        "wn.at_floor": " (its floor)",
        "wn.no_source": (
            "{group}: {covered:n} of {uncovered:n} covered; no source may pay for it: let a source "
            "(APBD, say) pay for it"
        ),
        "wn.cap": (
            "{group}: covered up to its cap of {limit:n} (of {uncovered:n} uncovered): raise the cap "
            "to cover more"
        ),
        "wn.no_value": (
            "{group}: a covered person adds nothing to {unit} (check its months, window and the metric)"
        ),
        "wn.price": (
            "{source}: {price:rp} per person ({months} months x {monthly:rp}) adds {value:v} "
            "{value_unit}; the same money buys {elsewhere:v} {elsewhere_unit} elsewhere; {how}"
        ),
        "wn.partly": (
            "{source}: {price:rp} per person ({months} months x {monthly:rp}) adds {value:v} "
            "{value_unit}, as much as the same money buys elsewhere: the last Rupiah go to it and run "
            "out; {how}"
        ),
        "wn.cost_price": (
            "{source}: {price:rp} per person ({months} months x {monthly:rp}); a participant toward "
            "the target is worth {value:rp} at the margin, the person costs {elsewhere:rp} with what "
            "this money buys elsewhere"
        ),
        "wn.cost_partly": (
            "{source}: {price:rp} per person ({months} months x {monthly:rp}): the last participants "
            "the target needs come from this group; the target is met before all of them are needed"
        ),
        "wn.if_price": "it comes in if its package cost {even:rp} a month or less",
        "wn.if_money": "{extra:rp} more in {source} brings in one more person",
        "wn.all_money": "{extra:rp} more in {source} covers all of them",
        "wn.no_money": "more money in {source} alone does not bring it in",
        "wn.no_money_all": "more money in {source} alone does not cover all of them",
        "wn.method": (
            "LP numbers: the same money elsewhere is the LP shadow price of the source; the Rupiah "
            "more come from the exact LP parametric method; the whole-person plan may differ by one "
            "person's premium"
        ),
    }
)
MESSAGES.add(WHYNOT_MESSAGES)  # one table of sentences; a key given twice raises


def _unit(unit: str, lang: Lang, count: float | None = None) -> str:
    """The metric's unit in `lang`; for a count of exactly one its singular ("adds 1 person")."""
    key = f"unit1.{unit}" if count is not None and abs(count - 1) < 1e-9 else f"unit.{unit}"
    if key not in MESSAGES:
        key = f"unit.{unit}"
    return text(key, lang) if key in MESSAGES else unit


def item_lines(w: WhyNot, s: Scenario, lang: Lang = "en") -> list[str]:
    """The head line of one group, then one line per source that may pay for it."""
    unit = _unit(w.unit, lang)
    name = s.group(w.group).name
    base = {"group": name, "covered": w.covered, "uncovered": w.uncovered, "limit": w.limit, "unit": unit}
    if w.reason == Reason.NO_SOURCE:
        return [text("wn.no_source", lang, **base)]
    if w.reason == Reason.CAP:
        return [text("wn.cap", lang, **base)]
    if w.reason == Reason.NO_VALUE:
        return [text("wn.no_value", lang, **base)]
    sources = ", ".join(s.source(p.source).name for p in w.payers)
    floor = text("wn.at_floor", lang) if w.at_floor else ""
    out = [text("wn.head", lang, sources=sources, floor=floor, **base)]
    if w.break_even_monthly_price is not None:
        out[0] += "; " + text("wn.if_price", lang, even=w.break_even_monthly_price)
    out += [_payer_line(p, w, s, lang) for p in w.payers]
    return out


def _payer_line(p: Payer, w: WhyNot, s: Scenario, lang: Lang) -> str:
    source = s.source(p.source).name
    nums = {
        "source": source,
        "price": p.price_per_person,
        "months": p.months,
        "monthly": p.monthly_price,
        "value": p.value_per_person,
        "elsewhere": p.elsewhere,
        "value_unit": _unit(w.unit, lang, p.value_per_person),
        "elsewhere_unit": _unit(w.unit, lang, p.elsewhere),
    }
    if w.unit == "Rupiah saved":  # min-cost that meets its target: the target, not money, stops it
        key = "wn.cost_partly" if w.reason == Reason.PARTLY and p.at_margin else "wn.cost_price"
        return text(key, lang, **nums)
    if w.reason == Reason.PARTLY and p.at_margin:
        how = (
            text("wn.all_money", lang, extra=p.extra_budget, source=source)
            if p.extra_budget is not None
            else text("wn.no_money_all", lang, source=source)
        )
        return text("wn.partly", lang, how=how, **nums)
    ways = []
    key = "wn.all_money" if w.reason == Reason.PARTLY else "wn.if_money"
    if p.extra_budget is not None:
        ways.append(text(key, lang, extra=p.extra_budget, source=source))
    none = "wn.no_money_all" if w.reason == Reason.PARTLY else "wn.no_money"
    how = ways[0] if ways else text(none, lang, source=source)
    return text("wn.price", lang, how=how, **nums)


def section_lines(items: tuple[WhyNot, ...], s: Scenario, lang: Lang = "en") -> list[str]:
    """Title, then each group's lines (sources indented), then how the numbers were found."""
    if not items:
        return []
    out = [text("wn.title", lang)]
    for w in items:
        head, *rest = item_lines(w, s, lang)
        out += ["  " + head, *("    - " + line for line in rest)]
    out.append("  (" + text("wn.method", lang) + ")")
    return out


def render_section(items: tuple[WhyNot, ...], s: Scenario, lang: Lang = "en") -> str:
    lines = section_lines(items, s, lang)
    return "\n".join(["", *lines]) + "\n" if lines else ""


def to_dicts(items: tuple[WhyNot, ...]) -> list[dict]:
    """The JSON key `why_not` (README, "JSON output")."""
    out = []
    for w in items:
        doc = dataclasses.asdict(w)
        for payer, p in zip(doc["payers"], w.payers, strict=True):
            payer["at_margin"] = p.at_margin
        out.append({**doc, "allowed_sources": list(w.allowed_sources)})
    return out
