"""Independent check: every optimum agrees with a reference LP built here with scipy.

The reference reads the raw scenario dict (not `Scenario`, not `optimizer.model`)
and solves with `scipy.optimize.milp` / `linprog`. Over 1,000 random small
scenarios it must agree with the product on the LP relaxation (plan.lp_bound,
1e-6 relative) and on the integer optimum (within the reported gap), and the
product's plan must keep every rule when re-checked from the raw dict.
"""

from __future__ import annotations

import math
import random

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from optimizer.checks import check_errors
from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import Outcome, optimize

SCENARIOS = 1_000
PRICES = [8_100, 10_800, 16_800, 36_800]
KINDS = ["apbd", "csr", "dbh-cht", "zakat", "village"]
REL = 1e-6


def random_scenario(rng: random.Random) -> dict:
    groups = []
    for i in range(rng.randint(1, 4)):
        g = {
            "id": f"g{i}",
            "uncovered": rng.randint(0, 40),
            "package": rng.choice(["p0", "p1"]),
            "months": rng.randint(1, 12),
            "weight": rng.choice([1.0, 1.0, 0.5, 1.5, 2.0]),
        }
        for key in ("floor", "cap"):
            roll = rng.random()
            if roll < 0.2:
                g[key] = rng.randint(0, g["uncovered"])
            elif roll < 0.35:
                g[key] = f"{rng.randint(0, 100)}%"
        if _share(g.get("floor"), g["uncovered"], up=True) > _share(g.get("cap"), g["uncovered"], up=False):
            del g["floor"]  # contradictory floors and caps are bad input, tested elsewhere
        groups.append(g)
    sources = []
    for j in range(rng.randint(1, 3)):
        s = {
            "id": f"s{j}",
            "kind": rng.choice(KINDS),
            "budget": rng.randint(0, 60) * 50_400 + rng.randint(0, 99_999),
        }
        if rng.random() < 0.5:
            s["eligible"] = rng.sample([g["id"] for g in groups], rng.randint(1, len(groups)))
        if rng.random() < 0.2:
            s["premium_share"] = float(rng.randint(0, 100))
        sources.append(s)
    packages = [
        {"id": "p0", "monthly_price": rng.choice(PRICES)},
        {"id": "p1", "monthly_price": rng.choice(PRICES), "price_by_source": {"s0": rng.choice(PRICES)}},
    ]
    workforce = 1_000
    active = rng.randint(0, 900)
    return {
        "region": {
            "name": "Acak",
            "year": 2025,
            "workforce": workforce,
            "active": active,
            "target_participants": rng.randint(active, min(workforce, active + 120)),
        },
        "optimize": {
            "objective": rng.choice(["max-coverage", "min-cost"]),
            "metric": rng.choice(["persons", "person-months", "branch-credit"]),
        },
        "package": packages,
        "group": groups,
        "source": sources,
    }


class Reference:
    """The coverage program written out again from the README, on the raw dict."""

    def __init__(self, d: dict):
        self.d = d
        groups, sources = d["group"], d["source"]
        pkgs = {p["id"]: p for p in d["package"]}
        self.pairs = [
            (s, g) for s in sources for g in groups if "eligible" not in s or g["id"] in s["eligible"]
        ]
        metric = d["optimize"]["metric"]
        self.cost, self.credit, self.twelfths = [], [], []
        for s, g in self.pairs:
            price = (
                pkgs[g["package"]]
                .get("price_by_source", {})
                .get(s["id"], pkgs[g["package"]]["monthly_price"])
            )
            m = g["months"]
            self.cost.append(price * m)
            if metric == "persons":
                e = 1.0
            elif metric == "person-months":
                e = float(m)
            else:
                e = 1.0 if m >= 6 else (0.0 if s["kind"] == "csr" else m / 6)
            self.credit.append(g["weight"] * e)
            self.twelfths.append(m if metric == "person-months" else round(12 * e))
        self.budget = {s["id"]: s["budget"] * int(s.get("premium_share", 100)) // 100 for s in sources}
        self.low = {g["id"]: _share(g.get("floor"), g["uncovered"], up=True) for g in groups}
        self.high = {
            g["id"]: min(g["uncovered"], _share(g.get("cap"), g["uncovered"], up=False)) for g in groups
        }
        r = d["region"]
        self.gap = r["target_participants"] - r["active"]

    def rows(self, target: bool):
        n = len(self.pairs)
        a, lo, hi = [], [], []
        for sid, b in self.budget.items():
            a.append([c if s["id"] == sid else 0 for (s, _), c in zip(self.pairs, self.cost, strict=True)])
            lo.append(-np.inf)
            # Exact budgets: the product's half-Rupiah headroom applies to integer solves only
            # (README, "Numerics"), and changes no whole-Rupiah plan.
            hi.append(b)
        for gid in self.low:
            a.append([1 if g["id"] == gid else 0 for _, g in self.pairs])
            lo.append(self.low[gid])
            hi.append(self.high[gid])
        if target:
            a.append(self.twelfths)
            lo.append(12 * max(self.gap, 0))
            hi.append(np.inf)
        return LinearConstraint(np.array(a, dtype=float).reshape(-1, n), lo, hi)

    def solve(self, c, *, target: bool, integer: bool):
        """min c.x over the program; None when infeasible."""
        n = len(self.pairs)
        ub = [self.high[g["id"]] for _, g in self.pairs]
        if not n:
            feasible = all(v == 0 for v in self.low.values()) and (not target or self.gap <= 0)
            return 0.0 if feasible else None
        cons = self.rows(target)
        if integer:
            res = milp(
                c,
                constraints=cons,
                integrality=np.ones(n),
                bounds=Bounds(0, ub),
                options={"mip_rel_gap": 0, "presolve": True},
            )
            return res.fun if res.status == 0 else None
        a = cons.A
        a_ub = np.vstack([a[np.isfinite(cons.ub)], -a[np.isfinite(cons.lb)]])
        b_ub = np.concatenate([cons.ub[np.isfinite(cons.ub)], -cons.lb[np.isfinite(cons.lb)]])
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=list(zip([0] * n, ub, strict=True)), method="highs")
        return res.fun if res.status == 0 else None


