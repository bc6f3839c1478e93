"""Equally good plans: the other plan the tool shows is feasible and exactly as good (checked
from the scenario's own rules and by enumeration), and it appears in what the planner reads."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_bruteforce import enumerate_plans, tiny_scenarios

from optimizer.analysis.moves import persons_by_pair as persons
from optimizer.analysis.ties import equally_good
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.variants import load_with_variants
from optimizer.monthly.months import uses_monthly_model
from optimizer.optimize import Outcome, optimize
from optimizer.scenario import Metric, Objective, Scenario

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> str:
    """The real program's output (exit 0, or 1 for a plan that misses its target)."""
    result = subprocess.run(
        [sys.executable, "-m", "optimizer", *args], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def other_plan(plan, found) -> dict[tuple[str, str], int]:
    other = persons(plan)
    for m in found.moves:
        assert other.get((m.source, m.group), 0) == m.before
        other[m.source, m.group] = m.after
    return {k: n for k, n in other.items() if n}


def value(s: Scenario, alloc: dict, mode: str, metric: Metric) -> tuple[float, int]:
    """(the plan's first goal, its cost), recomputed from the scenario's figures."""
    cost = sum(n * s.unit_cost(s.source(a), s.group(b)) for (a, b), n in alloc.items())
    if mode == "max-coverage":
        gain = sum(
            n * s.group(b).weight * s.credit(s.source(a), s.group(b), metric) for (a, b), n in alloc.items()
        )
        return round(gain, 6), cost
    if mode == "participants":
        return round(
            sum(n * s.participants(s.source(a), s.group(b), metric) for (a, b), n in alloc.items()), 6
        ), cost
    return cost, cost


def keeps_every_rule(s: Scenario, alloc: dict) -> bool:
    for src in s.sources:
        spent = sum(n * s.unit_cost(src, s.group(b)) for (a, b), n in alloc.items() if a == src.id)
        if spent > src.premium_budget:
            return False
    for g in s.groups:
        covered = sum(n for (_, b), n in alloc.items() if b == g.id)
        if not g.min_persons <= covered <= g.max_persons:
            return False
    return all(s.source(a).may_pay_for(b) for a, b in alloc)


def annual_scenarios():
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        if "[areas]" in path.read_text(encoding="utf-8"):
            continue
        base, variants = load_with_variants(path)
        for s in (base, *(v.scenario for v in variants)):
            if not uses_monthly_model(s):
                yield pytest.param(s, id=f"{path.stem}-{s.region.name}-{len(s.sources)}x{len(s.groups)}")


@pytest.mark.parametrize("s", list(annual_scenarios()))
def test_the_other_plan_keeps_every_rule_and_is_exactly_as_good(s):
    plan = optimize(s)
    found = equally_good(plan)
    if plan.outcome not in (Outcome.OPTIMAL, Outcome.TARGET_UNREACHABLE):
        assert found is None
        return
    assert found is not None
    other = other_plan(plan, found)
    assert keeps_every_rule(s, other)
    mode = "participants" if plan.outcome == Outcome.TARGET_UNREACHABLE else plan.objective.value
    assert value(s, other, mode, plan.metric) == value(s, persons(plan), mode, plan.metric)
    assert (found.moves == ()) == (other == persons(plan))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_scenarios())
def test_every_other_plan_shown_is_an_optimum_found_by_enumeration(data):
    s = scenario_from_mapping(data, "random.toml")
    plan = optimize(s)
    found = equally_good(plan)
    if plan.outcome != Outcome.OPTIMAL:
        return
    optima = set()
    best = None
    for alloc, covered, _spend in enumerate_plans(s):
        if any(covered[g.id] < g.min_persons for g in s.groups):
            continue
        pairs = {k: n for k, n in alloc.items() if n}
        if s.objective is Objective.MIN_COST:
            reached = s.region.active + sum(
                n * s.participants(s.source(a), s.group(b), s.metric) for (a, b), n in pairs.items()
            )
            if reached < s.region.target - 1e-9:
                continue
        key = value(s, pairs, s.objective.value, s.metric)
        key = (-key[0], key[1]) if s.objective is Objective.MAX_COVERAGE else key
        if best is None or key < best:
            best, optima = key, set()
        if key == best:
            optima.add(tuple(sorted(pairs.items())))
    assert tuple(sorted(persons(plan).items())) in optima
    assert tuple(sorted(other_plan(plan, found).items())) in optima
    if len(optima) == 1:
        assert found.moves == ()


