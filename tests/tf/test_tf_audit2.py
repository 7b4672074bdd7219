"""The second knowledge audit's findings, run under TensorFlow 2.21: each finding tf2lint gives (or no longer
gives) is checked against what the TF1 call (``tf.compat.v1``, in graph mode where TF 1.x ran graphs) and the
advice compute."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tf2lint import Diagnostic
from tf2lint.engine import lint_source
from tfknow import resolve

v1 = tf.compat.v1
TF1_HEADER = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
TF2_HEADER = "import tensorflow as tf\n"
BACKTICKED = re.compile(r"`([^`]+)`")


def findings(source: str, header: str = TF2_HEADER) -> list[Diagnostic]:
    """The findings on the first line of ``source`` placed after ``header``."""
    line = header.count("\n") + 1
    return [d for d in lint_source(header + source + "\n") if d.line == line]


def only(source: str, code: str, header: str = TF2_HEADER) -> Diagnostic:
    found = [d for d in findings(source, header) if d.code == code]
    assert len(found) == 1, findings(source, header)
    return found[0]


def advised(diagnostic: Diagnostic, prefix: str) -> str:
    """The first backticked expression of a finding's suggestion that starts with ``prefix``."""
    for expr in BACKTICKED.findall(diagnostic.suggestion):
        if expr.startswith(prefix):
            return expr
    raise AssertionError(f"no `{prefix}...` in {diagnostic.suggestion!r}")


def kept(result: tf.Tensor) -> float:
    return float(tf.reduce_mean(tf.cast(result != 0, tf.float32)))


# -- E-1: TF110 on `1 - keep_prob` ------------------------------------------------------------------------


@pytest.mark.parametrize("header", [TF2_HEADER, TF1_HEADER])
@pytest.mark.parametrize("argument", ["1 - keep_prob", "1.0 - self.keep_prob"])
def test_tf110_rate_computed_from_keep_prob_is_not_reported(header: str, argument: str) -> None:
    assert not [d for d in findings(f"h = tf.nn.dropout(ones, {argument})", header) if d.code == "TF110"]
    tf.random.set_seed(0)
    keep_prob = 0.9
    assert kept(tf.nn.dropout(tf.ones([100000]), 1 - keep_prob)) == pytest.approx(0.9, abs=0.01)


def test_tf110_keep_prob_itself_is_still_reported_in_tf2_code() -> None:
    finding = only("h = tf.nn.dropout(ones, keep_prob)", "TF110")
    keep_prob = 0.9
    tf.random.set_seed(0)
    ones = tf.ones([100000])
    assert kept(eval(advised(finding, "tf.nn.dropout"), {"tf": tf, "ones": ones, "keep_prob": keep_prob})) \
        == pytest.approx(0.9, abs=0.01)


# -- TFRecordCompressionType members ----------------------------------------------------------------------


@pytest.mark.parametrize("module", ["python_io", "io"])
@pytest.mark.parametrize("member", ["NONE", "ZLIB", "GZIP"])
def test_tfrecord_compression_advice_reads_the_files_tf1_wrote(tmp_path: Path, module: str, member: str) -> None:
    finding = only(f"c = tf.{module}.TFRecordCompressionType.{member}", "TF102")
    kind = eval(advised(finding, "compression_type=").partition("=")[2])  # noqa: S307 - tf2lint's advice
    path = str(tmp_path / "records")
    options = v1.io.TFRecordOptions(getattr(v1.io.TFRecordCompressionType, member))
    with v1.io.TFRecordWriter(path, options) as writer:
        writer.write(b"record")
    assert [r.numpy() for r in tf.data.TFRecordDataset(path, compression_type=kind)] == [b"record"]


# -- E-2: truncated_normal_initializer --------------------------------------------------------------------


@pytest.mark.parametrize("call", ["tf.truncated_normal_initializer(stddev=0.02)",
                                  "tf.truncated_normal_initializer(0.0, 0.02, 3)",
                                  "tf.truncated_normal_initializer(mean=1.0)",
                                  "tf.truncated_normal_initializer()"])
def test_truncated_normal_advice_keeps_the_callers_scale(call: str) -> None:
    finding = only(f"w = {call}", "TF102")
    tf2 = eval(advised(finding, "tf.keras.initializers.TruncatedNormal"), {"tf": tf})  # noqa: S307
    tf1 = eval(call.replace("tf.", "v1."), {"v1": v1})  # noqa: S307
    a, b = tf1([300, 300]), tf2([300, 300])
    assert float(tf.math.reduce_std(b)) == pytest.approx(float(tf.math.reduce_std(a)), rel=0.05)
    assert float(tf.reduce_mean(b)) == pytest.approx(float(tf.reduce_mean(a)), abs=0.02)


# -- E-4: RMSPropOptimizer starts the mean square at 1.0 ---------------------------------------------------


