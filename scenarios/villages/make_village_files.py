"""Write the villages files of the real-list village scenarios in scenarios/.

    pip install ".[villages]" && python scenarios/villages/make_village_files.py

The village rows (code, name, kecamatan) come from the official list through
`init --villages` (optimizer.areas.village_template); the numbers filled in are
ASSUMPTIONS, stated in each scenario's `assumptions`: the published totals (3,805
nagari people in Pasaman Barat, seed 004; Pati's village-project workers, an
assumption of pati-2025.toml) are spread over the villages at random (fixed seed),
so that the per-village tables show the differences a real list would have. A
planner replaces them with the villages' own lists and APBDes/APB Nagari lines.
The same package version and seed give byte-identical files.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.areas.village_template import village_template

HERE = Path(__file__).parent


def _spread(total: int, weights: np.ndarray) -> np.ndarray:
    """`total` whole persons in proportion to `weights` (largest remainder, ties by row order)."""
    exact = total * weights / weights.sum()
    out = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def _table(region: str, groups: tuple[str, ...]) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(village_template(region, groups, ()).villages), dtype=str)


def _write(frame: pd.DataFrame, name: str) -> None:
    frame.to_csv(HERE / name, index=False, lineterminator="\n")


def pasaman_barat() -> None:
    rng = np.random.default_rng(2025)
    v = _table("Kabupaten Pasaman Barat", ("perangkat-nagari", "bamus-kader"))
    size = rng.uniform(0.6, 1.4, len(v))  # (asumsi) nagari differ in size by up to 2x
    v["perangkat-nagari"] = _spread(1_500, size)
    v["bamus-kader"] = _spread(2_305, size * rng.uniform(0.8, 1.2, len(v)))
    _write(v, "pasaman-barat-2025-nagari.csv")
    # (asumsi) each nagari budgets Rp1.5-5 million of APB Nagari for premiums: ~Rp300M in all.
    budget = (rng.uniform(1.5, 5.0, len(v)) * 1_000_000).round(-4).astype(np.int64)
    _write(pd.DataFrame({"village_code": v["village_code"], "apb-nagari": budget}),
           "pasaman-barat-2025-nagari-budgets.csv")  # fmt: skip


def pati() -> None:
    rng = np.random.default_rng(2025)
    v = _table("Kabupaten Pati", ("konstruksi-desa",))
    desa = v["village_code"].str.split(".").str[3].str.startswith("2").to_numpy()
    # (asumsi) only desa run APBDes projects; kelurahan have none.
    v["konstruksi-desa"] = _spread(10_000, np.where(desa, rng.uniform(0.5, 1.5, len(v)), 0.0))
    _write(v, "pati-2025-desa.csv")
    # (asumsi) each desa budgets premiums for 40-100% of its project workers (3 months x Rp16,800).
    share = rng.uniform(0.4, 1.0, len(v))
    budget = (np.floor(v["konstruksi-desa"].to_numpy() * share) * 3 * 16_800).astype(np.int64)
    frame = pd.DataFrame({"village_code": v["village_code"], "apbdes": budget})
    _write(frame[desa], "pati-2025-desa-budgets.csv")


if __name__ == "__main__":
    pasaman_barat()
    pati()
