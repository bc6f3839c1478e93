"""The column-wise JSON writer gives the bytes of `json.dumps(..., indent=2)`, on random tables
and on a village plan."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.areas.data import load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.areas.report import area_to_dict, render_area_json
from optimizer.io import json_records
from optimizer.io.json_records import first_columns_texts, records, records_json
from optimizer.io.writers import write_atomic

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=6) | st.sampled_from(
    ['"', "\\", "\n", "é", "\x00"]
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [-0.0, 0.1, 1e-7, 2.5, 1234567.1234567]
)
#: Whole numbers (a village plan's credit in persons), with -0.0 and those too large for "12.0".
WHOLE = st.integers(-(10**6), 10**6).map(float) | st.sampled_from(
    [0.0, -0.0, 1e15 - 1, 1e15, 1e16, -1e16, 2.0**53, 12.0]
)


@st.composite
def tables(draw):
    rows = draw(st.integers(0, 6))
    kind = st.sampled_from(["text", "int", "float", "whole", "bool", "mixed"])
    kinds = draw(st.lists(kind, min_size=1, max_size=5))
    data = {}
    for k, kind in enumerate(kinds):
        name = draw(st.sampled_from(["a", "b", 'q"uote', "é", "x y"])) + str(k)
        if kind == "text":
            data[name] = draw(st.lists(TEXT, min_size=rows, max_size=rows))
        elif kind == "int":
            data[name] = pd.Series(
                draw(st.lists(st.integers(-(2**62), 2**62), min_size=rows, max_size=rows)), dtype="int64"
            )
        elif kind == "float":
            data[name] = pd.Series(draw(st.lists(FLOATS, min_size=rows, max_size=rows)), dtype="float64")
        elif kind == "whole":
            data[name] = pd.Series(draw(st.lists(WHOLE, min_size=rows, max_size=rows)), dtype="float64")
        elif kind == "bool":
            data[name] = pd.Series(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), dtype=bool)
        else:
            values = st.none() | TEXT | st.integers(-5, 5) | FLOATS
            data[name] = pd.Series(draw(st.lists(values, min_size=rows, max_size=rows)), dtype=object)
    return pd.DataFrame(data)


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(0, 3))
def test_the_same_bytes_as_json_dumps_with_indent(frame, depth):
    expected = json.dumps(records(frame), indent=2, ensure_ascii=False)
    # At depth d every line after the first is indented 2*d more.
    expected = expected.replace("\n", "\n" + " " * (2 * depth))
    assert records_json(frame, depth) == expected


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(0, 3), st.data())
def test_keyed_runs_of_columns_give_the_same_bytes(frame, depth, data):
    """A run of adjacent columns keyed by the caller (rows of equal key write the same values)
    is written once per key and laid out: the same bytes as column by column."""
    start = data.draw(st.integers(0, len(frame.columns) - 1))
    stop = data.draw(st.integers(start + 1, len(frame.columns)))
    run = list(frame.columns[start:stop])
    # Keys from the texts of the run's values: equal keys, equal text (1 and 1.0 and True,
    # or 0.0 and -0.0, compare equal but are written apart). Spread out: sparse keys too.
    texts = [json.dumps(r, ensure_ascii=False) for r in records(frame[run])]
    codes, distinct = pd.factorize(pd.Series(texts, dtype=object))
    keys = codes.astype("int64") * data.draw(st.sampled_from([1, 7, 10**6]))
    assert records_json(frame, depth, keyed=[(run, keys)]) == records_json(frame, depth)
    if start == 0:  # the texts of each key made beforehand, as for a village plan's two tables
        first = [texts.index(t) for t in distinct]
        made = first_columns_texts(frame[run].iloc[first], depth)
        assert records_json(frame, depth, keyed=[(run, codes, made)]) == records_json(frame, depth)


def test_keyed_columns_must_be_adjacent():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [3, 4]})
    with pytest.raises(ValueError, match="adjacent"):
        records_json(frame, 1, keyed=[(["a", "c"], np.array([0, 1]))])


def test_a_village_plan_is_written_as_json_dumps_would_write_it():
    plan = optimize_areas(load_area_scenario("tests/data/villages/scenario.toml"))
    expected = json.dumps(area_to_dict(plan), indent=2, ensure_ascii=False) + "\n"
    assert render_area_json(plan) == expected
    assert len(json.loads(expected)["areas"]["villages"]) == len(plan.areas.villages) > 0


@pytest.mark.parametrize("rows_per_piece", [1, 2, 3, 7, 8])
def test_records_split_into_pieces_join_to_the_same_bytes(monkeypatch, rows_per_piece):
    frame = pd.DataFrame(
        {"code": [f"v{i % 3}" for i in range(7)], "n": list(range(7)), "share": [i / 3 for i in range(7)]}
    )
    expected = json.dumps(records(frame), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    monkeypatch.setattr(json_records, "ROWS_PER_PIECE", rows_per_piece)
    parts = list(json_records.records_json_parts(frame, 1))
    assert "".join(parts) == expected
    assert len(parts) == 2 + -(-7 // rows_per_piece)  # "[", the pieces of records, "]"


def test_write_atomic_writes_text_in_pieces(tmp_path):
    path = tmp_path / "plan.json"
    write_atomic(path, iter(["{", '"é": ', "1}\n"]))
    assert path.read_text(encoding="utf-8") == '{"é": 1}\n'


def test_pieces_are_put_on_disk_as_they_are_written(tmp_path, monkeypatch):
    """Every `SYNC_EVERY` bytes go to disk from the writer thread; the file holds the same bytes."""
    from optimizer.io import writers

    synced = []
    monkeypatch.setattr(writers, "SYNC_EVERY", 4)
    monkeypatch.setattr(writers.os, "fdatasync", synced.append)
    path = tmp_path / "plan.json"
    write_atomic(path, iter(["{", '"é": ', "1,", ' "b": 2}\n']))
    assert path.read_text(encoding="utf-8") == '{"é": 1, "b": 2}\n'
    assert len(synced) == 2  # after '"é": ' (7 bytes, from 1) and after ' "b": 2}\n' (from 2)


def test_pieces_are_put_on_disk_where_the_system_has_no_fdatasync(tmp_path, monkeypatch):
    """Windows and macOS have no os.fdatasync: os.fsync puts the pieces on disk there."""
    from optimizer.io import writers

    synced = []
    monkeypatch.setattr(writers, "SYNC_EVERY", 4)
    monkeypatch.delattr(writers.os, "fdatasync", raising=False)
    monkeypatch.setattr(writers.os, "fsync", synced.append)
    path = tmp_path / "plan.json"
    write_atomic(path, iter(["{", '"a": ', "1}\n"]))
    assert path.read_text(encoding="utf-8") == '{"a": 1}\n'
    assert len(synced) == 2  # one on the way (after 6 bytes), one at the end (write_atomic)


@pytest.mark.parametrize("ahead", [0, 5, 1 << 20])
def test_pieces_made_ahead_of_the_writer_keep_their_order(tmp_path, monkeypatch, ahead):
    from optimizer.io import writers

    monkeypatch.setattr(writers, "AHEAD", ahead)
    pieces = [f"{i}," * (i % 7) for i in range(500)]
    path = tmp_path / "plan.json"
    write_atomic(path, iter(pieces))
    assert path.read_text(encoding="utf-8") == "".join(pieces)


def test_a_failure_while_pieces_wait_leaves_no_file(tmp_path, monkeypatch):
    """The rendering fails with pieces still waiting for the writer: neither the target nor a
    temporary file is left."""
    from optimizer.io import writers

    monkeypatch.setattr(writers, "AHEAD", 1 << 20)

    def pieces():
        yield from ["x" * 1000] * 50
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError, match="rendering failed"):
        write_atomic(tmp_path / "plan.json", pieces())
    assert list(tmp_path.iterdir()) == []
