"""The audit trail: --write-model files that another solver re-solves to the plan's optimum, and the
scenario's SHA-256, versions and date in every plan file."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *args], capture_output=True, text=True, cwd=ROOT
    )


def _resolve_with_highspy(path: Path) -> float:
    """Read the file with HiGHS directly (not through PuLP) and return its proven optimum."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)  # the default 1e-4 would stop short of the proven optimum
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


@pytest.mark.parametrize("name", ["teaching-example", "pacitan-2025", "pasaman-barat-2025-tranches"])
@pytest.mark.parametrize("suffix", [".lp", ".mps"])
def test_written_model_resolves_to_the_plans_optimum(tmp_path, name, suffix):
    model = tmp_path / f"model{suffix}"
    result = cli("solve", f"scenarios/{name}.toml", "--format", "json", "--write-model", str(model))
    assert result.returncode in (0, 1), result.stderr
    doc = json.loads(result.stdout)  # nothing else on stdout
    assert doc["objective"] == "max-coverage"
    assert _resolve_with_highspy(model) == pytest.approx(doc["objective_value"], abs=1e-6)


def test_write_model_needs_lp_or_mps_and_never_replaces_the_scenario(tmp_path):
    bad = cli("solve", "scenarios/teaching-example.toml", "--write-model", str(tmp_path / "m.txt"))
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and ".lp or .mps" in bad.stderr
    copy = tmp_path / "s.lp"
    copy.write_bytes((ROOT / "scenarios" / "teaching-example.toml").read_bytes())
    same = cli("solve", str(copy), "--write-model", str(copy))
    assert same.returncode == 2


def test_every_plan_file_records_the_scenario_versions_and_date(tmp_path):
    scenario = ROOT / "scenarios" / "teaching-example.toml"
    digest = hashlib.sha256(scenario.read_bytes()).hexdigest()
    doc = json.loads(cli("solve", str(scenario), "--format", "json", "--no-marginal").stdout)
    audit = doc["audit"]
    assert audit["scenario_sha256"] == digest and audit["plan_date"] == "2025-01-01"
    assert audit["tool"].startswith("ucj-optimizer ") and audit["lp_solver"].startswith("HiGHS ")
    assert doc["solver"]["version"].startswith("HiGHS ")
    xlsx, html = tmp_path / "p.xlsx", tmp_path / "p.html"
    assert cli("solve", str(scenario), "--output", str(xlsx), "--no-marginal").returncode == 0
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))
    values = [str(c) for row in wb["Figures"].iter_rows(values_only=True) for c in row if c is not None]
    assert digest in values and "2025-01-01" in values
    assert any("CBC" in v or "HiGHS" in v for v in values)
    assert cli("report", str(scenario), "--output", str(html), "--no-frontier").returncode == 0
    page = html.read_text(encoding="utf-8")
    assert digest in page and audit["tool"] in page and doc["solver"]["version"] in page
