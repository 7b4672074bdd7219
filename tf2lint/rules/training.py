"""TF7xx: TF1 training loops (optimizers, global step, schedules, hooks, Estimator, layers/losses/metrics)."""
from __future__ import annotations

import ast
import re

from tf2lint import tfapi
from tf2lint.hooks import INFERENCE, Checker, Hooks, Start, keyword, method_position
from tf2lint.rules import api_surface
from tf2lint.rules.model import ERROR, WARNING, Rule

_FIT = "use `Model.fit` with callbacks, or a custom loop with `tf.train.CheckpointManager`"

#: The family's section in docs/rules.md.
TITLE = "Training loops"
INTRO = (
    "Prefer `Model.fit` over a hand-written training loop where it fits: it brings the step counter, "
    "checkpoints (`ModelCheckpoint`), summaries (`TensorBoard`), distribution strategies and callbacks, which"
    " TF1 code assembled from global steps, hooks and monitored sessions. When `fit` does not fit (GANs, "
    "reinforcement learning, unusual update rules), override `Model.train_step` and keep `fit`, or write a "
    "loop with `tf.GradientTape` and a Keras optimizer. Estimator, `tf.layers` and the TF1 RNN cells are gone"
    " with TF 2.16 and Keras 3."
)

RULES = (
    Rule(
        "TF701", "v1-optimizer", WARNING,
        "`{name}` is a TF1 optimizer",
        "{advice}",
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
        tf2_severity=ERROR,  # a Keras optimizer (and TF1 code under TF 2.x) raises TypeError; compat.v1 runs it
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
        "{advice}",
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
        "model.fit(ds, epochs=5, callbacks=[\n"
        "    tf.keras.callbacks.BackupAndRestore(os.path.join(d, 'backup')),\n"
        "    tf.keras.callbacks.ModelCheckpoint(os.path.join(d, 'model.keras')),\n"
        "])",
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
        "`{name}`: the TF1 layers are gone (AttributeError)",
        "use `{new}`: one layer object per TF1 call site, called again where TF1 shared its variables with "
        "`reuse=True`",
        "Finds `tf.layers.*` and `tf.compat.v1.layers.*`.",
        "`tf.layers` does not exist in any TF 2.x release, and `tf.compat.v1.layers` is a loader for Keras 2 "
        "internals that raises AttributeError under Keras 3 (TF 2.16+). The Keras layers are not drop-in "
        "replacements for the functions: each `tf.layers.dense(...)` call made new variables in the current "
        "`variable_scope` (shared with `reuse=True`) and added them to graph collections, while a Keras layer "
        "is an object that owns its variables.",
        "h = tf.layers.dense(x, 128, activation=tf.nn.relu)",
        "h = tf.keras.layers.Dense(128, activation='relu')(x)",
    ),
    Rule(
        "TF710", "v1-rnn", ERROR,
        "`{name}` is a TF1 RNN API (not in TF 2.x; through compat.v1 it fails under Keras 3)",
        "{advice}",
        "Finds `nn.rnn_cell.*`, `nn.dynamic_rnn`, `nn.static_rnn`, `nn.bidirectional_dynamic_rnn` and the "
        "other TF1 RNN drivers.",
        "`tf.nn.rnn_cell` and the drivers are not in TF 2.x. Through `tf.compat.v1` the cells are Keras 2 "
        "objects that raise AttributeError under Keras 3, and the drivers raise TypeError with Keras 3 cells.",
        "cell = tf.nn.rnn_cell.LSTMCell(64)\nout, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
        "out = tf.keras.layers.LSTM(64, return_sequences=True)(x)",
    ),
    Rule(
        "TF711", "v1-losses", WARNING,
        "`{name}` is a TF1 loss function",
        "{advice}",
        "Finds the TF1 `losses.*` functions.",
        "They add to a loss collection and take `labels=/predictions=/weights=`; in TF2 `tf.losses` is "
        "Keras, where these names fail.",
        "loss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=logits)",
        "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(y, logits)",
    ),
    Rule(
        "TF712", "v1-metrics", WARNING,
        "`{name}` is a TF1 streaming metric",
        "{advice}",
        "Finds the TF1 `metrics.*` functions, which return `(value, update_op)`.",
        "They keep their state in local variables of the graph and need a session to update; Keras "
        "metrics are objects.",
        "acc, acc_update = tf.metrics.accuracy(labels, predictions)",
        "acc = tf.keras.metrics.Accuracy()\nacc.update_state(labels, predictions)\nacc.result()",
    ),
)

hooks = Hooks()

