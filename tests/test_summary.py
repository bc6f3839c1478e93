"""The one-page summary (Ringkasan): amounts in words, names not ids, no solver jargon, one A4 page."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from optimizer.analysis.frontier import budget_frontier
from optimizer.analysis.marginal import marginal_values
from optimizer.analysis.whynot import why_not
from optimizer.excel_report.plan import plan_workbook_bytes
from optimizer.html_report.sections import render_report, standard_targets
from optimizer.io import load_scenario
from optimizer.optimize import optimize
from optimizer.summary import rupiah_words
from tests.headless import chromium_or_skip, run_chromium

ROOT = Path(__file__).resolve().parents[1]
JARGON = re.compile(r"\bLP\b|relaksasi|relaxation|\bgap\b|top_up|solver|dual|laju", re.I)


@pytest.mark.parametrize(
    ("amount", "en", "id_"),
    [
        (1_500_000_000, "Rp 1.5 billion", "Rp 1,5 miliar"),
        (7_509_350_400, "Rp 7.5 billion", "Rp 7,5 miliar"),
        (504_000_000, "Rp 504 million", "Rp 504 juta"),
        (999_960_000, "Rp 1 billion", "Rp 1 miliar"),
        (2_300_000_000_000, "Rp 2.3 trillion", "Rp 2,3 triliun"),
        (64_000, "Rp64,000", "Rp 64.000"),
    ],
)
def test_amounts_in_words(amount, en, id_):
    assert (rupiah_words(amount, "en"), rupiah_words(amount, "id")) == (en, id_)


@pytest.fixture(scope="module", params=["pati-2025.toml", "pacitan-2025.toml", "pasaman-barat-2025.toml"])
def solved(request):
    s = load_scenario(ROOT / "scenarios" / request.param)
    plan = optimize(s)
    frontier = budget_frontier(s, plan.metric, steps=5, targets=standard_targets(s))
    return plan, marginal_values(plan), frontier, why_not(plan)


def _first_page(html: str) -> str:
    """The document up to where the annex begins (its first section starts a new page)."""
    return html[: html.index('<section id="summary"')] + "</body>\n</html>\n"


def _summary_text(html: str) -> str:
    start = html.index('<section id="ringkasan">')
    return unescape(re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)]))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_names_not_ids_and_no_jargon(solved, lang):
    plan, marginal, frontier, why = solved
    text = _summary_text(render_report(plan, marginal, frontier, lang, "", why))
    s = plan.scenario
    for thing in (*s.groups, *s.sources):
        if thing.id != thing.name:
            assert not re.search(rf"(?<![\w-]){re.escape(thing.id)}(?![\w-])", text), thing.id
        if thing in s.groups or plan.sources.set_index("source").loc[thing.id, "premium_budget"] > 0:
            assert thing.name in text
    assert not JARGON.search(text), JARGON.search(text)
    assert ("miliar" if lang == "id" else "billion") in text
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(plan, lang, marginal_values)))
    first = wb.worksheets[0]
    assert first.title == ("Ringkasan" if lang == "id" else "Summary")
    cells = " ".join(str(c) for row in first.iter_rows(values_only=True) for c in row if c is not None)
    assert not JARGON.search(cells)
    assert all(g.name in cells for g in s.groups)


def test_target_decision_is_stated(solved):
    plan, marginal, frontier, why = solved
    text = _summary_text(render_report(plan, marginal, frontier, "id", "", why))
    if plan.coverage.target_met:
        assert "tercapai." in text
    else:
        assert "belum tercapai" in text
    if plan.shortfall is not None and plan.shortfall.extra_budget:
        apbd = plan.scenario.source(plan.shortfall.extra_budget[0][0]).name
        assert f"ke {apbd}" in text and "Biaya setiap tahap target" in text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_summary_fits_one_a4_page_in_chromium(solved, lang, tmp_path):
    browser = chromium_or_skip()
    plan, marginal, frontier, why = solved
    page = tmp_path / "page1.html"
    page.write_text(_first_page(render_report(plan, marginal, frontier, lang, "", why)), encoding="utf-8")
    pdf = tmp_path / "page1.pdf"
    run_chromium(browser, f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
