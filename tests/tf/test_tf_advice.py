"""Hand-written per-name advice, run: following it must give what the TF1 code gave.

Each test lints a TF1 line with tf2lint, takes the replacement the finding suggests (the first
backticked `tf.keras...` expression; a bare name is called with no arguments, as the advice says
nothing more) and compares it with the TF1 function on the same inputs under TF 2.21.
"""
from __future__ import annotations

import math
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
