"""The `app` command: open the planner app in the browser. Imports the web parts only when run,
so the CLI works without the `app` extra."""

from __future__ import annotations

import click

from optimizer.cli_errors import InputError
from optimizer.cli_options import lang_option

INSTALL_HINT = 'the app needs its extra; install it with: pip install "ucj-optimizer[app]"'


@click.command("app")
@click.argument("scenario", required=False, type=click.Path(dir_okay=True))
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port). The app is never reachable from other machines.",
)
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
@lang_option("the app (it can be switched on the page)")
def app_command(scenario: str | None, port: int, no_browser: bool, lang: str) -> None:
    """Open the planner app: edit SCENARIO (.toml or .xlsx; default: the teaching example)
    in the browser, move the budgets, the objective, the metric and the target, and see the
    plan re-solved at once (coverage before -> after, cost, status, allocation, limits).
    Download the plan workbook, the HTML report and the edited scenario (TOML or Excel);
    save variants and compare them; draw the frontier. Runs on 127.0.0.1 only and writes
    nothing to disk except what you download. Ctrl-C stops it.

    \b
    Example:
      ucj-optimizer app scenarios/pati-2025.toml
    """
    from optimizer import i18n
    from optimizer.errors import ScenarioError

    try:
        from optimizer.app.server import serve
        from optimizer.app.workspace import Workspace
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    language = i18n.resolve_lang(lang)
    try:
        ws = Workspace.from_path(scenario, language) if scenario else Workspace.teaching(language)
    except ScenarioError as exc:
        raise InputError(str(exc)) from None
    try:
        serve(ws, port, open_browser=not no_browser, echo=lambda text: click.echo(text, err=True))
    except OSError as exc:
        raise InputError(f"port {port} on 127.0.0.1 cannot be used ({exc.strerror}); try --port 0") from None
