"""TF120/TF121 and keras2_api.tsv under TF 2.21 / Keras 3: what they call missing is missing, what they
suggest exists and computes what the Keras 2 name did (tf_keras 2.21 is Keras 2 here)."""
from __future__ import annotations

import importlib
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras
from tfknow import MISSING, REPO, lookup

from tf2lint import tfapi
from tf2lint.engine import lint_source
from tf2lint.rules import keras_api

K2 = tf_keras.backend  # Keras 2's backend, what `K.` was
TABLE = tfapi.keras2_table()
FIXTURES = REPO / "tests" / "fixtures"
TF_KERAS_V1 = importlib.import_module("tf_keras.api._v1.keras")


def resolves(root: Any, path: str) -> bool:
    """Whether `keras.<...>` names something below `root` by attribute access."""
    return lookup(path.partition(".")[2], root) is not MISSING


def importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def test_versions_are_the_tables() -> None:
    header = (tfapi.DATA / "keras2_api.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert f"from keras {keras.__version__}, tensorflow {tf.__version__}, tf_keras {tf_keras.__version__}," in header


def test_table_is_what_the_generator_writes(tmp_path: Path) -> None:
    # Generated, not hand-kept: regenerating (the classic wheels are downloaded and checked against their
    # sha256) gives the committed file, byte for byte.
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_keras_tables.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "keras2_api.tsv").read_bytes() == (tfapi.DATA / "keras2_api.tsv").read_bytes()


def test_presence_columns_hold() -> None:
    wrong = []
    for path, entry in TABLE.items():
        in_keras, in_tf, in_v1 = resolves(keras, path), resolves(tf.keras, path), resolves(tf.compat.v1.keras, path)
        if (in_keras, in_tf, in_v1) != (entry.in_keras, entry.in_tf_keras, entry.in_tf_keras):
            wrong.append(path)
        if "tf_keras" in entry.origins and not resolves(tf_keras, path):
            wrong.append(f"{path} (tf_keras)")
        if "tf_keras.v1" in entry.origins and not resolves(TF_KERAS_V1, path):
            wrong.append(f"{path} (tf_keras v1)")
    assert wrong == []
    assert len(TABLE) > 1000


def test_missing_modules_cannot_be_imported() -> None:
    modules = ["keras.engine", "keras.engine.topology", "keras.engine.saving", "keras.layers.core",
               "keras.utils.generic_utils", "keras.backend.tensorflow_backend"]
    assert all(path in TABLE and not TABLE[path].in_keras for path in modules)
    assert [m for m in modules if importable(m)] == []


def test_replacements_exist_in_keras_3_and_where_shown_in_tf_keras() -> None:
    wrong = [(path, e.replacement) for path, e in TABLE.items() if e.replacement and not resolves(keras, e.replacement)]
    wrong += [(path, e.replacement) for path, e in TABLE.items()
              if e.replacement and tfapi.exists_in_v2(e.replacement) and not resolves(tf.keras, e.replacement)]
    assert wrong == []


def test_recorded_signature_differences_hold() -> None:
    checked = 0
    for path, entry in TABLE.items():
        target = entry.target
        if target.relation != "differs":
            continue
        old, new = lookup(path.partition(".")[2], tf_keras), lookup(entry.replacement.partition(".")[2], keras)
        assert MISSING not in (old, new), path
        new_params = inspect.signature(new.__init__ if inspect.isclass(new) else new).parameters
        for change in target.defaults:
            name, _, values = change.partition("=")
            assert repr(new_params[name].default).replace(" ", "") == values.split(">")[1], (path, change)
        for change in target.keywords:
            old_name, _, new_name = change.partition(">")
            assert old_name not in new_params, (path, change)
            assert new_name == "-" or new_name in new_params, (path, change)
        checked += 1
    assert checked > 20


def _findings(name: str) -> list[tuple[int, str, str]]:
    path = FIXTURES / name
    return [(d.line, d.code, d.message) for d in lint_source(path.read_text(encoding="utf-8"), str(path))
            if d.code in ("TF120", "TF121")]


NAME = re.compile(r"^`([\w.]+)`")


@pytest.mark.parametrize("fixture", ["tf1xx_keras2_standalone.py", "tf1xx_keras2_via_tf.py"])
def test_every_reported_name_is_missing_under_tf_2_21(fixture: str) -> None:
    found = _findings(fixture)
    assert len(found) >= 8
    present = []
    for line, code, message in found:
        name = NAME.match(message).group(1)  # type: ignore[union-attr]
        if name.startswith("tf.compat.v1."):
            root, rest = tf.compat.v1, name[len("tf.compat.v1."):]
        elif name.startswith("tf."):
            root, rest = tf, name[3:]
        else:
            root, rest = keras, name.partition(".")[2]
            if importable(name):
                present.append((line, name))
        if lookup(rest, root) is not MISSING:
            present.append((line, name))
    assert present == []


