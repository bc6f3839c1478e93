"""One explanation engine (optimizer.diagnose) for the annual and the monthly plan.

An annual scenario solved by the monthly model (one run per group) must be explained
with the same sentences as by the annual model, and the monthly floor shortfall must
speak the planner's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.areas.data import is_area_file
from optimizer.cli import main
from optimizer.io import load_scenario
from optimizer.messages import say
from optimizer.monthly.months import uses_monthly_model
from optimizer.monthly.optimize import optimize_monthly
from optimizer.optimize import optimize
from optimizer.scenario import Objective

ONE_REGION = [p for p in sorted(Path("scenarios").glob("*.toml")) if not is_area_file(p)]
ANNUAL = [p for p in ONE_REGION if not uses_monthly_model(load_scenario(p))]


def _sentences(reasons, lang):
    return [say(r, lang) for r in reasons]


@pytest.mark.parametrize("path", ANNUAL, ids=lambda p: p.stem)
@pytest.mark.parametrize("objective", list(Objective))
def test_monthly_model_with_one_run_per_group_explains_like_the_annual_model(path, objective):
    s = load_scenario(path)
    annual = optimize(s, objective)
    monthly = optimize_monthly(s, objective, s.metric, "highs", None)
    assert monthly.total_cost == annual.total_cost
    for lang in ("en", "id"):
        assert _sentences(monthly.binding, lang) == _sentences(annual.binding, lang)
        assert (monthly.shortfall is None) == (annual.shortfall is None)
        if annual.shortfall:
            assert _sentences(monthly.shortfall.reasons, lang) == _sentences(annual.shortfall.reasons, lang)


def test_trenggalek_2023_money_left_unused_is_explained_by_the_monthly_model_too():
    s = load_scenario("scenarios/trenggalek-2023-actual.toml")
    monthly = optimize_monthly(s, s.objective, s.metric, "highs", None)
    assert (
        "source apbd: Rp83,360,000 left unused because every group it may pay for is fully covered (all)"
        in [say(b) for b in monthly.binding]
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
