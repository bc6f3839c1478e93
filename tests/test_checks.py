"""Errors and warnings of a whole scenario (checks.py): what a single field cannot show, such
as a floor above its group's headcount, an unknown id, or a published coverage that disagrees
with participants / workforce. Errors are one line naming the file, the field and what to do,
through the library and through the command line.
"""

from __future__ import annotations

import re

import pytest

from optimizer.checks import check_warnings
from optimizer.io import load_scenario
from tests.scenario_files import (
    DELETE,
    G2,
    G3,
    OPTIMIZE,
    P1,
    REGION,
    S1,
    SOURCE_IDS,
    assert_cli_rejects,
    at,
    load_error,
    run_cli,
    write_scenario,
)

# (edits, locator, key phrase of the message)
CHECK_CASES = [
    # ---- [region]
    pytest.param(
        [(("region", "active"), 120_000)],
        at(REGION, "active"),
        "120,000 active participants is more than the workforce of 100,000; check both figures",
        id="active-above-workforce",
    ),
    pytest.param(
        [(("region", "active"), {"wage": 90_000, "non_wage": 20_000})],
        at(REGION, "active"),
        "110,000 active participants is more than the workforce of 100,000",
        id="active-split-above-workforce",
    ),
    pytest.param(
        [(("region", "target_rate"), DELETE), (("region", "target_participants"), 150_000)],
        at(REGION, "target_participants"),
        "target of 150,000 participants is more than the workforce of 100,000",
        id="target-above-workforce",
    ),
    # ---- [optimize]
    pytest.param(
        [(("optimize", "spending_order"), ["dbh-cht", "csr", "apbd", "zakat"])],
        at(OPTIMIZE, "spending_order"),
        f"source 'zakat' does not exist; use ids from [[source]]: {SOURCE_IDS}",
        id="spending-order-unknown-id",
    ),
    pytest.param(
        [(("optimize", "spending_order"), ["dbh-cht", "apbd"])],
        at(OPTIMIZE, "spending_order"),
        "must list every source; add csr",
        id="spending-order-missing-id",
    ),
    pytest.param(
        [(("optimize", "spending_order"), ["dbh-cht", "csr", "apbd", "csr"])],
        at(OPTIMIZE, "spending_order"),
        "lists csr more than once; name each source once",
        id="spending-order-repeated-id",
    ),
    # ---- [[package]]
    pytest.param(
        [(("package", 1, "id"), "jkk-jkm")],
        at(P1, "id"),
        "id 'jkk-jkm' is used more than once; give each package its own id",
        id="package-duplicate-id",
    ),
    pytest.param(
        [(("package", 0, "price_by_source"), {"dbh_cht": 8_400})],
        at(P1, "price_by_source"),
        f"source 'dbh_cht' does not exist; use ids from [[source]]: {SOURCE_IDS}",
        id="price-by-source-unknown-source",
    ),
    # ---- [[group]]
    pytest.param(
        [(("group", 2, "id"), "nelayan")],
        at(G2, "id"),
        "id 'nelayan' is used more than once; give each group its own id",
        id="group-duplicate-id",
    ),
    pytest.param(
        [(("group", 1, "package"), "jkk")],
        at(G2, "package"),
        "package 'jkk' does not exist; use one of jkk-jkm, pu-2jt",
        id="group-unknown-package",
    ),
    pytest.param(
        [(("group", 1, "floor"), 5_000)],
        at(G2, "floor"),
        'floor 5,000 is more than the 4,000 uncovered; lower it or write "100%"',
        id="floor-above-uncovered",
    ),
    pytest.param(
        [(("group", 1, "floor"), 3_000), (("group", 1, "cap"), 1_000)],
        at(G2, "cap"),
        "floor (3000) is above cap (1000): no plan can meet both; fix one",
        id="floor-above-cap",
    ),
    pytest.param(
        [(("group", 2, "cap"), "50%")],
        at(G3, "cap"),
        "floor (100%) is above cap (50%): no plan can meet both; fix one",
        id="floor-100pct-cap-50pct",
    ),
    # ---- [[source]]
    pytest.param(
        [(("source", 1, "id"), "dbh-cht")],
        at(S1, "id"),
        "id 'dbh-cht' is used more than once; give each source its own id",
        id="source-duplicate-id",
    ),
    pytest.param(
        [(("source", 0, "eligible"), ["buruh-tembakau", "petani"])],
        at(S1, "eligible"),
        "group 'petani' does not exist; use ids from [[group]]: buruh-tembakau, nelayan, rt-rw",
        id="eligible-unknown-group",
    ),
]


@pytest.mark.parametrize(("edits", "where", "phrase"), CHECK_CASES)
def test_check_error_names_file_field_and_fix(tmp_path, edits, where, phrase):
    path = write_scenario(tmp_path, edits)
    message = str(load_error(path))
    assert message.startswith(f"{path}: {where}: "), message
    assert phrase in message
    assert "\n" not in message


@pytest.mark.parametrize(("edits", "where", "phrase"), CHECK_CASES)
def test_check_error_through_cli(tmp_path, edits, where, phrase):
    path = write_scenario(tmp_path, edits)
    expected = str(load_error(path))
    assert_cli_rejects(path, tmp_path, expected)


def test_target_above_workforce_says_what_to_do(tmp_path):
    edits = [(("region", "target_rate"), DELETE), (("region", "target_participants"), 150_000)]
    message = load_error(write_scenario(tmp_path, edits)).message
    assert re.search(r"\b(lower|check|fix|use|raise)\b", message), message


# --------------------------------------------------------------------------- warnings

PACITAN = [
    (("region", "name"), "Kabupaten Pacitan"),
    (("region", "workforce"), 387_501),
    (("region", "active"), 73_057),
    (("region", "published_rate"), 30.0),
    (("region", "target_rate"), DELETE),
    (("region", "target_participants"), 159_030),
]
PACITAN_WARNING = (
    "published coverage 30% disagrees with active / workforce = 73,057 / 387,501 = 18.9%; "
    "the plan uses 18.9%. Check which figure is current."
)


def test_published_rate_far_off_warns(tmp_path):
    scenario = load_scenario(write_scenario(tmp_path, PACITAN))
    assert PACITAN_WARNING in check_warnings(scenario)


def test_published_rate_far_off_warns_in_validate(tmp_path):
    path = write_scenario(tmp_path, PACITAN)
    result = run_cli("validate", str(path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{path}: OK (3 groups, 3 sources)"
    assert f"warning: {PACITAN_WARNING}" in lines
    assert "Traceback" not in result.output


@pytest.mark.parametrize("published", [18.9, 19.5, 18.0, 19.85])
def test_published_rate_within_one_point_is_quiet(tmp_path, published):
    path = write_scenario(tmp_path, [*PACITAN[:-3], (("region", "published_rate"), published), *PACITAN[-2:]])
    assert not [w for w in check_warnings(load_scenario(path)) if "published coverage" in w]
    result = run_cli("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "published coverage" not in result.output


def test_published_rate_just_over_one_point_warns(tmp_path):
    path = write_scenario(tmp_path, [*PACITAN[:-3], (("region", "published_rate"), 20.0), *PACITAN[-2:]])
    warnings = [w for w in check_warnings(load_scenario(path)) if "published coverage" in w]
    assert warnings == [
        "published coverage 20% disagrees with active / workforce = 73,057 / 387,501 = 18.9%; "
        "the plan uses 18.9%. Check which figure is current."
    ]


def test_validate_base_has_no_warnings(tmp_path):
    path = write_scenario(tmp_path)
    result = run_cli("validate", str(path))
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"{path}: OK (3 groups, 3 sources)"]
