"""Hostile input and output (issue 13), run through the real program.

Every case runs `optimizer.cli.main` in one separate interpreter (tests/bad_inputs/run_cases.py),
with file descriptors 1 and 2 captured, so what C libraries print is seen too; one case
also runs as `python -m optimizer` on its own. A case fails on a traceback, a wrong exit
code, an error of more than one line, an output file written or changed when it must not
be, a live formula in any output, or a run over 30 s.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook

from optimizer.io.excel_template import template_bytes
from optimizer.io.xlsx import save_bytes

ROOT = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "bad_inputs"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
OLD = b"old bytes\n"
HOSTILE_NAMES = {
    "region": '=HYPERLINK("http://example.com/x","klik")',
    "package": "+cmd|' /C calc'!A0",
    "group": "-2+3",
    "source": "@SUM(1+1)*cmd|' /C calc'!A0",
    "village": "=1+1",
}


@dataclass
class Case:
    name: str
    args: list[str]
    code: int | tuple[int, ...]
    #: a piece of the one error line (exit 2), or "" for a run that succeeds
    expect: str = ""
    #: files that must keep their bytes (inputs, refused outputs)
    unchanged: tuple[str, ...] = ()
    #: files that must not exist afterwards
    absent: tuple[str, ...] = ()
    #: output files to scan for live formulas (CSV cells, XLSX formula elements)
    outputs: tuple[str, ...] = ()
    check: dict = field(default_factory=dict)


def _hostile_scenario() -> str:
    n = HOSTILE_NAMES
    return f"""assumptions = ["=1+2", "@SUM(A1)", "-1", "+1"]
[region]
name = {json.dumps(n["region"])}
year = 2025
workforce = 100_000
active = 30_000
target_rate = 38.0

[[package]]
id = "p"
name = {json.dumps(n["package"])}
monthly_price = 16_800

[[group]]
id = "g"
name = {json.dumps(n["group"])}
uncovered = 100
package = "p"
months = 12

