"""TF120-TF121: Keras 2 names that Keras 3, the Keras of TF 2.21, does not have.

Keras 2 projects written for TF1 (`K.placeholder`, `K.function`, `keras.engine.topology`) fail under
TF 2.21 at import or at the first use. The names come from the generated table ``keras2_api.tsv``
(scripts/gen_keras_tables.py: tf_keras 2.21 and the classic Keras 2.2.4 / 2.3.1 against Keras 3), which also
gives a Keras 3 name where one exists; the advice for the rest is written here. ``tf.keras`` (and
``tf.compat.v1.keras``) is not the same surface as standalone ``import keras``: TF 2.21's ``tf.keras.backend``
keeps Keras 2's backend functions (``tf.keras.backend.int_shape``), standalone Keras 3's does not.
"""
from __future__ import annotations

import ast
from typing import Optional, Union

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks, Start, alias_position
from tf2lint.rules.model import ERROR, Rule

#: The family's section in docs/rules.md is TF1xx's (api_surface); this module adds its intro.
TITLE = "Keras 2 names that Keras 3 lacks"
INTRO = (
    "TF120-TF121 report Keras 2 names that Keras 3 (what `import keras`, `tf.keras` and `tf.compat.v1.keras` "
    "are in TF 2.21) does not have, from a table generated from tf_keras 2.21 and the classic Keras 2.2.4 / "
    "2.3.1 against Keras 3: `K.placeholder`, `K.function`, `keras.engine.topology`, "
    "`layers.experimental.preprocessing`. Standalone Keras 3's `keras.backend` also lacks the "
    "backend functions that TF 2.21's `tf.keras.backend` keeps (`K.int_shape`). Where keeping Keras 2 is the "
    "practical step for now, the advice names `tf_keras` (`pip install tf_keras`; `import tf_keras as keras`, "
    "or `TF_USE_LEGACY_KERAS=1` for `tf.keras`)."
)

RULES = (
    Rule(
        "TF120", "keras2-moved", ERROR,
        "`{name}` is a Keras 2 name that Keras 3 (TF 2.21) exports elsewhere",
        "{advice}",
        "Finds Keras 2 names, reached through `keras`, `tf.keras` or `tf.compat.v1.keras`, that Keras 3 exports "
        "under another name (`keras.layers.core.Dense`, `keras.engine.topology.Layer`, `K.sum`, "
        "`layers.experimental.preprocessing.Rescaling` through `tf.keras`).",
        "Keras 3 dropped Keras 2's module layout (`keras.engine`, `keras.layers.core`, `keras.layers.merge`, "
        "`keras.utils.generic_utils`) and moved the backend's tensor functions to `keras.ops`: the import "
        "raises ModuleNotFoundError, the attribute AttributeError. Where the Keras 3 function takes other "
        "arguments or defaults, the suggestion says which (`K.concatenate` joins on the last axis, "
        "`keras.ops.concatenate` on the first).",
        "from keras.engine.topology import Layer\nfrom keras import backend as K\n"
        "y = K.concatenate([a, b])",
        "from keras.layers import Layer\nfrom keras import ops\ny = ops.concatenate([a, b], axis=-1)",
    ),
    Rule(
        "TF121", "keras2-removed", ERROR,
        "`{name}` is Keras 2 API that Keras 3 (TF 2.21) does not have",
        "{advice}",
        "Finds Keras 2 names with no Keras 3 namesake, reached through `keras`, `tf.keras` or "
        "`tf.compat.v1.keras`: the TF1 backend (`K.placeholder`, `K.function`, `K.symbolic`, "
        "`K.control_flow_ops`, `K.tf`), `keras.engine`, `keras.utils.multi_gpu_model`, `CuDNNLSTM` and the rest "
        "of the generated table. Session and learning-phase names are TF308-TF310.",
        "Keras 3 runs eagerly and builds its own graphs: there are no placeholders to feed and no backend "
        "functions to run them, and the TF1 modules Keras 2 re-exported are gone. The line raises "
        "ModuleNotFoundError or AttributeError. Where Keras 3 has no replacement, `tf_keras` (Keras 2 for "
        "TF 2.x) keeps such code running while it is rewritten.",
        "from keras import backend as K\nx = K.placeholder(shape=(None, 3))\n"
        "f = K.function([x], [model(x)])\ny = f([batch])[0]",
        "y = model(batch)  # or model.predict(batch)",
    ),
)

hooks = Hooks()

