"""Plain-text tables for the terminal: one helper every text report uses."""

from __future__ import annotations


def table_lines(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A plain-text table: columns padded, `right` ones right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [fmt(headers), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]
