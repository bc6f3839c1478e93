"""Distinct texts by hashing (`optimizer.io.distinct`) give what np.unique gives by sorting."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io import distinct
from optimizer.io.distinct import factorized, sorted_distinct

RUN = st.tuples(st.text(max_size=3) | st.sampled_from(["", "\x00", "a"]), st.integers(1, 6))
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


def test_factorized_checks_the_values_where_pandas_merged_texts_at_a_nul(monkeypatch):
    """Before pandas 3.1 every value is compared back; the answer is the same where pandas is right."""
    monkeypatch.setattr(distinct, "MERGES_AT_NUL", True)
    values = np.array(["", "\x00", "a\x00", "a", "a"], dtype=object)
    found = factorized(values)
    if found is not None:
        codes, texts = found
        assert texts[codes].tolist() == values.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(RUN, max_size=9))
def test_runs_of_equal_texts_give_the_codes_of_each_text(runs):
    """Long runs (a sorted plan's village codes) are hashed once per run: same codes, same order."""
    values = np.array([text for text, length in runs for _ in range(length)], dtype=object)
    found = factorized(values)
    if found is not None:
        codes, texts = found
        assert texts[codes].tolist() == values.tolist()
        assert texts.tolist() == list(dict.fromkeys(values.tolist()))  # first-seen order