_TF_KERAS = ("keep Keras 2 for now with `tf_keras` (`pip install tf_keras`, then `import tf_keras as keras`, or "
             "`TF_USE_LEGACY_KERAS=1` for `tf.keras`)")
_TF_KERAS_V1 = ("keep Keras 2 for now with `tf_keras`: `pip install tf_keras` and set `TF_USE_LEGACY_KERAS=1`, "
                "then `tf.compat.v1.keras.{path}` is its TF1 API")
_TF_MODULE = "import TensorFlow yourself (`import tensorflow as tf`) and use its public API: `tf.{what}`"
_ENGINE = ("Keras 3 has no `keras.engine`: `Layer`, `InputSpec` and `Input` are in `keras.layers`, `Model` is "
           "`keras.Model`, and `load_model` / `save_model` are in `keras.models`")
_NETWORK = "use `keras.Model(inputs, outputs)` (Keras 2's `Network` is the functional `Model`)"
_H5_BY_NAME = ("use `model.load_weights(path, by_name=True)` on the Keras 2 `.h5` file (`skip_mismatch=True` "
               "to skip layers whose shapes differ): Keras 3 still loads legacy HDF5 weights by layer name")

#: The interim step for the TF1-style backend code that takes a rewrite: tf_keras still runs it.
_MEANWHILE = ("; until then `tf_keras` runs it (`pip install tf_keras`, then `import tf_keras as keras`, or "
              "`TF_USE_LEGACY_KERAS=1` for `tf.keras`)")

