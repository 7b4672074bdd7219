"""TF8xx: queue-based input pipelines and TF1 dataset iterators."""
from __future__ import annotations

import ast

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks, method_position
from tf2lint.rules import api_surface
from tf2lint.rules.model import ERROR, WARNING, Rule

_DATASET = "build a `tf.data.Dataset` pipeline and iterate it with `for` or `iter()`"

#: The family's section in docs/rules.md.
TITLE = "Input pipelines"
INTRO = (
    "`tf.data` replaces queues, queue runners and readers. A `tf.data.Dataset` is a Python iterable: iterate "
    "it eagerly (`for batch in ds:`), inside `@tf.function`, or pass it to `Model.fit`."
)

RULES = (
    Rule(
        "TF801", "input-producer", WARNING,
        "`{name}` is a TF1 queue-based input producer",
        "use `tf.data.Dataset.from_tensor_slices(items).shuffle(n).repeat(epochs)`",
        "Finds `string_input_producer`, `slice_input_producer`, `range_input_producer`, `input_producer` and "
        "`limit_epochs`.",
        "Queue runners need a session and threads; `tf.data` does the same eagerly and inside "
        "`tf.function`.",
        "q = tf.train.string_input_producer(files, num_epochs=5)",
        "ds = tf.data.Dataset.from_tensor_slices(files).shuffle(len(files)).repeat(5)",
    ),
    Rule(
        "TF802", "queue-batch", WARNING,
        "`{name}` batches through a TF1 queue",
        "use `dataset.batch(n)`, `dataset.shuffle(min_after_dequeue).batch(n)` or `dataset.padded_batch(n)` "
        "(`drop_remainder=True` where TF1 had `allow_smaller_final_batch=False`)",
        "Finds `train.batch`, `shuffle_batch`, `batch_join`, `shuffle_batch_join` and the `maybe_*` "
        "variants.",
        "Queue batching depends on queue runners and a coordinator.",
        "xb, yb = tf.train.shuffle_batch([x, y], 32, capacity=1000, min_after_dequeue=100)",
        "ds = ds.shuffle(100).batch(32)",
    ),
    Rule(
        "TF803", "queue-runner", WARNING,
        "`{name}` runs TF1 queue threads",
        "delete it and iterate a `tf.data.Dataset`",
        "Finds `start_queue_runners`, `QueueRunner`, `add_queue_runner` and `LooperThread`.",
        "There are no queue runners to start in a `tf.data` pipeline. `tf.train.Coordinator` is TF2 API and "
        "can stay where it coordinates threads of your own.",
        "coord = tf.train.Coordinator()\nthreads = tf.train.start_queue_runners(sess, coord)",
        "for batch in ds:\n    ...",
    ),
    Rule(
        "TF804", "v1-queue", WARNING,
        "`{name}` is a TF1 input queue",
        "use a `tf.data.Dataset` pipeline (or `{new}` if you really need a queue)",
        "Finds `FIFOQueue`, `RandomShuffleQueue`, `PaddingFIFOQueue`, `PriorityQueue` and `QueueBase` at the "
        "TF1 root.",
        "Queues fed by enqueue ops and drained by sessions were TF1's input pipeline; `tf.data` replaces it.",
        "q = tf.FIFOQueue(100, [tf.float32])",
        "ds = tf.data.Dataset.from_generator(gen, output_signature=spec)",
    ),
    Rule(
        "TF805", "v1-reader", ERROR,
        "`{name}` is a TF1 reader op",
        "{advice}",
        "Finds `TFRecordReader`, `TextLineReader`, `WholeFileReader`, `FixedLengthRecordReader`, "
        "`IdentityReader` and `LMDBReader`.",
        "Readers pull file names from a queue; `tf.data` readers take file names directly.",
        "reader = tf.TFRecordReader()\n_, record = reader.read(filename_queue)",
        "ds = tf.data.TFRecordDataset(files)",
        v1_severity=WARNING,  # through compat.v1 the readers run in graph mode
    ),
    Rule(
        "TF806", "dataset-iterator", WARNING,
        "`{name}` is a TF1 dataset iterator",
        "iterate the dataset directly: `for x in ds:` or `next(iter(ds))`",
        "Finds `make_one_shot_iterator()` / `make_initializable_iterator()` as dataset methods and as "
        "`data.make_*` functions.",
        "TF2 datasets are Python iterables; the methods raise AttributeError on TF2 datasets.",
        "x = ds.make_one_shot_iterator().get_next()",
        "for x in ds:\n    ...",
    ),
    Rule(
        "TF807", "dataset-output-attributes", WARNING,
        "`{name}` is TF1 dataset structure metadata",
        "use `ds.element_spec`",
        "Finds `output_types`, `output_shapes` and `output_classes` on a `tf.data` dataset or iterator, and "
        "`data.get_output_*`.",
        "TF2 datasets describe their elements with `tf.TypeSpec`s in `element_spec`.",
        "types = ds.output_types",
        "spec = ds.element_spec",
    ),
)

