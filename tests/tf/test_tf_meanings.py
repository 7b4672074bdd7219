"""TF110-TF114 under TensorFlow 2.21: the TF1 form through ``tf.compat.v1`` and the same call through ``tf`` give
the results the messages say, the suggested TF2 call gives the TF1 result, and the tables match the signatures.

Each case is the source of one call, with ``R`` for the API root: ``R = tf.compat.v1`` runs the TF1 meaning,
``R = tf`` the TF2 one. The case's call is also linted (as TF1 code through ``tf``, and through the
compat.v1 alias) so that each fact below is a fact about a finding tf2lint gives.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np
import pytest
import tensorflow as tf
from tensorflow.tools.compatibility import reorders_v2

from tf2lint import engine
from tf2lint.rules import meanings
from tfknow import resolve

v1 = tf.compat.v1

#: Values the cases use.
ENV: dict[str, Any] = {
    "tf": tf, "np": np,
    "x": tf.random.normal([4, 3]),
    "c": tf.constant([[1 + 2j]]),
    "ones": tf.ones([100000]),
    "img": tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1]),
    "wide": tf.zeros([1, 4, 8, 1]),
    "ramp": tf.reshape(tf.range(25, dtype=tf.float32), [1, 5, 5, 1]),
    "offsets": tf.constant([[1.0, 1.0]]),
    "boxes": tf.constant([[[0.0, 0.0, 1.0, 1.0]]]),
    "shards": [tf.constant([[0.0], [2.0]]), tf.constant([[1.0], [3.0]])],
    "ids": tf.constant([0, 1, 2, 3]),
    # a, blank, a (the blank is the last class)
    "paths": np.log(np.array([[[0.9, 0.05, 0.05]], [[0.05, 0.05, 0.9]], [[0.9, 0.05, 0.05]]], np.float32)),
    "lt": tf.math.log(tf.constant([[[0.1, 0.8, 0.1]], [[0.1, 0.1, 0.8]], [[0.1, 0.8, 0.1]]])),
    "sparse_labels": tf.sparse.from_dense(tf.constant([[1, 1]])),
    "sp": tf.sparse.from_dense(tf.constant([[1, 0]])),
    "sp_ids": tf.sparse.from_dense(tf.constant([[1, 2]], tf.int64)),
    "example": tf.train.Example(features=tf.train.Features(feature={
        "a": tf.train.Feature(int64_list=tf.train.Int64List(value=[1]))})).SerializeToString(),
    "features": {"a": tf.io.FixedLenFeature([], tf.int64)},
    "cond": tf.constant([True, False]),
    "xx": tf.constant([[1, 2], [3, 4]]),
    "yy": tf.constant([[10, 20], [30, 40]]),
}


def run(source: str, root: Any) -> Any:
    return eval(source, {**ENV, "R": root})  # noqa: S307 - the fixed cases of this file


def lint(source: str) -> dict[str, tuple[set[str], str]]:
    """{context: (codes found on the call's line, the findings' text)} for ``r = <source>`` (R as tf)."""
    call = "r = " + source.replace("R.", "tf.")
    found = {}
    for context, header in (("tf1", "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"),
                            ("v1", "import tensorflow.compat.v1 as tf\n"),
                            ("tf2", "import tensorflow as tf\n")):
        line = header.count("\n") + 1
        diagnostics = [d for d in engine.lint_source(header + call + "\n") if d.line == line]
        found[context] = ({d.code for d in diagnostics}, " ".join(d.text() for d in diagnostics))
    return found


def assert_reported(source: str, code: str) -> str:
    """The call is reported as ``code`` in TF1 code and through compat.v1, never in TF2-native code."""
    found = lint(source)
    assert code in found["tf1"][0] and code in found["v1"][0], found
    assert code not in found["tf2"][0], found
    return found["tf1"][1]


# -- TF110 ---------------------------------------------------------------------------------------------


def kept(result: tf.Tensor) -> float:
    return float(tf.reduce_mean(tf.cast(result != 0, tf.float32)))


def test_dropout_keep_prob_becomes_rate() -> None:
    text = assert_reported("R.nn.dropout(ones, 0.9)", "TF110")
    assert "0.9 keeps 90% of the units in TF1 and 10% in TF 2.x" in text
    assert "`tf.nn.dropout(ones, rate=0.1)`" in text
    tf.random.set_seed(0)
    assert abs(kept(run("R.nn.dropout(ones, 0.9)", v1)) - 0.9) < 0.01
    assert abs(kept(run("R.nn.dropout(ones, 0.9)", tf)) - 0.1) < 0.01
    assert abs(kept(run("tf.nn.dropout(ones, rate=0.1)", tf)) - 0.9) < 0.01


def test_dropout_one_minus_rate() -> None:
    source = "R.nn.dropout(ones, 1.0 - drop)"
    ENV["drop"] = 0.1
    try:
        assert "`tf.nn.dropout(ones, rate=drop)`" in assert_reported(source, "TF110")
        tf.random.set_seed(0)
        assert abs(kept(run(source, v1)) - 0.9) < 0.01 and abs(kept(run(source, tf)) - 0.1) < 0.01
        assert abs(kept(run("tf.nn.dropout(ones, rate=drop)", tf)) - 0.9) < 0.01
    finally:
        del ENV["drop"]


def test_dropout_keep_one_is_rejected_as_rate() -> None:
    source = "R.nn.dropout(ones, 1.0)"
    assert "`tf.nn.dropout(ones, rate=0.0)`" in assert_reported(source, "TF110")
    assert kept(run(source, v1)) == 1.0
    with pytest.raises(ValueError, match="rate"):
        run(source, tf)
    assert kept(run("tf.nn.dropout(ones, rate=0.0)", tf)) == 1.0


def test_dropout_half_is_the_same() -> None:
    assert not any(codes for codes, _ in lint("R.nn.dropout(ones, 0.5)").values())
    tf.random.set_seed(0)
    assert abs(kept(run("R.nn.dropout(ones, 0.5)", v1)) - kept(run("R.nn.dropout(ones, 0.5)", tf))) < 0.01


# -- TF111: silent positional changes --------------------------------------------------------------------

Compare = Callable[[Any], Any]

#: path -> (the TF1 call, a text of the finding, the TF2 call keeping TF1's meaning, what to compare)
SILENT_CASES: dict[str, tuple[str, str, str, Compare]] = {
    "random.poisson": ("R.random.poisson([2], [1000])", "lam=[2], shape=[1000]",
                       "tf.random.poisson(lam=[2], shape=[1000])", lambda r: r.shape.as_list()),
    "nn.moments": ("R.nn.moments(x, [0], None, 'm')", "name='m'", "tf.nn.moments(x, [0], None, name='m')",
                   lambda r: r[0].shape.as_list()),
    "nn.weighted_moments": ("R.nn.weighted_moments(x, [0], tf.ones([4, 3]), 'wm')", "name='wm'",
                            "tf.nn.weighted_moments(x, [0], tf.ones([4, 3]), name='wm')",
                            lambda r: r[0].shape.as_list()),
    "transpose": ("R.transpose(c, [1, 0], 'T')", "name='T'", "tf.transpose(c, [1, 0], name='T')",
                  lambda r: r.numpy().tolist()),
    "io.decode_csv": ("R.io.decode_csv(['1,n'], [[0], ['z']], ',', True, 'n')", "name='n'",
                      "tf.io.decode_csv(['1,n'], [[0], ['z']], ',', True, name='n')",
                      lambda r: [t.numpy().tolist() for t in r]),
    "image.resize": ("R.image.resize(wide, [4, 4], 0, True)", "align_corners",
                     "tf.image.resize(wide, [4, 4], 'bilinear')", lambda r: r.shape.as_list()),
    **{f"sparse.reduce_{op}": (f"R.sparse.reduce_{op}(sp, None, False, [1])", "axis=",
                               f"tf.sparse.reduce_{op}(sp, axis=[1], keepdims=False)",
                               lambda r: (isinstance(r, tf.SparseTensor), tf.sparse.to_dense(r).numpy().tolist()
                                          if isinstance(r, tf.SparseTensor) else r.numpy().tolist()))
       for op in ("sum", "max")},
}


@pytest.mark.parametrize("path", sorted(SILENT_CASES))
def test_silent_positional(path: str) -> None:
    source, said, fixed, compare = SILENT_CASES[path]
    assert_reported(source, "TF111")
    assert said in lint(source)["tf1"][1]
    tf.random.set_seed(0)
    tf1 = compare(run(source, v1))
    tf2_source = source.replace(", 0, True)", ", 'bilinear', True)")  # TF2 rejects the int method code
    assert compare(run(tf2_source, tf)) != tf1
    assert compare(run(fixed, tf)) == tf1


def test_poisson_draws_what_the_message_says() -> None:
    assert run("R.random.poisson([2], [1000])", v1).shape.as_list() == [1000, 1]
    draws = run("R.random.poisson([2], [1000])", tf)
    assert draws.shape.as_list() == [2, 1] and abs(float(tf.reduce_mean(draws)) - 1000) < 100


def test_sample_distorted_bounding_box_seed2_becomes_min_object_covered() -> None:
    source = "R.image.sample_distorted_bounding_box([40, 40, 1], boxes, {seed}, 2)"
    assert "`seed2`" in assert_reported(source.format(seed=1), "TF111")
    sizes = {
        name: [run(call.format(seed=seed), root)[1].numpy().tolist()[:2] for seed in range(1, 9)]
        for name, call, root in (("tf1", source, v1), ("tf2", source, tf),
                                 ("fixed", "tf.image.sample_distorted_bounding_box([40, 40, 1], boxes, seed={seed})",
                                  tf))
    }
    assert sizes["tf2"] == [[40, 40]] * 8  # min_object_covered=2: always the whole image
    assert sizes["tf1"] != [[40, 40]] * 8 and sizes["fixed"] != [[40, 40]] * 8


# -- TF114: loud positional changes ----------------------------------------------------------------------

#: path -> a TF1 call that runs through compat.v1 and raises through tf.
LOUD_CASES: dict[str, str] = {
    "shape": "R.shape(x, 'n')",
    "size": "R.size(x, 'n')",
    "argmax": "R.argmax(x, 1, 'n')",
    "argmin": "R.argmin(x, 1, 'n')",
    "math.argmax": "R.math.argmax(x, 1, 'n')",
    "math.argmin": "R.math.argmin(x, 1, 'n')",
    "gather": "R.gather(x, [0], None, 'n')",
    "gather_nd": "R.gather_nd(x, [[0]], 'n')",
    "boolean_mask": "R.boolean_mask(x, [True, False, True, False], 'n')",
    "pad": "R.pad(x, [[1, 1], [0, 0]], 'CONSTANT', 'n')",
    "convert_to_tensor": "R.convert_to_tensor(1.0, tf.float32, 'n')",
    "nn.in_top_k": "R.nn.in_top_k(x, [0, 1, 2, 0], 2)",
    "math.in_top_k": "R.math.in_top_k(x, [0, 1, 2, 0], 2)",
    "batch_to_space": "R.batch_to_space(tf.zeros([4, 1, 1, 1]), [[0, 0], [0, 0]], 2)",
    "space_to_batch": "R.space_to_batch(tf.zeros([1, 2, 2, 1]), [[0, 0], [0, 0]], 2)",
    "nn.space_to_batch": "R.nn.space_to_batch(tf.zeros([1, 2, 2, 1]), [[0, 0], [0, 0]], 2)",
    "nn.conv2d": "R.nn.conv2d(tf.zeros([1, 3, 3, 1]), tf.zeros([1, 1, 1, 1]), [1, 1, 1, 1], 'SAME', True)",
    "nn.conv1d": "R.nn.conv1d(tf.zeros([1, 3, 1]), tf.zeros([1, 1, 1]), 1, 'SAME', True)",
    "nn.convolution": "R.nn.convolution(tf.zeros([1, 3, 3, 1]), tf.zeros([1, 1, 1, 1]), 'SAME')",
    "nn.pool": "R.nn.pool(tf.zeros([1, 4, 4, 1]), [2, 2], 'MAX', 'SAME')",
    "nn.separable_conv2d": "R.nn.separable_conv2d(tf.zeros([1, 3, 3, 1]), tf.zeros([1, 1, 1, 1]), "
                           "tf.zeros([1, 1, 1, 1]), [1, 1, 1, 1], 'SAME', [1, 1])",
    "nn.depthwise_conv2d": "R.nn.depthwise_conv2d(tf.zeros([1, 3, 3, 1]), tf.zeros([1, 1, 1, 1]), [1, 1, 1, 1], "
                           "'SAME', [1, 1])",
    "nn.dilation2d": "R.nn.dilation2d(tf.zeros([1, 3, 3, 1]), tf.zeros([1, 1, 1]), [1, 1, 1, 1], [1, 1, 1, 1], "
                     "'SAME')",
    "nn.erosion2d": "R.nn.erosion2d(tf.zeros([1, 3, 3, 1]), tf.zeros([1, 1, 1]), [1, 1, 1, 1], [1, 1, 1, 1], "
                    "'SAME')",
    "nn.crelu": "R.nn.crelu(x, 'n')",
    "nn.depth_to_space": "R.nn.depth_to_space(tf.zeros([1, 1, 1, 4]), 2, 'n')",
    "nn.space_to_depth": "R.nn.space_to_depth(tf.zeros([1, 2, 2, 1]), 2, 'n')",
    "strings.length": "R.strings.length(['ab'], 'n')",
    "strings.substr": "R.strings.substr(['abc'], 0, 1, 'n')",
    "math.confusion_matrix": "R.math.confusion_matrix([0, 1], [0, 1], 2, tf.int32)",
    "io.decode_raw": "R.io.decode_raw([b'ab'], tf.uint8, True, 'n')",
    "io.parse_example": "R.io.parse_example([example], features, 'n')",
    "io.serialize_sparse": "R.io.serialize_sparse(sp, 'n')",
    "io.serialize_many_sparse": "R.io.serialize_many_sparse(sp, 'n')",
    "sparse.segment_sum": "R.sparse.segment_sum(tf.constant([1.0, 2.0]), [0, 1], [0, 0], 'n')",
    "sparse.segment_mean": "R.sparse.segment_mean(tf.constant([1.0, 2.0]), [0, 1], [0, 0], 'n')",
    "sparse.segment_sqrt_n": "R.sparse.segment_sqrt_n(tf.constant([1.0, 2.0]), [0, 1], [0, 0], 'n')",
    "image.draw_bounding_boxes": "R.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 3]), [[[0.0, 0.0, 1.0, 1.0]]], 'n')",
    "nn.embedding_lookup": "R.nn.embedding_lookup(tf.zeros([4, 2]), [0, 1], 'div')",
    "nn.embedding_lookup_sparse": "R.nn.embedding_lookup_sparse(tf.zeros([4, 2]), sp_ids, None, 'div')",
    "nn.ctc_loss": "R.nn.ctc_loss(sparse_labels, lt, tf.constant([3]))",
    "while_loop": "R.while_loop(lambda i: i < 3, lambda i: i + 1, [0], None, 10, True, False, 'loop')",
    "name_scope": "R.name_scope('a', 'b', [])",
    "zeros_initializer": "R.zeros_initializer(tf.float32)",
    "ones_initializer": "R.ones_initializer(tf.float32)",
    "initializers.zeros": "R.initializers.zeros(tf.float32)",
    "initializers.ones": "R.initializers.ones(tf.float32)",
    "random_normal_initializer": "R.random_normal_initializer(0.0, 1.0, None, tf.float32)",
    "initializers.random_normal": "R.initializers.random_normal(0.0, 1.0, None, tf.float32)",
    "initializers.random_uniform": "R.initializers.random_uniform(0.0, 1.0, None, tf.float32)",
    "initializers.truncated_normal": "R.initializers.truncated_normal(0.0, 1.0, None, tf.float32)",
    "random_uniform_initializer": "R.random_uniform_initializer(0.0, 1.0, None, tf.float32)",
    "initializers.constant": "R.initializers.constant(0.5, tf.float32)",
    "initializers.identity": "R.initializers.identity(1.0, tf.float32)",
    "initializers.orthogonal": "R.initializers.orthogonal(1.0, None, tf.float32)",
    "nn.max_pool_with_argmax": "R.nn.max_pool_with_argmax(tf.zeros([1, 2, 2, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "
                               "'SAME', 'NHWC', tf.int64, 'p')",
    "nn.ctc_beam_search_decoder": "R.nn.ctc_beam_search_decoder(paths, [3], 10, 1, False)",
    "feature_column.categorical_column_with_vocabulary_file":
        "R.feature_column.categorical_column_with_vocabulary_file('k', 'f', 10, 1)",
    "nn.conv2d_transpose": "R.nn.conv2d_transpose(tf.zeros([1, 2, 2, 1]), tf.zeros([1, 1, 1, 1]), [1, 2, 2, 1], [1, "
                           "1, 1, 1], 'SAME', 'NHWC', 'up')",
    "nn.conv3d_transpose": "R.nn.conv3d_transpose(tf.zeros([1, 2, 2, 2, 1]), tf.zeros([1, 1, 1, 1, 1]), [1, 2, 2, 2, "
                           "1], [1, 1, 1, 1, 1], 'SAME', 'NDHWC', 'up')",
    "zeros_like": "R.zeros_like(x, tf.float32, 'z', False)",
    "ones_like": "R.ones_like(x, tf.float32, 'z', False)",
    "nn.safe_embedding_lookup_sparse": "R.nn.safe_embedding_lookup_sparse(tf.zeros([4, 2]), sp_ids, None, 'mean', "
                                       "None, 'n')",
    "nn.sampled_softmax_loss": "R.nn.sampled_softmax_loss(tf.zeros([4, 3]), tf.zeros([4]), tf.constant([[1]], "
                               "tf.int64), tf.zeros([1, 3]), 2, 4, 1, None, True, 'div')",
    "image.extract_glimpse": "R.image.extract_glimpse(ramp, [2, 2], offsets, True, True, False)",
}


def test_every_table_entry_has_a_case() -> None:
    assert set(LOUD_CASES) == set(meanings.LOUD)
    assert set(SILENT_CASES) | {"image.sample_distorted_bounding_box", "nn.nce_loss"} == set(meanings.SILENT)


def test_nce_loss_partition_strategy_becomes_the_name() -> None:
    source = ("R.nn.nce_loss(tf.zeros([4, 3]), tf.zeros([4]), tf.constant([[1]], tf.int64), tf.zeros([1, 3]), 2, 4, "
              "1, None, True, 'mod')")
    assert "partition_strategy='mod'" in assert_reported(source, "TF111")
    args = (None,) * 9 + ("mod",)
    assert inspect.signature(tf.nn.nce_loss).bind(*args).arguments["name"] == "mod"  # TF2: the op name
    assert inspect.signature(v1.nn.nce_loss).bind(*args).arguments["partition_strategy"] == "mod"
    run(source, v1), run(source, tf)  # both run: nothing fails, the table is read in 'div' order


@pytest.mark.parametrize("path", sorted(LOUD_CASES))
def test_loud_positional(path: str) -> None:
    source = LOUD_CASES[path]
    assert_reported(source, "TF114")
    run(source, v1)  # the TF1 meaning runs
    with pytest.raises((TypeError, ValueError, AttributeError, tf.errors.InvalidArgumentError)):
        run(source, tf)


def test_ctc_loss_suggestion_keeps_the_tf1_loss() -> None:
    tf1 = run("R.nn.ctc_loss(sparse_labels, lt, tf.constant([3]))", v1).numpy().tolist()
    fixed = tf.nn.ctc_loss(ENV["sparse_labels"], ENV["lt"], label_length=None, logit_length=tf.constant([3]),
                           blank_index=-1).numpy().tolist()
    default_blank = tf.nn.ctc_loss(tf.constant([[1, 1]]), ENV["lt"], tf.constant([2]), tf.constant([3]))
    assert np.allclose(tf1, fixed) and not np.allclose(tf1, default_blank.numpy())


def v1_order(path: str) -> list[str]:
    """TF1's positional parameters: tf_upgrade_v2's reorders where it lists the function, else the signature."""
    names = [p.name for p in inspect.signature(resolve(v1, path)).parameters.values()
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    listed = reorders_v2.reorders.get("tf." + path)
    return [name or names[i] for i, name in enumerate(listed)] if listed else names


@pytest.mark.parametrize("path", sorted({**meanings.SILENT, **meanings.LOUD}))
def test_table_matches_the_signatures(path: str) -> None:
    moved = {**meanings.SILENT, **meanings.LOUD}[path]
    start = moved.position - 1
    assert v1_order(path)[start:start + len(moved.order)] == list(moved.order)
    v2 = [p.name for p in inspect.signature(resolve(tf, path)).parameters.values()
          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if moved.v2:
        assert v2[start] == moved.v2 != moved.order[0]
    else:
        assert len(v2) <= start  # TF2 takes fewer positional arguments: TypeError
    v2_keywords = set(inspect.signature(resolve(tf, path)).parameters)
    if not moved.advice:  # "pass them by keyword" names each TF1 parameter as TF2 spells it
        assert {meanings.TF2_KEYWORDS.get(name, name) for name in moved.order} <= v2_keywords


# -- TF112 -----------------------------------------------------------------------------------------------


def std(init: Any) -> float:
    return float(tf.math.reduce_std(init([200, 200])))


@pytest.mark.parametrize("path", ["random_normal_initializer", "initializers.random_normal",
                                  "initializers.truncated_normal"])
def test_stddev_default(path: str) -> None:
    source = f"R.{path}()"
    assert "`stddev` 1.0 → 0.05" in assert_reported(source, "TF112")
    scale = 0.88 if "truncated" in path else 1.0  # a normal truncated at 2 standard deviations
    assert abs(std(run(source, v1)) - scale) < 0.05
    assert abs(std(run(source, tf)) - 0.05 * scale) < 0.005
    assert abs(std(run(f"tf.{path}(stddev=1.0)", tf)) - scale) < 0.05


@pytest.mark.parametrize("path", ["random_uniform_initializer", "initializers.random_uniform"])
def test_uniform_range_default(path: str) -> None:
    source = f"R.{path}()"
    assert "`minval` 0.0 → -0.05, `maxval` 1.0 → 0.05" in assert_reported(source, "TF112")

    def bounds(init: Any) -> list[float]:
        values = init([200, 200])
        return [round(float(tf.reduce_min(values)), 2), round(float(tf.reduce_max(values)), 2)]
    assert bounds(run(source, v1)) == [0.0, 1.0]
    assert bounds(run(source, tf)) == [-0.05, 0.05]
    assert bounds(run(f"tf.{path}(minval=0.0, maxval=1.0)", tf)) == [0.0, 1.0]


def repeats(init: Any) -> bool:
    return bool(np.allclose(init([3, 3]), init([3, 3])))


#: One initializer object bound to a name initializes two variables.
TWICE = "r = {source}\na = tf.get_variable('a', [3], initializer=r)\nb = tf.get_variable('b', [3], initializer=r)\n"


def lint_twice(source: str, header: str) -> set[str]:
    """The codes found on the initializer's line when it initializes two variables."""
    line = header.count("\n") + 1
    return {d.code for d in engine.lint_source(header + TWICE.format(source=source.replace("R.", "tf.")))
            if d.line == line}


