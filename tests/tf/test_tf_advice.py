"""Hand-written per-name advice, run: following it must give what the TF1 code gave.

Each test lints a TF1 line with tf2lint, takes the replacement the finding suggests (the first
backticked `tf.keras...` expression; a bare name is called with no arguments, as the advice says
nothing more) and compares it with the TF1 function on the same inputs under TF 2.21.
"""
from __future__ import annotations

import inspect
import math
import os
import re
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tf2lint.engine import lint_source
from tf2lint.rules import RULES

V1_HEADER = "import tensorflow.compat.v1 as tf\n"
BACKTICKED = re.compile(r"`(tf\.[^`]+)`")


def suggestion(line: str) -> str:
    """The suggestion of the one finding tf2lint reports on a compat.v1 line."""
    findings = [d for d in lint_source(V1_HEADER + line + "\n") if d.line == 2]
    assert len(findings) == 1, findings
    return findings[0].suggestion


def suggested_object(line: str, prefix: str, arguments: dict[str, Any] | None = None) -> Any:
    """Evaluate the first backticked `tf.<prefix>...` expression of the suggestion (called if bare).

    ``arguments`` binds the TF1 parameter names the advice passes on (`num_classes=num_classes`) to the
    values of the TF1 call on ``line``.
    """
    for expr in BACKTICKED.findall(suggestion(line)):
        if expr.startswith(f"tf.{prefix}"):
            value = eval(expr, {"tf": tf, "math": math, **(arguments or {})})  # noqa: S307 - tf2lint's own advice
            return value() if isinstance(value, type) else value
    raise AssertionError(f"no `tf.{prefix}...` in {suggestion(line)!r}")


RNG = np.random.default_rng(0)
LOGITS = tf.constant(RNG.normal(size=(6, 4)), tf.float32)
CLASSES = tf.constant([0, 3, 1, 2, 3, 0])
ONE_HOT = tf.one_hot(CLASSES, 4)
BINARY = tf.constant(RNG.integers(0, 2, size=(6, 4)), tf.float32)
PROBS = tf.sigmoid(LOGITS)
TARGETS = tf.constant(RNG.normal(size=(6, 4)), tf.float32)
UNIT = tf.math.l2_normalize(TARGETS, axis=1)
UNIT_PRED = tf.math.l2_normalize(LOGITS, axis=1)

#: TF1 loss -> (TF1 call, Keras arguments (y_true, y_pred)).
LOSSES = {
    "softmax_cross_entropy": (lambda f: f(ONE_HOT, LOGITS), (ONE_HOT, LOGITS)),
    "sparse_softmax_cross_entropy": (lambda f: f(CLASSES, LOGITS), (CLASSES, LOGITS)),
    "sigmoid_cross_entropy": (lambda f: f(BINARY, LOGITS), (BINARY, LOGITS)),
    "log_loss": (lambda f: f(BINARY, PROBS), (BINARY, PROBS)),
    "mean_squared_error": (lambda f: f(TARGETS, LOGITS), (TARGETS, LOGITS)),
    "absolute_difference": (lambda f: f(TARGETS, LOGITS), (TARGETS, LOGITS)),
    "huber_loss": (lambda f: f(TARGETS, LOGITS), (TARGETS, LOGITS)),
    "hinge_loss": (lambda f: f(BINARY, LOGITS), (BINARY, LOGITS)),
    "cosine_distance": (lambda f: f(UNIT, UNIT_PRED, axis=1), (UNIT, UNIT_PRED)),
}
WRONG_LOSSES: dict[str, str] = {}


def loss_case(name: str) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=WRONG_LOSSES[name])] if name in WRONG_LOSSES else []
    return pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", [loss_case(n) for n in LOSSES])
def test_tf711_loss_advice_gives_the_tf1_loss(name: str) -> None:
    call, keras_args = LOSSES[name]
    expected = float(call(getattr(tf.compat.v1.losses, name)))
    line = f"tf.losses.{name}(a, b)"
    loss = suggested_object(line, "keras.losses", {"axis": 1})
    offset = 1.0 if "`1 + loss(" in suggestion(line) else 0.0  # the advice's own correction, as written
    assert offset + float(loss(*keras_args)) == pytest.approx(expected, rel=1e-4, abs=1e-6)


