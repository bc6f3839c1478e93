"""Regenerate the malformed [horizon], [uncertainty], [[variant]] and monthly-model scenarios.

Run from the repository root: `python tests/bad_inputs/make_toml_tables.py`. Each
case is scenarios/teaching-example.toml with one table added or one field changed,
written to tests/bad_inputs/toml/ under a prefix (horizon-, uncertainty-, variant-,
monthly-). `expected.toml` says which command reads each (`plan-years`, `robust`,
`compare`, or `solve` for the monthly fields) and the error it must give.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
OUT = Path(__file__).parent / "toml"
BASE = (ROOT / "scenarios" / "teaching-example.toml").read_text(encoding="utf-8")
PREFIXES = ("horizon-", "uncertainty-", "variant-", "monthly-")


def add(text: str) -> str:
    """The teaching example with `text` (new top-level tables) appended."""
    return BASE + "\n" + text


def group(gid: str, lines: str) -> str:
    """The teaching example with `lines` added to [[group]] `gid`."""
    anchor = f'id = "{gid}"\n'
    assert anchor in BASE
    return BASE.replace(anchor, anchor + lines, 1)


def source(sid: str, lines: str) -> str:
    anchor = f'id = "{sid}"\n'
    assert anchor in BASE
    return BASE.replace(anchor, anchor + lines, 1)


def region(lines: str) -> str:
    return BASE.replace("[region]\n", "[region]\n" + lines, 1)


HORIZON = "[horizon]\nyears = [2025, 2027]\ntarget_rates = [38.0, 40.0, 42.0]\n"
CASES: dict[str, str] = {
    # [horizon] (plan-years)
    "horizon-years-reversed": add("[horizon]\nyears = [2027, 2025]\ntarget_rates = [38.0, 40.0, 42.0]\n"),
    "horizon-years-too-long": add("[horizon]\nyears = [2025, 2075]\n"),
    "horizon-first-year-not-plan-year": add(
        "[horizon]\nyears = [2026, 2028]\ntarget_rates = [38.0, 40.0, 42.0]\n"
    ),
    "horizon-years-text": add('[horizon]\nyears = "2025-2029"\n'),
    "horizon-rates-wrong-count": add("[horizon]\nyears = [2025, 2027]\ntarget_rates = [38.0, 40.0]\n"),
    "horizon-rate-over-100": add("[horizon]\nyears = [2025, 2027]\ntarget_rates = [38.0, 40.0, 142.0]\n"),
    "horizon-budget-unknown-source": add(HORIZON + "[horizon.budgets]\nzakat = [1, 2, 3]\n"),
    "horizon-budget-wrong-count": add(HORIZON + "[horizon.budgets]\napbd = [558_720_000, 600_000_000]\n"),
    "horizon-budget-negative": add(HORIZON + "[horizon.budgets]\napbd = [558_720_000, -1, 600_000_000]\n"),
    "horizon-taper-unknown-group": add(HORIZON + "[horizon.taper]\npetani = [12, 6]\n"),
    "horizon-taper-13-months": add(HORIZON + "[horizon.taper]\nnelayan = [13, 6]\n"),
    "horizon-continuity-unknown": add(HORIZON + 'continuity = "forever"\n'),
    "horizon-yearly-unknown-group": add(HORIZON + 'yearly = ["petani"]\n'),
    "horizon-lapse-over-100": add(HORIZON + "lapse_percent = 150\n"),
    "horizon-growth-nan": add(HORIZON + "workforce_growth = nan\n"),
    "horizon-unknown-field": add(HORIZON + "discount_rate = 5\n"),
    "horizon-not-a-table": "horizon = 5\n" + BASE,
    # [uncertainty] (robust)
    "uncertainty-min-above-max": add("[uncertainty.budget]\napbd = { min = 100.0, max = 70.0 }\n"),
    "uncertainty-unknown-source": add("[uncertainty.budget]\nzakat = { min = 70.0, max = 100.0 }\n"),
    "uncertainty-unknown-group": add("[uncertainty.uncovered]\npetani = { min = 90.0, max = 110.0 }\n"),
    "uncertainty-mode-outside": add(
        "[uncertainty.budget]\napbd = { min = 70.0, mode = 120.0, max = 100.0 }\n"
    ),
    "uncertainty-negative": add("[uncertainty.budget]\napbd = { min = -10.0, max = 100.0 }\n"),
    "uncertainty-range-text": add('[uncertainty.budget]\napbd = "70-100%"\n'),
    "uncertainty-unknown-field": add("[uncertainty.prices]\njkk-jkm = { min = 90.0, max = 110.0 }\n"),
    "uncertainty-range-unknown-key": add("[uncertainty.budget]\napbd = { low = 70.0, high = 100.0 }\n"),
    # [[variant]] (compare)
    "variant-unknown-source": add('[[variant]]\nname = "zakat naik"\nbudget = { zakat = "+20%" }\n'),
    "variant-missing-name": add('[[variant]]\nbudget = { apbd = "+20%" }\n'),
    "variant-duplicate-name": add(
        '[[variant]]\nname = "naik"\nbudget = { apbd = "+20%" }\n\n'
        '[[variant]]\nname = "naik"\nbudget = { csr = "+20%" }\n'
    ),
    "variant-budget-words": add('[[variant]]\nname = "naik"\nbudget = { apbd = "+20 persen" }\n'),
    "variant-budget-negative": add('[[variant]]\nname = "turun"\nbudget = { apbd = "-120%" }\n'),
    "variant-unknown-group": add('[[variant]]\nname = "petani"\ngroup = { petani = { months = 6 } }\n'),
    "variant-group-id-change": add('[[variant]]\nname = "ganti"\ngroup = { nelayan = { id = "x" } }\n'),
    "variant-add-group-existing-id": add(
        '[[variant]]\nname = "tambah"\n'
        'add_group = [ { id = "nelayan", uncovered = 10, package = "jkk-jkm", months = 12 } ]\n'
    ),
    "variant-unknown-key": add('[[variant]]\nname = "naik"\nprice = { jkk-jkm = 20000 }\n'),
    "variant-makes-bad-scenario": add('[[variant]]\nname = "lebih"\nregion = { active = 200_000 }\n'),
    # monthly model (solve)
    "monthly-tranches-not-100": source(
        "dbh-cht", "tranches = [{ month = 5, share = 50 }, { month = 10, share = 40 }]\n"
    ),
    "monthly-tranches-amount-not-budget": source("csr", "tranches = [{ month = 3, amount = 50_000_000 }]\n"),
    "monthly-tranche-month-0": source("csr", "tranches = [{ month = 0, share = 100 }]\n"),
    "monthly-tranche-share-and-amount": source(
        "csr", "tranches = [{ month = 3, share = 100, amount = 100_800_000 }]\n"
    ),
    "monthly-tranche-not-a-table": source("csr", "tranches = [5, 10]\n"),
    "monthly-window-out-of-range": group("nelayan", "window = [3, 14]\n").replace(
        "months = 12                  # (asumsi) fishing", "months = 6 # fishing", 1
    ),
    "monthly-window-reversed": group("buruh-tembakau", "window = [9, 3]\n"),
    "monthly-window-three-numbers": group("buruh-tembakau", "window = [1, 6, 12]\n"),
    "monthly-months-over-window": group("buruh-tembakau", "window = [1, 4]\n"),
    "monthly-min-run-over-months": group("buruh-tembakau", "min_run = 9\n"),
    "monthly-min-run-over-window": BASE.replace(
        "months = 6                   # (asumsi) one",
        'months = "choose"\nmin_run = 5\nwindow = [1, 4]\n# ',
        1,
    ),
    "monthly-max-months-13": BASE.replace(
        "months = 6                   # (asumsi) one", 'months = "choose"\nmax_months = 13\n# ', 1
    ),
    "monthly-months-choose-typo": BASE.replace(
        "months = 6                   # (asumsi) one", 'months = "pilih semua"\n# ', 1
    ),
    "monthly-reporting-month-13": region("reporting_month = 13\n"),
    "monthly-overlap-one-group": add('[[overlap]]\ngroups = ["nelayan"]\npersons = 100\n'),
    "monthly-overlap-unknown-group": add('[[overlap]]\ngroups = ["nelayan", "petani"]\npersons = 100\n'),
    "monthly-overlap-negative": add('[[overlap]]\ngroups = ["nelayan", "rt-rw"]\npersons = -100\n'),
    "monthly-overlap-too-many": add('[[overlap]]\ngroups = ["nelayan", "rt-rw"]\npersons = 1_500\n'),
    "monthly-overlap-persons-and-share": add(
        '[[overlap]]\ngroups = ["nelayan", "rt-rw"]\npersons = 10\nshare = 5\n'
    ),
}


def main() -> None:
    for name, text in CASES.items():
        assert name.startswith(PREFIXES), name
        (OUT / f"{name}.toml").write_text(text, encoding="utf-8")
    made = {f"{n}.toml" for n in CASES}
    stale = {p.name for p in OUT.glob("*.toml") if p.name.startswith(PREFIXES)} - made
    if stale:
        sys.exit(f"not made by this script, remove them: {', '.join(sorted(stale))}")
    print(f"wrote {len(CASES)} scenarios to {OUT}")


if __name__ == "__main__":
    main()