hooks = Hooks()

#: TF1 reader -> (TF2 name, advice).
_READERS = {
    "TFRecordReader": ("data.TFRecordDataset", "use `tf.data.TFRecordDataset(filenames)`"),
    "TextLineReader": ("data.TextLineDataset", "use `tf.data.TextLineDataset(filenames)`; for "
                                               "`skip_header_lines=n`, skip per file: `tf.data.Dataset.from_tensor_"
                                               "slices(filenames).flat_map(lambda f: tf.data.TextLineDataset(f)"
                                               ".skip(n))`"),
    "FixedLengthRecordReader": ("data.FixedLengthRecordDataset", "use `tf.data.FixedLengthRecordDataset(filenames, "
                                                                 "record_bytes, header_bytes, footer_bytes)` (it "
                                                                 "has no `hop_bytes`)"),
    "WholeFileReader": ("data.Dataset", "use `tf.data.Dataset.list_files(pattern).map(tf.io.read_file)`"),
    "IdentityReader": ("data.Dataset", "use `tf.data.Dataset.from_tensor_slices(work)`: each element is the key "
                                       "and the value the reader gave"),
    "LMDBReader": ("data.Dataset", "core TF2 has no LMDB reader: `tensorflow-io` (`tfio.IODataset.from_lmdb`)"),
    "ReaderBase": ("data.Dataset", "use a `tf.data` dataset that takes the file names directly"),
}

hooks.name("TF801", "train.string_input_producer train.slice_input_producer train.range_input_producer "
                    "train.input_producer train.limit_epochs")
hooks.name("TF802", "train.batch train.shuffle_batch train.batch_join train.shuffle_batch_join "
                    "train.maybe_batch train.maybe_shuffle_batch train.maybe_batch_join "
                    "train.maybe_shuffle_batch_join")
hooks.name("TF803", "train.start_queue_runners train.QueueRunner train.add_queue_runner train.queue_runner "
                    "train.LooperThread")
hooks.renamed("TF804", {name: f"queue.{name}" for name in
                        "FIFOQueue RandomShuffleQueue PaddingFIFOQueue PriorityQueue QueueBase".split()},
              fallback="queue")
for _reader, (_new, _advice) in _READERS.items():
    hooks.name("TF805", _reader, new=_new, advice=_advice, fallback="data")
hooks.name("TF806", "data.make_one_shot_iterator data.make_initializable_iterator")
hooks.name("TF807", "data.get_output_types data.get_output_shapes data.get_output_classes")

_ITERATOR_METHODS = ("make_one_shot_iterator", "make_initializable_iterator")


@hooks.method(*_ITERATOR_METHODS)
def _iterator(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    qualified = checker.resolve(func)
    if qualified is not None and "()" not in qualified:
        return  # ``tf.data.make_one_shot_iterator(ds)`` is a function: reported as a reference
    if qualified is None and node.args:
        return  # ``something.make_one_shot_iterator(x)`` on an unknown receiver with arguments: not a Dataset
    namespace = tfapi.split(qualified)[0] if qualified is not None else None
    # TF 2.x datasets have no such method (AttributeError); compat.v1 datasets in graph mode do
    api_surface.by_file(checker, "TF806", node, namespace if tfapi.is_tf(namespace) else None,
                        name=f"Dataset.{func.attr}", start=method_position(func))


@hooks.attribute("output_types", "output_shapes", "output_classes")
def _dataset_attribute(checker: Checker, node: ast.Attribute) -> None:
    receiver = checker.resolve(node.value)
    if receiver is None:
        return
    namespace, parts = tfapi.split(receiver.replace("()", ""))
    path = ".".join(parts)
    if tfapi.is_tf(namespace) and (path.startswith("data.") or any(
            method in path for method in _ITERATOR_METHODS)):
        checker.emit("TF807", node, name=f"Dataset.{node.attr}", start=method_position(node),
                     severity=api_surface.severity(checker, "TF807", namespace))
