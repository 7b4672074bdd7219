"""TF6xx: explicit control dependencies."""
from __future__ import annotations

import ast
import re
from collections import deque
from typing import Any, Optional

from tf2lint import tfapi
from tf2lint.binding import child_fields
from tf2lint.hooks import Checker, Hooks, keyword
from tf2lint.rules import sessions
from tf2lint.rules.graph_state import is_update_ops
from tf2lint.rules.model import INFO, WARNING, Rule

#: The family's section in docs/rules.md.
TITLE = "Control dependencies"
INTRO = (
    "Eager code runs in program order, and inside `@tf.function` stateful operations run in the order they "
    "are written (automatic control dependencies). Explicit control dependencies and grouping ops are rarely "
    "needed."
)

RULES = (
    Rule(
        "TF601", "control-dependencies", INFO,
        "`{name}` is rarely needed in TF2",
        "drop it: eager code and `@tf.function` run in program order (keep it only to order asserts or "
        "`tf.py_function`)",
        "Finds `control_dependencies` whose control inputs are not only asserts, prints, summaries or py "
        "functions (built in the call, or held in names and lists the file fills with them).",
        "`tf.function` adds automatic control dependencies: stateful operations run in the order they are "
        "written.",
        "with tf.control_dependencies([assign_op]):\n    y = tf.identity(x)",
        "v.assign(x)\ny = tf.identity(x)",
    ),
    Rule(
        "TF602", "update-ops-dependencies", WARNING,
        "`{name}` on UPDATE_OPS is the TF1 batch-norm pattern",
        "call `tf.keras.layers.BatchNormalization()(x, training=True)`, which updates its statistics itself; "
        "if nothing adds to UPDATE_OPS, drop the wrapper",
        "Finds `control_dependencies(update_ops)` where the ops come from the UPDATE_OPS collection.",
        "The train op had to depend on the batch-norm updates collected in the graph; Keras layers do it "
        "themselves.",
        "with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):\n"
        "    train_op = opt.minimize(loss)",
        "with tf.GradientTape() as tape:\n    loss = loss_fn(y, model(x, training=True))",
    ),
    Rule(
        "TF603", "group-for-session", INFO,
        "`{name}` groups ops for a TF1 session",
        "call the updates in order inside a `@tf.function`; no grouping op is needed",
        "Finds `group(...)` / `no_op()` whose result is fed to `sess.run` or `train_op=`.",
        "Grouping exists so a session can run several ops with one fetch.",
        "sess.run(tf.group(update_a, update_b))",
        "@tf.function\ndef update():\n    update_a()\n    update_b()",
    ),
)

hooks = Hooks()

_LEGIT_CONTROL_INPUTS = re.compile(
    r"^(debugging\.assert\w*|assert_\w+|Assert|print|summary\.\w+|py_function|numpy_function)$")


class UpdateOps:
    """TF602's state: the names bound to ``get_collection(UPDATE_OPS)``."""

    def __init__(self) -> None:
        self.names: set[str] = set()


@hooks.on_assignment
def _track_update_ops(checker: Checker, targets: list[ast.expr], value: ast.expr, qualified: Optional[str]) -> None:
    updates = qualified is not None and is_update_ops(checker, value)
    names = checker.state(UpdateOps).names
    if not updates and not names:
        return  # nothing to learn or forget
    for target in targets:
        if isinstance(target, ast.Name):
            if updates:
                names.add(target.id)
            else:
                names.discard(target.id)


#: The fields of statements (and of handlers, match cases, modules) that hold statements; a list of them, but for
#: ``Expression.body``.
_BLOCKS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