def test_truncated_normal_initializer_advice_keeps_the_scale() -> None:
    tf1 = tf.compat.v1.truncated_normal_initializer()([200, 200])
    tf2 = suggested_object("tf.truncated_normal_initializer()", "keras.initializers")([200, 200])
    assert float(tf.math.reduce_std(tf2)) == pytest.approx(float(tf.math.reduce_std(tf1)), rel=0.1)


def test_momentum_optimizer_advice_keeps_the_momentum() -> None:
    assert tf.keras.optimizers.SGD(0.1).momentum == 0.0  # what a bare `SGD` gives
    assert "momentum" in suggestion("tf.train.MomentumOptimizer(0.1, 0.9)")


def test_print_advice_says_tf_print_returns_none() -> None:
    x = tf.constant([1.0])
    assert tf.compat.v1.Print(x, [x]) is not None and tf.print(x) is None
    advice = suggestion("x = tf.Print(x, [x])")
    assert "None" in advice or "statement" in advice


def test_precision_at_k_advice_keeps_k() -> None:
    assert "top_k" in suggestion("tf.metrics.precision_at_k(labels, predictions, 5)")


def test_mean_iou_advice_runs_as_given() -> None:
    metric = suggested_object("tf.metrics.mean_iou(labels, predictions, 3)", "keras.metrics", {"num_classes": 3})
    metric.update_state([0, 1, 2, 2], [0, 1, 1, 2])
    assert float(metric.result()) == pytest.approx((1 + 1 / 2 + 1 / 2) / 3)


@pytest.mark.parametrize("name", ["natural_exp_decay", "linear_cosine_decay", "noisy_linear_cosine_decay"])
def test_decay_advice_names_a_usable_schedule(name: str) -> None:
    # Keras 3 has no linear-cosine schedule: advice to subclass LearningRateSchedule is then the honest one.
    line = f"tf.train.{name}(0.1, step, 100, 0.5)"
    if "subclass" not in suggestion(line):
        tf1 = getattr(tf.compat.v1.train, name)(0.1, 10, 100, 0.5)
        arguments = {"learning_rate": 0.1, "decay_steps": 100, "decay_rate": 0.5, "staircase": False}
        schedule = suggested_object(line, "keras.optimizers.schedules", arguments)
        assert float(schedule(10)) == pytest.approx(float(tf1() if callable(tf1) else tf1), rel=1e-5)


# --------------------------------------------------------------------------
# Advice for TF1-only names that TF2 replaces in another form (audit A.3.3): evaluated as written, with the
# TF1 call's arguments bound to the names the advice uses, and compared with the TF1 function.


def advised_values(line: str, prefix: str, arguments: dict[str, Any]) -> list[Any]:
    """Every backticked expression of the suggestion that starts with ``prefix``, evaluated."""
    exprs = [e for e in re.findall(r"`([^`]+)`", suggestion(line)) if e.startswith(prefix)]
    assert exprs, suggestion(line)
    return [eval(e, {"tf": tf, **arguments}) for e in exprs]  # noqa: S307 - tf2lint's own advice