def graph_variables_equal(source: str) -> bool:
    """Whether, in a TF1 graph (what TF 1.x ran), two variables from one initializer object start equal."""
    with tf.Graph().as_default():
        init = run(source, v1)
        a = v1.get_variable("a", [3, 3], initializer=init)
        b = v1.get_variable("b", [3, 3], initializer=init)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            return bool(np.allclose(*sess.run([a, b])))


TF1_CODE = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
V1_EAGER = "import tensorflow.compat.v1 as tf\n"
V1_GRAPH = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"


@pytest.mark.parametrize("source", ["R.random_normal_initializer(0.0, 0.02, seed=1)",
                                    "R.initializers.glorot_uniform(seed=3)"])
def test_seeded_initializer_repeated_itself_in_tf1_graphs_too(source: str) -> None:
    assert graph_variables_equal(source)  # TF1 graph mode: the same values, as in TF 2.x
    assert repeats(run(source, tf))
    assert "TF112" not in lint_twice(source, TF1_CODE) | lint_twice(source, V1_GRAPH)
    assert not repeats(run(source, v1))  # compat.v1 run eagerly draws new values: that switch changes them
    assert "TF112" in lint_twice(source, V1_EAGER)


@pytest.mark.parametrize("source", ["R.initializers.glorot_uniform()", "R.initializers.he_normal()",
                                    "R.initializers.orthogonal()"])