def test_tf_keras_keeps_what_the_fallback_says_it_keeps() -> None:
    # `TF_USE_LEGACY_KERAS=1`: tf.keras is tf_keras's TF2 API and tf.compat.v1.keras its TF1 API.
    code = ("import numpy as np, tensorflow as tf, tf_keras as keras\n"
            "assert tf.keras.estimator.model_to_estimator and tf.keras.backend.gradients\n"
            "assert tf.compat.v1.keras.backend.get_session and tf.compat.v1.keras.layers.CuDNNLSTM\n"
            "for K in (tf.keras.backend, keras.backend):  # the graph-style backend code runs, eagerly too\n"
            "    x = K.placeholder(shape=(None, 3))\n"
            "    f = K.function([x], [K.sum(x, axis=1)])\n"
            "    assert f([np.ones((2, 3), 'float32')])[0].tolist() == [3.0, 3.0]\n")
    env = dict(os.environ, TF_USE_LEGACY_KERAS="1")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_advice_keys_are_table_names() -> None:
    assert [key for key in keras_api.ADVICE if key not in TABLE] == []


# -- the hand-written advice, run against Keras 2 (tf_keras) ------------------------------------------------


def close(a: Any, b: Any) -> bool:
    return np.allclose(np.asarray(a), np.asarray(b))


X = np.arange(12, dtype="float32").reshape(3, 4) - 5
T = tf.constant(X)  # what Keras 2's backend took


def test_switch_advice_is_keras_2_switch() -> None:
    assert close(keras.ops.where(X > 0, X, -X), K2.switch(T > 0, T, -T))


def test_repeat_advice_is_keras_2_repeat() -> None:
    assert close(keras.ops.repeat(keras.ops.expand_dims(X, 1), 3, axis=1), K2.repeat(T, 3))
    assert not close(keras.ops.repeat(X, 3).shape, K2.repeat(T, 3).shape)  # the namesake is another function


def test_gather_and_batch_flatten_advice() -> None:
    assert close(keras.ops.take(X, [2, 0], axis=0), K2.gather(T, [2, 0]))
    cube = X.reshape(3, 2, 2)
    assert close(keras.ops.reshape(cube, (keras.ops.shape(cube)[0], -1)), K2.batch_flatten(tf.constant(cube)))


def test_value_advice() -> None:
    v = keras.Variable(X, dtype="float32", name="v")
    assert close(keras.ops.convert_to_numpy(v), K2.get_value(K2.variable(X)))
    assert close(keras.ops.convert_to_tensor(X, dtype="float32"), K2.constant(X))
    assert [keras.ops.convert_to_numpy(t).shape for t in [v, v]] == [(3, 4), (3, 4)]
    v.assign(X * 2)
    v.assign_add(X)
    v.assign_sub(X)
    assert close(v, X * 2)


def test_shape_advice() -> None:
    assert close(tf.shape(T), K2.shape(T)) and tf.is_tensor(K2.shape(T))
    assert isinstance(keras.ops.shape(T), tuple)  # why the namesake is not the replacement


@pytest.mark.parametrize("name,arg", [("zeros", (2, 3)), ("ones", (2, 3)), ("eye", 3)])
def test_variable_maker_advice(name: str, arg: Any) -> None:
    made = getattr(K2, name)(arg, dtype="float32")
    assert isinstance(made, tf.Variable)
    advised = keras.Variable(getattr(keras.ops, name)(arg, dtype="float32"))
    assert isinstance(advised, keras.Variable) and close(advised, made)
    assert not isinstance(getattr(keras.ops, name)(arg), keras.Variable)


def test_hard_sigmoid_and_sqrt_advice() -> None:
    assert close(keras.ops.clip(0.2 * T + 0.5, 0.0, 1.0), K2.hard_sigmoid(T))
    assert not close(keras.ops.hard_sigmoid(T), K2.hard_sigmoid(T))
    assert close(keras.ops.sqrt(keras.ops.maximum(T, 0.0)), K2.sqrt(T))
    assert np.isnan(np.asarray(keras.ops.sqrt(T))).any()


def test_random_binomial_advice_draws_bernoulli() -> None:
    draws = np.asarray(keras.random.binomial((20000,), counts=1, probabilities=0.3, seed=1))
    old = np.asarray(K2.random_binomial((20000,), p=0.3, seed=1))
    assert set(np.unique(draws)) == set(np.unique(old)) == {0.0, 1.0}
    assert abs(draws.mean() - 0.3) < 0.02 and abs(old.mean() - 0.3) < 0.02


