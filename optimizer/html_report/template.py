"""The page around the HTML report: inline CSS for screen and A4 print, and its words in en/id.

Everything is inline (no fonts, scripts or images fetched), so the file opens
without a network and prints to PDF as it looks on screen.
"""

from __future__ import annotations

from string import Template

from optimizer.catalogue import Words
from optimizer.i18n import Lang

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

#: key -> English (its Indonesian: optimizer.catalogue): the report's own headings and labels.
LABELS = Words(
    {
        "title": "Funding plan for BPJS Ketenagakerjaan premiums",
        "subtitle": "{region} {year} · objective {objective} · metric {metric}",
        "footer": (
            "Made by ucj-optimizer from {path}. The plan comes from an integer linear program; it is "
            "called optimal only when the solver proved it. Money in whole Rupiah."
        ),
        "summary": "Annex: the plan's figures and status",
        "coverage": "UCJ coverage",
        "before_after": "before → after",
        "new_persons": "Newly covered persons",
        "total_cost": "Total cost",
        "status": "Status",
        "gap": "Optimality gap (proven by the solver)",
        "workforce": "Workforce (BPS)",
        "active_before": "Active participants before",
        "active_after": "Active participants after",
        "rate_before": "UCJ before",
        "rate_after": "UCJ after",
        "target_rate": "UCJ target",
        "target_participants": "Target participants",
        "target_met": "Target met",
        "shortfall": "Target shortfall",
        "floor_shortfall": "Floors that cannot be afforded",
        "missing": "Participants missing",
        "extra": "Extra budget needed",
        "allocation": "Allocation",
        "persons_matrix": "Persons by source (rows) and group (columns)",
        "rupiah_matrix": "Rupiah by source (rows) and group (columns)",
        "alloc_list": "One row per source and group",
        "alloc_chart": "Persons covered by group, coloured by source",
        "total": "Total",
        "source": "source",
        "group": "group",
        "name": "name",
        "kind": "kind",
        "persons": "persons",
        "months": "months",
        "monthly_price": "price per month",
        "cost": "cost",
        "sources": "Sources",
        "budget": "budget",
        "premium_budget": "for premiums",
        "used": "used",
        "left": "left",
        "groups": "Groups",
        "uncovered": "uncovered",
        "floor": "floor",
        "cap": "cap",
        "covered": "covered",
        "still_uncovered": "still uncovered",
        "frontier": "Coverage for the budget",
        "frontier_note": (
            "Every budget scaled together; each point is a plan proven optimal at that budget. The "
            "grey line is the LP relaxation, exact between its breakpoints (*); ← marks today's "
            "budget. The red squares are the targets at their least cost: their x is the money spent "
            "when only the top-up sources (APBD by default) get more, so they sit off the curve, which "
            "scales every source."
        ),
        "frontier_missing": "Frontier not drawn: {reason}",
        "premium_money": "premium money",
        "ucj_after": "UCJ after",
        "floors_unaffordable": "floors unaffordable",
        "targets": "Cost of reaching a target",
        "targets_note": "Least total cost when the top-up sources (APBD by default) may receive extra money.",
        "target": "target",
        "participants": "participants",
        "least_cost": "least cost",
        "beyond": "beyond today's budgets",
        "not_reachable": "not reachable",
        "marginal": "Marginal values",
        "limits": "Warnings and limits",
        "binding": "What limits the plan",
        "warnings": "Warnings about the input",
        "reasons": "Why the requirement is not met",
        "none": "none",
        "assumptions": "Assumptions stated in the scenario",
        "no_assumptions": "The scenario states no assumptions.",
    }
)


def label(key: str, lang: Lang, **values: object) -> str:
    """The report's word for `key` in `lang`."""
    text = LABELS.text(key, lang)
    return text.format(**values) if values else text
