"""Independent check with another exact solver: OR-Tools CP-SAT (not HiGHS, not CBC).

The check model is written again here from the README ("The model", "The monthly
model") on the raw scenario dict, in whole Rupiah and whole twelfths, with no code of
`optimizer` (not `Scenario`, not `optimizer.model`). CP-SAT is exact on integers, so
the product's main goal and its least cost must equal CP-SAT's optimum, for the annual
and the monthly model, both objectives and all three metrics. `benchmarks/independent.py`
runs the same check on 1,000 scenarios.
"""

from __future__ import annotations

import random

import pytest

from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import Outcome, optimize

try:  # the test extra installs it; without it only this module's test is skipped
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover
    cp_model = None

SCENARIOS = 40
PRICES = [8_100, 10_800, 16_800, 36_800, 50_000]
KINDS = ["apbd", "csr", "dbh-cht", "zakat"]
#: Weights are multiples of 1/2 and credits of 1/12: 24 x coverage is a whole number.
SCALE = 24


def random_dict(rng: random.Random, monthly: bool, alike: bool = False) -> dict:
    """A random scenario; `alike`: 2-6 groups cut from two kinds (package, months, weight), so
    that many cannot be told apart (the merged solve of optimizer.interchangeable)."""
    groups = []
    # Drawn only for `alike`: the other files keep the draws (and so the scenarios) they had.
    kinds = [
        (rng.choice(["p0", "p1"]), rng.randint(1, 12), rng.choice([1.0, 0.5, 2.0])) for _ in range(2 * alike)
    ]
    for i in range(rng.randint(2, 6) if alike else rng.randint(1, 4)):
        uncovered = rng.randint(0, 30)  # drawn first, as before `alike` came
        package, months, weight = (
            rng.choice(kinds)
            if alike
            else (rng.choice(["p0", "p1"]), rng.randint(1, 12), rng.choice([1.0, 1.0, 0.5, 1.5, 2.0]))
        )
        g = {"id": f"g{i}", "uncovered": uncovered, "package": package, "months": months, "weight": weight}
        if rng.random() < 0.25:
            g["floor"] = rng.randint(0, g["uncovered"] // 2)
        if rng.random() < 0.25:
            g["cap"] = rng.randint(g.get("floor", 0), g["uncovered"])
        if monthly and rng.random() < 0.6:
            first = rng.randint(1, 12 - g["months"] + 1)
            g["window"] = [first, 12]
        groups.append(g)
    sources = []
    for j in range(rng.randint(1, 3)):
        s = {
            "id": f"s{j}",
            "kind": rng.choice(KINDS),
            "budget": rng.randint(0, 40) * 100_800 + rng.randint(0, 9_999),
        }
        if rng.random() < 0.4:
            s["eligible"] = rng.sample([g["id"] for g in groups], rng.randint(1, len(groups)))
        if monthly and rng.random() < 0.6:
            early = rng.choice([0, 25, 50, 75])
            s["tranches"] = [
                {"month": rng.randint(2, 6), "share": early},
                {"month": rng.randint(7, 11), "share": 100 - early},
            ]
        sources.append(s)
    region = {"name": "Acak", "year": 2025, "workforce": 1_000, "active": 500}
    region["target_participants"] = 500 + rng.randint(0, 60)
    if monthly:
        region["reporting_month"] = rng.randint(6, 12)
    return {
        "region": region,
        "optimize": {
            "objective": rng.choice(["max-coverage", "min-cost"]),
            "metric": rng.choice(["persons", "person-months", "branch-credit"]),
        },
        "package": [
            {"id": "p0", "monthly_price": rng.choice(PRICES)},
            {"id": "p1", "monthly_price": rng.choice(PRICES), "price_by_source": {"s0": rng.choice(PRICES)}},
        ],
        "group": groups,
        "source": sources,
    }


class Check:
    """The coverage program in CP-SAT. Monthly: a person of group g paid by s on the run
    of its months starting in month a (inside its window, not ending before the reporting
    month); money paid by month t may not exceed the premium money arrived by t."""

    def __init__(self, d: dict):
        self.d = d
        pk = {p["id"]: p for p in d["package"]}
        self.report = d["region"].get("reporting_month")
        metric = d["optimize"]["metric"]
        self.vars = []  # (source, group, start, price, months)
        for s in d["source"]:
            for g in d["group"]:
                if "eligible" in s and g["id"] not in s["eligible"]:
                    continue
                price = (
                    pk[g["package"]]
                    .get("price_by_source", {})
                    .get(s["id"], pk[g["package"]]["monthly_price"])
                )
                m = g["months"]
                starts = [1]
                if self.report is not None:
                    first = g.get("window", [1, 12])[0]
                    must_end = min(self.report, 12)
                    starts = [a for a in range(first, 13 - m + 1) if a + m - 1 >= must_end]
                for a in starts:
                    self.vars.append((s, g, a, price, m))
        self.cover, self.twelfths = [], []
        for s, g, a, _, m in self.vars:
            if metric == "persons":
                e12 = 12 if self.report is None or a <= self.report <= a + m - 1 else 0
            elif metric == "person-months":
                e12 = 12 * m
            else:
                e12 = 12 if m >= 6 else (0 if s["kind"] == "csr" else 2 * m)
            self.cover.append(round(2 * g.get("weight", 1.0) * e12))
            self.twelfths.append(m if metric == "person-months" else e12)

    def arrived(self, s: dict, t: int) -> int:
        if "tranches" not in s or self.report is None:
            return s["budget"]
        share = sum(tr["share"] for tr in s["tranches"] if tr["month"] <= t)
        return s["budget"] * share // 100

    def solve(self, goal: str, *, target: bool, fix: tuple[str, int] | None = None):
        model = cp_model.CpModel()
        x = []
        for s, g, a, _, _ in self.vars:
            x.append(model.new_int_var(0, g["uncovered"], f"x_{s['id']}_{g['id']}_{a}"))
        months = range(1, 13) if self.report is not None else [12]
        for s in self.d["source"]:
            for t in months:
                paid = [
                    (xi, price * max(0, min(t, a + m - 1) - a + 1) if self.report is not None else price * m)
                    for xi, (src, _, a, price, m) in zip(x, self.vars, strict=True)
                    if src is s
                ]
                model.add(sum(c * xi for xi, c in paid) <= self.arrived(s, t))
        for g in self.d["group"]:
            members = [xi for xi, (_, gg, *_) in zip(x, self.vars, strict=True) if gg is g]
            model.add(sum(members) <= min(g["uncovered"], g.get("cap", g["uncovered"])))
            model.add(sum(members) >= g.get("floor", 0))
        if target:
            gap = self.d["region"]["target_participants"] - self.d["region"]["active"]
            model.add(sum(c * xi for xi, c in zip(x, self.twelfths, strict=True)) >= 12 * max(gap, 0))
        cost = sum(price * m * xi for xi, (_, _, _, price, m) in zip(x, self.vars, strict=True))
        exprs = {
            "coverage": sum(c * xi for xi, c in zip(x, self.cover, strict=True)),
            "participants": sum(c * xi for xi, c in zip(x, self.twelfths, strict=True)),
            "cost": cost,
        }
        if fix is not None:
            model.add(exprs[fix[0]] == fix[1])
        (model.minimize if goal == "cost" else model.maximize)(exprs[goal])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 60
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return None
        assert status == cp_model.OPTIMAL, solver.status_name(status)
        return round(solver.objective_value)


def check_one(seed: int, monthly: bool, alike: bool = False) -> None:
    d = random_dict(random.Random(seed), monthly, alike)
    plan = optimize(scenario_from_mapping(d, f"seed-{seed}"))
    ref = Check(d)
    persons = {}
    for row in plan.allocations.itertuples():
        persons[row.group] = persons.get(row.group, 0) + int(row.persons)
    if ref.solve("cost", target=False) is None:
        assert plan.outcome == Outcome.FLOORS_UNAFFORDABLE, seed
        return
    assert plan.outcome in (Outcome.OPTIMAL, Outcome.TARGET_UNREACHABLE), (seed, plan.outcome)
    if d["optimize"]["objective"] == "max-coverage":
        best = ref.solve("coverage", target=False)
        assert round(SCALE * plan.objective_value) == best, seed
        assert plan.total_cost == ref.solve("cost", target=False, fix=("coverage", best)), seed
        return
    cheapest = ref.solve("cost", target=True)
    if cheapest is not None:
        assert plan.outcome == Outcome.OPTIMAL and plan.total_cost == cheapest, seed
        return
    most = ref.solve("participants", target=False)
    assert plan.outcome == Outcome.TARGET_UNREACHABLE, seed
    assert plan.total_cost == ref.solve("cost", target=False, fix=("participants", most)), seed


@pytest.mark.skipif(cp_model is None, reason="ortools is not installed (pip install -e '.[test]')")
@pytest.mark.parametrize("monthly", [False, True], ids=["annual", "monthly"])
def test_agrees_with_cp_sat_on_random_scenarios(monthly):
    for seed in range(SCENARIOS):
        check_one(70_000 + seed, monthly)


@pytest.mark.skipif(cp_model is None, reason="ortools is not installed (pip install -e '.[test]')")
@pytest.mark.parametrize("monthly", [False, True], ids=["annual", "monthly"])
def test_merged_look_alike_groups_agree_with_cp_sat(monkeypatch, monthly):
    """Groups of two kinds, merged wherever they can be (the defaults merge only large files)."""
    from optimizer import interchangeable

    monkeypatch.setattr(interchangeable, "MERGE_AT_LEAST", 1)
    monkeypatch.setattr(interchangeable, "MERGE_SHARE", 0.0)
    for seed in range(SCENARIOS // 2):
        check_one(80_000 + seed, monthly, alike=True)
