"""Every command of the `optimizer` group maps our errors to exit codes in one place
(`optimizer.cli_guard.Group`): a command added later needs no try/except of its own."""

from __future__ import annotations

import click
from click.testing import CliRunner

from optimizer.cli_guard import Group
from optimizer.errors import ScenarioError, SolverError


def _group_with(error: Exception) -> click.Group:
    @click.group(cls=Group)
    def main() -> None:
        pass

    @main.command()
    def fails() -> None:
        raise error

    return main


def test_a_scenario_error_is_one_line_and_exit_2():
    error = ScenarioError(
        "is not a number; write the budget in Rupiah", ("source", 0, "budget"), file="a.toml"
    )
    result = CliRunner().invoke(_group_with(error), ["fails"])
    assert result.exit_code == 2
    assert result.output == f"Error: {error}\n"
    assert "a.toml" in result.output and "Traceback" not in result.output


def test_a_solver_error_is_one_line_and_exit_3():
    result = CliRunner().invoke(_group_with(SolverError("HiGHS failed; try --solver cbc")), ["fails"])
    assert (result.exit_code, result.output) == (3, "Error: HiGHS failed; try --solver cbc\n")


def test_other_errors_are_not_swallowed():
    result = CliRunner().invoke(_group_with(ZeroDivisionError("a bug")), ["fails"])
    assert result.exit_code == 1 and isinstance(result.exception, ZeroDivisionError)
