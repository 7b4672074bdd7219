"""TF5xx: graph collections and the default graph."""
from tf2lint.rules.model import WARNING, Rule

_ATTRIBUTES = "keep the state as attributes of `tf.Module` / Keras objects (`.variables`, `.losses`)"

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
    ),
    Rule(
        "TF504", "collection-losses", WARNING,
        "`{name}` reads losses from a graph collection",
        "add them explicitly: `loss = data_loss + tf.add_n(model.losses)`",
        "Finds `losses.get_regularization_loss`, `losses.get_regularization_losses`, `losses.get_total_loss`, "
        "`losses.get_losses` and `losses.add_loss`.",
        "Regularization losses live on the layers that create them (`model.losses`) in TF2.",
        "total = tf.losses.get_total_loss()",
        "total = data_loss + tf.add_n(model.losses)",
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
