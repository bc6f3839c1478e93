"""A table as the JSON list of records that `json.dumps(..., indent=2)` writes, built column-wise.

Python's json module encodes in C only without `indent`; with it, a national village plan
(450,000 records of 10 fields) took most of the run to write. Here each column is converted
in one pass (ints by `str`, floats rounded to 6 decimals as `plan_to_dict` rounds them, text
by json's own C escaping) and the records are assembled from one template, giving the same
bytes as `json.dumps(records(frame), indent=2, ensure_ascii=False)`.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring  # json's own C escaping, as with ensure_ascii=False
from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, floats rounded to 6 decimals (the slow, obvious form)."""
    return [
        {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def records_json(frame: pd.DataFrame, depth: int) -> str:
    """`json.dumps(records(frame), indent=2, ensure_ascii=False)` as written at nesting `depth`."""
    return "".join(records_json_parts(frame, depth))


def records_json_parts(frame: pd.DataFrame, depth: int) -> list[str]:
    """`records_json` as pieces (one per record), for a caller that joins a whole document once:
    each join or slice of a national plan's text copies 140 million characters (280 MB once
    a village name is not ASCII), about a second each on a loaded machine."""
    if frame.empty:
        return ["[]"]
    outer, pad, inner = (" " * (2 * (depth + k)) for k in range(3))
    fields = [f"{inner}{json.dumps(str(c), ensure_ascii=False)}: %s" for c in frame.columns]
    template = f"{pad}{{\n" + ",\n".join(fields) + f"\n{pad}}},\n"
    columns = [_values(frame[c]) for c in frame.columns]
    rows = [template % row for row in zip(*columns, strict=True)]
    rows[-1] = rows[-1][:-2]  # no comma after the last record
    return ["[\n", *rows, f"\n{outer}]"]


def _values(column: pd.Series) -> list[str]:
    if pd.api.types.is_bool_dtype(column):
        return ["true" if v else "false" for v in column.tolist()]
    if pd.api.types.is_integer_dtype(column) and not column.isna().any():
        return list(map(str, column.tolist()))
    if pd.api.types.is_float_dtype(column):  # (not by distinct value: that would merge 0.0 and -0.0)
        whole = _whole_floats(column)
        if whole is not None:
            return whole
        rounded = [round(v, 6) for v in column.tolist()]
        return list(map(repr, rounded)) if all(map(math.isfinite, rounded)) else list(map(_float, rounded))
    if pd.api.types.infer_dtype(column, skipna=False) == "string":
        # What json.dumps(v, ensure_ascii=False) writes for a str, without a new encoder per call.
        # (Not by distinct value: pandas 2.1's factorize takes "\x00" for "".)
        return list(map(encode_basestring, column.tolist()))
    # Anything else (None, 1 next to 1.0 next to True): value by value, as json.dumps does.
    return [
        json.dumps(round(v, 6) if isinstance(v, float) else v, ensure_ascii=False) for v in column.tolist()
    ]


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
    return [f"{v}.0" for v in values.astype(np.int64).tolist()]


def _float(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(round(v, 6))
