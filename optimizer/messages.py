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

#: key -> (English, Indonesian) templates.
MESSAGES: dict[str, tuple[str, str]] = {
    # checks.py: warnings
    "warn.published_rate": (
        "published coverage {published:g}% disagrees with active / workforce = "
        "{active:n} / {workforce:n} = {computed:f1}%; the plan uses {computed:f1}%. "
        "Check which figure is current.",
        "cakupan yang dipublikasikan {published:g}% tidak sesuai dengan peserta aktif / penduduk "
        "bekerja = {active:n} / {workforce:n} = {computed:f1}%; rencana memakai {computed:f1}%. "
        "Periksa angka mana yang terbaru.",
    ),
    "warn.source_no_group": (
        "source {source:q} may only pay for groups with nobody left to cover",
        "sumber {source:q} hanya boleh membiayai kelompok yang tidak punya sisa pekerja untuk dilindungi",
    ),
    "warn.source_no_premium": (
        "source {source:q}: premium_share leaves no money for premiums",
        "sumber {source:q}: premium_share tidak menyisakan dana untuk iuran",
    ),
    "warn.target_met": (
        "the target ({target:n}) is already met by today's {active:n} participants",
        "target ({target:n}) sudah tercapai oleh {active:n} peserta saat ini",
    ),
    "warn.order_not_proven": (
        "spending order not proven in time: coverage and cost are proven optimal, but "
        "among equally good plans another solver may pick other sources or groups (--time-limit "
        "gives it longer)",
        "urutan belanja tidak terbukti dalam batas waktu: cakupan dan biaya terbukti optimal, "
        "tetapi di antara rencana yang sama baiknya solver lain bisa memilih sumber atau kelompok lain "
        "(--time-limit memberi pemecah seri waktu lebih lama)",
    ),
    "warn.order_not_proven_either": (
        "spending order not proven in time either: the plan itself is not proven optimal (see its "
        "status), and among plans as good as it another solver may pick other sources or groups "
        "(--time-limit gives both longer)",
        "urutan belanja juga tidak terbukti dalam batas waktu: rencana ini sendiri belum terbukti "
        "optimal (lihat statusnya), dan di antara rencana yang sama baiknya solver lain bisa memilih "
        "sumber atau kelompok lain (--time-limit memberi keduanya waktu lebih lama)",
    ),
    "warn.target_too_high": (
        "even covering every listed uncovered worker gives {reachable:n} participants, "
        "short of the target of {target:n}: add groups to the scenario",
        "bahkan melindungi semua pekerja yang belum terlindungi dalam daftar hanya memberi "
        "{reachable:n} peserta, kurang dari target {target:n}: tambahkan kelompok ke skenario",
    ),
    "warn.price": (
        "package {package:q}: {price:rp} per month is unusual for JKK/JKM/JHT",
        "paket {package:q}: {price:rp} per bulan tidak lazim untuk JKK/JKM/JHT",
    ),
    "warn.window_before_report": (
        "group {group:q}: its window (months {first}-{last}) ends before the reporting month "
        "{report}, so its persons are not active then and add nothing under --metric persons",
        "kelompok {group:q}: jendelanya (bulan {first}-{last}) berakhir sebelum bulan pelaporan "
        "{report}, jadi anggotanya tidak aktif saat itu dan tidak menambah apa pun dengan --metric persons",
    ),
    "warn.late_money": (
        "source {source:q}: money arriving in month(s) {months}, after the reporting month {report}, "
        "can only buy cover after the reporting date",
        "sumber {source:q}: dana yang tiba pada bulan {months}, sesudah bulan pelaporan {report}, "
        "hanya dapat membiayai perlindungan sesudah tanggal pelaporan",
    ),
    # diagnose.py and monthly_optimize.py: binding limits and shortfall reasons
    "bind.all_covered": (
        "group {group}: all {n:n} uncovered workers are covered",
        "kelompok {group}: seluruh {n:n} pekerja yang belum terlindungi sudah dilindungi",
    ),
    "bind.cap": (
        "group {group}: its cap of {n:n} is reached",
        "kelompok {group}: batas atasnya {n:n} sudah tercapai",
    ),
    "bind.floor": (
        "group {group}: held at its floor of {n:n}",
        "kelompok {group}: ditahan pada batas bawahnya {n:n}",
    ),
    "bind.unused": (
        "source {source}: {left:rp} left unused because every group it may pay for is fully "
        "covered ({groups:ids})",
        "sumber {source}: sisa {left:rp} tidak terpakai karena semua kelompok yang boleh dibiayainya "
        "sudah terlindungi penuh ({groups:ids})",
    ),
    "bind.used_up": (
        "source {source}: budget used up ({left:rp} left, less than one more person at {cheapest:rp})",
        "sumber {source}: anggaran habis (sisa {left:rp}, kurang dari satu orang lagi seharga {cheapest:rp})",
    ),
    "bind.tranche_spent": (
        "source {source}: the money arrived by month {month} ({arrived:rp}) is spent by then; "
        "cover in earlier months waits for the next tranche",
        "sumber {source}: dana yang tiba sampai bulan {month} ({arrived:rp}) sudah habis saat itu; "
        "perlindungan pada bulan-bulan awal menunggu tahap pencairan berikutnya",
    ),
    "short.money_cannot": (
        "more money alone cannot reach the target: the listed groups are too small or no "
        "unrestricted source (top_up) exists; add groups or sources",
        "tambahan dana saja tidak dapat mencapai target: kelompok dalam daftar terlalu kecil atau "
        "tidak ada sumber tanpa batasan (top_up); tambahkan kelompok atau sumber",
    ),
    "short.money_cannot_monthly": (
        "more money alone cannot reach the target: add groups, months or sources",
        "tambahan dana saja tidak dapat mencapai target: tambahkan kelompok, bulan atau sumber",
    ),
    "short.floor": (
        "group {group}: floor of {floor:n} cannot be afforded, {short:n} persons short",
        "kelompok {group}: batas bawah {floor:n} tidak terbiayai, kurang {short:n} orang",
    ),
    "short.no_top_up": (
        "no unrestricted source (top_up) could pay the difference",
        "tidak ada sumber tanpa batasan (top_up) yang dapat membayar selisihnya",
    ),
    # analysis/marginal.py: the marginal-values section of the solve table
    "mv.none": (
        "Marginal values: not computed (the floors cannot be afforded, or the plan is not proven optimal)",
        "Nilai marginal: tidak dihitung (batas bawah tidak terbiayai, atau rencana belum terbukti optimal)",
    ),
    "mv.title": (
        "Marginal values (in {unit}; integer plan re-solved, LP rate from the relaxation)",
        "Nilai marginal (dalam {unit}; rencana bilangan bulat dihitung ulang, laju LP dari relaksasi)",
    ),
    "mv.source": (
        "+Rp1,000,000,000 to {source}: {gain:v} {unit} (LP rate {rate:v} per billion{holds})",
        "+Rp 1.000.000.000 untuk {source}: {gain:v} {unit} (laju LP {rate:v} per miliar{holds})",
    ),
    "mv.frees": (
        "; every group {source} may pay for is covered: it works by taking them over from "
        "{others:ids}, whose money then covers others",
        "; semua kelompok yang boleh dibiayai {source} sudah terlindungi: tambahan ini bekerja dengan "
        "mengambil alih pembiayaan mereka dari {others:ids}, sehingga dana itu melindungi orang lain",
    ),
    "mv.holds": (" up to a budget of {budget:rp}", " sampai anggaran {budget:rp}"),
    "mv.floor": (
        "floor of {group} ({floor:n}): dropping it gains {gain:v} {unit} (LP: {cost:v} per floor person)",
        "batas bawah {group} ({floor:n}): menghapusnya menambah {gain:v} {unit} "
        "(LP: {cost:v} per orang batas bawah)",
    ),
    "mv.eligibility": (
        "{source} has {left:rp} left but may not pay for {groups:ids}: "
        "allowing all groups gains {gain:v} {unit}",
        "{source} masih bersisa {left:rp} tetapi tidak boleh membiayai {groups:ids}: membolehkan semua "
        "kelompok menambah {gain:v} {unit}",
    ),
    "unit.Rupiah saved": ("Rupiah saved", "Rupiah dihemat"),
    "unit.participants": ("participants", "peserta"),
    "unit.persons": ("persons", "orang"),
    "unit.person-months": ("person-months", "orang-bulan"),
    "unit.branch-credit": ("branch-credit", "kredit cabang"),
    # singular, for a count of exactly one (Indonesian has one form)
    "unit1.participants": ("participant", "peserta"),
    "unit1.persons": ("person", "orang"),
    "unit1.person-months": ("person-month", "orang-bulan"),
    # cli.py: validate
    "validate.ok": (
        "{path}: OK ({groups} groups, {sources} sources{variants})",
        "{path}: OK ({groups} kelompok, {sources} sumber{variants})",
    ),
    "validate.variants": (", {n} variants", ", {n} varian"),
    "validate.villages": (", {n:n} villages", ", {n:n} desa/kelurahan"),
    "validate.warning": ("warning: {text}", "peringatan: {text}"),
    # analysis/compare_inputs.py: what differs between scenarios
    "chg.plain": ("{what:w}", "{what:w}"),
    "chg.entity": ("{kind:w} {ident}", "{kind:w} {ident}"),
    "chg.field": ("{kind:w} {ident}: {field:w}", "{kind:w} {ident}: {field:w}"),
    "val.rp": ("{x:rp}", "{x:rp}"),
    "val.n": ("{x:n}", "{x:n}"),
    "val.pct": ("{x:f2}%", "{x:f2}%"),
    "val.word": ("{x:w}", "{x:w}"),
    "val.range": ("{lo:n}..{hi:n}", "{lo:n}..{hi:n}"),
    "val.price": ("{price:rp} per month", "{price:rp} per bulan"),
    "val.source": (
        "{kind}, {budget:rp}, may pay for {who}",
        "{kind}, {budget:rp}, boleh membiayai {who}",
    ),
    "val.group": (
        "{n:n} uncovered, {months} months, package {package}",
        "{n:n} belum terlindungi, {months} bulan, paket {package}",
    ),
}


class Msg(str):
    """An English sentence that can be said again in another language (see module doc)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Msg:
        obj = super().__new__(cls, _format(MESSAGES[key][0], params, "en"))
        obj.key = key
        obj.params = params
        return obj

    def __getnewargs_ex__(self):  # copy and pickle rebuild from the key, not the text
        return (self.key,), self.params


def say(text: str, lang: i18n.Lang = "en") -> str:
    """`text` in `lang`: a `Msg` is re-rendered from its template, any other string is returned as is."""
    if isinstance(text, Msg) and lang != "en":
        return _format(MESSAGES[text.key][i18n.LANGS.index(lang)], text.params, lang)
    return str(text)


def text(key: str, lang: i18n.Lang = "en", **params: Any) -> str:
    """The catalogue sentence `key` in `lang` (for renderers that do not keep a `Msg`)."""
    return _format(MESSAGES[key][i18n.LANGS.index(lang)], params, lang)


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
