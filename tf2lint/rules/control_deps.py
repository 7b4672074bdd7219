"""TF6xx: explicit control dependencies."""
from tf2lint.rules.model import INFO, WARNING, Rule

RULES = (
    Rule(
        "TF601", "control-dependencies", INFO,
        "`{name}` is rarely needed in TF2",
        "drop it: eager code and `@tf.function` run in program order (keep it only to order asserts or "
        "`tf.py_function`)",
        "Finds `control_dependencies` whose control inputs are not only asserts, prints or py functions.",
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
