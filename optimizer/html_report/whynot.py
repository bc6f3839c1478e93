"""The why-not section of the HTML report: each group not fully covered, and what would bring it in."""

from __future__ import annotations

from html import escape

from optimizer.analysis.whynot import WhyNot
from optimizer.analysis.whynot_text import item_lines
from optimizer.i18n import Lang
from optimizer.messages import text
from optimizer.scenario import Scenario


def whynot_section(items: tuple[WhyNot, ...] | None, s: Scenario, lang: Lang) -> str:
    """`<section id="why-not">`; empty when the lines were not computed (--no-marginal)."""
    if items is None:
        return ""
    parts = [f'<section id="why-not">\n<h2>{escape(text("wn.title", lang))}</h2>']
    if not items:
        parts.append('<p class="note">-</p>')
    else:
        parts.append("<ul>")
        for w in items:
            head, *lines = item_lines(w, s, lang)
            sub = "".join(f"<li>{escape(x)}</li>" for x in lines)
            parts.append(
                f'<li data-key="why_not.{escape(w.group)}">{escape(head)}'
                + (f"<ul>{sub}</ul>" if sub else "")
                + "</li>"
            )
        parts.append("</ul>")
        parts.append(f'<p class="note">{escape(text("wn.method", lang))}</p>')
    return "\n".join(parts) + "\n</section>"
