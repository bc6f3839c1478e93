"""The page around the HTML report: inline CSS for screen and A4 print, and its words in en/id.

Everything is inline (no fonts, scripts or images fetched), so the file opens
without a network and prints to PDF as it looks on screen.
"""

from __future__ import annotations

from string import Template

from optimizer.i18n import LANGS, Lang

PAGE = Template(
    """<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ucj-optimizer">
<title>$title</title>
<style>
$css
</style>
</head>
<body>
<header>
<h1>$title</h1>
<p class="sub">$subtitle</p>
</header>
$body
<footer>$footer</footer>
</body>
</html>
"""
)

CSS = """\
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt;
  color: #1d1d1d; max-width: 190mm; margin: 0 auto; padding: 8mm 6mm; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm; color: #0b4f6c; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 2px solid #0b4f6c;
  color: #0b4f6c; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
p.sub { margin: 0 0 4mm; color: #555; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; page-break-inside: auto;
  font-size: 8.5pt; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #c9d3da; padding: 0.8mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #e8f0f4; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.total td { font-weight: bold; background: #f4f7f9; }
table.kv th { width: 45%; }
.ok { color: #1b6e20; font-weight: bold; }
.bad { color: #b3261e; font-weight: bold; }
.cards { display: flex; gap: 3mm; margin: 2mm 0 4mm; }
.card { flex: 1; border: 1px solid #c9d3da; border-radius: 2mm; padding: 2.5mm 3mm; background: #f7fafc; }
.card .label { font-size: 9pt; color: #555; }
.card .value { font-size: 12pt; font-weight: bold; color: #0b4f6c; }
figure { margin: 2mm 0 4mm; text-align: center; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figure.chart svg { width: 150mm; }
figcaption { font-size: 9pt; color: #555; }
ul { margin: 1mm 0 3mm; padding-left: 6mm; }
li { margin: 0.6mm 0; }
.note { font-size: 9pt; color: #555; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #777; border-top: 1px solid #c9d3da; padding-top: 2mm; }
section { page-break-inside: auto; }
@media print {
  body { padding: 0; max-width: none; }
  section.page { page-break-before: always; break-before: page; }
  h2 { page-break-after: avoid; break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}"""