GRADIENTS = [np.array([1e-3, -2e-3, 3e-3], np.float32)] * 5


def rmsprop_tf1(momentum: float) -> np.ndarray:
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=tf.constant([1.0, 2.0, 3.0]))
        g = v1.placeholder(tf.float32, [3])
        step = v1.train.RMSPropOptimizer(0.01, decay=0.9, momentum=momentum).apply_gradients([(g, w)])
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            steps = []
            for grad in GRADIENTS:
                sess.run(step, {g: grad})
                steps.append(sess.run(w))
            return np.array(steps)


def rmsprop_tf2(momentum: float, as_tf1: bool) -> np.ndarray:
    w = tf.Variable([1.0, 2.0, 3.0])
    optimizer = tf.keras.optimizers.RMSprop(0.01, rho=0.9, momentum=momentum, epsilon=1e-10)
    optimizer.build([w])
    if as_tf1:  # what the advice says
        for v in optimizer.variables:
            if "velocity" in v.path:
                v.assign(tf.ones_like(v))
    steps = []
    for grad in GRADIENTS:
        optimizer.apply_gradients([(tf.constant(grad), w)])
        steps.append(w.numpy())
    return np.array(steps)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_rmsprop_advice_starts_the_mean_square_at_one(momentum: float) -> None:
    text = only("opt = tf.train.RMSPropOptimizer(0.01, decay=0.9)", "TF701").suggestion
    assert "1.0" in text and "'velocity'" in text and "v.assign(tf.ones_like(v))" in text
    tf1 = rmsprop_tf1(momentum)
    assert np.abs(rmsprop_tf2(momentum, as_tf1=False) - tf1).max() > 1e-2  # the plain Keras optimizer
    np.testing.assert_allclose(rmsprop_tf2(momentum, as_tf1=True), tf1, rtol=1e-5, atol=1e-6)


# -- E-5: clip_by_average_norm ------------------------------------------------------------------------------


@pytest.mark.parametrize("clip_norm", [1.0, 0.01])
def test_clip_by_average_norm_advice_clips_as_tf1(clip_norm: float) -> None:
    finding = only("n = tf.clip_by_average_norm(t, clip_norm)", "TF102")
    t = tf.fill([100], 0.5)
    tf1 = v1.clip_by_average_norm(t, clip_norm)
    tf2 = eval(advised(finding, "tf.clip_by_norm"), {"tf": tf, "t": t, "clip_norm": clip_norm})  # noqa: S307
    np.testing.assert_allclose(tf2.numpy(), tf1.numpy(), rtol=1e-6)
    assert float(tf.norm(tf.clip_by_norm(t, clip_norm))) != pytest.approx(float(tf.norm(tf1)))


# -- E-6: ctc_loss keywords TF2 does not have ---------------------------------------------------------------

CTC_LOGITS = tf.constant(np.random.default_rng(0).normal(size=(3, 2, 5)), tf.float32)
CTC_FRAMES = tf.constant([3, 3])


def ctc_tf2(labels: tf.SparseTensor) -> Any:
    return tf.nn.ctc_loss(labels, CTC_LOGITS, label_length=None, logit_length=CTC_FRAMES, blank_index=-1)


def test_ctc_loss_ignore_longer_outputs_advice() -> None:
    text = only("loss = tf.nn.ctc_loss(labels, x, s, ignore_longer_outputs_than_inputs=True)", "TF108").suggestion
    assert "raises InvalidArgumentError" in text and "tf.compat.v1.nn.ctc_loss" in text
    long = tf.sparse.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [1, 3], [1, 4]],
                                  tf.constant([1, 2, 1, 2, 3, 1, 2], tf.int32), [2, 5])
    assert v1.nn.ctc_loss(long, CTC_LOGITS, CTC_FRAMES, ignore_longer_outputs_than_inputs=True).numpy()[1] == 0.0
    with pytest.raises(tf.errors.InvalidArgumentError):
        ctc_tf2(long)


@pytest.mark.parametrize("keyword, value", [("ctc_merge_repeated", False), ("preprocess_collapse_repeated", True)])
def test_ctc_loss_repeat_switches_change_the_loss(keyword: str, value: bool) -> None:
    text = only(f"loss = tf.nn.ctc_loss(labels, x, s, {keyword}={value})", "TF108").suggestion
    assert f"always computes `{keyword}={not value}`" in text and "tf.compat.v1.nn.ctc_loss" in text
    repeats = tf.sparse.from_dense(tf.constant([[1, 1], [2, 2]]))
    tf1_default = v1.nn.ctc_loss(repeats, CTC_LOGITS, CTC_FRAMES).numpy()
    np.testing.assert_allclose(ctc_tf2(repeats).numpy(), tf1_default, rtol=1e-5)  # TF2 = TF1's defaults
    changed = v1.nn.ctc_loss(repeats, CTC_LOGITS, CTC_FRAMES, **{keyword: value}).numpy()
    assert np.abs(changed - tf1_default).max() > 0.1


