"""Hand-written TF2 knowledge beside the generated tables.

``FAMILY`` sends TF1 names (paths relative to ``tf.compat.v1``; an entry also covers every name below it)
to the specific rule that explains the TF2 way; everything else falls back to the generic TF1xx rules.
``ADVICE`` is the TF2 advice for TF1-only names that have no plain rename.
"""
from __future__ import annotations

from typing import NamedTuple, Optional


class Entry(NamedTuple):
    code: str
    new: str = ""  # TF2 path relative to ``tf`` (``keras.layers.Dense``), shown as ``tf.<new>``
    advice: str = ""  # replaces the rule's suggestion


def _same(code: str, names: str, new: str = "", advice: str = "") -> dict[str, Entry]:
    return {name: Entry(code, new, advice) for name in names.split()}


def _mapped(code: str, pairs: dict[str, str]) -> dict[str, Entry]:
    return {name: Entry(code, new) for name, new in pairs.items()}


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

_READERS = {
    "TFRecordReader": "data.TFRecordDataset",
    "TextLineReader": "data.TextLineDataset",
    "FixedLengthRecordReader": "data.FixedLengthRecordDataset",
    "IdentityReader": "data.Dataset",
    "LMDBReader": "data.Dataset",
    "ReaderBase": "data.Dataset",
}

FAMILY: dict[str, Entry] = {
    # TF2xx behaviour switches
    **_same("TF201", "disable_v2_behavior disable_eager_execution"),
    **_same("TF202", "enable_eager_execution enable_v2_behavior enable_resource_variables "
                     "enable_v2_tensorshape enable_control_flow_v2"),
    **_same("TF203", "disable_resource_variables disable_v2_tensorshape disable_control_flow_v2 "
                     "disable_tensor_equality"),
    # TF3xx sessions and placeholders
    **_same("TF301", "Session InteractiveSession"),
    **_same("TF303", "get_default_session"),
    **_same("TF306", "placeholder sparse_placeholder ragged.placeholder"),
    **_same("TF307", "placeholder_with_default"),
    # TF4xx name-based variables
    **_same("TF401", "get_variable get_local_variable"),
    **_same("TF402", "variable_scope VariableScope get_variable_scope"),
    **_same("TF403", "AUTO_REUSE"),
    **_same("TF404", "make_template"),
    **_same("TF405", "global_variables trainable_variables local_variables model_variables all_variables "
                     "moving_average_variables"),
    **_same("TF406", "global_variables_initializer initialize_all_variables local_variables_initializer "
                     "initialize_local_variables variables_initializer initialize_variables tables_initializer "
                     "initializers.global_variables initializers.local_variables initializers.variables "
                     "initializers.tables_initializer"),
    **_same("TF407", "train.Saver"),
    **_same("TF408", "train.init_from_checkpoint"),
    **_same("TF409", "train.import_meta_graph train.export_meta_graph saved_model.loader saved_model.builder "
                     "saved_model.simple_save saved_model.Builder saved_model.load_v1 saved_model.main_op"),
    # TF5xx collections and the default graph
    **_same("TF501", "get_collection get_collection_ref add_to_collection add_to_collections"),
    **_same("TF502", "GraphKeys"),
    **_same("TF504", "losses.get_regularization_loss losses.get_regularization_losses losses.get_total_loss "
                     "losses.get_losses losses.add_loss"),
    **_same("TF505", "get_default_graph reset_default_graph"),
    # TF7xx training loops
    **_mapped("TF701", _OPTIMIZERS),
    **_same("TF704", "train.get_or_create_global_step train.get_global_step train.create_global_step "
                     "train.global_step train.assert_global_step"),
    **_mapped("TF705", _DECAYS),
    **_same("TF706", "train.MonitoredTrainingSession train.MonitoredSession train.SingularMonitoredSession "
                     "train.Supervisor train.Scaffold train.SessionManager train.ChiefSessionCreator "
                     "train.WorkerSessionCreator train.SessionCreator"),
    **_same("TF707", "train.SessionRunHook train.SessionRunArgs train.SessionRunContext train.SessionRunValues "
                     "train.LoggingTensorHook train.StopAtStepHook train.CheckpointSaverHook "
                     "train.CheckpointSaverListener train.StepCounterHook train.NanTensorHook "
                     "train.SummarySaverHook train.GlobalStepWaiterHook train.FinalOpsHook "
                     "train.FeedFnHook train.ProfilerHook train.NanLossDuringTrainingError"),
    **_same("TF708", "estimator"),
    **_mapped("TF709", _LAYERS),
    **_mapped("TF709", {f"layers.{name}": f"keras.layers.{name}" for name in _LAYER_CLASSES.split()}),
    **_mapped("TF710", _RNN),
    **_mapped("TF711", _LOSSES),
    **_mapped("TF712", _METRICS),
    # TF8xx input pipelines
    **_same("TF801", "train.string_input_producer train.slice_input_producer train.range_input_producer "
                     "train.input_producer train.limit_epochs train.match_filenames_once"),
    **_same("TF802", "train.batch train.shuffle_batch train.batch_join train.shuffle_batch_join "
                     "train.maybe_batch train.maybe_shuffle_batch train.maybe_batch_join "
                     "train.maybe_shuffle_batch_join"),
    **_same("TF803", "train.start_queue_runners train.QueueRunner train.add_queue_runner train.queue_runner "
                     "train.Coordinator train.LooperThread"),
    **_mapped("TF804", {name: f"queue.{name}" for name in
                        "FIFOQueue RandomShuffleQueue PaddingFIFOQueue PriorityQueue QueueBase".split()}),
    **_mapped("TF805", _READERS),
    "WholeFileReader": Entry("TF805", "", "use `tf.data.Dataset.list_files(pattern).map(tf.io.read_file)`"),
    **_same("TF806", "data.make_one_shot_iterator data.make_initializable_iterator"),
    **_same("TF807", "data.get_output_types data.get_output_shapes data.get_output_classes"),
    # TF9xx summaries and shapes
    **_same("TF901", "summary.FileWriter summary.FileWriterCache"),
    **_same("TF902", "summary.merge_all summary.merge"),
    **_same("TF903", "summary.scalar summary.histogram summary.image summary.audio summary.text "
                     "summary.tensor_summary"),
    **_same("TF904", "Dimension"),
}

