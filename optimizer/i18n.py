"""Words and number formats for what a planner reads, in English (`en`) or Indonesian (`id`).

Code, JSON field names and JSON values stay English whatever the language: only
screen tables and Excel plan workbooks use this catalogue. Indonesian formats follow
the usual Indonesian style: Rp 1.234.567.890 (dot groups thousands) and 52,00%
(comma before decimals).
"""

from __future__ import annotations

import math
import os
from typing import Literal

from optimizer.catalogue import Words

Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")
DEFAULT_LANG: Lang = "en"
#: Environment variable that sets the default language (the --lang option wins).
LANG_ENV = "UCJ_LANG"

#: key -> English (its Indonesian: optimizer.catalogue). Keys are English so the code reads well.
CATALOGUE = Words(
    {
        # statuses and words
        "optimal": "optimal",
        "not-proven-optimal": "not-proven-optimal",
        "target-unreachable": "target-unreachable",
        "floors-unaffordable": "floors-unaffordable",
        "max-coverage": "max-coverage",
        "min-cost": "min-cost",
        "persons": "persons",
        "person-months": "person-months",
        "branch-credit": "branch-credit",
        "yes": "yes",
        "all": "all",
        "no": "no",
        # screen table
        "metric": "metric",
        "target met": "target met",
        "target NOT met": "target NOT met",
        "UCJ coverage": "UCJ coverage",
        "participants": "participants",
        "target": "target",
        "workforce": "workforce",
        "total cost": "total cost",
        "status": "status",
        "solver": "solver",
        "gap": "gap",
        "Allocation": "Allocation",
        "Sources": "Sources",
        "Groups": "Groups",
        "source": "source",
        "group": "group",
        "months": "months",
        "cost": "cost",
        "budget": "budget",
        "used": "used",
        "left": "left",
        "uncovered": "uncovered",
        "covered": "covered",
        "floor": "floor",
        "cap": "cap",
        "Target shortfall": "Target shortfall",
        "Floors that cannot be afforded": "Floors that cannot be afforded",
        "missing": "missing",
        "add {amount} to {source}": "add {amount} to {source}",
        "What limits the plan": "What limits the plan",
        "Warnings": "Warnings",
        "baseline.title": (
            "Compared with the previous plan {file}: {taken} persons fewer and {added} more, counted "
            "per source and group (the fewest changes of all equally good plans)"
        ),
        "baseline.same": "Compared with the previous plan {file}: nobody moved",
        "before": "before",
        "after": "after",
        "change": "change",
        "baseline.changed": "What changed since then",
        "group size": "group size",
        "ties.found": (
            "Equally good plans: another plan reaches the same coverage at the same cost{also} and "
            "splits the money differently (here: the one that spends the sources in the opposite "
            "order)"
        ),
        "ties.also": ", as close to the previous plan,",
        "ties.none": (
            "Equally good plans: none found (the plan that spends the sources in the opposite order is "
            "this one)"
        ),
        "this plan": "this plan",
        "other plan": "other plan",
        "(new)": "(new)",
        "segment": "segment",
        "month": "month",
        "active": "active",
        "paid": "paid",
        "paid so far": "paid so far",
        "arrived so far": "arrived so far",
        "monthly.title": "Months (UCJ read in {month}: {at} of {funded} funded persons active)",
        # compare: what differs between scenarios
        "package": "package",
        "region workforce": "region workforce",
        "region active participants": "region active participants",
        "region target participants": "region target participants",
        "region target rate": "region target rate",
        "spending order": "spending order",
        "premium budget": "premium budget",
        "may pay for": "may pay for",
        "floor..cap persons": "floor..cap persons",
        "(removed)": "(removed)",
        "(none)": "(none)",
        "all groups": "all groups",
        # compare: what a village-level file adds (optimizer.analysis.compare_inputs.village_changes)
        "villages": "villages",
        "(group totals)": "(group totals)",
        "scope": "scope",
        "one pot": "one pot",
        "village": "village",
        "regency": "regency",
        "minimum village share": "minimum village share",
        "minimum district share": "minimum district share",
        "uncovered persons per village": "uncovered persons per village",
        "premium budget per village": "premium budget per village",
        "premium budget per regency": "premium budget per regency",
        "weight": "weight",
        "monthly_price": "monthly_price",
        "price_by_source": "price_by_source",
        "premium_share": "premium_share",
        "top_up": "top_up",
        "name": "name",
        "kind": "kind",
        "cmp.against": "Comparing against {base}",
        "cmp.differs": "{label}: what differs from {base}",
        "cmp.identical": "(inputs identical)",
        "cmp.status": "status",
        "cmp.objective": "objective",
        "cmp.new persons": "new persons",
        "cmp.met": "met",
        "cmp.NOT met": "NOT met",
        "cmp.cost per new person": "cost per new person",
        "cmp.persons, group": "persons, group",
        "cmp.persons, source": "persons, source",
        "fr.swept_source": "the budget of {source}",
        "fr.swept_all": "all budgets scaled together",
        "fr.title": "{name} {year}: frontier over {swept} (max-coverage, metric {metric})",
        "fr.today": "today: {money} of premium money; integer plans proven optimal at each level;",
        "fr.lp": "LP = the relaxation, exact between its breakpoints (marked *)",
        "fr.lp_levels": (
            "LP = each level's own relaxation where the village fast path solved it; no breakpoints"
        ),
        "fr.today_mark": "today",
        "fr.unaffordable": "floors unaffordable",
        "fr.integer": "integer",
        "fr.new persons": "new persons",
        "fr.UCJ after": "UCJ after",
        "fr.targets": "Cost of reaching a target (top-up sources may receive extra money)",
        "fr.not reachable": "not reachable",
        "fr.least cost": "least cost",
        "fr.beyond budgets": "beyond budgets",
        "fr.within budgets": "within budgets",
        "fr.why not": "not reachable: the groups in the file are too small (or no source may be topped up)",
        # Excel plan workbook
        "sheet.summary": ("Summary", "sheet"),
        "sheet.figures": ("Figures", "sheet"),
        "sheet.allocation": ("Allocation", "sheet"),
        "sheet.sources": ("Sources", "sheet"),
        "sheet.groups": ("Groups", "sheet"),
        "sheet.villages": ("Villages", "sheet"),
        "sheet.village_allocation": ("Village_Allocation", "sheet"),
        "sheet.districts": ("Districts", "sheet"),
        "sheet.regencies": ("Regencies", "sheet"),
        "sheet.years": ("Years", "sheet"),
        "years.span": "Years planned",
        "years.all_met": "Every year's target met",
        "region": "Region",
        "year": "Year",
        "objective": "Objective",
        "Metric": "Metric",
        "Status": "Status",
        "Solver": "Solver",
        "Workforce": "Workforce (BPS)",
        "Active before": "Active participants before",
        "Active after": "Active participants after",
        "New persons": "Newly covered persons",
        "Rate before": "UCJ before",
        "Rate after": "UCJ after",
        "Target rate": "UCJ target",
        "Target participants": "Target participants",
        "Target met": "Target met",
        "Total cost": "Total cost (Rp)",
        "Missing participants": "Participants missing",
        "Extra budget": "Extra budget needed (Rp)",
        "Persons by source and group": "Persons by source (rows) and group (columns)",
        "Rupiah by source and group": "Rupiah by source (rows) and group (columns)",
        "Allocation list": "Allocation, one row per source and group",
        "Total": "Total",
        "col.source": "source",
        "col.source_name": "source name",
        "col.group": "group",
        "col.group_name": "group name",
        "col.persons": "persons",
        "col.months": "months",
        "col.person_months": "person-months",
        "col.monthly_price": "monthly price (Rp)",
        "col.cost": "cost (Rp)",
        "col.credit": "credit",
        "col.name": "name",
        "col.kind": "kind",
        "col.budget": "budget (Rp)",
        "col.premium_budget": "for premiums (Rp)",
        "col.used": "used (Rp)",
        "col.left": "left (Rp)",
        "col.uncovered": "uncovered",
        "col.floor": "floor",
        "col.cap": "cap",
        "col.covered": "covered",
        "col.still_uncovered": "still uncovered",
        "col.village_code": "village code",
        "col.village_name": "village",
        "col.district_code": "kecamatan code",
        "col.district_name": "kecamatan",
        "col.regency_code": "regency code",
        "col.covered_share": "covered share",
        "col.active_without_plan": "active without the plan",
        "col.public_months": "months paid by the source",
        "col.worker_months": "months paid by the worker",
        "col.segment": "segment (overlap)",
        "col.first_month": "first month",
        "col.last_month": "last month",
        "Binding limits": "What limits the plan",
        "Assumptions": "Assumptions in the scenario",
        # plan-years, robust and sweep tables (multiyear/report.py, uncertainty/report.py)
        "years.continuity": "continuity",
        "years.year": "year",
        "years.without": "without plan",
        "years.paid": "paid by plan",
        "years.met": "met",
        "years.joined": "joined",
        "years.who": "Who is paid for, year by year",
        "years.money_by": "Money used by source and year",
        "years.total": "total",
        "years.all": "all years",
        "years.small_slice": "small slice",
        "years.small_slices": "small slices",
        "years.small_note": (
            "{n} slices of fewer than {small} persons ({cost} in all) are merged per year: the plan meets "
            "each year's target or budget to the last person, so a few persons of a"
        ),
        "years.small_note_more": (
            "cohort are paid by another source or for other months; --format json or csv lists each one."
        ),
        "robust.title": "robust plan",
        "robust.most_likely": "most likely",
        # percentile and probability column headers of the robust and sweep tables
        "robust.p_target": "P(target)",
        "robust.p_as_planned": "P(as planned)",
        "robust.ranges": (
            "Ranges (realisation in % of the written value; the robust plan assumes the worst end)"
        ),
        "robust.guaranteed": "guaranteed UCJ",
        "robust.of_at_most": "of at most",
        "robust.worst_met": "target met in the worst case",
        "robust.worst_not_met": "target NOT met in the worst case",
        "robust.nominal": "nominal plan",
        "robust.as_written": "as written, if every figure comes true",
        "robust.cost": "robust cost",
        "robust.nominal_cost": "nominal cost",
        "robust.allocation": (
            "Robust allocation (stays within every budget for every realisation in the ranges)"
        ),
        "robust.sampled": "Sampled analysis: {samples} samples, seed {seed}; a plan is fixed: {rule}.",
        "robust.fixed_rule": (
            "a fixed plan is carried out as written; a group (or an overlap of groups) with fewer persons "
            "than planned is cut pro rata across its sources, then a source that by some month has less "
            "money than it must have paid cuts every allocation it pays by the smallest share of arrived to "
            "paid over the months, rounded down to whole persons; money left over is not moved"
        ),
        "robust.plan": "plan",
        "robust.nominal_row": "nominal",
        "robust.robust_row": "robust",
        "sweep.title": "Sweep: each sample re-optimised with the realised budgets and headcounts",
        "sweep.scenario": "scenario",
        "sweep.samples": "samples",
        # village-level plan table (areas/report.py)
        "areas.regencies": "Regencies (kabupaten/kota)",
        "areas.covered_of": "{covered} of {uncovered} covered",
        "areas.certificate": "certificate   LP optimum {lp}, dual bound {dual} (checked), LP gap {lp_gap}",
        "areas.whole": (
            "              whole-person plan is at most {gap} below the best possible (bound {bound})"
        ),
        "areas.villages": "villages      {n} villages funded; per-village table: --output plan.csv",
    }
)