# -- E-10: resize_images and resize_image_with_pad ------------------------------------------------------------

RAMP = tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1])


@pytest.mark.parametrize("tf1_name, tf2_call, source", [
    ("image.resize_images", lambda img: tf.image.resize(img, [2, 2]), "tf.image.resize_images(img, [2, 2])"),
    ("image.resize_image_with_pad", lambda img: tf.image.resize_with_pad(img, 2, 2),
     "tf.image.resize_image_with_pad(img, 2, 2)"),
])
def test_resize_images_advice_says_half_pixel_centers(tf1_name: str, tf2_call: Any, source: str) -> None:
    text = [d for d in findings(f"y = {source}") if d.code in ("TF102", "TF103")][0].suggestion
    assert "[[0, 2], [8, 10]] in TF1, [[2.5, 4.5], [10.5, 12.5]] in TF 2.x" in text
    assert f"tf.compat.v1.{tf1_name}" in text and "default `method`" not in text
    tf1 = v1.image.resize_images(RAMP, [2, 2]) if tf1_name == "image.resize_images" \
        else v1.image.resize_image_with_pad(RAMP, 2, 2)
    assert tf.squeeze(tf1).numpy().tolist() == [[0, 2], [8, 10]]
    assert tf.squeeze(tf2_call(RAMP)).numpy().tolist() == [[2.5, 4.5], [10.5, 12.5]]
    assert v1.image.ResizeMethod.BILINEAR == 0 and tf.image.ResizeMethod.BILINEAR == "bilinear"


# -- TF601: asserts held in names (tensorflow-gnn) --------------------------------------------------------------

GNN = '''
def pack(source, base):
    check_ops = tf.debugging.assert_less(source, base)
    with tf.control_dependencies([check_ops]):
        return source * base


def unique(values, validate):
    check_ops = []
    if validate:
        check_ops.append(tf.debugging.assert_equal(values, values + 1))
    with tf.control_dependencies(check_ops):
        return tf.identity(values)
'''


def test_tf601_asserts_held_in_names_are_legitimate_tf2() -> None:
    assert not [d for d in lint_source(TF2_HEADER + GNN) if d.code == "TF601"]
    scope: dict[str, Any] = {"tf": tf}
    exec(GNN, scope)  # noqa: S102 - the fixed snippet above
    pack, unique = tf.function(scope["pack"]), tf.function(scope["unique"])
    assert int(pack(tf.constant(2), tf.constant(3))) == 6
    with pytest.raises(tf.errors.InvalidArgumentError):  # the dependency is what runs the assert
        pack(tf.constant(5), tf.constant(3))
    with pytest.raises(tf.errors.InvalidArgumentError):
        unique(tf.constant([1]), True)


# -- FLAGS stores ------------------------------------------------------------------------------------------------


def test_flags_stores_through_a_bound_name_are_absl() -> None:
    source = "FLAGS = tf.app.flags.FLAGS\nFLAGS.steps = 20\nprint(FLAGS.steps)\n"
    found = lint_source(TF2_HEADER + source)
    assert [(d.line, d.code) for d in found] == [(2, "TF102")]
    from absl import flags
    flags.DEFINE_integer("audit2_steps", 10, "a flag for this test")
    flags.FLAGS.mark_as_parsed()
    v1.app.flags.FLAGS.audit2_steps = 20  # the store goes to absl's flag
    assert flags.FLAGS.audit2_steps == 20


# -- Severity: a line of TF1 code that raises under TF 2.21 is an error --------------------------------------

#: TF1 lines (TF1 code through `import tensorflow as tf`), each run on its own under TF 2.21 with TF2 values for
#: the names it reads.
SEVERITY_LINES = [
    "value = loss.eval()",
    "value = loss.eval(feed_dict={x: 1.0})",
    "tf.no_op().run()",
    "it = ds.make_one_shot_iterator()",
    "it = ds.make_initializable_iterator()",
    "n = x.shape[1].value",
    "n = x.get_shape()[1].value",
    "keras_opt.apply_gradients([(g, v)], global_step=gs)",
    "h = tf.nn.dropout(x, 1.0)",
    "pred = tf.argmax(x, 1, 'pred')",
]


def severity_env() -> dict[str, Any]:
    return {"tf": tf, "loss": tf.constant(1.0), "x": tf.ones([2, 3]), "ds": tf.data.Dataset.range(3),
            "keras_opt": tf.keras.optimizers.SGD(0.1), "v": tf.Variable(1.0), "g": tf.constant(1.0),
            "gs": tf.Variable(0)}