[[source]]
id = "s"
name = {json.dumps(n["source"])}
kind = "apbd"
budget = 100_000_000
eligible = "all"
"""


def _area_folder(root: Path) -> Path:
    """A small valid village-level scenario whose village names are formulas."""
    folder = root / "villages"
    shutil.copytree(CORPUS / "areas" / "villages-negative", folder)
    villages = (folder / "villages.csv").read_text().replace(",-5,", ",5,")
    villages = villages.replace("Desa Pantai", HOSTILE_NAMES["village"]).replace("Desa Bukit", "@Bukit")
    (folder / "villages.csv").write_text(villages)
    return folder


def _stray_cell_workbook(path: Path) -> None:
    """The template with one empty but formatted cell at XFD1048576: legal, and must be quick."""
    wb = load_workbook(io.BytesIO(template_bytes()))
    wb["Kelompok"].cell(1_048_576, 16_384).number_format = "0.00"
    path.write_bytes(save_bytes(wb, 2025))


def _many_empty_cells(path: Path, n: int) -> None:
    """The template with `n` empty formatted cells appended to its first sheet, in the XML."""
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"  # the cells of every sheet count
    rows = b"".join(b'<row r="%d"><c r="Z%d" s="0"/></row>' % (r, r) for r in range(1000, 1000 + n))
    files[sheet] = files[sheet].replace(b"</sheetData>", rows + b"</sheetData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def _corpus_cases() -> list[dict]:
    """The hostile cases of tests/bad_inputs/expected.toml (the others run in test_bad_inputs.py)."""
    cases = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["case"]
    return [c for c in cases if c.get("hostile")]


def build(tmp: Path) -> list[Case]:
    (tmp / "hostile.toml").write_text(_hostile_scenario(), encoding="utf-8")
    shutil.copy(ROOT / "scenarios" / "teaching-example.toml", tmp / "teach.toml")
    shutil.copy(ROOT / "scenarios" / "pati-2025-2029.toml", tmp / "years.toml")
    (tmp / "teach.xlsx").write_bytes(template_bytes())
    (tmp / "old.json").write_bytes(OLD)
    os.mkfifo(tmp / "pipe.toml")
    os.mkfifo(tmp / "pipe.xlsx")
    os.mkfifo(tmp / "pipe.json")
    os.symlink("/dev/zero", tmp / "zero.toml")
    os.symlink("/dev/urandom", tmp / "random.xlsx")
    os.symlink(tmp / "old.json", tmp / "link.json")
    os.link(tmp / "teach.toml", tmp / "hardlink.json")
    (tmp / "folder.json").mkdir()
    area = _area_folder(tmp)
    piped = shutil.copytree(area, tmp / "piped")
    (piped / "village-budgets.csv").unlink()
    os.mkfifo(piped / "village-budgets.csv")
    zeroed = shutil.copytree(area, tmp / "zeroed")
    (zeroed / "villages.csv").unlink()
    os.symlink("/dev/zero", zeroed / "villages.csv")
    _stray_cell_workbook(tmp / "stray.xlsx")
    _many_empty_cells(tmp / "cells.xlsx", 120_000)
    solve = ["solve", "teach.toml", "--no-marginal"]
    cases = [
        # readers: regular files only, bounded
        Case("fifo-toml", ["solve", "pipe.toml"], 2, "named pipe"),
        Case("fifo-xlsx", ["validate", "pipe.xlsx"], 2, "named pipe"),
        Case("dev-zero-symlink", ["solve", "zero.toml"], 2, "is a device"),
        Case("dev-urandom-symlink", ["solve", "random.xlsx"], 2, "is a device"),
        Case("dev-zero-direct", ["validate", "/dev/zero"], 2, "is a device"),
        Case("fifo-village-budgets", ["solve", "piped/scenario.toml"], 2, "named pipe"),
        Case("dev-zero-villages", ["solve", "zeroed/scenario.toml"], 2, "is a device"),
        Case("120000-empty-formatted-cells", ["validate", "cells.xlsx"], 2, "stores 120,"),
        Case("stray-empty-cell-is-legal", ["solve", "stray.xlsx", "--no-marginal"], (0, 1)),
        # writers: never over an input or a non-file
        Case(
            "output-is-the-scenario",
            ["solve", "teach.xlsx", "--output", "teach.xlsx"],
            2,
            "input of this run",
            unchanged=("teach.xlsx",),
        ),
        Case(
            "init-over-its-source",
            ["init", "--excel", "teach.xlsx", "--from", "teach.xlsx", "--force"],
            2,
            "input of this run",
            unchanged=("teach.xlsx",),
        ),
        Case(
            "output-is-a-village-csv",
            ["solve", "villages/scenario.toml", "--output", "villages/villages.csv"],
            2,
            "input of this run",
            unchanged=("villages/villages.csv",),
        ),
        Case(
            "output-is-a-hard-link-to-the-scenario",
            [*solve, "--output", "hardlink.json"],
            2,
            "input of this run",
            unchanged=("hardlink.json", "teach.toml"),
        ),
        Case(
            "output-is-a-symlink",
            [*solve, "--output", "link.json"],
            2,
            "symbolic link",
            unchanged=("old.json",),
        ),
        Case("output-is-dev-null", [*solve, "--output", "/dev/null"], 2, "is a device"),
        Case("output-is-a-fifo", [*solve, "--output", "pipe.json"], 2, "named pipe"),
        Case("output-is-a-folder", [*solve, "--output", "folder.json"], 2, "--output"),
        Case("output-empty", [*solve, "--output", ""], 2, "is empty"),
        Case("report-output-empty", ["report", "teach.toml", "--output", ""], 2, "is empty"),
        Case("frontier-plot-empty", ["frontier", "teach.toml", "--plot", ""], 2, "is empty"),
        Case(
            "plan-years-html",
            ["plan-years", "years.toml", "--output", "py.html"],
            2,
            "does not write .html",
            absent=("py.html",),
        ),
        Case(
            "robust-xlsx",
            ["robust", "years.toml", "--output", "r.xlsx"],
            2,
            "does not write .xlsx",
            absent=("r.xlsx",),
        ),
        Case(
            "compare-html",
            ["compare", "teach.toml", "teach.xlsx", "--output", "c.html"],
            2,
            "does not write .html",
            absent=("c.html",),
        ),
        Case(
            "compare-json-by-extension",
            ["compare", "teach.toml", "hostile.toml", "--output", "cmp.json"],
            (0, 1),
            check={"json": "cmp.json"},
        ),
        # no live formula in any output
        Case("formula-csv", ["solve", "hostile.toml", "--output", "plan.csv"], (0, 1), outputs=("plan.csv",)),
        Case(
            "formula-xlsx", ["solve", "hostile.toml", "--output", "plan.xlsx"], (0, 1), outputs=("plan.xlsx",)
        ),
        Case(
            "formula-init",
            ["init", "--excel", "init.xlsx", "--from", "hostile.toml"],
            0,
            outputs=("init.xlsx",),
        ),
        Case(
            "formula-village-csv",
            ["solve", "villages/scenario.toml", "--output", "villages.csv"],
            (0, 1),
            outputs=("villages.csv",),
        ),
        # bad options: one line, exit 2
        Case("time-limit-nan", [*solve, "--time-limit", "nan"], 2, "--time-limit"),
        Case("time-limit-inf", [*solve, "--time-limit", "inf"], 2, "--time-limit"),
        Case("time-limit-negative", [*solve, "--time-limit", "-1"], 2, "--time-limit"),
        Case(
            "plan-years-time-limit-nan",
            ["plan-years", "years.toml", "--time-limit", "nan"],
            2,
            "--time-limit",
        ),
        Case("samples-ten-million", ["robust", "years.toml", "--samples", "10000000"], 2, "--samples"),
        Case("unknown-option", [*solve, "--colour", "red"], 2, "--colour"),
        Case("missing-argument", ["solve"], 2, "SCENARIO"),
        Case("bad-choice", [*solve, "--solver", "no-such-solver"], 2, "--solver"),
        Case("frontier-steps-1", ["frontier", "teach.toml", "--steps", "1"], 2, "--steps"),
        Case("unknown-command", ["solv", "teach.toml"], 2, "solv"),
    ]
    for c in _corpus_cases():
        copy = tmp / "corpus" / c["file"]
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / c["file"], copy)
        cases.append(
            Case(
                f"corpus-{c['file']}",
                [c.get("command", "solve"), str(copy), "--output", "old.json"],
                2,
                c["expect"],
                unchanged=("old.json",),
            )
        )
    return cases


def live_formulas(path: Path) -> list[str]:
    """Cells a spreadsheet would run: CSV text starting with = + - @ tab CR; XLSX formula cells."""
    if path.suffix == ".csv":
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
        return [c for row in rows for c in row if c.startswith(FORMULA_STARTS) and not _number(c)]
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return [n for n in sheets if b"<f>" in archive.read(n) or b"<f " in archive.read(n)]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    cases = build(tmp)
    before = {c.name: {f: (tmp / f).read_bytes() for f in c.unchanged} for c in cases}
    spec = tmp / "cases.json"
    spec.write_text(json.dumps([{"name": c.name, "args": c.args, "cwd": str(tmp)} for c in cases]))
    out = tmp / "results.json"
    subprocess.run(
        [sys.executable, str(CORPUS / "run_cases.py"), str(spec), str(out)],
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    found = {r["name"]: r for r in json.loads(out.read_text())}
    return tmp, cases, before, found


def test_every_hostile_case(results):
    tmp, cases, before, found = results
    failures = []
    for c in cases:
        r = found[c.name]
        codes = c.code if isinstance(c.code, tuple) else (c.code,)
        problems = []
        if r["escaped"] or "Traceback" in r["stderr"] + r["stdout"]:
            problems.append("traceback: " + (r["escaped"] or r["stderr"])[-300:])
        if r["code"] not in codes:
            problems.append(f"exit {r['code']}, not {codes}: {r['stderr'][:300]}")
        if r["seconds"] > 30:
            problems.append(f"took {r['seconds']:.0f} s")
        if 2 in codes and r["code"] == 2:
            if r["stderr"].count("\n") != 1 or not r["stderr"].startswith("Error: ") or r["stdout"]:
                problems.append(f"not one error line: {r['stderr']!r} {r['stdout'][:100]!r}")
            if c.expect not in r["stderr"]:
                problems.append(f"{c.expect!r} not in {r['stderr']!r}")
        for f in c.unchanged:
            if (tmp / f).read_bytes() != before[c.name][f]:
                problems.append(f"{f} was changed")
        for f in c.absent:
            if (tmp / f).exists():
                problems.append(f"{f} was written")
        for f in c.outputs:
            if not (tmp / f).is_file():
                problems.append(f"{f} not written: {r['stderr'][:200]}")
            elif live := live_formulas(tmp / f):
                problems.append(f"live formulas in {f}: {live[:5]}")
        if "json" in c.check:
            try:
                json.loads((tmp / c.check["json"]).read_text())
            except (OSError, ValueError) as exc:
                problems.append(f"{c.check['json']} is not JSON: {exc}")
        if problems:
            failures.append(f"{c.name}: " + "; ".join(problems))
    leftovers = [p.name for p in tmp.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    assert not leftovers, leftovers
    assert failures == []


def test_the_hostile_names_stay_text_in_every_output(results):
    """Neutralised, not dropped: the CSV shows the name with a leading ', the workbook the name."""
    tmp = results[0]
    plan = (tmp / "plan.csv").read_text(encoding="utf-8")
    assert "'-2+3" in plan and "'@SUM(1+1)" in plan
    wb = load_workbook(tmp / "plan.xlsx")
    texts = {
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }
    assert HOSTILE_NAMES["group"] in texts and "=1+2" in texts
    assert "'=1+1" in (tmp / "villages.csv").read_text(encoding="utf-8")


