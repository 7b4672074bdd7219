"""TF3xx: sessions, Session.run, feeds and placeholders."""
from __future__ import annotations

import ast
from typing import Iterator, Optional, Union

from tf2lint import tfapi
from tf2lint.context import cite
from tf2lint.hooks import HIGH, INFERENCE, Checker, Does, Hooks, alias_position, keyword, method_position
from tf2lint.rules import api_surface
from tf2lint.rules.model import ERROR, WARNING, Rule

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
        tf2_severity=ERROR,  # eager TF 2.x raises NotImplementedError; compat.v1 graph mode runs it
    ),
    Rule(
        "TF305", "operation-run", WARNING,
        "`{name}` runs a TF1 operation in the default session",
        "call the code directly (eager) or from a `@tf.function`",
        "Finds `.run()` on an operation produced by a TensorFlow call (`init_op.run()`, `train_op.run()`).",
        "`Operation.run` needs a default session; in TF2 operations execute when they are called.",
        "init = tf.global_variables_initializer()\ninit.run()",
        "# nothing: variables initialize on creation",
        tf2_severity=ERROR,  # eager TF 2.x values have no `run` (AttributeError); compat.v1 graph mode runs it
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
    Rule(
        "TF308", "keras-session", ERROR,
        "`{name}` is the session API of Keras 2's TF1 backend (AttributeError in Keras 3)",
        "{advice}",
        "Finds `keras.backend.get_session`, `keras.backend.set_session` and the `keras.backend.tensorflow_backend` "
        "module, through `tf.keras`, `tf.compat.v1.keras` or standalone `import keras`.",
        "Keras 3, which `tf.keras` is in TF 2.21, runs eagerly and has no session (not even under "
        "`tf.compat.v1.keras`): the code fails with AttributeError. A session was mostly set to configure GPUs "
        "(`allow_growth`), which `tf.config` does now.",
        "import keras\nkeras.backend.set_session(tf.Session(config=config))\nsess = keras.backend.get_session()",
        "for gpu in tf.config.list_physical_devices('GPU'):\n    tf.config.experimental.set_memory_growth(gpu, True)",
    ),
    Rule(
        "TF309", "keras-learning-phase", ERROR,
        "`{name}` is Keras 2's global learning phase (AttributeError in Keras 3)",
        "pass `training=True` or `training=False` to the model or layer call",
        "Finds `keras.backend.learning_phase` and `keras.backend.set_learning_phase` (`K.learning_phase()`), "
        "through `tf.keras`, `tf.compat.v1.keras` or standalone Keras.",
        "Keras 3 has no global learning phase: layers such as Dropout and BatchNormalization take a `training` "
        "argument when called, and `fit`/`predict` set it themselves.",
        "from keras import backend as K\nK.set_learning_phase(1)\ny = model(x)",
        "y = model(x, training=True)",
    ),
    Rule(
        "TF310", "keras-manual-init", ERROR,
        "`{name}` is a TF1-backend setting of Keras 2 (AttributeError in Keras 3)",
        "delete it: Keras 3 variables hold their initial value as soon as they are created",
        "Finds `keras.backend.manual_variable_initialization`.",
        "The switch only told Keras 2 not to run variable initializers in its TF1 session; Keras 3 has neither.",
        "tf.keras.backend.manual_variable_initialization(True)",
        "# nothing: variables are initialized when created",
    ),
    Rule(
        "TF316", "project-session", WARNING,
        "`{name}` runs a TF1 session: {func}",
        "this call goes with that function's session: once the function computes its result eagerly or as a "
        "`@tf.function`, call it as it is and drop what fed or fetched the session here",
        "Finds calls of the project's own functions, imported from another module, that create a session or run "
        "one (`Session()`, `sess.run`, `get_default_session().run`, `keras.backend.get_session()`), directly "
        "or through other project functions (NVlabs' `tflib.run`, `tflib.init_tf`).",
        "The session is out of sight at the call site, but the call needs it: under TF 2.x it fails or runs "
        "TF1 code through compat.v1. The file is not yet migrated while it calls such functions.",
        "import tflib\ntflib.init_tf()\nloss_value = tflib.run(loss)",
        "loss_value = compute_loss().numpy()  # once tflib computes eagerly",
        tf2_severity=ERROR,  # the function reaches the session through ``tf``: AttributeError under TF 2.x
    ),
    Rule(
        "TF317", "project-graph", WARNING,
        "`{name}` builds a TF1 graph: {func}",
        "this call goes with that function's graph: once the function is a Python function of tensors "
        "(`@tf.function` where graph speed matters), pass values to it instead of feeding its placeholders",
        "Finds calls of the project's own functions, imported from another module, that make placeholders or a "
        "`train.Saver`, or enter `Graph().as_default()`, directly or through other project functions.",
        "The TF1 graph is built out of sight of the call site; the caller feeds it or relies on it, and changes "
        "when the function is migrated.",
        "from model import build_inputs\nx, y = build_inputs()\nsess.run(train_op, {x: xb, y: yb})",
        "loss = train_step(xb, yb)  # build_inputs gone: the values are arguments",
        tf2_severity=ERROR,
    ),
)

