"""The one-page summary (Ringkasan) for the Bupati and the TAPD: the plan's decision in plain words.

Names, not ids; amounts as "Rp 1,5 miliar" / "Rp 1.5 billion"; no solver words (those
stay in the annex: the report's later pages, the workbook's other sheets). The same
`Summary` value is drawn by the HTML report and written as the plan workbook's first sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer import i18n
from optimizer.analysis.frontier import Frontier
from optimizer.analysis.whynot import Reason, WhyNot
from optimizer.catalogue import Words
from optimizer.diagnose import top_up_sources
from optimizer.i18n import Lang
from optimizer.result import Plan

#: (size, English, Indonesian) for amounts in words, largest first.
SCALES = ((10**12, "trillion", "triliun"), (10**9, "billion", "miliar"), (10**6, "million", "juta"))
#: Groups not fully covered listed on the page at most (the annex lists all).
MAX_GROUPS = 5

WORDS = Words(
    {
        "title": "Summary for the Regent and the TAPD",
        "result": (
            "With {money} of premium money from {n} sources, the plan covers {new} more workers and "
            "spends {cost}. UCJ coverage rises from {before} to {after}."
        ),
        "reached": "The target of {target} ({participants} participants) is reached.",
        "not_reached": (
            "The target of {target} ({participants} participants) is not reached: {missing} "
            "participants are missing."
        ),
        "extra": "To reach it, add {amounts} (in all {exact}).",
        "extra_to": "{amount} to {source}",
        "money_cannot": "More money alone cannot reach it: more worker groups or funding sources are needed.",
        "floors": "The minimum numbers set for some groups cannot all be paid for: {groups}.",
        "who": "Who is covered, and who pays",
        "group": "worker group",
        "covered": "covered",
        "of": "of",
        "months": "months",
        "cost": "cost",
        "paid_by": "paid by",
        "money": "Money by source",
        "source": "source",
        "available": "for premiums",
        "used": "used",
        "left": "left",
        "steps": "Cost of each target step",
        "target": "UCJ target",
        "participants": "participants",
        "least_cost": "least total cost",
        "beyond": "more than today's budgets",
        "unreachable": "not reachable",
        "steps_note": "Each step at its lowest cost, the extra money going to {sources}.",
        "gaps": "Not yet fully covered",
        "gap_line": "{group}: {covered} of {uncovered} covered. {why}",
        "gap_money": "{extra} more in {source} would {what}.",
        "gap_all": "cover all of them",
        "gap_one": "bring in one more of them",
        "gap_price": "It would come in if its package cost {price} a month or less.",
        "gap_cap": "It is covered up to its upper limit.",
        "gap_no_source": "No funding source may pay for it.",
        "gap_other": "More money alone does not bring it in.",
        "annex": (
            "Details follow in the annex: allocation per source, the plan's figures and status, what "
            "one more billion is worth, the reasons in full, warnings and assumptions."
        ),
    }
)


def word(key: str, lang: Lang, **values: object) -> str:
    text = WORDS.text(key, lang)
    return text.format(**values) if values else text


def rupiah_words(x: float, lang: Lang = "en") -> str:
    """Rp 1,5 miliar / Rp 1.5 billion (one decimal, dropped when zero); under a million in full."""
    for size, en, id_ in SCALES:
        value = round(x / size, 1)
        if abs(value) >= 1:
            digits = 0 if value.is_integer() else 1
            return f"Rp {i18n.number(value, lang, digits)} {en if lang == 'en' else id_}"
    return i18n.rupiah(x, lang)


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Columns from this index on are numbers (right-aligned).
    numeric_from: int = 1
    note: str = ""
    #: The last column is text (names) again.
    text_last: bool = False


@dataclass(frozen=True)
class Summary:
    title: str
    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...]
    #: Groups not fully covered, one sentence each, under the heading `gaps_title`.
    gaps: tuple[str, ...]
    gaps_title: str
    annex: str
    lang: Lang = "en"


def build_summary(
    plan: Plan, lang: Lang = "en", frontier: Frontier | None = None, why: tuple[WhyNot, ...] | None = None
) -> Summary:
    s, c = plan.scenario, plan.coverage
    num = lambda x: i18n.number(x, lang)  # noqa: E731
    pct = lambda x: i18n.number(100 * x, lang, 1) + "%"  # noqa: E731
    money = sum(int(x) for x in plan.sources["premium_budget"])
    funded = sum(1 for x in plan.sources["premium_budget"] if x > 0)
    paragraphs = [
        word(
            "result",
            lang,
            money=rupiah_words(money, lang),
            n=funded,
            new=num(c.new_persons),
            cost=rupiah_words(plan.total_cost, lang),
            before=pct(c.rate_before),
            after=pct(c.rate_after),
        )  # fmt: skip
    ]
    target = {"target": pct(c.target_rate), "participants": num(c.target_participants)}
    if c.target_met:
        paragraphs.append(word("reached", lang, **target))
    else:
        missing = max(0, c.target_participants - c.credited_after)
        paragraphs.append(word("not_reached", lang, missing=num(round(missing)), **target))
        short = plan.shortfall
        if short is not None and short.extra_budget:
            amounts = ", ".join(
                word("extra_to", lang, amount=rupiah_words(v, lang), source=s.source(k).name)
                for k, v in short.extra_budget
            )
            exact = i18n.rupiah(short.extra_total, lang)
            paragraphs.append(word("extra", lang, amounts=amounts, exact=exact))
        elif short is not None:
            paragraphs.append(word("money_cannot", lang))
    if plan.floor_shortfall is not None:
        groups = ", ".join(f"{s.group(g).name} ({num(n)})" for g, n in plan.floor_shortfall.floors)
        paragraphs.append(word("floors", lang, groups=groups))
    tables = [_who(plan, lang), _money(plan, lang)]
    if frontier is not None and frontier.targets:
        tables.append(_steps(plan, frontier, lang))
    gaps = tuple(_gap(w, plan, lang) for w in (why or ())[:MAX_GROUPS])
    return Summary(
        word("title", lang),
        tuple(paragraphs),
        tuple(tables),
        gaps,
        word("gaps", lang),
        word("annex", lang),
        lang,
    )


def _who(plan: Plan, lang: Lang) -> Table:
    s, a = plan.scenario, plan.allocations
    rows = []
    for g in plan.groups.itertuples():
        mine = a[a["group"] == g.group]
        payers = ", ".join(s.source(x).name for x in dict.fromkeys(mine["source"]))
        months = "/".join(str(m) for m in sorted(set(int(x) for x in mine["months"]))) or "-"
        rows.append(
            (g.name, i18n.number(g.covered, lang), i18n.number(g.uncovered, lang), months,
             rupiah_words(int(mine["cost"].sum()), lang) if len(mine) else "-", payers or "-")
        )  # fmt: skip
    headers = tuple(word(k, lang) for k in ("group", "covered", "of", "months", "cost", "paid_by"))
    return Table(word("who", lang), headers, tuple(rows), 1, text_last=True)


def _money(plan: Plan, lang: Lang) -> Table:
    rows = tuple(
        (x.name, rupiah_words(x.premium_budget, lang), rupiah_words(x.used, lang), rupiah_words(x.left, lang))
        for x in plan.sources.itertuples()
    )
    headers = tuple(word(k, lang) for k in ("source", "available", "used", "left"))
    return Table(word("money", lang), headers, rows, 1)


def _steps(plan: Plan, f: Frontier, lang: Lang) -> Table:
    rows = []
    for t in f.targets:
        rate = i18n.number(t.target_rate, lang, 1 if t.target_rate % 1 else 0) + "%"
        if t.reachable:
            cost, beyond = rupiah_words(t.cost, lang), rupiah_words(t.extra_budget or 0, lang)
        else:
            cost, beyond = word("unreachable", lang), "-"
        rows.append((rate, i18n.number(t.target_participants, lang), cost, beyond))
    headers = tuple(word(k, lang) for k in ("target", "participants", "least_cost", "beyond"))
    names = ", ".join(x.name for x in top_up_sources(plan.scenario))
    return Table(word("steps", lang), headers, tuple(rows), 1, word("steps_note", lang, sources=names))


def _gap(w: WhyNot, plan: Plan, lang: Lang) -> str:
    s = plan.scenario
    if w.reason == Reason.CAP:
        why = word("gap_cap", lang)
    elif w.reason == Reason.NO_SOURCE:
        why = word("gap_no_source", lang)
    else:
        offers = [p for p in w.payers if p.extra_budget is not None]
        best = min(offers, key=lambda p: p.extra_budget) if offers else None
        parts = []
        if best is not None:
            what = word("gap_all" if w.reason == Reason.PARTLY else "gap_one", lang)
            extra = rupiah_words(best.extra_budget, lang)
            parts.append(word("gap_money", lang, extra=extra, source=s.source(best.source).name, what=what))
        if w.break_even_monthly_price is not None:
            parts.append(word("gap_price", lang, price=i18n.rupiah(w.break_even_monthly_price, lang)))
        why = " ".join(parts) or word("gap_other", lang)
    covered, uncovered = i18n.number(w.covered, lang), i18n.number(w.uncovered, lang)
    return word("gap_line", lang, group=w.name, covered=covered, uncovered=uncovered, why=why)


AUDIT_WORDS = Words(
    {
        "title": "Audit trail",
        "scenario_file": "Scenario file",
        "scenario_sha256": "Scenario SHA-256",
        "tool": "Tool",
        "solver": "Solver of the plan",
        "lp_solver": "Solver of LP bounds and rates",
        "plan_date": "Plan date (1 January of the plan year)",
    }
)


def audit_lines(doc: dict, lang: Lang, with_solver: bool = True) -> list[tuple[str, str]]:
    """(label, value) pairs of the JSON `audit` object and the plan's solver, for the annexes."""
    audit = {**doc["audit"], "solver": doc["solver"]["version"]}
    keys = ("scenario_file", "scenario_sha256", "tool", "solver", "lp_solver", "plan_date")
    keys = keys if with_solver else tuple(x for x in keys if x != "solver")
    return [(AUDIT_WORDS.text(key, lang), str(audit[key] or "-")) for key in keys]
