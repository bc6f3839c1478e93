"""Every error a planner can get from a scenario file: one line, naming the file, the field
and what to do; through the library (`load_scenario`) and through the command line.

Each case starts from a valid scenario (`base_scenario`), introduces exactly one defect,
writes it as TOML to a temporary folder and checks the message. Bugs this file found
were fixed in the product; a new one goes in as a strict xfail until fixed.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import optimizer.cli
from optimizer.checks import check_warnings
from optimizer.errors import ScenarioError
from optimizer.io import load_scenario, safe_read
from optimizer.io.toml_reader import MAX_FILE_BYTES

# --------------------------------------------------------------------------- helpers


class Raw(str):
    """TOML text written into the file as is (dates, huge integers, broken syntax)."""


DELETE = object()


def base_scenario() -> dict[str, Any]:
    """A small valid scenario (the teaching example's shape) that loads without warnings."""
    return {
        "format": 1,
        "assumptions": ["All numbers are invented for the tests (asumsi)"],
        "region": {
            "name": "Kabupaten Contoh",
            "year": 2025,
            "workforce": 100_000,
            "active": 30_000,
            "published_rate": 30.0,
            "target_rate": 38.0,
        },
        "optimize": {
            "objective": "max-coverage",
            "metric": "persons",
            "spending_order": ["dbh-cht", "csr", "apbd"],
        },
        "package": [
            {
                "id": "jkk-jkm",
                "name": "JKK + JKM (BPU)",
                "monthly_price": 16_800,
                "price_by_source": {"dbh-cht": 16_800},
            },
            {"id": "pu-2jt", "name": "JKK + JKM PU", "wage_percent": 0.54, "declared_wage": 2_000_000},
        ],
        "group": [
            {"id": "buruh-tembakau", "uncovered": 3_000, "package": "jkk-jkm", "months": 6},
            {"id": "nelayan", "name": "Nelayan", "uncovered": 4_000, "package": "jkk-jkm", "months": 12},
            {"id": "rt-rw", "uncovered": 1_200, "package": "pu-2jt", "months": 12, "floor": "100%"},
        ],
        "source": [
            {"id": "dbh-cht", "kind": "dbh-cht", "budget": 201_600_000, "eligible": ["buruh-tembakau"]},
            {"id": "csr", "kind": "csr", "budget": 100_800_000, "eligible": ["nelayan"]},
            {"id": "apbd", "kind": "apbd", "budget": 558_720_000, "eligible": "all", "top_up": True},
        ],
    }


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(data: dict[str, Any]) -> str:
    """Top-level values first, then [tables], then [[arrays of tables]]; nested tables inline."""

    def is_table_array(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    def body(table: dict[str, Any]) -> list[str]:
        return [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()]

    lines = [
        f"{toml_key(k)} = {toml_value(v)}"
        for k, v in data.items()
        if not isinstance(v, dict) and not is_table_array(v)
    ]
    for k, v in data.items():
        if isinstance(v, dict):
            lines += ["", f"[{toml_key(k)}]", *body(v)]
    for k, v in data.items():
        if is_table_array(v):
            for item in v:
                lines += ["", f"[[{toml_key(k)}]]", *body(item)]
    return "\n".join(lines) + "\n"


def apply_edits(data: dict[str, Any], edits: list[tuple[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """Set (or DELETE) each value at its path, e.g. (("group", 1, "floor"), "120%")."""
    data = copy.deepcopy(data)
    for path, value in edits:
        *parents, last = path
        node: Any = data
        for p in parents:
            node = node[p]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return data


def write_scenario(tmp_path: Path, edits=(), name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    path.write_text(to_toml(apply_edits(base_scenario(), list(edits))), encoding="utf-8")
    return path


def load_error(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


def run_cli(*args: str):
    return CliRunner().invoke(optimizer.cli.main, list(args))


def assert_cli_rejects(path: Path, tmp_path: Path, expected: str) -> None:
    """`solve` exits 2 with exactly the library's message, and writes no output file."""
    out = tmp_path / "out.json"
    assert not out.exists()
    result = run_cli("solve", str(path), "--output", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [f"Error: {expected}"]
    assert not out.exists()
    # An output file from an earlier run is left as it was.
    out.write_text("old", encoding="utf-8")
    result = run_cli("solve", str(path), "--output", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"Error: {expected}"]
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


# Locators as the TOML reader words them.
P1, P2 = "[[package]] #1 'jkk-jkm'", "[[package]] #2 'pu-2jt'"
G1, G2, G3 = "[[group]] #1 'buruh-tembakau'", "[[group]] #2 'nelayan'", "[[group]] #3 'rt-rw'"
S1, S2, S3 = "[[source]] #1 'dbh-cht'", "[[source]] #2 'csr'", "[[source]] #3 'apbd'"


def at(where: str, field: str) -> str:
    return f"{where}, field '{field}'"


REGION, OPTIMIZE = "[region]", "[optimize]"
SOURCE_IDS = "apbd, csr, dbh-cht"


# --------------------------------------------------------------------------- the valid base


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
        "'38 persen' is not a percentage; write it as 45, 45.5, \"45%\" or \"45,5 %\"",
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
    pytest.param(
        [(("region", "target_rate"), DELETE), (("region", "target_participants"), 150_000)],
        at(REGION, "target_participants"),
        "target of 150,000 participants is more than the workforce of 100,000",
        id="target-above-workforce",
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
        [(("package", 0, "monthly_prize"), 1)],
        at(P1, "monthly_prize"),
        "is not a known field; allowed here: declared_wage, id, monthly_price,",
        id="package-unknown-field",
    ),
    pytest.param(
        [(("package", 1, "id"), "jkk-jkm")],
        at(P1, "id"),
        "id 'jkk-jkm' is used more than once; give each package its own id",
        id="package-duplicate-id",
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
    pytest.param(
        [(("package", 0, "price_by_source"), {"dbh_cht": 8_400})],
        at(P1, "price_by_source"),
        f"source 'dbh_cht' does not exist; use ids from [[source]]: {SOURCE_IDS}",
        id="price-by-source-unknown-source",
    ),
    # ---- [[group]]
    pytest.param(
        [(("group", 0, "flor"), 10)],
        at(G1, "flor"),
        "is not a known field; allowed here: cap, floor, id,",
        id="group-unknown-field",
    ),
    pytest.param(
        [(("group", 2, "id"), "nelayan")],
        at(G2, "id"),
        "id 'nelayan' is used more than once; give each group its own id",
        id="group-duplicate-id",
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
        [(("group", 1, "package"), "jkk")],
        at(G2, "package"),
        "package 'jkk' does not exist; use one of jkk-jkm, pu-2jt",
        id="group-unknown-package",
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
        [(("source", 1, "id"), "dbh-cht")],
        at(S1, "id"),
        "id 'dbh-cht' is used more than once; give each source its own id",
        id="source-duplicate-id",
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
        [(("source", 0, "eligible"), ["buruh-tembakau", "petani"])],
        at(S1, "eligible"),
        "group 'petani' does not exist; use ids from [[group]]: buruh-tembakau, nelayan, rt-rw",
        id="eligible-unknown-group",
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


def test_target_above_workforce_says_what_to_do(tmp_path):
    edits = [(("region", "target_rate"), DELETE), (("region", "target_participants"), 150_000)]
    message = load_error(write_scenario(tmp_path, edits)).message
    assert re.search(r"\b(lower|check|fix|use|raise)\b", message), message


# --------------------------------------------------------------------------- file-level errors


def _toml_text() -> str:
    return to_toml(base_scenario())


def _not_found(tmp: Path) -> Path:
    return tmp / "missing.toml"


def _folder(tmp: Path) -> Path:
    (tmp / "scenarios.toml").mkdir()
    return tmp / "scenarios.toml"


def _file(tmp: Path, data: bytes, name: str = "scenario.toml") -> Path:
    (tmp / name).write_bytes(data)
    return tmp / name


def _too_big(tmp: Path) -> Path:
    text = _toml_text().encode()
    padding = b"#" * (MAX_FILE_BYTES + 1 - len(text) - 1) + b"\n"
    return _file(tmp, text + padding)


FILE_CASES = [
    pytest.param(_not_found, "file not found; check the path", id="not-found"),
    pytest.param(_folder, "is a folder, not a scenario file; name the .toml file", id="folder"),
    pytest.param(
        lambda t: _file(t, b""), "file is empty; start from scenarios/teaching-example.toml", id="empty"
    ),
    pytest.param(lambda t: _file(t, b" \n\t\r\n"), "file is empty", id="only-whitespace"),
    pytest.param(
        lambda t: _file(t, _toml_text().encode() + b"\x00\x00"),
        "is a binary file, not TOML text; save the scenario as .toml",
        id="binary-nul-byte",
    ),
    pytest.param(
        lambda t: _file(t, _toml_text().replace("Contoh", "Contóh").encode("latin-1")),
        "is not UTF-8 text (line",
        id="latin-1-bytes",
    ),
    pytest.param(
        lambda t: _file(t, _toml_text().replace("[[group]]", "[[group]", 1).encode()),
        "TOML syntax error:",
        id="toml-syntax-error",
    ),
    pytest.param(
        lambda t: _file(t, b'[region]\nname = "Contoh\n'), "TOML syntax error:", id="toml-unclosed-quote"
    ),
    pytest.param(
        lambda t: _file(t, _toml_text().encode() + b"budget = 1\n"),
        "TOML syntax error:",
        id="toml-duplicate-key",
    ),
    pytest.param(
        _too_big,
        f"file is {MAX_FILE_BYTES + 1:,} bytes, over the {MAX_FILE_BYTES:,} limit",
        id="over-size-limit",
    ),
    pytest.param(
        lambda t: _file(t, b"PK\x03\x04", "scenario.xlsx"),
        "is damaged or incomplete (a cut-off copy?); copy it again or save it from Excel as .xlsx",
        id="excel-not-a-workbook",
    ),
]


@pytest.mark.parametrize(("make", "phrase"), FILE_CASES)
def test_file_error_names_file_and_fix(tmp_path, make, phrase):
    path = make(tmp_path)
    message = str(load_error(path))
    assert message.startswith(f"{path}: "), message
    assert phrase in message
    assert "\n" not in message


@pytest.mark.parametrize(("make", "phrase"), FILE_CASES)
def test_file_error_through_cli(tmp_path, make, phrase):
    path = make(tmp_path)
    expected = str(load_error(path))
    assert_cli_rejects(path, tmp_path, expected)


def test_toml_syntax_error_names_the_line(tmp_path):
    text = _toml_text().replace("[[group]]", "[[group]", 1)
    line = text.splitlines().index("[[group]") + 1
    message = str(load_error(_file(tmp_path, text.encode())))
    assert f"line {line}" in message
    assert message.endswith("; fix that line")


def test_utf8_bom_is_accepted(tmp_path):
    assert load_scenario(_file(tmp_path, b"\xef\xbb\xbf" + _toml_text().encode())).region.workforce == 100_000


def test_permission_denied_real_file(tmp_path):
    path = write_scenario(tmp_path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read a chmod 000 file (root)")
        message = str(load_error(path))
        assert message == f"{path}: cannot be read (permission denied); fix the file's permissions"
        assert_cli_rejects(path, tmp_path, message)
    finally:
        path.chmod(0o644)


def test_permission_denied(tmp_path, monkeypatch):
    path = write_scenario(tmp_path)

    real_open = os.open

    def denied(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # the safe reader opens every input with os.open
    message = str(load_error(path))
    assert message == f"{path}: cannot be read (permission denied); fix the file's permissions"
    assert_cli_rejects(path, tmp_path, message)


def test_other_read_error(tmp_path, monkeypatch):
    path = write_scenario(tmp_path)

    def broken(fd, n):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(safe_read, "_read_at_most", broken)
    message = str(load_error(path))
    assert message == f"{path}: cannot be read (Input/output error); check the file"
    assert_cli_rejects(path, tmp_path, message)


def test_file_name_too_long(tmp_path):
    path = tmp_path / ("x" * 300 + ".toml")
    message = str(load_error(path))
    assert message.startswith(f"{path}: ")
    assert_cli_rejects(path, tmp_path, message)


def test_integer_with_too_many_digits(tmp_path):
    path = write_scenario(tmp_path, [(("source", 2, "budget"), Raw("9" * 5000))])
    message = str(load_error(path))
    assert message.startswith(f"{path}: ")
    assert_cli_rejects(path, tmp_path, message)


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


@pytest.mark.parametrize(("edits", "where", "phrase"), FIELD_CASES[:20])
def test_validate_rejects_like_solve(tmp_path, edits, where, phrase):
    path = write_scenario(tmp_path, edits)
    expected = str(load_error(path))
    result = run_cli("validate", str(path))
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"Error: {expected}"]
