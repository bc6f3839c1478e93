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

Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")
DEFAULT_LANG: Lang = "en"
#: Environment variable that sets the default language (the --lang option wins).
LANG_ENV = "UCJ_LANG"

#: key -> (English, Indonesian). Keys are English so the code reads well.
CATALOGUE: dict[str, tuple[str, str]] = {
    # statuses and words
    "optimal": ("optimal", "optimal"),
    "not-proven-optimal": ("not-proven-optimal", "belum terbukti optimal"),
    "target-unreachable": ("target-unreachable", "target tidak tercapai"),
    "floors-unaffordable": ("floors-unaffordable", "batas bawah tidak terbiayai"),
    "max-coverage": ("max-coverage", "cakupan maksimum"),
    "min-cost": ("min-cost", "biaya minimum"),
    "persons": ("persons", "orang"),
    "person-months": ("person-months", "orang-bulan"),
    "branch-credit": ("branch-credit", "kredit cabang"),
    "yes": ("yes", "ya"),
    "all": ("all", "semua"),
    "no": ("no", "tidak"),
    # screen table
    "metric": ("metric", "ukuran"),
    "target met": ("target met", "target tercapai"),
    "target NOT met": ("target NOT met", "target TIDAK tercapai"),
    "UCJ coverage": ("UCJ coverage", "Cakupan UCJ"),
    "participants": ("participants", "peserta"),
    "target": ("target", "target"),
    "workforce": ("workforce", "penduduk bekerja"),
    "total cost": ("total cost", "biaya total"),
    "status": ("status", "status"),
    "solver": ("solver", "solver"),
    "gap": ("gap", "gap"),
    "Allocation": ("Allocation", "Alokasi"),
    "Sources": ("Sources", "Sumber dana"),
    "Groups": ("Groups", "Kelompok"),
    "source": ("source", "sumber"),
    "group": ("group", "kelompok"),
    "months": ("months", "bulan"),
    "cost": ("cost", "biaya"),
    "budget": ("budget", "anggaran"),
    "used": ("used", "terpakai"),
    "left": ("left", "sisa"),
    "uncovered": ("uncovered", "belum terlindungi"),
    "covered": ("covered", "terlindungi"),
    "floor": ("floor", "batas bawah"),
    "cap": ("cap", "batas atas"),
    "Target shortfall": ("Target shortfall", "Kekurangan terhadap target"),
    "Floors that cannot be afforded": ("Floors that cannot be afforded", "Batas bawah yang tidak terbiayai"),
    "missing": ("missing", "kurang"),
    "add {amount} to {source}": ("add {amount} to {source}", "tambah {amount} ke {source}"),
    "What limits the plan": ("What limits the plan", "Yang membatasi rencana"),
    "Warnings": ("Warnings", "Peringatan"),
    "baseline.title": (
        "Compared with the previous plan {file}: {taken} persons fewer and {added} more, counted per "
        "source and group (the fewest changes of all equally good plans)",
        "Dibanding rencana sebelumnya {file}: {taken} orang berkurang dan {added} orang bertambah, "
        "dihitung per sumber dan kelompok (perubahan paling sedikit di antara rencana yang sama baiknya)",
    ),
    "baseline.same": (
        "Compared with the previous plan {file}: nobody moved",
        "Dibanding rencana sebelumnya {file}: tidak ada yang berpindah",
    ),
    "before": ("before", "sebelum"),
    "after": ("after", "sesudah"),
    "change": ("change", "perubahan"),
    "baseline.changed": ("What changed since then", "Yang berubah sejak itu"),
    "group size": ("group size", "jumlah kelompok"),
    "ties.found": (
        "Equally good plans: another plan reaches the same coverage at the same cost{also} and "
        "splits the money differently (here: the one that spends the sources in the opposite order)",
        "Rencana yang sama baiknya: ada rencana lain dengan cakupan dan biaya yang sama{also} yang "
        "membagi dana secara berbeda (di sini: yang membelanjakan sumber dengan urutan terbalik)",
    ),
    "ties.also": (", as close to the previous plan,", ", sama dekatnya dengan rencana sebelumnya,"),
    "ties.none": (
        "Equally good plans: none found (the plan that spends the sources in the opposite order is this one)",
        "Rencana yang sama baiknya: tidak ditemukan (rencana yang membelanjakan sumber dengan urutan "
        "terbalik sama dengan rencana ini)",
    ),
    "this plan": ("this plan", "rencana ini"),
    "other plan": ("other plan", "rencana lain"),
    "(new)": ("(new)", "(baru)"),
    "segment": ("segment", "segmen"),
    "month": ("month", "bulan"),
    "active": ("active", "aktif"),
    "paid": ("paid", "dibayar"),
    "paid so far": ("paid so far", "dibayar s.d. bulan ini"),
    "arrived so far": ("arrived so far", "dana tiba s.d. bulan ini"),
    "monthly.title": (
        "Months (UCJ read in {month}: {at} of {funded} funded persons active)",
        "Bulan (UCJ dibaca pada {month}: {at} dari {funded} orang yang dibiayai aktif)",
    ),
    # compare: what differs between scenarios
    "package": ("package", "paket"),
    "region workforce": ("region workforce", "penduduk bekerja wilayah"),
    "region active participants": ("region active participants", "peserta aktif wilayah"),
    "region target participants": ("region target participants", "target peserta wilayah"),
    "region target rate": ("region target rate", "target UCJ wilayah"),
    "spending order": ("spending order", "urutan belanja"),
    "premium budget": ("premium budget", "anggaran iuran"),
    "may pay for": ("may pay for", "boleh membiayai"),
    "floor..cap persons": ("floor..cap persons", "batas bawah..batas atas orang"),
    "(removed)": ("(removed)", "(dihapus)"),
    "(none)": ("(none)", "(tidak ada)"),
    "all groups": ("all groups", "semua kelompok"),
    "weight": ("weight", "bobot"),
    "monthly_price": ("monthly_price", "iuran per bulan"),
    "price_by_source": ("price_by_source", "iuran menurut sumber"),
    "premium_share": ("premium_share", "porsi iuran"),
    "top_up": ("top_up", "dapat ditambah"),
    "name": ("name", "nama"),
    "kind": ("kind", "jenis"),
    "cmp.against": ("Comparing against {base}", "Dibandingkan dengan {base}"),
    "cmp.differs": ("{label}: what differs from {base}", "{label}: yang berbeda dari {base}"),
    "cmp.identical": ("(inputs identical)", "(masukan sama)"),
    "cmp.status": ("status", "status"),
    "cmp.objective": ("objective", "tujuan"),
    "cmp.new persons": ("new persons", "orang baru"),
    "cmp.met": ("met", "tercapai"),
    "cmp.NOT met": ("NOT met", "TIDAK tercapai"),
    "cmp.cost per new person": ("cost per new person", "biaya per orang baru"),
    "cmp.persons, group": ("persons, group", "orang, kelompok"),
    "cmp.persons, source": ("persons, source", "orang, sumber"),
    "fr.swept_source": ("the budget of {source}", "anggaran {source}"),
    "fr.swept_all": ("all budgets scaled together", "semua anggaran diskalakan bersama"),
    "fr.title": (
        "{name} {year}: frontier over {swept} (max-coverage, metric {metric})",
        "{name} {year}: kurva cakupan, {swept} (cakupan maksimum, ukuran {metric})",
    ),
    "fr.today": (
        "today: {money} of premium money; integer plans proven optimal at each level;",
        "saat ini: {money} dana iuran; rencana bilangan bulat terbukti optimal di setiap tingkat;",
    ),
    "fr.lp": (
        "LP = the relaxation, exact between its breakpoints (marked *)",
        "LP = relaksasi, tepat di antara titik patahnya (bertanda *)",
    ),
    "fr.today_mark": ("today", "kini"),
    "fr.unaffordable": ("floors unaffordable", "batas bawah tidak terbiayai"),
    "fr.integer": ("integer", "bulat"),
    "fr.new persons": ("new persons", "orang baru"),
    "fr.UCJ after": ("UCJ after", "UCJ sesudah"),
    "fr.targets": (
        "Cost of reaching a target (top-up sources may receive extra money)",
        "Biaya mencapai target (sumber tambahan boleh menerima dana tambahan)",
    ),
    "fr.not reachable": ("not reachable", "tidak tercapai"),
    "fr.least cost": ("least cost", "biaya terendah"),
    "fr.beyond budgets": ("beyond budgets", "di luar anggaran"),
    "fr.within budgets": ("within budgets", "dalam anggaran"),
    "fr.why not": (
        "not reachable: the groups in the file are too small (or no source may be topped up)",
        "tidak tercapai: kelompok dalam berkas terlalu kecil (atau tidak ada sumber yang boleh ditambah)",
    ),
    # Excel plan workbook
    "sheet.summary": ("Summary", "Ringkasan"),
    "sheet.figures": ("Figures", "Angka_Rencana"),
    "sheet.allocation": ("Allocation", "Alokasi"),
    "sheet.sources": ("Sources", "Sumber_Dana"),
    "sheet.groups": ("Groups", "Kelompok"),
    "region": ("Region", "Wilayah"),
    "year": ("Year", "Tahun"),
    "objective": ("Objective", "Tujuan"),
    "Metric": ("Metric", "Ukuran"),
    "Status": ("Status", "Status"),
    "Solver": ("Solver", "Solver"),
    "Workforce": ("Workforce (BPS)", "Penduduk bekerja (BPS)"),
    "Active before": ("Active participants before", "Peserta aktif sebelum"),
    "Active after": ("Active participants after", "Peserta aktif sesudah"),
    "New persons": ("Newly covered persons", "Tambahan orang terlindungi"),
    "Rate before": ("UCJ before", "UCJ sebelum"),
    "Rate after": ("UCJ after", "UCJ sesudah"),
    "Target rate": ("UCJ target", "Target UCJ"),
    "Target participants": ("Target participants", "Target peserta"),
    "Target met": ("Target met", "Target tercapai"),
    "Total cost": ("Total cost (Rp)", "Biaya total (Rp)"),
    "Missing participants": ("Participants missing", "Peserta yang kurang"),
    "Extra budget": ("Extra budget needed (Rp)", "Tambahan anggaran (Rp)"),
    "Persons by source and group": (
        "Persons by source (rows) and group (columns)",
        "Orang per sumber (baris) dan kelompok (kolom)",
    ),
    "Rupiah by source and group": (
        "Rupiah by source (rows) and group (columns)",
        "Rupiah per sumber (baris) dan kelompok (kolom)",
    ),
    "Allocation list": (
        "Allocation, one row per source and group",
        "Alokasi, satu baris per sumber dan kelompok",
    ),
    "Total": ("Total", "Jumlah"),
    "col.source": ("source", "sumber"),
    "col.source_name": ("source name", "nama sumber"),
    "col.group": ("group", "kelompok"),
    "col.group_name": ("group name", "nama kelompok"),
    "col.persons": ("persons", "orang"),
    "col.months": ("months", "bulan"),
    "col.person_months": ("person-months", "orang-bulan"),
    "col.monthly_price": ("monthly price (Rp)", "iuran per bulan (Rp)"),
    "col.cost": ("cost (Rp)", "biaya (Rp)"),
    "col.credit": ("credit", "kredit"),
    "col.name": ("name", "nama"),
    "col.kind": ("kind", "jenis"),
    "col.budget": ("budget (Rp)", "anggaran (Rp)"),
    "col.premium_budget": ("for premiums (Rp)", "untuk iuran (Rp)"),
    "col.used": ("used (Rp)", "terpakai (Rp)"),
    "col.left": ("left (Rp)", "sisa (Rp)"),
    "col.uncovered": ("uncovered", "belum terlindungi"),
    "col.floor": ("floor", "batas bawah"),
    "col.cap": ("cap", "batas atas"),
    "col.covered": ("covered", "terlindungi"),
    "col.still_uncovered": ("still uncovered", "masih belum terlindungi"),
    "col.segment": ("segment (overlap)", "segmen (tumpang tindih)"),
    "col.first_month": ("first month", "bulan pertama"),
    "col.last_month": ("last month", "bulan terakhir"),
    "Binding limits": ("What limits the plan", "Yang membatasi rencana"),
    "Assumptions": ("Assumptions in the scenario", "Asumsi dalam skenario"),
    # plan-years, robust and sweep tables (multiyear/report.py, uncertainty/report.py)
    "years.continuity": ("continuity", "keberlanjutan"),
    "years.year": ("year", "tahun"),
    "years.without": ("without plan", "tanpa rencana"),
    "years.paid": ("paid by plan", "dibiayai rencana"),
    "years.met": ("met", "tercapai"),
    "years.joined": ("joined", "mulai"),
    "years.who": ("Who is paid for, year by year", "Siapa yang dibiayai, tahun demi tahun"),
    "robust.title": ("robust plan", "rencana tangguh"),
    "robust.most_likely": ("most likely", "paling mungkin"),
    # percentile and probability column headers of the robust and sweep tables
    "robust.p_target": ("P(target)", "P(target tercapai)"),
    "robust.p_as_planned": ("P(as planned)", "P(sesuai rencana)"),
    "robust.ranges": (
        "Ranges (realisation in % of the written value; the robust plan assumes the worst end)",
        "Rentang (realisasi dalam % dari nilai tertulis; rencana tangguh memakai ujung terburuk)",
    ),
    "robust.guaranteed": ("guaranteed UCJ", "UCJ terjamin"),
    "robust.of_at_most": ("of at most", "dari paling banyak"),
    "robust.worst_met": ("target met in the worst case", "target tercapai dalam kasus terburuk"),
    "robust.worst_not_met": (
        "target NOT met in the worst case",
        "target TIDAK tercapai dalam kasus terburuk",
    ),
    "robust.nominal": ("nominal plan", "rencana nominal"),
    "robust.as_written": (
        "as written, if every figure comes true",
        "sesuai tertulis, bila setiap angka terwujud",
    ),
    "robust.cost": ("robust cost", "biaya tangguh"),
    "robust.nominal_cost": ("nominal cost", "biaya nominal"),
    "robust.allocation": (
        "Robust allocation (stays within every budget for every realisation in the ranges)",
        "Alokasi tangguh (tetap dalam setiap anggaran untuk setiap realisasi dalam rentang)",
    ),
    "robust.sampled": (
        "Sampled analysis: {samples} samples, seed {seed}; a plan is fixed: {rule}.",
        "Analisis sampel: {samples} sampel, seed {seed}; {rule}.",
    ),
    "robust.fixed_rule": (
        "a fixed plan is carried out as written; a group with fewer persons than planned is cut pro rata "
        "across its sources, then a source with less money than it must spend cuts every allocation it pays "
        "pro rata, rounded down to whole persons; money left over is not moved",
        "rencana tetap dijalankan sesuai tertulis; kelompok yang orangnya lebih sedikit dari rencana "
        "dipotong proporsional di semua sumbernya, lalu sumber yang dananya kurang dari yang harus "
        "dibelanjakan memotong setiap alokasinya secara proporsional, dibulatkan ke bawah ke orang utuh; "
        "sisa dana tidak dipindahkan",
    ),
    "robust.plan": ("plan", "rencana"),
    "robust.nominal_row": ("nominal", "nominal"),
    "robust.robust_row": ("robust", "tangguh"),
    "sweep.title": (
        "Sweep: each sample re-optimised with the realised budgets and headcounts",
        "Sapuan: setiap sampel dioptimalkan ulang dengan anggaran dan jumlah orang yang terwujud",
    ),
    "sweep.scenario": ("scenario", "skenario"),
    "sweep.samples": ("samples", "sampel"),
    # village-level plan table (areas/report.py)
    "areas.regencies": ("Regencies (kabupaten/kota)", "Kabupaten/kota"),
    "areas.covered_of": ("{covered} of {uncovered} covered", "{covered} dari {uncovered} terlindungi"),
    "areas.certificate": (
        "certificate   LP optimum {lp}, dual bound {dual} (checked), LP gap {lp_gap}",
        "sertifikat    optimum LP {lp}, batas dual {dual} (diperiksa), gap LP {lp_gap}",
    ),
    "areas.whole": (
        "              whole-person plan is at most {gap} below the best possible (bound {bound})",
        "              rencana orang utuh paling banyak {gap} di bawah yang terbaik (batas {bound})",
    ),
    "areas.villages": (
        "villages      {n} villages funded; per-village table: --output plan.csv",
        "desa          {n} desa/kelurahan dibiayai; tabel per desa: --output plan.csv",
    ),
}


def resolve_lang(value: str | None) -> Lang:
    """The language to use: `value`, else $UCJ_LANG, else English; unknown codes raise ValueError."""
    code = (value or os.environ.get(LANG_ENV) or DEFAULT_LANG).strip().lower()
    if code not in LANGS:
        raise ValueError(f"language {code!r} is not supported; use one of {', '.join(LANGS)}")
    return code  # type: ignore[return-value]


def t(key: str, lang: Lang = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`; unknown keys are shown as they are (never a crash)."""
    pair = CATALOGUE.get(key)
    text = key if pair is None else pair[LANGS.index(lang)]
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
