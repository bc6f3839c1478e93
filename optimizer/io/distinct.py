"""Distinct texts of a long column by hashing, not sorting: a national villages file repeats
514 regency codes and 7,285 district codes over 84,000 rows, and a plan repeats them over
450,000. Sorting that many Python strings (`np.unique` on an object array) compares them in
Python; hashing them once (`pd.factorize`) and sorting only the distinct ones does not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(codes, distinct) with `distinct[codes]` equal to `values` (object array of str), distinct
    texts in first-seen order; None when pandas got it wrong (2.1's factorize takes "\\x00" for "")."""
    codes, distinct = pd.factorize(values)
    distinct = np.asarray(distinct, dtype=object)
    if len(values) and not (distinct[codes] == values).all():
        return None
    return codes, distinct


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