BASE = [1.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize("op", ["update", "add", "sub", "mul", "div", "min", "max"])
def test_scatter_advice_computes_the_tf1_update(op: str) -> None:
    indices = tf.constant([0, 2] if op == "update" else [0, 2, 0])
    updates = tf.constant([5.0, 6.0] if op == "update" else [5.0, 6.0, 0.5])
    expected = getattr(tf.compat.v1, f"scatter_{op}")(tf.Variable(BASE), indices, updates)
    ref = tf.Variable(BASE)
    arguments = {"ref": ref, "indices": indices, "updates": updates, "tensor": tf.constant(BASE)}
    results = advised_values(f"tf.scatter_{op}(ref, indices, updates)", ("ref.", "tf.tensor_scatter"), arguments)
    assert len(results) == (1 if op in ("mul", "div") else 2)  # no tensor_scatter_nd_mul/div in TF2
    for result in results:
        assert np.allclose(tf.convert_to_tensor(result), tf.convert_to_tensor(expected))
    assert np.allclose(ref, expected)


@pytest.mark.parametrize("op", ["update", "add", "sub"])
def test_scatter_nd_advice_computes_the_tf1_update(op: str) -> None:
    indices, updates = tf.constant([[1], [3]]), tf.constant([5.0, 6.0])
    expected = getattr(tf.compat.v1, f"scatter_nd_{op}")(tf.Variable(BASE), indices, updates)
    arguments = {"ref": tf.Variable(BASE), "indices": indices, "updates": updates, "tensor": tf.constant(BASE)}
    results = advised_values(f"tf.scatter_nd_{op}(ref, indices, updates)", ("ref.", "tf.tensor_scatter"),
                             arguments)
    assert len(results) == 2
    for result in results:
        assert np.allclose(tf.convert_to_tensor(result), tf.convert_to_tensor(expected))


def test_batch_scatter_update_advice_computes_the_tf1_update() -> None:
    base = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    indices, updates = tf.constant([[0], [2]]), tf.constant([[9.0], [8.0]])
    expected = tf.compat.v1.batch_scatter_update(tf.Variable(base), indices, updates)
    [result] = advised_values("tf.batch_scatter_update(ref, indices, updates)", "ref.",
                              {"ref": tf.Variable(base), "indices": indices, "updates": updates})
    assert np.array_equal(tf.convert_to_tensor(result), tf.convert_to_tensor(expected))


PARTITIONERS = {
    "fixed_size_partitioner": {"num_shards": 3},
    "min_max_variable_partitioner": {"max_partitions": 4, "min_slice_size": 256, "bytes_per_string_element": 16},
    "variable_axis_size_partitioner": {"max_shard_bytes": 600, "max_shards": None, "bytes_per_string_element": 16},
}


@pytest.mark.parametrize("name", sorted(PARTITIONERS))
@pytest.mark.parametrize("shape", [[10, 4], [7, 30], [1, 8], [100]])
def test_partitioner_advice_shards_axis_0_as_tf1(name: str, shape: list[int]) -> None:
    arguments = PARTITIONERS[name]
    expected = getattr(tf.compat.v1, name)(**arguments)(shape=tf.TensorShape(shape), dtype=tf.float32)
    [partitioner] = advised_values(f"tf.{name}()", "tf.distribute.experimental.partitioners.", arguments)
    assert list(partitioner(tf.TensorShape(shape), tf.float32)) == list(expected)


def test_xw_plus_b_and_relu_layer_advice() -> None:
    arguments = {"x": LOGITS, "weights": tf.constant(RNG.normal(size=(4, 3)), tf.float32),
                 "biases": tf.constant([-1.0, 0.0, 1.0])}
    for name in ("xw_plus_b", "relu_layer"):
        expected = getattr(tf.compat.v1.nn, name)(arguments["x"], arguments["weights"], arguments["biases"])
        [result] = advised_values(f"tf.nn.{name}(x, weights, biases)", "tf.nn.", arguments)
        assert np.allclose(result, expected)


def test_new_checkpoint_reader_advice_reads_the_same_checkpoint(tmp_path: Any) -> None:
    path = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).save(str(tmp_path / "ckpt"))
    old = tf.compat.v1.train.NewCheckpointReader(path)
    [new] = advised_values("tf.train.NewCheckpointReader(path)", "tf.train.", {"path": path})
    assert type(new) is type(old) and new.get_variable_to_shape_map() == old.get_variable_to_shape_map()
    key = next(k for k in old.get_variable_to_shape_map() if k.startswith("v/"))
    assert np.array_equal(new.get_tensor(key), old.get_tensor(key))


