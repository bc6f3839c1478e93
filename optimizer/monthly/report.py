"""Report pieces of the monthly model: extra JSON keys and the table's month section."""

from __future__ import annotations

from typing import Any

from optimizer import i18n

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def allocation_extra(row: Any) -> dict[str, Any]:
    """segment, first_month, last_month of a monthly allocation row ({} in the annual model)."""
    if not hasattr(row, "first_month"):
        return {}
    return {"segment": row.segment, "first_month": int(row.first_month), "last_month": int(row.last_month)}


def monthly_dict(plan: Any) -> dict[str, Any]:
    """The `monthly` JSON object (README, "JSON output"); {} for annual plans."""
    m = plan.monthly
    if m is None:
        return {}
    return {
        "monthly": {
            "reporting_month": m.reporting_month,
            "persons_funded": m.persons_funded,
            "persons_at_reporting_month": m.persons_at_report,
            "months": [
                {"month": int(r.month), "persons_active": int(r.persons_active), "paid": int(r.paid)}
                for r in m.by_month.itertuples()
            ],
            "sources": [
                {
                    "source": r.source,
                    "month": int(r.month),
                    "arrived_by_end": int(r.arrived_by_end),
                    "paid_by_end": int(r.paid_by_end),
                }
                for r in m.source_months.itertuples()
            ],
        }
    }


def monthly_lines(plan: Any, table, rupiah, lang: str = "en") -> list[str]:
    """The table's "Months" section: runs, and persons and money month by month (in `lang`)."""
    m = plan.monthly
    if m is None:
        return []
    names = MONTH_NAMES_ID if lang == "id" else MONTH_NAMES

    def num(x: int) -> str:
        return i18n.number(x, lang)  # type: ignore[arg-type]

    report = names[m.reporting_month - 1]
    title = i18n.t(
        "monthly.title", lang, month=report, at=num(m.persons_at_report), funded=num(m.persons_funded)
    )
    out = ["", title]
    rows = [
        [
            a.source,
            a.group,
            a.segment,
            f"{names[a.first_month - 1]}-{names[a.last_month - 1]}",
            num(a.persons),
        ]
        for a in plan.allocation_rows
    ]
    out += table([i18n.t(k, lang) for k in ("source", "group", "segment", "months", "persons")], rows, {4})
    out.append("")
    arrived = m.source_months.groupby("month")["arrived_by_end"].sum()
    paid = m.source_months.groupby("month")["paid_by_end"].sum()
    rows = [
        [
            names[r.month - 1],
            num(r.persons_active),
            rupiah(r.paid),
            rupiah(paid[r.month]),
            rupiah(arrived[r.month]),
        ]
        for r in m.by_month.itertuples()
    ]
    headers = [i18n.t(k, lang) for k in ("month", "active", "paid", "paid so far", "arrived so far")]
    out += table(headers, rows, {1, 2, 3, 4})
    return out
