"""TF5xx: graph collections and the default graph."""
from __future__ import annotations

import ast

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks
from tf2lint.rules import api_surface
from tf2lint.rules.model import ERROR, WARNING, Rule

_ATTRIBUTES = "keep the state as attributes of `tf.Module` / Keras objects (`.variables`, `.losses`)"

#: The family's section in docs/rules.md.
TITLE = "Graph collections and the default graph"
INTRO = (
    "TF2 has no default graph to hang global state on. Keep state as attributes of the objects that own it "
    "(`model.losses`, `layer.variables`) and let `@tf.function` trace the graphs."
)

RULES = (
    Rule(
        "TF501", "graph-collection", WARNING,
        "`{name}` uses TF1 graph collections",
        _ATTRIBUTES,
        "Finds `get_collection`, `get_collection_ref`, `add_to_collection` and `add_to_collections`.",
        "Collections are global lists hung on the default graph; TF2 has no default graph to hang them on.",
        "tf.add_to_collection('activations', h)",
        "self.activations.append(h)  # on the owning object",
    ),
    Rule(
        "TF502", "graph-keys", WARNING,
        "`{name}` names a TF1 graph collection",
        _ATTRIBUTES,
        "Finds `GraphKeys.*`.",
        "Graph keys only index graph collections.",
        "tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)",
        "model.losses",
    ),
    Rule(
        "TF503", "update-ops", WARNING,
        "`{name}` collects batch-norm updates by hand",
        "use `tf.keras.layers.BatchNormalization()(x, training=True)`: it updates its moving statistics "
        "itself",
        "Finds `get_collection(GraphKeys.UPDATE_OPS)`.",
        "TF1 batch norm put its moving-average updates in a collection that the train op had to depend on; "
        "Keras layers update themselves when called with `training=True`.",
        "update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)",
        "bn = tf.keras.layers.BatchNormalization()\ny = bn(x, training=True)",
        tf2_severity=ERROR,  # ``tf.get_collection`` is not in TF 2.x
    ),
    Rule(
        "TF504", "collection-losses", WARNING,
        "`{name}` reads losses from a graph collection",
        "add them explicitly: `loss = data_loss + sum(model.losses)` (`tf.add_n` fails on an empty list)",
        "Finds `losses.get_regularization_loss`, `losses.get_regularization_losses`, `losses.get_total_loss`, "
        "`losses.get_losses` and `losses.add_loss`.",
        "Regularization losses live on the layers that create them (`model.losses`) in TF2.",
        "total = tf.losses.get_total_loss()",
        "total = data_loss + sum(model.losses)",
    ),
    Rule(
        "TF505", "default-graph", WARNING,
        "`{name}` uses the TF1 default graph",
        "build graphs with `@tf.function` (inspect `f.get_concrete_function(spec).graph`); "
        "`tf.keras.backend.clear_session()` to reset Keras state",
        "Finds `get_default_graph` and `reset_default_graph`.",
        "TF2 code has no global graph; each `tf.function` traces its own.",
        "tf.reset_default_graph()\ng = tf.get_default_graph()",
        "tf.keras.backend.clear_session()",
    ),
    Rule(
        "TF506", "graph-as-default", WARNING,
        "`{name}` builds a TF1 graph",
        "trace the computation with `@tf.function` instead of building a `tf.Graph` by hand",
        "Finds `Graph().as_default()` in files that also use sessions, placeholders or "
        "`disable_v2_behavior` (a plain `tf.Graph` is valid TF2).",
        "A hand-built default graph is only useful to a session.",
        "with tf.Graph().as_default():\n    x = tf.placeholder(tf.float32)",
        "@tf.function\ndef f(x):\n    ...",
    ),
)

hooks = Hooks()
hooks.name("TF501", "get_collection get_collection_ref add_to_collection add_to_collections")
hooks.name("TF502", "GraphKeys")
hooks.name("TF504", "losses.get_regularization_loss losses.get_regularization_losses losses.get_total_loss "
                    "losses.get_losses losses.add_loss")
hooks.name("TF505", "get_default_graph reset_default_graph")


def is_update_ops(checker: Checker, node: ast.AST) -> bool:
    """``get_collection(GraphKeys.UPDATE_OPS)`` (or with the string ``"update_ops"``)."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    namespace, parts = tfapi.split(checker.resolve(node.func) or "")
    if not tfapi.is_tf(namespace) or parts[-1:] not in (("get_collection",), ("get_collection_ref",)):
        return False
    key = node.args[0]
    if isinstance(key, ast.Constant):
        return bool(key.value == "update_ops")
    return isinstance(key, ast.Attribute) and key.attr == "UPDATE_OPS"


def _is_graph_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "GraphKeys"


@hooks.call("get_collection", "get_collection_ref", "add_to_collection", "add_to_collections")
def _collection(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if is_update_ops(checker, node):
        checker.emit("TF503", node, name=name, severity=api_surface.severity(checker, "TF503", namespace))
    checker.claimed.update(id(arg) for arg in node.args if _is_graph_key(arg))  # the call's finding covers them


class GraphMode:
    """TF506's state: ``Graph().as_default()`` calls, reported at the end if the file builds TF1 graphs."""

    def __init__(self) -> None:
        self.on = False
        self.candidates: list[ast.Call] = []


@hooks.found_name("TF201", "TF301", "TF306")
def _graph_mode(checker: Checker) -> None:
    """Sessions, placeholders and ``disable_v2_behavior`` mean a file builds TF1 graphs."""
    checker.state(GraphMode).on = True


@hooks.method("as_default")
def _as_default(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    namespace, path = tfapi.callee(checker.resolve(func.value))
    if tfapi.is_tf(namespace) and path == "Graph":
        checker.state(GraphMode).candidates.append(node)


@hooks.on_end
def _graph_as_default(checker: Checker) -> None:
    graph = checker.state(GraphMode)
    if graph.on:
        for call in graph.candidates:
            checker.emit("TF506", call, name="tf.Graph().as_default")
