"""TF9xx: TF1 summaries and TensorShape dimensions."""
from __future__ import annotations

import ast
from typing import Optional

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks, Marker, method_position
from tf2lint.rules import api_surface, sessions
from tf2lint.rules.model import WARNING, Rule

#: The family's section in docs/rules.md.
TITLE = "Summaries and shapes"
INTRO = (
    "TF2 summary ops write to the default writer when they run (`with writer.as_default(step=step):`); "
    "nothing is merged or fetched. Shape elements are plain ints or None."
)

RULES = (
    Rule(
        "TF901", "summary-file-writer", WARNING,
        "`{name}` is the TF1 summary writer",
        "use `writer = tf.summary.create_file_writer(logdir)` and `with writer.as_default(step=step):`",
        "Finds `summary.FileWriter` and `summary.FileWriterCache`.",
        "The TF1 writer takes serialized summaries from `Session.run`; TF2 summary ops write directly to "
        "the default writer.",
        "writer = tf.summary.FileWriter(logdir, sess.graph)\nwriter.add_summary(s, step)",
        "writer = tf.summary.create_file_writer(logdir)\nwith writer.as_default(step=step):\n"
        "    tf.summary.scalar('loss', loss)",
    ),
    Rule(
        "TF902", "summary-merge", WARNING,
        "`{name}` merges TF1 summaries for a session",
        "drop it: TF2 summary ops write when they run",
        "Finds `summary.merge_all` and `summary.merge`.",
        "Merging only collects summary tensors for `Session.run`.",
        "merged = tf.summary.merge_all()\ns = sess.run(merged)",
        "with writer.as_default(step=step):\n    tf.summary.scalar('loss', loss)",
    ),
    Rule(
        "TF903", "v1-summary-op", WARNING,
        "`{name}` is a TF1 summary op",
        "{advice}",
        "Finds TF1 summary ops: the ones reached through `compat.v1`, and TF2 calls that pass the TF1-only "
        "keywords `collections=`, `family=`, `tensor=` or `values=`.",
        "TF1 summary ops return serialized protos for a session to fetch; the TF2 ones write to a writer and "
        "take a `step`.",
        "tf.compat.v1.summary.scalar('loss', loss, collections=['train'])",
        "with writer.as_default(step=step):\n    tf.summary.scalar('loss', loss)",
    ),
    Rule(
        "TF904", "dimension-value", WARNING,
        "`{name}` uses the TF1 `Dimension` object",
        "a TF2 shape element is already an int or None; use `tf.compat.dimension_value(d)` where the code "
        "must run on both",
        "Finds `.value` on a shape element (`x.shape[0].value`, `x.get_shape()[1].value`, `d.value` in "
        "`for d in x.shape:`) and `Dimension`; not `x.shape.dims[i].value`, which TF2 still supports.",
        "In TF2 `TensorShape` elements are plain ints, and `.value` raises AttributeError.",
        "n = x.get_shape()[1].value",
        "n = x.shape[1]",
    ),
)

hooks = Hooks()
hooks.name("TF901", "summary.FileWriter summary.FileWriterCache")
hooks.name("TF902", "summary.merge_all summary.merge")
_WRITER = ("inside `with writer.as_default():` (without a default writer it writes nothing; it needs the "
           "`tensorboard` package)")


def _summary_advice(path: str) -> str:
    """TF903's advice for the TF1 summary op ``summary.<op>``."""
    op = path.rsplit(".", 1)[-1]
    if op == "tensor_summary":
        return f"use `tf.summary.write(tag, tensor, step=step)` {_WRITER}"
    if op == "audio":
        return f"use `tf.summary.audio(name, data, sample_rate, step=step)` {_WRITER}"
    return (f"use `tf.summary.{op}(name, data, step=step)` {_WRITER}; pass `step` by keyword: the TF1 third "
            "positional argument would become `step`")


for _op in ("summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text",
            "summary.tensor_summary"):
    hooks.name("TF903", _op, advice=_summary_advice(_op))
hooks.name("TF904", "Dimension")

_SUMMARY_OPS = ("summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text")
_V1_SUMMARY_KEYWORDS = {"collections", "family", "tensor", "values"}


def _check_summary_value(checker: Checker, node: ast.AST) -> None:
    """TF903: a TF2-namespace summary op whose result is merged or fetched, which only TF1 summaries are."""
    namespace, path = tfapi.callee(checker.resolve(node))
    if namespace == tfapi.V2 and path in _SUMMARY_OPS:
        checker.emit("TF903", node, name=tfapi.display(namespace, tuple(path.split("."))),
                     advice=_summary_advice(path), severity=api_surface.severity(checker, "TF903", namespace))


@hooks.call("summary.merge", "summary.merge_all")
def _merge(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if node.args:
        inputs = node.args[0]
        for element in inputs.elts if isinstance(inputs, (ast.List, ast.Tuple)) else [inputs]:
            _check_summary_value(checker, element)


@hooks.method("run")
def _fetched_summary(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    if sessions.is_session_run(checker, node, func):
        for fetch in sessions.fetches(node):
            _check_summary_value(checker, fetch)


@hooks.call(*_SUMMARY_OPS)
def _v1_summary_keywords(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if namespace == tfapi.V2:
        keywords = [k for k in node.keywords if k.arg in _V1_SUMMARY_KEYWORDS]
        if keywords:
            checker.emit("TF903", node, name=name, advice=_summary_advice(path),
                         severity=api_surface.severity(checker, "TF903", namespace))
            checker.claimed.update(id(k) for k in keywords)


#: The binding of ``d`` in ``for d in x.shape:``.
DIMENSION = Marker("TensorShape element")


def is_shape(node: ast.AST) -> bool:
    """``x.shape`` or ``x.get_shape()``: a TensorShape, whose elements are ``Dimension``s in TF1."""
    if isinstance(node, ast.Attribute):
        return node.attr == "shape"
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_shape"
            and not node.args)


@hooks.on_iteration
def _shape_elements(checker: Checker, iterated: ast.expr) -> Optional[Marker]:
    return DIMENSION if is_shape(iterated) else None


@hooks.attribute("value")
def _dimension_value(checker: Checker, node: ast.Attribute) -> None:
    """``x.shape[i].value``, ``x.get_shape()[i].value``, and ``d.value`` in ``for d in x.shape:``."""
    element = node.value
    if isinstance(element, ast.Subscript):
        if not is_shape(element.value):
            return
    elif not (isinstance(element, ast.Name) and element.id in checker.tf_names
              and checker.lookup(element.id) is DIMENSION):
        return
    checker.emit("TF904", node, name="TensorShape[i].value", start=method_position(node))