def test_keras_initializer_object_repeats_itself(source: str) -> None:
    assert not graph_variables_equal(source)  # TF1 graph mode: new values per variable
    assert repeats(run(source, tf))
    assert "TF112" in lint_twice(source, TF1_CODE) and "TF112" in lint_twice(source, V1_GRAPH)
    tf2_native = ("import tensorflow as tf\nr = {}\na = tf.keras.layers.Dense(3, kernel_initializer=r)\n"
                  "b = tf.keras.layers.Dense(3, kernel_initializer=r)\n").format(source.replace("R.", "tf."))
    assert not [d for d in engine.lint_source(tf2_native) if d.code == "TF112"]  # TF2-native code
    assert "TF112" not in lint(source)["tf1"][0]  # bound once, read never: nothing repeats
    one, other = run(source, tf), run(source, tf)  # the advice: one object per variable
    assert not np.allclose(one([3, 3]), other([3, 3]))


# -- TF113 -----------------------------------------------------------------------------------------------


def test_where_rows_become_columns() -> None:
    source = "R.where([True, False], [[1, 2], [3, 4]], [[10, 20], [30, 40]])"
    assert "[[1, 2], [30, 40]] in TF1, [[1, 20], [3, 40]] in TF 2.x" in assert_reported(source, "TF113")
    assert run(source, v1).numpy().tolist() == [[1, 2], [30, 40]]
    assert run(source, tf).numpy().tolist() == [[1, 20], [3, 40]]
    fixed = "tf.where(tf.expand_dims([True, False], -1), [[1, 2], [3, 4]], [[10, 20], [30, 40]])"
    assert fixed in lint(source)["tf1"][1]
    assert run(fixed, tf).numpy().tolist() == [[1, 2], [30, 40]]