#: What a project function does that TF316 reports at its call sites (else TF317): sessions.
_SESSION_PATHS = {"Session", "InteractiveSession", "Session.run", "InteractiveSession.run", "get_default_session",
                  "get_default_session.run", "train.MonitoredTrainingSession", "train.MonitoredTrainingSession.run",
                  "keras.backend.get_session", "keras.backend.get_session.run", "Session.as_default",
                  "InteractiveSession.as_default"}

hooks = Hooks()
hooks.name("TF301", "Session InteractiveSession")
hooks.name("TF303", "get_default_session")
hooks.name("TF306", "placeholder sparse_placeholder sparse.placeholder ragged.placeholder")
hooks.name("TF307", "placeholder_with_default")
hooks.name("TF308", "keras.backend.get_session",
           advice="Keras 3 has no session: use values directly (eager, `.numpy()`) or a `@tf.function`")
hooks.name("TF308", "keras.backend.set_session",
           advice="configure devices with `tf.config` (`tf.config.experimental.set_memory_growth(gpu, True)` for "
                  "`allow_growth`, `tf.config.threading` for thread pools) and delete the session")
hooks.name("TF308", "keras.backend.tensorflow_backend",
           advice="use `tf.config.list_logical_devices('GPU')` for the available GPUs, `tf.config` for the session "
                  "configuration, and `tf.keras.backend` for the backend functions")
hooks.name("TF309", "keras.backend.learning_phase keras.backend.set_learning_phase")
hooks.name("TF310", "keras.backend.manual_variable_initialization")


@hooks.on_import
def _keras_import(checker: Checker, node: Union[ast.Import, ast.ImportFrom]) -> None:
    """Imports of Keras TF1-backend names from standalone Keras (TensorFlow's own are references already)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("keras.backend."):
                checker.reference(alias, "", alias.name, start=alias_position(alias, node))
    elif node.module and (node.module == "keras.backend" or node.module.startswith("keras.backend.")):
        for alias in node.names:
            if alias.name != "*":
                checker.reference(alias, "", f"{node.module}.{alias.name}", start=alias_position(alias, node))


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
    return (tfapi.is_tf(namespace) or namespace == tfapi.KERAS) and path in SESSION_FACTORIES


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
        """Read the file's statements (not their expressions: a class or an assignment is a statement)."""
        self.built = True
        stack: list[ast.AST] = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.ClassDef):
                self.classes.add(node.name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.instances.setdefault(target.id, []).append(node.value)
            for field in _BODIES:  # blocks, ``except`` handlers and ``case`` clauses
                stack.extend(getattr(node, field, ()))


#: The fields of statements (and of handlers and match cases) that hold statements.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


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
        api_surface.by_file(checker, "TF305", node, _namespace(checker, func.value), name="Operation.run",
                            start=start, confidence=INFERENCE)


@hooks.method("eval")
def _eval(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    if (keyword(node, "feed_dict") or keyword(node, "session")) is not None:
        api_surface.by_file(checker, "TF304", node, _namespace(checker, func.value), name="Tensor.eval",
                            start=method_position(func))
    elif not node.args and not node.keywords and _is_tf_value(checker.resolve(func.value)):
        api_surface.by_file(checker, "TF304", node, _namespace(checker, func.value), name="Tensor.eval",
                            start=method_position(func), confidence=INFERENCE)


def _namespace(checker: Checker, receiver: ast.expr) -> Optional[str]:
    """The TensorFlow namespace a receiver was made through (``tf`` or compat.v1), None if unknown."""
    namespace = tfapi.split(checker.resolve(receiver) or "")[0]
    return namespace if tfapi.is_tf(namespace) else None


class _ProjectCalls:
    """Calls of project functions that reach TF1 machinery through ``tf.compat.v1`` (which still runs under
    TF 2.x): reported at the end of the file if it is TF1 code."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        self.calls: list[tuple[ast.Call, Does]] = []


@hooks.on_project_call
def _project_call(checker: Checker, node: ast.Call, does: Does) -> None:
    """TF316 / TF317: a project function from another module that uses a TF1 session or builds a TF1 graph.
    Through ``tf`` (AttributeError under TF 2.x) it is reported at once; through ``tf.compat.v1`` only in TF1
    code (a TF2 program may keep such a function on purpose, to read TF1 checkpoints)."""
    if does.namespace == tfapi.V1:
        checker.state(_ProjectCalls).calls.append((node, does))
    else:
        _report_project_call(checker, node, does)


@hooks.on_end
def _project_calls_in_tf1_code(checker: Checker) -> None:
    calls = checker.state(_ProjectCalls).calls
    if not calls:
        return
    why, imported = checker.context.tf1_or_imported()
    if why:
        for node, does in calls:
            _report_project_call(checker, node, does, why, imported)


def _report_project_call(checker: Checker, node: ast.Call, does: Does, why: str = "", imported: bool = False) -> None:
    code = "TF316" if does.path in _SESSION_PATHS else "TF317"
    what = f"`{does.shown}` in `{does.function}`" + (f" (through `{does.via}`)" if does.via else "")
    func = f"{what}, defined at {does.where}" if does.where else what
    checker.emit(code, node, name=_callee(node.func), func=f"{func} {cite(why)}" if why else func,
                 severity=checker.rules[code].severity_through(does.namespace != tfapi.V1), conditional=imported)


def _callee(func: ast.expr) -> str:
    """How a call names its function: ``run``, ``tflib.run``."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))
