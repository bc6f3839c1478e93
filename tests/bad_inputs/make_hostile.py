"""Regenerate the hostile TOML scenarios tests/bad_inputs/toml/hostile-*.toml.

Run from the repository root: `python tests/bad_inputs/make_hostile.py`. Each case is
the teaching example with control characters that no spreadsheet can hold, or with more
groups, sources or floors than the limits in `optimizer.checks` allow (the counts that
made a run take minutes or never finish). `expected.toml` lists the error each gives.
"""

from __future__ import annotations

import sys

from make_toml_tables import BASE, OUT, region

PREFIX = "hostile-"


def groups(n: int, floor: bool = False) -> str:
    """The teaching example with `n` more small groups (each with a floor of 1 if asked)."""
    extra = "".join(
        f'\n[[group]]\nid = "extra-{i}"\nname = "Extra {i}"\nuncovered = 10\npackage = "jkk-jkm"\n'
        f"months = 12\n" + ("floor = 1\n" if floor else "")
        for i in range(n)
    )
    return BASE + extra


def sources(n: int) -> str:
    """The teaching example with `n` more small sources (spending order: the default)."""
    extra = "".join(
        f'\n[[source]]\nid = "extra-{i}"\nname = "Extra {i}"\nkind = "csr"\nbudget = 1_000_000\n'
        'eligible = ["nelayan"]\n'
        for i in range(n)
    )
    return BASE.replace('spending_order = ["dbh-cht", "csr", "apbd"]', "") + extra


CASES = {
    "hostile-control-char-group-name": BASE.replace('name = "Nelayan"', 'name = "Nelayan\\u0001"'),
    "hostile-control-char-escape-in-region": region('note = "\\u001b[31mred"\n'),
    "hostile-control-char-in-key": region('"na\\u0007me" = "x"\n'),
    "hostile-control-char-assumption": BASE.replace(
        "assumptions = [\n", 'assumptions = [\n  "bell\\u0007",\n'
    ),
    "hostile-control-char-nul-in-name": BASE.replace('name = "Ketua RT/RW"', 'name = "Ketua\\u0000RT"'),
    "hostile-101-sources": sources(98),
    "hostile-1000-sources": sources(997),
    "hostile-1001-groups": groups(998),
    "hostile-101-floors": groups(100, floor=True),
    "hostile-1000-floors": groups(997, floor=True),
}


def main() -> None:
    for name, text in CASES.items():
        assert name.startswith(PREFIX), name
        (OUT / f"{name}.toml").write_text(text, encoding="utf-8")
    stale = {p.name for p in OUT.glob(f"{PREFIX}*.toml")} - {f"{n}.toml" for n in CASES}
    if stale:
        sys.exit(f"not made by this script, remove them: {', '.join(sorted(stale))}")
    print(f"wrote {len(CASES)} scenarios to {OUT}")


if __name__ == "__main__":
    main()
