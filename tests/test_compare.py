"""Variants and compare: overrides, input diff, outputs equal plans solved directly."""

from __future__ import annotations

import json
import subprocess
import sys
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


# Village-level files (issue 12): compare plans them as solve does, per village.

VILLAGES = Path("tests/data/villages")


def program(*args: str) -> tuple[int, str, str]:
    """The real program as a subprocess: (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", *args], capture_output=True, text=True, timeout=300, check=False
    )
    return done.returncode, done.stdout, done.stderr


def _village_copy(folder: Path, name: str, apbd: int, add_desa_satu: int = 2_016_000) -> str:
    """The matrix's village file (3 villages, ADD per village for rt-rw, regency APBD) with other money."""
    folder.mkdir(exist_ok=True)
    (folder / "villages.csv").write_bytes((VILLAGES / "villages.csv").read_bytes())
    budgets = (VILLAGES / "village-budgets.csv").read_text(encoding="utf-8")
    (folder / "village-budgets.csv").write_text(budgets.replace("2016000", str(add_desa_satu)), "utf-8")
    text = (VILLAGES / "scenario.toml").read_text(encoding="utf-8")
    path = folder / f"{name}.toml"
    path.write_text(text.replace("budget = 50_000_000", f"budget = {apbd}"), encoding="utf-8")
    return str(path)


