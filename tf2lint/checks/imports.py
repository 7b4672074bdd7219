"""Import statements: bind aliases and report compat.v1, contrib and Estimator imports."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tf2lint.checks.references import check_reference

if TYPE_CHECKING:
    from tf2lint.checker import FileChecker


def _reported_module(name: str) -> bool:
    return (name == "tensorflow.compat.v1" or name.startswith(("tensorflow.compat.v1.", "tensorflow.contrib"))
            or name.split(".", 1)[0] == "tensorflow_estimator")


def _position(alias: ast.alias, statement: ast.stmt) -> tuple[int, int]:
    located = alias if hasattr(alias, "lineno") else statement  # ast.alias has a position from Python 3.10
    return located.lineno, located.col_offset


def check_import(checker: FileChecker, node: ast.Import) -> None:
    """``import tensorflow.compat.v1 as tf`` and friends."""
    for alias in node.names:
        if alias.asname:
            checker.bind_import(alias.asname, alias.name)
        else:
            root = alias.name.split(".", 1)[0]
            checker.bind_import(root, root)
        if _reported_module(alias.name):
            check_reference(checker, alias, "", alias.name, start=_position(alias, node))


def check_import_from(checker: FileChecker, node: ast.ImportFrom) -> None:
    """``from tensorflow.compat import v1``, ``from tensorflow.compat.v1 import placeholder as ph``."""
    if node.level or not node.module:
        for alias in node.names:
            checker.bind(alias.asname or alias.name, None)
        return
    module = node.module
    from_tf = module.split(".", 1)[0] in ("tensorflow", "tensorflow_estimator")
    reported = False
    for alias in node.names:
        qualified = f"{module}.{alias.name}"
        checker.bind_import(alias.asname or alias.name, qualified)
        if not from_tf or alias.name == "*":
            continue
        if module.startswith("tensorflow.compat.v1") or qualified == "tensorflow.compat.v1":
            if not reported:  # one TF101 per statement
                check_reference(checker, node, "", "tensorflow.compat.v1")
                reported = True
        else:
            # contrib / Estimator names, and ``from tensorflow import placeholder`` (ImportError in TF 2.x)
            check_reference(checker, alias, "", qualified, start=_position(alias, node))