class Bindings:
    """The file's assignments and function returns, and its ``.append``/``.extend`` calls, by name, for
    following control inputs held in names; each table is read from the tree when first asked for."""

    def __init__(self) -> None:
        self.values: Optional[dict[str, list[ast.expr]]] = None
        self.appended: Optional[dict[str, list[ast.expr]]] = None

    def of(self, checker: Checker, name: str) -> list[ast.expr]:
        """Every value the file binds to ``name``, or returns from a function ``name``."""
        if self.values is None:
            self.values = _values(checker.tree)
        return self.values.get(name, [])

    def added(self, checker: Checker, name: str) -> list[ast.expr]:
        """What the file appends to a list ``name`` (``extend(xs)`` as ``*xs``)."""
        if self.appended is None:
            self.appended = _appended(checker.tree)
        return self.appended.get(name, [])


def _values(tree: ast.AST) -> dict[str, list[ast.expr]]:
    """The values assigned to names and (as ``f()``) returned by functions, a return belonging to every function
    it is nested in. Statements hold them all: only statements are read, in the order :func:`ast.walk` meets
    them (breadth first), each carrying the return lists of the functions it is in."""
    values: dict[str, list[ast.expr]] = {}
    returns: list[tuple[str, list[ast.expr]]] = []  # each function's returns, functions in walk order
    pending: deque[tuple[ast.AST, tuple[list[ast.expr], ...]]] = deque([(tree, ())])
    while pending:
        node, enclosing = pending.popleft()
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign):
            if isinstance(node.target, ast.Name) and node.value is not None:
                values.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.Return):
            if node.value is not None:
                for found in enclosing:
                    found.append(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            returns.append((node.name, []))
            enclosing = (*enclosing, returns[-1][1])
        for field in child_fields(node.__class__):
            if field in _BLOCKS:
                block = getattr(node, field, None)
                if block.__class__ is list:
                    pending.extend([(statement, enclosing) for statement in block])
    for name, found in returns:
        values.setdefault(name + "()", []).extend(found)
    return values


def _appended(tree: ast.AST) -> dict[str, list[ast.expr]]:
    """The arguments of ``name.append(x)`` / ``name.extend(xs)`` (as ``*xs``) calls, by name, in the order
    :func:`ast.walk` meets them."""
    appended: dict[str, list[ast.expr]] = {}
    pending: deque[Any] = deque([tree])
    while pending:
        node = pending.popleft()
        if (node.__class__ is ast.Call and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "extend") and isinstance(node.func.value, ast.Name)
                and len(node.args) == 1):
            arg = node.args[0]
            added = arg if node.func.attr == "append" else ast.Starred(value=arg, ctx=ast.Load())
            appended.setdefault(node.func.value.id, []).append(added)
        for field in child_fields(node.__class__):
            value = getattr(node, field, None)
            if value.__class__ is list:
                pending.extend(value)
            elif value is not None:
                pending.append(value)
    return appended


def bound(checker: Checker, name: str) -> list[ast.expr]:
    """Every value the file assigns to ``name`` (in any scope)."""
    return checker.state(Bindings).of(checker, name)


