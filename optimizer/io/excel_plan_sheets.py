"""Extra sheets of an Excel plan: marginal values (Nilai_Marjinal) and months (Bulanan).

Like the rest of `excel_plan`, every number is the JSON document's value (the
`marginal_values` and `monthly` objects), written as a plain value, never a formula.
"""

from __future__ import annotations

from typing import Any

from optimizer.i18n import LANGS, Lang
from optimizer.io.xlsx import RUPIAH, TITLE_FONT, WHOLE, header_row, set_widths
from optimizer.messages import MESSAGES, text

#: key -> (English, Indonesian); JSON field names stay the keys.
WORDS: dict[str, tuple[str, str]] = {
    "sheet.marginal": ("Marginal_Values", "Nilai_Marjinal"),
    "sheet.monthly": ("Monthly", "Bulanan"),
    "unit": ("Unit", "Satuan"),
    "base": ("Value of the plan", "Nilai rencana"),
    "not computed": (
        "Not computed: the floors cannot be afforded, or the plan is not proven optimal",
        "Tidak dihitung: batas bawah tidak terbiayai, atau rencana belum terbukti optimal",
    ),
    "sources": ("One more Rp1,000,000,000 per source", "Tambahan Rp1.000.000.000 per sumber"),
    "floors": ("What each floor costs", "Harga setiap batas bawah"),
    "eligibility": ("Binding eligibility rules", "Aturan peruntukan yang membatasi"),
    "source": ("source", "sumber"),
    "group": ("group", "kelompok"),
    "gain_per_billion": ("gain per billion (re-solved)", "tambahan per miliar (dihitung ulang)"),
    "lp_rate_per_billion": ("LP rate per billion", "laju LP per miliar"),
    "lp_rate_holds_up_to": ("LP rate holds up to budget (Rp)", "laju LP berlaku sampai anggaran (Rp)"),
    "floor": ("floor", "batas bawah"),
    "gain_if_dropped": ("gain if dropped", "tambahan bila dihapus"),
    "lp_cost_per_person": ("LP cost per floor person", "harga LP per orang batas"),
    "left": ("left (Rp)", "sisa (Rp)"),
    "blocked_groups": ("may not pay for", "tidak boleh membayar"),
    "gain_if_all": ("gain if it may pay for all", "tambahan bila boleh untuk semua"),
    "reporting_month": ("UCJ reporting month", "Bulan pelaporan UCJ"),
    "persons_funded": ("Persons funded in the year", "Orang dibiayai dalam setahun"),
    "persons_at_reporting_month": ("Persons active in the reporting month", "Orang aktif di bulan pelaporan"),
    "months": ("Month by month", "Per bulan"),
    "month": ("month", "bulan"),
    "persons_active": ("persons active", "orang aktif"),
    "paid": ("paid in the month (Rp)", "dibayar bulan ini (Rp)"),
    "by_source": ("Money by source, by the end of each month", "Dana per sumber, sampai akhir bulan"),
    "arrived_by_end": ("arrived (Rp)", "sudah masuk (Rp)"),
    "paid_by_end": ("paid (Rp)", "sudah dibayar (Rp)"),
}
MARGINAL_TABLES = (
    ("sources", ("source", "gain_per_billion", "lp_rate_per_billion", "lp_rate_holds_up_to")),
    ("floors", ("group", "floor", "gain_if_dropped", "lp_cost_per_person")),
    ("eligibility", ("source", "left", "blocked_groups", "gain_if_all")),
)
MONEY = {"lp_rate_holds_up_to", "left", "paid", "arrived_by_end", "paid_by_end"}
WHOLE_FIELDS = {"floor", "persons_active", "persons_funded", "persons_at_reporting_month"}
RATE_FIELDS = {
    "gain_per_billion",
    "lp_rate_per_billion",
    "gain_if_dropped",
    "lp_cost_per_person",
    "gain_if_all",
}
DECIMAL = "#,##0.00"


def word(key: str, lang: Lang) -> str:
    return WORDS[key][LANGS.index(lang)]


def marginal_sheet(ws: Any, marginal: dict[str, Any] | None, lang: Lang) -> None:
    """The `marginal_values` JSON object as tables; one line saying why when it is null."""
    ws.title = word("sheet.marginal", lang)
    if marginal is None:
        ws.append([word("not computed", lang)])
        set_widths(ws, [90])
        return
    unit = f"unit.{marginal['unit']}"
    ws.append([word("unit", lang), text(unit, lang) if unit in MESSAGES else marginal["unit"]])
    ws.append([word("base", lang), marginal["base"]])
    ws.cell(ws.max_row, 2).number_format = DECIMAL
    for key, fields in MARGINAL_TABLES:
        records = [
            {**r, "blocked_groups": ", ".join(r["blocked_groups"])} if "blocked_groups" in r else r
            for r in marginal[key]
        ]
        _section(ws, word(key, lang), records, fields, lang)
    set_widths(ws, [30, 30, 30, 34])


def monthly_sheet(ws: Any, monthly: dict[str, Any], lang: Lang) -> None:
    """The `monthly` JSON object: reporting month, persons, and money month by month."""
    ws.title = word("sheet.monthly", lang)
    for key in ("reporting_month", "persons_funded", "persons_at_reporting_month"):
        ws.append([word(key, lang), monthly[key]])
        if key in WHOLE_FIELDS:
            ws.cell(ws.max_row, 2).number_format = WHOLE
    _section(ws, word("months", lang), monthly["months"], ("month", "persons_active", "paid"), lang)
    fields = ("source", "month", "arrived_by_end", "paid_by_end")
    _section(ws, word("by_source", lang), monthly["sources"], fields, lang)
    set_widths(ws, [36, 20, 24, 24])


def _section(ws: Any, title: str, records: list[dict[str, Any]], fields: tuple[str, ...], lang: Lang) -> None:
    ws.append([])
    ws.append([title])
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    header_row(ws, ws.max_row + 1, [word(f, lang) for f in fields])
    for record in records:
        ws.append([record[f] for f in fields])
        for col, f in enumerate(fields, start=1):
            if f in MONEY:
                ws.cell(ws.max_row, col).number_format = RUPIAH
            elif f in WHOLE_FIELDS:
                ws.cell(ws.max_row, col).number_format = WHOLE
            elif f in RATE_FIELDS:  # 4960.31746 reads as 4,960.32 (4.960,32 in Indonesian Excel)
                ws.cell(ws.max_row, col).number_format = DECIMAL