@pytest.mark.parametrize("op", ["sum", "max"])
@pytest.mark.parametrize("spelling", ["sparse.reduce_{op}_sparse", "sparse_reduce_{op}_sparse"])
def test_sparse_reduce_sparse_advice(op: str, spelling: str) -> None:
    sp = tf.sparse.SparseTensor([[0, 0], [0, 2], [2, 1]], [1.0, 5.0, 3.0], [3, 3])
    name = spelling.format(op=op)
    expected = getattr(tf.compat.v1.sparse, f"reduce_{op}_sparse")(sp, axis=1)
    [result] = advised_values(f"tf.{name}(sp, 1)", "tf.sparse.", {"sp_input": sp, "axis": 1, "keepdims": False})
    assert isinstance(result, tf.sparse.SparseTensor)
    assert np.array_equal(tf.sparse.to_dense(result), tf.sparse.to_dense(expected))


@pytest.mark.parametrize("indices_shape", [(2, 3), (2, 2, 3)])
def test_batch_gather_advice_gathers_per_batch(indices_shape: tuple[int, ...]) -> None:
    params = tf.constant(RNG.normal(size=indices_shape[:-1] + (5, 2)), tf.float32)
    indices = tf.constant(RNG.integers(0, 5, size=indices_shape))
    expected = tf.compat.v1.batch_gather(params, indices)
    [result] = advised_values("tf.batch_gather(params, indices)", "tf.gather",
                              {"params": params, "indices": indices})
    assert np.array_equal(result, expected)


def test_ctc_loss_v2_advice_takes_the_same_arguments() -> None:
    assert suggestion("tf.nn.ctc_loss_v2(labels, logits, ll, lgl)").startswith("use `tf.nn.ctc_loss`")
    logits = tf.constant(RNG.normal(size=(6, 2, 5)), tf.float32)
    labels = tf.constant([[1, 2, 0], [3, 3, 1]])
    args = (labels, logits, tf.constant([3, 2]), tf.constant([6, 6]))
    assert np.allclose(tf.nn.ctc_loss(*args), tf.compat.v1.nn.ctc_loss_v2(*args))


def test_toco_converter_advice_names_the_tf2_constructors() -> None:
    advice = suggestion("tf.lite.TocoConverter.from_session(sess, i, o)")
    for method in re.findall(r"\.(from_\w+)\(", advice):
        assert hasattr(tf.lite.TFLiteConverter, method)
    for method in ("from_session", "from_frozen_graph"):
        assert method in advice and not hasattr(tf.lite.TFLiteConverter, method)
        assert hasattr(tf.compat.v1.lite.TFLiteConverter, method)


def test_mixed_precision_advice() -> None:
    assert "set_global_policy('mixed_float16')" in suggestion(
        "tf.train.experimental.enable_mixed_precision_graph_rewrite(opt)")
    assert "LossScaleOptimizer" in suggestion("tf.train.experimental.MixedPrecisionLossScaleOptimizer(opt, 'dynamic')")
    # "Keras 3 only scales the loss dynamically (no fixed loss scale)"
    assert "dynamic" not in inspect.signature(tf.keras.mixed_precision.LossScaleOptimizer).parameters
    assert "no fixed loss scale" in suggestion("tf.train.experimental.FixedLossScale(128)")
    try:
        tf.keras.mixed_precision.set_global_policy("mixed_float16")
        model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
        model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
        model.fit(tf.ones([4, 2]), tf.ones([4, 3]), verbose=0)
        assert model.layers[0].compute_dtype == "float16"
        assert isinstance(model.optimizer, tf.keras.mixed_precision.LossScaleOptimizer)  # "Model.fit adds it"
    finally:
        tf.keras.mixed_precision.set_global_policy("float32")
    # A custom loop: the wrapped optimizer unscales the gradients of the scaled loss.
    kernel = tf.Variable([[1.0]])
    wrapped = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), initial_scale=8.0)
    with tf.GradientTape() as tape:
        scaled = wrapped.scale_loss(tf.reduce_sum(kernel * 2.0))
    wrapped.apply_gradients(zip(tape.gradient(scaled, [kernel]), [kernel]))
    assert float(kernel[0, 0]) == pytest.approx(1.0 - 0.1 * 2.0)


