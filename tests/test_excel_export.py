"""Safety net: moving a scenario to Excel keeps every field, or refuses in one line.

KITCHEN_SINKS set every optional field of every scenario value to something other
than its default. The first test proves that (so a field added to `Scenario` later
fails here until it is set below); the second that the workbook gives it back.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.errors import ScenarioError
from optimizer.io import excel_template, load_scenario
from optimizer.io.excel_round_trip import first_difference
from optimizer.io.excel_template import template_bytes
from optimizer.io.mapping import scenario_from_mapping

KITCHEN_A: dict[str, Any] = {
    "region": {
        "name": "Kabupaten Uji",
        "year": 2026,
        "workforce": 100_000,
        "active": {"wage": 20_000, "non_wage": 9_000, "construction": 1_000},
        "published_rate": 31.5,
        "target_rate": 40.0,
        "reporting_month": 11,
    },
    "optimize": {
        "objective": "min-cost",
        "metric": "branch-credit",
        "spending_order": ["csr", "dbh", "apbd"],
        "baseline": "tests/data/kitchen-baseline.json",
    },
    "package": [
        {"id": "bpu", "name": "JKK + JKM", "monthly_price": 16_800, "price_by_source": {"dbh": 8_400}},
        {"id": "pu", "wage_percent": 0.54, "declared_wage": 2_000_000},
    ],
    "group": [
        {
            "id": "nelayan",
            "name": "Nelayan",
            "uncovered": 1_000,
            "package": "bpu",
            "months": "choose",
            "max_months": 9,
            "min_run": 3,
            "window": [2, 11],
            "weight": 1.5,
            "floor": "10%",
            "cap": 800,
            "note": "pesisir selatan",
        },
        {"id": "rt", "uncovered": 500, "package": "pu", "months": 6},
    ],
    "source": [
        {
            "id": "dbh",
            "name": "DBH Sawit",
            "kind": "dbh-sawit",
            "budget": 1_000_000_000,
            "eligible": ["nelayan"],
            "premium_share": 20.0,
            "top_up": True,
            "note": "PMK 91/2023",
            "tranches": [{"month": 5, "share": 40.0}, {"month": 10, "share": 60.0}],
        },
        {
            "id": "csr",
            "kind": "csr",
            "budget": 300_000_000,
            "tranches": [{"month": 1, "amount": 100_000_000}, {"month": 7, "amount": 200_000_000}],
        },
        {"id": "apbd", "kind": "apbd", "budget": 500_000_000, "top_up": False},
    ],
    "overlap": [{"groups": ["nelayan", "rt"], "persons": 100}, {"groups": ["rt", "nelayan"], "share": 5.0}],
    "assumptions": ["Angka nelayan dari DKP (asumsi)", "Tahap DBH Sawit 40/60 (asumsi)"],
}
KITCHEN_B = {
    **KITCHEN_A,
    "region": {
        **{k: v for k, v in KITCHEN_A["region"].items() if k != "target_rate"},
        "target_participants": 45_000,
    },
}
KITCHEN_SINKS = [scenario_from_mapping(KITCHEN_A), scenario_from_mapping(KITCHEN_B)]
#: Not a scenario field a planner writes: where the file was read from.
NOT_CARRIED = {("Scenario", "path")}


def _values(x: Any):
    if dataclasses.is_dataclass(x):
        yield x
        for f in dataclasses.fields(x):
            yield from _values(getattr(x, f.name))
    elif isinstance(x, tuple):
        for item in x:
            yield from _values(item)


def test_the_kitchen_sinks_set_every_optional_field_of_every_scenario_value():
    seen: dict[type, list] = {}
    for s in KITCHEN_SINKS:
        for value in _values(s):
            seen.setdefault(type(value), []).append(value)
    assert {c.__name__ for c in seen} >= {"Scenario", "Region", "Package", "Group", "Source", "Share"}
    assert {c.__name__ for c in seen} >= {"Tranche", "Overlap"}
    for cls, values in seen.items():
        for f in dataclasses.fields(cls):
            if (cls.__name__, f.name) in NOT_CARRIED:
                continue
            default = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
            if default is dataclasses.MISSING:
                continue
            assert any(getattr(v, f.name) != default for v in values), (
                f"{cls.__name__}.{f.name} is never set in the kitchen sinks: set it in KITCHEN_A "
                "and carry it in the Excel format (optimizer/io/excel_layout.py)"
            )


@pytest.mark.parametrize("scenario", KITCHEN_SINKS, ids=["target-rate", "target-participants"])
def test_every_field_survives_the_excel_round_trip(scenario, tmp_path):
    path = tmp_path / "k.xlsx"
    path.write_bytes(template_bytes(scenario))
    assert template_bytes(scenario) == path.read_bytes()  # deterministic bytes
    back = load_scenario(path)  # also runs every check
    expected = dataclasses.asdict(dataclasses.replace(scenario, path=""))
    assert dataclasses.asdict(dataclasses.replace(back, path="")) == expected


def test_a_value_excel_cannot_hold_is_refused_not_dropped():
    s = KITCHEN_SINKS[0]
    nameless = dataclasses.replace(s, packages=(dataclasses.replace(s.packages[0], name=""), *s.packages[1:]))
    with pytest.raises(ScenarioError) as info:
        template_bytes(nameless)
    assert str(info.value) == (
        "Excel cannot hold scenario.packages[0].name as it is ('' would be read back as 'bpu'); "
        "keep this scenario in TOML"
    )


def test_a_field_the_writer_forgets_is_refused(monkeypatch):
    """What happens when a field is added to Scenario but not to the workbook: here min_run."""
    rows = excel_template._rows

    def forgetful(s, section):
        out = rows(s, section)
        return [[*r[:10], None, *r[11:]] for r in out] if section == "group" else out

    monkeypatch.setattr(excel_template, "_rows", forgetful)
    with pytest.raises(
        ScenarioError, match=r"scenario\.groups\[0\]\.min_run as it is \(3 would be read back as 1\)"
    ):
        template_bytes(KITCHEN_SINKS[0])


def test_cli_init_refuses_a_variant_the_sheet_cannot_hold(tmp_path):
    toml = tmp_path / "s.toml"
    text = Path("scenarios/pasaman-barat-2025-tranches.toml").read_text(encoding="utf-8")
    toml.write_text(
        text + '\n[[variant]]\nname = "late"\n'
        "source = { dbh-sawit = { tranches = [{ month = 11, share = 100 }] } }\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.xlsx"
    result = CliRunner().invoke(main, ["init", "--excel", str(out), "--from", str(toml)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output == (
        f"Error: {toml}: variant 'late' changes tranches (source), which sheet Varian cannot hold; "
        "keep this scenario in TOML\n"
    )
    assert not out.exists()


def test_first_difference_names_the_deepest_field():
    assert first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == ("scenario.a[1].b", 2, 3)
    assert first_difference({"a": 1.0}, {"a": 1}) == ("scenario.a", 1.0, 1)
    assert first_difference({"a": (1, 2)}, {"a": (1, 2)}) is None


def test_workbook_has_the_monthly_sheets_with_planner_words():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(KITCHEN_SINKS[0])))
    kelompok = list(wb["Kelompok"].iter_rows(values_only=True))
    assert kelompok[0][-4:] == ("maks_bulan", "min_berturut", "jendela_awal", "jendela_akhir")
    assert kelompok[1][4] == "pilih" and kelompok[1][-4:] == (9, 3, 2, 11)
    assert list(wb["Tahap_Dana"].iter_rows(values_only=True))[1:] == [
        ("dbh", 5, 40, None),
        ("dbh", 10, 60, None),
        ("csr", 1, None, 100_000_000),
        ("csr", 7, None, 200_000_000),
    ]
    assert list(wb["Tumpang_Tindih"].iter_rows(values_only=True))[1:] == [
        ("nelayan, rt", 100, None, None),
        ("rt, nelayan", None, 5, None),
    ]