@hooks.call("control_dependencies")
def _control_dependencies(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    held = keyword(node, "control_inputs")
    inputs = node.args[0] if node.args else held.value if held is not None else None
    if inputs is None:
        return
    if _references_update_ops(checker, inputs):
        checker.emit("TF602", node, name=name)
        checker.claimed.update(id(n) for n in ast.walk(inputs))
        return
    if _only_checks(checker, inputs, depth=4) is not False:
        return
    checker.emit("TF601", node, name=name)


def _only_checks(checker: Checker, node: ast.expr, depth: int) -> Optional[bool]:
    """Whether control inputs are only asserts/prints, however built or held in the file: True if they are,
    None for an empty list (nothing to order), False if anything else may be among them."""
    if depth == 0:
        return False
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        return _all(checker, node.elts, depth)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return _is_check(checker, node.elt, depth - 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _all(checker, [ast.Starred(value=node.left, ctx=ast.Load()),
                              ast.Starred(value=node.right, ctx=ast.Load())], depth)
    if isinstance(node, ast.IfExp):
        return _all(checker, [ast.Starred(value=node.body, ctx=ast.Load()),
                              ast.Starred(value=node.orelse, ctx=ast.Load())], depth)
    if isinstance(node, ast.Name):
        values = checker.state(Bindings).of(checker, node.id)
        if not values:
            return False
        added = checker.state(Bindings).added(checker, node.id)
        return _all(checker, [ast.Starred(value=v, ctx=ast.Load()) for v in values] + added, depth)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not _named_check(checker, node):
        values = checker.state(Bindings).of(checker, node.func.id + "()")
        if values:
            return _all(checker, [ast.Starred(value=v, ctx=ast.Load()) for v in values], depth)
    return _is_legit_control_input(checker, node) or _named_check(checker, node)


#: A function of the user's code that returns checks by its name (``padding_ops.assert_fits(...)``).
_CHECK_FUNCTION = re.compile(r"^_?(assert|check|validat)", re.IGNORECASE)


def _named_check(checker: Checker, node: ast.expr) -> bool:
    """A call of a function outside TensorFlow named like a check (``assert_sizes(...)``, ``_check(...)``)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    last = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return bool(_CHECK_FUNCTION.match(last)) and not tfapi.is_tf(tfapi.split(checker.resolve(func) or "")[0])


def _all(checker: Checker, elements: list[ast.expr], depth: int) -> Optional[bool]:
    """Whether every element (``*xs``: every element of ``xs``) is a check: None if there is none."""
    found: Optional[bool] = None
    for element in elements:
        if isinstance(element, ast.Starred):
            answer = _only_checks(checker, element.value, depth - 1)
        else:
            answer = _is_check(checker, element, depth - 1)
        if answer is False:
            return False
        found = found or answer
    return found


def _is_check(checker: Checker, node: ast.expr, depth: int) -> bool:
    """Whether one control input is an assert/print call, or a name bound only to such calls."""
    if isinstance(node, ast.Name) and depth > 0:
        values = checker.state(Bindings).of(checker, node.id)
        # a name may also be bound to a list of checks elsewhere in the file (names are not scoped here)
        return bool(values) and all(_is_check(checker, v, depth - 1) or _only_checks(checker, v, depth - 1)
                                    is not False for v in values)
    return _is_legit_control_input(checker, node)


def _references_update_ops(checker: Checker, node: ast.AST) -> bool:
    """Whether an expression (lists, sums, calls of names) draws on the UPDATE_OPS collection."""
    names = checker.state(UpdateOps).names
    pending = [node]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            if node.id in names:
                return True
        elif isinstance(node, ast.Call):
            if is_update_ops(checker, node):
                return True
            pending.extend(node.args)
        elif isinstance(node, (ast.List, ast.Tuple)):
            pending.extend(node.elts)
        elif isinstance(node, ast.BinOp):
            pending += (node.right, node.left)
    return False


def _is_legit_control_input(checker: Checker, node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    namespace, parts = tfapi.split(checker.resolve(node.func) or "")
    return tfapi.is_tf(namespace) and bool(_LEGIT_CONTROL_INPUTS.match(".".join(parts)))


def _check_grouped(checker: Checker, node: ast.AST) -> None:
    """TF603: a ``group``/``no_op`` result fed to a session or ``train_op=``."""
    namespace, path = tfapi.callee(checker.resolve(node))
    if namespace is not None and tfapi.is_tf(namespace) and path in ("group", "no_op"):
        checker.emit("TF603", node, name=tfapi.display(namespace, tuple(path.split("."))))


@hooks.keyword("train_op")
def _train_op(checker: Checker, node: ast.Call, keyword: ast.keyword) -> None:
    _check_grouped(checker, keyword.value)


@hooks.method("run")
def _fetched_group(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    if sessions.is_session_run(checker, node, func):
        for fetch in sessions.fetches(node):
            _check_grouped(checker, fetch)
