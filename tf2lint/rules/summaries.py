"""TF9xx: TF1 summaries and TensorShape dimensions."""
from __future__ import annotations

import ast
from typing import Optional

from tf2lint import tfapi
from tf2lint.context import cite
from tf2lint.hooks import Checker, Hooks, Marker, keyword, method_position
from tf2lint.rules import api_surface, sessions
from tf2lint.rules.model import ERROR, WARNING, Rule

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
        "Finds TF1 summary ops: the ones reached through `compat.v1`; TF2-namespace calls that pass the "
        "TF1-only keywords `collections=`, `family=`, `tensor=` or `values=`, or whose result is merged or "
        "fetched by a session; and, in TF1 code (a file or project with TF1 evidence, or `tensorflow = \"1\"`), "
        "`tf.summary.scalar/image/histogram/audio/text` calls written the TF1 way: without `step=`, or with a "
        "third positional argument (the fourth for `audio`). Not in a file that sets up TF2 summary writing "
        "(`tf.summary.create_file_writer`, `tf.summary.experimental.set_step`, `writer.as_default(step)`, Keras "
        "`TensorBoard`). Through `tf` these are errors: TF 2.x raises, or silently writes nothing.",
        "TF1 summary ops return serialized protos for a session to fetch; the TF2 ones write to a writer and "
        "take a `step`. Under TF 2.x, `tf.summary.scalar('loss', loss)` is the TF2 op: without a default "
        "writer it returns False and writes nothing, and TF1's third positional argument (`collections`, "
        "`max_outputs` of `image`) becomes `step`: `tf.summary.image('in', x, 4)` writes 3 images at step 4.",
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
                     advice=_summary_advice(path), severity=ERROR)


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


class TF1Summaries:
    """TF2-namespace summary calls written the TF1 way, judged at the end of the file, when all its TF1
    evidence is known; and whether the file sets up TF2 summary writing."""

    def __init__(self) -> None:
        self.calls: list[tuple[ast.Call, str, str, bool]] = []  # (call, path, name, a positional step)
        self.tf2_writer = False


#: The TF1 positional argument that TF2 reads as ``step``: its index and TF1 name, by op.
_POSITIONAL_STEP = {"summary.scalar": (2, "collections"), "summary.histogram": (2, "collections"),
                    "summary.text": (2, "collections"), "summary.image": (2, "max_outputs"),
                    "summary.audio": (3, "max_outputs")}


@hooks.call(*_SUMMARY_OPS)
def _summary_call(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if namespace != tfapi.V2:
        return
    if keyword(node, "step") is not None:  # TF 2.x's summary ops take a step: the file is written for TF 2.x
        checker.context.note_tf2(f"`step=` of `{name}`", node.lineno)
    keywords = [k for k in node.keywords if k.arg in _V1_SUMMARY_KEYWORDS]
    if keywords:  # TF 2.x raises TypeError
        checker.emit("TF903", node, name=name, advice=_summary_advice(path), severity=ERROR)
        checker.claimed.update(id(k) for k in keywords)
    elif keyword(node, "step") is None and not any(isinstance(a, ast.Starred) for a in node.args) and not any(
            k.arg is None for k in node.keywords):
        positional = len(node.args) > _POSITIONAL_STEP[path][0]
        checker.state(TF1Summaries).calls.append((node, path, name, positional))


@hooks.call("summary.create_file_writer", "summary.create_noop_writer", "summary.experimental.set_step",
            "keras.callbacks.TensorBoard")
def _tf2_writer(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if namespace == tfapi.V2:
        checker.state(TF1Summaries).tf2_writer = True


@hooks.method("as_default")
def _writer_as_default(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    """``writer.as_default(step)``: only a TF2 summary writer's ``as_default`` takes an argument."""
    if node.args or node.keywords:
        checker.state(TF1Summaries).tf2_writer = True


@hooks.on_end
def _tf1_summaries(checker: Checker) -> None:
    """TF903 in TF1 code: the calls TF 2.x runs as TF2 ops, which write nothing (or at the wrong step)."""
    state = checker.state(TF1Summaries)
    why, imported = checker.context.tf1_or_imported() if state.calls and not state.tf2_writer else ("", False)
    if why:
        for node, path, name, positional in state.calls:
            checker.emit("TF903", node, name=name, advice=f"{_tf1_advice(path, positional)} {cite(why)}",
                         severity=ERROR, conditional=imported)


def _tf1_advice(path: str, positional: bool) -> str:
    """TF903's advice for a TF2-namespace summary op in TF1 code."""
    op = path.rsplit(".", 1)[-1]
    call = (f"tf.summary.{op}(name, data, sample_rate, step=step)" if op == "audio" else
            f"tf.summary.{op}(name, data, step=step)")
    keep = f"or keep the TF1 op as `tf.compat.v1.summary.{op}`"
    if positional:
        index, tf1_name = _POSITIONAL_STEP[path]
        which = "third" if index == 2 else "fourth"
        fix = (f"use `{call[:-1]}, max_outputs=n)`" if tf1_name == "max_outputs" else
               f"drop the collections and use `{call}`")
        return (f"under TF 2.x this is the TF2 op, which reads the {which} positional argument (TF1's "
                f"`{tf1_name}`) as `step`: {fix} inside `with writer.as_default():`, {keep}")
    return (f"under TF 2.x this is the TF2 op: without a default writer it writes nothing (returns False), and "
            f"it needs a `step`; use `{call}` inside `with writer.as_default():` (it needs the `tensorboard` "
            f"package), {keep}")


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
    # TF 2.x shape elements are ints (AttributeError); compat.v1 with TF1 shapes keeps ``Dimension``
    receiver: ast.expr = element
    if isinstance(element, ast.Subscript):
        shape = element.value
        receiver = shape.value if isinstance(shape, ast.Attribute) else shape.func.value  # type: ignore[attr-defined]
    namespace = tfapi.split(checker.resolve(receiver) or "")[0]
    api_surface.by_file(checker, "TF904", node, namespace if tfapi.is_tf(namespace) else None,
                        runs_with=api_surface.V1_SHAPES, name="TensorShape[i].value", start=method_position(node))
