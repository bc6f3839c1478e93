"""Sentences a planner reads (warnings, binding limits, shortfall reasons), in English or Indonesian.

A `Msg` is the English sentence itself (a `str`, so JSON, tests and every caller
that treats warnings as text see exactly the English they saw before) that also
remembers its catalogue key and raw parameters, so a renderer can say it again in
Indonesian with Indonesian numbers: `say(message, "id")`. Plain strings pass
through `say` unchanged.

Placeholders name how a value is written: `{x:n}` a whole number (1,234 / 1.234),
`{x:rp}` Rupiah (Rp1,234 / Rp 1.234), `{x:f1}` one decimal, `{x:g}` as short as
possible, `{x:q}` an id in quotes, `{x:ids}` a list of ids ("all" when empty), `{x:v}` whole or two decimals.
"""

from __future__ import annotations

import string
from typing import Any

from optimizer import i18n
from optimizer.catalogue import Words

#: key -> English (its Indonesian: optimizer.catalogue) templates.
MESSAGES = Words(
    {
        # checks.py: warnings
        "warn.published_rate": (
            "published coverage {published:g}% disagrees with active / workforce = {active:n} / "
            "{workforce:n} = {computed:f1}%; the plan uses {computed:f1}%. Check which figure is "
            "current."
        ),
        "warn.source_no_group": "source {source:q} may only pay for groups with nobody left to cover",
        "warn.source_no_premium": "source {source:q}: premium_share leaves no money for premiums",
        "warn.target_met": "the target ({target:n}) is already met by today's {active:n} participants",
        "warn.order_not_proven": (
            "spending order not proven within its limit: coverage and cost are proven optimal, but "
            "among equally good plans another solver may pick other sources, groups or persons "
            "(--time-limit gives it longer)"
        ),
        "warn.extra_split_not_proven": (
            "the extra money's split among sources is not proven within its limit: the total is the "
            "least needed, but another solver may split it among the sources otherwise"
        ),
        "warn.order_not_proven_either": (
            "spending order not proven within its limit either: the plan itself is not proven optimal "
            "(see its status), and among plans as good as it another solver may pick other sources, "
            "groups or persons (--time-limit gives both longer)"
        ),
        "warn.target_too_high": (
            "even covering every listed uncovered worker gives {reachable:n} participants, short of "
            "the target of {target:n}: add groups to the scenario"
        ),
        "warn.price": "package {package:q}: {price:rp} per month is unusual for JKK/JKM/JHT",
        "warn.window_before_report": (
            "group {group:q}: its window (months {first}-{last}) ends before the reporting month "
            "{report}, so its persons are not active then and add nothing under --metric persons"
        ),
        "warn.late_money": (
            "source {source:q}: money arriving in month(s) {months}, after the reporting month "
            "{report}, can only buy cover after the reporting date"
        ),
        # diagnose.py: binding limits and shortfall reasons
        "bind.all_covered": "group {group}: all {n:n} uncovered workers are covered",
        "bind.cap": "group {group}: its cap of {n:n} is reached",
        "bind.floor": "group {group}: held at its floor of {n:n}",
        "bind.unused": (
            "source {source}: {left:rp} left unused because every group it may pay for is fully "
            "covered ({groups:ids})"
        ),
        "bind.used_up": (
            "source {source}: budget used up ({left:rp} left, less than one more person at {cheapest:rp})"
        ),
        "bind.tranche_spent": (
            "source {source}: the money arrived by month {month} ({arrived:rp}) is spent by then; "
            "cover in earlier months waits for the next tranche"
        ),
        "short.money_cannot": (
            "more money alone cannot reach the target: the listed groups are too small or no "
            "unrestricted source (top_up) exists; add groups or sources"
        ),
        "short.money_cannot_monthly": (
            "more money alone cannot reach the target: add groups, months or sources"
        ),
        "short.floor": "group {group}: floor of {floor:n} cannot be afforded, {short:n} persons short",
        "short.floor_year": (
            "group {group}, {year}: floor of {floor:n} cannot be afforded, {short:n} persons short"
        ),
        "short.no_top_up": "no unrestricted source (top_up) could pay the difference",
        "short.village_share": (
            "minimum village share cannot be afforded: {places:n} villages, {short:n} persons short in all"
        ),
        "short.district_share": (
            "minimum district share cannot be afforded: {places:n} districts, {short:n} persons short in all"
        ),
        "short.village_floor_extra": (
            "the extra money that would pay every floor and share is not computed for village-level plans yet"
        ),
        "short.village_extra": (
            "no plan within the village budgets reaches the target; the extra money that would "
            "reach it is not computed for village-level plans yet"
        ),
        # analysis/marginal.py: the marginal-values section of the solve table
        "mv.none": (
            "Marginal values: not computed (the floors cannot be afforded, or the plan is not proven optimal)"
        ),
        "mv.title": "Marginal values (in {unit}; integer plan re-solved, LP rate from the relaxation)",
        "mv.source": "+Rp1,000,000,000 to {source}: {gain:v} {unit} (LP rate {rate:v} per billion{holds})",
        "mv.frees": (
            "; every group {source} may pay for is covered: it works by taking them over from "
            "{others:ids}, whose money then covers others"
        ),
        "mv.holds": " up to a budget of {budget:rp}",
        "mv.floor": (
            "floor of {group} ({floor:n}): dropping it gains {gain:v} {unit} (LP: {cost:v} per floor person)"
        ),
        "mv.eligibility": (
            "{source} has {left:rp} left but may not pay for {groups:ids}: allowing all groups gains "
            "{gain:v} {unit}"
        ),
        "unit.Rupiah saved": "Rupiah saved",
        "unit.participants": "participants",
        "unit.persons": "persons",
        "unit.person-months": "person-months",
        "unit.branch-credit": "branch-credit",
        # singular, for a count of exactly one (Indonesian has one form)
        "unit1.participants": "participant",
        "unit1.persons": "person",
        "unit1.person-months": "person-month",
        # cli.py: validate
        "validate.ok": "{path}: OK ({groups} groups, {sources} sources{variants})",
        "validate.variants": ", {n} variants",
        "validate.villages": ", {n:n} villages",
        "validate.warning": "warning: {text}",
        # analysis/compare_inputs.py: what differs between scenarios
        "chg.plain": "{what:w}",
        "chg.entity": "{kind:w} {ident}",
        "chg.field": "{kind:w} {ident}: {field:w}",
        "val.rp": "{x:rp}",
        "val.n": "{x:n}",
        "val.pct": "{x:f2}%",
        "val.word": "{x:w}",
        "val.range": "{lo:n}..{hi:n}",
        "val.price": "{price:rp} per month",
        "val.source": "{kind}, {budget:rp}, may pay for {who}",
        "val.group": "{n:n} uncovered, {months} months, package {package}",
        "val.at_n": "{code} {x:n}",
        "val.at_rp": "{code} {x:rp}",
        "val.at_word": "{code} {x:w}",
        "val.more_places": "+{n:n} more",
        "val.join": "{a}, {b}",
    }
)


