"""What every command shares, in one place: one-line option errors and the checks of the
options that name output files or limits.

`Group` is the command group class of `optimizer.cli.main`. Every command added to it
(now or later, from any module) gets the same treatment:

- click's usage errors (a bad or missing option, a value out of range) print one line,
  `Error: <what>; see <command> --help`, exit 2, instead of click's three lines
  (Usage / Try / Error);
- `--output`, `--excel` and `--plot` must name a file (not '', not a folder, device,
  named pipe or symlink); `--output`'s extension must be a format the command writes,
  and gives the format when `--format` is not given;
- `--time-limit` must be a finite number of seconds;
- our errors become exit codes here, for every command: a `ScenarioError` (bad input: one
  line naming the file and the field) exits 2, a `SolverError` exits 3, each as one line;
- the record of files read (`optimizer.io.safe_read`) starts empty, so a command never
  writes over a file it read, whatever an earlier command in the same process read.
"""

from __future__ import annotations

import functools
import math
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from optimizer.cli_errors import InputError, SolverFailure
from optimizer.errors import ScenarioError, SolverError
from optimizer.io.safe_read import forget_inputs
from optimizer.io.writers import OutputError, check_target

#: Parameters that name a file the command writes.
OUTPUT_PARAMS = ("output", "excel", "plots")
#: Extensions that say which format a file holds; one the command cannot write is an error.
FORMAT_EXTENSIONS = {
    "json": "json",
    "csv": "csv",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "xls": "xls",
    "html": "html",
    "htm": "html",
    "svg": "svg",
    "png": "png",
    "pdf": "pdf",
    "parquet": "parquet",
    "toml": "toml",
}
EXIT_BAD_INPUT = 2


class Group(click.Group):
    """The `optimizer` command group: every command's errors and output options checked alike."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.callback is not None:
            cmd.callback = _guarded(cmd.callback)
        super().add_command(cmd, name)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _usage_error(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _usage_error(exc) from None


class OneLineUsageError(click.ClickException):
    """A usage error as one line (`Error: ...`), exit 2 like every bad input."""

    exit_code = EXIT_BAD_INPUT


#: `python -m optimizer` alone prints the help: that usage "error" stays as click shows it.
_SHOW_AS_IS = tuple(
    getattr(click.exceptions, name) for name in ("NoArgsIsHelpError",) if hasattr(click.exceptions, name)
)


def _usage_error(exc: click.UsageError) -> click.ClickException:
    if isinstance(exc, _SHOW_AS_IS):
        return exc
    return OneLineUsageError(_one_line(exc))


def _one_line(exc: click.UsageError) -> str:
    message = " ".join(exc.format_message().split())
    ctx = exc.ctx
    if ctx is not None and ctx.command.name:
        return f"{message.rstrip('.')}; see {ctx.command_path} --help"
    return message


def _guarded(callback):
    @functools.wraps(callback)
    def run(*args: Any, **params: Any) -> Any:
        forget_inputs()
        check_options(click.get_current_context(), params)
        try:
            return callback(*args, **params)
        except ScenarioError as exc:
            raise InputError(str(exc)) from None
        except SolverError as exc:
            raise SolverFailure(str(exc)) from None
        except ModuleNotFoundError as exc:
            # Commands import their libraries when they run (start-up, issue 14): a library
            # missing from this Python is one line, as `optimizer/__init__.py` says it at import.
            if (exc.name or "").partition(".")[0] in ("", "optimizer"):
                raise
            raise OneLineUsageError(
                f"{exc.name!r} is not installed for {sys.executable}; run `pip install .` first"
            ) from None

    return run


def check_options(ctx: click.Context, params: dict[str, Any]) -> None:
    """Refuse output and limit options no command can honour; fill --format from --output."""
    for name in OUTPUT_PARAMS:
        values = params.get(name)
        for value in values if isinstance(values, tuple) else (values,):
            if value is not None:
                _check_output(name, value)
    limit = params.get("time_limit")
    if limit is not None and not math.isfinite(limit):
        raise click.BadParameter(f"{limit} is not a number of seconds", param_hint="'--time-limit'")
    _format_from_output(ctx, params)


def _check_output(name: str, value: str) -> None:
    option = "--" + name.rstrip("s")
    if value == "":
        raise click.BadParameter(
            "is empty; name a file, or leave the option out to print to the screen", param_hint=f"'{option}'"
        )
    try:
        check_target(value)
    except OutputError as exc:
        message = f"{value} cannot be written ({exc.strerror})"
        raise click.BadParameter(message, param_hint=f"'{option}'") from None


def _format_from_output(ctx: click.Context, params: dict[str, Any]) -> None:
    """--output's extension names the format: one the command cannot write is an error, and
    without --format it is the format (compare, like solve and frontier)."""
    output = params.get("output")
    fmt_param = next((p for p in ctx.command.params if p.name == "fmt"), None)
    if not output or fmt_param is None or not isinstance(fmt_param.type, click.Choice):
        return
    choices = [str(c) for c in fmt_param.type.choices]
    extension = Path(output).suffix.lower().lstrip(".")
    claimed = FORMAT_EXTENSIONS.get(extension)
    if claimed is None:
        return  # .txt, no extension: the table (or what --format says)
    if claimed not in choices:
        files = [c for c in choices if c != "table"]
        raise click.BadParameter(
            f"{output}: {ctx.command_path} does not write .{extension} files; "
            f"name it .{' or .'.join(files)} (or .txt for the table)",
            param_hint="'--output'",
        )
    if ctx.get_parameter_source("fmt") in (None, ParameterSource.DEFAULT):
        params["fmt"] = claimed
