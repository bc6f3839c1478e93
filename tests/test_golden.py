"""`solve` output is byte-identical to tests/golden/solve/ (recorded by tests/golden/make_golden.py).

Every bundled scenario x objective x metric, JSON and the en/id tables, with exit codes.
When a difference is intended, regenerate the files and say why in the commit message.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_golden  # noqa: E402

INDEX = dict(line.rsplit(" ", 1) for line in (make_golden.OUT / "index.txt").read_text().splitlines())


@pytest.mark.parametrize("path", make_golden.scenarios(), ids=lambda p: p.stem)
def test_solve_outputs_match_the_golden_files(path, monkeypatch):
    monkeypatch.chdir(make_golden.ROOT)
    for objective in make_golden.OBJECTIVES:
        for metric in make_golden.METRICS:
            files, index = make_golden.outputs(path, objective, metric)
            for line in index:
                name, code = line.rsplit(" ", 1)
                assert INDEX.get(name) == code, f"{name}: exit code {code}, golden {INDEX.get(name)}"
            for name, content in files.items():
                golden = (make_golden.OUT / name).read_text(encoding="utf-8")
                assert content == golden, f"{name} differs from tests/golden/solve/{name}"


def test_every_golden_file_is_still_produced():
    names = {n for p, o, m in make_golden.combos() for n in INDEX if n.startswith(f"{p.stem}.{o}.{m}.")}
    assert names == set(INDEX)
    assert len(INDEX) >= len(list(make_golden.combos()))
