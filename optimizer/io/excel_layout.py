"""The scenario workbook: sheet and column names (Indonesian), the TOML field each one fills.

One table here serves the reader (`excel_reader`), the template writer
(`excel_template`) and the documentation, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a cell's value is turned into the value the TOML reader would see."""

    TEXT = "text"
    WHOLE = "whole"  # persons or Rupiah; text "1.234.567" (Indonesian thousands dots) is accepted
    NUMBER = "number"  # decimal; text "0,54" (decimal comma) is accepted
    PERCENT = "percent"  # number of percent; a cell formatted as % (0.52 shown as 52%) counts as 52
    SHARE = "share"  # persons, or "NN%"; a cell formatted as % counts as that share
    IDS = "ids"  # comma-separated ids; "semua" or "all" means every group
    BOOL = "bool"  # TRUE/FALSE, ya/tidak
    MONTHS = "months"  # a whole number of months, or "pilih"/"choose": the optimizer chooses


@dataclass(frozen=True)
class Column:
    header: str
    #: Field path inside the table's TOML entry: ("floor",) or ("active", "wage").
    key: tuple[str, ...]
    kind: Kind
    help: str
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    #: TOML section: "region", "optimize" (one record, field-per-row) or "group"... (one row per entry).
    section: str
    columns: tuple[Column, ...]
    #: Field-per-row sheets (Wilayah, Optimasi): column A names the field, column B holds the value.
    vertical: bool = False
    required: bool = True
    help: str = ""

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)

    def column_for(self, key: tuple[str, ...]) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


