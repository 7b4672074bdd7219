"""TF1xx: the TF1-only API surface (removed, moved, contrib, compat.v1, renamed keywords)."""
from tf2lint.rules.model import ERROR, INFO, WARNING, Rule

RULES = (
    Rule(
        "TF101", "compat-v1-import", WARNING,
        "`{name}` pulls in the TF1 API",
        "import `tensorflow as tf` and migrate the TF1-only names it reports",
        "Finds imports of `tensorflow.compat.v1` and module-level aliases such as `tf = tf.compat.v1`.",
        "Code written against `compat.v1` keeps TF1 semantics alive. tf2lint reports each TF1-only name used "
        "through the alias separately; names that are identical in TF2 (`tf.nn.relu`) are covered by this one "
        "finding on the import, so the output stays quiet.",
        "import tensorflow.compat.v1 as tf\ntf = tf.compat.v1",
        "import tensorflow as tf",
    ),
    Rule(
        "TF102", "removed-api", ERROR,
        "`{name}` does not exist in TF 2.x (AttributeError)",
        "{advice}",
        "Finds TF1-only names reached through the TF2 namespace (`import tensorflow as tf`) that have no "
        "TF2 equivalent at any path.",
        "Under TensorFlow 2 the attribute lookup fails with AttributeError as soon as the line runs.",
        "import tensorflow as tf\ntf.app.run(main)",
        "from absl import app\napp.run(main)",
    ),
    Rule(
        "TF103", "moved-api", ERROR,
        "`{name}` was moved in TF 2.x (AttributeError)",
        "use `{new}`",
        "Finds TF1 names reached through the TF2 namespace that TF2 exports under another name.",
        "The old name raises AttributeError in TF 2.x; the object itself lives on under its TF2 name.",
        "y = tf.log(x)\nif tf.gfile.Exists(path): ...",
        "y = tf.math.log(x)\nif tf.io.gfile.exists(path): ...",
    ),
    Rule(
        "TF104", "contrib-api", ERROR,
        "`{name}`: tf.contrib was removed in TF 2.0",
        "{advice}",
        "Finds every use of `tf.contrib`: imports, from-imports and attribute access.",
        "`tf.contrib` does not exist in any TF 2.x release; its modules moved to Keras, tf-slim, "
        "TensorFlow Addons, TensorFlow Probability or core `tf.*` APIs.",
        "import tensorflow.contrib.slim as slim\nnet = tf.contrib.layers.fully_connected(x, 10)",
        "import tf_slim as slim\nnet = tf.keras.layers.Dense(10)(x)",
    ),
    Rule(
        "TF105", "v1-only-api", WARNING,
        "`{name}` is TF1-only",
        "{advice}",
        "Finds names used through `tensorflow.compat.v1` that have no TF2 equivalent.",
        "The name only exists in the compat.v1 namespace; the code cannot drop `compat.v1` until it is "
        "rewritten in the TF2 way.",
        "import tensorflow.compat.v1 as tf\ntf.logging.info('step %d', step)",
        "from absl import logging\nlogging.info('step %d', step)",
    ),
    Rule(
        "TF106", "v1-moved-api", WARNING,
        "`{name}` is a TF1 name",
        "use `{new}`",
        "Finds names used through `tensorflow.compat.v1` that TF2 exports under another name.",
        "The same function is available under its TF2 name; the TF1 name keeps the code tied to compat.v1.",
        "import tensorflow.compat.v1 as tf\ny = tf.log(x)",
        "import tensorflow as tf\ny = tf.math.log(x)",
    ),
    Rule(
        "TF107", "redundant-compat-v1", INFO,
        "`{name}` is identical in TF2",
        "drop the `compat.v1` prefix: `{new}`",
        "Finds `tf.compat.v1.X` written out where `tf.X` is the very same object in TF 2.x.",
        "The prefix adds nothing; removing it is a safe rewrite that shrinks the compat.v1 surface.",
        "y = tf.compat.v1.nn.relu(x)",
        "y = tf.nn.relu(x)",
    ),
    Rule(
        "TF108", "v1-keyword", ERROR,
        "`{name}=` is a TF1-only keyword of `{func}` (TypeError in TF 2.x)",
        "{advice}",
        "Finds keyword arguments that only the TF1 version of a function accepts, such as `keep_dims`, "
        "`reduction_indices`, `dim`, `squeeze_dims` or `keep_prob`.",
        "The TF2 function has no such parameter and raises TypeError; some were renamed, `keep_prob` "
        "became `rate` with the opposite meaning.",
        "tf.reduce_sum(x, keep_dims=True)\ntf.nn.dropout(x, keep_prob=0.8)",
        "tf.reduce_sum(x, keepdims=True)\ntf.nn.dropout(x, rate=0.2)",
    ),
    Rule(
        "TF109", "v1-variant-api", INFO,
        "`{name}` is the TF1 variant of `{new}`",
        "use `{new}` and check its TF2 signature",
        "Finds `tf.compat.v1.X` written out where TF2 has a different function at `tf.X`.",
        "The TF2 function has another signature or behaviour, so the prefix cannot simply be dropped; "
        "check the arguments when switching.",
        "x = tf.compat.v1.reduce_sum(t, reduction_indices=1)",
        "x = tf.reduce_sum(t, axis=1)",
    ),
    Rule(
        "TF110", "dropout-keep-prob", ERROR,
        "the second argument of `{name}` is `rate` in TF 2.x, not `keep_prob`",
        "pass `rate=1 - keep_prob` by keyword",
        "Finds `nn.dropout` calls whose second positional argument is a keep probability: any positional "
        "second argument through `compat.v1`, and one named like `keep_prob` through the TF2 namespace.",
        "TF2's `tf.nn.dropout(x, rate)` drops the given fraction, so passing a keep probability silently "
        "inverts the meaning: 0.9 keeps 10% of the units.",
        "h = tf.nn.dropout(h, keep_prob)",
        "h = tf.nn.dropout(h, rate=1 - keep_prob)",
    ),
)