_OPTIMIZERS = {
    "train.GradientDescentOptimizer": "keras.optimizers.SGD",
    "train.MomentumOptimizer": "keras.optimizers.SGD",
    "train.AdamOptimizer": "keras.optimizers.Adam",
    "train.AdagradOptimizer": "keras.optimizers.Adagrad",
    "train.AdagradDAOptimizer": "keras.optimizers.Adagrad",
    "train.AdadeltaOptimizer": "keras.optimizers.Adadelta",
    "train.RMSPropOptimizer": "keras.optimizers.RMSprop",
    "train.FtrlOptimizer": "keras.optimizers.Ftrl",
    "train.ProximalGradientDescentOptimizer": "keras.optimizers.SGD",
    "train.ProximalAdagradOptimizer": "keras.optimizers.Adagrad",
    "train.Optimizer": "keras.optimizers.Optimizer",
    "train.SyncReplicasOptimizer": "distribute.MirroredStrategy",
    "train.experimental.MixedPrecisionLossScaleOptimizer": "keras.mixed_precision.LossScaleOptimizer",
    "mixed_precision.MixedPrecisionLossScaleOptimizer": "keras.mixed_precision.LossScaleOptimizer",
}

_DECAYS = {
    "train.exponential_decay": "keras.optimizers.schedules.ExponentialDecay",
    "train.piecewise_constant": "keras.optimizers.schedules.PiecewiseConstantDecay",
    "train.piecewise_constant_decay": "keras.optimizers.schedules.PiecewiseConstantDecay",
    "train.polynomial_decay": "keras.optimizers.schedules.PolynomialDecay",
    "train.inverse_time_decay": "keras.optimizers.schedules.InverseTimeDecay",
    "train.cosine_decay": "keras.optimizers.schedules.CosineDecay",
    "train.cosine_decay_restarts": "keras.optimizers.schedules.CosineDecayRestarts",
    "train.natural_exp_decay": "keras.optimizers.schedules.LearningRateSchedule",
    "train.linear_cosine_decay": "keras.optimizers.schedules.LearningRateSchedule",
    "train.noisy_linear_cosine_decay": "keras.optimizers.schedules.LearningRateSchedule",
}

_LAYERS = {
    "layers": "keras.layers",
    "layers.dense": "keras.layers.Dense",
    "layers.dropout": "keras.layers.Dropout",
    "layers.flatten": "keras.layers.Flatten",
    "layers.batch_normalization": "keras.layers.BatchNormalization",
    "layers.conv1d": "keras.layers.Conv1D",
    "layers.conv2d": "keras.layers.Conv2D",
    "layers.conv3d": "keras.layers.Conv3D",
    "layers.conv2d_transpose": "keras.layers.Conv2DTranspose",
    "layers.conv3d_transpose": "keras.layers.Conv3DTranspose",
    "layers.separable_conv1d": "keras.layers.SeparableConv1D",
    "layers.separable_conv2d": "keras.layers.SeparableConv2D",
    "layers.max_pooling1d": "keras.layers.MaxPooling1D",
    "layers.max_pooling2d": "keras.layers.MaxPooling2D",
    "layers.max_pooling3d": "keras.layers.MaxPooling3D",
    "layers.average_pooling1d": "keras.layers.AveragePooling1D",
    "layers.average_pooling2d": "keras.layers.AveragePooling2D",
    "layers.average_pooling3d": "keras.layers.AveragePooling3D",
}

_LAYER_CLASSES = (
    "Dense Dropout Flatten BatchNormalization Conv1D Conv2D Conv3D Conv2DTranspose Conv3DTranspose "
    "SeparableConv1D SeparableConv2D MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D AveragePooling2D "
    "AveragePooling3D Layer InputSpec"
)

_RNN = {
    "nn.rnn_cell": "keras.layers.RNN",
    "nn.rnn_cell.LSTMCell": "keras.layers.LSTMCell",
    "nn.rnn_cell.BasicLSTMCell": "keras.layers.LSTMCell",
    "nn.rnn_cell.GRUCell": "keras.layers.GRUCell",
    "nn.rnn_cell.BasicRNNCell": "keras.layers.SimpleRNNCell",
    "nn.rnn_cell.MultiRNNCell": "keras.layers.StackedRNNCells",
    "nn.rnn_cell.RNNCell": "keras.layers.Layer",
    "nn.rnn_cell.LSTMStateTuple": "keras.layers.LSTMCell",
    "nn.rnn_cell.DropoutWrapper": "keras.layers.LSTMCell",
    "nn.dynamic_rnn": "keras.layers.RNN",
    "nn.static_rnn": "keras.layers.RNN",
    "nn.raw_rnn": "keras.layers.RNN",
    "nn.static_state_saving_rnn": "keras.layers.RNN",
    "nn.bidirectional_dynamic_rnn": "keras.layers.Bidirectional",
    "nn.static_bidirectional_rnn": "keras.layers.Bidirectional",
}

