"""Calls and attributes whose meaning depends on context: ``sess.run``, ``.eval()``, ``minimize``,
``control_dependencies``, v1-only keywords, dataset iterators, ``shape[i].value``."""
from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Iterator, Optional

from tf2lint import tfapi
from tf2lint.checks.references import check_reference, display, split
from tf2lint.diagnostic import INFERENCE

if TYPE_CHECKING:
    from tf2lint.checker import FileChecker

SESSION_FACTORIES = {
    "Session", "InteractiveSession", "get_default_session", "train.MonitoredTrainingSession",
    "train.MonitoredSession", "train.SingularMonitoredSession", "train.Supervisor.managed_session",
    "train.Supervisor.prepare_or_wait_for_session", "train.SessionManager.prepare_session",
    "keras.backend.get_session",
}
_OPTIMIZER = re.compile(r"^train\.\w*Optimizer$")
_KEEP_PROB = re.compile(r"keep_?prob|keep_probability", re.IGNORECASE)
_LEGIT_CONTROL_INPUTS = re.compile(r"^(debugging\.assert\w*|assert_\w+|Assert|print|py_function|numpy_function)$")
_SUMMARY_OPS = {"summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text"}
_V1_SUMMARY_KEYWORDS = {"collections", "family", "tensor", "values"}
_COLLECTION_FUNCTIONS = {"get_collection", "get_collection_ref", "add_to_collection", "add_to_collections"}
#: The binding of ``d`` in ``for d in x.shape:`` (not a TensorFlow name: references ignore it).
DIMENSION = "<TensorShape element>"
_ITERATOR_METHODS = {"make_one_shot_iterator", "make_initializable_iterator"}
_DATASET_ATTRIBUTES = {"output_types", "output_shapes", "output_classes"}


def _callee(qualified: Optional[str]) -> tuple[Optional[str], str]:
    """(namespace, dotted path) of what a call-result name was produced by: ``Session()`` -> Session."""
    if qualified is None or not qualified.endswith("()"):
        return None, ""
    namespace, parts = split(qualified[:-2].replace("()", ""))
    return namespace, ".".join(parts)


def _is_session(qualified: Optional[str]) -> bool:
    namespace, path = _callee(qualified)
    return namespace in (tfapi.V1, tfapi.V2) and path in SESSION_FACTORIES


def _is_tf_value(qualified: Optional[str]) -> bool:
    """Produced by calling a TensorFlow function (not a class, not Keras): a Tensor or an Operation."""
    if qualified is None or not qualified.endswith("()") or qualified.count("()") != 1:
        return False
    namespace, path = _callee(qualified)
    last = path.rsplit(".", 1)[-1]
    return namespace in (tfapi.V1, tfapi.V2) and bool(last) and last[0].islower() and not path.startswith(
        ("keras", "data", "distribute", "summary", "io", "saved_model", "train", "config", "lookup"))


def _method_position(func: ast.Attribute) -> tuple[int, int]:
    """Where ``.attr`` starts, so ``sess.run`` is reported at ``run``."""
    return func.end_lineno, func.end_col_offset - len(func.attr)


def _keyword(node: ast.Call, name: str) -> Optional[ast.keyword]:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword
    return None


def check_call(checker: FileChecker, node: ast.Call) -> None:
    """Run the contextual call checks, then report the callee as a reference."""
    func = node.func
    if not checker.imports_tf or id(node) in checker.claimed:
        return
    if func.__class__ is ast.Attribute:
        method = _METHODS.get(func.attr)
        if method is not None:
            method(checker, node, func)
    base, suffix = checker.resolve_parts(func)
    if base is None:
        return
    qualified = base + suffix
    pure = "()" not in qualified
    if pure:
        namespace, parts = split(qualified)
        if namespace in (tfapi.V1, tfapi.V2) and parts:
            _check_resolved_call(checker, node, namespace, parts)
    train_op = _keyword(node, "train_op")
    if train_op is not None:
        _check_grouped(checker, train_op.value)
    if pure:  # a plain Name/Attribute chain: the callee itself is a TensorFlow reference
        check_reference(checker, func, base, qualified)


