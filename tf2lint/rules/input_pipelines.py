"""TF8xx: queue-based input pipelines and TF1 dataset iterators."""
from tf2lint.rules.model import ERROR, WARNING, Rule

_DATASET = "build a `tf.data.Dataset` pipeline and iterate it with `for` or `iter()`"

RULES = (
    Rule(
        "TF801", "input-producer", WARNING,
        "`{name}` is a TF1 queue-based input producer",
        "use `tf.data.Dataset.from_tensor_slices(items).shuffle(n).repeat(epochs)`",
        "Finds `string_input_producer`, `slice_input_producer`, `range_input_producer`, `input_producer`, "
        "`limit_epochs` and `match_filenames_once`.",
        "Queue runners need a session and threads; `tf.data` does the same eagerly and inside "
        "`tf.function`.",
        "q = tf.train.string_input_producer(files, num_epochs=5)",
        "ds = tf.data.Dataset.from_tensor_slices(files).repeat(5)",
    ),
    Rule(
        "TF802", "queue-batch", WARNING,
        "`{name}` batches through a TF1 queue",
        "use `dataset.batch(n)`, `dataset.shuffle(k).batch(n)` or `dataset.padded_batch(n)`",
        "Finds `train.batch`, `shuffle_batch`, `batch_join`, `shuffle_batch_join` and the `maybe_*` "
        "variants.",
        "Queue batching depends on queue runners and a coordinator.",
        "xb, yb = tf.train.shuffle_batch([x, y], 32, capacity=1000, min_after_dequeue=100)",
        "ds = ds.shuffle(1000).batch(32)",
    ),
    Rule(
        "TF803", "queue-runner", WARNING,
        "`{name}` runs TF1 queue threads",
        "delete it and iterate a `tf.data.Dataset`",
        "Finds `start_queue_runners`, `QueueRunner`, `add_queue_runner` and `Coordinator`.",
        "There are no queue runners to start in a `tf.data` pipeline.",
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
        "use `{new}`",
        "Finds `TFRecordReader`, `TextLineReader`, `WholeFileReader`, `FixedLengthRecordReader`, "
        "`IdentityReader` and `LMDBReader`.",
        "Readers pull file names from a queue; `tf.data` readers take file names directly.",
        "reader = tf.TFRecordReader()\n_, record = reader.read(filename_queue)",
        "ds = tf.data.TFRecordDataset(files)",
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
