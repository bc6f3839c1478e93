"""Reading scenarios and writing plans. Readers return a checked `Scenario`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from optimizer.checks import check_errors
from optimizer.errors import FieldPath, ScenarioError
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.toml_reader import describe_toml_path, read_toml
from optimizer.scenario import Scenario

__all__ = ["checked_scenario", "load_scenario", "read_scenario_data"]

#: Why a command other than validate, solve, report, compare and frontier refuses a village-level file
#: (README, "Which command takes which scenario"). Those five tell such a file by `is_area_file` before
#: reading.
VILLAGE_REFUSAL = (
    "a village-level scenario: only validate, solve, report, compare and frontier read village data so far "
    "(this command would treat the villages as one pot and ignore whose money may pay for whom); plan it "
    "with solve, compare or frontier, or write group totals instead of [areas] for this analysis"
)
#: Scenario workbooks (macros in .xlsm are ignored, never run).
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def read_scenario_data(path: str | Path) -> tuple[dict, Callable[[FieldPath], str]]:
    """The parsed file (TOML or Excel) as plain data, and a function naming a field's place in it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ScenarioError(
            "is an old Excel 97-2003 .xls file; save it as Excel Workbook (.xlsx)", file=str(path)
        )
    if suffix in EXCEL_SUFFIXES:
        from optimizer.io.excel_reader import read_excel  # openpyxl only when needed

        data, locations = read_excel(path)
        return data, locations.describe
    toml = read_toml(path)
    if "areas" in toml:
        raise ScenarioError(VILLAGE_REFUSAL, file=str(path), where="[areas]")
    return toml, lambda field_path: describe_toml_path(toml, field_path)


def load_scenario(path: str | Path) -> Scenario:
    """Read, type-check and cross-check a scenario file.

    Raises
    ------
    ScenarioError
        One line naming the file, the field and what to do.
    """
    data, describe = read_scenario_data(path)
    return checked_scenario(data, path, describe)


def checked_scenario(data: dict, path: str | Path, describe) -> Scenario:
    """The `Scenario` of parsed file data, cross-checked; errors name `path` and the field
    (`describe` turns a field path into the file's own words: TOML keys or sheet cells)."""
    try:
        scenario = scenario_from_mapping(data, str(path))
        check_errors(scenario)
    except ScenarioError as exc:
        raise exc.located(str(path), describe(exc.path)) from None
    return scenario