_LOSSES = {
    "losses": "keras.losses",
    "losses.mean_squared_error": "keras.losses.MeanSquaredError",
    "losses.absolute_difference": "keras.losses.MeanAbsoluteError",
    "losses.softmax_cross_entropy": "keras.losses.CategoricalCrossentropy",
    "losses.sparse_softmax_cross_entropy": "keras.losses.SparseCategoricalCrossentropy",
    "losses.sigmoid_cross_entropy": "keras.losses.BinaryCrossentropy",
    "losses.log_loss": "keras.losses.BinaryCrossentropy",
    "losses.huber_loss": "keras.losses.Huber",
    "losses.hinge_loss": "keras.losses.Hinge",
    "losses.cosine_distance": "keras.losses.CosineSimilarity",
}

_METRICS = {
    "metrics": "keras.metrics",
    "metrics.accuracy": "keras.metrics.Accuracy",
    "metrics.auc": "keras.metrics.AUC",
    "metrics.precision": "keras.metrics.Precision",
    "metrics.precision_at_k": "keras.metrics.Precision",
    "metrics.recall": "keras.metrics.Recall",
    "metrics.recall_at_k": "keras.metrics.Recall",
    "metrics.mean": "keras.metrics.Mean",
    "metrics.mean_iou": "keras.metrics.MeanIoU",
    "metrics.mean_squared_error": "keras.metrics.MeanSquaredError",
    "metrics.mean_absolute_error": "keras.metrics.MeanAbsoluteError",
    "metrics.root_mean_squared_error": "keras.metrics.RootMeanSquaredError",
    "metrics.true_positives": "keras.metrics.TruePositives",
    "metrics.false_positives": "keras.metrics.FalsePositives",
    "metrics.true_negatives": "keras.metrics.TrueNegatives",
    "metrics.false_negatives": "keras.metrics.FalseNegatives",
}


_ADAM = ("use `tf.keras.optimizers.Adam(learning_rate, beta_1=beta1, beta_2=beta2, epsilon=1e-8)` with "
         "`tf.GradientTape` or `Model.fit` (the Keras default epsilon is 1e-7, TF1's 1e-8)")
_PROXIMAL = ("no exact Keras 3 equivalent: `tf.keras.optimizers.Ftrl(learning_rate, l1_regularization_strength=l1, "
             "l2_regularization_strength=l2)`, or add the penalty to the loss")

_LOSS_SCALE_OPTIMIZER = ("use `tf.keras.mixed_precision.LossScaleOptimizer(keras_optimizer)` (dynamic loss scaling "
                         "only); under `tf.keras.mixed_precision.set_global_policy('mixed_float16')`, `Model.fit` "
                         "adds it itself")

#: Optimizers whose Keras class needs arguments (or a caveat) to do what the TF1 one did.
_OPTIMIZER_ADVICE = {
    "train.MomentumOptimizer": "use `tf.keras.optimizers.SGD(learning_rate, momentum=momentum, "
                               "nesterov=use_nesterov)` with `tf.GradientTape` or `Model.fit` (without "
                               "`momentum=` it is plain SGD)",
    "train.AdamOptimizer": _ADAM,
    "train.AdagradOptimizer": "use `tf.keras.optimizers.Adagrad` with `tf.GradientTape` or `Model.fit` "
                              "(Keras adds epsilon 1e-7 to the denominator)",
    "train.AdadeltaOptimizer": "use `tf.keras.optimizers.Adadelta(learning_rate, rho=rho, epsilon=1e-8)` with "
                               "`tf.GradientTape` or `Model.fit` (the Keras default epsilon is 1e-7)",
    "train.RMSPropOptimizer": "use `tf.keras.optimizers.RMSprop(learning_rate, rho=decay, momentum=momentum, "
                              "epsilon=1e-10)` with `tf.GradientTape` or `Model.fit`; TF1 starts the mean square "
                              "at 1.0 and Keras at 0, so the first updates are larger (thousands of times for "
                              "gradients near 1e-3): to start as TF1, call `optimizer.build(variables)` and set "
                              "`v.assign(tf.ones_like(v))` for each `v` in `optimizer.variables` whose `v.path` "
                              "contains 'velocity'",
    "train.AdagradDAOptimizer": "no Keras 3 equivalent: `tf.keras.optimizers.Adagrad` is another algorithm; "
                                "`tf.keras.optimizers.Ftrl` offers l1/l2 regularization",
    "train.ProximalGradientDescentOptimizer": _PROXIMAL,
    "train.ProximalAdagradOptimizer": _PROXIMAL,
    "train.SyncReplicasOptimizer": "use `tf.distribute.MultiWorkerMirroredStrategy` (synchronous) or "
                                   "`tf.distribute.experimental.ParameterServerStrategy`, with a Keras optimizer",
    **{name: _LOSS_SCALE_OPTIMIZER for name in ("train.experimental.MixedPrecisionLossScaleOptimizer",
                                                "mixed_precision.MixedPrecisionLossScaleOptimizer")},
}

