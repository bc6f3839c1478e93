"""Variants and compare: overrides, input diff, outputs equal plans solved directly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.analysis.compare_inputs import input_changes
from optimizer.cli import main
from optimizer.errors import ScenarioError
from optimizer.io.variants import load_with_variants
from optimizer.optimize import optimize

PATI = "scenarios/pati-2025.toml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_pati_variants_apply_their_overrides():
    base, variants = load_with_variants(PATI)
    by_name = {v.name: v.scenario for v in variants}
    assert by_name["APBD +20%"].source("apbd").budget == 7_200_000_000
    assert by_name["with CSR"].source("csr-pabrik").eligible == ("konstruksi-bpu", "desil-3-4")
    assert by_name["zakat for deciles I-IV"].source("zakat").eligible == ("desil-1-2", "desil-3-4")
    assert [str(c) for c in input_changes(base, by_name["APBD +20%"])] == [
        "source apbd: budget: Rp6,000,000,000 -> Rp7,200,000,000"
    ]


def _write(tmp_path, variant: str):
    text = Path(PATI).read_text(encoding="utf-8").split("# Variants")[0] + variant
    path = tmp_path / "v.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("variant", "message"),
    [
        ('[[variant]]\nname = "x"\nbudget = { nope = "+1%" }\n', "source 'nope' does not exist"),
        ('[[variant]]\nname = "x"\nbudget = { apbd = "twenty" }\n', "is not a budget change"),
        ('[[variant]]\nname = "x"\ngroup = { desil-1-2 = { months = 13 } }\n', "between 1 and 12"),
        ('[[variant]]\nname = "x"\ncolour = 1\n', "field 'colour': is not a known field"),
    ],
)
def test_bad_variants_are_one_line_errors_naming_the_variant(tmp_path, variant, message):
    path = _write(tmp_path, variant)
    with pytest.raises(ScenarioError) as err:
        load_with_variants(path)
    assert message in str(err.value) and "variant" in str(err.value)
    result = run("validate", path)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_compare_json_numbers_equal_plans_solved_directly():
    result = run("compare", PATI, "--variant", "APBD +20%", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    base, variants = load_with_variants(PATI)
    for row, scenario in zip(doc["results"], [base, variants[0].scenario], strict=True):
        plan = optimize(scenario)
        assert row["total_cost"] == plan.total_cost
        assert row["new_persons"] == plan.coverage.new_persons
        assert row["persons_by_group"] == dict(zip(plan.groups["group"], plan.groups["covered"], strict=True))
        assert sum(row["persons_by_source"].values()) == plan.coverage.new_persons
        assert row["cost_per_new_person"] == round(plan.total_cost / plan.coverage.new_persons, 2)
    assert doc["input_changes"][0]["changes"] == [
        {"what": "source apbd: budget", "old": "Rp6,000,000,000", "new": "Rp7,200,000,000"}
    ]


def test_compare_two_files_table():
    result = run("compare", "scenarios/trenggalek-2024.toml", "scenarios/trenggalek-2023-actual.toml")
    assert result.exit_code == 0, result.output
    assert "trenggalek-2023-actual: what differs from trenggalek-2024" in result.output
    assert "cost per new person" in result.output


def test_compare_needs_two_things_and_known_variants():
    assert run("compare", "scenarios/teaching-example.toml").exit_code == 2
    result = run("compare", PATI, "--variant", "nope")
    assert result.exit_code == 2 and "no variant named 'nope'" in result.output


def test_solve_json_adds_marginal_values_without_changing_other_fields():
    with_m = json.loads(run("solve", PATI, "--format", "json").output)
    without = json.loads(run("solve", PATI, "--format", "json", "--no-marginal").output)
    assert with_m.pop("marginal_values")["unit"] == "participants"
    assert without.pop("marginal_values") is None
    assert [w["group"] for w in with_m.pop("why_not")] == ["desil-1-2", "desil-3-4"]
    assert without.pop("why_not") is None
    assert with_m.pop("equally_good")["found"] is True  # Pati's min-cost plan has a tie
    assert without.pop("equally_good") is None
    assert with_m == without
    assert "Marginal values" in run("solve", PATI).output
