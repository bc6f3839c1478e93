"""Reading scenarios and writing plans. Readers return a checked `Scenario`."""

from __future__ import annotations

from pathlib import Path

from optimizer.checks import check_errors
from optimizer.errors import ScenarioError
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.toml_reader import describe_toml_path, read_toml
from optimizer.scenario import Scenario

__all__ = ["load_scenario"]


def load_scenario(path: str | Path) -> Scenario:
    """Read, type-check and cross-check a scenario file.

    Raises
    ------
    ScenarioError
        One line naming the file, the field and what to do.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ScenarioError("Excel scenarios are not supported yet; use a .toml file", file=str(path))
    data = read_toml(path)
    try:
        scenario = scenario_from_mapping(data, str(path))
        check_errors(scenario)
    except ScenarioError as exc:
        raise exc.located(str(path), describe_toml_path(data, exc.path)) from None
    return scenario
