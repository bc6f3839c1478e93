"""The village sheets of an Excel plan (a plan with `Plan.areas`): every village with its
coverage, the plan per village x source x group, and the totals per kecamatan and regency.

Copied from the JSON document (`optimizer.areas.report.area_to_dict`) as plain values, like
the other sheets, so the workbook equals `solve --format json` to the Rupiah.
"""

from __future__ import annotations

from typing import Any

from optimizer.i18n import Lang, t
from optimizer.io.xlsx import PERCENT, RUPIAH, WHOLE, header_row, set_widths

#: Rows one sheet may hold. Excel stops at 1,048,576; openpyxl keeps every cell in memory
#: (about a kilobyte each), so a national plan's 450,000 village rows would take gigabytes:
#: such a plan is written as CSV or JSON instead (`too_many_rows`).
MAX_ROWS = 100_000

PLACE = ("village_code", "village_name", "district_code", "regency_code")
#: (JSON table, sheet title key, columns), in the order the sheets are written.
SHEETS = (
    ("village_coverage", "sheet.villages",
     (*PLACE, "district_name", "uncovered", "covered", "cost", "covered_share")),
    ("villages", "sheet.village_allocation",
     (*PLACE, "source", "group", "persons", "months", "cost", "credit")),
    ("districts", "sheet.districts",
     ("district_code", "district_name", "regency_code", "uncovered", "covered", "cost", "covered_share")),
    ("regencies", "sheet.regencies", ("regency_code", "uncovered", "covered", "cost", "covered_share")),
)  # fmt: skip
FORMATS = {"cost": RUPIAH, "covered_share": PERCENT, "uncovered": WHOLE, "covered": WHOLE, "persons": WHOLE}


def too_many_rows(plan) -> str | None:
    """Why the village plan cannot be a workbook (one line), or None when every sheet fits."""
    a = plan.areas
    largest = max(len(a.villages), 0 if a.coverage is None else len(a.coverage))
    if largest <= MAX_ROWS:
        return None
    return (
        f"the village plan has {largest:,} rows, more than the {MAX_ROWS:,} an Excel plan holds per "
        "sheet; write it with --format csv or json (they hold every row)"
    )


def village_sheets(wb: Any, areas: dict[str, Any], lang: Lang) -> None:
    """Append the four village sheets to `wb` (`areas`: the JSON document's "areas")."""
    for table, title, fields in SHEETS:
        ws = wb.create_sheet(t(title, lang))
        header_row(ws, 1, [t(f"col.{f}", lang) for f in fields])
        for record in areas[table]:
            ws.append([record[f] for f in fields])
            for col, f in enumerate(fields, start=1):
                if f in FORMATS:
                    ws.cell(ws.max_row, col).number_format = FORMATS[f]
        ws.freeze_panes = "A2"
        set_widths(ws, [28 if f.endswith("_name") else 16 for f in fields])
