"""The monthly model in a scenario workbook: Kelompok's window columns and sheet Tahap_Dana.

Turns the cells into the shapes the TOML reader gives (`window = [first, last]`,
`tranches = [{month, share|amount}, ...]` inside each `[[source]]`) so that
`optimizer.io.monthly_fields` checks Excel and TOML alike. Sheet Tumpang_Tindih
needs nothing here: one row is one `[[overlap]]` table.
"""

from __future__ import annotations

from typing import Any

from optimizer.errors import ScenarioError
from optimizer.io import excel_layout as L

WINDOW_FIRST, WINDOW_LAST = "jendela_awal", "jendela_akhir"


def join_window(entry: dict[str, Any], where: str) -> None:
    """{"window": {"first": a, "last": b}} becomes {"window": [a, b]}; one of the two is an error."""
    parts = entry.get("window")
    if parts is None:
        return
    if "first" not in parts or "last" not in parts:
        empty = WINDOW_LAST if "first" in parts else WINDOW_FIRST
        raise ScenarioError(
            f"is empty; give both {WINDOW_FIRST} and {WINDOW_LAST} (months 1-12), or neither",
            where=f"{where}, column {empty}",
        )
    entry["window"] = [parts["first"], parts["last"]]


def attach_tranches(
    data: dict[str, Any], cells: dict, sheet: L.Sheet, entries: list[tuple[int, dict]]
) -> None:
    """Rows (sumber, bulan, persen|jumlah) become each source's `tranches` list, in row order.

    `cells` is the reader's location map: every tranche field is located at its cell,
    and the list as a whole at the first row of its source (sums are checked per list).
    """
    sources = {s.get("id"): i for i, s in enumerate(data.get("source", []))}
    for number, entry in entries:
        where = f"sheet {sheet.name}, row {number}"
        for column in sheet.columns:
            if column.required and column.key[0] not in entry:
                raise ScenarioError("is empty; fill it", where=f"{where}, column {column.header}")
        sid = str(entry.pop("source"))
        if sid not in sources:
            raise ScenarioError(
                f"source {sid!r} is not in sheet Sumber_Dana", where=f"{where}, column sumber"
            )
        i = sources[sid]
        tranches = data["source"][i].setdefault("tranches", [])
        j = len(tranches)
        tranches.append(entry)
        money = "persen" if "share" in entry else "jumlah"
        cells.setdefault(("source", i, "tranches"), (sheet.name, number, money))
        cells[("source", i, "tranches", j)] = (sheet.name, number, None)
        for column in sheet.columns[1:]:
            cells[("source", i, "tranches", j, column.key[0])] = (sheet.name, number, column.header)