#: Headers of a field-per-row sheet.
FIELD, VALUE, NOTE = "isian", "nilai", "keterangan"
C = Column
WILAYAH = Sheet(
    "Wilayah",
    "region",
    (
        C("nama", ("name",), Kind.TEXT, "Nama kabupaten/kota seperti di laporan", True),
        C("tahun", ("year",), Kind.WHOLE, "Tahun rencana", True),
        C("penduduk_bekerja", ("workforce",), Kind.WHOLE, "Penduduk bekerja menurut BPS (orang)", True),
        C("peserta_aktif", ("active",), Kind.WHOLE, "Peserta aktif BPJS Ketenagakerjaan saat ini (orang)"),
        C("peserta_aktif_pu", ("active", "wage"), Kind.WHOLE, "Atau dirinci: peserta aktif penerima upah"),
        C("peserta_aktif_bpu", ("active", "non_wage"), Kind.WHOLE, "... bukan penerima upah (BPU)"),
        C("peserta_aktif_jakon", ("active", "construction"), Kind.WHOLE, "... jasa konstruksi"),
        C("persen_terpublikasi", ("published_rate",), Kind.PERCENT, "Opsional: cakupan % yang diumumkan"),
        C("target_persen", ("target_rate",), Kind.PERCENT, "Target UCJ dalam persen (isi ini ...)"),
        C("target_peserta", ("target_participants",), Kind.WHOLE, "... atau target jumlah peserta"),
        C(
            "bulan_pelaporan",
            ("reporting_month",),
            Kind.WHOLE,
            "Opsional (model bulanan): bulan UCJ dibaca, 1-12 (bawaan 12 = Desember)",
        ),
    ),
    vertical=True,
    help="Satu isian per baris: kolom isian = nama isian, kolom nilai = angkanya.",
)
OPTIMASI = Sheet(
    "Optimasi",
    "optimize",
    (
        C(
            "tujuan",
            ("objective",),
            Kind.TEXT,
            "max-coverage (cakupan terbanyak) atau min-cost (target termurah)",
        ),
        C("ukuran", ("metric",), Kind.TEXT, "persons, person-months atau branch-credit"),
        C(
            "urutan_belanja",
            ("spending_order",),
            Kind.IDS,
            "Opsional: id sumber dana, dipakai dulu -> terakhir",
        ),
        C(
            "rencana_awal",
            ("baseline",),
            Kind.TEXT,
            "Opsional: file JSON rencana sebelumnya (solve --format json), relatif ke folder file ini",
        ),
    ),
    vertical=True,
    required=False,
    help="Opsional. Tanpa lembar ini: max-coverage, persons, APBD dipakai terakhir.",
)
PAKET = Sheet(
    "Paket",
    "package",
    (
        C("id", ("id",), Kind.TEXT, "Kode singkat: huruf, angka, - atau _", True),
        C("nama", ("name",), Kind.TEXT, "Nama paket"),
        C("iuran_bulanan", ("monthly_price",), Kind.WHOLE, "Iuran per orang per bulan (Rp), mis. 16800"),
        C("persen_upah", ("wage_percent",), Kind.NUMBER, "Atau: persen dari upah (penerima upah), mis. 0,54"),
        C("upah_dilaporkan", ("declared_wage",), Kind.WHOLE, "... dan upah yang dilaporkan (Rp)"),
        C("catatan", ("note",), Kind.TEXT, "Opsional: catatan bebas"),
    ),
    help="Satu paket iuran per baris. Isi iuran_bulanan, atau persen_upah + upah_dilaporkan.",
)
IURAN_SUMBER = Sheet(
    "Iuran_Sumber",
    "price_by_source",
    (
        C("paket", ("package",), Kind.TEXT, "id paket dari lembar Paket", True),
        C("sumber", ("source",), Kind.TEXT, "id sumber dana dari lembar Sumber_Dana", True),
        C("iuran_bulanan", ("monthly_price",), Kind.WHOLE, "Iuran per bulan bila sumber ini membayar", True),
    ),
    required=False,
    help="Opsional: harga lain bila sumber tertentu membayar (mis. diskon 2026, tidak untuk APBD).",
)
KELOMPOK = Sheet(
    "Kelompok",
    "group",
    (
        C("id", ("id",), Kind.TEXT, "Kode singkat: huruf, angka, - atau _", True),
        C("nama", ("name",), Kind.TEXT, "Nama kelompok pekerja"),
        C(
            "belum_terlindungi",
            ("uncovered",),
            Kind.WHOLE,
            "Orang dalam kelompok yang belum terlindungi",
            True,
        ),
        C("paket", ("package",), Kind.TEXT, "id paket dari lembar Paket", True),
        C("bulan", ("months",), Kind.MONTHS, "Bulan perlindungan per orang (1-12), atau pilih", True),
        C("bobot", ("weight",), Kind.NUMBER, "Opsional: bobot prioritas (> 0), bawaan 1"),
        C("batas_bawah", ("floor",), Kind.SHARE, "Opsional: minimal dilindungi, orang atau persen (100%)"),
        C("batas_atas", ("cap",), Kind.SHARE, "Opsional: maksimal dilindungi, orang atau persen"),
        C("catatan", ("note",), Kind.TEXT, "Opsional: catatan bebas"),
        C("maks_bulan", ("max_months",), Kind.WHOLE, "Bila bulan = pilih: bulan terpanjang (bawaan 12)"),
        C(
            "min_berturut",
            ("min_run",),
            Kind.WHOLE,
            "Opsional: bulan berturut-turut minimal (3: santunan penuh)",
        ),
        C("jendela_awal", ("window", "first"), Kind.WHOLE, "Opsional: bulan pertama boleh dibayar (1-12)"),
        C("jendela_akhir", ("window", "last"), Kind.WHOLE, "... dan bulan terakhir (isi keduanya)"),
    ),
    help="Satu kelompok pekerja per baris. Kolom maks_bulan..jendela_akhir: model bulanan, opsional.",
)
SUMBER_DANA = Sheet(
    "Sumber_Dana",
    "source",
    (
        C("id", ("id",), Kind.TEXT, "Kode singkat: huruf, angka, - atau _", True),
        C("nama", ("name",), Kind.TEXT, "Nama sumber dana"),
        C(
            "jenis",
            ("kind",),
            Kind.TEXT,
            "apbd, dbh-cht, dbh-sawit, village, dana-desa, csr, zakat, province, other",
        ),
        C("anggaran", ("budget",), Kind.WHOLE, "Anggaran tersedia (Rp)", True),
        C("boleh_untuk", ("eligible",), Kind.IDS, "semua, atau id kelompok dipisah koma"),
        C("porsi_iuran_persen", ("premium_share",), Kind.PERCENT, "Opsional: maks. % anggaran untuk iuran"),
        C("boleh_ditambah", ("top_up",), Kind.BOOL, "Opsional: ya/tidak, boleh disarankan ditambah"),
        C("catatan", ("note",), Kind.TEXT, "Opsional: catatan bebas"),
    ),
    help="Satu sumber dana per baris.",
)
ASUMSI = Sheet(
    "Asumsi",
    "assumptions",
    (C("asumsi", ("assumption",), Kind.TEXT, "Satu asumsi per baris: dari mana angka berasal"),),
    required=False,
    help="Opsional: asumsi dan sumber angka, satu per baris.",
)
TAHAP_DANA = Sheet(
    "Tahap_Dana",
    "tranches",
    (
        C("sumber", ("source",), Kind.TEXT, "id sumber dana dari lembar Sumber_Dana", True),
        C("bulan", ("month",), Kind.WHOLE, "Bulan dana ini masuk (1-12)", True),
        C("persen", ("share",), Kind.PERCENT, "Persen anggaran yang masuk (jumlah semua tahap 100) ..."),
        C("jumlah", ("amount",), Kind.WHOLE, "... atau Rupiah yang masuk (jumlah semua tahap = anggaran)"),
    ),
    required=False,
    help="Opsional (model bulanan): kapan dana masuk, satu tahap per baris (mis. DBH Sawit Mei dan Oktober).",
)
TUMPANG_TINDIH = Sheet(
    "Tumpang_Tindih",
    "overlap",
    (
        C("kelompok", ("groups",), Kind.IDS, "id kelompok (minimal dua) dipisah koma", True),
        C("orang", ("persons",), Kind.WHOLE, "Orang yang termasuk semua kelompok itu ..."),
        C("persen", ("share",), Kind.PERCENT, "... atau persen dari kelompok terkecil"),
        C("catatan", ("note",), Kind.TEXT, "Opsional: catatan bebas"),
    ),
    required=False,
    help="Opsional (model bulanan): orang yang masuk beberapa kelompok, dibayar dan dihitung sekali.",
)
#: In reading order; Petunjuk (instructions) and any other sheet are ignored by the reader.
#: Varian (variants, `excel_variants`) is read separately: it changes the scenario, it is not part of it.
SHEETS: tuple[Sheet, ...] = (
    WILAYAH,
    OPTIMASI,
    PAKET,
    IURAN_SUMBER,
    KELOMPOK,
    SUMBER_DANA,
    TAHAP_DANA,
    TUMPANG_TINDIH,
    ASUMSI,
)
INSTRUCTIONS = "Petunjuk"
#: Words accepted for "every group" in boleh_untuk, and for true/false.
ALL_WORDS = {"all", "semua"}
TRUE_WORDS = {"ya", "y", "true", "benar"}
FALSE_WORDS = {"tidak", "t", "false", "salah"}
#: Words accepted in Kelompok.bulan for months = "choose".
CHOOSE_WORDS = {"pilih", "choose"}