_SUBCLASS = ("no Keras 3 class: subclass `tf.keras.optimizers.schedules.LearningRateSchedule` (the formula is "
             "in the TF1 docstring) and pass it to the optimizer")

#: Schedules Keras has no class for, or only with other arguments.
_DECAY_ADVICE = {
    "train.natural_exp_decay": "use `tf.keras.optimizers.schedules.ExponentialDecay(learning_rate, decay_steps, "
                               "math.exp(-decay_rate), staircase=staircase)` and pass it to the optimizer",
    "train.linear_cosine_decay": _SUBCLASS,
    "train.noisy_linear_cosine_decay": _SUBCLASS,
}

#: TF1 cells whose Keras counterpart differs in state layout or defaults.
_RNN_ADVICE = {
    "nn.rnn_cell.LSTMStateTuple": "Keras LSTM/LSTMCell states are a list `[h, c]` (LSTMStateTuple is `(c, h)`: "
                                  "the order flips)",
    "nn.rnn_cell.GRUCell": "use `tf.keras.layers.GRUCell(units, reset_after=False)` to match TF1 (the Keras "
                           "default is `reset_after=True`)",
    "nn.rnn_cell.BasicLSTMCell": "use `tf.keras.layers.LSTMCell` (TF1 adds `forget_bias=1.0` at each step, Keras "
                                 "initializes the bias with `unit_forget_bias=True`; weights are laid out "
                                 "differently)",
    "nn.rnn_cell.LSTMCell": "use `tf.keras.layers.LSTMCell` (TF1 adds `forget_bias=1.0` at each step, Keras "
                            "initializes the bias with `unit_forget_bias=True`; weights are laid out differently)",
    **{name: "use `tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)` (without them it returns "
             "the last output only, and `outputs, state = ...` unpacks the batch axis); `sequence_length` becomes "
             "`mask=tf.sequence_mask(sequence_length)`" for name in ("nn.dynamic_rnn", "nn.static_rnn")},
    "nn.rnn_cell.DropoutWrapper": "use `tf.keras.layers.LSTMCell(units, dropout=1 - input_keep_prob, "
                                  "recurrent_dropout=1 - state_keep_prob)`, or `tf.keras.layers.Dropout(1 - "
                                  "output_keep_prob)` on the outputs",
}

_WEIGHTS = " (`weights=` is `sample_weight=`; Keras divides by the batch size, not the count of non-zero weights)"

#: Losses whose Keras class needs arguments to compute the TF1 loss.
_LOSS_ADVICE = {
    "losses.softmax_cross_entropy": "use `tf.keras.losses.CategoricalCrossentropy(from_logits=True)`: the TF1 "
                                    "loss takes logits" + _WEIGHTS,
    "losses.sparse_softmax_cross_entropy": "use `tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)`:"
                                           " the TF1 loss takes logits" + _WEIGHTS,
    "losses.sigmoid_cross_entropy": "use `tf.keras.losses.BinaryCrossentropy(from_logits=True)`: the TF1 loss "
                                    "takes logits" + _WEIGHTS,
    **{name: "no Keras loss computes it: keep the formula (`tf.reduce_sum(losses * weights) / ...` as in the TF1 "
             "docstring), or keep the compat.v1 call"
       for name in ("losses.mean_pairwise_squared_error", "losses.compute_weighted_loss")},
    "losses.cosine_distance": "use `tf.keras.losses.CosineSimilarity(axis=axis)` and add 1, "
                              "`1 + loss(labels, predictions)`: TF1 returns 1 - cos, the Keras loss -cos",
}