def _check_resolved_call(checker: FileChecker, node: ast.Call, namespace: str, parts: tuple[str, ...]) -> None:
    symbol = tfapi.lookup(namespace, parts)
    path = symbol.path if symbol.kind != tfapi.UNKNOWN else ".".join(parts)
    name = display(namespace, parts)
    if path == "control_dependencies":
        _check_control_dependencies(checker, node, name)
    elif path in _COLLECTION_FUNCTIONS:
        if is_update_ops(checker, node):
            checker.emit("TF503", node, name=name)
        checker.claimed.update(id(arg) for arg in node.args if _is_graph_key(arg))
    elif path == "variable_scope":
        reuse = _keyword(node, "reuse")
        if reuse is not None:
            checker.claimed.add(id(reuse.value))
            checker.emit("TF403", reuse, name=f"{name}(reuse=...)")
    elif path == "nn.dropout":
        _check_dropout(checker, node, namespace, name)
    elif path in ("summary.merge", "summary.merge_all") and node.args:
        inputs = node.args[0]
        for element in inputs.elts if isinstance(inputs, (ast.List, ast.Tuple)) else [inputs]:
            _check_summary_value(checker, element)
    elif path == "saved_model.load" and (_keyword(node, "sess") is not None or (
            node.args and _is_session(checker.resolve(node.args[0])))):
        checker.emit("TF409", node, name=f"{name}(sess, ...)")
        checker.claimed.update(id(k) for k in node.keywords)  # the whole TF1 signature is the finding
    elif path in _SUMMARY_OPS and namespace == tfapi.V2:
        keywords = [k for k in node.keywords if k.arg in _V1_SUMMARY_KEYWORDS]
        if keywords:
            checker.emit("TF903", node, name=name)
            checker.claimed.update(id(k) for k in keywords)
    keywords = tfapi.v1_keywords().get(path)
    if keywords:
        for keyword in node.keywords:
            if keyword.arg in keywords and id(keyword) not in checker.claimed:
                new = keywords[keyword.arg]
                if keyword.arg == "keep_prob":
                    advice = "use `rate=1 - keep_prob`"
                elif new:
                    advice = f"use `{new}=`"
                else:
                    advice = "remove it: the TF2 function has no such parameter"
                checker.emit("TF108", keyword, name=keyword.arg, func=f"tf.{path}", advice=advice)


def _check_control_dependencies(checker: FileChecker, node: ast.Call, name: str) -> None:
    if not node.args:
        return
    inputs = node.args[0]
    if _references_update_ops(checker, inputs):
        checker.emit("TF602", node, name=name)
        checker.claimed.update(id(n) for n in ast.walk(inputs))
        return
    elements = inputs.elts if isinstance(inputs, (ast.List, ast.Tuple)) else None
    if elements and all(_is_legit_control_input(checker, e) for e in elements):
        return
    checker.emit("TF601", node, name=name)


def _references_update_ops(checker: FileChecker, node: ast.AST) -> bool:
    """Whether an expression (lists, sums, calls of names) draws on the UPDATE_OPS collection."""
    pending = [node]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            if node.id in checker.update_op_names:
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