@pytest.mark.parametrize("line", SEVERITY_LINES)
def test_tf1_line_that_raises_is_an_error(line: str) -> None:
    header = ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\nloss = tf.reduce_sum(x)\n"
              "ds = make_dataset()\nkeras_opt = tf.keras.optimizers.SGD(0.1)\n")
    reported = findings(line, header)
    assert reported, line
    with pytest.raises(Exception):  # noqa: B017 - any error: the line fails under TF 2.21
        exec(line, severity_env())  # noqa: S102 - the fixed lines above
    assert {d.severity for d in reported} == {"error"}, reported


@pytest.mark.parametrize("line", ["value = loss.eval(feed_dict={x: [[1.0] * 3] * 2})", "init.run()",
                                  "it = ds.make_one_shot_iterator()", "n = x.shape[1].value",
                                  "step = opt.minimize(loss, global_step=gs)"])
def test_compat_v1_graph_line_that_runs_is_a_warning(line: str) -> None:
    header = ("import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\nx = tf.placeholder(tf.float32, [2, 3])\n"
              "v = tf.Variable(1.0)\nloss = tf.reduce_sum(x) * v\ninit = tf.global_variables_initializer()\n"
              "ds = tf.data.Dataset.range(3)\ngs = tf.train.get_or_create_global_step()\n"
              "opt = tf.train.GradientDescentOptimizer(0.1)\n")
    reported = [d for d in findings(line, header) if d.code != "TF703"]
    assert reported and {d.severity for d in reported} == {"warning"}, reported
    v1.disable_v2_tensorshape()  # what disable_v2_behavior() does to shapes
    try:
        with tf.Graph().as_default():
            scope: dict[str, Any] = {"tf": v1}
            exec(header.split("\n", 2)[2], scope)  # noqa: S102 - the header above, in a TF1 graph
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                with sess.as_default():
                    exec(line, scope)  # noqa: S102 - runs: no exception
    finally:
        v1.enable_v2_tensorshape()


# -- E-7: extract_glimpse, every centered/normalized combination -------------------------------------------

GLIMPSE_RAMP = tf.reshape(tf.range(64, dtype=tf.float32), [1, 8, 8, 1])


@pytest.mark.parametrize("centered, normalized", [(False, False), (False, True), (True, False)])
def test_extract_glimpse_advice_per_combination(centered: bool, normalized: bool) -> None:
    source = f"p = tf.image.extract_glimpse(images, size, offsets, {centered}, {normalized})"
    finding = only(source, "TF113", TF1_HEADER)
    rng = np.random.default_rng(0)
    same = fixed = 0
    for _ in range(30):
        size = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        if normalized:
            off = [float(rng.uniform(0.2, 0.8)) for _ in range(2)]
        else:
            off = [float(rng.integers(-2, 3)) if centered else float(rng.integers(1, 5)) for _ in range(2)]
        offsets = tf.constant([off])
        tf1 = v1.image.extract_glimpse(GLIMPSE_RAMP, size, offsets, centered, normalized, uniform_noise=False)
        tf2 = tf.image.extract_glimpse(GLIMPSE_RAMP, size, offsets, centered, normalized, noise="zero")
        same += bool(np.array_equal(tf1, tf2))
        if not centered:
            scope = {"tf": tf, "offsets": offsets, "size": size, "images": GLIMPSE_RAMP}
            advised_offsets = eval(advised(finding, "offsets=")[len("offsets="):], scope)  # noqa: S307
            fixed += bool(np.array_equal(tf1, tf.image.extract_glimpse(GLIMPSE_RAMP, size, advised_offsets, centered,
                                                                      normalized, noise="zero")))
    assert same < 15  # the window moved in most cases
    if centered:
        assert "tf.compat.v1.image.extract_glimpse" in finding.suggestion
    else:
        assert fixed == 30


def test_extract_glimpse_centered_normalized_is_silent_and_the_same() -> None:
    assert not [d for d in findings("p = tf.image.extract_glimpse(images, [2, 2], offsets)", TF1_HEADER)
                if d.code.startswith("TF11")]
    offsets = tf.constant([[0.1, -0.2]])
    np.testing.assert_array_equal(v1.image.extract_glimpse(GLIMPSE_RAMP, [3, 3], offsets),
                                  tf.image.extract_glimpse(GLIMPSE_RAMP, [3, 3], offsets))


# -- TF113/TF116: where ---------------------------------------------------------------------------------------

XX = tf.constant([[1, 2], [3, 4]])
YY = tf.constant([[10, 20], [30, 40]])


def test_where_scalar_condition_is_silent_and_the_same() -> None:
    assert not [d for d in findings("s = tf.where(tf.reduce_any(valid), a, b)", TF1_HEADER) if d.code >= "TF110"]
    cond = tf.reduce_any(tf.constant([[True, False]]))
    assert v1.where(cond, XX, YY).numpy().tolist() == tf.where(cond, XX, YY).numpy().tolist() == [[1, 2], [3, 4]]


