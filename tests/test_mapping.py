"""Every error a planner can get from reading a scenario's fields (io/mapping.py, with the
typed fields of io/fields.py and io/money.py): one line naming the file, the field and what
to do; through the library (`load_scenario`) and through the command line.

Each case starts from a valid scenario (`tests.scenario_files.base_scenario`), introduces
exactly one defect, writes it as TOML to a temporary folder and checks the message. Errors
found only by the checks of a whole scenario are in test_checks.py, file-level errors in
test_toml_reader.py.
"""

from __future__ import annotations

import math

import pytest

from optimizer.checks import check_warnings
from optimizer.io import load_scenario
from tests.scenario_files import (
    DELETE,
    G1,
    G2,
    G3,
    OPTIMIZE,
    P1,
    P2,
    REGION,
    S1,
    S2,
    S3,
    Raw,
    assert_cli_rejects,
    at,
    load_error,
    run_cli,
    write_scenario,
)


def test_base_scenario_is_valid_and_quiet(tmp_path):
    scenario = load_scenario(write_scenario(tmp_path))
    assert [g.id for g in scenario.groups] == ["buruh-tembakau", "nelayan", "rt-rw"]
    assert check_warnings(scenario) == ()


def test_base_scenario_solves_and_writes_output(tmp_path):
    """Makes 'out.json was not created' in the failure tests meaningful."""
    out = tmp_path / "out.json"
    result = run_cli("solve", str(write_scenario(tmp_path)), "--output", str(out))
    assert result.exit_code in (0, 1), result.output
    assert out.exists()


# --------------------------------------------------------------------------- field-level errors