#: TF1 initializer -> the arguments its advice passes on, as the TF1 call gives them.
INITIALIZERS = {
    "glorot_uniform_initializer": {},
    "glorot_normal_initializer": {},
    "orthogonal_initializer": {"gain": 1.5},
    "variance_scaling_initializer": {"scale": 2.0, "mode": "fan_avg", "distribution": "uniform"},
    "uniform_unit_scaling_initializer": {"factor": 1.5},
    "truncated_normal_initializer": {},
}


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_initializer_advice_keeps_the_distribution_and_says_calls_repeat(name: str) -> None:
    tf1_args = INITIALIZERS[name]
    tf1 = getattr(tf.compat.v1, name)(**tf1_args)([300, 200])
    line = f"tf.{name}()"

    def keras(seed: Any) -> Any:
        return suggested_object(line, "keras.initializers", {**tf1_args, "seed": seed})

    tf2 = keras(3)([300, 200])
    assert float(tf.math.reduce_std(tf2)) == pytest.approx(float(tf.math.reduce_std(tf1)), rel=0.05)
    assert np.quantile(np.abs(tf2), 0.99) == pytest.approx(np.quantile(np.abs(tf1), 0.99), rel=0.05)
    # "a Keras initializer object returns the same values at every call, seeded or not"
    assert "same values at every call, seeded or not" in suggestion(line)
    for seed in (3, None):
        init = keras(seed)
        assert np.array_equal(init([4, 4]), init([4, 4]))
    # ... unlike TF1's unseeded initializers, which drew new values for every variable
    with tf.Graph().as_default():
        init = getattr(tf.compat.v1, name)(**tf1_args)
        a, b = init([4, 4]), init([4, 4])
        with tf.compat.v1.Session() as sess:
            first, second = sess.run([a, b])
    assert not np.array_equal(first, second)
    # "or pass `seed=tf.keras.random.SeedGenerator(seed)`", where it says so: TruncatedNormal repeats its
    # values with a SeedGenerator too, so its advice leaves that out.
    init = keras(tf.keras.random.SeedGenerator(3))
    fresh = not np.array_equal(init([4, 4]), init([4, 4]))
    assert fresh == ("seed=tf.keras.random.SeedGenerator(seed)" in suggestion(line))


# --------------------------------------------------------------------------
# What rule texts claim about TensorFlow 2.21 (audit A.1).


def test_tf101_names_that_keep_their_name_but_change_behaviour() -> None:
    why = RULES["TF101"].why
    for name in ("tf.where", "tf.random_normal_initializer", "tf.image.resize",
                 "tf.nn.softmax_cross_entropy_with_logits"):
        assert f"`{name}`" in why
    v1 = tf.compat.v1
    cond, x, y = tf.constant([True, False]), tf.ones([2, 2]), tf.zeros([2, 2])
    assert not np.array_equal(v1.where(cond, x, y), tf.where(cond, x, y))  # rows vs. broadcast columns
    assert float(tf.math.reduce_std(tf.random_normal_initializer()([200, 200]))) == pytest.approx(0.05, rel=0.1)
    assert float(tf.math.reduce_std(v1.random_normal_initializer()([200, 200]))) == pytest.approx(1.0, rel=0.1)
    image = tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1])
    assert not np.allclose(v1.image.resize(image, [2, 2]), tf.image.resize(image, [2, 2]))
    labels, logits = tf.Variable([[0.3, 0.7]]), tf.constant([[1.0, 2.0]])
    with tf.GradientTape(persistent=True) as tape:
        old = v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        new = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert tape.gradient(old, labels) is None and tape.gradient(new, labels) is not None


SWITCHES = """
import tensorflow as tf
from tensorflow.python import tf2
from tensorflow.python.framework import tensor
v1 = tf.compat.v1
getattr(v1, "{switch}")()
print(tf.executing_eagerly(), v1.resource_variables_enabled(), tf2.enabled(),
      v1.control_flow_v2_enabled(), tensor.Tensor._USE_EQUALITY)
"""


