"""TF7xx: TF1 training loops (optimizers, global step, schedules, hooks, Estimator, layers/losses/metrics)."""
from tf2lint.rules.model import ERROR, WARNING, Rule

_FIT = "use `Model.fit` with callbacks, or a custom loop with `tf.train.CheckpointManager`"

RULES = (
    Rule(
        "TF701", "v1-optimizer", WARNING,
        "`{name}` is a TF1 optimizer",
        "use `{new}` with `tf.GradientTape` or `Model.fit`",
        "Finds the `train.*Optimizer` classes.",
        "TF1 optimizers work on graph variables and `global_step`; Keras optimizers track their own "
        "`iterations` and are what `Model.fit` and TF2 checkpoints expect.",
        "opt = tf.train.AdamOptimizer(1e-3)",
        "opt = tf.keras.optimizers.Adam(1e-3)",
    ),
    Rule(
        "TF702", "global-step-argument", WARNING,
        "`{name}` takes a TF1 `global_step`",
        "compute gradients with `tf.GradientTape` and call `optimizer.apply_gradients(zip(grads, vars))`; "
        "the step count is `optimizer.iterations`",
        "Finds `global_step=` passed to `minimize`, `apply_gradients` or a TensorFlow function.",
        "The keyword only exists in TF1 optimizers and schedules; Keras optimizers count their own steps.",
        "train_op = opt.minimize(loss, global_step=global_step)",
        "with tf.GradientTape() as tape:\n    loss = loss_fn()\n"
        "opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))",
    ),
    Rule(
        "TF703", "optimizer-minimize", WARNING,
        "`{name}` builds a TF1 train op",
        "compute gradients with `tf.GradientTape` and apply them with a Keras optimizer "
        "(Keras 3 optimizers have no `minimize(loss_tensor)` / `compute_gradients`)",
        "Finds `minimize` and `compute_gradients` on an optimizer built from `train.*Optimizer`.",
        "These build graph train ops that a session runs.",
        "train_op = opt.minimize(loss)",
        "with tf.GradientTape() as tape:\n    loss = loss_fn()\ngrads = tape.gradient(loss, variables)\n"
        "opt.apply_gradients(zip(grads, variables))",
    ),
    Rule(
        "TF704", "global-step", WARNING,
        "`{name}` is the TF1 global step",
        "use `optimizer.iterations`, or your own `tf.Variable(0, dtype=tf.int64)`",
        "Finds `train.get_or_create_global_step`, `get_global_step`, `create_global_step`, `global_step` "
        "and `assert_global_step`.",
        "The global step lives in a graph collection; TF2 keeps counters on objects.",
        "step = tf.train.get_or_create_global_step()",
        "step = optimizer.iterations",
    ),
    Rule(
        "TF705", "v1-learning-rate-decay", WARNING,
        "`{name}` is a TF1 learning-rate schedule",
        "use `{new}` and pass it to the optimizer",
        "Finds the TF1 decay functions (`exponential_decay`, `piecewise_constant`, `polynomial_decay`, "
        "`inverse_time_decay`, `cosine_decay`, ...).",
        "They read the global step from the graph; Keras schedules are objects the optimizer calls with "
        "its own step.",
        "lr = tf.train.exponential_decay(0.1, global_step, 1000, 0.96)",
        "lr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96)\n"
        "opt = tf.keras.optimizers.SGD(lr)",
    ),
    Rule(
        "TF706", "monitored-session", WARNING,
        "`{name}` drives a TF1 training loop",
        _FIT,
        "Finds `MonitoredTrainingSession`, `MonitoredSession`, `SingularMonitoredSession`, `Supervisor`, "
        "`Scaffold`, `SessionManager` and the session creators.",
        "These wrap `Session.run` with hooks, checkpoints and summaries; TF2 gets the same from "
        "`Model.fit` callbacks or a plain loop.",
        "with tf.train.MonitoredTrainingSession(checkpoint_dir=d) as sess:\n    sess.run(train_op)",
        "model.fit(ds, epochs=5, callbacks=[tf.keras.callbacks.ModelCheckpoint(d)])",
    ),
    Rule(
        "TF707", "session-run-hook", WARNING,
        "`{name}` is a TF1 session hook",
        "write a `tf.keras.callbacks.Callback` (or use `ModelCheckpoint`, `TensorBoard`, `EarlyStopping`, "
        "`TerminateOnNaN`)",
        "Finds `SessionRunHook`, the `train.*Hook` classes and `SessionRunArgs`.",
        "Hooks plug into `MonitoredSession.run`; Keras callbacks plug into `Model.fit`, and a custom loop "
        "can call code directly.",
        "class LogHook(tf.train.SessionRunHook):\n    def after_run(self, ctx, values): ...",
        "class LogCallback(tf.keras.callbacks.Callback):\n    def on_train_batch_end(self, batch, logs=None): ...",
    ),
    Rule(
        "TF708", "estimator", ERROR,
        "`{name}`: tf.estimator was removed in TF 2.16",
        "use Keras `Model.fit` or a custom training loop",
        "Finds `tf.estimator` in any form and imports of `tensorflow_estimator`.",
        "TensorFlow 2.16 and later ship without Estimator; the code fails at import or attribute access.",
        "est = tf.estimator.Estimator(model_fn)\nest.train(input_fn)",
        "model.compile(optimizer='adam', loss=loss_fn)\nmodel.fit(dataset, epochs=5)",
    ),
    Rule(
        "TF709", "v1-layers", ERROR,
        "`{name}` is not available with Keras 3 (AttributeError)",
        "use `{new}`",
        "Finds `tf.layers.*` and `tf.compat.v1.layers.*`.",
        "TF 2.16+ ships Keras 3, and the v1 layers module is a loader for Keras 2 internals that raises "
        "AttributeError.",
        "h = tf.layers.dense(x, 128, activation=tf.nn.relu)",
        "h = tf.keras.layers.Dense(128, activation='relu')(x)",
    ),
    Rule(
        "TF710", "v1-rnn", ERROR,
        "`{name}` is not available with Keras 3",
        "use `{new}`",
        "Finds `nn.rnn_cell.*`, `nn.dynamic_rnn`, `nn.static_rnn`, `nn.bidirectional_dynamic_rnn` and the "
        "other TF1 RNN drivers.",
        "The TF1 cells are Keras 2 objects that raise AttributeError under Keras 3, and the drivers need them.",
        "cell = tf.nn.rnn_cell.LSTMCell(64)\nout, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
        "out = tf.keras.layers.LSTM(64, return_sequences=True)(x)",
    ),
    Rule(
        "TF711", "v1-losses", WARNING,
        "`{name}` is a TF1 loss function",
        "use `{new}`",
        "Finds the TF1 `losses.*` functions.",
        "They add to a loss collection and take `labels=/predictions=/weights=`; in TF2 `tf.losses` is "
        "Keras, where these names fail.",
        "loss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=logits)",
        "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(y, logits)",
    ),
    Rule(
        "TF712", "v1-metrics", WARNING,
        "`{name}` is a TF1 streaming metric",
        "use `{new}` with `update_state` / `result` / `reset_state`",
        "Finds the TF1 `metrics.*` functions, which return `(value, update_op)`.",
        "They keep their state in local variables of the graph and need a session to update; Keras "
        "metrics are objects.",
        "acc, acc_update = tf.metrics.accuracy(labels, predictions)",
        "acc = tf.keras.metrics.Accuracy()\nacc.update_state(labels, predictions)\nacc.result()",
    ),
)
