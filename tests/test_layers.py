"""The shape of the code, read from the source (nothing imported): no import circles, imports only
downwards through the layers, no `_private` name taken from another module, no re-export shims.
Every import counts — at the top, inside a function, or under TYPE_CHECKING."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "vectorstore", "ui", "prompts")

# Low → high. A module imports its own unit or a lower layer (and the few same-layer edges below).
LAYERS = (
    ("assistant.types", "assistant.errors", "prompts"),  # prompts/: templates, no code
    (
        "assistant.text",
        "assistant.settings",
        "assistant.user_config",
        "assistant.offline",
        "assistant.limits",
    ),
    ("assistant.readers", "assistant.parsing", "vectorstore", "assistant.drafts"),
    ("assistant.library",),
    ("assistant.search", "assistant.llm"),
    ("assistant.checks",),
    ("assistant.compose",),
    ("assistant.rewriting",),
    ("assistant", "assistant.cli"),  # `assistant` is the front door, assistant/__init__.py
    ("ui",),
)
SAME_LAYER = {
    ("assistant.settings", "assistant.user_config"),  # settings read the saved config file
    ("assistant.settings", "assistant.limits"),  # the default file-size limit
    ("assistant.cli", "assistant"),  # the CLI takes the public API from the front door
}
# Circles and edges other branches are removing right now; empty these after their merge.
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_LAYER_EDGES: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    names: tuple[str, ...]  # the names of a `from target import …` that are not modules
    line: int


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def resolve(name: str) -> str | None:
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


def absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = module in modules() and modules()[module].name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return ".".join(p for p in (package, node.module) if p)


def edges_of(module: str, source: str | None = None) -> list[Edge]:
    source = modules()[module].read_text(encoding="utf-8") if source is None else source
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = absolute(module, node)
            names = tuple(a.name for a in node.names if f"{base}.{a.name}" not in modules())
            targets = [(base, names)] if names else []  # `from pkg import submodule` is an edge to it alone
            targets += [(f"{base}.{a.name}", ()) for a in node.names if f"{base}.{a.name}" in modules()]
        else:
            continue
        for name, names in targets:
            target = resolve(name)
            if target and target != module:
                found.append(Edge(module, target, names, node.lineno))
    return found


@cache
def all_edges() -> tuple[Edge, ...]:
    return tuple(edge for module in sorted(modules()) for edge in edges_of(module))


def unit_of(module: str) -> str:
    units = [u for layer in LAYERS for u in layer if module == u or module.startswith(f"{u}.")]
    return max(units, key=len)


def layer_of(unit: str) -> int:
    return next(n for n, layer in enumerate(LAYERS) if unit in layer)


def cycles() -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for edge in all_edges():
        graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []
    for start in sorted(graph):
        if start not in index:
            _strong(start, graph, index, low, stack, found)
    return found


def _strong(v: str, graph: dict, index: dict, low: dict, stack: list, found: list) -> None:
    index[v] = low[v] = len(index)
    stack.append(v)
    for w in sorted(graph[v]):
        if w not in index:
            _strong(w, graph, index, low, stack, found)
            low[v] = min(low[v], low[w])
        elif w in stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = set()
        while True:
            w = stack.pop()
            component.add(w)
            if w == v:
                break
        if len(component) > 1:
            found.append(component)


def test_every_project_module_has_a_layer():
    assert [
        m for m in modules() if not any(m == u or m.startswith(f"{u}.") for lay in LAYERS for u in lay)
    ] == []


def test_the_import_graph_has_no_circles_beyond_the_known_ones():
    assert [c for c in cycles() if frozenset(c) not in KNOWN_CYCLES] == []


def upward(edges: Iterable[Edge]) -> list[str]:
    wrong = []
    for edge in edges:
        source, target = unit_of(edge.source), unit_of(edge.target)
        allowed = source == target or layer_of(target) < layer_of(source) or (source, target) in SAME_LAYER
        if not allowed and (edge.source, edge.target) not in KNOWN_LAYER_EDGES:
            wrong.append(f"{edge.source}:{edge.line} imports {edge.target}")
    return wrong


def private(edges: Iterable[Edge]) -> list[str]:
    return [
        f"{e.source}:{e.line} takes {name} from {e.target}"
        for e in edges
        for name in e.names
        if name.startswith("_") and not name.startswith("__")
    ]


def test_imports_go_down_the_layers_only():
    assert upward(all_edges()) == []


def test_nothing_in_assistant_imports_the_ui_and_nothing_but_the_cli_imports_the_cli():
    wrong = [
        f"{e.source}:{e.line} imports {e.target}"
        for e in all_edges()
        if (e.source.startswith("assistant") and unit_of(e.target) == "ui")
        or (unit_of(e.target) == "assistant.cli" != unit_of(e.source))
    ]
    assert wrong == []


def test_no_module_imports_a_private_name_from_another():
    assert private(all_edges()) == []


def is_shim(tree: ast.Module) -> bool:
    """Only imports and an __all__ (and a docstring): a module that re-exports another's names."""
    body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    imports = [n for n in body if isinstance(n, ast.Import | ast.ImportFrom)]
    rest = [n for n in body if n not in imports]
    exports = all(isinstance(n, ast.Assign | ast.AnnAssign) and "__all__" in ast.dump(n) for n in rest)
    return (
        bool(imports)
        and exports
        and any(n.module != "__future__" for n in imports if isinstance(n, ast.ImportFrom))
    )


def test_no_module_is_only_a_re_export_of_others_except_package_front_doors():
    shims = [
        m
        for m, path in modules().items()
        if path.name != "__init__.py" and is_shim(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert shims == []


def test_the_checks_catch_a_lazy_upward_import_a_typing_import_and_a_private_name():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from assistant.compose.drafter import Drafter\n"
        "def f():\n    from ui.state import get_settings\n    from .names import _SURNAMES\n"
    )
    edges = edges_of("assistant.text.example", source)
    assert upward(edges) == [
        "assistant.text.example:3 imports assistant.compose.drafter",
        "assistant.text.example:5 imports ui.state",
    ]
    assert private(edges) == ["assistant.text.example:6 takes _SURNAMES from assistant.text.names"]
    assert is_shim(ast.parse('"""x"""\nfrom assistant.types import Hit\n__all__ = ["Hit"]\n'))
    assert not is_shim(ast.parse("from assistant.types import Hit\n\n\ndef f() -> Hit: ...\n"))
