"""The village section of the HTML report: per-kecamatan table and villages sorted by coverage."""

from __future__ import annotations

import re

import pytest

from optimizer.areas.data import load_area_scenario
from optimizer.areas.optimize import optimize_areas
from optimizer.areas.report import area_to_dict
from optimizer.html_report.villages import MAX_BARS, coverage_svg, render_area_report, village_section


@pytest.fixture(scope="module")
def pati():
    return optimize_areas(load_area_scenario("scenarios/pati-2025-desa.toml"))


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Coverage per kecamatan"), ("id", "Cakupan per kecamatan")]
)
def test_section_has_one_row_per_kecamatan_and_one_bar_per_village(pati, lang, words):
    html = village_section(area_to_dict(pati), lang)
    assert words in html
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(33\.18\.\d\d)</td>", html)
    assert len(rows) == 21 and rows[0] == ("Sukolilo", "33.18.01")
    # 401 desa have project workers; the 5 kelurahan have nobody uncovered and get no bar.
    assert html.count('fill="#0072B2"') == 401


def test_kecamatan_totals_add_up_to_the_plan(pati):
    doc = area_to_dict(pati)
    districts = doc["areas"]["districts"]
    assert sum(d["covered"] for d in districts) == doc["coverage"]["new_persons"] == 7_975
    assert sum(d["cost"] for d in districts) == doc["total_cost"]


def test_bars_are_sorted_by_coverage_and_capped():
    shares = [i / 999 for i in range(1000)][::-1]
    svg = coverage_svg(shares, "en")
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([0-9.]+)"', svg)]
    assert len(heights) == MAX_BARS and heights == sorted(heights)
    assert heights[0] == 0 and heights[-1] == max(heights)


def test_names_are_escaped(pati):
    doc = area_to_dict(pati)
    doc["areas"]["districts"][0]["district_name"] = "<script>x</script>"
    html = village_section(doc, "en")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_whole_report_keeps_its_sections_and_says_what_is_left_out(pati):
    html = render_area_report(pati, "id")
    order = re.findall(r'<section id="([a-z]+)"', html)
    assert order.index("villages") == order.index("allocation") + 1
    assert "belum dihitung untuk rencana tingkat desa" in html
