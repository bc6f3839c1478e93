"""The app's own words in English and Indonesian (the plan's words come from the library)."""

from __future__ import annotations

from optimizer.i18n import LANGS, Lang

WORDS: dict[str, tuple[str, str]] = {
    "title": ("UCJ planner", "Perencana UCJ"),
    "open": ("Open a scenario (.toml or .xlsx)", "Buka skenario (.toml atau .xlsx)"),
    "open_button": ("Open", "Buka"),
    "teaching": ("Start from the teaching example", "Mulai dari contoh ajar"),
    "region": ("Region and target (sheet Wilayah)", "Wilayah dan target (lembar Wilayah)"),
    "optimize": ("Question (sheet Optimasi)", "Pertanyaan (lembar Optimasi)"),
    "sources": ("Funding sources (sheet Sumber_Dana)", "Sumber dana (lembar Sumber_Dana)"),
    "groups": ("Worker groups (sheet Kelompok)", "Kelompok pekerja (lembar Kelompok)"),
    "add_row": ("Add a row", "Tambah baris"),
    "remove": ("Remove", "Hapus"),
    "plan": ("The plan", "Rencana"),
    "stale": (
        "Not re-solved: fix the value below; the plan shown is for the last valid values.",
        "Belum dihitung ulang: perbaiki isian di bawah; rencana yang tampil dari isian sah terakhir.",
    ),
    "no_plan": ("No plan yet: fix the value below.", "Belum ada rencana: perbaiki isian di bawah."),
    "downloads": ("Take it away", "Unduh"),
    "dl_plan": ("Plan workbook (.xlsx)", "Buku kerja rencana (.xlsx)"),
    "dl_report": ("HTML report", "Laporan HTML"),
    "dl_toml": ("Scenario as TOML", "Skenario sebagai TOML"),
    "dl_xlsx": ("Scenario as Excel workbook", "Skenario sebagai buku kerja Excel"),
    "variants": ("Variants", "Varian"),
    "variant_name": ("Save the current values as variant", "Simpan isian sekarang sebagai varian"),
    "save": ("Save", "Simpan"),
    "use": ("Open", "Buka"),
    "compare": (
        "Compare all variants with the current values",
        "Bandingkan semua varian dengan isian sekarang",
    ),
    "current": ("current", "sekarang"),
    "frontier": ("Frontier: coverage for the budget", "Kurva: cakupan menurut anggaran"),
    "frontier_button": ("Compute the frontier", "Hitung kurva"),
    "limits": ("What limits the plan, warnings", "Yang membatasi rencana, peringatan"),
    "shortfall": ("Why the target is not reached", "Mengapa target tidak tercapai"),
    "floor_shortfall": ("Floors that cannot be afforded", "Batas bawah yang tidak terbiayai"),
    "binding": ("What limits the plan", "Yang membatasi rencana"),
    "warnings": ("Warnings about the input", "Peringatan tentang masukan"),
    "none": ("none", "tidak ada"),
    "solve_time": ("solved in {seconds} s", "dihitung dalam {seconds} dtk"),
    "language": ("Bahasa Indonesia", "English"),
    "slider": ("slide to change", "geser untuk mengubah"),
}


def word(key: str, lang: Lang, **values: object) -> str:
    pair = WORDS.get(key)
    text = key if pair is None else pair[LANGS.index(lang)]
    return text.format(**values) if values else text
