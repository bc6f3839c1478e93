"""The one Indonesian catalogue (optimizer/locale/id/LC_MESSAGES/ucj.po): complete, nothing stale,
the same placeholders in both languages, and one translation for one English text."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

import optimizer
from optimizer import i18n
from optimizer.catalogue import PO_FILE, TABLES, indonesian, translations
from optimizer.messages import MESSAGES, Msg, say

# Every module, so that every table of words is registered.
for _module in pkgutil.walk_packages(optimizer.__path__, "optimizer."):
    if not _module.name.endswith("__main__"):
        importlib.import_module(_module.name)

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _entries():
    for table in TABLES:
        for key in table:
            yield key, table.context(key), table[key]


def test_every_english_text_has_its_indonesian_with_the_same_placeholders():
    known = translations()
    for key, context, english in _entries():
        assert (context, english) in known, f"{key}: {english!r} has no Indonesian in {PO_FILE.name}"
        ind = known[(context, english)]
        assert ind.strip(), key
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(ind)), key


def test_the_catalogue_holds_nothing_the_code_no_longer_says():
    said = {(context, english) for _, context, english in _entries()}
    assert set(translations()) <= said, sorted(set(translations()) - said)[:5]


def test_one_english_text_is_one_entry():
    with PO_FILE.open("rb") as fh:
        catalog = read_po(fh)
    ids = [(m.context, m.id) for m in catalog if m.id]
    assert len(ids) == len(set(ids)) and len(ids) > 300


def test_lookups_in_both_languages():
    assert i18n.t("uncovered", "id") == "belum terlindungi"
    assert i18n.t("sheet.sources", "id") == "Sumber_Dana"  # context "sheet": not "Sumber dana"
    assert i18n.t("Sources", "id") == "Sumber dana"
    assert i18n.t("no such key", "id") == "no such key"
    assert indonesian("a text nobody translated") == "a text nobody translated"
    message = Msg("warn.target_met", target=1500, active=2000)
    assert message == "the target (1,500) is already met by today's 2,000 participants"
    assert say(message, "id") == "target (1.500) sudah tercapai oleh 2.000 peserta saat ini"
    assert MESSAGES["warn.target_met"].startswith("the target ({target:n})")


def test_an_english_run_never_reads_the_catalogue():
    code = (
        "import optimizer.cli, optimizer.catalogue as c;"
        "from optimizer.cli import main;"
        "import sys; sys.argv=['x','solve','scenarios/teaching-example.toml','--no-marginal'];"
        "\ntry: main()\nexcept SystemExit: pass\n"
        "print('READ' if c.translations.cache_info().currsize else 'NOT READ', file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.stderr.strip().endswith("NOT READ"), done.stderr[-300:]
