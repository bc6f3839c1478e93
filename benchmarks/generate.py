"""Deterministic village-level instances at regency, province and national size.

With `real_list=True` (the benchmark, `benchmarks/run.py`) the villages are the
official list (`optimizer.areas.village_list`, needs `pip install ".[villages]"`):
Kabupaten Pati (406 villages), Jawa Tengah (8,563 in 35 regencies) and Indonesia
(83,762 in 514 regencies and 7,285 districts), with their real codes, names,
kecamatan and regencies; kelurahan (code 33.18.10.1001: a 1 after the district) get no
ADD. Without it (the tests' fixtures, no extra package) the structure is made up as
before: D000100001 "Desa 1", 12 villages a district.

Every number is invented (seeded NumPy generator), shaped like Indonesian data:
eight worker groups whose presence depends on the place
(fishermen on the coast, tobacco and palm-oil workers in some regencies); six
funding sources with the three scopes (regency APBD, DBH-CHT, DBH Sawit and CSR;
village ADD, none for kelurahan; one provincial aid pot). Budgets are set so
that they bind: no source can pay for everyone it may pay for.

    python -m benchmarks.generate national /tmp/inst 1 --real

writes scenario.toml, villages.csv, village-budgets.csv and regency-budgets.csv.
The same size and seed give byte-identical files.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Size:
    villages: int
    regencies: int


#: The region of the official list for each size (real_list=True).
REAL_REGIONS = {"regency": "Kabupaten Pati", "province": "Jawa Tengah", "national": "Indonesia"}
SIZES = {
    "regency": Size(400, 1),
    "province": Size(8_500, 35),
    "national": Size(84_000, 514),
}
#: (id, package, months, mean headcount where present, share of villages/regencies where present)
GROUPS = (
    ("rt-rw", "pu-2jt", 12, 25, 1.0),
    ("perangkat-desa", "pu-2jt", 12, 12, 1.0),
    ("nelayan", "bpu", 12, 60, 0.3),
    ("penderes", "bpu", 12, 30, 0.2),
    ("buruh-tembakau", "bpu", 6, 80, 0.15),
    ("buruh-sawit", "bpu", 3, 90, 0.2),
    ("pekerja-rentan", "bpu", 12, 150, 1.0),
    ("pekerja-konstruksi", "bpu", 6, 20, 1.0),
)
#: Groups present only in some regencies (the rest are spread over villages).
REGENCY_WIDE = {"buruh-tembakau", "buruh-sawit"}
PRICES = {"bpu": 16_800, "pu-2jt": 10_800}
VILLAGES_PER_DISTRICT = 12
KELURAHAN_SHARE = 0.1
MIN_VILLAGE_SHARE = 5.0


def generate(size: str, out: Path, seed: int = 1, real_list: bool = False) -> Path:
    """Write the instance `size` into folder `out`; returns the scenario path."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    villages = _real_villages(size) if real_list else _villages(SIZES[size], rng)
    spec = Size(len(villages), villages["regency_code"].nunique())
    counts = _headcounts(villages, spec, rng)
    villages = pd.concat([villages, counts], axis=1)
    villages.to_csv(out / "villages.csv", index=False, lineterminator="\n")
    cost = {g: PRICES[p] * m for g, p, m, _, _ in GROUPS}
    demand = counts.mul(pd.Series(cost)).astype("int64")
    # ADD pays village officials and RT/RW: about half of their cost; kelurahan have none.
    add = (demand[["rt-rw", "perangkat-desa"]].sum(axis=1) * rng.uniform(0.3, 0.7, len(villages))).astype(
        "int64"
    )
    add[_kelurahan(villages["village_code"])] = 0
    pd.DataFrame({"village_code": villages["village_code"], "add": add}).to_csv(
        out / "village-budgets.csv", index=False, lineterminator="\n"
    )
    by_regency = demand.groupby(villages["regency_code"]).sum()
    regency = pd.DataFrame({"regency_code": by_regency.index})
    total = by_regency.sum(axis=1).to_numpy()
    regency["apbd"] = (total * rng.uniform(0.15, 0.35, len(regency))).astype("int64")
    regency["dbh-cht"] = (
        by_regency["buruh-tembakau"].to_numpy() * rng.uniform(0.3, 0.8, len(regency))
    ).astype("int64")
    # DBH Sawit: at most 20% may go to premiums, so the pot is five times what premiums may use.
    regency["dbh-sawit"] = (
        by_regency["buruh-sawit"].to_numpy() * rng.uniform(1.5, 4.0, len(regency))
    ).astype("int64")
    csr_share = np.where(rng.random(len(regency)) < 0.4, rng.uniform(0.05, 0.2, len(regency)), 0.0)
    regency["csr"] = (by_regency[["nelayan", "buruh-sawit"]].sum(axis=1).to_numpy() * csr_share).astype(
        "int64"
    )
    regency.to_csv(out / "regency-budgets.csv", index=False, lineterminator="\n")
    province_budget = int(demand["pekerja-rentan"].sum() * 0.1)
    path = out / "scenario.toml"
    kind = f"{REAL_REGIONS[size]}, official village list" if real_list else "made-up villages"
    path.write_text(_toml(size, seed, len(villages), province_budget, int(counts.sum().sum()), kind))
    return path


