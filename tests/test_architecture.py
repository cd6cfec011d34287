"""The shape of the code: no import cycles anywhere in reflee/ (the import-linter contracts in pyproject.toml
say which layer may import which; this test covers what contracts cannot: any new cycle)."""

from __future__ import annotations

import sys

import grimp


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm over direct imports (function-level imports included; `if TYPE_CHECKING` ones are not
    run, so the graph is built without them): groups of modules that import
    each other, directly or round a loop."""
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_strongly_connected_finds_a_cycle() -> None:
    """The detector itself works (a test that cannot fail is no test)."""
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert strongly_connected(graph) == [["pkg.a", "pkg.b"]]


def test_reflee_has_no_import_cycles() -> None:
    cycles = strongly_connected(grimp.build_graph("reflee", cache_dir=None, exclude_type_checking_imports=True))
    assert cycles == [], "modules that import each other (break the loop): " + "; ".join(map(" <-> ".join, cycles))
