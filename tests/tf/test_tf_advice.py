"""Hand-written per-name advice, run: following it must give what the TF1 code gave.

Each test lints a TF1 line with tf2lint, takes the replacement the finding suggests (the first
backticked `tf.keras...` expression; a bare name is called with no arguments, as the advice says
nothing more) and compares it with the TF1 function on the same inputs under TF 2.21.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tf2lint.engine import lint_source

V1_HEADER = "import tensorflow.compat.v1 as tf\n"
BACKTICKED = re.compile(r"`(tf\.[^`]+)`")


def suggestion(line: str) -> str:
    """The suggestion of the one finding tf2lint reports on a compat.v1 line."""
    findings = [d for d in lint_source(V1_HEADER + line + "\n") if d.line == 2]
    assert len(findings) == 1, findings
    return findings[0].suggestion


def suggested_object(line: str, prefix: str) -> Any:
    """Evaluate the first backticked `tf.<prefix>...` expression of the suggestion (called if bare)."""
    for expr in BACKTICKED.findall(suggestion(line)):
        if expr.startswith(f"tf.{prefix}"):
            value = eval(expr, {"tf": tf})  # noqa: S307 - tf2lint's own advice text
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
WRONG_LOSSES = {
    "softmax_cross_entropy": "audit A.2 _LOSSES:101: the TF1 loss takes logits; Keras needs from_logits=True",
    "sparse_softmax_cross_entropy": "audit A.2 _LOSSES:102: from_logits=True is missing",
    "sigmoid_cross_entropy": "audit A.2 _LOSSES:103: from_logits=True is missing",
    "cosine_distance": "audit A.2 _LOSSES:107: TF1 returns 1 - cos, the Keras loss -cos",
}


def loss_case(name: str) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=WRONG_LOSSES[name])] if name in WRONG_LOSSES else []
    return pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", [loss_case(n) for n in LOSSES])
def test_tf711_loss_advice_gives_the_tf1_loss(name: str) -> None:
    call, keras_args = LOSSES[name]
    expected = float(call(getattr(tf.compat.v1.losses, name)))
    loss = suggested_object(f"tf.losses.{name}(a, b)", "keras.losses")
    assert float(loss(*keras_args)) == pytest.approx(expected, rel=1e-4, abs=1e-6)


@pytest.mark.xfail(strict=True, reason="audit A.2 ADVICE:270: TruncatedNormal's default stddev is 0.05, TF1's 1.0")
def test_truncated_normal_initializer_advice_keeps_the_scale() -> None:
    tf1 = tf.compat.v1.truncated_normal_initializer()([200, 200])
    tf2 = suggested_object("tf.truncated_normal_initializer()", "keras.initializers")([200, 200])
    assert float(tf.math.reduce_std(tf2)) == pytest.approx(float(tf.math.reduce_std(tf1)), rel=0.1)


@pytest.mark.xfail(strict=True, reason="audit A.2 _OPTIMIZERS:28: SGD without momentum= is plain SGD")
def test_momentum_optimizer_advice_keeps_the_momentum() -> None:
    assert tf.keras.optimizers.SGD(0.1).momentum == 0.0  # what a bare `SGD` gives
    assert "momentum" in suggestion("tf.train.MomentumOptimizer(0.1, 0.9)")


@pytest.mark.xfail(strict=True, reason="audit A.2 ADVICE:250: `x = tf.print(...)` sets x to None")
def test_print_advice_says_tf_print_returns_none() -> None:
    x = tf.constant([1.0])
    assert tf.compat.v1.Print(x, [x]) is not None and tf.print(x) is None
    advice = suggestion("x = tf.Print(x, [x])")
    assert "None" in advice or "statement" in advice


@pytest.mark.xfail(strict=True, reason="audit A.2 _METRICS:115: `k` is lost; Precision(top_k=k)")
def test_precision_at_k_advice_keeps_k() -> None:
    assert "top_k" in suggestion("tf.metrics.precision_at_k(labels, predictions, 5)")


@pytest.mark.xfail(strict=True, reason="audit A.2 _METRICS:119: MeanIoU needs num_classes")
def test_mean_iou_advice_runs_as_given() -> None:
    suggested_object("tf.metrics.mean_iou(labels, predictions, 3)", "keras.metrics")


@pytest.mark.xfail(strict=True, reason="audit A.2 _DECAYS:49-51: LearningRateSchedule is abstract")
@pytest.mark.parametrize("name", ["natural_exp_decay", "linear_cosine_decay", "noisy_linear_cosine_decay"])
def test_decay_advice_names_a_usable_schedule(name: str) -> None:
    # Keras 3 has no linear-cosine schedule: advice to subclass LearningRateSchedule is then the honest one.
    line = f"tf.train.{name}(0.1, step, 100, 0.5)"
    if "subclass" not in suggestion(line):
        schedule = suggested_object(line, "keras.optimizers.schedules")
        float(schedule(10))