def resolve_lang(value: str | None) -> Lang:
    """The language to use: `value`, else $UCJ_LANG, else English; unknown codes raise ValueError."""
    code = (value or os.environ.get(LANG_ENV) or DEFAULT_LANG).strip().lower()
    if code not in LANGS:
        raise ValueError(f"language {code!r} is not supported; use one of {', '.join(LANGS)}")
    return code  # type: ignore[return-value]


def t(key: str, lang: Lang = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`; unknown keys are shown as they are (never a crash)."""
    text = CATALOGUE.text(key, lang) if key in CATALOGUE else key
    return text.format(**values) if values else text


def number(x: float, lang: Lang = DEFAULT_LANG, digits: int = 0) -> str:
    """1,234,567.5 (en) or 1.234.567,5 (id)."""
    text = f"{x:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def rupiah(x: float, lang: Lang = DEFAULT_LANG) -> str:
    """Whole Rupiah: Rp1,234,567 (en, as before) or Rp 1.234.567 (id)."""
    return ("Rp " if lang == "id" else "Rp") + number(round(x), lang)


def gap_percent(fraction: float, lang: Lang = DEFAULT_LANG) -> str:
    """A small relative gap as percent with two significant digits: 1.16e-05 -> 0.0012%, so that
    a plan not proven optimal never shows a gap of 0.00%; 0 -> 0%."""
    if fraction <= 0:
        return "0%"
    digits = max(2, 1 - math.floor(math.log10(100 * fraction)))
    return percent(fraction, lang, digits)


def percent(fraction: float, lang: Lang = DEFAULT_LANG, digits: int = 2) -> str:
    """A fraction as percent: 0.362 -> 36.20% (en) or 36,20% (id)."""
    return number(100 * fraction, lang, digits) + "%"
