"""Indonesian for everything a planner reads: sentences, marginal values, compare, frontier, validate."""

from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path

from click.testing import CliRunner

from optimizer.cli import main
from optimizer.messages import Msg, say

ROOT = Path(__file__).resolve().parent.parent
TEACHING = str(ROOT / "scenarios" / "teaching-example.toml")
PACITAN = str(ROOT / "scenarios" / "pacitan-2025.toml")
PATI = str(ROOT / "scenarios" / "pati-2025.toml")

#: Words that only an English sentence or label would contain.
ENGLISH = (
    "covered",
    "uncovered",
    "budget",
    "used up",
    "left",
    "persons",
    "participants",
    "workforce",
    "warning",
    "allocation",
    "sources",
    "groups",
    "floor",
    "cap",
    "dropping",
    "billion",
    "allowing",
    "source",
    "group",
    "months",
    "missing",
    "add",
    "cost",
    "before",
    "after",
    "reachable",
    "within",
    "beyond",
    "identical",
    "differs",
    "comparing",
    "published",
    "disagrees",
    "even",
    "unused",
    "person",
)


def _leftovers(text: str, allowed_ids: tuple[str, ...] = ()) -> list[str]:
    for ident in allowed_ids:  # ids from the scenario file are names, not English
        text = text.replace(ident, "")
    return [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text, re.I)]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_teaching_example_table_in_indonesian():
    out = _run("solve", TEACHING, "--lang", "id")
    for phrase in (
        "Cakupan UCJ   30,00% -> 36,20%   (target 38,00%, target TIDAK tercapai)",
        "peserta       30.000 -> 36.200   (+6.200; target 38.000; penduduk bekerja 100.000)",
        "biaya total   Rp 861.120.000",  # every Rupiah of the three budgets (comments of the scenario)
        "Kekurangan terhadap target: 1.800 kurang",  # 38,000 - 36,200
        "kelompok rt-rw: seluruh 1.200 pekerja yang belum terlindungi sudah dilindungi",
        # nelayan for 12 months at Rp16,800: Rp201,600 a person, more than the Rp0 left
        "sumber apbd: anggaran habis (sisa Rp 0, kurang dari satu orang lagi seharga Rp 201.600)",
        "Nilai marginal (dalam orang;",
        # one more billion to CSR: 4,960 persons' worth, but only 4,000 - 2,000 fishermen are left
        "+Rp 1.000.000.000 untuk csr: 2.000 orang (laju LP 4.960,32 per miliar",
        "batas bawah rt-rw (1.200): menghapusnya menambah 0 orang",
    ):
        assert phrase in out, phrase
    assert _leftovers(out, ("buruh-tembakau", "rt-rw", "nelayan", "dbh-cht", "csr", "apbd")) == []


def test_english_table_and_json_stay_english():
    out = _run("solve", TEACHING)
    assert "group rt-rw: all 1,200 uncovered workers are covered" in out
    doc = json.loads(_run("solve", TEACHING, "--format", "json", "--lang", "id"))
    assert "source apbd: budget used up (Rp0 left, less than one more person at Rp201,600)" in doc["binding"]


def test_warning_in_indonesian_with_indonesian_numbers():
    out = _run("validate", PACITAN, "--lang", "id")
    # 73,057 / 387,501 = 18.85% against the published "about 30%"
    assert (
        "peringatan: cakupan yang dipublikasikan 30% tidak sesuai dengan peserta aktif / penduduk bekerja "
        "= 73.057 / 387.501 = 18,9%; rencana memakai 18,9%." in out
    )
    assert out.startswith(f"{PACITAN}: OK (4 kelompok, 3 sumber)")
    assert _leftovers(out.replace(PACITAN, ""), ("premium_share", "top_up")) == []
    english = _run("validate", PACITAN)
    assert "warning: published coverage 30% disagrees with active / workforce = 73,057 / 387,501" in english


def test_compare_and_frontier_tables_in_indonesian():
    ids = ("konstruksi-desa", "konstruksi-bpu", "desil-1-2", "desil-3-4", "village", "zakat", "csr", "apbd")
    out = _run("compare", PATI, "--variant", "APBD +20%", "--lang", "id")
    assert "sumber apbd: anggaran: Rp 6.000.000.000 -> Rp 7.200.000.000" in out  # 6 billion + 20%
    assert "biaya per orang baru" in out and "29,00% -> " in out
    assert _leftovers(out.replace("APBD +20%", ""), ids) == []
    out = _run("frontier", PATI, "--targets", "40,52", "--steps", "2", "--lang", "id")
    assert "Rp 7.684.017.600" in out and "Rp 15.513.254.400" in out  # README's Pati figures
    assert "Biaya mencapai target" in out and "52%" in out
    assert _leftovers(out, ids) == []


def test_msg_is_the_english_sentence_and_survives_copy_and_pickle():
    m = Msg("bind.used_up", source="apbd", left=1_500, cheapest=201_600)
    assert m == "source apbd: budget used up (Rp1,500 left, less than one more person at Rp201,600)"
    assert json.dumps([m]) == json.dumps([str(m)])
    for clone in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert clone == m and say(clone, "id") == say(m, "id")
    assert (
        say(m, "id")
        == "sumber apbd: anggaran habis (sisa Rp 1.500, kurang dari satu orang lagi seharga Rp 201.600)"
    )
    assert say("a plain sentence", "id") == "a plain sentence"


def test_robust_table_in_indonesian_down_to_its_headers():
    uncertain = str(ROOT / "scenarios" / "pasaman-barat-2025-uncertain.toml")
    out = _run("robust", uncertain, "--samples", "50", "--lang", "id")
    assert "90-110%, paling mungkin 100%" in out  # the triangular range of pekerja-sawit
    header = next(line for line in out.splitlines() if line.startswith("rencana  UCJ p5"))
    assert "P(target tercapai)" in header and "P(sesuai rencana)" in header
    assert not re.search(r"most likely|as planned|P\(target\)", out)
    english = _run("robust", uncertain, "--samples", "50")
    assert "90-110%, most likely 100%" in english and "P(target)" in english
