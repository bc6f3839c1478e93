"""Distinct texts by hashing (`optimizer.io.distinct`) give what np.unique gives by sorting."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io.distinct import factorized, sorted_distinct

TEXTS = st.lists(st.text(max_size=4) | st.sampled_from(["", "\x00", "a\x00", "a", "é"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_sorted_distinct_is_np_unique(values):
    array = np.array(values, dtype=object)
    expected, inverse = np.unique(array, return_inverse=True)
    distinct, codes = sorted_distinct(array)
    assert distinct.tolist() == expected.tolist()
    assert codes.tolist() == inverse.ravel().tolist()


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_factorized_codes_give_back_the_values(values):
    array = np.array(values, dtype=object)
    found = factorized(array)
    if found is not None:  # None only where pandas merged two texts (2.1: "\x00" and "")
        codes, distinct = found
        assert distinct[codes].tolist() == values
        assert len(set(distinct.tolist())) == len(distinct)