def test_xent_gradient_flows_into_labels() -> None:
    source = "R.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(x), logits=x)"
    assert "labels=tf.stop_gradient(tf.nn.softmax(x))" in assert_reported(source, "TF113")
    soft = tf.Variable([[0.7, 0.2, 0.1]])
    logits = tf.constant([[2.0, 1.0, 0.1]])

    def gradient(fn: Any, wrap: Callable[[Any], Any] = lambda t: t) -> Any:
        with tf.GradientTape() as tape:
            loss = fn(labels=wrap(soft), logits=logits)
        return tape.gradient(loss, soft)
    assert gradient(v1.nn.softmax_cross_entropy_with_logits) is None
    assert np.allclose(gradient(tf.nn.softmax_cross_entropy_with_logits), [[0.417, 1.417, 2.317]], atol=1e-3)
    assert gradient(tf.nn.softmax_cross_entropy_with_logits, tf.stop_gradient) is None


def test_resize_half_pixel_centers() -> None:
    source = "R.image.resize(img, [2, 2])"
    assert "[[0, 2], [8, 10]] in TF1, [[2.5, 4.5], [10.5, 12.5]] in TF 2.x" in assert_reported(source, "TF113")
    assert run(source + "[0, :, :, 0]", v1).numpy().tolist() == [[0, 2], [8, 10]]
    assert run(source + "[0, :, :, 0]", tf).numpy().tolist() == [[2.5, 4.5], [10.5, 12.5]]
    area = "R.image.resize(img, [2, 2], method='area')"
    assert "TF113" not in lint(area)["tf1"][0]
    assert np.allclose(run(area, tf), v1.image.resize(ENV["img"], [2, 2], method=v1.image.ResizeMethod.AREA))


