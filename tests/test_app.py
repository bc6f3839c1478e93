"""The planner app through Starlette's test client: every figure it shows is the library's answer.

Expected values come from the library as the CLI uses it (`load_scenario`, `optimize`,
`plan_to_dict`, the CLI itself for downloads), never from the app's own code.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from optimizer.analysis.compare import compare, render_table  # noqa: E402
from optimizer.app.server import create_app  # noqa: E402
from optimizer.app.toml_text import to_toml  # noqa: E402
from optimizer.app.workspace import Workspace  # noqa: E402
from optimizer.areas.data import is_area_file
from optimizer.errors import ScenarioError  # noqa: E402
from optimizer.io import load_scenario, read_scenario_data  # noqa: E402
from optimizer.optimize import optimize  # noqa: E402
from optimizer.report import plan_to_dict  # noqa: E402

TEACHING = "scenarios/teaching-example.toml"
PATI = "scenarios/pati-2025.toml"


class _Figures(HTMLParser):
    """data-key -> data-value of every figure on the page (the report sections mark them)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-key" in a:
            self.values[a["data-key"]] = a.get("data-value", "")


def figures(html: str) -> dict[str, str]:
    parser = _Figures()
    parser.feed(html)
    return parser.values


def client_for(ws: Workspace) -> TestClient:
    return TestClient(create_app(ws), base_url="http://127.0.0.1")


def assert_shows(html: str, doc: dict) -> None:
    shown = figures(html)
    assert shown["status"] == doc["status"]
    assert int(shown["total_cost"]) == doc["total_cost"]
    for key in ("rate_before", "rate_after", "target_rate"):
        assert float(shown[f"coverage.{key}"]) == doc["coverage"][key]
    for key in ("active_before", "active_after", "new_persons", "workforce"):
        assert int(shown[f"coverage.{key}"]) == doc["coverage"][key]
    for i, a in enumerate(doc["allocations"]):
        assert int(shown[f"allocations.{i}.persons"]) == a["persons"]
        assert int(shown[f"allocations.{i}.cost"]) == a["cost"]


def with_budget(path: str, source: str, budget: int):
    s = load_scenario(path)
    sources = tuple(dataclasses.replace(x, budget=budget) if x.id == source else x for x in s.sources)
    return dataclasses.replace(s, sources=sources)


@pytest.fixture
def pati():
    return client_for(Workspace.from_path(PATI))


def _index(ws_client: TestClient, section: str, ident: str) -> int:
    ids = re.findall(rf'data-field="{section}\.(\d+)\.id" value="([^"]*)"', ws_client.get("/").text)
    return next(int(i) for i, v in ids if v == ident)


def test_page_shows_the_plan_solve_gives(pati):
    assert_shows(pati.get("/").text, plan_to_dict(optimize(load_scenario(PATI))))


ONE_REGION = sorted(str(p) for p in Path("scenarios").glob("*.toml") if not is_area_file(p))


@pytest.mark.parametrize("path", ONE_REGION)
def test_every_bundled_scenario_opens_and_shows_the_plan_solve_gives(path):
    page = client_for(Workspace.from_path(path)).get("/").text
    assert_shows(page, plan_to_dict(optimize(load_scenario(path))))


def test_an_area_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "areas.toml"
    path.write_text(
        Path(TEACHING).read_text(encoding="utf-8") + '\n[areas]\nfile = "v.csv"\n', encoding="utf-8"
    )
    # The shared loader's refusal (the one every analysis command gives for a village file).
    refusal = "village-level scenario: only validate, solve, report, compare and frontier"
    with pytest.raises(ScenarioError, match=refusal) as refused:
        Workspace.from_path(path)
    assert "\n" not in str(refused.value)


def test_teaching_example_without_a_file_is_the_bundled_example():
    page = client_for(Workspace.teaching()).get("/").text
    assert_shows(page, plan_to_dict(optimize(load_scenario(TEACHING))))
    assert figures(page)["status"] == "optimal"  # proven by the solver, as `solve` says


def test_budget_edit_re_solves_to_the_plan_of_the_edited_scenario(pati):
    apbd = _index(pati, "source", "apbd")
    answer = pati.post("/edit", data={"field": f"source.{apbd}.budget", "value": "4.250.000.000"}).json()
    expected = plan_to_dict(optimize(with_budget(PATI, "apbd", 4_250_000_000)))
    assert answer["problem"] is None
    assert answer["figures"]["total_cost"] == expected["total_cost"]
    assert_shows(answer["results"], expected)
    assert_shows(pati.get("/").text, expected)
    assert 'value="4250000000"' in pati.get("/").text


