"""Fuzz the loader: whatever the bytes, a valid Scenario or exactly one ScenarioError line.

Examples run per CI pass: 300 raw byte strings, 300 line-level mutations of the
teaching example, 400 value-level mutations of a parsed scenario (1,000 in all).
"""

from __future__ import annotations

import copy
import math
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.checks import check_errors
from optimizer.errors import ScenarioError
from optimizer.io import load_scenario
from optimizer.io.mapping import scenario_from_mapping
from optimizer.scenario import Scenario

TEACHING = Path(__file__).parent.parent / "scenarios" / "teaching-example.toml"
VALID_TEXT = TEACHING.read_bytes()
VALID_DATA = tomllib.loads(VALID_TEXT.decode())


def fuzz(examples: int) -> settings:
    """Fixed seed and a bounded count: CI stays fast and any failure is reproducible."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def assert_scenario_or_one_line_error(load) -> None:
    try:
        scenario = load()
    except ScenarioError as exc:
        text = str(exc)
        assert text and "\n" not in text and "\r" not in text
        return
    assert isinstance(scenario, Scenario)
    assert_consistent(scenario)


def assert_consistent(s: Scenario) -> None:
    """What an accepted scenario promises to the model builder."""
    assert s.region.workforce >= 1 and 0 <= s.region.active <= s.region.workforce
    assert s.region.target <= s.region.workforce
    for g in s.groups:
        assert 0 <= g.min_persons <= g.max_persons <= g.uncovered
        assert 1 <= g.months <= 12 and math.isfinite(g.weight) and g.weight > 0
    for src in s.sources:
        assert 0 <= src.premium_budget <= src.budget
    assert sorted(s.spending_order) == sorted(src.id for src in s.sources)


@fuzz(300)
@given(raw=st.binary(max_size=2_000))
def test_random_bytes(raw, tmp_path):
    path = tmp_path / "fuzz.toml"
    path.write_bytes(raw)
    assert_scenario_or_one_line_error(lambda: load_scenario(path))


@fuzz(300)
@given(data=st.data())
def test_line_mutations_of_a_valid_file(data, tmp_path):
    lines = VALID_TEXT.split(b"\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "duplicate", "truncate", "replace", "insert"]))
        if action == "drop":
            lines.pop(i)
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        else:
            junk = data.draw(
                st.sampled_from([b"=", b"[", b"]]", b'"', b"nan", b"-1", b"1e30", b"\xff", b"\x00"])
            )
            if action == "replace":
                lines[i] = lines[i][:5] + junk + lines[i][5:]
            else:
                lines.insert(i, junk)
    path = tmp_path / "fuzz.toml"
    path.write_bytes(b"\n".join(lines))
    assert_scenario_or_one_line_error(lambda: load_scenario(path))


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["100%", "0%", "50.5%", "150%", "all", "apbd", "a", "", "max-coverage", "csr"]),
    st.lists(st.sampled_from(["buruh-tembakau", "rt-rw", "nelayan", "x", ""]), max_size=3),
    st.dictionaries(st.sampled_from(["wage", "apbd", "x"]), st.integers(-5, 10**7), max_size=2),
)


def _paths(node, prefix=()):
    """Every (container, key) in a parsed document, tables and list items alike."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield node, key
        if isinstance(value, dict | list):
            yield from _paths(value, (*prefix, key))


@fuzz(400)
@given(data=st.data())
def test_value_mutations_of_a_valid_scenario(data):
    doc = copy.deepcopy(VALID_DATA)
    for _ in range(data.draw(st.integers(1, 3))):
        spots = list(_paths(doc))
        container, key = data.draw(st.sampled_from(spots))
        if data.draw(st.booleans()) and isinstance(container, dict):
            del container[key]
        else:
            container[key] = data.draw(VALUES)

    def load():
        scenario = scenario_from_mapping(doc, "fuzz.toml")
        check_errors(scenario)
        return scenario

    assert_scenario_or_one_line_error(load)
