"""Report pieces of the monthly model: extra JSON keys and the table's month section."""

from __future__ import annotations

from typing import Any

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


def monthly_lines(plan: Any, table, rupiah) -> list[str]:
    """The table's "Months" section: runs, and persons and money month by month."""
    m = plan.monthly
    if m is None:
        return []
    report = MONTH_NAMES[m.reporting_month - 1]
    out = [
        "",
        f"Months (UCJ read in {report}: {m.persons_at_report:,} of "
        f"{m.persons_funded:,} funded persons active)",
    ]
    rows = [
        [
            a.source,
            a.group,
            a.segment,
            f"{MONTH_NAMES[a.first_month - 1]}-{MONTH_NAMES[a.last_month - 1]}",
            f"{a.persons:,}",
        ]
        for a in plan.allocations.itertuples()
    ]
    out += table(["source", "group", "segment", "months", "persons"], rows, {4})
    out.append("")
    arrived = m.source_months.groupby("month")["arrived_by_end"].sum()
    paid = m.source_months.groupby("month")["paid_by_end"].sum()
    rows = [
        [
            MONTH_NAMES[r.month - 1],
            f"{r.persons_active:,}",
            rupiah(r.paid),
            rupiah(paid[r.month]),
            rupiah(arrived[r.month]),
        ]
        for r in m.by_month.itertuples()
    ]
    out += table(["month", "active", "paid", "paid so far", "arrived so far"], rows, {1, 2, 3, 4})
    return out