def test_objective_metric_and_target_edits_re_solve(pati):
    pati.post("/edit", data={"field": "optimize.objective", "value": "max-coverage"})
    pati.post("/edit", data={"field": "optimize.metric", "value": "person-months"})
    answer = pati.post("/edit", data={"field": "region.target_rate", "value": "45"}).json()
    s = load_scenario(PATI)
    s = dataclasses.replace(s, region=dataclasses.replace(s.region, target_rate=45.0))
    from optimizer.scenario import Metric, Objective

    expected = plan_to_dict(optimize(s, Objective.MAX_COVERAGE, Metric.PERSON_MONTHS))
    assert_shows(answer["results"], expected)
    assert expected["objective"] == "max-coverage" and expected["metric"] == "person-months"


@pytest.mark.parametrize(
    ("field", "typed", "toml_line"),
    [
        ("source.{apbd}.budget", "abc", 'budget = "abc"'),
        ("source.{apbd}.budget", "-5", "budget = -5"),
        ("group.{desil}.floor", "banyak", 'floor = "banyak"'),
        ("group.{desil}.floor", "999999", "floor = 999999"),
        ("source.{apbd}.eligible", "desil-9", 'eligible = ["desil-9"]'),
    ],
)
def test_a_bad_value_shows_the_files_one_line_error_beside_the_field(pati, tmp_path, field, typed, toml_line):
    field = field.format(apbd=_index(pati, "source", "apbd"), desil=_index(pati, "group", "desil-1-2"))
    before = figures(pati.get("/").text)
    answer = pati.post("/edit", data={"field": field, "value": typed}).json()
    # The same edit written into the file: the CLI's error, with the same place and words.
    key = toml_line.split(" = ")[0]
    section, index = field.split(".")[:2]
    text = Path(PATI).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    entry = data[section][int(index)]
    edited = dict(entry, **tomllib.loads(toml_line))
    data[section][int(index)] = edited
    path = tmp_path / Path(PATI).name
    path.write_text(to_toml(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert answer["problem"]["message"] == str(err.value).replace(str(path), PATI)
    assert answer["problem"]["field"] == field
    assert "\n" not in answer["problem"]["message"] and key in answer["problem"]["message"]
    page = pati.get("/").text
    assert error_beside(page, field) == answer["problem"]["message"]
    assert figures(page)["total_cost"] == before["total_cost"]  # the last valid plan stays, marked stale
    assert "Traceback" not in page


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def error_beside(page: str, field: str) -> str:
    from html import unescape

    found = re.search(rf'data-error-for="{re.escape(field)}">([^<]*)</span>', page)
    return unescape(found.group(1)) if found else ""


def test_downloaded_scenarios_reopen_to_the_same_plan(pati, tmp_path):
    apbd = _index(pati, "source", "apbd")
    pati.post("/edit", data={"field": f"source.{apbd}.budget", "value": "4250000000"})
    pati.post("/edit", data={"field": "group.0.months", "value": "4"})
    shown = pati.post("/edit", data={"field": "optimize.objective", "value": "max-coverage"}).json()
    for name in ("scenario.toml", "scenario.xlsx"):
        response = pati.get(f"/download/{name}")
        assert response.status_code == 200
        assert 'filename="pati-2025.' in response.headers["content-disposition"]
        path = tmp_path / f"pati-2025{Path(name).suffix}"
        path.write_bytes(response.content)
        again = plan_to_dict(optimize(load_scenario(path)))
        assert again["total_cost"] == shown["figures"]["total_cost"]
        assert_shows(shown["results"], again)
    # The TOML is the file's data with the edits: nothing else changes, the variants stay (comments aside).
    data = tomllib.loads(pati.get("/download/scenario.toml").text)
    original = read_scenario_data(PATI)[0]
    assert data["variant"] == original["variant"]
    assert data["assumptions"] == original["assumptions"]
    assert data["source"][apbd]["budget"] == 4_250_000_000 and data["group"][0]["months"] == 4
    data["source"][apbd]["budget"] = original["source"][apbd]["budget"]
    data["group"][0]["months"] = original["group"][0]["months"]
    data["optimize"]["objective"] = original["optimize"]["objective"]
    assert data == original


def test_every_bundled_scenario_survives_the_toml_writer():
    for path in sorted(p for p in Path("scenarios").glob("*.toml") if not is_area_file(p)):
        data = read_scenario_data(path)[0]
        assert tomllib.loads(to_toml(data)) == data, path


def test_plan_workbook_and_report_are_the_files_the_cli_writes(tmp_path):
    client = client_for(Workspace.teaching())
    client.post("/edit", data={"field": "source.2.budget", "value": "400000000"})
    scenario = tmp_path / "teaching-example.toml"
    scenario.write_bytes(client.get("/download/scenario.toml").content)
    for what, args in (("plan.xlsx", ["solve"]), ("report.html", ["report"])):
        out = tmp_path / what
        run = subprocess.run(
            [sys.executable, "-m", "optimizer", *args, str(scenario), "--output", str(out)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        ours, theirs = client.get(f"/download/{what}").content, out.read_bytes()
        if what == "report.html":
            ours, theirs = (_without_scenario_audit(x.decode()) for x in (ours, theirs))
            assert ours == theirs, what
        else:
            assert _cells(ours) == _cells(theirs), what


def _scenario_audit_labels() -> set[str]:
    from optimizer.summary import AUDIT_WORDS

    keys = ("scenario_file", "scenario_sha256")
    return {AUDIT_WORDS.text(key, lang) for key in keys for lang in ("en", "id")}


def _cells(xlsx: bytes) -> dict:
    """Every sheet's values, without the audit rows that name the scenario file and its SHA-256:
    the app's plan comes from the edited data, not from a file, so those rows say "-"."""
    import io

    from openpyxl import load_workbook

    labels = _scenario_audit_labels()
    book = load_workbook(io.BytesIO(xlsx))
    return {
        ws.title: [row for row in ws.iter_rows(values_only=True) if row[0] not in labels]
        for ws in book.worksheets
    }


def _without_scenario_audit(html: str) -> str:
    labels = _scenario_audit_labels()
    return "\n".join(line for line in html.splitlines() if not any(f">{w}<" in line for w in labels))


def test_no_plan_download_while_a_value_is_bad(pati):
    pati.post("/edit", data={"field": "region.workforce", "value": "lots"})
    response = pati.get("/download/plan.xlsx")
    assert response.status_code == 409
    assert "field 'workforce'" in response.text and "\n" not in response.text
    assert pati.get("/download/scenario.toml").status_code == 200  # work in progress can be kept


def test_upload_gets_the_checks_of_a_file(tmp_path):
    client = client_for(Workspace.teaching())
    raw = Path(PATI).read_bytes()
    client.post("/open?name=pati-2025.toml", content=raw)
    assert_shows(client.get("/").text, plan_to_dict(optimize(load_scenario(PATI))))
    broken = raw.replace(b"workforce = 599_061", b"workforce = 599_061_")
    page = client.post("/open?name=broken.toml", content=broken, follow_redirects=True).text
    bad = tmp_path / "broken.toml"
    bad.write_bytes(broken)
    with pytest.raises(ScenarioError) as err:
        load_scenario(bad)
    assert _escaped(str(err.value).replace(str(bad), "broken.toml")) in page
    assert "Kabupaten Pati" in page  # the open scenario is kept
    page = client.post("/open?name=big.toml", content=b"#" * 5_000_001, follow_redirects=True).text
    assert "over the 5,000,000 byte limit" in page


def test_excel_upload(tmp_path):
    client = client_for(Workspace.from_path(PATI))
    workbook = client.get("/download/scenario.xlsx").content
    other = client_for(Workspace.teaching())
    other.post("/open?name=pati.xlsx", content=workbook)
    assert_shows(other.get("/").text, plan_to_dict(optimize(load_scenario(PATI))))


def test_names_are_escaped(tmp_path):
    text = (
        Path(TEACHING)
        .read_text(encoding="utf-8")
        .replace('name = "Nelayan"', 'name = "<script>alert(1)</script>"')
    )
    client = client_for(Workspace.from_upload("x.toml", text.encode()))
    client.post("/edit", data={"field": "region.name", "value": '<img src=x onerror="alert(2)">'})
    page = client.get("/").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_local_hosts_and_same_origin_posts():
    app = create_app(Workspace.teaching())
    assert TestClient(app, base_url="http://evil.example").get("/").status_code == 400
    client = TestClient(app, base_url="http://127.0.0.1")
    refused = client.post(
        "/edit", data={"field": "source.2.budget", "value": "1"}, headers={"Origin": "http://evil.example"}
    )
    assert refused.status_code == 403
    ok = client.post(
        "/edit", data={"field": "source.2.budget", "value": "1"}, headers={"Origin": "http://127.0.0.1:5"}
    )
    assert ok.status_code == 200
    assert client.post("/edit", data={"field": "__class__", "value": "1"}).status_code == 400


def test_indonesian_page_numbers_and_words():
    client = client_for(Workspace.teaching())
    page = client.get("/lang/id", follow_redirects=True).text
    doc = plan_to_dict(optimize(load_scenario(TEACHING)))
    from optimizer import i18n

    assert '<html lang="id">' in page
    assert i18n.rupiah(doc["total_cost"], "id") in page and "Rp " in page
    assert i18n.percent(doc["coverage"]["rate_after"], "id") in page
    assert "Sumber dana" in page and "Rencana" in page
    assert "Funding sources" in client.get("/lang/en", follow_redirects=True).text


def test_variants_saved_and_compared_as_compare_does(pati, tmp_path):
    assert "APBD +20%" in pati.get("/").text  # the file's own [[variant]]s
    apbd = _index(pati, "source", "apbd")
    pati.post("/variants/save", data={"name": "today"})
    pati.post("/edit", data={"field": f"source.{apbd}.budget", "value": "3000000000"})
    shown = pati.get("/compare").text
    from optimizer.io.variants import load_with_variants

    # The file's variants apply to the current values, as `compare` applies them to the downloaded file.
    downloaded = tmp_path / "pati-2025.toml"
    downloaded.write_bytes(pati.get("/download/scenario.toml").content)
    base, variants = load_with_variants(downloaded)
    assert base.sources[apbd].budget == 3_000_000_000
    labelled = [("current", base), *((v.name, v.scenario) for v in variants), ("today", load_scenario(PATI))]
    assert _escaped(render_table(compare(labelled))) in shown
    pati.post("/variants/open", data={"name": "today"})
    assert_shows(pati.get("/").text, plan_to_dict(optimize(load_scenario(PATI))))


def test_frontier_marks_today():
    client = client_for(Workspace.teaching())
    section = client.get("/frontier").text
    assert '<section id="frontier"' in section and "←" in section


def test_rows_added_and_removed(pati):
    pati.post("/rows/source/add")
    page = pati.get("/").text
    assert 'value="source-1"' in page and figures(page)["status"] == "target-unreachable"
    pati.post("/rows/group/add")
    assert 'value="group-1"' in pati.get("/").text
    zakat_group = _index(pati, "group", "desil-1-2")
    pati.post(f"/rows/group/remove/{zakat_group}")
    answer = pati.post("/edit", data={"field": "region.target_rate", "value": "52"}).json()
    assert "group 'desil-1-2' does not exist" in answer["problem"]["message"]
    assert pati.post("/rows/group/remove/99").status_code == 400


def test_app_command_refuses_a_bad_file_in_one_line():
    run = subprocess.run(
        [sys.executable, "-m", "optimizer", "app", "missing.toml", "--no-browser"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == "Error: missing.toml: file not found; check the path\n"


def test_answer_json_is_plain(pati):
    answer = pati.post("/edit", data={"field": "region.target_rate", "value": "50"}).json()
    again = pati.post("/edit", data={"field": "region.target_rate", "value": "51"}).json()
    json.dumps(again)
    assert again["version"] == answer["version"] + 1
    assert (
        again["figures"]["coverage"]["target_participants"]
        == load_scenario(PATI).region.workforce * 51 // 100 + 1
    )


def test_toml_writer_quotes_any_text_and_refuses_what_toml_cannot_hold():
    data = {
        "assumptions": ['a "quoted" line\nand a second \\ one', "Rp1.000 — ünïcode\t\x01"],
        "region": {"name": "x = [y]", "active": {"wage": 1, "non_wage": 2}},
        "source": [{"id": "s", "tranches": [{"month": 5, "share": 50.5}, {"month": 10, "share": 49.5}]}],
        "odd key": True,
    }
    assert tomllib.loads(to_toml(data)) == data
    with pytest.raises(ScenarioError, match="region.workforce: TOML cannot hold the number nan"):
        to_toml({"region": {"workforce": float("nan")}})
    with pytest.raises(ScenarioError, match="TOML cannot hold a value of type date"):
        import datetime

        to_toml({"region": {"year": datetime.date(2025, 1, 1)}})


def test_each_budget_has_a_slider_up_to_twice_the_files_budget(pati):
    page = pati.get("/").text
    for i, source in enumerate(read_scenario_data(PATI)[0]["source"]):
        found = re.search(
            rf'class="slider" data-for="source\.{i}\.budget" min="0" max="(\d+)" step="(\d+)"', page
        )
        assert found, source["id"]
        top, step = int(found.group(1)), int(found.group(2))
        assert top == max(2 * source["budget"], 1_000_000_000) and step % 1_000_000 == 0 and step > 0