#: Advice for Keras 2 names, by exact path or module prefix (``keras.<...>``); it replaces the generated
#: replacement where that would mislead (``K.switch`` is not ``keras.ops.switch``).
ADVICE: dict[str, str] = {
    "keras.backend.placeholder": "use `keras.Input(shape=..., dtype=...)` for a model input; for a plain "
                                 "computation, make it an argument of a Python (or `@tf.function`) function"
                                 + _MEANWHILE,
    "keras.backend.function": "build a model on the tensors and call it: `f = keras.Model(inputs, outputs)`, "
                              "then `f(x)` or `f.predict(x)`" + _MEANWHILE,
    "keras.backend.symbolic": "delete the decorator: Keras 3 builds graphs itself (add `@tf.function` for "
                              "graph speed)",
    "keras.backend.eager": "delete the decorator: Keras 3 runs eagerly",
    "keras.backend.tf": "import TensorFlow yourself (`import tensorflow as tf`) and write `tf.X` for `K.tf.X`",
    "keras.backend.control_flow_ops": "use `tf.cond`, `tf.while_loop` and `tf.case` (`keras.ops.cond`, "
                                      "`keras.ops.while_loop` in Keras 3)",
    "keras.backend.functional_ops": "use `tf.map_fn`, `tf.scan`, `tf.foldl` (`keras.ops.map`, `keras.ops.scan`)",
    "keras.backend.tensor_array_ops": _TF_MODULE.format(what="TensorArray"),
    "keras.backend.moving_averages": "use `tf.train.ExponentialMovingAverage`, or `variable.assign(momentum * "
                                     "variable + (1 - momentum) * value)`",
    "keras.backend.ctc": "use `keras.ops.ctc_loss` / `keras.ops.ctc_decode` (or `tf.nn.ctc_loss`)",
    "keras.backend.tf_ops": _TF_MODULE.format(what="convert_to_tensor"),
    "keras.backend.config_pb2": "configure devices with `tf.config` (`tf.config.experimental.set_memory_growth`)",
    "keras.backend.device_lib": "use `tf.config.list_logical_devices('GPU')`",
    "keras.backend.int_shape": "use `tuple(x.shape)` (a tuple of ints, None where unknown)",
    "keras.backend.variable": "use `keras.Variable(value, dtype=..., name=...)`",
    "keras.backend.constant": "use `keras.ops.convert_to_tensor(value, dtype=...)`",
    "keras.backend.eval": "use `keras.ops.convert_to_numpy(x)`",
    "keras.backend.get_value": "use `keras.ops.convert_to_numpy(x)`",
    "keras.backend.batch_get_value": "use `[keras.ops.convert_to_numpy(x) for x in xs]`",
    "keras.backend.set_value": "use `variable.assign(value)`",
    "keras.backend.batch_set_value": "use `variable.assign(value)` for each pair",
    "keras.backend.update": "use `variable.assign(value)`",
    "keras.backend.update_add": "use `variable.assign_add(value)`",
    "keras.backend.update_sub": "use `variable.assign_sub(value)`",
    "keras.backend.shape": "use `tf.shape(x)` for the shape as a tensor, as `K.shape` gave it (Keras 3's "
                           "`keras.ops.shape` returns a tuple)",
    **{f"keras.backend.{name}": f"use `keras.Variable(keras.ops.{name}({args}))`: Keras 2's `K.{name}` made a "
                                f"variable (`keras.ops.{name}` alone gives a tensor)"
       for name, args in (("zeros", "shape, dtype=dtype"), ("ones", "shape, dtype=dtype"),
                          ("eye", "size, dtype=dtype"))},
    "keras.backend.hard_sigmoid": "use `keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)` (Keras 3's "
                                  "`keras.ops.hard_sigmoid` has slope 1/6, Keras 2's 0.2)",
    "keras.backend.sqrt": "use `keras.ops.sqrt(keras.ops.maximum(x, 0.0))` (Keras 2's `K.sqrt` clipped negative "
                          "values to 0; `keras.ops.sqrt` gives NaN)",
    "keras.backend.random_binomial": "use `keras.random.binomial(shape, counts=1, probabilities=p, seed=seed)` "
                                     "(a Bernoulli draw, as `K.random_binomial` was)",
    "keras.backend.random_bernoulli": "use `keras.random.binomial(shape, counts=1, probabilities=p, seed=seed)`",
    "keras.backend.gather": "use `keras.ops.take(reference, indices, axis=0)`",
    "keras.backend.switch": "use `keras.ops.where(condition, then_expression, else_expression)` (Keras 3's "
                            "`keras.ops.switch` picks a function by index)",
    "keras.backend.repeat": "use `keras.ops.repeat(keras.ops.expand_dims(x, 1), n, axis=1)` (Keras 3's "
                            "`keras.ops.repeat` repeats elements, as NumPy does)",
    "keras.backend.batch_flatten": "use `keras.ops.reshape(x, (keras.ops.shape(x)[0], -1))`",
    "keras.backend.gradients": "use `tf.GradientTape`" + _MEANWHILE,
    "keras.backend.print_tensor": "use `tf.print(message, x)` as a statement and keep using `x`",
    "keras.backend.in_train_phase": "take a `training` argument in the layer's `call` and branch on it",
    "keras.backend.in_test_phase": "take a `training` argument in the layer's `call` and branch on it",
    "keras.backend.image_dim_ordering": "use `keras.config.image_data_format()` ('channels_last' is Keras 2's "
                                        "'tf', 'channels_first' its 'th')",
    "keras.backend.set_image_dim_ordering": "use `keras.config.set_image_data_format('channels_last')` ('tf') "
                                            "or `'channels_first'` ('th')",
    "keras.engine": _ENGINE,
    "keras.engine.network.Network": _NETWORK,
    "keras.engine.topology.Network": _NETWORK,
    "keras.engine.training.Network": _NETWORK,
    "keras.engine.saving.load_weights_from_hdf5_group_by_name": _H5_BY_NAME,
    "keras.engine.saving.load_weights_from_hdf5_group": "use `model.load_weights(path)` on the Keras 2 `.h5` file",
    "keras.utils.multi_gpu_model": "use `tf.distribute.MirroredStrategy()`: build and compile the model inside "
                                   "`strategy.scope()`",
    "keras.utils.training_utils.multi_gpu_model": "use `tf.distribute.MirroredStrategy()`: build and compile the "
                                                  "model inside `strategy.scope()`",
    "keras.layers.CuDNNLSTM": "use `keras.layers.LSTM` (with its default activations it runs on cuDNN)",
    "keras.layers.CuDNNGRU": "use `keras.layers.GRU(..., reset_after=True)` (the default; it runs on cuDNN)",
    "keras.wrappers.scikit_learn": "use `keras.wrappers.SKLearnClassifier` or `keras.wrappers.SKLearnRegressor`",
    "keras.preprocessing.image.ImageDataGenerator": "use `keras.utils.image_dataset_from_directory` and "
                                                    "augmentation layers (`keras.layers.RandomFlip`, "
                                                    "`keras.layers.RandomRotation`)",
    "keras.preprocessing.text.Tokenizer": "use `keras.layers.TextVectorization`",
}


