"""Village CSV files as spreadsheets save them: a UTF-8 BOM is fine, thousands dots are not."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimizer.areas.data import _plain_digits, load_area_scenario
from optimizer.errors import ScenarioError

CASE = Path(__file__).parent / "bad_inputs" / "areas" / "villages-negative"


def _valid(tmp_path: Path) -> Path:
    """The corpus' area scenario with its valid villages file (persons 120/80, 60/150, 0/200)."""
    folder = tmp_path / "s"
    shutil.copytree(CASE, folder)
    villages = (folder / "villages.csv").read_text().replace(",-5,200", ",0,200")
    (folder / "villages.csv").write_text(villages)
    return folder


def test_a_utf8_bom_is_read_like_no_bom(tmp_path):
    folder = _valid(tmp_path)
    plain = load_area_scenario(folder / "scenario.toml")
    raw = (folder / "villages.csv").read_bytes()
    (folder / "villages.csv").write_bytes(b"\xef\xbb\xbf" + raw)  # Excel's "CSV UTF-8"
    bom = load_area_scenario(folder / "scenario.toml")
    assert list(bom.villages["village_code"]) == ["3301010001", "3301010002", "3301020001"]
    assert bom.headcount.tolist() == plain.headcount.tolist() == [[120, 80], [60, 150], [0, 200]]
    assert [g.uncovered for g in bom.scenario.groups] == [180, 430]


@pytest.mark.parametrize("cell", ["1.000", "1,000", "1e3", "1000.0", "+1000"])
def test_a_whole_number_is_digits_only(tmp_path, cell):
    """'1.000' would otherwise be read as 1 person: the Indonesian thousands dot is refused."""
    folder = _valid(tmp_path)
    path = folder / "villages.csv"
    path.write_text(
        path.read_text().replace(",60,150", f",{cell},150" if "," not in cell else f',"{cell}",150')
    )
    with pytest.raises(ScenarioError, match=r"row 3, column 'nelayan'.*digits only"):
        load_area_scenario(folder / "scenario.toml")


@pytest.mark.parametrize(
    "cells", [["12", "1.000"], ["1e3"], [" 12"], [""], ["١٢"], ["²"], ["1234567890123456"], ["-1"], ["nan"]]
)
def test_only_plain_ascii_digits_take_the_fast_path(cells):
    """Anything but 1-15 ASCII digits goes to the careful path, which names the bad cell."""
    assert _plain_digits(pd.Series(["7", *cells], dtype=str)) is None


def test_plain_digits_are_read_exactly():
    values = _plain_digits(pd.Series(["0", "007", "123456789012345"], dtype=str))
    assert values.tolist() == [0, 7, 123_456_789_012_345] and values.dtype == np.int64