def test_a_named_pipe_in_a_real_process(tmp_path):
    """`python -m optimizer` itself, so nothing of the in-process runner can hide a hang."""
    os.mkfifo(tmp_path / "x.toml")
    proc = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(tmp_path / "x.toml"), "--time-limit", "nan"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "--time-limit" in proc.stderr, proc.stderr


def test_cells_over_the_limit_are_refused(tmp_path, monkeypatch):
    """The template stores a few hundred cells: with the limit at 50 it is refused before it is opened."""
    from optimizer.errors import ScenarioError
    from optimizer.io import excel_reader

    raw = template_bytes()  # before the patch: template_bytes reads its workbook back
    monkeypatch.setattr(excel_reader, "MAX_CELLS", 50)
    with pytest.raises(ScenarioError, match=r"^t.xlsx: stores \d+ cells, over the limit of 50"):
        excel_reader.read_excel_bytes(raw, "t.xlsx")


def test_csv_text_neutralises_text_not_numbers():
    import pandas as pd

    from optimizer.io.writers import csv_text

    frame = pd.DataFrame(
        {"name": ["=1+1", "-x", "ok", "\tTab"], "cost": [-5, 0, 3, 4], "@col": [1.5, -2.5, 0, 1]}
    )
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert rows[0] == ["name", "cost", "'@col"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'-x", "ok", "'\tTab"]
    assert [r[1] for r in rows[1:]] == ["-5", "0", "3", "4"]
