"""Regenerate the malformed village-level scenarios in tests/bad_inputs/areas/.

Run from the repository root: `python tests/bad_inputs/make_areas.py`. Each case is
a folder holding `scenario.toml` (with an `[areas]` table) and the CSV files it
names, built from one small valid scenario with one thing broken: the CSV files
a planner exports from a village database or types in a spreadsheet. The folders
are committed; `expected.toml` lists the error each must give (`names` says which
file the error line starts with when it is a data file, not the scenario).
"""

from __future__ import annotations

import shutil
from pathlib import Path

OUT = Path(__file__).parent / "areas"

SCENARIO = """\
[region]
name = "Kabupaten Uji"
year = 2025
workforce = 10_000
active = 3_000
target_rate = 35

[[package]]
id = "jkk-jkm"
monthly_price = 16_800

[[group]]
id = "nelayan"
package = "jkk-jkm"
months = 12

[[group]]
id = "tani"
package = "jkk-jkm"
months = 6

[[source]]
id = "apbd"
kind = "apbd"
budget = 200_000_000

[[source]]
id = "dd"
kind = "dana-desa"
scope = "village"

[areas]
villages = "villages.csv"
village_budgets = "village-budgets.csv"
"""
VILLAGES = """\
village_code,village_name,district_code,regency_code,nelayan,tani
3301010001,Desa Pantai,330101,3301,120,80
3301010002,Desa Bukit,330101,3301,60,150
3301020001,Desa Sawah,330102,3301,0,200
"""
VILLAGE_BUDGETS = """\
village_code,dd
3301010001,5000000
3301010002,4000000
3301020001,3000000
"""
REGENCY_BUDGETS = """\
regency_code,apbd
3301,100000000
"""


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


#: case -> {file name: bytes or text}; files not given are the valid ones above.
CASES: dict[str, dict[str, str | bytes]] = {
    # villages file
    "villages-missing-group-column": {
        "villages.csv": VILLAGES.replace(",tani\n", "\n")
        .replace(",80\n", "\n")
        .replace(",150\n", "\n")
        .replace(",200\n", "\n")
    },
    "villages-missing-key-column": {
        "villages.csv": VILLAGES.replace("district_code,", "")
        .replace(",330101,", ",")
        .replace(",330102,", ",")
    },
    "villages-unknown-group-column": {"villages.csv": replace(VILLAGES, ",tani", ",petani")},
    "villages-non-numeric": {"villages.csv": replace(VILLAGES, ",60,150", ",enam puluh,150")},
    "villages-negative": {"villages.csv": replace(VILLAGES, ",0,200", ",-5,200")},
    "villages-half-person": {"villages.csv": replace(VILLAGES, ",120,80", ",120.5,80")},
    "villages-absurd-number": {"villages.csv": replace(VILLAGES, ",120,80", ",1e30,80")},
    "villages-thousands-dots": {"villages.csv": replace(VILLAGES, ",60,150", ",1.500,150")},
    "villages-thousands-dot-whole": {"villages.csv": replace(VILLAGES, ",60,150", ",1.000,150")},
    "villages-exponent": {"villages.csv": replace(VILLAGES, ",60,150", ",1e3,150")},
    "villages-duplicate-code": {
        "villages.csv": replace(VILLAGES, "3301020001,Desa Sawah", "3301010002,Desa Sawah")
    },
    "villages-empty-code": {"villages.csv": replace(VILLAGES, "3301010002,Desa Bukit", ",Desa Bukit")},
    "villages-empty-file": {"villages.csv": b""},
    "villages-header-only": {"villages.csv": VILLAGES.splitlines(keepends=True)[0]},
    "villages-semicolon-delimiter": {"villages.csv": VILLAGES.replace(",", ";")},
    "villages-tab-delimiter": {"villages.csv": VILLAGES.replace(",", "\t")},
    "villages-non-utf8-latin1": {
        "villages.csv": replace(VILLAGES, "Desa Bukit", "Desa Bukit T\u00e9ng").encode("latin-1")
    },
    "villages-utf16": {"villages.csv": VILLAGES.encode("utf-16")},
    "villages-unclosed-quote": {"villages.csv": replace(VILLAGES, "Desa Pantai", '"Desa Pantai')},
    "villages-ragged-row": {"villages.csv": replace(VILLAGES, ",0,200", ",0,200,7")},
    "villages-file-missing": {"scenario.toml": replace(SCENARIO, '"villages.csv"', '"desa.csv"')},
    "villages-wrong-extension": {
        "scenario.toml": replace(SCENARIO, '"villages.csv"', '"villages.txt"'),
        "villages.txt": VILLAGES,
    },
    "villages-is-a-number": {"scenario.toml": replace(SCENARIO, '"villages.csv"', "3")},
    "villages-uncovered-also-in-toml": {
        "scenario.toml": replace(SCENARIO, "months = 12\n", "months = 12\nuncovered = 50\n")
    },
    # budget files
    "village-budgets-unknown-village": {
        "village-budgets.csv": replace(VILLAGE_BUDGETS, "3301020001", "3301099999")
    },
    "village-budgets-duplicate-village": {"village-budgets.csv": VILLAGE_BUDGETS + "3301010001,1000\n"},
    "village-budgets-non-numeric": {"village-budgets.csv": replace(VILLAGE_BUDGETS, "4000000", "Rp 4 juta")},
    "village-budgets-negative": {"village-budgets.csv": replace(VILLAGE_BUDGETS, "3000000", "-3000000")},
    "village-budgets-missing-key": {
        "village-budgets.csv": replace(VILLAGE_BUDGETS, "village_code,", "kode_desa,")
    },
    "village-budgets-unknown-source": {"village-budgets.csv": replace(VILLAGE_BUDGETS, ",dd", ",add")},
    "village-budgets-empty-file": {"village-budgets.csv": b""},
    "regency-budgets-unknown-regency": {
        "scenario.toml": SCENARIO.replace("budget = 200_000_000\n", "")
        + 'regency_budgets = "regency-budgets.csv"\n',
        "regency-budgets.csv": replace(REGENCY_BUDGETS, "3301,", "3302,"),
    },
    "regency-budgets-and-toml-budget": {
        "scenario.toml": SCENARIO + 'regency_budgets = "regency-budgets.csv"\n',
        "regency-budgets.csv": REGENCY_BUDGETS,
    },
    "two-regencies-one-budget": {"villages.csv": replace(VILLAGES, ",330102,3301,", ",330102,3302,")},
    # [areas] table and scopes in the TOML
    "scope-unknown": {"scenario.toml": replace(SCENARIO, 'scope = "village"', 'scope = "kecamatan"')},
    "scope-village-without-column": {
        "village-budgets.csv": "village_code\n3301010001\n3301010002\n3301020001\n"
    },
    "areas-unknown-field": {"scenario.toml": SCENARIO + 'district_budgets = "d.csv"\n'},
    "areas-min-village-share-over-100": {"scenario.toml": SCENARIO + "min_village_share = 150\n"},
    "areas-not-a-table": {"scenario.toml": "areas = 1\n" + SCENARIO.split("[areas]")[0]},
}


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    for name, changes in CASES.items():
        folder = OUT / name
        folder.mkdir(parents=True)
        files = {
            "scenario.toml": SCENARIO,
            "villages.csv": VILLAGES,
            "village-budgets.csv": VILLAGE_BUDGETS,
            **changes,
        }
        for file, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / file).write_bytes(data)
    print(f"wrote {len(CASES)} folders to {OUT}")


if __name__ == "__main__":
    main()