# (edits, locator, key phrase of the message)
FIELD_CASES = [
    # ---- top level
    pytest.param(
        [(("budjet",), 5)],
        "top-level field 'budjet'",
        "is not a known field; allowed here: assumptions, format,",
        id="top-level-unknown-key",
    ),
    pytest.param(
        [(("format",), 2)],
        "top-level field 'format'",
        "version 2 is not supported; write format = 1 (no quotes)",
        id="format-2",
    ),
    pytest.param(
        [(("format",), "1")],
        "top-level field 'format'",
        "version '1' is not supported; write format = 1 (no quotes)",
        id="format-text",
    ),
    pytest.param(
        [(("format",), True)],
        "top-level field 'format'",
        "is not supported; write format = 1",
        id="format-boolean",
    ),
    pytest.param([(("region",), DELETE)], REGION, "is missing; add a [region] table", id="region-missing"),
    pytest.param([(("region",), [1, 2])], REGION, "must be a table, got a list", id="region-is-a-list"),
    pytest.param(
        [(("region",), "Pacitan")], REGION, "must be a table, got text 'Pacitan'", id="region-is-text"
    ),
    pytest.param(
        [(("assumptions",), "made up")],
        "top-level field 'assumptions'",
        "must be a list of sentences in quotes",
        id="assumptions-not-a-list",
    ),
    pytest.param(
        [(("optimize",), "min-cost")], OPTIMIZE, "must be a table, got text 'min-cost'", id="optimize-is-text"
    ),
    pytest.param(
        [(("group",), DELETE)], "[group]", "no [[group]] entries; add at least one", id="groups-missing"
    ),
    pytest.param(
        [(("package",), DELETE)],
        "[package]",
        "no [[package]] entries; add at least one",
        id="packages-missing",
    ),
    pytest.param(
        [(("source",), DELETE)], "[source]", "no [[source]] entries; add at least one", id="sources-missing"
    ),
    pytest.param([(("group",), [])], "[group]", "must be a list of [[group]] tables", id="groups-empty-list"),
    pytest.param(
        [(("source",), "apbd")], "[source]", "must be a list of [[source]] tables", id="sources-is-text"
    ),
    pytest.param(
        [(("group", 1), [1, 2])], "[[group]] #2", "must be a table, got a list", id="group-entry-is-a-list"
    ),
    pytest.param(
        [(("group",), ["rt-rw"])],
        "[[group]] #1",
        "must be a table, got text 'rt-rw'",
        id="group-entry-is-text",
    ),
    # ---- [region]
    pytest.param(
        [(("region", "workforse"), 1)],
        at(REGION, "workforse"),
        "is not a known field; allowed here: active, name, note, published_rate,",
        id="region-unknown-field",
    ),
    pytest.param(
        [(("region", "name"), DELETE)], at(REGION, "name"), "is missing; add it", id="region-name-missing"
    ),
    pytest.param(
        [(("region", "name"), 5)],
        at(REGION, "name"),
        "must be text, got 5; put it in quotes",
        id="region-name-number",
    ),
    pytest.param([(("region", "year"), DELETE)], at(REGION, "year"), "is missing; add it", id="year-missing"),
    pytest.param(
        [(("region", "year"), 1800)],
        at(REGION, "year"),
        "must be between 1990 and 2100, got 1800",
        id="year-too-early",
    ),
    pytest.param(
        [(("region", "year"), 20250)],
        at(REGION, "year"),
        "must be between 1990 and 2100, got 20250",
        id="year-extra-digit",
    ),
    pytest.param(
        [(("region", "workforce"), DELETE)],
        at(REGION, "workforce"),
        "is missing; add it",
        id="workforce-missing",
    ),
    pytest.param(
        [(("region", "workforce"), "100.000")],
        at(REGION, "workforce"),
        "must be a whole number of persons, got text '100.000'",
        id="workforce-text",
    ),
    pytest.param(
        [(("region", "workforce"), 0)],
        at(REGION, "workforce"),
        "must be at least 1, got 0",
        id="workforce-zero",
    ),
    pytest.param(
        [(("region", "workforce"), math.nan)],
        at(REGION, "workforce"),
        "must be a whole number of persons, got nan",
        id="workforce-nan",
    ),
    pytest.param(
        [(("region", "workforce"), math.inf)],
        at(REGION, "workforce"),
        "must be a whole number of persons, got inf",
        id="workforce-inf",
    ),
    pytest.param(
        [(("region", "workforce"), 400_000_000)],
        at(REGION, "workforce"),
        "400,000,000 is implausibly large (limit 300,000,000); check the digits",
        id="workforce-too-large",
    ),
    pytest.param(
        [(("region", "active"), True)],
        at(REGION, "active"),
        "must be a whole number of persons, got true (true/false)",
        id="active-boolean",
    ),
    pytest.param(
        [(("region", "active"), 30_000.5)],
        at(REGION, "active"),
        "must be a whole number of persons, got 30000.5",
        id="active-fraction",
    ),
    pytest.param(
        [(("region", "active"), -1)], at(REGION, "active"), "must be at least 0, got -1", id="active-negative"
    ),
    pytest.param(
        [(("region", "active"), {"wage": 20_000, "nonwage": 10_000})],
        at(REGION, "active'.'nonwage"),
        "is not a known field; allowed here: construction, non_wage, wage",
        id="active-split-typo",
    ),
    pytest.param(
        [(("region", "active"), {"wage": "20 ribu"})],
        at(REGION, "active'.'wage"),
        "must be a whole number of persons, got text '20 ribu'",
        id="active-split-text",
    ),
    pytest.param(
        [(("region", "published_rate"), 130.0)],
        at(REGION, "published_rate"),
        "must be at least 0 and at most 100, got 130",
        id="published-rate-over-100",
    ),
    pytest.param(
        [(("region", "published_rate"), math.nan)],
        at(REGION, "published_rate"),
        "must be a finite number, got nan",
        id="published-rate-nan",
    ),
    pytest.param(
        [(("region", "target_rate"), DELETE)],
        at(REGION, "target_rate"),
        "is missing; give target_rate (percent) or target_participants",
        id="target-neither",
    ),
    pytest.param(
        [(("region", "target_participants"), 38_000)],
        at(REGION, "target_participants"),
        "give target_rate or target_participants, not both",
        id="target-both",
    ),
    pytest.param(
        [(("region", "target_rate"), 120.0)],
        at(REGION, "target_rate"),
        "must be at least 0 and at most 100, got 120",
        id="target-rate-over-100",
    ),
    pytest.param(
        [(("region", "target_rate"), "38 persen")],
        at(REGION, "target_rate"),
        '\'38 persen\' is not a percentage; write it as 45, 45.5, "45%" or "45,5 %"',
        id="target-rate-text",
    ),
    pytest.param(
        [(("region", "target_rate"), -math.inf)],
        at(REGION, "target_rate"),
        "must be a finite number, got -inf",
        id="target-rate-minus-inf",
    ),
    pytest.param(
        [(("region", "target_rate"), DELETE), (("region", "target_participants"), 38_000.5)],
        at(REGION, "target_participants"),
        "must be a whole number of persons, got 38000.5",
        id="target-participants-fraction",
    ),
    # ---- [optimize]
    pytest.param(
        [(("optimize", "objectif"), "min-cost")],
        at(OPTIMIZE, "objectif"),
        "is not a known field; allowed here: baseline, metric, objective, spending_order",
        id="optimize-unknown-field",
    ),
    pytest.param(
        [(("optimize", "objective"), "maximum")],
        at(OPTIMIZE, "objective"),
        "'maximum' is not one of max-coverage, min-cost",
        id="objective-not-allowed",
    ),
    pytest.param(
        [(("optimize", "objective"), 1)],
        at(OPTIMIZE, "objective"),
        "must be text, got 1; put it in quotes",
        id="objective-number",
    ),
    pytest.param(
        [(("optimize", "metric"), "people")],
        at(OPTIMIZE, "metric"),
        "'people' is not one of persons, person-months, branch-credit",
        id="metric-not-allowed",
    ),
    pytest.param(
        [(("optimize", "spending_order"), "apbd")],
        at(OPTIMIZE, "spending_order"),
        'must be a list of ids in quotes, like ["rt-rw", "nelayan"]',
        id="spending-order-text",
    ),
    # ---- [[package]]
    pytest.param(
        [(("package", 0, "monthly_prize"), 1)],
        at(P1, "monthly_prize"),
        "is not a known field; allowed here: declared_wage, id, monthly_price,",
        id="package-unknown-field",
    ),
    pytest.param(
        [(("package", 0, "id"), "jkk jkm")],
        at("[[package]] #1 'jkk jkm'", "id"),
        "'jkk jkm' is not a usable id; use letters, digits, '-' or '_' (max 64)",
        id="package-id-with-space",
    ),
    pytest.param(
        [(("package", 0, "id"), DELETE)],
        at("[[package]] #1", "id"),
        "is missing; add it",
        id="package-id-missing",
    ),
    pytest.param(
        [(("package", 1, "monthly_price"), 10_800)],
        at(P2, "monthly_price"),
        "give either monthly_price or wage_percent + declared_wage",
        id="package-both-prices",
    ),
    pytest.param(
        [(("package", 0, "monthly_price"), DELETE)],
        at(P1, "monthly_price"),
        "give either monthly_price or wage_percent + declared_wage",
        id="package-no-price",
    ),
    pytest.param(
        [(("package", 0, "monthly_price"), "Rp enam belas ribu")],
        at(P1, "monthly_price"),
        "'Rp enam belas ribu' is not an amount of Rupiah; write it as 1500000000, \"Rp 1.500.000.000\"",
        id="monthly-price-text",
    ),
    pytest.param(
        [(("package", 0, "monthly_price"), 0)],
        at(P1, "monthly_price"),
        "must be at least 1, got 0",
        id="monthly-price-zero",
    ),
    pytest.param(
        [(("package", 0, "monthly_price"), 16_800_000)],
        at(P1, "monthly_price"),
        "16,800,000 is implausibly large (limit 10,000,000); check the digits",
        id="monthly-price-too-large",
    ),
    pytest.param(
        [(("package", 1, "wage_percent"), 0.0)],
        at(P2, "wage_percent"),
        "must be more than 0 and at most 100, got 0",
        id="wage-percent-zero",
    ),
    pytest.param(
        [(("package", 1, "wage_percent"), 154.0)],
        at(P2, "wage_percent"),
        "must be more than 0 and at most 100, got 154",
        id="wage-percent-over-100",
    ),
    pytest.param(
        [(("package", 1, "declared_wage"), DELETE)],
        at(P2, "declared_wage"),
        "is missing; add it",
        id="declared-wage-missing",
    ),
    pytest.param(
        [(("package", 1, "declared_wage"), 50)],
        at(P2, "declared_wage"),
        "gives a monthly price of Rp0; check the wage",
        id="declared-wage-price-rounds-to-zero",
    ),
    pytest.param(
        [(("package", 0, "price_by_source"), [8_400])],
        at(P1, "price_by_source"),
        "must be a table, got a list",
        id="price-by-source-list",
    ),
    pytest.param(
        [(("package", 0, "price_by_source"), {"dbh-cht": "half"})],
        at(P1, "price_by_source'.'dbh-cht"),
        "'half' is not an amount of Rupiah; write it as",
        id="price-by-source-text",
    ),
    # ---- [[group]]
    pytest.param(
        [(("group", 0, "flor"), 10)],
        at(G1, "flor"),
        "is not a known field; allowed here: cap, floor, id,",
        id="group-unknown-field",
    ),
    pytest.param(
        [(("group", 2, "id"), "rt rw")],
        at("[[group]] #3 'rt rw'", "id"),
        "'rt rw' is not a usable id; use letters, digits, '-' or '_' (max 64)",
        id="group-id-space",
    ),
    pytest.param(
        [(("group", 2, "id"), "x" * 65)],
        at(f"[[group]] #3 '{'x' * 65}'", "id"),
        "is not a usable id",
        id="group-id-too-long",
    ),
    pytest.param(
        [(("group", 2, "id"), 5)],
        at("[[group]] #3", "id"),
        "must be text, got 5; put it in quotes",
        id="group-id-number",
    ),
    pytest.param(
        [(("group", 2, "id"), DELETE)], at("[[group]] #3", "id"), "is missing; add it", id="group-id-missing"
    ),
    pytest.param(
        [(("group", 1, "uncovered"), DELETE)],
        at(G2, "uncovered"),
        "is missing; add it",
        id="uncovered-missing",
    ),
    pytest.param(
        [(("group", 1, "uncovered"), 0.5)],
        at(G2, "uncovered"),
        "must be a whole number of persons, got 0.5",
        id="uncovered-half-person",
    ),
    pytest.param(
        [(("group", 1, "uncovered"), "4.000")],
        at(G2, "uncovered"),
        "must be a whole number of persons, got text '4.000'",
        id="uncovered-text",
    ),
    pytest.param(
        [(("group", 1, "uncovered"), -10)],
        at(G2, "uncovered"),
        "must be at least 0, got -10",
        id="uncovered-negative",
    ),
    pytest.param(
        [(("group", 1, "uncovered"), [4_000])],
        at(G2, "uncovered"),
        "must be a whole number of persons, got a list",
        id="uncovered-list",
    ),
    pytest.param(
        [(("group", 1, "months"), 0)], at(G2, "months"), "must be between 1 and 12, got 0", id="months-0"
    ),
    pytest.param(
        [(("group", 1, "months"), 13)], at(G2, "months"), "must be between 1 and 12, got 13", id="months-13"
    ),
    pytest.param(
        [(("group", 1, "months"), 6.5)],
        at(G2, "months"),
        "must be a whole number of months, got 6.5",
        id="months-fraction",
    ),
    pytest.param(
        [(("group", 1, "package"), DELETE)],
        at(G2, "package"),
        "is missing; add it",
        id="group-package-missing",
    ),
    pytest.param(
        [(("group", 1, "weight"), 0)],
        at(G2, "weight"),
        "must be more than 0 and at most 1e+06, got 0",
        id="weight-zero",
    ),
    pytest.param(
        [(("group", 1, "weight"), "high")],
        at(G2, "weight"),
        "must be a number, got text 'high'",
        id="weight-text",
    ),
    pytest.param(
        [(("group", 1, "weight"), True)],
        at(G2, "weight"),
        "must be a number, got true (true/false)",
        id="weight-boolean",
    ),
    pytest.param(
        [(("group", 1, "weight"), Raw("9" * 400))],
        at(G2, "weight"),
        "is far too large a number; check the digits",
        id="weight-400-digits",
    ),
    pytest.param(
        [(("group", 2, "floor"), "120%")],
        at(G3, "floor"),
        "'120%' is over 100%; use at most \"100%\"",
        id="floor-120-percent",
    ),
    pytest.param(
        [(("group", 2, "floor"), "all")],
        at(G3, "floor"),
        "'all' is neither a person count nor a share like \"100%\"",
        id="floor-word",
    ),
    pytest.param(
        [(("group", 2, "floor"), 0.5)],
        at(G3, "floor"),
        "must be a whole number of persons, got 0.5",
        id="floor-fraction",
    ),
    pytest.param(
        [(("group", 2, "floor"), True)],
        at(G3, "floor"),
        "must be a whole number of persons, got true (true/false)",
        id="floor-boolean",
    ),
    pytest.param(
        [(("group", 1, "cap"), "150%")], at(G2, "cap"), "'150%' is over 100%", id="cap-over-100-percent"
    ),
    pytest.param(
        [(("group", 1, "note"), 3)],
        at(G2, "note"),
        "must be text, got 3; put it in quotes",
        id="group-note-number",
    ),
    # ---- [[source]]
    pytest.param(
        [(("source", 2, "budjet"), 1)],
        at(S3, "budjet"),
        "is not a known field; allowed here: budget, eligible, id, kind,",
        id="budget-typo",
    ),
    pytest.param(
        [(("source", 2, "id"), "apbd kab")],
        at("[[source]] #3 'apbd kab'", "id"),
        "'apbd kab' is not a usable id",
        id="source-id-space",
    ),
    pytest.param(
        [(("source", 2, "budget"), DELETE)], at(S3, "budget"), "is missing; add it", id="budget-missing"
    ),
    pytest.param(
        [(("source", 2, "budget"), "1,5 apel")],
        at(S3, "budget"),
        "'1,5 apel': 'apel' is not an amount word; write it as",
        id="budget-text",
    ),
    pytest.param(
        [(("source", 2, "budget"), -1_000_000)],
        at(S3, "budget"),
        "must be at least 0, got -1,000,000",
        id="budget-negative",
    ),
    pytest.param(
        [(("source", 2, "budget"), math.nan)],
        at(S3, "budget"),
        "must be a whole number of Rupiah, got nan",
        id="budget-nan",
    ),
    pytest.param(
        [(("source", 2, "budget"), math.inf)],
        at(S3, "budget"),
        "must be a whole number of Rupiah, got inf",
        id="budget-inf",
    ),
    pytest.param(
        [(("source", 2, "budget"), 1e30)],
        at(S3, "budget"),
        "is implausibly large (limit 10,000,000,000,000,000); check the digits",
        id="budget-1e30",
    ),
    pytest.param(
        [(("source", 2, "budget"), Raw("2025-01-01"))],
        at(S3, "budget"),
        "must be a whole number of Rupiah, got",
        id="budget-date",
    ),
    pytest.param(
        [(("source", 2, "kind"), "APBD")],
        at(S3, "kind"),
        "'APBD' is not one of apbd, dbh-cht, dbh-sawit,",
        id="kind-not-allowed",
    ),
    pytest.param(
        [(("source", 0, "eligible"), [])],
        at(S1, "eligible"),
        'is empty: list at least one group id, or write "all"',
        id="eligible-empty",
    ),
    pytest.param(
        [(("source", 0, "eligible"), "semua")],
        at(S1, "eligible"),
        "must be a list of ids in quotes",
        id="eligible-text",
    ),
    pytest.param(
        [(("source", 0, "eligible"), [1, 2])],
        at(S1, "eligible"),
        "must be a list of ids in quotes",
        id="eligible-numbers",
    ),
    pytest.param(
        [(("source", 1, "premium_share"), 120.0)],
        at(S2, "premium_share"),
        "must be at least 0 and at most 100, got 120",
        id="premium-share-over-100",
    ),
    pytest.param(
        [(("source", 1, "premium_share"), "dua puluh %")],
        at(S2, "premium_share"),
        "'dua puluh %' is not a percentage; write it as",
        id="premium-share-text",
    ),
    pytest.param(
        [(("source", 2, "top_up"), "yes")],
        at(S3, "top_up"),
        "must be true or false, got text 'yes'",
        id="top-up-text",
    ),
    pytest.param(
        [(("source", 2, "top_up"), 1)], at(S3, "top_up"), "must be true or false, got 1", id="top-up-number"
    ),
]


@pytest.mark.parametrize(("edits", "where", "phrase"), FIELD_CASES)
def test_field_error_names_file_field_and_fix(tmp_path, edits, where, phrase):
    path = write_scenario(tmp_path, edits)
    message = str(load_error(path))
    assert message.startswith(f"{path}: {where}: "), message
    assert phrase in message
    assert "\n" not in message


@pytest.mark.parametrize(("edits", "where", "phrase"), FIELD_CASES)
def test_field_error_through_cli(tmp_path, edits, where, phrase):
    path = write_scenario(tmp_path, edits)
    expected = str(load_error(path))
    assert_cli_rejects(path, tmp_path, expected)


@pytest.mark.parametrize(("edits", "where", "phrase"), FIELD_CASES[:20])
def test_validate_rejects_like_solve(tmp_path, edits, where, phrase):
    path = write_scenario(tmp_path, edits)
    expected = str(load_error(path))
    result = run_cli("validate", str(path))
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"Error: {expected}"]