@pytest.mark.parametrize("switch, expected", [
    ("disable_eager_execution", "False True True True True"),
    ("disable_v2_behavior", "False False False False False"),
])
def test_tf201_what_each_switch_turns_off(switch: str, expected: str) -> None:
    # TF201: disable_eager_execution() turns off eager execution only; disable_v2_behavior() all of it.
    out = subprocess.run([sys.executable, "-c", SWITCHES.format(switch=switch)], capture_output=True, text=True,
                         check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert out.stdout.split()[-5:] == expected.split()


def test_tf709_keras_layer_object_shares_its_variables_when_called_again() -> None:
    with pytest.raises(AttributeError):
        tf.compat.v1.layers.dense  # noqa: B018 - the TF1 layers raise under Keras 3
    assert not hasattr(tf, "layers")
    layer = tf.keras.layers.Dense(3)
    layer(tf.ones([2, 4]))
    layer(tf.ones([5, 4]))  # "called again where TF1 shared its variables with reuse=True"
    assert len(layer.trainable_variables) == 2


def test_tf802_batch_drops_the_smaller_final_batch_as_tf1() -> None:
    with tf.Graph().as_default():
        item = tf.compat.v1.train.slice_input_producer([tf.range(5)], num_epochs=1, shuffle=False)
        batch = tf.compat.v1.train.batch(item, 2)  # allow_smaller_final_batch=False, the default
        sizes = []
        with tf.compat.v1.train.MonitoredSession() as sess:
            while not sess.should_stop():
                sizes.append(np.asarray(sess.run(batch)).size)
    assert "drop_remainder=True" in RULES["TF802"].suggestion
    tf2 = [len(b) for b in tf.data.Dataset.range(5).batch(2, drop_remainder=True)]
    assert sizes == tf2 == [2, 2]


def test_tf802_suggestion_shuffles_with_min_after_dequeue() -> None:
    doc = tf.compat.v1.train.shuffle_batch.__doc__
    assert "shuffle(min_after_dequeue)" in doc and "shuffle(min_after_dequeue)" in RULES["TF802"].suggestion


def test_tf805_text_line_advice_skips_each_file_header(tmp_path: Any) -> None:
    filenames = []
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(f"header\n{name}-1\n{name}-2\n")
        filenames.append(str(tmp_path / name))
    datasets = advised_values("r = tf.TextLineReader(skip_header_lines=1)", "tf.data.",
                              {"filenames": filenames, "n": 1})
    assert [bytes(x.numpy()) for x in datasets[-1]] == [b"a.csv-1", b"a.csv-2", b"b.csv-1", b"b.csv-2"]
    with tf.Graph().as_default():  # what the TF1 reader read
        queue = tf.compat.v1.train.string_input_producer(filenames, num_epochs=1, shuffle=False)
        _, value = tf.compat.v1.TextLineReader(skip_header_lines=1).read(queue)
        lines = []
        with tf.compat.v1.train.MonitoredSession() as sess:
            while not sess.should_stop():
                lines.append(sess.run(value))
    assert lines == [b"a.csv-1", b"a.csv-2", b"b.csv-1", b"b.csv-2"]


def test_tf805_whole_file_and_fixed_length_advice(tmp_path: Any) -> None:
    (tmp_path / "f.bin").write_bytes(b"HHabcdefT")
    [whole] = advised_values("r = tf.WholeFileReader()", "tf.data.", {"pattern": str(tmp_path / "*.bin")})
    assert [bytes(x.numpy()) for x in whole] == [b"HHabcdefT"]
    [fixed] = advised_values("r = tf.FixedLengthRecordReader(3)", "tf.data.", {
        "filenames": [str(tmp_path / "f.bin")], "record_bytes": 3, "header_bytes": 2, "footer_bytes": 1})
    assert [bytes(x.numpy()) for x in fixed] == [b"abc", b"def"]


def test_tf407_save_weights_file_name_and_reading_tf1_checkpoints(tmp_path: Any) -> None:
    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    model(tf.ones([1, 3]))
    with pytest.raises(ValueError):
        model.save_weights(str(tmp_path / "model"))  # the TF1-style prefix Keras 3 refuses
    model.save_weights(str(tmp_path / "model.weights.h5"))
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", initializer=[1.0, 2.0])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            path = tf.compat.v1.train.Saver().save(sess, str(tmp_path / "tf1" / "model"))
    assert list(tf.train.load_checkpoint(path).get_tensor("w")) == [1.0, 2.0]


@pytest.mark.parametrize("op", ["bilinear", "bicubic", "nearest_neighbor", "area"])
@pytest.mark.parametrize("size", [[3, 3], [9, 9], [4, 4]])
def test_image_resize_advice_says_which_tf1_results_it_keeps(op: str, size: list[int]) -> None:
    images = tf.constant(RNG.normal(size=(1, 6, 6, 2)), tf.float32)
    old = getattr(tf.compat.v1.image, f"resize_{op}")
    [new] = advised_values(f"tf.image.resize_{op}(images, size)", "tf.image.resize", {"images": images, "size": size})
    if op == "area":  # "the same results"
        assert np.allclose(new, old(images, size), atol=1e-5)
    else:  # "it computes TF1's half_pixel_centers=True, so results differ from TF1's default"
        assert np.allclose(new, old(images, size, half_pixel_centers=True), atol=1e-5)
        assert not np.allclose(new, old(images, size), atol=1e-5)


def test_depthwise_conv2d_native_advice_and_its_dilations() -> None:
    x = tf.constant(RNG.normal(size=(1, 7, 7, 2)), tf.float32)
    f = tf.constant(RNG.normal(size=(3, 3, 2, 1)), tf.float32)
    arguments = {"input": x, "filter": f, "strides": [1, 1, 1, 1], "padding": "SAME", "data_format": "NHWC"}
    [new] = advised_values("tf.nn.depthwise_conv2d_native(x, f, s, p)", "tf.nn.", arguments)
    assert np.allclose(new, tf.compat.v1.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "SAME"), atol=1e-5)
    # The native op's CPU kernel rejects dilations on some processors (UnimplementedError): its dilated result is
    # the same op over the filter spread with zeros (dilation 2: a 5x5 filter with every other tap zero).
    spread = np.zeros((5, 5, 2, 1), np.float32)
    spread[::2, ::2] = f.numpy()
    dilated = tf.compat.v1.nn.depthwise_conv2d_native(x, tf.constant(spread), [1, 1, 1, 1], "SAME")
    try:
        native = tf.compat.v1.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])
    except tf.errors.UnimplementedError:
        pass
    else:
        assert np.allclose(native, dilated, atol=1e-5)
    assert np.allclose(tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", dilations=[2, 2]), dilated, atol=1e-5)
    with pytest.raises(ValueError):
        tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])


