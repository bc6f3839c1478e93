"""Same input, same bytes: across runs and across solvers (highs, cbc) that find the same optimum.

Ties are broken by the documented last goal, "file order" (README, "The model"),
so the solver's search path cannot pick between equally good plans.
"""

from __future__ import annotations

import json
import random

from click.testing import CliRunner
from test_independent import random_dict
from test_reference import random_scenario

from optimizer.analysis.marginal import marginal_values, to_dict
from optimizer.cli import main
from optimizer.io.mapping import scenario_from_mapping
from optimizer.optimize import optimize
from optimizer.report import plan_to_dict, render_csv

#: Annual scenarios of test_reference, then monthly ones of test_independent (issue 11: >= 200).
SOLVER_PAIRS = 160
MONTHLY_PAIRS = 60
#: Marginal values re-solve the plan once per source: compared on every this-many-th scenario.
MARGINAL_EVERY = 8


def split(plan) -> tuple[str, dict]:
    """The JSON document without its `solver` block, and that block.

    Everything a planner acts on (allocations, costs, coverage, warnings) must be
    byte-identical across solvers. The `solver` block is each solver's own proof
    certificate: name differs by design, and the LP bound of two LP codes can
    differ in its eighth digit, so it is compared to 1e-6 instead.
    """
    doc = plan_to_dict(plan)
    return json.dumps({k: v for k, v in doc.items() if k != "solver"}, indent=2), doc["solver"]


def same_certificate(a: dict, b: dict) -> bool:
    def near(x, y):
        return x is None and y is None or abs(x - y) <= 1e-6 * max(1.0, abs(x))

    return a["status"] == b["status"] and all(near(a[k], b[k]) for k in ("gap", "bound", "lp_bound"))


def test_two_equal_groups_are_funded_in_file_order():
    """Equal price, months and weight: a pure tie that only the file-order stage decides."""
    d = random_scenario(random.Random(0))
    d["optimize"] = {"objective": "max-coverage", "metric": "persons"}
    d["package"] = [{"id": "p", "monthly_price": 16_800}]
    d["group"] = [{"id": f"g{i}", "uncovered": 10, "package": "p", "months": 12} for i in range(3)]
    d["source"] = [{"id": "apbd", "kind": "apbd", "budget": 15 * 16_800 * 12}]
    scenario = scenario_from_mapping(d)
    for solver in ("highs", "cbc"):
        plan = optimize(scenario, solver=solver)
        assert dict(zip(plan.groups["group"], plan.groups["covered"], strict=True)) == {
            "g0": 10,
            "g1": 5,
            "g2": 0,
        }


def _random_scenarios():
    for seed in range(SOLVER_PAIRS):
        yield f"annual {10_000 + seed}", random_scenario(random.Random(10_000 + seed))
    for seed in range(MONTHLY_PAIRS):
        yield f"monthly {20_000 + seed}", random_dict(random.Random(20_000 + seed), monthly=True)


def test_highs_and_cbc_give_byte_identical_plans_on_random_scenarios():
    """Every reported field: the JSON document (allocations, sources, groups, coverage,
    shortfall with its extra-money split, binding limits, warnings), the CSV, and the
    marginal values; the solver's certificate to 1e-6."""
    compared, unproven = 0, []
    for k, (label, d) in enumerate(_random_scenarios()):
        scenario = scenario_from_mapping(d)
        highs, cbc = optimize(scenario, solver="highs"), optimize(scenario, solver="cbc")
        if any("not proven" in w for w in highs.warnings + cbc.warnings):
            # A tie-break stopped by its time limit (a loaded machine) may differ: the plan says so.
            unproven.append(label)
            continue
        assert highs.objective_value == cbc.objective_value, label
        (plan_h, cert_h), (plan_c, cert_c) = split(highs), split(cbc)
        assert plan_h == plan_c, label
        assert same_certificate(cert_h, cert_c), (label, cert_h, cert_c)
        assert render_csv(highs) == render_csv(cbc), label
        if k % MARGINAL_EVERY == 0:
            assert json.dumps(to_dict(marginal_values(highs))) == json.dumps(to_dict(marginal_values(cbc))), (
                label
            )
        compared += 1
    assert len(unproven) <= 4, unproven
    assert compared + len(unproven) == SOLVER_PAIRS + MONTHLY_PAIRS >= 200