def _real_villages(size: str) -> pd.DataFrame:
    from optimizer.areas import village_list

    table = village_list.villages_of(village_list.find_region(REAL_REGIONS[size]))
    return table[["village_code", "village_name", "district_code", "regency_code"]]


def _kelurahan(codes: pd.Series) -> np.ndarray:
    """Kelurahan: made-up codes start with K; Kemendagri codes have a 1 after the district (xx.xx.xx.1xxx)."""
    return (codes.str.startswith("K") | (codes.str.len().eq(13) & codes.str[9].eq("1"))).to_numpy()


def _villages(spec: Size, rng: np.random.Generator) -> pd.DataFrame:
    weights = rng.uniform(0.5, 1.5, spec.regencies)
    per = np.maximum(1, np.floor(weights / weights.sum() * spec.villages)).astype(int)
    per[: spec.villages - per.sum()] += 1  # exact total, deterministic
    regency = np.repeat(np.arange(spec.regencies), per)
    within = np.concatenate([np.arange(n) for n in per])
    district = within // VILLAGES_PER_DISTRICT
    kelurahan = rng.random(spec.villages) < KELURAHAN_SHARE
    prefix = np.where(kelurahan, "K", "D")
    reg = np.char.mod("%04d", regency + 1)
    code = np.char.add(np.char.add(prefix, reg), np.char.mod("%05d", within + 1))
    return pd.DataFrame(
        {
            "village_code": code,
            "village_name": np.char.add("Desa ", np.char.mod("%d", np.arange(spec.villages) + 1)),
            "district_code": np.char.add(np.char.add("C", reg), np.char.mod("%03d", district + 1)),
            "regency_code": np.char.add("R", reg),
        }
    )


def _headcounts(villages: pd.DataFrame, spec: Size, rng: np.random.Generator) -> pd.DataFrame:
    n = len(villages)
    regency = pd.factorize(villages["regency_code"], sort=True)[0]
    columns = {}
    for gid, _, _, mean, share in GROUPS:
        if gid in REGENCY_WIDE:
            present = (rng.random(spec.regencies) < share)[regency]
            if spec.regencies == 1:
                present[:] = True  # a single-regency instance keeps every group
        else:
            present = rng.random(n) < share
        columns[gid] = np.where(present, rng.poisson(mean, n), 0)
    return pd.DataFrame(columns).astype("int64")


def _toml(size: str, seed: int, villages: int, province_budget: int, uncovered: int, kind: str) -> str:
    groups = "\n".join(f'[[group]]\nid = "{g}"\npackage = "{p}"\nmonths = {m}\n' for g, p, m, _, _ in GROUPS)
    return f"""# Synthetic {size} instance (seed {seed}): {villages:,} villages ({kind}), invented numbers.
# Generated by benchmarks/generate.py; the numbers are not real data, do not plan with them.

[region]
name = "Synthetic {size}"
year = 2025
workforce = {uncovered * 4}
active = {uncovered}
target_rate = 40.0

[optimize]
objective = "max-coverage"
metric = "persons"

[areas]
villages = "villages.csv"
village_budgets = "village-budgets.csv"
regency_budgets = "regency-budgets.csv"
min_village_share = {MIN_VILLAGE_SHARE}

[[package]]
id = "bpu"
monthly_price = {PRICES["bpu"]}

[[package]]
id = "pu-2jt"
monthly_price = {PRICES["pu-2jt"]}

{groups}
[[source]]
id = "apbd"
kind = "apbd"
scope = "regency"

[[source]]
id = "dbh-cht"
kind = "dbh-cht"
scope = "regency"
eligible = ["buruh-tembakau"]

[[source]]
id = "dbh-sawit"
kind = "dbh-sawit"
scope = "regency"
premium_share = 20.0
eligible = ["buruh-sawit"]

[[source]]
id = "add"
kind = "village"
scope = "village"
eligible = ["rt-rw", "perangkat-desa"]

[[source]]
id = "csr"
kind = "csr"
scope = "regency"
eligible = ["nelayan", "buruh-sawit"]

[[source]]
id = "bantuan-provinsi"
kind = "province"
scope = "province"
budget = {province_budget}
eligible = ["pekerja-rentan", "nelayan"]
"""


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--real"]
    if len(args) not in (2, 3) or args[0] not in SIZES:
        sys.exit(f"usage: python -m benchmarks.generate {{{'|'.join(SIZES)}}} OUT_DIR [SEED] [--real]")
    seed = int(args[2]) if len(args) == 3 else 1
    print(generate(args[0], Path(args[1]), seed, real_list="--real" in sys.argv))