#: ``{new}`` for family entries that name no TF2 symbol of their own.
DEFAULT_NEW = {
    "TF701": "keras.optimizers", "TF705": "keras.optimizers.schedules", "TF709": "keras.layers",
    "TF710": "keras.layers.RNN", "TF711": "keras.losses", "TF712": "keras.metrics", "TF804": "queue",
    "TF805": "data",
}


def family_entry(parts: tuple[str, ...]) -> Optional[Entry]:
    """The family entry for the longest prefix of ``parts`` that has one."""
    for end in range(len(parts), 0, -1):
        entry = FAMILY.get(".".join(parts[:end]))
        if entry is not None:
            return entry
    return None


#: TF1 modules that only re-export another library: the alias is reported, its members are not.
REEXPORTS = {"flags", "app.flags"}

_ABSL_LOGGING = "use `absl.logging` (or `tf.get_logger()`)"

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
    "py_func": "use `tf.numpy_function` (drop `stateful`) or `tf.py_function`",
    "Print": "use `tf.print`",
    "div": "use `tf.math.divide` (`x / y`), or `tf.math.floordiv` (`x // y`) for integers",
    "string_split": "use `tf.strings.split`",
    "sparse_to_dense": "use `tf.sparse.to_dense` on a `tf.sparse.SparseTensor`",
    "variable_op_scope": "use `tf.name_scope` and objects that own their variables",
    "set_random_seed": "use `tf.random.set_seed`",
    "get_seed": "use `tf.random.set_seed` and stateless `tf.random` ops",
    "assign": "use `variable.assign(value)`",
    "assign_add": "use `variable.assign_add(value)`",
    "assign_sub": "use `variable.assign_sub(value)`",
    "ConfigProto": "use `tf.config` (`tf.config.threading`, `tf.config.experimental.set_memory_growth`)",
    "GPUOptions": "use `tf.config.experimental.set_memory_growth` / `tf.config.set_logical_device_configuration`",
    "RunOptions": "use `tf.profiler.experimental` for tracing",
    "RunMetadata": "use `tf.profiler.experimental` for tracing",
    "train.Server": "use `tf.distribute` strategies",
    "train.ClusterSpec": "use `tf.distribute` strategies",
    "initializers": "use `tf.keras.initializers`",
    "keras.initializers": "use `tf.keras.initializers`",
    "random_normal_initializer": "use `tf.keras.initializers.RandomNormal`",
    "random_uniform_initializer": "use `tf.keras.initializers.RandomUniform`",
    "truncated_normal_initializer": "use `tf.keras.initializers.TruncatedNormal`",
    "glorot_uniform_initializer": "use `tf.keras.initializers.GlorotUniform`",
    "glorot_normal_initializer": "use `tf.keras.initializers.GlorotNormal`",
    "orthogonal_initializer": "use `tf.keras.initializers.Orthogonal`",
    "variance_scaling_initializer": "use `tf.keras.initializers.VarianceScaling`",
    "zeros_initializer": "use `tf.keras.initializers.Zeros`",
    "ones_initializer": "use `tf.keras.initializers.Ones`",
    "constant_initializer": "use `tf.keras.initializers.Constant`",
    "layers": "use `tf.keras.layers`",
    "distributions": "use TensorFlow Probability (`tfp.distributions`)",
    "saved_model": "use `tf.saved_model.save` / `tf.saved_model.load`",
    "profiler": "use `tf.profiler.experimental`",
    "python_io": "use `tf.io`",
}