#: Metrics whose Keras class needs arguments to compute the TF1 metric.
_METRIC_ADVICE = {
    "metrics.precision_at_k": "use `tf.keras.metrics.Precision(top_k=k)` with `update_state` / `result` / "
                              "`reset_state`, and one-hot labels: `update_state(tf.one_hot(labels, num_classes), "
                              "predictions)` (TF1's class ids raise InvalidArgumentError)",
    "metrics.recall_at_k": "use `tf.keras.metrics.Recall(top_k=k)` with `update_state` / `result` / `reset_state`, "
                           "and one-hot labels: `update_state(tf.one_hot(labels, num_classes), predictions)` (TF1's "
                           "class ids raise InvalidArgumentError)",
    "metrics.mean_iou": "use `tf.keras.metrics.MeanIoU(num_classes=num_classes)` with `update_state` / `result` / "
                        "`reset_state`",
    "metrics.auc": "use `tf.keras.metrics.AUC()` with `update_state` / `result` / `reset_state` (TF1's default "
                   "'trapezoidal' summation does not exist in Keras 3: values differ slightly)",
}


def _advised(code: str, pairs: dict[str, str], template: str, advice: dict[str, str], fallback: str) -> None:
    """Send TF1 names to ``code`` with their TF2 name; the advice is ``advice[name]`` or ``template``."""
    for name, new in pairs.items():
        hooks.name(code, name, new=new, advice=advice.get(name) or template.format(new=f"tf.{new}"),
                   fallback=fallback)


_advised("TF701", _OPTIMIZERS, "use `{new}` with `tf.GradientTape` or `Model.fit`", _OPTIMIZER_ADVICE,
         fallback="keras.optimizers")
hooks.name("TF704", "train.get_or_create_global_step train.get_global_step train.create_global_step "
                    "train.global_step train.assert_global_step")
_advised("TF705", _DECAYS, "use `{new}` with TF1's arguments except `global_step` (the 2nd, or the 1st of "
                           "`piecewise_constant`: the optimizer passes its own step) and pass it to the optimizer",
         _DECAY_ADVICE,
         fallback="keras.optimizers.schedules")
hooks.name("TF706", "train.MonitoredTrainingSession train.MonitoredSession train.SingularMonitoredSession "
                    "train.Supervisor train.Scaffold train.SessionManager train.ChiefSessionCreator "
                    "train.WorkerSessionCreator train.SessionCreator")
hooks.name("TF707", "train.SessionRunHook train.SessionRunArgs train.SessionRunContext train.SessionRunValues "
                    "train.LoggingTensorHook train.StopAtStepHook train.CheckpointSaverHook "
                    "train.CheckpointSaverListener train.StepCounterHook train.NanTensorHook "
                    "train.SummarySaverHook train.GlobalStepWaiterHook train.FinalOpsHook "
                    "train.FeedFnHook train.ProfilerHook train.NanLossDuringTrainingError")
hooks.name("TF708", "estimator")
hooks.renamed("TF709", _LAYERS, fallback="keras.layers")
hooks.renamed("TF709", {f"layers.{name}": f"keras.layers.{name}" for name in _LAYER_CLASSES.split()},
              fallback="keras.layers")
_advised("TF710", _RNN, "use `{new}`", _RNN_ADVICE, fallback="keras.layers.RNN")
_advised("TF711", _LOSSES, "use `{new}`", _LOSS_ADVICE, fallback="keras.losses")
_advised("TF712", _METRICS, "use `{new}` with `update_state` / `result` / `reset_state`", _METRIC_ADVICE,
         fallback="keras.metrics")


@hooks.reference(tfapi.ESTIMATOR)
def _estimator(checker: Checker, node: ast.AST, base: str, qualified: str, namespace: str,
               parts: tuple[str, ...], start: Start) -> None:
    checker.emit("TF708", node, name=tfapi.display(namespace, parts), start=start)


_OPTIMIZER = re.compile(r"^train\.\w*Optimizer$")


@hooks.method("minimize", "compute_gradients", "apply_gradients")
def _optimizer_step(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    start = method_position(func)
    namespace, path = tfapi.callee(checker.resolve(func.value))
    if keyword(node, "global_step") is not None:
        # a Keras optimizer has no `global_step` (TypeError); a TF1 optimizer takes it through compat.v1
        keras = namespace == tfapi.KERAS or path.startswith("keras.")
        api_surface.by_file(checker, "TF702", node, tfapi.V2 if keras else namespace if tfapi.is_tf(namespace)
                            else None, name=f"{func.attr}(global_step=...)", start=start)
        return
    if func.attr != "apply_gradients" and namespace is not None and tfapi.is_tf(namespace) and _OPTIMIZER.match(path):
        checker.emit("TF703", node, name=f"{tfapi.display(namespace, (path,))}.{func.attr}", start=start,
                     confidence=INFERENCE)