def advice_for(path: str, replaced: bool) -> str:
    """Hand-written advice for a Keras 2 name: for the name itself, else (unless the table names a
    replacement for it) for its module; '' if there is none."""
    parts = path.split(".")
    for end in range(len(parts), 1 if not replaced else len(parts) - 1, -1):
        advice = ADVICE.get(".".join(parts[:end]))
        if advice is not None:
            return advice
    return ""


def find(parts: tuple[str, ...]) -> Optional[tuple[str, tfapi.Keras2Entry]]:
    """The longest prefix of ``keras.<...>`` that the Keras 2 table lists, with its entry."""
    for end in range(len(parts), 1, -1):
        path = ".".join(parts[:end])
        entry = tfapi.keras2_entry(path)
        if entry is not None:
            return path, entry
    return None


def _gone(binding: str, standalone: bool) -> bool:
    """Whether a binding (``keras.engine.input_layer``) is itself a Keras 2 name that Keras 3 lacks."""
    found = find(tfapi.split(binding)[1])
    return found is not None and not (found[1].in_keras if standalone else found[1].in_tf_keras)


def _shown(replacement: str, standalone: bool) -> str:
    """A Keras 3 name as the code reaches Keras: ``keras.X``, or ``tf.keras.X`` where TF 2.21 has it there."""
    if standalone:
        return f"`{replacement}`"
    if tfapi.exists_in_v2(replacement):
        return f"`tf.{replacement}`"
    return f"`{replacement}` (`import keras`)"


def _fallback(path: str, entry: tfapi.Keras2Entry, standalone: bool) -> str:
    """Advice where neither the table nor ADVICE names a Keras 3 replacement."""
    if standalone and entry.in_tf_keras:
        return (f"TF 2.21 keeps it in `tf.{path}` (Keras 3's TensorFlow-only legacy API); or "
                + _TF_KERAS.replace("keep Keras 2 for now", "keep Keras 2"))
    if "tf_keras" in entry.origins:
        return _TF_KERAS
    if "tf_keras.v1" in entry.origins:
        return _TF_KERAS_V1.format(path=path.partition(".")[2])
    return "no Keras 3 equivalent (a Keras 2.2/2.3 name that tf_keras does not keep either): rewrite it"


@hooks.reference(tfapi.V1, tfapi.V2, tfapi.KERAS)
def _keras2(checker: Checker, node: ast.AST, base: str, qualified: str, namespace: str,
            parts: tuple[str, ...], start: Start) -> None:
    """A Keras 2 name through ``keras`` (standalone Keras 3) or ``tf.keras`` / ``tf.compat.v1.keras``."""
    if len(parts) < 2 or parts[0] != "keras":
        return
    found = find(parts)
    if found is None:
        return
    path, entry = found
    standalone = namespace == tfapi.KERAS
    if entry.in_keras if standalone else entry.in_tf_keras:
        return
    if getattr(base, "note", "") and _gone(base, standalone):
        return  # bound to a gone Keras 2 name in a project module, and reported there
    name = tfapi.display(namespace, tuple(path.split(".")))
    advice = advice_for(path, bool(entry.replacement))
    if advice or not entry.replacement:
        checker.emit("TF121", node, name=name, advice=advice or _fallback(path, entry, standalone), start=start)
        return
    changes = tfapi.differences(entry.target) if entry.target.relation == "differs" else ""
    advice = f"use {_shown(entry.replacement, standalone)}" + (f", a different function: {changes}" if changes else "")
    checker.emit("TF120", node, name=name, advice=advice, start=start)


#: Imports the other import checks do not already hand on name by name (TF1xx: ``from tensorflow.keras...``;
#: TF3xx: ``keras.backend``).
_MODULES = ("keras.", "tensorflow.keras.")
_FROM = ("keras", "tensorflow.compat.v1.keras")


@hooks.on_import
def _import(checker: Checker, node: Union[ast.Import, ast.ImportFrom]) -> None:
    """``import keras.engine.topology``, ``from keras.engine import Layer``, ``from tensorflow.compat.v1.keras.backend
    import placeholder``: the names imported (the import raises where Keras 3 lacks them)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith(_MODULES) and not alias.name.startswith("keras.backend."):
                checker.reference(alias, "", alias.name, start=alias_position(alias, node))
        return
    module = node.module or ""
    if node.level or module == "keras.backend" or module.startswith("keras.backend."):
        return
    if module in _FROM or module.startswith(tuple(f"{m}." for m in _FROM)):
        for alias in node.names:
            if alias.name != "*":
                checker.reference(alias, "", f"{module}.{alias.name}", start=alias_position(alias, node))