#: Advice per tf.contrib submodule (TF104).
CONTRIB_ADVICE: dict[str, str] = {
    "slim": "use Keras layers, or the `tf_slim` package (`import tf_slim as slim`)",
    "layers": "use `tf.keras.layers` (or the `tf_slim` package for slim-style layers)",
    "framework": "use the `tf_slim` package (`arg_scope`) or `tf.keras`",
    "rnn": "use Keras RNN cells and layers (`tf.keras.layers.LSTMCell`, `tf.keras.layers.RNN`)",
    "cudnn_rnn": "use `tf.keras.layers.LSTM` / `tf.keras.layers.GRU` (cuDNN is used automatically)",
    "data": "use `tf.data`",
    "learn": "use Keras `Model.fit`",
    "estimator": "use Keras `Model.fit`",
    "metrics": "use `tf.keras.metrics`",
    "losses": "use `tf.keras.losses`",
    "opt": "use `tf.keras.optimizers` (or TensorFlow Addons)",
    "seq2seq": "use TensorFlow Addons (`tfa.seq2seq`)",
    "crf": "use TensorFlow Addons (`tfa.text.crf_*`)",
    "distributions": "use TensorFlow Probability (`tfp.distributions`)",
    "bayesflow": "use TensorFlow Probability",
    "summary": "use `tf.summary`",
    "training": "use `tf.data` and Keras `Model.fit`",
    "image": "use `tf.image` (or TensorFlow Addons `tfa.image`)",
    "tpu": "use `tf.distribute.TPUStrategy`",
    "distribute": "use `tf.distribute`",
    "eager": "use TF2 eager execution (the default)",
    "keras": "use `tf.keras`",
    "lookup": "use `tf.lookup`",
    "quantize": "use the TensorFlow Model Optimization toolkit",
    "lite": "use `tf.lite`",
    "util": "use `tf.make_ndarray` / `tf.make_tensor_proto`",
}
CONTRIB_DEFAULT = "tf.contrib is gone: find the TF2 home of this API (core `tf.*`, Keras, TensorFlow Addons, tf-slim)"


NO_EQUIVALENT = "no TF2 equivalent: keep `tf.compat.v1.{path}` while migrating, then rewrite it in TF2 style"


def v1_advice(path: str) -> str:
    """Curated advice for a TF1-only name, by exact path or by its module; '' if there is none."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        advice = ADVICE.get(".".join(parts[:end]))
        if advice is not None:
            return advice
    return ""
