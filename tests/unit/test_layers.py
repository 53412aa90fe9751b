"""The arrows of DESIGN section 3, read from the source of every module of the package.

Every ``.py`` file under ``src/redflags`` is found by walking the folder (a new module is checked
without being listed), and every import it makes is read from its syntax tree, imports inside
functions and under ``TYPE_CHECKING`` included. A module may import from its own layer's group or
from a lower layer, never from a higher one; no two modules import each other, however indirectly;
only ``tui/`` imports textual; ``tui/`` never imports ``commands/``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import redflags

PACKAGE = Path(redflags.__file__).parent

# Lowest first. A unit is a top-level module or a subpackage of redflags ("" is the package itself,
# which holds only the version). The base modules import nothing of ours but each other; config
# (the settings file) sits there because it needs only safe_text, and sample (the demo data) beside
# the store it fills.
LAYERS: list[tuple[str, set[str]]] = [
    ("base", {"", "terms", "errors", "safe_text", "words", "paths", "files", "config"}),
    (
        "domain",
        {
            "model",
            "checklist",
            "checklist_cache",
            "checklist_schema",
            "dates",
            "drafts",
            "entry",
            "import_reader",
        },
    ),
    ("data and figures", {"store", "patterns", "sample"}),
    ("the counsellor's summary", {"report"}),
    ("front ends", {"commands", "tui"}),
    ("entry point", {"cli", "__main__"}),
]
# In the lower two layers (and the top) the modules are small and may use each other (without a cycle); above,
# each unit is a package of its own, and one uses another of its layer only where named here.
FREE_WITHIN = {"base", "domain", "entry point"}
PEERS = {
    ("sample", "store"),  # the demo data is written through the store
    ("commands", "tui"),  # `redflags` with no command opens the app
}

# Imports against the arrows that exist today and are being removed. Each names what must change;
# when it has changed, its line goes (test_every_known_exception_still_exists says when).
KNOWN_ARROWS: dict[tuple[str, str], str] = {}
# A cycle found is known when all its modules are in one of these (a cycle that grows is not).
KNOWN_CYCLES: dict[frozenset[str], str] = {}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool

    @property
    def unit(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else ""


def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["redflags", *path.relative_to(PACKAGE).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = Module(".".join(parts), path, is_package)
    return found


MODULES = _modules()


def _resolve(name: str) -> str:
    """The module of ours an imported name is found in: the longest known prefix."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def imported(module: Module, tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every module a module's source imports, with the line: absolute names, relative ones
    resolved, ``from package import submodule`` counted as the submodule."""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield source, node.lineno
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    yield f"{source}.{alias.name}", node.lineno


@cache
def graph() -> dict[str, dict[str, int]]:
    """Each module's imports of our own modules, with the first line of each."""
    edges: dict[str, dict[str, int]] = {}
    for module in MODULES.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        mine: dict[str, int] = {}
        for name, line in imported(module, tree):
            if name == "redflags" or name.startswith("redflags."):
                target = _resolve(name)
                if target != module.name:
                    mine.setdefault(target, line)
        edges[module.name] = mine
    return edges


def _layer(unit: str) -> int:
    for index, (_name, units) in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"{unit!r} is in no layer: add it to LAYERS in {__file__}")


def arrow_problem(source: str, target: str) -> str | None:
    """Why an import of ``target`` by ``source`` goes against the arrows, or None."""
    a, b = MODULES[source].unit, MODULES[target].unit
    if a == b:
        return None
    low, high = _layer(b), _layer(a)
    if low < high:
        return None
    layer = LAYERS[high][0]
    if low == high and (layer in FREE_WITHIN or (a, b) in PEERS):
        return None
    if low == high:
        return f"{a} and {b} are both in the layer {layer!r}; {a} may not use {b}"
    return f"{a} ({LAYERS[high][0]}) may not use {b} ({LAYERS[low][0]}, a higher layer)"


def arrow_problems(edges: dict[str, dict[str, int]]) -> dict[tuple[str, str], str]:
    problems: dict[tuple[str, str], str] = {}
    for source, targets in edges.items():
        for target, line in targets.items():
            why = arrow_problem(source, target)
            if why is not None:
                problems[source, target] = f"{MODULES[source].path.name}:{line}: {why}"
    return problems


def cycles(edges: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """Every group of modules that import each other, however indirectly (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_is_found_and_has_a_layer() -> None:
    assert {"redflags.cli", "redflags.store", "redflags.tui.app"} <= MODULES.keys()
    assert len(MODULES) > 60
    for module in MODULES.values():
        _layer(module.unit)


def test_imports_follow_the_arrows() -> None:
    problems = arrow_problems(graph())
    unexpected = {edge: why for edge, why in problems.items() if edge not in KNOWN_ARROWS}
    assert not unexpected, "\n".join(f"{a} -> {b}: {why}" for (a, b), why in unexpected.items())


def test_no_import_cycles() -> None:
    unexpected = [g for g in cycles(graph()) if not any(g <= known for known in KNOWN_CYCLES)]
    assert not unexpected, [sorted(group) for group in unexpected]


def test_every_known_exception_still_exists() -> None:
    # When one of them has been removed, its line in KNOWN_ARROWS or KNOWN_CYCLES must go too,
    # so that it cannot come back unnoticed.
    gone = [f"{a} -> {b}" for a, b in KNOWN_ARROWS if (a, b) not in arrow_problems(graph())]
    gone += [
        " <-> ".join(sorted(known))
        for known in KNOWN_CYCLES
        if not any(len(group & known) > 1 for group in cycles(graph()))
    ]
    assert not gone, f"fixed, so remove from the known exceptions in {__file__}: {gone}"


def test_only_the_app_imports_textual() -> None:
    outside: list[str] = []
    for module in MODULES.values():
        if module.unit == "tui":
            continue
        tree = ast.parse(module.path.read_text(encoding="utf-8"))
        outside += [
            f"{module.name}:{line}"
            for name, line in imported(module, tree)
            if name.split(".")[0] == "textual"
        ]
    assert not outside


def test_the_app_never_imports_the_command_line() -> None:
    reached = {
        (source, target)
        for source, targets in graph().items()
        if MODULES[source].unit == "tui"
        for target in targets
        if MODULES[target].unit in ("commands", "cli")
    }
    assert reached <= KNOWN_ARROWS.keys(), reached - KNOWN_ARROWS.keys()


# -- the checks themselves find what they are meant to find --------------------------------------


def test_an_import_against_the_arrows_is_found() -> None:
    edges = {**graph(), "redflags.model": {**graph()["redflags.model"], "redflags.report": 1}}
    assert ("redflags.model", "redflags.report") in arrow_problems(edges)
    assert arrow_problem("redflags.tui.display", "redflags.commands.people") is not None
    assert arrow_problem("redflags.store", "redflags.patterns") is not None
    assert arrow_problem("redflags.report.render", "redflags.store") is None


def test_a_cycle_is_found() -> None:
    edges = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(edges) == [frozenset({"a", "b", "c"})]


def test_imports_inside_functions_and_relative_imports_are_read() -> None:
    source = "def f():\n    from redflags.report import render\n    from . import people\n"
    module = Module("redflags.commands.example", PACKAGE / "commands" / "example.py", False)
    found = {name for name, _line in imported(module, ast.parse(source))}
    assert {"redflags.report.render", "redflags.commands.people"} <= found
