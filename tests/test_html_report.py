"""The HTML report: numbers equal the JSON of `solve`, same bytes every run, self-contained, renders."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.html_report.sections import render_report, standard_targets
from optimizer.io import load_scenario
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict
from tests.headless import chromium_or_skip, run_chromium

ROOT = Path(__file__).resolve().parent.parent
TEACHING = str(ROOT / "scenarios" / "teaching-example.toml")


class Cells(HTMLParser):
    """Collects every element with data-key: its data-value and the text a reader sees."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, tuple[str, str]] = {}
        self._open: list[tuple[str, str] | None] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        self._open.append((a["data-key"], a["data-value"]) if "data-key" in a else None)
        self._text = "" if "data-key" in a else getattr(self, "_text", "")

    def handle_data(self, data):
        self._text = getattr(self, "_text", "") + data

    def handle_endtag(self, tag):
        top = self._open.pop() if self._open else None
        if top is not None:
            self.cells[top[0]] = (top[1], self._text.strip())


def _parse(html: str) -> dict[str, tuple[str, str]]:
    p = Cells()
    p.feed(html)
    return p.cells


def _seen(text: str, lang: str) -> float:
    """A displayed number back to a float: Rp 1.234.567 / Rp1,234,567 / 52,15% / 6,200."""
    t = text.replace("Rp", "").replace("%", "").strip()
    t = t.replace(".", "").replace(",", ".") if lang == "id" else t.replace(",", "")
    return float(t)


def _json_value(doc: dict, key: str):
    node = doc
    for part in key.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.fixture(scope="module")
def teaching_plan():
    return optimize(load_scenario(TEACHING))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_numbers_equal_the_json_of_solve(teaching_plan, lang):
    html = render_report(teaching_plan, None, None, lang)
    cells = _parse(html)
    doc = plan_to_dict(teaching_plan)
    checked = 0
    for key, (value, shown) in cells.items():
        if key.startswith("matrix."):
            continue
        expected = _json_value(doc, key)
        if isinstance(expected, bool):
            assert value == str(expected).lower(), key
            continue
        if isinstance(expected, str):
            assert value == expected, key
            continue
        assert float(value) == pytest.approx(expected), key
        if key.startswith("coverage.rate") or key == "coverage.target_rate":
            assert _seen(shown, lang) == pytest.approx(round(100 * expected, 2)), key
        else:
            assert _seen(shown, lang) == pytest.approx(expected), key
        checked += 1
    # every allocation, source and group number is in the report
    assert checked >= 8 + 4 * len(doc["allocations"]) + 4 * len(doc["sources"]) + 4 * len(doc["groups"])
    # the matrix cells add up the allocation rows
    for a in doc["allocations"]:
        value, shown = cells[f"matrix.persons.{a['source']}.{a['group']}"]
        assert int(value) == a["persons"] and _seen(shown, lang) == a["persons"]


def test_teaching_example_figures_by_hand(teaching_plan):
    """The scenario's comments work the optimum out: 6,200 persons, 36.2%, every Rupiah spent."""
    cells = _parse(render_report(teaching_plan, None, None, "id"))
    assert cells["coverage.new_persons"][1] == "6.200"
    assert cells["coverage.rate_after"][1] == "36,20%"
    budgets = 201_600_000 + 100_800_000 + 558_720_000
    assert cells["total_cost"] == (str(budgets), "Rp 861.120.000")


def test_report_command_is_deterministic_self_contained_and_atomic(tmp_path):
    runner = CliRunner()
    out = [tmp_path / "a.html", tmp_path / "b.html"]
    for path in out:
        result = runner.invoke(main, ["report", TEACHING, "--output", str(path), "--lang", "id"])
        assert result.exit_code == 0, result.output  # max-coverage: the 38% target is not required
    html = out[0].read_text(encoding="utf-8")
    assert out[0].read_bytes() == out[1].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no temporary files left
    # nothing fetched from anywhere: no scripts, links, images, fonts or URLs (SVG namespaces aside)
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\((?!#)|src=", html, re.I)
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert "@media print" in html and "size: A4" in html
    for section in ("summary", "allocation", "sources", "frontier", "marginal", "assumptions"):
        assert f'id="{section}"' in html
    assert html.count("<svg") == 2  # allocation and frontier charts, inline
    assert "Biaya mencapai target" in html and "Tobacco labourers" in html  # targets; assumptions


def test_report_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", TEACHING, "--output", str(tmp_path / "plan.txt")])
    assert result.exit_code == 2
    assert "name the report with the .html extension" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[region]\nname = 1\n")
    result = runner.invoke(main, ["report", str(bad), "--output", str(tmp_path / "plan.html")])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [bad]


def test_standard_targets():
    pati = load_scenario(str(ROOT / "scenarios" / "pati-2025.toml"))
    assert standard_targets(pati) == (40.0, 45.0, 50.0, 52.0)
    assert standard_targets(load_scenario(TEACHING)) == (35.0, 38.0)


def test_report_renders_in_headless_chromium(tmp_path):
    browser = chromium_or_skip()
    html = tmp_path / "plan.html"
    result = CliRunner().invoke(
        main, ["report", str(ROOT / "scenarios" / "pati-2025.toml"), "--output", str(html), "--lang", "id"]
    )
    assert result.exit_code == 1, result.output  # Pati's 52% target is out of reach with its budgets
    png, pdf = tmp_path / "plan.png", tmp_path / "plan.pdf"
    run_chromium(browser, "--screenshot=" + str(png), "--window-size=1240,1754", html.as_uri())
    run_chromium(browser, "--print-to-pdf=" + str(pdf), html.as_uri())
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (1240, 1754)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is None or len(colours) > 50  # text, tables and charts, not a blank page
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 4  # summary, allocation, frontier, marginal values each start a page