def test_where_on_an_equal_condition_is_reviewed() -> None:
    finding = only("s = tf.where(tf.equal(labels, 0), x, tf.zeros_like(x))", "TF116", TF1_HEADER)
    assert finding.severity == "warning" and "tf.compat.v1.where(" in finding.suggestion
    assert not [d for d in findings("s = tf.where(tf.equal(labels, 0), x, tf.zeros_like(x))") if d.code == "TF116"]
    labels = tf.constant([0, 1])  # the audit's case: a lower-rank condition
    tf1 = v1.where(tf.equal(labels, 0), XX, tf.zeros_like(XX))
    assert tf1.numpy().tolist() == [[1, 2], [0, 0]]
    assert tf.where(tf.equal(labels, 0), XX, tf.zeros_like(XX)).numpy().tolist() == [[1, 0], [3, 0]]
    # the advice: compat.v1.where keeps TF1's rows; the same rank selects the same in both
    cond = tf.expand_dims(tf.equal(labels, 0), -1)
    assert tf.where(cond, XX, tf.zeros_like(XX)).numpy().tolist() == tf1.numpy().tolist()


# -- TF116: softmax cross entropy labels -----------------------------------------------------------------------


def label_gradient(fn: Any, stop: bool) -> Any:
    labels = tf.Variable([[0.2, 0.8]])
    with tf.GradientTape() as tape:
        given = tf.stop_gradient(labels) if stop else labels
        loss = fn(labels=given, logits=tf.constant([[1.0, 2.0]]))
    return tape.gradient(loss, labels)


def test_xent_labels_are_reviewed_and_stop_gradient_keeps_tf1() -> None:
    finding = only("l = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)", "TF116", TF1_HEADER)
    assert "labels=tf.stop_gradient(y)" in finding.suggestion
    for quiet in ("labels=tf.stop_gradient(y)", "labels=tf.one_hot(i, 2)"):
        assert not findings(f"l = tf.nn.softmax_cross_entropy_with_logits({quiet}, logits=z)", TF1_HEADER)
    assert label_gradient(v1.nn.softmax_cross_entropy_with_logits, stop=False) is None  # TF1: logits only
    assert label_gradient(tf.nn.softmax_cross_entropy_with_logits, stop=False) is not None
    assert label_gradient(tf.nn.softmax_cross_entropy_with_logits, stop=True) is None


# -- TF116: sharded lookups, strings.split ---------------------------------------------------------------------


def test_lookup_of_a_single_table_is_silent_and_the_same() -> None:
    assert not findings("e = tf.nn.embedding_lookup(tf.Variable(tf.zeros([4, 1])), ids)", TF1_HEADER)
    assert only("e = tf.nn.embedding_lookup(self.table, ids)", "TF116", TF1_HEADER).severity == "warning"
    table, ids = tf.reshape(tf.range(4.0), [4, 1]), tf.constant([0, 1, 2, 3])
    assert v1.nn.embedding_lookup(table, ids).numpy().tolist() == tf.nn.embedding_lookup(table, ids).numpy().tolist()
    shards = [tf.constant([[0.0], [2.0]]), tf.constant([[1.0], [3.0]])]
    assert v1.nn.embedding_lookup(shards, ids, partition_strategy="mod").numpy().tolist() != \
        tf.nn.embedding_lookup(shards, ids).numpy().tolist()


def test_strings_split_is_reviewed_and_to_sparse_keeps_tf1() -> None:
    finding = only("w = tf.strings.split(lines)", "TF116", TF1_HEADER)
    assert "tf.strings.split(lines).to_sparse()" in finding.suggestion
    assert not findings("w = tf.strings.split(lines).values", TF1_HEADER)
    lines = tf.constant(["a b", "c"])
    tf1 = v1.strings.split(lines)
    assert isinstance(tf1, tf.SparseTensor) and isinstance(tf.strings.split(lines), tf.RaggedTensor)
    advice = eval(advised(finding, "tf.strings.split"), {"tf": tf, "lines": lines})  # noqa: S307
    assert tf.sparse.to_dense(advice).numpy().tolist() == tf.sparse.to_dense(tf1).numpy().tolist()


def test_tf116_explicit_compat_v1_call_is_what_tf_upgrade_v2_writes() -> None:
    source = "import tensorflow.compat.v1 as v\nimport tensorflow as tf\ns = tf.compat.v1.where(mask, a, b)\n"
    assert not [d for d in lint_source(source) if d.code == "TF116"]
    assert [d.code for d in findings("s = tf.where(mask, a, b)", "import tensorflow.compat.v1 as tf\n")] == ["TF116"]


# -- image.resize with TF1's integer method codes ---------------------------------------------------------------