def test_embedding_lookup_shards_mod_to_div() -> None:
    source = "R.nn.embedding_lookup([shards[0], shards[1]], ids)"
    assert "TF1's rows [0, 2, 1, 3]" in assert_reported(source, "TF113")
    assert run(source, v1).numpy().ravel().tolist() == [0, 1, 2, 3]
    assert run(source, tf).numpy().ravel().tolist() == [0, 2, 1, 3]


def test_embedding_lookup_partitioned_variable_mod_to_div() -> None:
    source = "tf.get_variable('emb', [4, 1], partitioner=partitioner)\nemb = tf.nn.embedding_lookup(r, ids)"
    for header in ("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n"):
        assert "TF113" in {d.code for d in engine.lint_source(header + "r = " + source + "\n")}

    def rows(shape: Any, dtype: Any = None, partition_info: Any = None) -> Any:
        offset = partition_info.var_offset[0] if partition_info else 0
        return tf.reshape(tf.range(shape[0], dtype=tf.float32) + offset, shape)
    with tf.Graph().as_default():
        emb = v1.get_variable("emb", [4, 1], initializer=rows, partitioner=v1.fixed_size_partitioner(2))
        ids = [0, 1, 2, 3]
        tf1, tf2 = v1.nn.embedding_lookup(emb, ids), tf.nn.embedding_lookup(emb, ids)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(tf1).ravel().tolist() == [0, 2, 1, 3] and sess.run(tf2).ravel().tolist() == [0, 1, 2, 3]