def _is_legit_control_input(checker: FileChecker, node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    namespace, parts = split(checker.resolve(node.func) or "")
    return namespace in (tfapi.V1, tfapi.V2) and bool(_LEGIT_CONTROL_INPUTS.match(".".join(parts)))


def _is_graph_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "GraphKeys"


def is_update_ops(checker: FileChecker, node: ast.AST) -> bool:
    """``get_collection(GraphKeys.UPDATE_OPS)`` (or with the string ``"update_ops"``)."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    namespace, parts = split(checker.resolve(node.func) or "")
    if namespace not in (tfapi.V1, tfapi.V2) or parts[-1:] not in (("get_collection",), ("get_collection_ref",)):
        return False
    key = node.args[0]
    if isinstance(key, ast.Constant):
        return key.value == "update_ops"
    return isinstance(key, ast.Attribute) and key.attr == "UPDATE_OPS"


def _check_dropout(checker: FileChecker, node: ast.Call, namespace: str, name: str) -> None:
    if len(node.args) < 2:
        return
    second = node.args[1]
    if namespace == tfapi.V1 or any(_KEEP_PROB.search(word) for word in _words(second)):
        checker.emit("TF110", second, name=name)


def _words(node: ast.AST) -> Iterator[str]:
    """Names, attribute names and strings in an expression (``self.keep_prob`` -> self, keep_prob)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr


def _check_grouped(checker: FileChecker, node: ast.AST) -> None:
    """TF603: a ``group``/``no_op`` result fed to a session or ``train_op=``."""
    namespace, path = _callee(checker.resolve(node))
    if namespace in (tfapi.V1, tfapi.V2) and path in ("group", "no_op"):
        checker.emit("TF603", node, name=display(namespace, tuple(path.split("."))))


def _check_summary_value(checker: FileChecker, node: ast.AST) -> None:
    """TF903: a TF2-namespace summary op whose result is merged or fetched, which only TF1 summaries are."""
    namespace, path = _callee(checker.resolve(node))
    if namespace == tfapi.V2 and path in _SUMMARY_OPS:
        checker.emit("TF903", node, name=display(namespace, tuple(path.split("."))))


# -- methods --------------------------------------------------------------------------------------


def _run(checker: FileChecker, node: ast.Call, func: ast.Attribute) -> None:
    receiver = checker.resolve(func.value)
    start = _method_position(func)
    if _is_session(receiver) or _keyword(node, "feed_dict") is not None:
        confidence = "HIGH" if isinstance(func.value, ast.Call) else INFERENCE
        checker.emit("TF302", node, name="Session.run", start=start, confidence=confidence)
        fetches = node.args[:1] + [k.value for k in node.keywords if k.arg == "fetches"]
        for fetch in fetches:
            for element in (fetch.elts if isinstance(fetch, (ast.List, ast.Tuple)) else [fetch]):
                _check_grouped(checker, element)
                _check_summary_value(checker, element)
    elif _is_tf_value(receiver):
        checker.emit("TF305", node, name="Operation.run", start=start, confidence=INFERENCE)


def _eval(checker: FileChecker, node: ast.Call, func: ast.Attribute) -> None:
    if (_keyword(node, "feed_dict") or _keyword(node, "session")) is not None:
        checker.emit("TF304", node, name="Tensor.eval", start=_method_position(func))
    elif not node.args and not node.keywords and _is_tf_value(checker.resolve(func.value)):
        checker.emit("TF304", node, name="Tensor.eval", start=_method_position(func), confidence=INFERENCE)


def _optimizer_step(checker: FileChecker, node: ast.Call, func: ast.Attribute) -> None:
    start = _method_position(func)
    if _keyword(node, "global_step") is not None:
        checker.emit("TF702", node, name=f"{func.attr}(global_step=...)", start=start)
        return
    namespace, path = _callee(checker.resolve(func.value))
    if func.attr != "apply_gradients" and namespace in (tfapi.V1, tfapi.V2) and _OPTIMIZER.match(path):
        checker.emit("TF703", node, name=f"{display(namespace, (path,))}.{func.attr}", start=start,
                     confidence=INFERENCE)


def _iterator(checker: FileChecker, node: ast.Call, func: ast.Attribute) -> None:
    qualified = checker.resolve(func)
    if qualified is not None and "()" not in qualified:
        return  # ``tf.data.make_one_shot_iterator(ds)`` is a function: reported as a reference
    if qualified is None and node.args:
        return  # ``something.make_one_shot_iterator(x)`` on an unknown receiver with arguments: not a Dataset
    checker.emit("TF806", node, name=f"Dataset.{func.attr}", start=_method_position(func))


def _reuse_variables(checker: FileChecker, node: ast.Call, func: ast.Attribute) -> None:
    namespace, path = _callee(checker.resolve(func.value))
    if namespace in (tfapi.V1, tfapi.V2) and path in ("get_variable_scope", "variable_scope"):
        checker.emit("TF403", node, name="VariableScope.reuse_variables", start=_method_position(func))


def _as_default(checker: FileChecker, node: ast.Call, func: ast.Attribute) -> None:
    namespace, path = _callee(checker.resolve(func.value))
    if namespace in (tfapi.V1, tfapi.V2) and path == "Graph":
        checker.graph_candidates.append(node)


_METHODS = {
    "run": _run,
    "eval": _eval,
    "minimize": _optimizer_step,
    "compute_gradients": _optimizer_step,
    "apply_gradients": _optimizer_step,
    "make_one_shot_iterator": _iterator,
    "make_initializable_iterator": _iterator,
    "reuse_variables": _reuse_variables,
    "as_default": _as_default,
}


# -- attributes -----------------------------------------------------------------------------------


def check_attribute_chain(checker: FileChecker, node: ast.Attribute) -> None:
    """Attribute-name checks along one chain: ``shape[i].value`` and dataset ``output_*``."""
    if not checker.imports_tf:
        return
    while node.__class__ is ast.Attribute:
        attr = node.attr
        if attr == "value":
            _dimension_value(checker, node)
        elif attr in _DATASET_ATTRIBUTES:
            _dataset_attribute(checker, node)
        node = node.value


def _dimension_value(checker: FileChecker, node: ast.Attribute) -> None:
    """``x.shape[i].value``, ``x.get_shape()[i].value``, and ``d.value`` in ``for d in x.shape:``."""
    element = node.value
    if isinstance(element, ast.Subscript):
        if not is_shape(element.value):
            return
    elif not (isinstance(element, ast.Name) and element.id in checker.tf_names
              and checker.lookup(element.id) == DIMENSION):
        return
    checker.emit("TF904", node, name="TensorShape[i].value", start=_method_position(node))


def is_shape(node: ast.AST) -> bool:
    """``x.shape`` or ``x.get_shape()``: a TensorShape, whose elements are ``Dimension``s in TF1."""
    if isinstance(node, ast.Attribute):
        return node.attr == "shape"
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_shape"
            and not node.args)


def _dataset_attribute(checker: FileChecker, node: ast.Attribute) -> None:
    receiver = checker.resolve(node.value)
    if receiver is None:
        return
    namespace, parts = split(receiver.replace("()", ""))
    path = ".".join(parts)
    if namespace in (tfapi.V1, tfapi.V2) and (path.startswith("data.") or any(
            method in path for method in _ITERATOR_METHODS)):
        checker.emit("TF807", node, name=f"Dataset.{node.attr}", start=_method_position(node))
