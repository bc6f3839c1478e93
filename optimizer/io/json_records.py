"""A table as the JSON list of records that `json.dumps(..., indent=2)` writes, built column-wise.

Python's json module encodes in C only without `indent`; with it, a national village plan
(450,000 records of 10 fields) took most of the run to write. Here each column is converted
in one pass (ints by `str`, floats rounded to 6 decimals as `plan_to_dict` rounds them, text
by json's own C escaping; a repeated code or name once) and the records are laid out between
the fixed text around each value, giving the same bytes as
`json.dumps(records(frame), indent=2, ensure_ascii=False)`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # json's own C escaping, as with ensure_ascii=False
from typing import Any

import pandas as pd

#: Records per piece of `records_json_parts`: a few MB of text, so a national plan (450,000
#: records) never exists as one string while it is written.
ROWS_PER_PIECE = 16_384


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, floats rounded to 6 decimals (the slow, obvious form)."""
    return [
        {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def records_json(frame: pd.DataFrame, depth: int) -> str:
    """`json.dumps(records(frame), indent=2, ensure_ascii=False)` as written at nesting `depth`."""
    return "".join(records_json_parts(frame, depth))


def records_json_parts(frame: pd.DataFrame, depth: int) -> Iterator[str]:
    """`records_json` in pieces of up to `ROWS_PER_PIECE` records, for a caller that writes them
    one by one (`write_atomic`) or joins a whole document once: each join or copy of a national
    plan's text moves 170 million characters (twice that once a village name is not ASCII)."""
    if frame.empty:
        yield "[]"
        return
    outer, pad, inner = (" " * (2 * (depth + k)) for k in range(3))
    names = [json.dumps(str(c), ensure_ascii=False) for c in frame.columns]
    # What stands before each value of a record, and after its last value.
    before = [f"{pad}{{\n{inner}{names[0]}: ", *(f",\n{inner}{n}: " for n in names[1:])]
    after = f"\n{pad}}},\n"
    columns = [_values(frame[c]) for c in frame.columns]
    stride = 2 * len(columns) + 1
    yield "[\n"
    for start in range(0, len(frame), ROWS_PER_PIECE):
        rows = min(ROWS_PER_PIECE, len(frame) - start)
        # The pieces of these records in order, laid out by slice assignment (in C, not one
        # `%` per record): before[0], value, before[1], value, ..., after; then one join.
        pieces = [after] * (stride * rows)
        for k, (text, values) in enumerate(zip(before, columns, strict=True)):
            pieces[2 * k :: stride] = [text] * rows
            pieces[2 * k + 1 :: stride] = values[start : start + rows]
        if start + rows == len(frame):
            pieces[-1] = after[:-2]  # no comma after the last record
        yield "".join(pieces)
    yield f"\n{outer}]"


def _values(column: pd.Series) -> list[str]:
    if pd.api.types.is_bool_dtype(column):
        return ["true" if v else "false" for v in column.tolist()]
    if pd.api.types.is_integer_dtype(column) and not column.isna().any():
        return _by_distinct(column.tolist(), str)
    if pd.api.types.is_float_dtype(column):  # (not by distinct value: that would merge 0.0 and -0.0)
        whole = _whole_floats(column)
        if whole is not None:
            return whole
        rounded = [round(v, 6) for v in column.tolist()]
        return list(map(repr, rounded)) if all(map(math.isfinite, rounded)) else list(map(_float, rounded))
    if pd.api.types.infer_dtype(column, skipna=False) == "string":
        # What json.dumps(v, ensure_ascii=False) writes for a str, without a new encoder per call.
        # (By distinct value in a dict, not pandas' factorize: pandas 2.1's takes "\x00" for "".)
        return _by_distinct(column.tolist(), encode_basestring)
    # Anything else (None, 1 next to 1.0 next to True): value by value, as json.dumps does.
    return [
        json.dumps(round(v, 6) if isinstance(v, float) else v, ensure_ascii=False) for v in column.tolist()
    ]


def _by_distinct(values: list, write: Callable[[Any], str]) -> list[str]:
    """`[write(v) for v in values]`, writing each distinct value once: a village plan repeats its
    codes, names and small numbers over half a million rows. Only for values of one type (all str
    or all int), whose equal values are written alike (unlike 0.0 and -0.0)."""
    written = {v: write(v) for v in dict.fromkeys(values)}
    return list(map(written.__getitem__, values))


def _whole_floats(column: pd.Series) -> list[str] | None:
    """`repr` of a float column whose values are all whole numbers (a village plan's credit in
    persons), written from integers: "12.0". None when a value is not whole, is -0.0, or is so
    large that `repr` would write an exponent (from 1e16)."""
    import numpy as np

    values = column.to_numpy(dtype=np.float64)
    if not (np.isfinite(values).all() and (values == np.floor(values)).all()):
        return None
    if len(values) and (np.abs(values).max() >= 1e15 or np.signbit(values[values == 0]).any()):
        return None
    return _by_distinct(values.astype(np.int64).tolist(), "{}.0".format)


def _float(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(round(v, 6))
