"""TF1xx: the TF1-only API surface (removed, moved, contrib, compat.v1, renamed keywords).

The generic rules: every TensorFlow name goes through :func:`_reference`, which sends the names a family
entry claims (``hooks.name`` in the family modules) to that family's rule, and classifies the rest by the
generated API tables (``tf2lint/data/*.tsv``).
"""
from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any, Callable, Optional, Union

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks, Start, alias_position
from tf2lint.rules.model import ERROR, INFO, WARNING, Rule

#: The family's section in docs/rules.md.
TITLE = "TF1-only API surface"
INTRO = (
    "Names that do not exist in TF 2.x are errors: the line raises AttributeError or TypeError as soon as it "
    "runs. Names that only exist under `tf.compat.v1` are warnings, and `compat.v1` prefixes that can simply "
    "be dropped are info. Code that imports `tensorflow.compat.v1` gets one TF101 finding on the import, then"
    " one finding per TF1-only name it uses; a location gets one finding, and a more specific family "
    "(TF2xx-TF9xx) wins over this generic one."
)

RULES = (
    Rule(
        "TF101", "compat-v1-import", WARNING,
        "`{name}` pulls in the TF1 API",
        "first fix the TF110-TF116 findings it leads to (written their way, a call means the same in both "
        "versions), migrate the TF1-only names, then import `tensorflow as tf` (`--explain TF101`)",
        "Finds imports of `tensorflow.compat.v1` and module-level aliases such as `tf = tf.compat.v1`.",
        "Code written against `compat.v1` keeps TF1 semantics alive. tf2lint reports each TF1-only name used "
        "through the alias separately. Names that also exist in TF2 are not reported one by one: most are "
        "the same function (`tf.nn.relu`), but some keep their name and change behaviour (`tf.where` "
        "broadcasts a 1-D condition, `tf.random_normal_initializer` defaults to stddev 0.05, `tf.image.resize` "
        "uses half-pixel centers, `tf.nn.softmax_cross_entropy_with_logits` passes gradients to the labels). "
        "Through compat.v1, TF108 and TF110-TF116 report those calls, with the TF2 call that keeps the TF1 "
        "meaning: fix them before switching the import. After the switch tf2lint reads the file as TF2 code and "
        "no longer reports them (set `tensorflow = \"1\"` in the configuration until the migration is done).",
        "import tensorflow.compat.v1 as tf\n# or: import tensorflow as tf; tf = tf.compat.v1",
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
        "use `{new}`{advice}",
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
        "use `{new}`{advice}",
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
        "`{name}=` is a TF1-only keyword of `{func}`",
        "{advice}",
        "Finds keyword arguments that only the TF1 version of a function accepts, such as `keep_dims`, "
        "`reduction_indices`, `dim`, `squeeze_dims` or `keep_prob`.",
        "The TF2 function has no such parameter and raises TypeError; some were renamed, `keep_prob` "
        "became `rate` with the opposite meaning.",
        "tf.reduce_sum(x, keep_dims=True)\ntf.nn.dropout(x, keep_prob=0.8)",
        "tf.reduce_sum(x, keepdims=True)\ntf.nn.dropout(x, rate=0.2)",
        v1_severity=WARNING,  # the compat.v1 function still takes the keyword
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
)

hooks = Hooks()

#: TF1 modules that only re-export another library: the alias is reported, its members are not.
REEXPORTS = {"flags", "app.flags"}

_ABSL_LOGGING = "use `absl.logging` (or `tf.get_logger()`)"

#: What every Keras initializer replacing a TF1 one does differently (verified under TF 2.21 / Keras 3).
_SAME_VALUES = ("; `dtype` goes to the call, and a Keras initializer object returns the same values at every call, "
                "seeded or not: create one per variable")
_KERAS_INIT = _SAME_VALUES + ", or pass `seed=tf.keras.random.SeedGenerator(seed)`"
_UNIT_SCALING = ("use `tf.keras.initializers.VarianceScaling(scale=factor ** 2, mode='fan_in', "
                 "distribution='uniform', seed=seed)`" + _KERAS_INIT)


#: ``TFRecordCompressionType`` members (the enum itself: '') and the TF2 compression type string.
_COMPRESSION = {"": "", ".NONE": "''", ".ZLIB": "'ZLIB'", ".GZIP": "'GZIP'"}


def _compression(kind: str) -> str:
    """Advice for ``TFRecordCompressionType[.MEMBER]``: TF2 names the compression with a string."""
    if not kind:
        return ("use the compression type string: `compression_type=''` (NONE), `'ZLIB'` or `'GZIP'` in "
                "`tf.io.TFRecordOptions`, `tf.io.TFRecordWriter` and `tf.data.TFRecordDataset`")
    return (f"use `compression_type={kind}` in `tf.io.TFRecordOptions`, `tf.io.TFRecordWriter` or "
            "`tf.data.TFRecordDataset` (the same files)")


def _scatter(op: str) -> str:
    """Advice for ``tf.scatter_<op>(ref, indices, updates)``: the variable method, or the tensor op."""
    tensor = (f", or `tf.tensor_scatter_nd_{op}(tensor, tf.expand_dims(indices, -1), updates)` for a tensor"
              if op in ("update", "add", "sub", "min", "max") else "")
    return f"use `ref.scatter_{op}(tf.IndexedSlices(updates, indices))` on the variable{tensor}"


def _scatter_nd(op: str) -> str:
    """Advice for ``tf.scatter_nd_<op>(ref, indices, updates)``."""
    return (f"use `ref.scatter_nd_{op}(indices, updates)` on the variable, or "
            f"`tf.tensor_scatter_nd_{op}(tensor, indices, updates)` for a tensor")


_PARTITIONERS = "tf.distribute.experimental.partitioners"
_PS = ("as `variable_partitioner=` of `tf.distribute.experimental.ParameterServerStrategy` (TF2 shards "
       "axis 0 only)")
_SPARSE_REDUCE = "use `tf.sparse.reduce_{op}(sp_input, axis, keepdims, output_is_sparse=True)`"
_RECORDS = "use `for record in tf.data.TFRecordDataset(path)`"
_LOSS_SCALE = ("use `tf.keras.mixed_precision.LossScaleOptimizer(optimizer, initial_scale=..., "
               "dynamic_growth_steps=...)`: Keras 3 only scales the loss dynamically (no fixed loss scale)")
_MIXED_ON = ("use `tf.keras.mixed_precision.set_global_policy('mixed_float16')` before building the model (it "
             "covers Keras layers, not every op as the graph rewrite did); `Model.fit` then scales the loss, a "
             "custom loop wraps its optimizer in `tf.keras.mixed_precision.LossScaleOptimizer(optimizer)`")
_MIXED_OFF = "use `tf.keras.mixed_precision.set_global_policy('float32')`"

#: Advice for TF1-only names with no TF2 rename (TF102/TF105); keys are exact paths or module prefixes.
ADVICE: dict[str, str] = {
    "app": "use `absl.app`",
    "app.run": "use `absl.app.run(main)`",
    "flags": "use `absl.flags`",
    "app.flags": "use `absl.flags`",
    "logging": _ABSL_LOGGING,
    "gfile": "use `tf.io.gfile`",
    "to_float": "use `tf.cast(x, tf.float32)`",
    "to_double": "use `tf.cast(x, tf.float64)`",
    "to_int32": "use `tf.cast(x, tf.int32)`",
    "to_int64": "use `tf.cast(x, tf.int64)`",
    "to_bfloat16": "use `tf.cast(x, tf.bfloat16)`",
    "to_complex64": "use `tf.cast(x, tf.complex64)`",
    "to_complex128": "use `tf.cast(x, tf.complex128)`",
    "py_func": "use `tf.numpy_function(func, inp, Tout, stateful=stateful)` (same arguments), or "
               "`tf.py_function` for eager tensors and gradients",
    "Print": "call `tf.print('msg', x)` as a statement and keep using `x`: `tf.print` returns None, so "
             "`x = tf.print(...)` sets `x` to None",
    "div": "use `tf.math.divide` (`x / y`), or `tf.math.floordiv` (`x // y`) for integers",
    "string_split": "use `parts = tf.strings.split(s, sep=' ')` and drop the empty strings, "
                    "`tf.ragged.boolean_mask(parts, tf.strings.length(parts) > 0)` (TF1 split on single spaces and "
                    "skipped empty ones; without `sep` tabs and newlines split too); `.to_sparse()` gives the TF1 "
                    "SparseTensor; for `delimiter=''` use `tf.strings.bytes_split`",
    "sparse_to_dense": "use `tf.sparse.to_dense(tf.sparse.reorder(tf.sparse.SparseTensor(indices, values, "
                       "dense_shape)), default_value=default_value)`, with `indices` of shape [n, rank] (for 1-D "
                       "ids: `tf.expand_dims(indices, 1)`, as int64) and one value per index (for a scalar: "
                       "`tf.fill([tf.shape(indices)[0]], value)`)",
    "variable_op_scope": "use `tf.name_scope` and objects that own their variables",
    "set_random_seed": "use `tf.random.set_seed`",
    "random.set_random_seed": "use `tf.random.set_seed`",
    "get_seed": "use `tf.random.set_seed` and stateless `tf.random` ops",
    "assign": "use `variable.assign(value)`",
    "assign_add": "use `variable.assign_add(value)`",
    "assign_sub": "use `variable.assign_sub(value)`",
    "ConfigProto": "use `tf.config` (`tf.config.threading`, `tf.config.experimental.set_memory_growth`)",
    "GPUOptions": "use `tf.config.experimental.set_memory_growth` / `tf.config.set_logical_device_configuration`",
    "RunOptions": "use `tf.profiler.experimental` for tracing",
    "RunMetadata": "use `tf.profiler.experimental` for tracing",
    "truncated_normal_initializer": "use `tf.keras.initializers.TruncatedNormal(mean, stddev, seed)` with the TF1 "
                                    "call's values, and `stddev=1.0` where it passed none (TF1's default; Keras' "
                                    "is 0.05)" + _SAME_VALUES,
    "glorot_uniform_initializer": "use `tf.keras.initializers.GlorotUniform(seed=seed)`" + _KERAS_INIT,
    "glorot_normal_initializer": "use `tf.keras.initializers.GlorotNormal(seed=seed)`" + _KERAS_INIT,
    "orthogonal_initializer": "use `tf.keras.initializers.Orthogonal(gain, seed=seed)`" + _KERAS_INIT,
    "variance_scaling_initializer": "use `tf.keras.initializers.VarianceScaling(scale, mode, distribution, "
                                    "seed=seed)`" + _KERAS_INIT,
    "uniform_unit_scaling_initializer": _UNIT_SCALING,
    "initializers.uniform_unit_scaling": _UNIT_SCALING,
    "distributions": "use TensorFlow Probability (`tfp.distributions`)",
    "saved_model": "use `tf.saved_model.save` / `tf.saved_model.load`",
    "profiler": "use `tf.profiler.experimental`",
    "python_io": "use `tf.io`",
    "python_io.tf_record_iterator": "use `for record in tf.data.TFRecordDataset(path)`",
    **{f"{module}.TFRecordCompressionType{member}": _compression(kind)
       for module in ("python_io", "io") for member, kind in _COMPRESSION.items()},
    "clip_by_average_norm": "use `tf.clip_by_norm(t, clip_norm * tf.cast(tf.size(t), tf.float32))`: TF1 clipped "
                            "the average L2 norm (the norm divided by the number of elements), so the same "
                            "`clip_norm` passed to `tf.clip_by_norm` clips `tf.size(t)` times harder",
    "add_check_numerics_ops": "use `tf.debugging.enable_check_numerics()` once at the start of the program",
    "random.get_seed": "use `tf.random.set_seed` and stateless `tf.random` ops",
    "io.tf_record_iterator": _RECORDS,
    **{f"scatter_{op}": _scatter(op) for op in ("update", "add", "sub", "mul", "div", "min", "max")},
    **{f"scatter_nd_{op}": _scatter_nd(op) for op in ("update", "add", "sub")},
    "batch_scatter_update": "use `ref.batch_scatter_update(tf.IndexedSlices(updates, indices))` on the variable",
    "fixed_size_partitioner": f"use `{_PARTITIONERS}.FixedShardsPartitioner(num_shards)` {_PS}",
    "min_max_variable_partitioner": f"use `{_PARTITIONERS}.MinSizePartitioner(min_shard_bytes=min_slice_size, "
                                    f"max_shards=max_partitions, bytes_per_string=bytes_per_string_element)` {_PS}",
    "variable_axis_size_partitioner": f"use `{_PARTITIONERS}.MaxSizePartitioner(max_shard_bytes, "
                                      f"max_shards=max_shards, bytes_per_string=bytes_per_string_element)` {_PS}",
    "nn.xw_plus_b": "use `tf.nn.bias_add(tf.matmul(x, weights), biases)`",
    "nn.relu_layer": "use `tf.nn.relu(tf.nn.bias_add(tf.matmul(x, weights), biases))`",
    "train.NewCheckpointReader": "use `tf.train.load_checkpoint(path)` (the same reader: `get_tensor`, "
                                 "`get_variable_to_shape_map`)",
    "op_scope": "use `with tf.name_scope(name or default_name):` (TF2's `name_scope` takes no `values`)",
    **{key: _SPARSE_REDUCE.format(op=op) for op in ("sum", "max")
       for key in (f"sparse.reduce_{op}_sparse", f"sparse_reduce_{op}_sparse")},
    **{f"image.resize_{op}": f"use `tf.image.resize(images, size, method='{method}')`: it computes TF1's "
                             "`half_pixel_centers=True`, so results differ from TF1's default; TF2 has no "
                             "`align_corners` (keep the compat.v1 call where results must not change)"
       for op, method in (("bilinear", "bilinear"), ("bicubic", "bicubic"), ("nearest_neighbor", "nearest"))},
    "image.resize_area": "use `tf.image.resize(images, size, method='area')` (the same results; no `align_corners`)",
    "nn.depthwise_conv2d_native": "use `tf.nn.depthwise_conv2d(input, filter, strides, padding, data_format)`; its "
                                  "`dilations` are `[rate_height, rate_width]`, not TF1's four values",
    "batch_gather": "use `tf.gather(params, indices, batch_dims=indices.shape.rank - 1)` (`batch_dims=-1` also "
                    "moves the default axis to the last one)",
    "nn.ctc_loss_v2": "use `tf.nn.ctc_loss` (the same arguments)",
    "lite.TocoConverter": "use `tf.lite.TFLiteConverter.from_saved_model(saved_model_dir)` or "
                          "`.from_keras_model(model)` (`from_session` and `from_frozen_graph` only exist on the "
                          "compat.v1 `TFLiteConverter`)",
    "mixed_precision": "use `tf.keras.mixed_precision`",
    "mixed_precision.enable_mixed_precision_graph_rewrite": _MIXED_ON,
    "mixed_precision.disable_mixed_precision_graph_rewrite": _MIXED_OFF,
    "train.experimental.enable_mixed_precision_graph_rewrite": _MIXED_ON,
    "train.experimental.disable_mixed_precision_graph_rewrite": _MIXED_OFF,
    **{f"{module}.{name}": _LOSS_SCALE for name in ("LossScale", "FixedLossScale", "DynamicLossScale")
       for module in ("mixed_precision", "mixed_precision.experimental", "train.experimental")},
}

_HALF_PIXEL = ("; TF2's function samples at half-pixel centers (TF1's default did not), so bilinear, bicubic and "
               "nearest results change (a 4×4 ramp resized to 2×2 is [[0, 2], [8, 10]] in TF1, [[2.5, 4.5], "
               "[10.5, 12.5]] in TF 2.x): keep `tf.compat.v1.{path}` where results must match TF1")

#: What a TF1 name's TF2 home computes differently, appended to its TF102/TF103 advice.
MEANING: dict[str, str] = {path: _HALF_PIXEL.format(path=path)
                           for path in ("image.resize_images", "image.resize_image_with_pad")}

#: Members TF 2.x dropped from names it keeps (TF102 through `tf`: AttributeError; compat.v1 still has them).
MEMBERS: dict[str, str] = {
    **{f"data.Iterator.{name}": "iterate the datasets themselves (`for x in dataset:` / `iter(dataset)`); to switch "
                                "between datasets, call a `tf.function` with the one wanted (`tf.data.Iterator` "
                                "only describes TF2 iterators)" for name in ("from_structure", "from_string_handle")},
    **{f"losses.Reduction.{name}": (f"TF 2.x's `tf.losses.Reduction` is Keras' (AUTO, NONE, SUM, SUM_OVER_BATCH_SIZE):"
                                    f" {how}") for name, how in (
        ("SUM_BY_NONZERO_WEIGHTS", "TF1's default divided the weighted sum by the number of non-zero weights: "
                                   "`tf.reduce_sum(losses * weights) / tf.cast(tf.math.count_nonzero(weights), "
                                   "tf.float32)`"),
        ("SUM_OVER_NONZERO_WEIGHTS", "`tf.reduce_sum(losses * weights) / tf.cast(tf.math.count_nonzero(weights), "
                                     "tf.float32)`"),
        ("MEAN", "`tf.reduce_sum(losses * weights) / tf.reduce_sum(weights)`"))},
}

#: Advice per tf.contrib submodule (TF104).
CONTRIB_ADVICE: dict[str, str] = {
    "slim": "use Keras layers, or the `tf_slim` package (`import tf_slim as slim`; it keeps TF1 graph semantics)",
    "layers": "use `tf.keras.layers` (or the `tf_slim` package for slim-style layers; it keeps TF1 graph "
              "semantics)",
    "framework": "use the `tf_slim` package (`arg_scope`) or `tf.keras`",
    "rnn": "use Keras RNN cells and layers (`tf.keras.layers.LSTMCell`, `tf.keras.layers.RNN`)",
    "cudnn_rnn": "use `tf.keras.layers.LSTM` / `tf.keras.layers.GRU` (cuDNN is used automatically)",
    "data": "use `tf.data`",
    "learn": "use Keras `Model.fit`",
    "estimator": "use Keras `Model.fit`",
    "metrics": "use `tf.keras.metrics`",
    "losses": "use `tf.keras.losses`",
    "opt": "use `tf.keras.optimizers` (AdamW, Lion, Adafactor, Nadam, Ftrl...); TensorFlow Addons only works "
           "with `tf_keras` on TF 2.15 or older",
    "seq2seq": "no maintained TF2/Keras 3 port: Keras layers (`tf.keras.layers.MultiHeadAttention`, `keras_hub`), "
               "or TensorFlow Addons with `tf_keras` on TF 2.15 or older",
    "crf": "no maintained TF2/Keras 3 port: `keras_hub`, or TensorFlow Addons with `tf_keras` on TF 2.15 or older",
    "distributions": "use TensorFlow Probability (`tfp.distributions`)",
    "bayesflow": "use TensorFlow Probability",
    "summary": "use `tf.summary`",
    "training": "use `tf.data` and Keras `Model.fit`",
    "image": "use `tf.image`, or Keras preprocessing layers (`tf.keras.layers.RandomRotation`, "
             "`tf.keras.layers.RandomTranslation`...)",
    "tpu": "use `tf.distribute.TPUStrategy`",
    "distribute": "use `tf.distribute`",
    "eager": "use TF2 eager execution (the default)",
    "keras": "use `tf.keras`",
    "lookup": "use `tf.lookup`",
    "quantize": "use the TensorFlow Model Optimization toolkit",
    "lite": "use `tf.lite`",
    "util": "use `tf.make_ndarray` / `tf.make_tensor_proto`",
    "signal": "use `tf.signal`",
    "tensorrt": "use `tf.experimental.tensorrt.Converter`",
    "compiler": "use `tf.function(jit_compile=True)` for XLA",
    "boosted_trees": "use TensorFlow Decision Forests (`tensorflow_decision_forests`)",
}
_BATCH_NORM = ("use `tf.keras.layers.BatchNormalization(momentum=0.999, scale=False, epsilon=0.001)` (contrib's "
               "defaults: `decay=0.999`, `scale=False`; Keras' are momentum 0.99 and `scale=True`), or the `tf_slim` "
               "package")
#: contrib names whose Keras namesake computes something else with its defaults (checked against tf_slim 1.1.0,
#: which is contrib's code, and tf_upgrade_v2's own rewrites).
CONTRIB_ADVICE.update({
    "layers.batch_norm": _BATCH_NORM,
    "slim.batch_norm": _BATCH_NORM,
    **{f"{module}.l2_regularizer": "use `tf.keras.regularizers.L2(0.5 * scale)`: contrib's penalty is `scale * "
                                   "tf.nn.l2_loss(w)`, half the sum of squares (tf_upgrade_v2 writes the same)"
       for module in ("layers", "slim")},
    **{f"{module}.l1_regularizer": "use `tf.keras.regularizers.L1(scale)` (the same penalty)"
       for module in ("layers", "slim")},
    **{f"{module}.{name}": "use `tf.keras.initializers.GlorotUniform(seed=seed)` (an initializer, not a layer; "
                           "`uniform=False`: `tf.keras.initializers.GlorotNormal`)"
       for module in ("layers", "slim") for name in ("xavier_initializer", "xavier_initializer_conv2d")},
})
CONTRIB_DEFAULT = "find the TF2 home of this API (core `tf.*`, Keras, TensorFlow Addons, tf-slim)"


NO_EQUIVALENT = "no TF2 equivalent: keep `tf.compat.v1.{path}` while migrating, then rewrite it in TF2 style"


def v1_advice(path: str) -> str:
    """Curated advice for a TF1-only name, by exact path or by its module; '' if there is none."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        advice = ADVICE.get(".".join(parts[:end]))
        if advice is not None:
            return advice
    return ""


V1_PREFIX = "tensorflow.compat.v1"

#: The compat.v1 names that switch a program to TF1 behaviour: TF1 evidence however they are reached. Other
#: ``tf.compat.v1.X`` names are not: tf_upgrade_v2 writes them, and rewrites the TF2-namespace calls it keeps.
TF1_MODE = {("disable_v2_behavior",), ("disable_eager_execution",)}
#: The names that switch TF 2.x behaviour on: never TF1 evidence (the file asks for TF 2.x's meanings).
TF2_MODE = {("enable_v2_behavior",), ("enable_eager_execution",)}


def severity(checker: Checker, code: str, namespace: Optional[str]) -> str:
    """The severity of a ``code`` finding on a name reached through ``namespace``: what TF 2.21 does with it
    there (the rule's ``tf2_severity`` through ``tf`` and Keras, ``v1_severity`` through ``tf.compat.v1``)."""
    if namespace is None:
        return ""
    return checker.rules[code].severity_through(namespace != tfapi.V1)


# -- findings whose severity follows how the file runs ---------------------------------------------

#: The compat.v1 calls that make a file run TF1 graphs (``Tensor.eval``, ``Operation.run`` work again), and the
#: one that brings TF1's ``Dimension`` back.
GRAPH_MODE = ("disable_v2_behavior", "disable_eager_execution")
V1_SHAPES = ("disable_v2_behavior", "disable_v2_tensorshape")


class _ByFile:
    """Findings on methods of TF1 objects (``loss.eval()``), noted in the walk and emitted at the end of the file
    with the severity of what TF 2.21 does there, and the TF1 switches the file calls."""

    __slots__ = ("pending", "switches")

    def __init__(self) -> None:
        #: code, node, receiver's namespace (None: unknown), switches that make the call run, emit's fields
        self.pending: list[tuple[str, ast.AST, Optional[str], tuple[str, ...], dict[str, Any]]] = []
        self.switches: set[str] = set()


def by_file(checker: Checker, code: str, node: ast.AST, namespace: Optional[str],
            runs_with: tuple[str, ...] = GRAPH_MODE, **fields: Any) -> None:
    """Report ``code`` at the end of the file: a warning on a compat.v1 receiver or in a file that calls one of
    ``runs_with`` (the line runs there), an error on a receiver from ``tf`` or in TF1 code (the line raises under
    TF 2.x), else the rule's severity."""
    checker.state(_ByFile).pending.append((code, node, namespace, runs_with, fields))


def switches(checker: Checker) -> set[str]:
    """The TF1 switches (``GRAPH_MODE``, ``V1_SHAPES``) the file calls, as far as the walk has seen them."""
    return checker.state(_ByFile).switches


@hooks.call(*{*GRAPH_MODE, *V1_SHAPES})
def _switch(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    checker.state(_ByFile).switches.add(path)


@hooks.on_end
def _emit_by_file(checker: Checker) -> None:
    state = checker.state(_ByFile)
    for code, node, namespace, runs_with, fields in state.pending:
        if namespace == tfapi.V1 or state.switches.intersection(runs_with):
            severity = WARNING
        elif namespace == tfapi.V2 or checker.context.tf1():
            severity = ERROR
        else:
            severity = checker.rules[code].severity
        checker.emit(code, node, severity=severity, **fields)


# -- references -----------------------------------------------------------------------------------


@hooks.reference(tfapi.CONTRIB)
def _contrib(checker: Checker, node: ast.AST, base: str, qualified: str, namespace: str,
             parts: tuple[str, ...], start: Start) -> None:
    advice = (CONTRIB_ADVICE.get(".".join(parts[:2])) or CONTRIB_ADVICE.get(parts[0], CONTRIB_DEFAULT) if parts
              else CONTRIB_DEFAULT)
    checker.context.note("`tf.contrib`", _line(node, start))
    checker.emit("TF104", node, name=tfapi.display(namespace, parts), advice=advice, start=start)


@hooks.reference(tfapi.V1, tfapi.V2, tfapi.KERAS)
def _reference(checker: Checker, node: ast.AST, base: str, qualified: str, namespace: str,
               parts: tuple[str, ...], start: Start) -> None:
    """A name in ``tf`` or ``tf.compat.v1``: the family entry claiming it, or the generic rule of its kind."""
    explicit = namespace == tfapi.V1 and not base.startswith(V1_PREFIX)
    if not parts:
        if explicit:
            checker.emit("TF101", node, name=tfapi.display(namespace, parts), start=start)
        return
    found = tfapi.lookup(namespace, parts)
    if found.kind == tfapi.IN_V2:
        member = ".".join(parts)
        if namespace == tfapi.V2 and member in MEMBERS:  # a TF1 member of a name TF 2.x keeps
            name = tfapi.display(namespace, parts)
            checker.context.note(f"`{name}`", _line(node, start))
            checker.emit("TF102", node, name=name, advice=MEMBERS[member], start=start)
        return
    if (base != qualified or isinstance(node, ast.Name)) and _reexported(base):
        # ``FLAGS = tf.app.flags.FLAGS`` was reported where it was bound; its members are absl's, and so is a
        # later use of the name (``FLAGS.lr = 0.1`` stores through it)
        return
    name = tfapi.display(namespace, parts)
    entry = checker.hooks.name_entry(parts)
    if (namespace != tfapi.V1 and (entry is not None or found.kind in (tfapi.V1ONLY, tfapi.V1MODULE))
            and parts not in TF2_MODE or parts in TF1_MODE):  # a TF1-only name outside compat.v1: TF1 code
        checker.context.note(f"`{name}`", _line(node, start))
    if entry is not None:
        for hook in checker.hooks.found_names.get(entry.code, ()):
            hook(checker)
        # Through ``tf`` (and Keras) the name is not in TF 2.x: AttributeError. Through compat.v1 it exists.
        checker.emit(entry.code, node, name=name, new=entry.new or found.new or entry.fallback,
                     advice=entry.advice, start=start, severity=severity(checker, entry.code, namespace))
        return
    by_kind = _BY_KIND.get(found.kind)
    if by_kind is not None:
        by_kind(checker, node, namespace, parts, name, found, explicit, start)


def _line(node: ast.AST, start: Start) -> int:
    return start[0] if start else getattr(node, "lineno", 0)


@lru_cache(maxsize=4096)
def _reexported(qualified: str) -> bool:
    """Whether a TensorFlow name is a module of ``REEXPORTS`` or below one."""
    path = ".".join(tfapi.split(qualified)[1])
    return any(path == module or path.startswith(module + ".") for module in REEXPORTS)


KindCheck = Callable[[Checker, ast.AST, str, tuple[str, ...], str, tfapi.ApiEntry, bool, Start], None]


def _v1_only(checker: Checker, node: ast.AST, namespace: str, parts: tuple[str, ...], name: str,
             found: tfapi.ApiEntry, explicit: bool, start: Start) -> None:
    # the member written (`TFRecordCompressionType.NONE`) where the advice knows it, else the name's advice
    advice = v1_advice(".".join((found.path, *parts[found.path.count(".") + 1:])))
    new = found.new or ("" if advice else tfapi.upgrade_renames().get(found.path, ""))
    target = tfapi.v2_targets().get(found.path)
    if namespace == tfapi.V2:
        code = "TF103" if new else "TF102"
    else:
        code = "TF106" if new else "TF105"
    if new:
        # TF103/TF106 say "use `{new}`"; the advice tells how the TF2 function differs, if it does.
        advice = _differs(target) if target is not None and target.target == new else ""
    elif not advice:
        advice = _home(target) if target is not None else NO_EQUIVALENT.format(path=found.path)
    checker.emit(code, node, name=name, new=new, advice=advice + MEANING.get(found.path, ""), start=start)


def _differs(target: tfapi.Target) -> str:
    """The tail of a TF103/TF106 suggestion: '' for the same function, else how the TF2 one differs."""
    if target.relation != "differs":
        return ""
    changes = tfapi.differences(target)
    return ", a different function: " + (changes or "check its signature")


def _home(target: tfapi.Target) -> str:
    """TF102/TF105 advice for a TF1 name whose TF2 home the generator found under another name."""
    if _another_api(target):
        return (f"TF2 has `tf.{target.target}`, another API: rewrite the call for it (as TF1's deprecation notice "
                "says); its parameters do not correspond one to one")
    changes = tfapi.differences(target)
    return f"TF2 has `tf.{target.target}`, a different function: " + (changes or "check its signature")


def _another_api(target: tfapi.Target) -> bool:
    """A home named by a deprecation notice that is a class, or shares few parameters with the TF1 function:
    pairing parameters by position there would pair unrelated ones."""
    return target.source == "deprecation" and (target.target.rpartition(".")[2][:1].isupper()
                                               or len(target.keywords) >= 2)


def _same(checker: Checker, node: ast.AST, namespace: str, parts: tuple[str, ...], name: str,
          found: tfapi.ApiEntry, explicit: bool, start: Start) -> None:
    if explicit:
        checker.emit("TF107", node, name=name, new=".".join(parts), start=start)


def _variant(checker: Checker, node: ast.AST, namespace: str, parts: tuple[str, ...], name: str,
             found: tfapi.ApiEntry, explicit: bool, start: Start) -> None:
    if explicit:
        checker.emit("TF109", node, name=name, new=found.path, start=start)


_BY_KIND: dict[str, KindCheck] = {tfapi.V1ONLY: _v1_only, tfapi.V1MODULE: _v1_only, tfapi.SAME: _same,
                                  tfapi.VARIANT: _variant}


# -- imports --------------------------------------------------------------------------------------


def _reported_module(name: str) -> bool:
    return (name == "tensorflow.compat.v1" or name.startswith(("tensorflow.compat.v1.", "tensorflow.contrib"))
            or name.split(".", 1)[0] == "tensorflow_estimator")


@hooks.on_import
def _import(checker: Checker, node: Union[ast.Import, ast.ImportFrom]) -> None:
    """Imports of compat.v1, contrib and Estimator modules; ``from tensorflow import placeholder``."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if _reported_module(alias.name):
                checker.reference(alias, "", alias.name, start=alias_position(alias, node))
        return
    module = node.module or ""
    if module.split(".", 1)[0] not in ("tensorflow", "tensorflow_estimator"):
        return
    reported = False
    for alias in node.names:
        qualified = f"{module}.{alias.name}"
        if alias.name == "*":
            continue
        if module.startswith("tensorflow.compat.v1") or qualified == "tensorflow.compat.v1":
            if not reported:  # one TF101 per statement
                checker.reference(node, "", "tensorflow.compat.v1")
                reported = True
        else:
            # contrib / Estimator names, and ``from tensorflow import placeholder`` (ImportError in TF 2.x)
            checker.reference(alias, "", qualified, start=alias_position(alias, node))


# -- calls ----------------------------------------------------------------------------------------


_PARTITION = ("TF2 always uses 'div': removing it where it was 'mod' (the TF1 default) permutes the rows of "
              "tables sharded over several variables")
_SUMMARY_DATA = "use `data=`"

#: TF108 advice per (TF1 path, keyword) where the generated tables know no rename: the TF2 keyword, or what
#: removing the keyword changes.
KEYWORD_ADVICE: dict[tuple[str, str], str] = {
    ("nn.ctc_loss", "inputs"): "use `logits=` (TF2 `tf.nn.ctc_loss(labels, logits, label_length, logit_length)`;"
                               " pass `label_length=None` for sparse labels and `blank_index=-1` for the TF1 blank)",
    ("nn.ctc_loss", "sequence_length"): "use `logit_length=`",
    ("nn.ctc_loss", "time_major"): "use `logits_time_major=`",
    ("summary.audio", "tensor"): _SUMMARY_DATA,
    ("summary.image", "tensor"): _SUMMARY_DATA,
    ("summary.scalar", "tensor"): _SUMMARY_DATA,
    ("summary.text", "tensor"): _SUMMARY_DATA,
    ("summary.histogram", "values"): _SUMMARY_DATA,
    ("strings.split", "source"): "use `input=`",
    ("image.extract_glimpse", "uniform_noise"): "use `noise='uniform'` (for True) or `noise='gaussian'` (for False)",
    ("device", "device_name_or_function"): "use `device_name=` (device functions are not accepted)",
    ("nn.embedding_lookup", "partition_strategy"): _PARTITION,
    ("nn.embedding_lookup_sparse", "partition_strategy"): _PARTITION,
    ("nn.nce_loss", "partition_strategy"): _PARTITION,
    ("nn.sampled_softmax_loss", "partition_strategy"): _PARTITION,
    ("image.resize", "align_corners"): "no TF2 equivalent: TF2 uses half-pixel centers, so results change; keep "
                                       "`tf.compat.v1.image.resize(..., align_corners=True)` where they must not",
    ("nn.ctc_beam_search_decoder", "merge_repeated"): "TF2 behaves like `merge_repeated=False`: removing it where "
                                                      "it was True (the TF1 default) changes the decoded labels",
    ("nn.ctc_loss", "ignore_longer_outputs_than_inputs"): (
        "TF2 has no such switch and raises InvalidArgumentError on a label longer than its logits (on the data, "
        "possibly hours into training): drop such examples from the dataset first, or keep "
        "`tf.compat.v1.nn.ctc_loss`"),
    **{("nn.ctc_loss", keyword): (
        f"TF2 always computes `{keyword}={value}` (TF1's default): removing a `{keyword}={not value}` changes "
        "the loss; keep `tf.compat.v1.nn.ctc_loss` for it")
       for keyword, value in (("ctc_merge_repeated", True), ("preprocess_collapse_repeated", False))},
    ("strings.split", "result_type"): "remove it and convert the result: TF2 returns a RaggedTensor, "
                                      "`.to_sparse()` gives TF1's SparseTensor",
    ("nn.safe_embedding_lookup_sparse", "partition_strategy"): _PARTITION,
    **{(path, "block_size"): "use `block_shape=[block_size, block_size]` (TF 2.x takes a 1-D list; a scalar raises)"
       for path in ("space_to_batch", "nn.space_to_batch")},
    **{("lite.TFLiteConverter", keyword): (
        "another API in TF 2.x: build the converter with `tf.lite.TFLiteConverter.from_saved_model(path)`, "
        "`.from_keras_model(model)` or `.from_concrete_functions(funcs)` (a graph and its tensors only work with "
        "`tf.compat.v1.lite.TFLiteConverter`)")
       for keyword in ("graph_def", "input_tensors", "output_tensors", "input_arrays_with_shape", "output_arrays",
                       "experimental_debug_info_func")},
    **{("test.compute_gradient", keyword): (
        "another API in TF 2.x: `tf.test.compute_gradient(f, [x])` takes the function computing `y` and its "
        "arguments (shapes, feeds and initial values are gone), or keep `tf.compat.v1.test.compute_gradient`")
       for keyword in ("x_shape", "y", "y_shape", "x_init_value", "init_targets", "extra_feed_dict")},
}


#: TF2 functions that still accept their TF1-only keywords (``tf.Variable(..., collections=...)`` runs in TF 2.21 and
#: ignores them): TF108 is a warning there, not an error.
TF2_TAKES_V1_KEYWORDS = {"Variable"}


@hooks.call("truncated_normal_initializer")
def _truncated_normal(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF102/TF105 on a call: the Keras initializer with the call's own mean, stddev and seed (TF1's stddev 1.0
    where it gives none; Keras' default is 0.05)."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return
    given = {k.arg: ast.unparse(k.value) for k in node.keywords}
    given.update(zip(("mean", "stddev", "seed", "dtype"), (ast.unparse(a) for a in node.args)))
    given.setdefault("stddev", "1.0")
    shown = ", ".join(f"{param}={given[param]}" for param in ("mean", "stddev", "seed") if param in given)
    advice = (f"use `tf.keras.initializers.TruncatedNormal({shown})` (TF1's default stddev is 1.0, Keras' 0.05)"
              + _SAME_VALUES)
    checker.emit("TF102" if namespace == tfapi.V2 else "TF105", node.func, name=name, advice=advice)


@hooks.on_any_call
def _v1_keywords(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF108: keywords the TF2 function renamed or dropped."""
    keywords = tfapi.v1_keywords().get(path)
    if not keywords:
        return
    for keyword in node.keywords:
        if keyword.arg in keywords and id(keyword) not in checker.claimed:
            new = keywords[keyword.arg]
            if (path, keyword.arg) in KEYWORD_ADVICE:
                advice = KEYWORD_ADVICE[path, keyword.arg]
            elif keyword.arg == "keep_prob":
                advice = "use `rate=1 - keep_prob`"
            elif new:
                advice = f"use `{new}=`"
            else:
                advice = "remove it: the TF2 function has no such parameter"
            checker.emit("TF108", keyword, name=keyword.arg, func=f"tf.{path}", advice=advice,
                         severity=WARNING if path in TF2_TAKES_V1_KEYWORDS else severity(checker, "TF108", namespace))
