"""Distinct texts of a long column by hashing, not sorting: a national villages file repeats
514 regency codes and 7,285 district codes over 84,000 rows, and a plan repeats them over
450,000. Sorting that many Python strings (`np.unique` on an object array) compares them in
Python; hashing them once (`pd.factorize`) and sorting only the distinct ones does not.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: pandas before 3.1 hashed and compared texts as C strings, cut at the first NUL, so that "" and
#: "\x00" (or "a" and "a\x00b") were one value (pandas-dev/pandas#34551, fixed by #66512 in 3.1.0):
#: only there is each value compared back (0.01-0.03 s per column of a national plan's 450,000 rows).
MERGES_AT_NUL = tuple(int(p) for p in re.findall(r"\d+", pd.__version__)[:2]) < (3, 1)


def factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(codes, distinct) with `distinct[codes]` equal to `values` (object array of str), distinct
    texts in first-seen order; None when pandas got it wrong (before 3.1: `MERGES_AT_NUL`).

    A run of equal texts is hashed once: a plan's rows come sorted, so that a village's code
    and name repeat over its 5-6 rows (hashing 450,000 texts per column was a third of a
    national plan's JSON). A run's first text is where a text is first seen, so the order holds."""
    starts = _run_starts(values)
    if len(starts) * 2 > len(values):  # short runs: comparing neighbours would not pay
        codes, distinct = pd.factorize(values)
    else:
        first, distinct = pd.factorize(values[starts])
        codes = np.repeat(first, np.diff(np.append(starts, len(values))))
    distinct = np.asarray(distinct, dtype=object)
    if MERGES_AT_NUL and len(values) and not (distinct[codes] == values).all():
        return None
    return codes, distinct


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal neighbours begins (str == str compares the same object at once)."""
    new = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return np.flatnonzero(new)


def sorted_distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_inverse=True)` for an object array of str, by hashing: the same
    distinct texts in the same (sorted) order and the same inverse."""
    found = factorized(values)
    if found is None:
        return np.unique(values, return_inverse=True)
    codes, distinct = found
    order = np.argsort(distinct, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return distinct[order], rank[codes]