@pytest.mark.parametrize("code, name", [(0, "bilinear"), (1, "nearest"), (2, "bicubic")])
def test_resize_int_method_raises_and_the_name_is_tf1s_method(code: int, name: str) -> None:
    finding = only(f"y = tf.image.resize(img, [2, 2], {code})", "TF114", TF1_HEADER)
    assert f"method='{name}'" in finding.suggestion and finding.severity == "error"
    with pytest.raises(ValueError, match="not implemented"):
        tf.image.resize(RAMP, [2, 2], code)
    assert getattr(v1.image.ResizeMethod, {"nearest": "NEAREST_NEIGHBOR"}.get(name, name.upper())) == code
    assert not [d for d in findings("y = tf.image.resize(img, [2, 2], 3)", TF1_HEADER) if d.code.startswith("TF11")]
    np.testing.assert_allclose(v1.image.resize(RAMP, [2, 2], 3), tf.image.resize(RAMP, [2, 2], "area"))


# -- TF1 members of names TF 2.x keeps --------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["data.Iterator.from_structure", "data.Iterator.from_string_handle",
                                    "losses.Reduction.SUM_BY_NONZERO_WEIGHTS", "losses.Reduction.MEAN",
                                    "losses.Reduction.SUM_OVER_NONZERO_WEIGHTS"])
def test_tf1_member_of_a_tf2_name_raises(member: str) -> None:
    assert only(f"m = tf.{member}", "TF102").severity == "error"
    owner, _, attribute = member.rpartition(".")
    assert hasattr(resolve(v1, owner), attribute) and not hasattr(resolve(tf, owner), attribute)


@pytest.mark.parametrize("member", ["SUM_BY_NONZERO_WEIGHTS", "MEAN"])
def test_reduction_advice_computes_tf1s_loss(member: str) -> None:
    expr = advised(only(f"r = tf.losses.Reduction.{member}", "TF102"), "tf.reduce_sum")
    losses, weights = tf.constant([1.0, 2.0, 3.0, 4.0]), tf.constant([0.0, 1.0, 2.0, 1.0])
    tf1 = v1.losses.compute_weighted_loss(losses, weights, reduction=getattr(v1.losses.Reduction, member))
    assert float(eval(expr, {"tf": tf, "losses": losses, "weights": weights})) == pytest.approx(float(tf1))  # noqa


def test_names_that_had_no_tf2_equivalent() -> None:
    assert tf.debugging.enable_check_numerics and "enable_check_numerics" in only(
        "tf.add_check_numerics_ops()", "TF102").suggestion
    assert only("tf.enable_tensor_equality()", "TF202").severity
    assert v1.sparse.placeholder is v1.sparse_placeholder and only("p = tf.sparse.placeholder(tf.float32)", "TF306")
    assert "set_seed" in only("s = tf.random.get_seed(1)", "TF102").suggestion


def test_where_on_an_elementwise_test_of_x_is_silent_and_the_same() -> None:
    source = "r = tf.where(tf.equal(inter, 0.0), tf.zeros_like(inter), inter / union)"
    assert not [d for d in findings(source, TF1_HEADER) if d.code in ("TF113", "TF116")]
    inter, union = tf.constant([[0.0, 1.0], [2.0, 0.0]]), tf.constant([[1.0, 2.0], [4.0, 1.0]])
    np.testing.assert_array_equal(v1.where(tf.equal(inter, 0.0), tf.zeros_like(inter), inter / union),
                                  tf.where(tf.equal(inter, 0.0), tf.zeros_like(inter), inter / union))


def test_compat_v1_alias_beside_tf_asks_for_tf1s_meaning() -> None:
    mixed = "import tensorflow as tf\nimport tensorflow.compat.v1 as tf1\ny = tf.nn.relu(x)\nr = tf1.where(c, a, b)\n"
    assert not [d for d in lint_source(mixed) if d.code == "TF116"]  # dm-sonnet's recurrent.py
    assert [d.code for d in lint_source("import tensorflow.compat.v1 as tf\nr = tf.where(c, a, b)\n")
            if d.line == 2] == ["TF116"]


# -- E-12: TF114 advice that raised --------------------------------------------------------------------------


