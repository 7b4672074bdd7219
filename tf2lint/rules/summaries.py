"""TF9xx: TF1 summaries and TensorShape dimensions."""
from tf2lint.rules.model import WARNING, Rule

RULES = (
    Rule(
        "TF901", "summary-file-writer", WARNING,
        "`{name}` is the TF1 summary writer",
        "use `writer = tf.summary.create_file_writer(logdir)` and `with writer.as_default(step=step):`",
        "Finds `summary.FileWriter` and `summary.FileWriterCache`.",
        "The TF1 writer takes serialized summaries from `Session.run`; TF2 summary ops write directly to "
        "the default writer.",
        "writer = tf.summary.FileWriter(logdir, sess.graph)\nwriter.add_summary(s, step)",
        "writer = tf.summary.create_file_writer(logdir)\nwith writer.as_default(step=step):\n"
        "    tf.summary.scalar('loss', loss)",
    ),
    Rule(
        "TF902", "summary-merge", WARNING,
        "`{name}` merges TF1 summaries for a session",
        "drop it: TF2 summary ops write when they run",
        "Finds `summary.merge_all` and `summary.merge`.",
        "Merging only collects summary tensors for `Session.run`.",
        "merged = tf.summary.merge_all()\ns = sess.run(merged)",
        "with writer.as_default(step=step):\n    tf.summary.scalar('loss', loss)",
    ),
    Rule(
        "TF903", "v1-summary-op", WARNING,
        "`{name}` is a TF1 summary op",
        "use `tf.summary.{op}(name, data, step=step)` inside `with writer.as_default():`",
        "Finds TF1 summary ops: the ones reached through `compat.v1`, and TF2 calls that pass the TF1-only "
        "keywords `collections=`, `family=`, `tensor=` or `values=`.",
        "TF1 summary ops return serialized protos for a session to fetch; the TF2 ones write to a writer and "
        "take a `step`.",
        "tf.compat.v1.summary.scalar('loss', loss, collections=['train'])",
        "with writer.as_default(step=step):\n    tf.summary.scalar('loss', loss)",
    ),
    Rule(
        "TF904", "dimension-value", WARNING,
        "`{name}` uses the TF1 `Dimension` object",
        "a TF2 shape element is already an int or None; use `tf.compat.dimension_value(d)` where the code "
        "must run on both",
        "Finds `.value` on a shape element (`x.shape[0].value`, `x.get_shape()[1].value`, `d.value` in "
        "`for d in x.shape:`) and `Dimension`; not `x.shape.dims[i].value`, which TF2 still supports.",
        "In TF2 `TensorShape` elements are plain ints, and `.value` raises AttributeError.",
        "n = x.get_shape()[1].value",
        "n = x.shape[1]",
    ),
)