def test_solve_and_report_say_whether_an_equally_good_plan_exists(tmp_path):
    doc = json.loads(run("solve", "scenarios/pasaman-barat-2025.toml", "--format", "json"))
    assert doc["equally_good"]["found"] is True
    moved = {(m["source"], m["group"]): (m["plan"], m["other"]) for m in doc["equally_good"]["moves"]}
    assert sum(p for p, _ in moved.values()) == sum(o for _, o in moved.values())  # persons kept
    assert (
        json.loads(run("solve", "scenarios/pasaman-barat-2025.toml", "--format", "json", "--no-marginal"))[
            "equally_good"
        ]
        is None
    )
    table = run("solve", "scenarios/teaching-example.toml", "--lang", "id")
    assert "Rencana yang sama baiknya: tidak ditemukan" in table
    page = tmp_path / "pb.html"
    run("report", "scenarios/pasaman-barat-2025.toml", "--no-frontier", "--output", str(page))
    section = page.read_text(encoding="utf-8").split('<section id="equally-good">')[1].split("</section>")[0]
    assert "another plan reaches the same coverage at the same cost" in section
    assert math.isclose(section.count("<tr>") - 1, len(moved))


def test_the_excel_plan_has_the_equally_good_plan_and_the_moves_as_the_json_says(tmp_path):
    import openpyxl

    scenario = "scenarios/pasaman-barat-2025.toml"
    doc = json.loads(run("solve", scenario, "--format", "json"))
    book = tmp_path / "pb.xlsx"
    run("solve", scenario, "--format", "xlsx", "--lang", "id", "--output", str(book))
    rows = list(openpyxl.load_workbook(book)["Perbandingan"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Rencana yang sama baiknya: ada rencana lain")
    assert rows[1][:4] == ("sumber", "kelompok", "rencana ini", "rencana lain")
    want = [(m["source"], m["group"], m["plan"], m["other"]) for m in doc["equally_good"]["moves"]]
    assert [r[:4] for r in rows[2:]] == want
    # Without the marginal values nothing was looked for, and without a baseline nothing moved.
    run("solve", scenario, "--format", "xlsx", "--no-marginal", "--output", str(tmp_path / "bare.xlsx"))
    assert "Drafts" not in openpyxl.load_workbook(tmp_path / "bare.xlsx").sheetnames
    # With a baseline (this plan, budgets changed by hand): the moves the JSON lists.
    before = tmp_path / "before.json"
    text = (ROOT / scenario).read_text(encoding="utf-8")
    cut = tmp_path / "cut.toml"
    cut.write_text(text.replace("budget = 2_500_000_000", "budget = 2_000_000_000", 1), encoding="utf-8")
    run("solve", scenario, "--no-marginal", "--output", str(before))
    moved = json.loads(run("solve", str(cut), "--format", "json", "--baseline", str(before)))["baseline"]
    run("solve", str(cut), "--format", "xlsx", "--baseline", str(before), "--output", str(book))
    sheet = list(openpyxl.load_workbook(book)["Drafts"].iter_rows(values_only=True))
    assert sheet[0][0].startswith("Compared with the previous plan before.json")
    listed = [(m["source"], m["group"], m["before"], m["after"], m["change"]) for m in moved["moves"]]
    assert [r[:5] for r in sheet[2 : 2 + len(listed)]] == listed
    assert moved["changed"] and sheet[2 + len(listed) + 1][0] == "What changed since then"
