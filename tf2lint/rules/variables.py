"""TF4xx: name-based variable tracking, initializers and name-based checkpoints."""
from __future__ import annotations

import ast

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks, keyword, method_position
from tf2lint.rules import api_surface, sessions
from tf2lint.rules.model import WARNING, Rule

_OWN_VARIABLES = "create a `tf.Variable` owned by a `tf.Module` / `tf.keras.layers.Layer` / `tf.keras.Model`"

#: The family's section in docs/rules.md.
TITLE = "Name-based variables and checkpoints"
INTRO = (
    "In TF2 a variable belongs to the Python object that creates it (`tf.Module`, Keras layer or model). "
    "Sharing variables means calling the same object, listing them means `module.trainable_variables`, and "
    "object-based checkpoints (`tf.train.Checkpoint`) follow the objects instead of variable names. Variables"
    " are initialized when they are created."
)

RULES = (
    Rule(
        "TF401", "get-variable", WARNING,
        "`{name}` tracks variables by name",
        _OWN_VARIABLES,
        "Finds `get_variable`.",
        "TF2 tracks variables through the Python objects that own them; the global name registry that "
        "`get_variable` consults is gone.",
        "w = tf.get_variable('w', [784, 10])",
        "class Dense(tf.Module):\n    def __init__(self):\n"
        "        self.w = tf.Variable(tf.random.normal([784, 10]))",
    ),
    Rule(
        "TF402", "variable-scope", WARNING,
        "`{name}` scopes variables by name",
        "turn the scope into an object (`tf.keras.layers.Layer`, `tf.keras.Model` or `tf.Module`); "
        "use `tf.name_scope` for op names only",
        "Finds `variable_scope`, `VariableScope` and `get_variable_scope`.",
        "Variable scopes only matter to `get_variable`; in TF2 the owning object is the scope.",
        "with tf.variable_scope('encoder'):\n    h = dense(x)",
        "class Encoder(tf.keras.layers.Layer):\n    def call(self, x):\n        return self.dense(x)",
    ),
    Rule(
        "TF403", "variable-reuse", WARNING,
        "`{name}` shares variables by name",
        "reuse the object that owns the variables instead of a reuse flag",
        "Finds `AUTO_REUSE`, the `reuse=` keyword of `variable_scope`, and `reuse_variables()`.",
        "Sharing weights in TF2 means calling the same layer object twice.",
        "with tf.variable_scope('tower', reuse=tf.AUTO_REUSE):\n    y = net(x)",
        "tower = Tower()\ny1, y2 = tower(x1), tower(x2)",
    ),
    Rule(
        "TF404", "make-template", WARNING,
        "`{name}` shares variables by name",
        "write a `tf.Module` or `tf.keras.layers.Layer` and call the same instance",
        "Finds `make_template`.",
        "Templates are a name-scope trick for variable sharing; TF2 objects share variables by identity.",
        "net = tf.make_template('net', build_net)",
        "net = Net()  # a tf.Module; call net(x) as often as needed",
    ),
    Rule(
        "TF405", "global-variable-list", WARNING,
        "`{name}` lists variables from a graph collection",
        "use `module.variables` / `module.trainable_variables` (`trainable_weights` on Keras objects)",
        "Finds `global_variables`, `trainable_variables`, `local_variables`, `model_variables`, "
        "`all_variables` and `moving_average_variables`.",
        "These read TF1 graph collections, which are empty in TF2; the owning objects know their variables.",
        "grads = tf.gradients(loss, tf.trainable_variables())",
        "grads = tape.gradient(loss, model.trainable_variables)",
    ),
    Rule(
        "TF406", "variable-initializer", WARNING,
        "`{name}` is only needed in TF1",
        "delete it: variables initialize on creation and `tf.lookup.StaticHashTable` on construction",
        "Finds `global_variables_initializer`, `initialize_all_variables`, `local_variables_initializer`, "
        "`initialize_local_variables`, `variables_initializer`, `tables_initializer` and "
        "`initialize_all_tables`.",
        "Initializer ops exist to be run in a session before training; TF2 objects are ready when built.",
        "sess.run(tf.global_variables_initializer())",
        "# nothing",
    ),
    Rule(
        "TF407", "name-based-saver", WARNING,
        "`{name}` saves variables by name",
        "use `tf.train.Checkpoint` + `tf.train.CheckpointManager` (or Keras 3 "
        "`model.save_weights('model.weights.h5')`); read existing TF1 checkpoints with `tf.train.load_checkpoint`",
        "Finds `train.Saver`.",
        "`Saver` needs a session and graph variable names; object-based checkpoints follow the Python "
        "objects and survive refactoring.",
        "saver = tf.train.Saver()\nsaver.save(sess, 'ckpt/model')",
        "ckpt = tf.train.Checkpoint(model=model, optimizer=opt)\n"
        "tf.train.CheckpointManager(ckpt, 'ckpt', max_to_keep=3).save()",
    ),
    Rule(
        "TF408", "init-from-checkpoint", WARNING,
        "`{name}` restores variables by name",
        "use `tf.train.Checkpoint(...).restore(path)`; map old names with `tf.train.list_variables`",
        "Finds `train.init_from_checkpoint`.",
        "It rewrites initializers of graph variables by name; TF2 restores into objects.",
        "tf.train.init_from_checkpoint(path, {'encoder/': 'encoder/'})",
        "tf.train.Checkpoint(encoder=encoder).restore(path)",
    ),
    Rule(
        "TF409", "meta-graph", WARNING,
        "`{name}` works on TF1 meta graphs",
        "use `tf.saved_model.save(obj, path, signatures=...)` and `tf.saved_model.load(path)`",
        "Finds `train.import_meta_graph`, `train.export_meta_graph`, the TF1 SavedModel builder and "
        "loader (`saved_model.loader`, `saved_model.builder`, `saved_model.simple_save`, "
        "`saved_model.Builder`), and `saved_model.load` called the TF1 way, with a session.",
        "Meta graphs and the v1 SavedModel API need sessions and graph collections.",
        "saver = tf.train.import_meta_graph(path + '.meta')",
        "loaded = tf.saved_model.load(export_dir)",
    ),
)

