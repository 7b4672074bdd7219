"""The engine names no rule and the families do not depend on it: rules live in ``tf2lint/rules/`` only."""
from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator

import pytest

import tf2lint
from tf2lint.hooks import Hooks

PACKAGE = Path(tf2lint.__file__).parent
RULES_DIR = PACKAGE / "rules"
OUTSIDE_RULES = sorted(p for p in PACKAGE.rglob("*.py") if RULES_DIR not in p.parents)
ENGINE = ("checker.py", "hooks.py", "tfapi.py")
CODE = re.compile(r"\bTF[1-9]\d\d\b")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def code_literals(path: Path) -> Iterator[str]:
    """String literals naming a rule code, other than docstrings and prose (help text has spaces)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                and CODE.search(node.value) and not any(c.isspace() for c in node.value)):
            yield f"{path.name}:{node.lineno}: {node.value!r}"


def runtime_imports(path: Path) -> set[str]:
    """Modules a file imports when it runs (``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING" for n in ast.walk(node)}
    modules = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.update({node.module, *(f"{node.module}.{alias.name}" for alias in node.names)})
    return modules


def test_the_checks_find_code_literals() -> None:
    assert list(code_literals(RULES_DIR / "graph_state.py"))


@pytest.mark.parametrize("path", OUTSIDE_RULES, ids=[p.name for p in OUTSIDE_RULES])
def test_no_rule_code_outside_rules(path: Path) -> None:
    assert not list(code_literals(path))


@pytest.mark.parametrize("name", ENGINE)
def test_engine_does_not_import_rules(name: str) -> None:
    assert not {m for m in runtime_imports(PACKAGE / name) if m.startswith("tf2lint.rules") or m == "tf2lint.engine"}


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_rules_do_not_import_the_engine(path: Path) -> None:
    assert not {m for m in runtime_imports(path) if m in ("tf2lint.checker", "tf2lint.engine", "tf2lint.diagnostic")}


def test_two_families_cannot_claim_one_name() -> None:
    first, second = Hooks(), Hooks()
    first.name("TF401", "get_variable")
    second.name("TF501", "get_variable")
    with pytest.raises(ValueError, match="get_variable"):
        Hooks.merge(first, second)


def test_merged_hooks_keep_family_order() -> None:
    calls: list[str] = []
    first, second = Hooks(), Hooks()
    first.method("run")(lambda checker, node, func: calls.append("first"))
    second.method("run")(lambda checker, node, func: calls.append("second"))
    for hook in Hooks.merge(first, second).methods["run"]:
        hook(None, None, None)  # type: ignore[arg-type]
    assert calls == ["first", "second"]
