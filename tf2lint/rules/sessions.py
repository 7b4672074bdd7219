"""TF3xx: sessions, Session.run, feeds and placeholders."""
from __future__ import annotations

import ast
from typing import Iterator, Optional

from tf2lint import tfapi
from tf2lint.hooks import HIGH, INFERENCE, Checker, Hooks, keyword, method_position
from tf2lint.rules.model import WARNING, Rule

_RUN_AS_FUNCTION = "call a Python function (add `@tf.function` for graph speed) instead of `sess.run`"

#: The family's section in docs/rules.md.
TITLE = "Sessions and placeholders"
INTRO = (
    "TF2 runs eagerly. Each `Session.run` becomes a Python function call: its feeds become the function's "
    "arguments and its fetches the return value. Decorate the function with `@tf.function` where graph speed "
    "matters; placeholders become its arguments (`input_signature` fixes their shape and dtype)."
)

RULES = (
    Rule(
        "TF301", "tf1-session", WARNING,
        "`{name}` is TF1-only",
        _RUN_AS_FUNCTION,
        "Finds `Session` and `InteractiveSession`, constructed or referenced.",
        "TF2 runs operations eagerly; a session only exists to run a TF1 graph. Each `run` becomes a Python "
        "function, its feeds the arguments and its fetches the return value.",
        "with tf.Session() as sess:\n    print(sess.run(y, feed_dict={x: data}))",
        "@tf.function\ndef compute(x):\n    return model(x)\n\nprint(compute(data))",
    ),
    Rule(
        "TF302", "session-run", WARNING,
        "`{name}` runs a TF1 graph",
        "turn the fetches into the return value of a `@tf.function` and the feeds into its arguments",
        "Finds `run(...)` on a value known to be a session (bound to `Session()`, `InteractiveSession()`, "
        "`MonitoredTrainingSession()`, `get_default_session()`, or `with ... as sess`, also as `self.sess`), "
        "and any `.run(...)` that passes `feed_dict=`.",
        "`Session.run` does not exist in TF2 programs: the graph it runs is built by TF1 code.",
        "loss_val, _ = sess.run([loss, train_op], feed_dict={x: xb, y: yb})",
        "@tf.function\ndef train_step(xb, yb):\n    ...\n    return loss\n\nloss_val = train_step(xb, yb)",
    ),
    Rule(
        "TF303", "default-session", WARNING,
        "`{name}` needs a TF1 session",
        _RUN_AS_FUNCTION,
        "Finds `get_default_session()`.",
        "There is no default session in TF2; values are computed eagerly.",
        "sess = tf.get_default_session()\nsess.run(op)",
        "result = compute()  # a plain or @tf.function call",
    ),
    Rule(
        "TF304", "tensor-eval", WARNING,
        "`{name}` evaluates a tensor in a TF1 session",
        "use the value directly (eager) or `.numpy()` on the result of a `@tf.function`",
        "Finds `.eval()` with `session=` or `feed_dict=`, or on a value produced by a TensorFlow call.",
        "`Tensor.eval` runs the default session; in TF2 a tensor already holds its value.",
        "value = loss.eval(feed_dict={x: batch})",
        "value = compute_loss(batch).numpy()",
    ),
    Rule(
        "TF305", "operation-run", WARNING,
        "`{name}` runs a TF1 operation in the default session",
        "call the code directly (eager) or from a `@tf.function`",
        "Finds `.run()` on an operation produced by a TensorFlow call (`init_op.run()`, `train_op.run()`).",
        "`Operation.run` needs a default session; in TF2 operations execute when they are called.",
        "init = tf.global_variables_initializer()\ninit.run()",
        "# nothing: variables initialize on creation",
    ),
    Rule(
        "TF306", "placeholder", WARNING,
        "`{name}` is TF1-only",
        "make it a function argument: `@tf.function(input_signature=[tf.TensorSpec(shape, dtype)])` "
        "(`tf.SparseTensorSpec` for sparse), or `tf.keras.Input` for a Keras model",
        "Finds `placeholder` and `sparse_placeholder`.",
        "Placeholders exist to be fed by `Session.run`; eagerly they raise RuntimeError.",
        "x = tf.placeholder(tf.float32, [None, 784])\ny = model(x)",
        "@tf.function(input_signature=[tf.TensorSpec([None, 784], tf.float32)])\ndef predict(x):\n"
        "    return model(x)",
    ),
    Rule(
        "TF307", "placeholder-with-default", WARNING,
        "`{name}` is TF1-only",
        "use a Python default argument of the function",
        "Finds `placeholder_with_default`.",
        "Without sessions and feeds there is nothing to override the default; a function parameter with a "
        "default value does the same job.",
        "training = tf.placeholder_with_default(False, [])",
        "def call(self, x, training=False):\n    ...",
    ),
)

