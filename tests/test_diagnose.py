"""One explanation engine (optimizer.diagnose) for annual and monthly scenarios.

Annual scenarios are solved as the monthly model with one run per group: their
explanations are pinned byte for byte by the golden files (tests/test_golden.py). Here:
the sentences the old monthly path got wrong, in both languages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.areas.data import is_area_file
from optimizer.cli import main
from optimizer.io import load_scenario
from optimizer.messages import say
from optimizer.monthly.months import uses_monthly_model
from optimizer.optimize import optimize
from optimizer.result import ALLOCATION_COLUMNS
from optimizer.scenario import Objective

ONE_REGION = [p for p in sorted(Path("scenarios").glob("*.toml")) if not is_area_file(p)]
ANNUAL = [p for p in ONE_REGION if not uses_monthly_model(load_scenario(p))]


def _sentences(reasons, lang):
    return [say(r, lang) for r in reasons]


@pytest.mark.parametrize("path", ANNUAL, ids=lambda p: p.stem)
@pytest.mark.parametrize("objective", list(Objective))
def test_an_annual_scenario_is_the_monthly_model_with_one_run_per_group(path, objective):
    """Naming December as the reporting month turns an annual file into a monthly one with
    the same runs: the plan and every sentence must stay, only the month tables appear."""
    annual = load_scenario(path)
    monthly = dataclasses.replace(annual, region=dataclasses.replace(annual.region, reporting_month=12))
    a, m = optimize(annual, objective), optimize(monthly, objective)
    assert a.monthly is None and m.monthly is not None
    assert list(a.allocations.columns) == list(ALLOCATION_COLUMNS)
    assert len(a.allocations) == len(a.allocations[["source", "group"]].drop_duplicates())
    assert a.allocations.equals(m.allocations[list(ALLOCATION_COLUMNS)])
    assert (a.total_cost, a.outcome, a.coverage) == (m.total_cost, m.outcome, m.coverage)
    for lang in ("en", "id"):
        assert _sentences(a.binding, lang) == _sentences(m.binding, lang)
        assert (a.shortfall is None) == (m.shortfall is None)
        if a.shortfall:
            assert _sentences(a.shortfall.reasons, lang)[1:] == _sentences(m.shortfall.reasons, lang)[1:]


def test_trenggalek_2023_money_left_unused_is_explained():
    """The monthly explanations once lacked `bind.unused`; annual scenarios now take that path."""
    s = load_scenario("scenarios/trenggalek-2023-actual.toml")
    assert (
        "source apbd: Rp83,360,000 left unused because every group it may pay for is fully covered (all)"
        in [say(b) for b in optimize(s).binding]
    )


def _monthly_floors_unaffordable(tmp_path: Path) -> Path:
    """The teaching example, monthly (reporting month), with an APBD too small for the RT/RW floor."""
    text = Path("scenarios/teaching-example.toml").read_text()
    text = text.replace("[region]\n", "[region]\nreporting_month = 12\n", 1)
    text = text.replace("budget = 558_720_000", "budget = 100_000_000")
    out = tmp_path / "floors.toml"
    out.write_text(text)
    return out


def test_monthly_floor_shortfall_is_translated(tmp_path):
    path = _monthly_floors_unaffordable(tmp_path)
    result = CliRunner().invoke(main, ["solve", str(path), "--lang", "id"])
    assert result.exit_code == 1, result.output
    assert "kelompok rt-rw: batas bawah 1.200 tidak terbiayai, kurang 429 orang" in result.output
    assert "cannot be afforded" not in result.output
    english = CliRunner().invoke(main, ["solve", str(path), "--lang", "en"])
    assert "group rt-rw: floor of 1,200 cannot be afforded, 429 persons short" in english.output


def test_monthly_and_annual_floor_shortfalls_give_the_same_reasons(tmp_path):
    path = _monthly_floors_unaffordable(tmp_path)
    monthly = optimize(load_scenario(path))
    path.write_text(path.read_text().replace("reporting_month = 12\n", ""))
    annual = optimize(load_scenario(path))
    assert monthly.outcome == annual.outcome == "floors-unaffordable"
    for lang in ("en", "id"):
        assert _sentences(monthly.floor_shortfall.reasons, lang) == _sentences(
            annual.floor_shortfall.reasons, lang
        )
