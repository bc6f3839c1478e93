"""The teaching example (scenarios/teaching-example.toml) as data, for the Excel template.

Kept in the package because `init --excel` must work after a plain `pip install`,
where the scenarios/ folder is not installed. A test checks it equals the TOML file.
"""

from __future__ import annotations

from typing import Any

TEACHING_EXAMPLE: dict[str, Any] = {
    "assumptions": [
        "Invented teaching region: every number is made up so that the optimum can be checked "
        "by hand (asumsi)",
        "Tobacco labourers are covered only for the 6-month growing and harvest season (asumsi)",
        "RT/RW heads are registered as wage earners on a declared honorarium of Rp2,000,000 (asumsi)",
        "All RT/RW heads must be covered: a political commitment written as a floor of 100% (asumsi)",
    ],
    "region": {
        "name": "Kabupaten Contoh (contoh ajar)",
        "year": 2025,
        "workforce": 100_000,
        "active": 30_000,
        "published_rate": 30.0,
        "target_rate": 38.0,
    },
    "optimize": {
        "objective": "max-coverage",
        "metric": "persons",
        "spending_order": ["dbh-cht", "csr", "apbd"],
    },
    "package": [
        {"id": "jkk-jkm", "name": "JKK + JKM (BPU, Rp1 juta)", "monthly_price": 16_800},
        {
            "id": "pu-2jt",
            "name": "JKK + JKM penerima upah, upah Rp2 juta",
            "wage_percent": 0.54,
            "declared_wage": 2_000_000,
        },
    ],
    "group": [
        {
            "id": "buruh-tembakau",
            "name": "Buruh tani tembakau",
            "uncovered": 3_000,
            "package": "jkk-jkm",
            "months": 6,
            "note": "Only group the DBH-CHT may pay for.",
        },
        {
            "id": "rt-rw",
            "name": "Ketua RT/RW",
            "uncovered": 1_200,
            "package": "pu-2jt",
            "months": 12,
            "floor": "100%",
            "note": "Floor forces the APBD to pay for all of them before anything else.",
        },
        {
            "id": "nelayan",
            "name": "Nelayan",
            "uncovered": 4_000,
            "package": "jkk-jkm",
            "months": 12,
            "note": "Expensive per person (12 months), so it gets what is left.",
        },
    ],
    "source": [
        {
            "id": "dbh-cht",
            "name": "DBH Cukai Hasil Tembakau",
            "kind": "dbh-cht",
            "budget": 201_600_000,
            "eligible": ["buruh-tembakau"],
            "note": "Earmarked: tobacco labourers only (PMK on DBH-CHT use).",
        },
        {
            "id": "csr",
            "name": "CSR perusahaan perikanan",
            "kind": "csr",
            "budget": 100_800_000,
            "eligible": ["nelayan"],
            "note": "Donor chose fishermen near its landing site.",
        },
        {
            "id": "apbd",
            "name": "APBD Kabupaten",
            "kind": "apbd",
            "budget": 558_720_000,
            "eligible": "all",
            "top_up": True,
            "note": "Own money: pays the floor first, then the cheapest remaining persons.",
        },
    ],
}

#: The notes and assumptions of the teaching example in Indonesian, for the Excel template
#: (`init --excel`): its sheets are Indonesian, and the notes flow into plans and reports.
_ASSUMPTIONS_ID = [
    "Wilayah contoh untuk belajar: semua angka dibuat-buat agar optimumnya dapat diperiksa "
    "dengan tangan (asumsi)",
    "Buruh tembakau hanya dilindungi selama 6 bulan musim tanam dan panen (asumsi)",
    "Ketua RT/RW didaftarkan sebagai penerima upah dengan honorarium Rp2.000.000 (asumsi)",
    "Semua ketua RT/RW harus dilindungi: komitmen politik yang ditulis sebagai batas bawah 100% (asumsi)",
]
_NOTES_ID = {
    "buruh-tembakau": "Satu-satunya kelompok yang boleh dibiayai DBH-CHT.",
    "rt-rw": "Batas bawah memaksa APBD membiayai mereka semua lebih dulu.",
    "nelayan": "Mahal per orang (12 bulan), jadi mendapat sisa dana.",
    "dbh-cht": "Dana khusus: hanya untuk buruh tembakau (PMK penggunaan DBH-CHT).",
    "csr": "Donatur memilih nelayan di dekat tempat pendaratan ikannya.",
    "apbd": "Dana sendiri: membayar batas bawah dulu, lalu orang termurah yang tersisa.",
}


def teaching_example_id() -> dict[str, Any]:
    """`TEACHING_EXAMPLE` with its notes and assumptions in Indonesian (the numbers are the same)."""
    data = {**TEACHING_EXAMPLE, "assumptions": list(_ASSUMPTIONS_ID)}
    for key in ("group", "source"):
        data[key] = [{**row, "note": _NOTES_ID[row["id"]]} for row in TEACHING_EXAMPLE[key]]
    return data
