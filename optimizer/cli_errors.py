"""Exit codes and the two click errors every command raises (apart from cli.py, so command
modules such as cli_plans.py need not import cli.py back)."""

from __future__ import annotations

import click

EXIT_OK, EXIT_REQUIREMENTS_NOT_MET, EXIT_BAD_INPUT, EXIT_SOLVER = 0, 1, 2, 3
EXIT_CODES = """\b
Exit codes:
  0  a plan was found and every requirement is met
  1  the target (min-cost) or a floor cannot be met; the best plan and
     what is missing are still printed
  2  bad input: one line names the file, the field and what to do
  3  the solver is missing, failed, or stopped before proving optimality
"""


class InputError(click.ClickException):
    exit_code = EXIT_BAD_INPUT


class SolverFailure(click.ClickException):
    exit_code = EXIT_SOLVER
