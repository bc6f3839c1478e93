"""A scenario's data (plain dicts and lists, as a TOML file or a workbook gives them) as TOML text.

The standard library reads TOML but does not write it; scenarios hold only tables, arrays of
tables, strings, whole numbers, decimals, booleans and lists of those, so a small writer does.
Reading the text back with `tomllib` gives the same dict (tested), which is what makes the
app's "download the scenario" lossless.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from optimizer.errors import ScenarioError

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
#: Tables first in this order (the order of docs/scenario-format.md); any other key after them.
ORDER = ("format", "assumptions", "region", "optimize", "package", "group", "source", "overlap", "variant")


def to_toml(data: Mapping[str, Any]) -> str:
    """TOML text for `data`; raises `ScenarioError` for a value TOML cannot hold (never drops it)."""
    keys = sorted(data, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    plain = [k for k in keys if not _is_table(data[k]) and not _is_table_list(data[k])]
    out = [f"{_key(k)} = {_value(data[k], (k,))}" for k in plain]
    for k in keys:
        if k in plain:
            continue
        _tables(out, (k,), data[k])
    return "\n".join(out).lstrip("\n") + "\n"


def _tables(out: list[str], path: tuple[str, ...], value: Any) -> None:
    name = ".".join(_key(p) for p in path)
    if _is_table(value):
        out += ["", f"[{name}]"]
        _body(out, path, value)
    else:
        for item in value:
            out += ["", f"[[{name}]]"]
            _body(out, path, item)


def _body(out: list[str], path: tuple[str, ...], table: Mapping[str, Any]) -> None:
    # Tables inside a table (region.active, tranches) are written inline: one line each.
    out += [f"{_key(k)} = {_value(v, (*path, k))}" for k, v in table.items()]


def _value(v: Any, path: tuple[str, ...]) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise _cannot(path, f"the number {v}")
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_value(x, path) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x, (*path, k))}" for k, x in v.items()) + " }"
    raise _cannot(path, f"a value of type {type(v).__name__}")


def _key(k: Any) -> str:
    k = str(k)
    return k if _BARE_KEY.match(k) else json.dumps(k, ensure_ascii=False)


def _is_table(v: Any) -> bool:
    return isinstance(v, Mapping)


def _is_table_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _cannot(path: tuple[str, ...], what: str) -> ScenarioError:
    return ScenarioError(
        f"{'.'.join(map(str, path))}: TOML cannot hold {what}; download the workbook instead"
    )
