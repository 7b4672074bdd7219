"""The TF2-native migration of tf1_train.py, written by following tf2lint's advice line by line.

It trains the same two-layer classifier on the same synthetic data, with a `tf.data` pipeline iterated
with `for`, `tf.Module` objects that own their `tf.Variable`s, a Keras SGD optimizer with an
`ExponentialDecay` schedule, a `@tf.function` train step with `tf.GradientTape`, Keras metrics,
`tf.train.Checkpoint` + `tf.train.CheckpointManager` and TF2 summaries.

The comments name the tf2lint finding that each part replaces. Run it with

    python examples/tf2_train.py --steps 200 --logdir DIR

Without `--logdir` it writes its checkpoints (and summaries) to a new temporary directory.
"""
import argparse
import importlib.util
import tempfile
import time

import numpy as np
import tensorflow as tf  # TF101: the TF2 API, not tensorflow.compat.v1

# TF201: no disable_v2_behavior(); the program runs eagerly and the train step is a @tf.function.

FEATURES, CLASSES, BATCH = 20, 3, 32
DROPOUT_RATE = 0.1  # TF110: tf1_train.py fed keep_prob=0.9; tf.nn.dropout takes rate = 1 - keep_prob
L2_WEIGHT = 1e-4


def make_data(n=512, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.randn(n, FEATURES).astype(np.float32)
    y = (x[:, :CLASSES].argmax(axis=1)).astype(np.int64)
    return x, y


class Dense(tf.Module):
    """`dense()` of tf1_train.py as an object.

    TF402/TF403: the `variable_scope(name, reuse=AUTO_REUSE)` becomes this module; sharing the layer means
    reusing the object. TF401: `get_variable` becomes a `tf.Variable` attribute. TF904: the input size is
    a plain int (in TF2 `x.shape[1]` is already an int or None, there is no `.value`).
    """

    def __init__(self, in_units, units, activation=None, name=None):
        super().__init__(name=name)
        initializer = tf.keras.initializers.TruncatedNormal(stddev=0.1)  # TF105
        self.w = tf.Variable(initializer([in_units, units]), name="w")
        self.b = tf.Variable(tf.zeros([units]), name="b")
        self.activation = activation

    def __call__(self, x):
        y = tf.matmul(x, self.w) + self.b
        return self.activation(y) if self.activation else y


class Classifier(tf.Module):
    """`model()` of tf1_train.py: the `keep_prob` placeholder (TF306) becomes the `training` argument."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.hidden = Dense(FEATURES, 64, tf.nn.relu, name="hidden")
        self.logits = Dense(64, CLASSES, name="logits")

    def __call__(self, x, training=False):
        h = self.hidden(x)
        if training:
            h = tf.nn.dropout(h, rate=DROPOUT_RATE)
        return self.logits(h)

    def l2_loss(self):
        """TF501: the "weights" collection is now the modules' own `w` attributes."""
        return tf.add_n([tf.nn.l2_loss(layer.w) for layer in (self.hidden, self.logits)])


def summaries_available():
    """Whether `tf.summary.scalar` works.

    In TF 2.x `tf.summary.scalar` (like `image`, `histogram`, `text`, `audio`) is implemented by the
    `tensorboard` package; TensorFlow no longer depends on it, and without it the call raises
    `TBNotInstalledError`. `tf.summary.create_file_writer` and the low-level `tf.summary.write` work
    without it, but a `write` without TensorBoard's plugin metadata does not show up as a scalar in
    TensorBoard, which you need to install to look at the logs anyway.
    """
    return importlib.util.find_spec("tensorboard") is not None


def main(steps=200, logdir=None, seed=0):
    """Train for `steps` steps; write checkpoints and summaries to `logdir` (a new temporary directory
    when None). Returns the per-step losses, the final accuracy and the checkpoint path."""
    if logdir is None:
        logdir = tempfile.mkdtemp(prefix="tf2_train_")
    print("writing to", logdir)
    tf.keras.utils.set_random_seed(seed)  # Python, NumPy, TensorFlow and Keras (the initializer) seeds

    x_data, y_data = make_data()
    # TF806: no make_one_shot_iterator(); the loop below iterates the dataset with `for`.
    dataset = tf.data.Dataset.from_tensor_slices((x_data, y_data)).shuffle(512).repeat().batch(BATCH)

    model = Classifier()
    # TF704: no global step variable: `optimizer.iterations` counts the steps and drives the schedule.
    # TF705: tf.train.exponential_decay(0.1, global_step, 100, 0.9) becomes a schedule object.
    learning_rate = tf.keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.9)
    optimizer = tf.keras.optimizers.SGD(learning_rate)  # TF701
    # The TF1 `accuracy` tensor (and its TF105 `tf.to_float`) becomes Keras metrics: a running training
    # accuracy (with dropout, what the TF1 "accuracy" summary measured), reset at every report, and an
    # evaluation accuracy without dropout (what `accuracy.eval(feed_dict={keep_prob: 1.0})` printed, there on
    # one batch), here over the whole data set.
    train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy("train_accuracy")
    eval_accuracy = tf.keras.metrics.SparseCategoricalAccuracy("eval_accuracy")

    # TF302/TF306/TF307: the `sess.run([train_op, loss, merged], feed_dict=...)` becomes a call of this
    # function; the placeholders become its arguments (same shapes as the TF1 placeholders).
    # A custom loop rather than Model.fit: the TF1 program is a hand-written loop with a summary every
    # step and a report every 50 steps, a @tf.function step maps onto it one to one, and the model is a
    # tf.Module, not a keras.Model.
    @tf.function(input_signature=[tf.TensorSpec([None, FEATURES], tf.float32), tf.TensorSpec([None], tf.int64)])
    def train_step(x, labels):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
            loss += L2_WEIGHT * model.l2_loss()  # the L2 term is added explicitly, as in the TF1 program
        # TF602: no control_dependencies(UPDATE_OPS) around the update: the model has no batch norm, so
        # there is nothing to wait for (a Keras BatchNormalization layer updates its statistics itself).
        # TF702: no minimize(global_step=...): the tape's gradients go to apply_gradients, which also
        # increments optimizer.iterations.
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        train_accuracy.update_state(labels, logits)
        return loss

    # TF407: tf.train.Saver becomes an object-based checkpoint of the model and the optimizer (which holds
    # the step count); the manager numbers and prunes the checkpoint files.
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    manager = tf.train.CheckpointManager(checkpoint, logdir, max_to_keep=5, checkpoint_name="model.ckpt")

    # TF901/TF902/TF903: no FileWriter, merge_all or graph summary ops: a TF2 writer, and tf.summary.scalar
    # writes when it runs.
    if summaries_available():
        writer = tf.summary.create_file_writer(logdir)
    else:
        writer = None
        print("tensorboard is not installed: not writing summaries (pip install tensorboard to get them)")

    # TF301/TF406: no Session and no global_variables_initializer(): the variables already hold values.
    losses, start = [], time.perf_counter()
    for step, (x, labels) in enumerate(dataset.take(steps)):
        loss = train_step(x, labels)
        losses.append(float(loss))
        if writer is not None:
            with writer.as_default(step=step):
                tf.summary.scalar("loss", loss)
                tf.summary.scalar("accuracy", train_accuracy.result())
        if step % 50 == 0 or step == steps - 1:
            # TF304: no accuracy.eval(...): the metric's value is an eager tensor.
            eval_accuracy.reset_state()
            eval_accuracy.update_state(y_data, model(x_data, training=False))
            print(f"step {step}: loss {losses[-1]:.4f}, train accuracy {float(train_accuracy.result()):.3f}, "
                  f"accuracy {float(eval_accuracy.result()):.3f}, {time.perf_counter() - start:.1f}s")
            train_accuracy.reset_state()
    if writer is not None:
        writer.close()
    path = manager.save(checkpoint_number=optimizer.iterations)
    print("saved", path)
    return {
        "losses": losses,
        "accuracy": float(eval_accuracy.result()),
        "checkpoint": path,
        "summaries": writer is not None,
        "seconds": time.perf_counter() - start,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="training steps (default: 200)")
    parser.add_argument("--logdir", default=None,
                        help="directory for checkpoints and summaries (default: a new temporary directory)")
    args = parser.parse_args()
    main(steps=args.steps, logdir=args.logdir)
