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
from optimizer.diagnose import top_up_sources
from optimizer.i18n import LANGS, Lang
from optimizer.result import Plan

#: (size, English, Indonesian) for amounts in words, largest first.
SCALES = ((10**12, "trillion", "triliun"), (10**9, "billion", "miliar"), (10**6, "million", "juta"))
#: Groups not fully covered listed on the page at most (the annex lists all).
MAX_GROUPS = 5

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Summary for the Regent and the TAPD", "Ringkasan untuk Bupati dan TAPD"),
    "result": (
        "With {money} of premium money from {n} sources, the plan covers {new} more workers and "
        "spends {cost}. UCJ coverage rises from {before} to {after}.",
        "Dengan dana iuran {money} dari {n} sumber, rencana ini melindungi {new} pekerja tambahan "
        "dan memakai {cost}. Cakupan UCJ naik dari {before} menjadi {after}.",
    ),
    "reached": (
        "The target of {target} ({participants} participants) is reached.",
        "Target {target} ({participants} peserta) tercapai.",
    ),
    "not_reached": (
        "The target of {target} ({participants} participants) is not reached: {missing} participants "
        "are missing.",
        "Target {target} ({participants} peserta) belum tercapai: kurang {missing} peserta.",
    ),
    "extra": (
        "To reach it, add {amounts} (in all {exact}).",
        "Untuk mencapainya, tambahkan {amounts} (seluruhnya {exact}).",
    ),
    "extra_to": ("{amount} to {source}", "{amount} ke {source}"),
    "money_cannot": (
        "More money alone cannot reach it: more worker groups or funding sources are needed.",
        "Tambahan dana saja tidak cukup: diperlukan kelompok pekerja atau sumber dana lain.",
    ),
    "floors": (
        "The minimum numbers set for some groups cannot all be paid for: {groups}.",
        "Jumlah minimum untuk beberapa kelompok tidak dapat dibiayai seluruhnya: {groups}.",
    ),
    "who": ("Who is covered, and who pays", "Siapa yang dilindungi, dan siapa yang membayar"),
    "group": ("worker group", "kelompok pekerja"),
    "covered": ("covered", "dilindungi"),
    "of": ("of", "dari"),
    "months": ("months", "bulan"),
    "cost": ("cost", "biaya"),
    "paid_by": ("paid by", "dibayar oleh"),
    "money": ("Money by source", "Dana per sumber"),
    "source": ("source", "sumber"),
    "available": ("for premiums", "untuk iuran"),
    "used": ("used", "terpakai"),
    "left": ("left", "sisa"),
    "steps": ("Cost of each target step", "Biaya setiap tahap target"),
    "target": ("UCJ target", "target UCJ"),
    "participants": ("participants", "peserta"),
    "least_cost": ("least total cost", "biaya total terendah"),
    "beyond": ("more than today's budgets", "di luar anggaran saat ini"),
    "unreachable": ("not reachable", "tidak tercapai"),
    "steps_note": (
        "Each step at its lowest cost, the extra money going to {sources}.",
        "Setiap tahap dengan biaya terendah, tambahan dana masuk ke {sources}.",
    ),
    "gaps": ("Not yet fully covered", "Belum terlindungi penuh"),
    "gap_line": (
        "{group}: {covered} of {uncovered} covered. {why}",
        "{group}: {covered} dari {uncovered} dilindungi. {why}",
    ),
    "gap_money": ("{extra} more in {source} would {what}.", "Tambahan {extra} di {source} akan {what}."),
    "gap_all": ("cover all of them", "melindungi semuanya"),
    "gap_one": ("bring in one more of them", "memasukkan satu orang lagi dari kelompok ini"),
    "gap_price": (
        "It would come in if its package cost {price} a month or less.",
        "Kelompok ini masuk bila paketnya {price} per bulan atau kurang.",
    ),
    "gap_cap": ("It is covered up to its upper limit.", "Sudah dilindungi sampai batas atasnya."),
    "gap_no_source": ("No funding source may pay for it.", "Tidak ada sumber dana yang boleh membiayainya."),
    "gap_other": ("More money alone does not bring it in.", "Tambahan dana saja tidak membuatnya masuk."),
    "annex": (
        "Details follow in the annex: allocation per source, the plan's figures and status, what one "
        "more billion is worth, the reasons in full, warnings and assumptions.",
        "Rincian ada di lampiran: alokasi per sumber, angka dan status rencana, nilai tambahan satu "
        "miliar, alasan lengkap, peringatan dan asumsi.",
    ),
}


def word(key: str, lang: Lang, **values: object) -> str:
    text = WORDS[key][LANGS.index(lang)]
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


AUDIT_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Audit trail", "Jejak audit"),
    "scenario_file": ("Scenario file", "Berkas skenario"),
    "scenario_sha256": ("Scenario SHA-256", "SHA-256 skenario"),
    "tool": ("Tool", "Perangkat"),
    "solver": ("Solver of the plan", "Solver rencana"),
    "lp_solver": ("Solver of LP bounds and rates", "Solver batas dan laju LP"),
    "plan_date": ("Plan date (1 January of the plan year)", "Tanggal rencana (1 Januari tahun rencana)"),
}


def audit_lines(doc: dict, lang: Lang, with_solver: bool = True) -> list[tuple[str, str]]:
    """(label, value) pairs of the JSON `audit` object and the plan's solver, for the annexes."""
    k = LANGS.index(lang)
    audit = {**doc["audit"], "solver": doc["solver"]["version"]}
    keys = ("scenario_file", "scenario_sha256", "tool", "solver", "lp_solver", "plan_date")
    keys = keys if with_solver else tuple(x for x in keys if x != "solver")
    return [(AUDIT_WORDS[key][k], str(audit[key] or "-")) for key in keys]
