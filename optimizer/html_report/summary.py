"""The first page of the HTML report: the `optimizer.summary` narrative, on one A4 page."""

from __future__ import annotations

from html import escape

from optimizer.i18n import Lang
from optimizer.summary import AUDIT_WORDS, Summary, Table, audit_lines

#: Added to the report's CSS: the summary page is set a little tighter than the annex.
SUMMARY_CSS = """
#ringkasan h2 { margin-top: 3mm; }
#ringkasan p { margin: 1mm 0; }
#ringkasan p.lead { font-size: 10.5pt; }
#ringkasan p.note { margin: 0.5mm 0 1mm; font-size: 8.5pt; }
#ringkasan table { font-size: 8pt; margin: 0.5mm 0 1mm; }
#ringkasan th, #ringkasan td { padding: 0.5mm 1mm; }
#ringkasan h3 { margin: 2mm 0 0.8mm; font-size: 10.5pt; }
#ringkasan ul { margin: 0.5mm 0 1mm; }
#ringkasan li { margin: 0.2mm 0; font-size: 9pt; }"""


def summary_section(summary: Summary) -> str:
    parts = [f'<section id="ringkasan">\n<h2>{escape(summary.title)}</h2>']
    parts += [f'<p class="lead">{escape(p)}</p>' for p in summary.paragraphs]
    parts += [_table(t) for t in summary.tables]
    if summary.gaps:
        title = escape(summary.gaps_title)
        items = "".join(f"<li>{escape(g)}</li>" for g in summary.gaps)
        parts.append(f"<h3>{title}</h3>\n<ul>{items}</ul>")
    parts.append(f'<p class="note">{escape(summary.annex)}</p>')
    return "\n".join(parts) + "\n</section>"


def _table(t: Table) -> str:
    head = "".join(
        f'<th class="num">{escape(h)}</th>'
        if t.numeric_from <= i < len(t.headers) - t.text_last
        else f"<th>{escape(h)}</th>"
        for i, h in enumerate(t.headers)
    )
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>'
            if t.numeric_from <= i < len(row) - t.text_last
            else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in t.rows
    )
    note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
    table = f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"
    return f"<h3>{escape(t.title)}</h3>\n{table}{note}"


def audit_section(doc: dict, lang: Lang) -> str:
    """The last section: what the plan was computed from (see `optimizer.audit`)."""
    title = AUDIT_WORDS.text("title", lang)
    solver = AUDIT_WORDS.text("solver", lang)
    rows = "\n".join(
        ('<tr class="solver">' if k == solver else "<tr>") + f"<th>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in audit_lines(doc, lang)
    )
    table = f'<table class="kv"><tbody>\n{rows}\n</tbody></table>'
    return f'<section id="audit">\n<h2>{escape(title)}</h2>\n{table}\n</section>'