def test_ctc_beam_search_decoder_no_longer_merges() -> None:
    source = "R.nn.ctc_beam_search_decoder(paths, [3])"
    assert "[a] in TF1 and [a, a] in TF 2.x" in assert_reported(source, "TF113")
    assert run(source, v1)[0][0].values.numpy().tolist() == [0]
    assert run(source, tf)[0][0].values.numpy().tolist() == [0, 0]


def test_extract_glimpse_pixel_offsets() -> None:
    source = "R.image.extract_glimpse(ramp, [2, 2], offsets, False, False)"
    text = assert_reported(source, "TF113")
    assert "[[0, 1], [5, 6]] in TF1, [[6, 7], [11, 12]] in TF 2.x" in text
    assert run(source + "[0, :, :, 0]", v1).numpy().tolist() == [[0, 1], [5, 6]]
    assert run(source + "[0, :, :, 0]", tf).numpy().tolist() == [[6, 7], [11, 12]]
    offsets = text.split("`offsets=", 1)[1].split("`", 1)[0]  # the advice, as written
    fixed = f"tf.image.extract_glimpse(ramp, [2, 2], {offsets}, False, False)[0, :, :, 0]"
    assert run(fixed, tf).numpy().tolist() == [[0, 1], [5, 6]]


def test_while_loop_one_element_list() -> None:
    source = "R.while_loop(lambda i: i < 3, lambda i: (i + 1,), [tf.constant(0)])"
    assert "`r` is a list" in assert_reported(source, "TF113")
    with tf.Graph().as_default():
        result = run(source, v1)
        with v1.Session() as sess:
            assert isinstance(result, tf.Tensor) and sess.run(result * 2) == 6
    assert isinstance(tf.function(lambda: run(source, tf))(), list)
    unpacked, = tf.function(lambda: run(source, tf))()
    assert int(unpacked) * 2 == 6


