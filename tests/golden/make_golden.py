"""Golden outputs of `solve`: every bundled scenario x objective x metric, JSON and the text
table in English and Indonesian, exactly as a planner sees them (exit code in index.txt).

    python tests/golden/make_golden.py     # rewrite tests/golden/solve/ from today's code

tests/test_golden.py compares. A change to a golden file is a decision: say why in the commit.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "solve"
OBJECTIVES = ("max-coverage", "min-cost")
METRICS = ("persons", "person-months", "branch-credit")
#: Output name suffix -> extra `solve` arguments.
FORMATS = {"json": ("--format", "json"), "en.txt": ("--lang", "en"), "id.txt": ("--lang", "id")}


def scenarios() -> list[Path]:
    from optimizer.areas.data import is_area_file

    # Village-level scenarios print a table per village: their plans are tested in test_scenarios.py.
    return sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not is_area_file(p))


def combos() -> Iterator[tuple[Path, str, str]]:
    for path in scenarios():
        for objective in OBJECTIVES:
            for metric in METRICS:
                yield path, objective, metric


def outputs(path: Path, objective: str, metric: str) -> tuple[dict[str, str], list[str]]:
    """{file name: content} for one combination, and its index lines (name, exit code)."""
    from optimizer.cli import main

    stem = f"{path.stem}.{objective}.{metric}"
    files: dict[str, str] = {}
    index = []
    for suffix, extra in FORMATS.items():
        args = ["solve", str(path.relative_to(ROOT)), "--objective", objective, "--metric", metric, *extra]
        result = CliRunner().invoke(main, args, env={"UCJ_LANG": None})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if result.exit_code == 2:  # a refusal: its one line, once
            files[f"{stem}.refusal.txt"] = result.output
            index.append(f"{stem}.refusal.txt 2")
            break
        files[f"{stem}.{suffix}"] = _without_versions(result.output) if suffix == "json" else result.output
        index.append(f"{stem}.{suffix} {result.exit_code}")
    return files, index


#: Fields that name installed versions (the audit trail): the same plan under other versions of
#: HiGHS or PuLP (CI's lowest-versions pass) must still match, so they are blanked here.
VERSION_FIELDS = (("solver", "version"), ("audit", "lp_solver"), ("audit", "tool"))


def _without_versions(text: str) -> str:
    import json

    doc = json.loads(text)
    for block, key in VERSION_FIELDS:
        if isinstance(doc.get(block), dict) and key in doc[block]:
            doc[block][key] = "(installed version)"
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    import os

    os.chdir(ROOT)  # paths in outputs are relative to the repository, as in the README
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    index = []
    for combo in combos():
        files, lines = outputs(*combo)
        for name, content in files.items():
            (OUT / name).write_text(content, encoding="utf-8")
        index += lines
    (OUT / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"wrote {len(index)} files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
