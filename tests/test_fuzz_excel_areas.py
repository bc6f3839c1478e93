"""Fuzz the Excel reader and the village CSV reader: a valid scenario or exactly one ScenarioError line.

Examples per CI pass (fixed seed, bounded): 80 cell/row/sheet mutations of the
template workbook, 100 byte-level corruptions of it, 250 mutations of a village
scenario's CSV files (430 in all). Whatever the input, nothing else may escape:
no KeyError from openpyxl, no pandas ParserError, no traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_fuzz_loader import assert_consistent, assert_scenario_or_one_line_error, fuzz

from optimizer.areas.data import load_area_scenario
from optimizer.io.excel_template import template_bytes
from optimizer.io.variants import load_with_variants
from optimizer.io.xlsx import workbook_bytes

TEMPLATE = template_bytes()
AREA = Path(__file__).parent / "bad_inputs" / "areas" / "villages-negative"

CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10),  # what a cell can hold
    st.sampled_from(
        ["pilih", "semua", "100%", "150%", "1.234.567", "1,5", "ya", "apbd", "nelayan", "=A1*2", "#N/A"]
    ),
    st.sampled_from(["id", "bulan", "anggaran", "tahun", "budget", "group", "+20%", "jkk-jkm", "csr"]),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


def _load_both(path: Path):
    """As `compare` reads a workbook: the scenario, then its Varian rows applied."""
    base, variants = load_with_variants(path)
    for variant in variants:
        assert_consistent(variant.scenario)
    return base


@fuzz(80)
@given(data=st.data())
def test_cell_row_and_sheet_mutations_of_the_template(data, tmp_path):
    wb = load_workbook(io.BytesIO(TEMPLATE))
    for _ in range(data.draw(st.integers(1, 4))):
        ws = wb[data.draw(st.sampled_from(wb.sheetnames))]
        action = data.draw(st.sampled_from(["cell", "cell", "cell", "delete_row", "delete_sheet", "percent"]))
        row = data.draw(st.integers(1, max(ws.max_row, 1) + 1))
        col = data.draw(st.integers(1, max(ws.max_column, 1) + 1))
        if action == "delete_row":
            ws.delete_rows(row)
        elif action == "delete_sheet" and len(wb.sheetnames) > 1:
            wb.remove(ws)
        else:
            c = ws.cell(row, col)
            c.value = data.draw(CELL_VALUES)
            if action == "percent":
                c.number_format = "0%"
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(workbook_bytes(wb, 2025))
    assert_scenario_or_one_line_error(lambda: _load_both(path))


@fuzz(100)
@given(data=st.data())
def test_byte_corruptions_of_the_template(data, tmp_path):
    raw = bytearray(TEMPLATE)
    action = data.draw(st.sampled_from(["truncate", "flip", "prefix"]))
    if action == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif action == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] = data.draw(st.integers(0, 255))
    else:
        raw = bytearray(data.draw(st.binary(max_size=64))) + raw
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(raw))
    assert_scenario_or_one_line_error(lambda: _load_both(path))


CSV_JUNK = st.sampled_from(
    [
        "",
        "-1",
        "1.000",
        "1,000",
        "1e3",
        "nan",
        '"',
        ";",
        "\t",
        "\ufeff",
        "3301010001",
        "abc",
        "0",
        "99999999999",
    ]
)


@fuzz(250)
@given(data=st.data())
def test_mutations_of_the_village_files(data, tmp_path):
    folder = tmp_path / "s"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(AREA, folder)
    name = data.draw(st.sampled_from(["villages.csv", "village-budgets.csv"]))
    path = folder / name
    lines = path.read_bytes().split(b"\n")
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["cell", "cell", "drop", "duplicate", "truncate", "bytes"]))
        if action == "cell":
            cells = lines[i].split(b",")
            j = data.draw(st.integers(0, len(cells) - 1))
            cells[j] = data.draw(CSV_JUNK).encode()
            lines[i] = b",".join(cells)
        elif action == "drop":
            lines.pop(i)
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        else:
            lines[i] = data.draw(st.binary(max_size=20))
        if not lines:
            lines = [b""]
    path.write_bytes(b"\n".join(lines))

    def load():
        area = load_area_scenario(folder / "scenario.toml")
        assert (area.headcount >= 0).all() and (area.village_budget >= 0).all()
        assert area.headcount.sum(axis=0).tolist() == [g.uncovered for g in area.scenario.groups]
        return area.scenario

    assert_scenario_or_one_line_error(load)