def test_cond_one_element_list() -> None:
    source = "R.cond(tf.constant(True), lambda: [tf.constant(1)], lambda: [tf.constant(2)])"
    assert "`r` is a list" in assert_reported(source, "TF113")
    assert isinstance(run(source, v1), tf.Tensor)
    assert isinstance(run(source, tf), list)
    assert isinstance(tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2)), tf.Tensor)


def test_strings_split_returns_ragged() -> None:
    source = "R.strings.split(['a b']).indices"
    assert ".to_sparse()" in assert_reported(source, "TF113")
    assert run(source, v1).numpy().tolist() == [[0, 0], [0, 1]]
    with pytest.raises(AttributeError):
        run(source, tf)
    assert run("tf.strings.split(['a b']).to_sparse().indices", tf).numpy().tolist() == [[0, 0], [0, 1]]
    assert run("R.strings.split(['a b']).values", v1).numpy().tolist() == \
        run("R.strings.split(['a b']).values", tf).numpy().tolist()


def checkpoint_keys(checkpoint: Any, path: str) -> list[str]:
    return sorted(name for name, _ in tf.train.list_variables(checkpoint.save(path)) if "/" in name)


def test_checkpoint_root_is_the_object(tmp_path: Any) -> None:
    source = "R.train.Checkpoint(root=model)"
    assert "ckpt.root = model" in assert_reported(source, "TF113")
    model = tf.Module()
    model.v = tf.Variable(1.0)
    ENV["model"] = model
    try:
        assert "root/v/.ATTRIBUTES/VARIABLE_VALUE" in checkpoint_keys(run(source, v1), str(tmp_path / "v1"))
        tf2 = checkpoint_keys(run(source, tf), str(tmp_path / "tf2"))
        assert "v/.ATTRIBUTES/VARIABLE_VALUE" in tf2 and not any(k.startswith("root/") for k in tf2)
        ckpt = tf.train.Checkpoint()
        ckpt.root = model
        assert "root/v/.ATTRIBUTES/VARIABLE_VALUE" in checkpoint_keys(ckpt, str(tmp_path / "fixed"))
    finally:
        del ENV["model"]


