"""Reading scenarios and writing plans. Readers return a checked `Scenario`."""

from __future__ import annotations

from pathlib import Path

from optimizer.checks import check_errors
from optimizer.errors import ScenarioError
from optimizer.io.excel_reader import read_excel
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.toml_reader import describe_toml_path, read_toml
from optimizer.scenario import Scenario

__all__ = ["load_scenario"]

#: Scenario workbooks (macros in .xlsm are ignored, never run).
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def load_scenario(path: str | Path) -> Scenario:
    """Read, type-check and cross-check a scenario file.

    Raises
    ------
    ScenarioError
        One line naming the file, the field and what to do.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ScenarioError(
            "is an old Excel 97-2003 .xls file; save it as Excel Workbook (.xlsx)", file=str(path)
        )
    if suffix in EXCEL_SUFFIXES:
        data, locations = read_excel(path)
        describe = locations.describe
    else:
        data = read_toml(path)

        def describe(field_path):
            return describe_toml_path(data, field_path)

    try:
        scenario = scenario_from_mapping(data, str(path))
        check_errors(scenario)
    except ScenarioError as exc:
        raise exc.located(str(path), describe(exc.path)) from None
    return scenario