def test_tf114_advice_runs_for_the_names_that_raised() -> None:
    img, boxes = tf.zeros([1, 4, 4, 3]), tf.constant([[[0.0, 0.0, 1.0, 1.0]]])
    text = only("y = tf.image.draw_bounding_boxes(img, boxes, 'n')", "TF114", TF1_HEADER).suggestion
    assert "colors" in text
    np.testing.assert_array_equal(v1.image.draw_bounding_boxes(img, boxes, "n")[..., 0],
                                  tf.image.draw_bounding_boxes(img, boxes, [[1.0, 0.0, 0.0]], name="n")[..., 0])
    x, kernel = tf.random.normal([1, 4, 4, 1], seed=1), tf.zeros([2, 2, 1])
    for op in ("dilation2d", "erosion2d"):
        text = only(f"y = tf.nn.{op}(x, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')", "TF114", TF1_HEADER).suggestion
        assert "data_format='NHWC'" in text
        tf1 = getattr(v1.nn, op)(x, kernel, [1, 1, 1, 1], [1, 1, 1, 1], "SAME")
        tf2 = getattr(tf.nn, op)(x, kernel, [1, 1, 1, 1], dilations=[1, 1, 1, 1], padding="SAME", data_format="NHWC")
        np.testing.assert_allclose(tf1, tf2)
    text = only("y = tf.space_to_batch(x, paddings, 2)", "TF114", TF1_HEADER).suggestion
    assert "block_shape=[block_size, block_size]" in text
    x, paddings = tf.reshape(tf.range(16.0), [1, 4, 4, 1]), [[0, 0], [0, 0]]
    np.testing.assert_array_equal(v1.space_to_batch(x, paddings, 2),
                                  tf.space_to_batch(x, paddings=paddings, block_shape=[2, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.space_to_batch(x, paddings=paddings, block_shape=2)


# -- E-13, E-15, E-17, E-18, E-20: advice followed literally --------------------------------------------------


def test_dynamic_rnn_advice_returns_outputs_and_state() -> None:
    text = only("out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)", "TF710").suggestion
    assert "return_sequences=True, return_state=True" in text and "tf.sequence_mask(sequence_length)" in text
    layer = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(4), return_sequences=True, return_state=True)
    outputs, *state = layer(tf.zeros([2, 5, 3]))
    assert outputs.shape == (2, 5, 4) and [s.shape for s in state] == [(2, 4), (2, 4)]
    assert tf.keras.layers.RNN(tf.keras.layers.LSTMCell(4))(tf.zeros([2, 5, 3])).shape == (2, 4)  # without


@pytest.mark.parametrize("metric, keras", [("precision_at_k", "Precision"), ("recall_at_k", "Recall")])
def test_at_k_metric_advice_with_one_hot_labels(metric: str, keras: str) -> None:
    assert "tf.one_hot(labels, num_classes)" in only(f"m = tf.metrics.{metric}(labels, p, 2)", "TF712").suggestion
    labels = tf.constant([[1], [2], [0]], tf.int64)
    predictions = tf.constant([[0.1, 0.8, 0.1, 0.0], [0.2, 0.2, 0.5, 0.1], [0.0, 0.3, 0.3, 0.4]])
    with tf.Graph().as_default():
        value, update = getattr(v1.metrics, metric)(tf.constant(labels.numpy()), tf.constant(predictions.numpy()), 2)
        with v1.Session() as sess:
            sess.run(v1.local_variables_initializer())
            sess.run(update)
            tf1 = sess.run(value)
    metric_tf2 = getattr(tf.keras.metrics, keras)(top_k=2)
    metric_tf2.update_state(tf.one_hot(labels[:, 0], 4), predictions)
    assert float(metric_tf2.result()) == pytest.approx(float(tf1), abs=1e-6)


def test_sparse_to_dense_advice_for_1d_ids_and_a_scalar_value() -> None:
    text = only("d = tf.sparse_to_dense(ids, [5], 1.0)", "TF102").suggestion
    assert "tf.expand_dims(indices, 1)" in text and "tf.fill([tf.shape(indices)[0]], value)" in text
    indices, value = tf.constant([3, 1], tf.int64), 1.0
    tf1 = v1.sparse_to_dense(indices, [5], value, validate_indices=False)
    advice = tf.sparse.to_dense(tf.sparse.reorder(tf.sparse.SparseTensor(
        tf.expand_dims(indices, 1), tf.fill([tf.shape(indices)[0]], value), [5])))
    np.testing.assert_array_equal(tf1, advice)


def test_string_split_advice_splits_as_tf1() -> None:
    text = only("p = tf.string_split(s)", "TF102").suggestion
    expr = advised(only("p = tf.string_split(s)", "TF102"), "tf.ragged.boolean_mask")
    assert "sep=' '" in text
    s = tf.constant(["a\tb c", "d  e"])
    parts = tf.strings.split(s, sep=" ")
    advice = eval(expr, {"tf": tf, "parts": parts})  # noqa: S307 - tf2lint's advice
    assert advice.to_list() == [[b"a\tb", b"c"], [b"d", b"e"]]
    tf1 = v1.string_split(s)
    assert tf1.values.numpy().tolist() == [b"a\tb", b"c", b"d", b"e"]


def test_decay_advice_drops_global_step() -> None:
    text = only("lr = tf.train.exponential_decay(0.1, step, 1000, 0.96)", "TF705").suggestion
    assert "except `global_step`" in text
    with tf.Graph().as_default():
        step = tf.constant(500)
        tf1 = v1.Session().run(v1.train.exponential_decay(0.1, step, 1000, 0.96))
    assert float(tf.keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96)(500)) == pytest.approx(float(tf1))


def test_deprecation_homes_that_are_another_api_show_no_parameter_map() -> None:
    text = only("tf.train.update_checkpoint_state(d, p)", "TF102").suggestion
    assert "another API" in text and "keyword" not in text


def test_while_loop_advice_keeps_the_first_option_only() -> None:
    text = only("n = tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [0])", "TF113", TF1_HEADER).suggestion
    assert "pass the tensor itself" not in text and "one-element tuple" in text
    n, = tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [tf.constant(0)])
    assert int(n) == 3
    with pytest.raises(TypeError):
        tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)])


