"""Click options shared by several commands (kept apart from cli.py to avoid import cycles)."""

from __future__ import annotations

import click

from optimizer import i18n


def lang_option(what: str = "tables"):
    """--lang: the language of what a planner reads; JSON and CSV always stay English."""
    return click.option(
        "--lang",
        type=click.Choice(list(i18n.LANGS)),
        envvar=i18n.LANG_ENV,
        show_envvar=True,
        default=i18n.DEFAULT_LANG,
        show_default=True,
        help=f"Language of {what}: en (English) or id (Bahasa Indonesia, Rp 1.234.567 and 52,00%). "
        "JSON and CSV are always English.",
    )
