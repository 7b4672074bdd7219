"""The layering of docs/architecture.md: no import circle inside ``tf2lint/`` (imports inside functions count;
``if TYPE_CHECKING:`` blocks do not), and each layer imports only its own layer and those below it."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tf2lint

PACKAGE = Path(tf2lint.__file__).parent

#: Layer of each module (lower imports nothing higher); modules not named are front ends (the top).
LAYERS = {
    "tf2lint.source": 0, "tf2lint.tfapi": 0, "tf2lint.context": 0, "tf2lint.columns": 0, "tf2lint.pins": 0,
    "tf2lint.graphs": 0, "tf2lint.collector": 0,
    "tf2lint.hooks": 1, "tf2lint.rules.model": 1,
    "tf2lint.binding": 2,
    "tf2lint.index.finder": 2, "tf2lint.index.scan": 2, "tf2lint.index": 3,
    "tf2lint.checker": 3, "tf2lint.rules": 3, "tf2lint.diagnostic": 3,
    "tf2lint.engine": 4,
    "tf2lint.results": 5, "tf2lint.propagation": 6,
}
TOP = 9


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def layer(name: str) -> int:
    if name.startswith("tf2lint.rules.") and name != "tf2lint.rules.model":
        return LAYERS["tf2lint.rules"]
    return LAYERS.get(name, TOP)


def imported(name: str) -> set[str]:
    """The tf2lint modules ``name`` imports, outside ``if TYPE_CHECKING:``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
               and node.test.id == "TYPE_CHECKING" for n in ast.walk(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imported(name) for name in MODULES}


def circle(graph: dict[str, set[str]]) -> list[str]:
    """An import circle of ``graph`` (its modules, the first repeated at the end), or [] (depth-first search
    with an explicit stack)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        state[start] = 1
        stack = [iter(sorted(graph[start]))]
        while stack:
            for target in stack[-1]:
                if state.get(target) == 1:
                    return path[path.index(target):] + [target]
                if target not in state:
                    state[target] = 1
                    path.append(target)
                    stack.append(iter(sorted(graph.get(target, set()))))
                    break
            else:
                stack.pop()
                state[path.pop()] = 2
    return []


def test_the_circle_finder_finds_circles() -> None:
    assert circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_no_import_circle_inside_the_package() -> None:
    assert circle(GRAPH) == []


@pytest.mark.parametrize("name", sorted(name for name in MODULES if name != "tf2lint"))
def test_a_layer_imports_only_layers_below(name: str) -> None:
    above = sorted(module for module in GRAPH[name] if layer(module) > layer(name))
    assert not above, f"{name} (layer {layer(name)}) imports {above}"


def test_the_engine_does_not_import_the_index() -> None:
    """The index is handed to the engine; the engine never asks it to lint (no call back)."""
    assert not {"tf2lint.index", "tf2lint.propagation", "tf2lint.runner"} & GRAPH["tf2lint.engine"]
    assert not {"tf2lint.engine", "tf2lint.checker", "tf2lint.runner"} & GRAPH["tf2lint.index"]
