"""References to TensorFlow names: the TF1xx rules and the family rules keyed by symbol."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from tf2lint import symbols, tfapi

if TYPE_CHECKING:
    from tf2lint.checker import FileChecker

V1_PREFIX = "tensorflow.compat.v1"
_GRAPH_MODE_CODES = {"TF201", "TF301", "TF306"}


def split(qualified: str) -> tuple[Optional[str], tuple[str, ...]]:
    """(namespace, path parts relative to it) of a dotted TensorFlow name; (None, ()) for others."""
    parts = qualified.split(".")
    root = parts[0]
    if root == "tensorflow_estimator":
        return tfapi.ESTIMATOR, tuple(parts[1:])
    if root != "tensorflow":
        return None, ()
    rest = parts[1:]
    namespace = tfapi.V2
    if rest[:2] == ["compat", "v1"]:
        namespace, rest = tfapi.V1, rest[2:]
    elif rest[:2] == ["compat", "v2"]:
        rest = rest[2:]
    if rest[:1] == ["contrib"]:
        return tfapi.CONTRIB, tuple(rest[1:])
    if rest[:1] == ["python"] or rest[:1] == ["compat"]:
        return None, ()  # TensorFlow internals and other compat helpers are not the public TF1 surface
    return namespace, tuple(rest)


def display(namespace: str, parts: tuple[str, ...]) -> str:
    """How findings name a symbol: ``tf.X`` or ``tf.compat.v1.X``."""
    prefix = {tfapi.V1: "tf.compat.v1", tfapi.CONTRIB: "tf.contrib", tfapi.ESTIMATOR: "tensorflow_estimator"}
    return ".".join((prefix.get(namespace, "tf"), *parts))


def check_reference(checker: FileChecker, node: ast.AST, base: str, qualified: str,
                    start: Optional[tuple[int, int]] = None) -> None:
    """Report a Name/Attribute chain (or imported name) that resolves to ``qualified``."""
    if id(node) in checker.claimed:
        return
    namespace, parts = split(qualified)
    if namespace is None:
        return
    name = display(namespace, parts)
    if namespace == tfapi.CONTRIB:
        advice = symbols.CONTRIB_ADVICE.get(parts[0], symbols.CONTRIB_DEFAULT) if parts else symbols.CONTRIB_DEFAULT
        checker.emit("TF104", node, name=name, advice=advice, start=start)
        return
    if namespace == tfapi.ESTIMATOR:
        checker.emit("TF708", node, name=name, start=start)
        return
    explicit = namespace == tfapi.V1 and not base.startswith(V1_PREFIX)
    if not parts:
        if explicit:
            checker.emit("TF101", node, name=name, start=start)
        return
    symbol = tfapi.lookup(namespace, parts)
    if symbol.kind == tfapi.IN_V2:
        return
    if base != qualified and symbol.path in symbols.REEXPORTS and base.endswith(symbol.path):
        return  # ``flags = tf.app.flags`` was reported where it was bound; its members are absl's
    entry = symbols.family_entry(parts)
    if entry is not None:
        if entry.code in _GRAPH_MODE_CODES:
            checker.graph_mode = True
        new = entry.new or symbol.new or symbols.DEFAULT_NEW.get(entry.code, "")
        checker.emit(entry.code, node, name=name, new=new, advice=entry.advice, start=start)
        return
    kind = symbol.kind
    if kind in (tfapi.V1ONLY, tfapi.V1MODULE):
        advice = symbols.v1_advice(symbol.path)
        new = symbol.new or ("" if advice else tfapi.upgrade_renames().get(symbol.path, ""))
        if namespace == tfapi.V2:
            code = "TF103" if new else "TF102"
        else:
            code = "TF106" if new else "TF105"
        checker.emit(code, node, name=name, new=new, advice=advice or symbols.NO_EQUIVALENT.format(path=symbol.path),
                     start=start)
    elif explicit and kind == tfapi.SAME:
        checker.emit("TF107", node, name=name, new=".".join(parts), start=start)
    elif explicit and kind == tfapi.VARIANT:
        checker.emit("TF109", node, name=name, new=symbol.path, start=start)