# -- §5 silent #9: tf.contrib.layers names whose Keras namesake computes something else ----------------------


def upgraded(source: str) -> str:
    """What tf_upgrade_v2 (TF 2.21's own converter) writes for a line of TF1 code."""
    from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2
    upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())
    return upgrader.update_string_pasta("import tensorflow as tf\n" + source + "\n", "f.py")[1]


def test_contrib_l2_regularizer_advice_halves_the_scale_as_tf_upgrade_v2() -> None:
    text = only("r = tf.contrib.layers.l2_regularizer(0.01)", "TF104").suggestion
    assert "tf.keras.regularizers.L2(0.5 * scale)" in text
    assert "tf.keras.regularizers.l2(0.5 * (0.01))" in upgraded("r = tf.contrib.layers.l2_regularizer(0.01)")
    w = tf.constant([[1.0, 2.0], [3.0, -1.0]])
    contrib = 0.01 * tf.nn.l2_loss(w)  # tf_slim 1.1.0 (contrib's code): scale * l2_loss(weights)
    assert float(tf.keras.regularizers.L2(0.5 * 0.01)(w)) == pytest.approx(float(contrib))
    assert float(tf.keras.regularizers.L2(0.01)(w)) == pytest.approx(2 * float(contrib))


def test_contrib_xavier_initializer_is_glorot_uniform() -> None:
    text = only("i = tf.contrib.layers.xavier_initializer()", "TF104").suggestion
    assert "tf.keras.initializers.GlorotUniform" in text
    assert 'VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")' in upgraded(
        "i = tf.contrib.layers.xavier_initializer()")
    glorot = tf.keras.initializers.GlorotUniform(seed=1)
    scaling = tf.keras.initializers.VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform", seed=1)
    np.testing.assert_allclose(glorot([4, 6]), scaling([4, 6]))


def test_contrib_batch_norm_advice_keeps_contribs_defaults() -> None:
    text = only("y = tf.contrib.layers.batch_norm(x)", "TF104").suggestion
    layer = eval(advised(only("y = tf.contrib.layers.batch_norm(x)", "TF104"), "tf.keras.layers"), {"tf": tf})
    assert "decay=0.999" in text and layer.momentum == 0.999 and layer.scale is False and layer.epsilon == 0.001
    default = tf.keras.layers.BatchNormalization()
    assert default.momentum == 0.99 and default.scale is True


# -- §5 silent #2: random ops paired by their seed -----------------------------------------------------------


def test_random_ops_sharing_a_seed_were_paired_in_tf1_graphs() -> None:
    source = "a = tf.image.random_flip_left_right(image, seed=5)\nb = tf.image.random_flip_left_right(mask, seed=5)"
    found = [d for d in lint_source(TF1_HEADER + source + "\n") if d.code == "TF113"]
    assert [d.line for d in found] == [3, 4] and {d.severity for d in found} == {"error"}
    expr = advised(found[0], "tf.image.stateless_random_flip_left_right")
    assert "seed=(5, 0)" in found[0].suggestion
    img = tf.reshape(tf.range(4.0), [1, 2, 2, 1])
    together = []
    for graph_seed in range(10):
        with tf.Graph().as_default():
            v1.set_random_seed(graph_seed)
            image = tf.reshape(tf.range(4.0), [1, 2, 2, 1])
            a = v1.image.random_flip_left_right(image, seed=5)
            b = v1.image.random_flip_left_right(image, seed=5)
            with v1.Session() as sess:
                together.append(bool(np.array_equal(*sess.run([a, b]))))
    assert all(together)  # TF1 graph: always paired
    tf.random.set_seed(1)
    eager = [bool(np.array_equal(tf.image.random_flip_left_right(img, seed=5),
                                 tf.image.random_flip_left_right(img, seed=5))) for _ in range(20)]
    assert not all(eager)  # TF 2.x: not paired
    assert expr.startswith("tf.image.stateless_random_flip_left_right")
    pairs = [bool(np.array_equal(tf.image.stateless_random_flip_left_right(img, seed=(s, 0)),
                                 tf.image.stateless_random_flip_left_right(img, seed=(s, 0)))) for s in range(10)]
    assert all(pairs)
