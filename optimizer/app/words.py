"""The app's own words in English and Indonesian (the plan's words come from the library)."""

from __future__ import annotations

from optimizer.catalogue import Words
from optimizer.i18n import Lang

WORDS = Words(
    {
        "title": "UCJ planner",
        "open": "Open a scenario (.toml or .xlsx)",
        "open_button": "Open",
        "teaching": "Start from the teaching example",
        "region": "Region and target (sheet Wilayah)",
        "optimize": "Question (sheet Optimasi)",
        "sources": "Funding sources (sheet Sumber_Dana)",
        "groups": "Worker groups (sheet Kelompok)",
        "add_row": "Add a row",
        "remove": "Remove",
        "plan": "The plan",
        "stale": "Not re-solved: fix the value below; the plan shown is for the last valid values.",
        "no_plan": "No plan yet: fix the value below.",
        "downloads": "Take it away",
        "dl_plan": "Plan workbook (.xlsx)",
        "dl_report": "HTML report",
        "dl_toml": "Scenario as TOML",
        "dl_xlsx": "Scenario as Excel workbook",
        "variants": "Variants",
        "variant_name": "Save the current values as variant",
        "save": "Save",
        "use": "Open",
        "compare": "Compare all variants with the current values",
        "current": "current",
        "frontier": "Frontier: coverage for the budget",
        "frontier_button": "Compute the frontier",
        "limits": "What limits the plan, warnings",
        "shortfall": "Why the target is not reached",
        "floor_shortfall": "Floors that cannot be afforded",
        "binding": "What limits the plan",
        "warnings": "Warnings about the input",
        "none": "none",
        "solve_time": "solved in {seconds} s",
        "language": "Bahasa Indonesia",
        "slider": "slide to change",
    }
)


def word(key: str, lang: Lang, **values: object) -> str:
    text = WORDS.text(key, lang) if key in WORDS else key
    return text.format(**values) if values else text