def _share(value, headcount: int, up: bool) -> int:
    if value is None:
        return 0 if up else headcount
    if isinstance(value, int):
        return value
    pct = int(value.rstrip("%"))
    return -(-pct * headcount // 100) if up else pct * headcount // 100


def close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def check_plan_keeps_the_rules(d: dict, plan, ref: Reference) -> None:
    spent = dict.fromkeys(ref.budget, 0)
    covered = dict.fromkeys(ref.low, 0)
    allowed = {(s["id"], g["id"]) for s, g in ref.pairs}
    for row in plan.allocations.itertuples():
        assert (row.source, row.group) in allowed, "eligibility"
        spent[row.source] += int(row.cost)
        covered[row.group] += int(row.persons)
    assert all(spent[s] <= ref.budget[s] for s in spent), "budget exceeded"
    assert all(covered[g] <= ref.high[g] for g in covered), "headcount or cap exceeded"
    if plan.outcome != Outcome.FLOORS_UNAFFORDABLE:
        assert all(covered[g] >= ref.low[g] for g in covered), "floor missed"


def check_one(seed: int) -> str:
    d = random_scenario(random.Random(seed))
    scenario = scenario_from_mapping(d, f"seed-{seed}")
    check_errors(scenario)
    plan = optimize(scenario)
    ref = Reference(d)
    check_plan_keeps_the_rules(d, plan, ref)
    gap = max(plan.gap or 0.0, 0.0) + REL
    cost, credit = np.array(ref.cost, float), np.array(ref.credit, float)
    floors_ok = ref.solve(np.zeros(len(ref.pairs)), target=False, integer=True) is not None
    if not floors_ok:
        assert plan.outcome == Outcome.FLOORS_UNAFFORDABLE
        return "floors"
    if d["optimize"]["objective"] == "max-coverage":
        best = -ref.solve(-credit, target=False, integer=True)
        assert close(plan.objective_value, best, gap), (plan.objective_value, best)
        assert close(plan.lp_bound, -ref.solve(-credit, target=False, integer=False), REL)
        return "max"
    best = ref.solve(cost, target=True, integer=True)
    if best is None:
        assert plan.outcome == Outcome.TARGET_UNREACHABLE
        reach = -ref.solve(-np.array(ref.twelfths, float), target=False, integer=True) / 12
        assert close(plan.coverage.credited_after - d["region"]["active"], reach, gap)
        return "unreachable"
    assert plan.outcome == Outcome.OPTIMAL
    assert close(plan.objective_value, best, gap), (plan.objective_value, best)
    assert close(plan.lp_bound, ref.solve(cost, target=True, integer=False), REL)
    return "min"


def test_product_agrees_with_an_independent_reference_on_1000_random_scenarios():
    kinds: dict[str, int] = {}
    for seed in range(SCENARIOS):
        try:
            kind = check_one(seed)
        except AssertionError as exc:
            raise AssertionError(f"seed {seed}: {random_scenario(random.Random(seed))}") from exc
        kinds[kind] = kinds.get(kind, 0) + 1
    # Every branch of the comparison was exercised, not just the easy one.
    assert sum(kinds.values()) == SCENARIOS and all(
        kinds.get(k, 0) >= 20 for k in ("max", "min", "unreachable")
    )
    assert kinds.get("floors", 0) >= 5, kinds
    assert math.isfinite(sum(kinds.values()))