hooks = Hooks()
hooks.name("TF401", "get_variable get_local_variable")
hooks.name("TF402", "variable_scope VariableScope get_variable_scope")
hooks.name("TF403", "AUTO_REUSE")
hooks.name("TF404", "make_template")
hooks.name("TF405", "global_variables trainable_variables local_variables model_variables all_variables "
                    "moving_average_variables")
hooks.name("TF406", "global_variables_initializer initialize_all_variables local_variables_initializer "
                    "initialize_local_variables variables_initializer initialize_variables tables_initializer "
                    "initialize_all_tables "
                    "initializers.global_variables initializers.local_variables initializers.variables "
                    "initializers.tables_initializer")
hooks.name("TF407", "train.Saver")
hooks.name("TF408", "train.init_from_checkpoint")
hooks.name("TF409", "train.import_meta_graph train.export_meta_graph saved_model.loader saved_model.builder "
                    "saved_model.simple_save saved_model.Builder saved_model.main_op")


@hooks.call("variable_scope")
def _scope_reuse(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    reuse = keyword(node, "reuse")
    if reuse is not None:
        checker.claimed.add(id(reuse.value))
        checker.emit("TF403", reuse, name=f"{name}(reuse=...)",
                     severity=api_surface.severity(checker, "TF403", namespace))


@hooks.method("reuse_variables")
def _reuse_variables(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    namespace, path = tfapi.callee(checker.resolve(func.value))
    if tfapi.is_tf(namespace) and path in ("get_variable_scope", "variable_scope"):
        checker.emit("TF403", node, name="VariableScope.reuse_variables", start=method_position(func),
                     severity=api_surface.severity(checker, "TF403", namespace))


@hooks.call("saved_model.load")
def _load_with_session(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if keyword(node, "sess") is not None or (node.args and sessions.is_session(checker.resolve(node.args[0]))):
        checker.emit("TF409", node, name=f"{name}(sess, ...)",
                     severity=api_surface.severity(checker, "TF409", namespace))
        checker.claimed.update(id(k) for k in node.keywords)  # the whole TF1 signature is the finding