def test_tf710_rnn_apis_fail_in_tf2_and_under_keras_3() -> None:
    assert not hasattr(tf.nn, "rnn_cell") and not hasattr(tf.nn, "dynamic_rnn")
    with pytest.raises(AttributeError):
        tf.compat.v1.nn.rnn_cell.LSTMCell  # noqa: B018 - a Keras 2 object
    with pytest.raises(TypeError):
        tf.compat.v1.nn.dynamic_rnn(tf.keras.layers.LSTMCell(4), tf.ones([2, 3, 4]), dtype=tf.float32)
    out = RULES["TF710"].instead.split("=", 1)[1].strip()
    assert eval(out, {"tf": tf, "x": tf.ones([2, 3, 4])}).shape == (2, 3, 64)  # noqa: S307 - the rule's example


def test_auc_advice_does_not_pass_the_tf1_summation() -> None:
    # Audit A.2 proposed `AUC(summation_method='trapezoidal')`; Keras 3 rejects it, so the advice only notes it.
    with pytest.raises(ValueError):
        tf.keras.metrics.AUC(summation_method="trapezoidal")
    advice = suggestion("tf.metrics.auc(labels, predictions)")
    assert "trapezoidal" in advice and "summation_method" not in advice
    assert isinstance(suggested_object("tf.metrics.auc(labels, predictions)", "keras.metrics"), tf.keras.metrics.AUC)