def _totals_file(path: Path, add: int, apbd: int) -> str:
    """The same region and groups as group totals: no [areas], ADD one pot."""
    text = (VILLAGES / "scenario.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition("[areas]")
    rest = rest.split("[[package]]", 1)[1]
    rest = rest.replace("months = 12", "months = 12\nuncovered = 95").replace(
        "months = 6", "months = 6\nuncovered = 300"
    )
    rest = rest.replace('scope = "village"', f"budget = {add}").replace(
        "budget = 50_000_000", f"budget = {apbd}"
    )
    path.write_text(head + "[[package]]" + rest, encoding="utf-8")
    return str(path)


def _solved(path: str) -> dict:
    code, out, err = program("solve", path, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def _same_plan(row: dict, plan: dict) -> None:
    """A compare result's plan figures are the solve document's."""
    assert row["status"] == plan["status"]
    assert row["total_cost"] == plan["total_cost"]
    assert row["new_persons"] == plan["coverage"]["new_persons"]
    assert row["rate_after"] == round(plan["coverage"]["rate_after"], 6)
    assert row["persons_by_group"] == {g["group"]: g["covered"] for g in plan["groups"]}
    assert row["spend_by_source"] == {s["source"]: s["used"] for s in plan["sources"]}


def test_compare_two_village_files_gives_solves_plans(tmp_path):
    """ADD pays 10 rt-rw in Desa Satu and 20 in Desa Dua (Rp201,600 a year each); APBD then
    buys nelayan at Rp100,800: Rp20,000,000 buys 198, Rp30,000,000 buys 297."""
    a = _village_copy(tmp_path / "a", "desa-apbd-20", 20_000_000)
    b = _village_copy(tmp_path / "b", "desa-apbd-30", 30_000_000)
    code, out, err = program("compare", a, b, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [r["label"] for r in doc["results"]] == ["desa-apbd-20", "desa-apbd-30"]
    for row, path in zip(doc["results"], (a, b), strict=True):
        _same_plan(row, _solved(path))
    assert [r["new_persons"] for r in doc["results"]] == [228, 327]
    assert [r["total_cost"] for r in doc["results"]] == [6_048_000 + 19_958_400, 6_048_000 + 29_937_600]
    assert doc["input_changes"][0]["changes"] == [
        {"what": "source apbd: budget", "old": "Rp20,000,000", "new": "Rp30,000,000"}
    ]


def test_compare_village_file_with_group_totals_either_way(tmp_path):
    """Desa Satu's ADD (Rp10,080,000: 50 persons) may pay only its own 40 rt-rw, so the village plan
    covers 40 + 20 with ADD; as one pot (group totals) the same Rp14,112,000 pays 70 rt-rw."""
    village = _village_copy(tmp_path / "v", "desa", 20_000_000, add_desa_satu=10_080_000)
    totals = _totals_file(tmp_path / "totals.toml", add=14_112_000, apbd=20_000_000)
    for first, second in ((village, totals), (totals, village)):
        code, out, err = program("compare", first, second, "--format", "json")
        assert code == 0, err
        doc = json.loads(out)
        for row, path in zip(doc["results"], (first, second), strict=True):
            _same_plan(row, _solved(path))
        persons = {r["label"]: r["persons_by_source"] for r in doc["results"]}
        assert persons == {"desa": {"add": 60, "apbd": 198}, "totals": {"add": 70, "apbd": 198}}
    code, out, err = program("compare", village, totals)
    assert code == 0, err
    assert "totals: what differs from desa" in out


def test_compare_village_file_honours_solve_options(tmp_path):
    a = _village_copy(tmp_path / "a", "a", 20_000_000)
    b = _village_copy(tmp_path / "b", "b", 30_000_000)
    code, out, err = program("compare", a, b, "--objective", "min-cost", "--format", "json")
    assert code == 0, err
    for row, path in zip(json.loads(out)["results"], (a, b), strict=True):
        code, solved, _ = program("solve", path, "--objective", "min-cost", "--format", "json")
        assert row["objective"] == "min-cost"
        _same_plan(row, json.loads(solved))


def test_village_variants_are_planned_as_solve_plans_the_same_file_written_by_hand(tmp_path):
    """ADD +50% scales each village pot (Rp2,016,000 -> 3,024,000, Rp4,032,000 -> 6,048,000);
    APBD +20% is Rp24,000,000: each column is solve's plan of a copy with those budgets."""
    path = _village_copy(tmp_path / "v", "desa", 20_000_000)
    with open(path, "a", encoding="utf-8") as f:
        f.write('\n[[variant]]\nname = "ADD +50%"\nbudget = { add = "+50%" }\n')
        f.write('\n[[variant]]\nname = "APBD +20%"\nbudget = { apbd = "+20%" }\n')
    code, out, err = program("compare", path, "--format", "json")
    assert code == 0, err
    rows = {r["label"]: r for r in json.loads(out)["results"]}
    assert list(rows) == ["base", "ADD +50%", "APBD +20%"]
    by_hand = {
        "base": _village_copy(tmp_path / "b", "b", 20_000_000),
        "ADD +50%": _village_copy(tmp_path / "a", "a", 20_000_000, add_desa_satu=3_024_000),
        "APBD +20%": _village_copy(tmp_path / "p", "p", 24_000_000),
    }
    budgets = tmp_path / "a" / "village-budgets.csv"
    budgets.write_text(budgets.read_text(encoding="utf-8").replace("4032000", "6048000"), "utf-8")
    for label, twin in by_hand.items():
        _same_plan(rows[label], _solved(twin))
    assert rows["ADD +50%"]["spend_by_source"] != rows["base"]["spend_by_source"]
    code, out, err = program("validate", path)
    assert code == 0 and ", 2 variants" in out.splitlines()[0], err


def test_village_variant_with_rupiah_for_village_money_is_refused_in_one_line(tmp_path):
    path = _village_copy(tmp_path / "v", "desa", 20_000_000)
    with open(path, "a", encoding="utf-8") as f:
        f.write('\n[[variant]]\nname = "more ADD"\nbudget = { add = 9_000_000 }\n')
    for command in ("compare", "validate"):
        code, out, err = program(command, path)
        assert code == 2 and out == ""
        assert err.strip().splitlines() == [
            f"Error: {path}: [[variant]] #1, field 'budget'.'add': source 'add' has its money per "
            'village in a budgets file: a variant changes it by a percent of each pot, like "+20%" or '
            '"-10%"; a new budget in Rupiah cannot be split over the pots'
        ]


def test_compare_keeps_solves_time_limit_refusal_on_the_village_fast_path(tmp_path):
    """1,001 villages x (ADD, APBD) for one group: 2,002 cells, beyond the exact path's 2,000."""
    rows = [f"35030{i:05d},Desa {i},350301,3503,3,0" for i in range(1, 1002)]
    header = "village_code,village_name,district_code,regency_code,rt-rw,nelayan\n"
    (tmp_path / "villages.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    budgets = [f"35030{i:05d},201600" for i in range(1, 1002)]
    (tmp_path / "village-budgets.csv").write_text("village_code,add\n" + "\n".join(budgets) + "\n", "utf-8")
    path = tmp_path / "big.toml"
    path.write_bytes((VILLAGES / "scenario.toml").read_bytes())
    small = _village_copy(tmp_path / "small", "small", 20_000_000)
    code, out, err = program("compare", small, str(path), "--time-limit", "60")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"Error: {path}: --time-limit does not apply to a village-level max-coverage plan of more than "
        "2,000 village x source x group cells solved by highs (it always runs to a proven optimum in "
        "seconds); remove --time-limit, or use it with min-cost or --solver cbc"
    ]
    code, out, err = program("compare", small, str(path), "--format", "json")
    assert code == 0, err
    big = json.loads(out)["results"][1]
    assert big["villages"] == 1001 and big["persons_by_source"]["add"] == 1001
    _same_plan(big, _solved(str(path)))


def test_village_diff_lists_scopes_shares_and_the_first_five_places_that_differ():
    from optimizer.analysis.compare_inputs import VillageInputs

    s = load_with_variants("scenarios/teaching-example.toml")[0]
    source = s.sources[0].id
    codes = [f"v{i}" for i in range(1, 8)]
    pots = {("village", source): dict.fromkeys(codes, 100)}
    old = VillageInputs(7, 2, {source: "regency"}, None, 10.0, pots)
    new = VillageInputs(
        7, 1, {source: "regency"}, 5.0, 10.0, {("village", source): {c: 100 + (c != "v1") for c in codes}}
    )
    assert [str(c) for c in input_changes(s, s, old, new)] == [
        f"source {source}: scope: regency -> one pot",  # one regency: its regency pot is the only pot
        "minimum village share: (none) -> 5.00%",
        f"source {source}: premium budget per village: v2 Rp100, v3 Rp100, v4 Rp100, v5 Rp100, v6 Rp100, "
        "+1 more -> v2 Rp101, v3 Rp101, v4 Rp101, v5 Rp101, v6 Rp101, +1 more",
    ]
    assert [str(c) for c in input_changes(s, s, None, new)][0] == "villages: (group totals) -> 7"
    assert input_changes(s, s, new, new) == ()


def test_files_with_the_same_name_get_their_paths_as_labels(tmp_path):
    """Two plan.toml in two folders were both labelled 'plan': which column was which?"""
    a = _village_copy(tmp_path / "a", "plan", 20_000_000)
    b = _village_copy(tmp_path / "b", "plan", 30_000_000)
    code, out, err = program("compare", a, b, "--format", "json")
    assert code == 0, err
    assert [r["label"] for r in json.loads(out)["results"]] == [a, b]
    other = _village_copy(tmp_path / "c", "other", 30_000_000)
    code, out, err = program("compare", a, other, "--format", "json")
    assert [r["label"] for r in json.loads(out)["results"]] == ["plan", "other"]


def test_comparing_a_file_with_tranches_shows_them_instead_of_a_traceback():
    """Tranches were joined as text (TypeError, a traceback) when two files differed in them."""
    from click.testing import CliRunner

    from optimizer.cli import main

    args = ["compare", "scenarios/pasaman-barat-2025.toml", "scenarios/pasaman-barat-2025-tranches.toml"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert "tranches: (none) -> month 5: 50%, month 10: 50%" in result.output