#: key -> (English, Indonesian): the report's own headings and labels.
LABELS: dict[str, tuple[str, str]] = {
    "title": (
        "Funding plan for BPJS Ketenagakerjaan premiums",
        "Rencana pembiayaan iuran BPJS Ketenagakerjaan",
    ),
    "subtitle": (
        "{region} {year} · objective {objective} · metric {metric}",
        "{region} {year} · tujuan {objective} · ukuran {metric}",
    ),
    "footer": (
        "Made by ucj-optimizer from {path}. The plan comes from an integer linear program; it is called "
        "optimal only when the solver proved it. Money in whole Rupiah.",
        "Dibuat oleh ucj-optimizer dari {path}. Rencana berasal dari program linear bilangan bulat; "
        "disebut optimal hanya bila solver membuktikannya. Uang dalam Rupiah utuh.",
    ),
    "summary": ("Annex: the plan's figures and status", "Lampiran: angka dan status rencana"),
    "coverage": ("UCJ coverage", "Cakupan UCJ"),
    "before_after": ("before → after", "sebelum → sesudah"),
    "new_persons": ("Newly covered persons", "Tambahan orang terlindungi"),
    "total_cost": ("Total cost", "Biaya total"),
    "status": ("Status", "Status"),
    "gap": ("Optimality gap (proven by the solver)", "Gap optimalitas (dibuktikan solver)"),
    "workforce": ("Workforce (BPS)", "Penduduk bekerja (BPS)"),
    "active_before": ("Active participants before", "Peserta aktif sebelum"),
    "active_after": ("Active participants after", "Peserta aktif sesudah"),
    "rate_before": ("UCJ before", "UCJ sebelum"),
    "rate_after": ("UCJ after", "UCJ sesudah"),
    "target_rate": ("UCJ target", "Target UCJ"),
    "target_participants": ("Target participants", "Target peserta"),
    "target_met": ("Target met", "Target tercapai"),
    "shortfall": ("Target shortfall", "Kekurangan terhadap target"),
    "floor_shortfall": ("Floors that cannot be afforded", "Batas bawah yang tidak terbiayai"),
    "missing": ("Participants missing", "Peserta yang kurang"),
    "extra": ("Extra budget needed", "Tambahan anggaran yang diperlukan"),
    "allocation": ("Allocation", "Alokasi"),
    "persons_matrix": (
        "Persons by source (rows) and group (columns)",
        "Orang per sumber (baris) dan kelompok (kolom)",
    ),
    "rupiah_matrix": (
        "Rupiah by source (rows) and group (columns)",
        "Rupiah per sumber (baris) dan kelompok (kolom)",
    ),
    "alloc_list": ("One row per source and group", "Satu baris per sumber dan kelompok"),
    "alloc_chart": (
        "Persons covered by group, coloured by source",
        "Orang terlindungi per kelompok, warna menurut sumber",
    ),
    "total": ("Total", "Jumlah"),
    "source": ("source", "sumber"),
    "group": ("group", "kelompok"),
    "name": ("name", "nama"),
    "kind": ("kind", "jenis"),
    "persons": ("persons", "orang"),
    "months": ("months", "bulan"),
    "monthly_price": ("price per month", "iuran per bulan"),
    "cost": ("cost", "biaya"),
    "sources": ("Sources", "Sumber dana"),
    "budget": ("budget", "anggaran"),
    "premium_budget": ("for premiums", "untuk iuran"),
    "used": ("used", "terpakai"),
    "left": ("left", "sisa"),
    "groups": ("Groups", "Kelompok"),
    "uncovered": ("uncovered", "belum terlindungi"),
    "floor": ("floor", "batas bawah"),
    "cap": ("cap", "batas atas"),
    "covered": ("covered", "terlindungi"),
    "still_uncovered": ("still uncovered", "masih belum terlindungi"),
    "frontier": ("Coverage for the budget", "Cakupan menurut anggaran"),
    "frontier_note": (
        "Every budget scaled together; each point is a plan proven optimal at that budget. "
        "The grey line is the LP relaxation, exact between its breakpoints (*); ← marks today's budget. "
        "The red squares are the targets at their least cost: their x is the money spent when only the "
        "top-up sources (APBD by default) get more, so they sit off the curve, which scales every source.",
        "Semua anggaran diskalakan bersama; setiap titik adalah rencana yang terbukti optimal pada anggaran "
        "itu. Garis abu-abu adalah relaksasi LP, tepat di antara titik patahnya (*); ← menandai anggaran "
        "saat ini. Kotak merah adalah target dengan biaya terendahnya: sumbu x-nya adalah dana terpakai bila "
        "hanya sumber tambahan (secara bawaan APBD) yang bertambah, jadi tidak terletak pada kurva, yang "
        "menskalakan semua sumber.",
    ),
    "frontier_missing": ("Frontier not drawn: {reason}", "Kurva tidak digambar: {reason}"),
    "premium_money": ("premium money", "dana iuran"),
    "ucj_after": ("UCJ after", "UCJ sesudah"),
    "floors_unaffordable": ("floors unaffordable", "batas bawah tidak terbiayai"),
    "targets": ("Cost of reaching a target", "Biaya mencapai target"),
    "targets_note": (
        "Least total cost when the top-up sources (APBD by default) may receive extra money.",
        "Biaya total terendah bila sumber tambahan (secara bawaan APBD) boleh menerima dana tambahan.",
    ),
    "target": ("target", "target"),
    "participants": ("participants", "peserta"),
    "least_cost": ("least cost", "biaya terendah"),
    "beyond": ("beyond today's budgets", "di luar anggaran saat ini"),
    "not_reachable": ("not reachable", "tidak tercapai"),
    "marginal": ("Marginal values", "Nilai marginal"),
    "limits": ("Warnings and limits", "Peringatan dan batasan"),
    "binding": ("What limits the plan", "Yang membatasi rencana"),
    "warnings": ("Warnings about the input", "Peringatan tentang masukan"),
    "reasons": ("Why the requirement is not met", "Mengapa syarat tidak terpenuhi"),
    "none": ("none", "tidak ada"),
    "assumptions": ("Assumptions stated in the scenario", "Asumsi yang dinyatakan dalam skenario"),
    "no_assumptions": ("The scenario states no assumptions.", "Skenario tidak menyatakan asumsi."),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """The report's word for `key` in `lang`."""
    text = LABELS[key][LANGS.index(lang)]
    return text.format(**values) if values else text