# -- TF115 -----------------------------------------------------------------------------------------------


def dimension_tests(v2_shapes: bool) -> dict[str, Any]:
    """``x.shape[i]`` compared with None, for x of shape [None, 3], with TF1 or TF2 shapes."""
    if not v2_shapes:
        v1.disable_v2_tensorshape()
    try:
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, [None, 3])
            return {"is": x.shape[0] is None, "is not": x.shape[0] is not None, "==": x.shape[0] == None,  # noqa: E711
                    "!= known": x.get_shape()[1] != None,  # noqa: E711
                    "fixed": tf.compat.dimension_value(x.shape[0]) is None}
    finally:
        v1.enable_v2_tensorshape()


def test_shape_dimension_none_flips() -> None:
    for source, spelled in (("x.shape[0] is None", "is"), ("x.get_shape()[1] != None", "is not")):
        text = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nr = " + source + "\n"
        [finding] = [d for d in engine.lint_source(text) if d.code == "TF115"]
        assert f"`tf.compat.dimension_value(x.{source.split('.', 1)[1].split(' ')[0]}) {spelled} None`" in \
            finding.suggestion
        assert "TF115" not in {d.code for d in engine.lint_source(text.replace("x = tf.placeholder(tf.float32)\n", ""))}
    tf1, tf2 = dimension_tests(v2_shapes=False), dimension_tests(v2_shapes=True)
    assert tf1 == {"is": False, "is not": True, "==": None, "!= known": None, "fixed": True}
    assert tf2 == {"is": True, "is not": False, "==": True, "!= known": True, "fixed": True}