def test_int_shape_advice() -> None:
    assert tuple(tf.ones((2, 3)).shape) == K2.int_shape(tf.ones((2, 3))) == (2, 3)
    assert tuple(keras.Input(shape=(None, 3)).shape) == (None, None, 3)


def test_placeholder_and_function_advice_compute_what_keras_2_did() -> None:
    kernel = np.ones((3, 2), "float32")
    inputs = keras.Input(shape=(3,), dtype="float32")
    dense = keras.layers.Dense(2, use_bias=False)
    outputs = dense(inputs)
    dense.set_weights([kernel])
    f = keras.Model(inputs, outputs)
    batch = np.ones((4, 3), "float32")
    assert close(f(batch), batch @ kernel) and close(f.predict(batch, verbose=0), batch @ kernel)


def test_engine_advice_names() -> None:
    assert keras.layers.Layer and keras.layers.InputSpec and keras.layers.Input and keras.Model
    assert keras.models.load_model and keras.models.save_model
    inputs = keras.Input((2,))
    assert isinstance(keras.Model(inputs, keras.layers.Dense(1)(inputs)), keras.Model)  # Keras 2's Network


def test_load_weights_by_name_reads_keras_2_h5(tmp_path: Path) -> None:
    old = tf_keras.Sequential([tf_keras.layers.Dense(2, name="a", input_shape=(3,)),
                               tf_keras.layers.Dense(1, name="b")])
    path = str(tmp_path / "mask_rcnn.h5")
    old.save_weights(path)
    inputs = keras.Input((3,))
    new = keras.Model(inputs, keras.layers.Dense(1, name="b")(keras.layers.Dense(2, name="a")(inputs)))
    new.load_weights(path, by_name=True)
    assert all(close(a, b) for a, b in zip(new.get_weights(), old.get_weights()))
    new.load_weights(path, by_name=True, skip_mismatch=True)


def test_multi_gpu_model_advice_runs() -> None:
    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)


def test_named_replacements_exist() -> None:
    names = ["layers.LSTM", "layers.GRU", "layers.TextVectorization", "layers.RandomFlip", "layers.RandomRotation",
             "utils.image_dataset_from_directory", "wrappers.SKLearnClassifier", "wrappers.SKLearnRegressor",
             "ops.cond", "ops.while_loop", "ops.map", "ops.scan", "ops.ctc_loss", "ops.ctc_decode",
             "config.image_data_format", "config.set_image_data_format"]
    assert [n for n in names if lookup(n, keras) is MISSING] == []
    tf_names = ["cond", "while_loop", "case", "map_fn", "scan", "foldl", "TensorArray", "convert_to_tensor",
                "train.ExponentialMovingAverage", "nn.ctc_loss", "config.experimental.set_memory_growth",
                "config.list_logical_devices", "GradientTape", "print", "function", "distribute.MirroredStrategy"]
    assert [n for n in tf_names if lookup(n) is MISSING] == []
    assert keras.layers.GRU(2).reset_after  # the default
    assert keras.config.image_data_format() == K2.image_data_format()


def test_tf120_example_concatenates_as_keras_2() -> None:
    a, b = tf.ones((2, 3)), tf.zeros((2, 2))
    assert close(keras.ops.concatenate([a, b], axis=-1), K2.concatenate([a, b]))
    assert K2.argmax(T).shape != keras.ops.argmax(T).shape  # the default axis the suggestion names


def test_backend_replacements_compute_what_keras_2_did() -> None:
    """`K.X` -> `keras.ops.X` on the same arguments: the same values, or the table records how they differ
    (`K.argmax`'s default axis)."""
    positive = tf.constant(np.arange(1, 13, dtype="float32").reshape(3, 4) / 13)  # valid probabilities too
    compared, wrong = 0, []
    for path, entry in TABLE.items():
        name = path.rpartition(".")[2]
        if (not path.startswith("keras.backend.") or not entry.replacement.startswith("keras.ops.")
                or keras_api.advice_for(path, True) or not hasattr(K2, name)):
            continue
        old, new = getattr(K2, name), lookup(entry.replacement.partition(".")[2], keras)
        for args in ((positive,), (positive, positive), (positive, "float32")):
            try:
                expected = old(*args)
            except Exception:  # noqa: BLE001 - not this many arguments: try the next
                continue
            try:
                result = new(*args)
            except Exception:  # noqa: BLE001 - loud: it needs other arguments (`keras.ops.expand_dims`' axis)
                compared += 1
                break
            if isinstance(expected, str):
                same = result == expected
            else:
                same = np.shape(result) == np.shape(expected) and close(result, expected)
            if not same and entry.target.relation != "differs":
                wrong.append(path)
            compared += 1
            break
    assert wrong == []
    assert compared > 40
