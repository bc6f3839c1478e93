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
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring  # json's own C escaping, as with ensure_ascii=False
from typing import Any

import numpy as np
import pandas as pd

from optimizer.io.distinct import factorized

#: Records per piece of `records_json_parts`: a few MB of text, so a national plan (450,000
#: records) never exists as one string while it is written.
ROWS_PER_PIECE = 16_384


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, floats rounded to 6 decimals (the slow, obvious form)."""
    return [
        {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def records_json(frame: pd.DataFrame, depth: int, keyed: Sequence[tuple] = ()) -> str:
    """`json.dumps(records(frame), indent=2, ensure_ascii=False)` as written at nesting `depth`."""
    return "".join(records_json_parts(frame, depth, keyed))


def records_json_parts(frame: pd.DataFrame, depth: int, keyed: Sequence[tuple] = ()) -> Iterator[str]:
    """`records_json` in pieces of up to `ROWS_PER_PIECE` records, for a caller that writes them
    one by one (`write_atomic`) or joins a whole document once: each join or copy of a national
    plan's text moves 170 million characters (twice that once a village name is not ASCII).

    `keyed`: (columns, keys) for runs of adjacent columns whose values are equal in any two rows
    of equal key (an integer per row), as the caller knows from how it built the table (a
    village plan: its village's code and name by the village). Such a run is written as one
    text per distinct key, so a record is laid out from a few pieces instead of one per field
    (joining 5 million pieces was half of a national plan's JSON). A wrong key writes wrong
    values: only the table's maker can give one. A run that begins the record may come as
    (columns, keys, texts) with each key's text made already (`first_columns_texts`)."""
    if frame.empty:
        yield "[]"
        return
    outer, pad = (" " * (2 * (depth + k)) for k in range(2))
    # What stands before each value of a record, and after its last value.
    before = _before_texts(frame.columns, depth)
    after = f"\n{pad}}},\n"
    # Each value written with the text before it: once per distinct value (or key), not per record.
    columns = [
        _block_texts(frame, block, keys, before) for block, keys in _blocks(list(frame.columns), keyed)
    ]
    stride = len(columns) + 1
    yield "[\n"
    for start in range(0, len(frame), ROWS_PER_PIECE):
        rows = min(ROWS_PER_PIECE, len(frame) - start)
        # The pieces of these records in order, laid out by slice assignment (in C, not one
        # `%` per record): before[0] + value, before[1] + value, ..., after; then one join.
        pieces = [after] * (stride * rows)
        for k, values in enumerate(columns):
            pieces[k::stride] = values[start : start + rows]
        if start + rows == len(frame):
            pieces[-1] = after[:-2]  # no comma after the last record
        yield "".join(pieces)
    yield f"\n{outer}]"


def _blocks(columns: list, keyed: Sequence[tuple]):
    """The table's column positions in order as (positions, (keys[, texts])) runs: a keyed run
    whole, any other column alone with None."""
    runs = {run[0][0]: (list(run[0]), run[1:]) for run in keyed if len(run[0])}
    out, k = [], 0
    while k < len(columns):
        block, keys = runs.get(columns[k], ([columns[k]], None))
        if columns[k : k + len(block)] != block:
            raise ValueError(f"keyed columns {block} are not adjacent columns of the table")
        out.append((range(k, k + len(block)), keys))
        k += len(block)
    return out


def _block_texts(frame: pd.DataFrame, block: range, keyed, before: list[str]) -> list[str]:
    """Each row's text of the columns at positions `block`, each value after its `before` text;
    for a keyed run, written from one row per distinct key (or taken from the caller's
    `first_columns_texts`) and laid out by NumPy indexing."""
    if keyed is None:
        return _values(frame.iloc[:, block[0]], before[block[0]])
    keys = np.asarray(keyed[0], dtype=np.int64)
    if len(keyed) > 1:  # the texts of each key, made by `first_columns_texts`
        if block[0] != 0:
            raise ValueError("texts made by first_columns_texts are for a run that begins the record")
        return np.asarray(keyed[1], dtype=object)[keys].tolist()
    rows, position = _row_per_key(keys)
    return _joined_texts(frame.iloc[rows], block, before)[position].tolist()


def _joined_texts(frame: pd.DataFrame, block: range, before: list[str]) -> np.ndarray:
    """Each row's text of the columns at positions `block` (an object array)."""
    texts = [_values(frame.iloc[:, k], before[k]) for k in block]
    return np.array(["".join(run) for run in zip(*texts, strict=True)], dtype=object)


def first_columns_texts(frame: pd.DataFrame, depth: int) -> np.ndarray:
    """Each row's text of the columns of `frame` as the first fields of records written at
    nesting `depth`: a run of `keyed` texts made once for tables that begin their records with
    the same columns (a village plan's tables, by village), as (columns, keys, these texts)."""
    return _joined_texts(frame, range(len(frame.columns)), _before_texts(frame.columns, depth))


def _before_texts(columns, depth: int) -> list[str]:
    """What stands before each value of a record written at nesting `depth`: the record's opening
    brace and the first name, then a comma and each next name."""
    pad, inner = (" " * (2 * (depth + k)) for k in (1, 2))
    names = [json.dumps(str(c), ensure_ascii=False) for c in columns]
    return [f"{pad}{{\n{inner}{names[0]}: ", *(f",\n{inner}{n}: " for n in names[1:])]


def _row_per_key(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a row of each distinct key, in key order; the position of each row's key in that order).
    Any row of a key will do: by `keyed`'s contract its values are those of every row of the key."""
    low, high = (int(keys.min()), int(keys.max())) if len(keys) else (0, -1)
    if high - low > len(keys):
        _, rows, position = np.unique(keys, return_index=True, return_inverse=True)
        return rows, position.ravel()
    row = np.full(high - low + 1, -1, dtype=np.int64)
    row[keys - low] = np.arange(len(keys))
    present = row >= 0
    return row[present], (np.cumsum(present) - 1)[keys - low]


def _values(column: pd.Series, prefix: str = "") -> list[str]:
    """Each value of `column` as JSON text, after `prefix`."""
    if pd.api.types.is_bool_dtype(column):
        return [prefix + ("true" if v else "false") for v in column.tolist()]
    if pd.api.types.is_integer_dtype(column) and not column.isna().any():
        return _by_distinct(column.to_numpy(dtype=np.int64), lambda v: prefix + str(v))
    if pd.api.types.is_float_dtype(column):
        # By bit pattern, so 0.0 and -0.0 (equal as floats, written apart) stay apart.
        bits = column.to_numpy(dtype=np.float64).view(np.int64)
        return _by_distinct(bits, lambda v: prefix + _float(v), as_type=np.float64)
    if pd.api.types.infer_dtype(column, skipna=False) == "string":
        # What json.dumps(v, ensure_ascii=False) writes for a str, without a new encoder per call.
        return _texts(column.to_numpy(dtype=object), prefix)
    # Anything else (None, 1 next to 1.0 next to True): value by value, as json.dumps does.
    return [
        prefix + json.dumps(round(v, 6) if isinstance(v, float) else v, ensure_ascii=False)
        for v in column.tolist()
    ]


def _by_distinct(keys: np.ndarray, write: Callable[[Any], str], as_type: type | None = None) -> list[str]:
    """`[write(k) for k in keys]` for integer `keys` (read as `as_type` when given), writing each
    distinct key once and laying the texts out by NumPy indexing: a village plan repeats its small
    numbers (persons, months, costs, shares) over half a million rows. A range no wider than the
    column is indexed directly, anything else through `np.unique` (a sort, no Python per row)."""
    low, high = (int(keys.min()), int(keys.max())) if len(keys) else (0, -1)
    if high - low <= len(keys):
        distinct, codes = np.arange(low, high + 1, dtype=np.int64), keys - low
    else:
        distinct, codes = np.unique(keys, return_inverse=True)
    distinct = distinct if as_type is None else distinct.view(as_type)
    written = np.array([write(k) for k in distinct.tolist()], dtype=object)
    return written[codes.ravel()].tolist()


def _texts(values: np.ndarray, prefix: str = "") -> list[str]:
    """`[prefix + encode_basestring(v) for v in values]`, each distinct text encoded once (a village
    plan repeats its codes and names over half a million rows)."""
    found = factorized(values)
    if found is None:
        return [prefix + text for text in map(encode_basestring, values.tolist())]
    codes, distinct = found
    written = np.array([prefix + encode_basestring(v) for v in distinct.tolist()], dtype=object)
    return written[codes].tolist()


def _float(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(round(v, 6))