hooks = Hooks()
hooks.name("TF301", "Session InteractiveSession")
hooks.name("TF303", "get_default_session")
hooks.name("TF306", "placeholder sparse_placeholder ragged.placeholder")
hooks.name("TF307", "placeholder_with_default")

#: What returns a session, by path.
SESSION_FACTORIES = {
    "Session", "InteractiveSession", "get_default_session", "train.MonitoredTrainingSession",
    "train.MonitoredSession", "train.SingularMonitoredSession", "train.Supervisor.managed_session",
    "train.Supervisor.prepare_or_wait_for_session", "train.SessionManager.prepare_session",
    "keras.backend.get_session",
}


def is_session(qualified: Optional[str]) -> bool:
    """Whether a resolved name is the result of a session factory (``Session()``)."""
    namespace, path = tfapi.callee(qualified)
    return tfapi.is_tf(namespace) and path in SESSION_FACTORIES


def is_session_run(checker: Checker, node: ast.Call, func: ast.Attribute) -> bool:
    """``sess.run(...)`` on a known session, or ``.run(...)`` with ``feed_dict=`` on anything but an
    instance of a class defined in the file."""
    if is_session(checker.resolve(func.value)):
        return True
    return keyword(node, "feed_dict") is not None and not _own_instance(checker, func.value)


class OwnClasses:
    """The classes the file defines, and the names it binds to their instances."""

    def __init__(self) -> None:
        self.built = False
        self.classes: set[str] = set()
        self.instances: dict[str, list[ast.expr]] = {}

    def build(self, tree: ast.AST) -> None:
        self.built = True
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                self.classes.add(node.name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.instances.setdefault(target.id, []).append(node.value)


def _own_instance(checker: Checker, receiver: ast.expr) -> bool:
    """Whether ``receiver`` is ``Cls(...)`` or a name only ever bound to ``Cls(...)``, ``Cls`` a class of the file."""
    own = checker.state(OwnClasses)
    if not own.built:
        own.build(checker.tree)

    def constructs(value: ast.expr) -> bool:
        return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in own.classes

    if isinstance(receiver, ast.Name):
        values = own.instances.get(receiver.id, [])
        return bool(values) and all(constructs(v) for v in values)
    return constructs(receiver)


def fetches(node: ast.Call) -> Iterator[ast.expr]:
    """The values a ``Session.run`` call fetches (the elements of a fetched list or tuple)."""
    for fetch in node.args[:1] + [k.value for k in node.keywords if k.arg == "fetches"]:
        yield from fetch.elts if isinstance(fetch, (ast.List, ast.Tuple)) else [fetch]


def _is_tf_value(qualified: Optional[str]) -> bool:
    """Produced by calling a TensorFlow function (not a class, not Keras): a Tensor or an Operation."""
    if qualified is None or not qualified.endswith("()") or qualified.count("()") != 1:
        return False
    namespace, path = tfapi.callee(qualified)
    last = path.rsplit(".", 1)[-1]
    return tfapi.is_tf(namespace) and bool(last) and last[0].islower() and not path.startswith(
        ("keras", "data", "distribute", "summary", "io", "saved_model", "train", "config", "lookup"))


@hooks.method("run")
def _run(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    start = method_position(func)
    if is_session_run(checker, node, func):
        confidence = HIGH if isinstance(func.value, ast.Call) else INFERENCE
        checker.emit("TF302", node, name="Session.run", start=start, confidence=confidence)
    elif _is_tf_value(checker.resolve(func.value)):
        checker.emit("TF305", node, name="Operation.run", start=start, confidence=INFERENCE)


@hooks.method("eval")
def _eval(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    if (keyword(node, "feed_dict") or keyword(node, "session")) is not None:
        checker.emit("TF304", node, name="Tensor.eval", start=method_position(func))
    elif not node.args and not node.keywords and _is_tf_value(checker.resolve(func.value)):
        checker.emit("TF304", node, name="Tensor.eval", start=method_position(func), confidence=INFERENCE)