def test_bundled_scenarios_are_byte_identical_across_runs_and_solvers(tmp_path):
    for name in ("teaching-example", "trenggalek-2024"):
        outputs = {}
        for run, solver in enumerate(("highs", "highs", "cbc")):
            for ext in ("json", "csv"):
                out = tmp_path / f"{name}-{run}.{ext}"
                result = CliRunner().invoke(
                    main, ["solve", f"scenarios/{name}.toml", "--solver", solver, "--output", str(out)]
                )
                assert result.exit_code in (0, 1), result.output
                text = out.read_text()
                if ext == "json":
                    doc = json.loads(text)
                    assert doc.pop("solver")["name"] == solver
                    text = json.dumps(doc)
                outputs.setdefault(ext, set()).add(text)
        assert all(len(texts) == 1 for texts in outputs.values()), name


#: A min-cost monthly file whose target the money on hand cannot reach (found when this module's
#: random draws shifted once): CBC did not prove how the extra money splits among the sources.
EXTRA_SPLIT_FILE = json.loads(
    '{"region":{"name":"Acak","year":2025,"workforce":1000,"active":500,"target_participants":522,"reporting_month":8},"optimize":{"objective":"min-cost","metric":"person-months"},"package":[{"id":"p0","monthly_price":36800},{"id":"p1","monthly_price":36800,"price_by_source":{"s0":36800}}],"group":[{"id":"g0","uncovered":23,"package":"p0","months":4,"weight":1.0,"floor":10,"window":[3,12]},{"id":"g1","uncovered":26,"package":"p1","months":5,"weight":2.0,"floor":6,"cap":25,"window":[2,12]},{"id":"g2","uncovered":1,"package":"p1","months":3,"weight":2.0,"window":[3,12]},{"id":"g3","uncovered":29,"package":"p0","months":9,"weight":1.0,"window":[4,12]}],"source":[{"id":"s0","kind":"apbd","budget":3127775,"eligible":["g3","g0","g2"],"tranches":[{"month":6,"share":50},{"month":8,"share":50}]},{"id":"s1","kind":"csr","budget":2120481,"eligible":["g2"],"tranches":[{"month":4,"share":25},{"month":10,"share":75}]},{"id":"s2","kind":"apbd","budget":2928496,"eligible":["g0","g1","g3"]}]}'
)


def test_a_split_of_the_extra_money_that_differs_by_solver_says_it_is_not_proven():
    scenario = scenario_from_mapping(EXTRA_SPLIT_FILE)
    plans = [optimize(scenario, solver=solver) for solver in ("highs", "cbc")]
    assert len({plan.shortfall.extra_total for plan in plans}) == 1  # the least total: proven
    said = ["extra money's split among sources is not proven" in " ".join(plan.warnings) for plan in plans]
    if plans[0].shortfall.extra_budget != plans[1].shortfall.extra_budget:
        assert any(said)
    for plan, warned in zip(plans, said, strict=True):
        assert warned == (not plan.shortfall.split_proven)


#: A monthly min-cost file where HiGHS's and CBC's optimal plans of the same value, with weights
#: such as 1/3, summed to floats a bit apart (found with the same shifted draws).
THIRDS_FILE = json.loads(
    '{"region":{"name":"Acak","year":2025,"workforce":1000,"active":500,"target_participants":542,"reporting_month":7},"optimize":{"objective":"min-cost","metric":"branch-credit"},"package":[{"id":"p0","monthly_price":50000},{"id":"p1","monthly_price":50000,"price_by_source":{"s0":50000}}],"group":[{"id":"g0","uncovered":4,"package":"p0","months":2,"weight":1.5,"window":[4,12]},{"id":"g1","uncovered":0,"package":"p1","months":10,"weight":0.5,"floor":0,"cap":0,"window":[3,12]},{"id":"g2","uncovered":8,"package":"p1","months":2,"weight":1.0,"window":[7,12]},{"id":"g3","uncovered":25,"package":"p0","months":3,"weight":1.0,"floor":4,"window":[10,12]}],"source":[{"id":"s0","kind":"zakat","budget":1014326,"tranches":[{"month":3,"share":0},{"month":10,"share":100}]},{"id":"s1","kind":"csr","budget":2224607,"eligible":["g3","g2"]},{"id":"s2","kind":"csr","budget":2630679,"eligible":["g2"],"tranches":[{"month":5,"share":50},{"month":7,"share":50}]}]}'
)


def test_marginal_values_of_equally_good_plans_print_the_same_bytes():
    scenario = scenario_from_mapping(THIRDS_FILE)
    texts = [json.dumps(to_dict(marginal_values(optimize(scenario, solver=s)))) for s in ("highs", "cbc")]
    assert texts[0] == texts[1]