class Msg(str):
    """An English sentence that can be said again in another language (see module doc)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Msg:
        obj = super().__new__(cls, _format(MESSAGES[key], params, "en"))
        obj.key = key
        obj.params = params
        return obj

    def __getnewargs_ex__(self):  # copy and pickle rebuild from the key, not the text
        return (self.key,), self.params


def say(text: str, lang: i18n.Lang = "en") -> str:
    """`text` in `lang`: a `Msg` is re-rendered from its template, any other string is returned as is."""
    if isinstance(text, Msg) and lang != "en":
        return _format(MESSAGES.text(text.key, lang), text.params, lang)
    return str(text)


def text(key: str, lang: i18n.Lang = "en", **params: Any) -> str:
    """The catalogue sentence `key` in `lang` (for renderers that do not keep a `Msg`)."""
    return _format(MESSAGES.text(key, lang), params, lang)


class _Formatter(string.Formatter):
    def __init__(self, lang: i18n.Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        lang = self.lang
        if isinstance(value, Msg) and not spec:  # a sentence inside a sentence
            return say(value, lang)
        if spec == "n":
            return i18n.number(value, lang)
        if spec == "rp":
            return i18n.rupiah(value, lang)
        if spec == "f1":
            return i18n.number(value, lang, 1)
        if spec == "g":
            text = f"{value:g}"
            return text.replace(".", ",") if lang == "id" else text
        if spec == "v":  # a marginal value: whole when it is whole, else two decimals
            return i18n.number(value, lang, 0 if float(value).is_integer() else 2)
        if spec == "f2":
            return i18n.number(value, lang, 2)
        if spec == "w":  # a word from the i18n catalogue (unknown words as they are)
            return i18n.t(value, lang)
        if spec == "q":
            return repr(value)
        if spec == "ids":
            return ", ".join(value) if value else i18n.t("all", lang)
        return format(value, spec)


def _format(template: str, params: dict[str, Any], lang: i18n.Lang) -> str:
    return _Formatter(lang).format(template, **params)
