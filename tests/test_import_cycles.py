"""The modules of `optimizer` import each other one way only: no import cycle, not even one
closed by an import inside a function (issue 12).

A package's `__init__` is left out of the graph: importing `optimizer.io.mapping` runs
`optimizer/io/__init__.py`, but that re-export layer is not a design dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import optimizer

ROOT = Path(optimizer.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports, anywhere in it."""
    paths = {_module_name(p): p for p in ROOT.rglob("*.py")}
    packages = {_module_name(p) for p in ROOT.rglob("__init__.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
        graph[module] = (found & set(paths)) - packages - {module}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for imported in sorted(graph.get(module, ())):
            found = visit(imported, [*path, module])
            if found:
                return found
        done.add(module)
        return None

    for module in sorted(graph):
        found = visit(module, [])
        if found:
            return found
    return None


def test_the_graph_sees_imports_inside_functions():
    graph = _imports()
    # The CLI imports the plan workbook (openpyxl) inside `solve` only, for .xlsx output.
    assert "optimizer.excel_report.plan" in graph["optimizer.cli"]
    assert "optimizer.io.excel_round_trip" in graph["optimizer.io.excel_template"]


def test_no_import_cycle_in_optimizer():
    assert _cycle(_imports()) is None


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_io_reads_scenarios_and_imports_nothing_above_the_domain():
    """optimizer.io turns files into a `Scenario`: it may use the domain (scenario, errors, the
    checks, the months of the monthly model), never what plans, analyses or reports."""
    allowed = {"optimizer.errors", "optimizer.scenario", "optimizer.checks", "optimizer.monthly.months"}
    graph = _imports()
    above = {
        (module, imported)
        for module, imports in graph.items()
        if module.startswith("optimizer.io.")
        for imported in imports
        if not imported.startswith("optimizer.io.") and imported not in allowed
    }
    assert above == set()


def _rooms(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph with each sub-package (optimizer.areas, optimizer.io, ...) drawn as one node."""

    def room(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2]) if len(parts) > 2 else module

    rooms: dict[str, set[str]] = {}
    for module, imported in graph.items():
        rooms.setdefault(room(module), set()).update(room(m) for m in imported)
    return {r: imported - {r} for r, imported in rooms.items()}


def test_no_two_packages_import_each_other():
    """The layers read one way: a sub-package and the modules around it never import each other
    both ways (solve_fast imported the village builder that imports it, until issue 12)."""
    assert _cycle(_rooms(_imports())) is None
    before = {
        "optimizer.solve_fast": {"optimizer.areas.model"},
        "optimizer.areas.fast": {"optimizer.solve_fast"},
    }
    assert _cycle(_rooms(before)) == ["optimizer.areas", "optimizer.solve_fast", "optimizer.areas"]
