"""Read a scenario file together with its optional `[horizon]` and `[uncertainty]` tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from optimizer.checks import check_errors
from optimizer.errors import ScenarioError
from optimizer.io.mapping import scenario_from_mapping
from optimizer.multiyear.horizon import Horizon, check_horizon, check_plan_years, horizon_from_mapping
from optimizer.scenario import Scenario
from optimizer.uncertainty.ranges import Uncertainty, uncertainty_from_mapping


@dataclass(frozen=True)
class ScenarioFile:
    scenario: Scenario
    horizon: Horizon | None
    uncertainty: Uncertainty | None


def load_scenario_file(path: str | Path, plan_years: bool = False) -> ScenarioFile:
    """Read, type-check and cross-check a scenario file with its extensions; `plan_years`:
    also what plan-years needs of the scenario (`check_plan_years`), located in the file.

    Raises
    ------
    ScenarioError
        One line naming the file, the field and what to do.
    """
    from optimizer.io import read_scenario_data  # TOML or Excel, as for solve

    path = Path(path)
    data, describe = read_scenario_data(path)
    try:
        scenario = scenario_from_mapping(data, str(path))
        check_errors(scenario)
        horizon = horizon_from_mapping(data, scenario)
        if horizon is not None:
            check_horizon(horizon)
            if plan_years:
                check_plan_years(horizon, scenario)
        uncertainty = uncertainty_from_mapping(data, scenario)
    except ScenarioError as exc:
        raise exc.located(str(path), describe(exc.path)) from None
    return ScenarioFile(scenario, horizon, uncertainty)
