"""TF110-TF115: the same TensorFlow name (or expression) means something else in TF 2.x (knowledge audit, Part B).

A call is judged by what is written: how many positional arguments it has, which keywords are present or
absent, literal values and literal shapes. Where it is reported depends on the context:

- through ``tf.compat.v1`` the code still has TF1 semantics; the finding (a warning) says what changes at the
  switch to ``import tensorflow as tf``, and is reported at once;
- through the TF2 namespace in a file that is TF1 code (``checker.context.tf1()``: TF1-only names, a TF 1 pin,
  the project setting), the code written for TF 1.x now has TF2 semantics; the call is noted during the walk
  and reported at the end of the file, naming the evidence (an error where the meaning flips, else a warning);
- in TF2-native code nothing is reported: ``tf.nn.dropout(x, 0.9)`` there means rate 0.9.

Messages are built from fixed frames: ``{func}`` carries the call's exact difference and the context.
"""
from __future__ import annotations

import ast
import re
from itertools import islice
from typing import NamedTuple, Optional

from tf2lint import tfapi
from tf2lint.hooks import Checker, Hooks, Start, keyword, method_position
from tf2lint.rules import api_surface, control_deps
from tf2lint.rules.api_surface import TF2_MODE
from tf2lint.rules.model import ERROR, WARNING, Rule

TITLE = "Same name, different behaviour"
INTRO = (
    "TF110-TF114 report calls that TF 2.x accepts under the same name but reads differently: a positional "
    "argument with another meaning, another default, another result. Through `compat.v1` they are warnings "
    "that say what changes at the switch to `import tensorflow as tf`; in TF1 code written as `import "
    "tensorflow as tf` (the file uses TF1-only names, the project pins TensorFlow 1, or `tensorflow = \"1\"` "
    "is set) they name that evidence and are errors where the meaning flips; in TF2-native code only a dropout "
    "argument named like a keep probability is reported. TF115 is the same for a change of mode: TensorShape "
    "v2. TF116 is a warning on the calls `tf_upgrade_v2` rewrites whose text cannot show whether they change. "
    "Fix these findings before switching the import: afterwards the file reads as TF2 code and they are no "
    "longer reported. In their messages, `{func}` is the call's exact difference and that context."
)

RULES = (
    Rule(
        "TF110", "dropout-keep-prob", ERROR,
        "the second argument of `{name}` is `keep_prob` in TF1 and `rate` in TF 2.x: {func}",
        "{advice}",
        "Finds `nn.dropout` calls whose second positional argument is a keep probability: through "
        "`compat.v1`, in TF1 code, and wherever the argument is named like `keep_prob`.",
        "TF2's `tf.nn.dropout(x, rate)` drops the given fraction, so a keep probability passed by position "
        "silently inverts the meaning: 0.9 keeps 10% of the units instead of 90%.",
        "h = tf.nn.dropout(h, keep_prob)",
        "h = tf.nn.dropout(h, rate=1 - keep_prob)",
        v1_severity=WARNING,  # compat.v1 keeps keep_prob: the call runs as TF1 wrote it
    ),
    Rule(
        "TF111", "positional-meaning-changed", WARNING,
        "a positional argument of `{name}` means something else in TF 2.x: {func}",
        "{advice}",
        "Finds calls that pass, by position, an argument whose parameter is another one in TF 2.x, which "
        "usually runs on with it: `random.poisson(lam, shape)` (with integer values), the 4th argument of "
        "`nn.moments` and `sparse.reduce_sum`/`reduce_max`, the 3rd of `transpose`, the 4th of "
        "`image.sample_distorted_bounding_box` and `image.resize`, the 5th of `io.decode_csv`, the 10th of "
        "`nn.nce_loss`.",
        "The call keeps running and computes something else: `tf.random.poisson([2], [1000])` draws 2 "
        "samples with λ = 1000 instead of 1000 with λ = 2, `tf.transpose(c, [1, 0], 'T')` conjugates a "
        "complex tensor, `tf.nn.moments(x, [0], None, 'm')` keeps the reduced dimension.",
        "import tensorflow.compat.v1 as tf\ncounts = tf.random.poisson([2], [1000])\n"
        "ct = tf.transpose(c, [1, 0], 'T')",
        "counts = tf.random.poisson(lam=[2.0], shape=[1000])\nct = tf.transpose(c, [1, 0], name='T')",
        tf2_severity=ERROR,  # in TF1 code, where the meaning flips
    ),
    Rule(
        "TF112", "default-changed", WARNING,
        "`{name}` initializes differently in TF 2.x: {func}",
        "{advice}",
        "Finds the initializers whose defaults changed (`random_normal_initializer` and "
        "`initializers.random_normal`/`truncated_normal` without `stddev`, `random_uniform_initializer` and "
        "`initializers.random_uniform` without `minval`/`maxval`), and initializer objects bound to a name for "
        "reuse: any `initializers.*` object, a seeded `random_*_initializer`.",
        "TF2's defaults are Keras': a standard deviation of 0.05 instead of 1.0 (initial weights 20 times "
        "smaller) and a range of [-0.05, 0.05) instead of [0, 1). A TF2 `tf.initializers.*` object (Keras 3), "
        "and a seeded `tf.random_normal_initializer`, returns the same values on every call, so every variable "
        "it initializes is identical.",
        "import tensorflow.compat.v1 as tf\ninit = tf.random_normal_initializer()",
        "init = tf.random_normal_initializer(stddev=1.0)",
        tf2_severity=ERROR,  # in TF1 code, where the initial values silently change
    ),
    Rule(
        "TF113", "behaviour-changed", WARNING,
        "`{name}` computes something else in TF 2.x: {func}",
        "{advice}",
        "Finds calls that TF 2.x runs with another result: a 3-argument `where` whose condition has a lower "
        "rank than `x`, `nn.softmax_cross_entropy_with_logits` with computed labels, `image.resize`, "
        "`nn.embedding_lookup` (and `_sparse`, `nce_loss`, `sampled_softmax_loss`) over a list of shards or a "
        "partitioned variable, "
        "`nn.ctc_beam_search_decoder`, `image.extract_glimpse` with uncentered or pixel offsets, `while_loop` "
        "and `cond` results of one-element lists, `.indices` of a `strings.split` result, "
        "`train.Checkpoint(root=...)`, random ops that share a literal `seed=` (paired in a TF1 graph).",
        "The call runs on (only `.indices` of a split fails): rows are selected along another axis, gradients "
        "flow into the labels, images are sampled at half-pixel centers, sharded ids read other rows, repeated "
        "labels are no longer merged, the glimpse window moves, a one-element list comes back as a list, a "
        "checkpoint's keys lose their `root/` prefix.",
        "import tensorflow.compat.v1 as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax("
        "teacher), logits=student)",
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.nn.softmax(teacher)), "
        "logits=student)",
        tf2_severity=ERROR,  # in TF1 code, where the meaning flips
    ),
    Rule(
        "TF114", "positional-raises", ERROR,
        "a positional argument of `{name}` means something else in TF 2.x, where the call raises: {func}",
        "{advice}",
        "Finds calls that pass, by position, an argument TF 2.x reads as another parameter and rejects: "
        "`shape(x, name)`, `argmax(x, axis, name)`, `gather(p, i, v, name)`, `nn.in_top_k(predictions, "
        "targets, k)`, `nn.conv2d(..., use_cudnn_on_gpu)`, `nn.embedding_lookup(p, ids, partition_strategy)`,"
        " `nn.ctc_loss(labels, inputs, sequence_length)`, `name_scope(name, default_name, values)`, an "
        "initializer's positional `dtype`, an integer `image.resize` method and more (65 names).",
        "The call fails under TF 2.x with a TypeError, ValueError or InvalidArgumentError when it runs; the "
        "TF1 meaning is kept by passing the arguments by keyword.",
        "import tensorflow.compat.v1 as tf\npred = tf.argmax(logits, 1, 'pred')",
        "pred = tf.argmax(logits, 1, name='pred')",
        v1_severity=WARNING,  # compat.v1 accepts the TF1 positionals
    ),
    Rule(
        "TF115", "shape-dimension-none", WARNING,
        "`{name}` compares a shape dimension with None, which TF 2.x answers the other way: {func}",
        "{advice}",
        "Finds `x.shape[i] is None`, `x.get_shape()[i] == None` and their negations in TF1 code, and through "
        "`compat.v1` in files that call `disable_v2_behavior()` or `disable_v2_tensorshape()`.",
        "TF1's shape dimension is a `Dimension` object: `is None` is always False and `== None` gives None "
        "(falsy), even for an unknown size. TF 2.x shapes hold `int` or `None`, so the same test is True for an "
        "unknown size and the branch flips.",
        "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\nif x.shape[0] is None:\n    n = tf.shape(x)[0]",
        "if tf.compat.dimension_value(x.shape[0]) is None:\n    n = tf.shape(x)[0]",
        tf2_severity=ERROR,  # in TF1 code, where the branch silently flips
    ),
    Rule(
        "TF116", "behaviour-review", WARNING,
        "`{name}` may compute something else in TF 2.x: {func}",
        "{advice}",
        "Finds, in TF1 code and through `compat.v1`, the calls `tf_upgrade_v2` itself rewrites or comments on "
        "because TF 2.x reads them differently, where the call's text cannot tell whether this one changes: a "
        "3-argument `where`, `nn.softmax_cross_entropy_with_logits`, the sharded lookups (`nn.embedding_lookup`,"
        " `embedding_lookup_sparse`, `safe_embedding_lookup_sparse`, `nce_loss`, `sampled_softmax_loss`) "
        "without `partition_strategy`, `strings.split`. Where the text proves the change it is TF113; where it "
        "proves there is none (a scalar condition, `tf.stop_gradient` labels, a single table, `.values` of the "
        "split) nothing is reported, and TF2-native code and `tf.compat.v1.X` written out are never reported.",
        "The same call keeps running under TF 2.x: a lower-rank condition is broadcast against the last axis "
        "instead of selecting rows, gradients flow into the labels, a sharded table is read in 'div' order "
        "instead of 'mod', the split comes back as a RaggedTensor.",
        "import tensorflow.compat.v1 as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=targets, "
        "logits=logits)",
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(targets), logits=logits)",
    ),
)

hooks = Hooks()

#: The context part of a finding reported through compat.v1.
SWITCH = ("compat.v1 keeps the TF1 meaning until the switch to `import tensorflow as tf`: apply the fix before "
          "switching (written that way the call means the same in both, and is not reported again)")


class _Pending:
    """Calls through the TF2 namespace, reported at the end of the file if it is TF1 code."""

    __slots__ = ("findings",)

    def __init__(self) -> None:
        #: code, node, name, what differs, advice, advice if already migrated, whether the meaning flips, start
        self.findings: list[tuple[str, ast.AST, str, str, str, str, bool, Start]] = []


#: What a finding resting on the file's importers says for the reading where the file was already migrated.
MIGRATED = "TF 2.x's reading is the one meant: pass the arguments by keyword to say so"
#: ... for a call whose result changed (TF113).
RESULT_MEANT = "TF 2.x's result is the one meant: nothing changes"


def _report(checker: Checker, code: str, node: ast.AST, namespace: str, name: str, difference: str,
            advice: str, flips: bool = False, start: Start = None, migrated: str = MIGRATED) -> None:
    """Report now through compat.v1; note for the end of the file through the TF2 namespace. ``migrated`` is the
    advice for code already written for TF 2.x (given beside ``advice`` where only importers make it TF1)."""
    if namespace == tfapi.V1:
        checker.emit(code, node, name=name, func=f"{difference}; {SWITCH}", advice=advice, severity=WARNING,
                     start=start)
    else:
        checker.state(_Pending).findings.append((code, node, name, difference, advice, migrated, flips, start))


def both_readings(advice: str, migrated: str) -> str:
    """The advice of a finding that holds only if the file is still TF1 code (its importers are)."""
    return f"if this is still TF1 code, {advice}; if it was already migrated, {migrated}"


@hooks.on_end
def _decide(checker: Checker) -> None:
    """Report the calls noted in TF1 code, naming the evidence; TF2-native code stays clean. Where only the
    file's importers can make it TF1 code, the findings are conditional and give both readings."""
    pending = checker.state(_Pending).findings
    if not pending:
        return
    evidence, imported = checker.context.tf1_or_imported()
    if not evidence:
        return
    for code, node, name, difference, advice, migrated, flips, start in pending:
        checker.emit(code, node, name=name, func=f"{difference}; TF1 code: {evidence}",
                     advice=both_readings(advice, migrated) if imported else advice,
                     severity=ERROR if flips else WARNING, start=start, conditional=imported)


#: TF2-namespace names whose use shows code written for TF 2.x: such a file is not made TF1 code by its importers.
TF2_ONLY = {("function",), ("GradientTape",), ("summary", "create_file_writer"), ("data", "AUTOTUNE"),
            ("config", "run_functions_eagerly"), ("random", "Generator")}


@hooks.reference(tfapi.V2, tfapi.V1)
def _tf2_only(checker: Checker, node: ast.AST, base: str, qualified: str, namespace: str,
              parts: tuple[str, ...], start: Start) -> None:
    for length in (1, 2):
        if parts[:length] in TF2_MODE or namespace == tfapi.V2 and parts[:length] in TF2_ONLY:
            line = start[0] if start is not None else getattr(node, "lineno", 1)
            checker.context.note_tf2(f"`{tfapi.display(namespace, parts[:length])}`", line)
            return


def _review(checker: Checker, node: ast.AST, call: ast.Call, namespace: str, name: str, difference: str,
            advice: str) -> None:
    """TF116: a call TF 2.x may read differently, to check. Not where ``tf.compat.v1.X`` is written out: that is
    the TF2 call keeping the TF1 meaning (what tf_upgrade_v2 writes)."""
    if namespace == tfapi.V1:
        if not _spelled_v1(call.func):
            checker.state(_Reviews).v1.append((node, name, difference, advice))
    else:
        checker.state(_Pending).findings.append(("TF116", node, name, difference, advice, RESULT_MEANT, False, None))


class _Reviews:
    """TF116 calls through a compat.v1 alias, and whether the file also calls TensorFlow through ``tf``."""

    __slots__ = ("v1", "tf2")

    def __init__(self) -> None:
        self.v1: list[tuple[ast.AST, str, str, str]] = []
        self.tf2 = False


@hooks.on_any_call
def _tf2_call(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    if namespace == tfapi.V2:
        checker.state(_Reviews).tf2 = True


@hooks.on_end
def _v1_reviews(checker: Checker) -> None:
    """TF116 through a compat.v1 alias, unless the file is TF2 code that calls compat.v1 on purpose (it also
    calls TensorFlow through ``tf``: `tf1.where(...)` beside `tf.where(...)` asks for TF1's meaning)."""
    reviews = checker.state(_Reviews)
    if reviews.tf2:
        return
    for node, name, difference, advice in reviews.v1:
        checker.emit("TF116", node, name=name, func=f"{difference}; {SWITCH}", advice=advice, severity=WARNING)


def _spelled_v1(func: ast.expr) -> bool:
    """Whether a callee is written ``....compat.v1.X``."""
    while isinstance(func, ast.Attribute):
        if func.attr == "v1" and isinstance(func.value, ast.Attribute) and func.value.attr == "compat":
            return True
        func = func.value
    return False


def _bound(checker: Checker, node: ast.expr) -> list[ast.expr]:
    """What an expression is: itself, or every value the file binds to a name."""
    if isinstance(node, ast.Name):
        return control_deps.bound(checker, node.id)
    return [node]


# -- reading what is written ----------------------------------------------------------------------------

#: An argument shown in a suggestion is at most this many nodes; larger ones are shown by their parameter.
_SHOWN_NODES = 24


def _text(node: ast.AST, fallback: str) -> str:
    """The source of a small expression (iterative size check first: ``ast.unparse`` recurses)."""
    if sum(1 for _ in islice(ast.walk(node), _SHOWN_NODES)) >= _SHOWN_NODES:
        return fallback
    return ast.unparse(node)


def _positional(node: ast.Call) -> list[ast.expr]:
    """The positional arguments, up to the first ``*args`` (whose length is unknown)."""
    found = []
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            break
        found.append(arg)
    return found


def _opaque(node: ast.Call) -> bool:
    """Whether ``*args`` or ``**kwargs`` may pass anything."""
    return any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)


def _argument(node: ast.Call, position: int, name: str) -> Optional[ast.expr]:
    """The argument of parameter ``name`` (1-based ``position``), by position or keyword."""
    args = _positional(node)
    if len(args) >= position:
        return args[position - 1]
    found = keyword(node, name)
    return found.value if found is not None else None


def _literal(node: Optional[ast.AST]) -> object:
    """The value of a literal constant (``-1`` included), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        return -value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return node.value if isinstance(node, ast.Constant) else None


def _rank(node: Optional[ast.AST]) -> int:
    """The rank of a nested list/tuple literal (0 for anything else)."""
    rank = 0
    while isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        rank += 1
        node = node.elts[0]
    return rank


def _ordinal(number: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


# -- TF110: dropout's keep probability ------------------------------------------------------------------

_KEEP_PROB = re.compile(r"keep_?prob|keep_probability", re.IGNORECASE)


@hooks.call("nn.dropout")
def _dropout(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF110: a keep probability passed by position where TF2 takes ``rate``; ``rate=`` through the TF2
    namespace shows TF2 code."""
    if namespace == tfapi.V2 and keyword(node, "rate") is not None:
        checker.context.note_tf2(f"`rate=` of `{name}`", node.lineno)
    args = _positional(node)
    if len(args) < 2:
        return
    keep = args[1]
    value = _literal(keep)
    if value == 0.5:
        return  # keep 0.5 is rate 0.5
    if value == 1 and not isinstance(value, bool):
        difference = "1 keeps every unit in TF1; TF 2.x rejects rate 1 (ValueError)"
        rate = "0.0"
    elif isinstance(value, float):
        difference = f"{value:g} keeps {value:.0%} of the units in TF1 and {1 - value:.0%} in TF 2.x"
        rate = f"{1 - value:.10g}"
    else:
        difference = "TF 2.x drops the fraction TF1 kept"
        rate = _rate(keep)
    shown = _text(args[0], 'x')
    advice = f"use `tf.nn.dropout({shown}, rate={rate})`"
    migrated = f"write `tf.nn.dropout({shown}, rate={_text(keep, 'rate')})` to say so"
    if namespace == tfapi.V2:
        if _rate_of_keep(keep):
            return  # `1 - keep_prob` is already a rate: code written for TF 2.x
        if _named_keep(keep):
            checker.emit("TF110", keep, name=name,
                         func=f"{difference}; the argument is named like a keep probability", advice=advice)
            return
    _report(checker, "TF110", keep, namespace, name, difference, advice, flips=True, migrated=migrated)


def _named_keep(node: ast.expr) -> bool:
    """Whether an argument is itself a name like ``keep_prob`` (``self.keep_prob``, ``FLAGS.keep_prob``)."""
    word = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return bool(_KEEP_PROB.search(word))


def _rate_of_keep(node: ast.expr) -> bool:
    """``1 - keep_prob``: a rate computed from a keep probability."""
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and _literal(node.left) == 1
            and _named_keep(node.right))


def _rate(keep: ast.expr) -> str:
    """``1 - keep`` as source: ``1.0 - dropout`` gives ``dropout``."""
    if isinstance(keep, ast.BinOp) and isinstance(keep.op, ast.Sub) and _literal(keep.left) == 1:
        return _text(keep.right, "dropout")
    shown = _text(keep, "keep_prob")
    return f"1 - ({shown})" if isinstance(keep, (ast.BinOp, ast.BoolOp, ast.IfExp, ast.Lambda)) else f"1 - {shown}"


# -- TF111 / TF114: positional arguments read as other parameters ---------------------------------------


class Moved(NamedTuple):
    """From TF1 positional ``position`` on, TF 2.x reads the arguments as other parameters."""

    position: int  # 1-based: the first positional argument whose parameter changed
    order: tuple[str, ...]  # TF1's parameters from ``position`` on, in order
    v2: str  # TF2's parameter at ``position`` ('' where TF2 takes fewer positional arguments)
    effect: str  # what TF 2.x does with the TF1 argument
    least: int = 0  # positional arguments needed for the change to show (default: ``position``)
    advice: str = ""  # replaces "pass them by keyword" where a TF1 keyword is gone in TF2
    flips: bool = False  # the TF1 value is silently read with the opposite/another meaning


#: Silent (TF111): TF 2.x accepts the argument and computes something else. Checked against TF 2.21 in
#: tests/tf/test_tf_meanings.py.
SILENT: dict[str, Moved] = {
    "random.poisson": Moved(1, ("lam", "shape"), "shape", "TF 2.x reads `(shape, lam)`: `([2], [1000])` draws "
                            "2 samples with λ = 1000 instead of 1000 with λ = 2", least=2, flips=True),
    "nn.moments": Moved(4, ("name", "keep_dims"), "keepdims",
                        "a name string keeps the reduced dimensions (mean shape [1, 3], not [3])"),
    "nn.weighted_moments": Moved(4, ("name", "keep_dims"), "keepdims",
                                 "a name string keeps the reduced dimensions"),
    "transpose": Moved(3, ("name", "conjugate"), "conjugate", "a name string conjugates complex input "
                       "(1+2j becomes 1-2j)"),
    "image.sample_distorted_bounding_box": Moved(
        4, ("seed2", "min_object_covered"), "min_object_covered",
        "`seed2` becomes the fraction of the box the crop must cover: 2 always falls back to the whole image",
        advice="TF 2.x has no `seed2`: drop it and pass the rest by keyword (`seed=`, `min_object_covered=`)",
        flips=True),
    "io.decode_csv": Moved(5, ("name", "na_value", "select_cols"), "na_value",
                           "the op name becomes the NA marker: fields equal to it take their default"),
    "image.resize": Moved(
        4, ("align_corners", "preserve_aspect_ratio"), "preserve_aspect_ratio",
        "`align_corners` becomes `preserve_aspect_ratio`, which changes the output shape",
        advice="TF 2.x has no `align_corners` (it samples at half-pixel centers): drop it and pass "
               "`preserve_aspect_ratio=` by keyword, or keep `tf.compat.v1.image.resize(..., align_corners=True)` "
               "where results must match TF1"),
    "nn.nce_loss": Moved(10, ("partition_strategy", "name"), "name",
                         "`partition_strategy` becomes the op's name and the table is split by 'div'",
                         advice="TF 2.x has no `partition_strategy` (it always uses 'div'): for a sharded table keep "
                                "`tf.compat.v1.nn.nce_loss(..., partition_strategy='mod')`, else drop it",
                         flips=True),
    **{f"sparse.reduce_{op}": Moved(4, ("reduction_axes", "keep_dims"), "output_is_sparse",
                                    "`reduction_axes` becomes `output_is_sparse`: the call returns a SparseTensor",
                                    advice="pass the axes as `axis=` (TF 2.x has no `reduction_axes`)", flips=True)
       for op in ("sum", "max")},
}

_PARTITIONS = "TF 2.x has no `partition_strategy` (it always uses 'div'): drop it and pass the rest by keyword"

#: Loud (TF114): TF 2.x reads the argument as another parameter and raises.
LOUD: dict[str, Moved] = {
    "shape": Moved(2, ("name", "out_type"), "out_type", "a name string is not a dtype (TypeError)"),
    "size": Moved(2, ("name", "out_type"), "out_type", "a name string is not a dtype (TypeError)"),
    **{path: Moved(3, ("name", "dimension", "output_type"), "output_type", "a name string is not a dtype "
                   "(TypeError)") for path in ("argmax", "argmin", "math.argmax", "math.argmin")},
    "gather": Moved(4, ("name", "axis", "batch_dims"), "axis", "a name string is not an axis"),
    "gather_nd": Moved(3, ("name", "batch_dims"), "batch_dims", "a name string is not `batch_dims`"),
    "boolean_mask": Moved(3, ("name", "axis"), "axis", "a name string is not an axis"),
    "pad": Moved(4, ("name", "constant_values"), "constant_values",
                 "a name string becomes the padding value"),
    "convert_to_tensor": Moved(3, ("name", "preferred_dtype"), "dtype_hint", "a name string is not a dtype"),
    **{path: Moved(1, ("predictions", "targets", "k"), "targets", "TF 2.x reads `(targets, predictions, k)`",
                   least=2) for path in ("nn.in_top_k", "math.in_top_k")},
    **{path: Moved(2, ("crops", "block_size"), "block_shape", "TF 2.x reads `(input, block_shape, crops)`")
       for path in ("batch_to_space",)},
    **{path: Moved(2, ("paddings", "block_size"), "block_shape", "TF 2.x reads `(input, block_shape, paddings)`",
                   advice="pass them by keyword, `block_shape` as a 1-D list (a scalar raises): `paddings=paddings, "
                          "block_shape=[block_size, block_size]`") for path in ("space_to_batch", "nn.space_to_batch")},
    "nn.conv2d": Moved(5, ("use_cudnn_on_gpu", "data_format", "dilations"), "data_format",
                       "`use_cudnn_on_gpu` becomes `data_format`",
                       advice="TF 2.x has no `use_cudnn_on_gpu`: drop it and pass the rest by keyword"),
    "nn.conv1d": Moved(5, ("use_cudnn_on_gpu", "data_format"), "data_format",
                       "`use_cudnn_on_gpu` becomes `data_format`",
                       advice="TF 2.x has no `use_cudnn_on_gpu`: drop it and pass the rest by keyword"),
    "nn.convolution": Moved(3, ("padding", "strides", "dilation_rate"), "strides",
                            "the padding string becomes `strides`"),
    "nn.pool": Moved(4, ("padding", "dilation_rate", "strides"), "strides", "the padding string becomes `strides`"),
    "nn.separable_conv2d": Moved(6, ("rate", "name", "data_format"), "data_format", "`rate` becomes `data_format`"),
    "nn.depthwise_conv2d": Moved(5, ("rate", "name", "data_format"), "data_format", "`rate` becomes `data_format`"),
    **{path: Moved(4, ("rates", "padding"), "padding", "`rates` becomes `padding`",
                   advice="pass them by keyword, with the `data_format` TF 2.x requires: `dilations=rates, "
                          "padding=padding, data_format='NHWC'`") for path in ("nn.dilation2d", "nn.erosion2d")},
    "nn.crelu": Moved(2, ("name", "axis"), "axis", "a name string is not an axis"),
    **{path: Moved(3, ("name", "data_format"), "data_format", "a name string is not a data format")
       for path in ("nn.depth_to_space", "nn.space_to_depth")},
    "strings.length": Moved(2, ("name", "unit"), "unit", "a name string is not a unit"),
    "strings.substr": Moved(4, ("name", "unit"), "unit", "a name string is not a unit"),
    "math.confusion_matrix": Moved(4, ("dtype", "name", "weights"), "weights", "the dtype becomes `weights`"),
    "io.decode_raw": Moved(4, ("name",), "fixed_length", "a name string is not a length"),
    "io.parse_example": Moved(3, ("name", "example_names"), "example_names",
                              "the name string becomes `example_names`"),
    **{path: Moved(2, ("name", "out_type"), "out_type", "a name string is not a dtype")
       for path in ("io.serialize_sparse", "io.serialize_many_sparse")},
    **{path: Moved(4, ("name", "num_segments"), "num_segments", "a name string is not a segment count")
       for path in ("sparse.segment_sum", "sparse.segment_mean", "sparse.segment_sqrt_n")},
    "image.draw_bounding_boxes": Moved(3, ("name", "colors"), "colors", "a name string is not a color table",
                                       advice="TF 2.x requires `colors` (a `[num_colors, channels]` float table, "
                                              "e.g. `[[1.0, 0.0, 0.0]]`): pass it, and the name as `name=`"),
    "nn.embedding_lookup": Moved(3, ("partition_strategy", "name", "validate_indices", "max_norm"), "max_norm",
                                 "`partition_strategy` becomes `max_norm`", advice=_PARTITIONS),
    "nn.embedding_lookup_sparse": Moved(4, ("partition_strategy", "name", "combiner", "max_norm"), "combiner",
                                        "`partition_strategy` becomes `combiner`", advice=_PARTITIONS),
    "nn.ctc_loss": Moved(
        2, ("inputs", "sequence_length"), "logits",
        "TF 2.x reads `(labels, logits, label_length, logit_length)` and `logit_length` is missing", least=3,
        advice="use `tf.nn.ctc_loss(labels, logits, label_length=None, logit_length=sequence_length, "
               "blank_index=-1)` (sparse labels; `blank_index=-1` keeps TF1's blank, the last class; the "
               "default 0 trains another one)"),
    "while_loop": Moved(8, ("name", "maximum_iterations"), "maximum_iterations",
                        "a name string is not an iteration count"),
    **{path: Moved(1, ("dtype",), "", "TF2's initializers take the dtype when called (TypeError)",
                   advice="pass the dtype when calling the initializer: `init(shape, dtype=...)`")
       for path in ("zeros_initializer", "ones_initializer", "initializers.zeros", "initializers.ones")},
    **{path: Moved(position, ("dtype",), "", "TF2's initializers take the dtype when called (TypeError)",
                   advice="pass the dtype when calling the initializer: `init(shape, dtype=...)`")
       for path, position in (("random_normal_initializer", 4), ("random_uniform_initializer", 4),
                              ("initializers.random_normal", 4), ("initializers.random_uniform", 4),
                              ("initializers.truncated_normal", 4), ("initializers.constant", 2),
                              ("initializers.identity", 2), ("initializers.orthogonal", 3))},
    "nn.max_pool_with_argmax": Moved(7, ("name",), "include_batch_in_index", "a name string is not a bool"),
    "nn.ctc_beam_search_decoder": Moved(
        5, ("merge_repeated",), "", "TF 2.x takes 4 positional arguments (TypeError)",
        advice="TF 2.x has no `merge_repeated` (it never merges repeats): drop it where it was False, keep "
               "`tf.compat.v1.nn.ctc_beam_search_decoder` where it was True"),
    "feature_column.categorical_column_with_vocabulary_file": Moved(
        4, ("num_oov_buckets", "default_value"), "dtype", "`num_oov_buckets` becomes `dtype`"),
    **{path: Moved(7, ("name",), "dilations", "a name string is not a dilation")
       for path in ("nn.conv2d_transpose", "nn.conv3d_transpose")},
    **{path: Moved(4, ("optimize",), "layout", "`optimize` becomes `layout`",
                   advice="TF 2.x has no `optimize` (it always optimizes): drop it")
       for path in ("zeros_like", "ones_like")},
    "nn.safe_embedding_lookup_sparse": Moved(6, ("name", "partition_strategy", "max_norm"), "max_norm",
                                             "a name string is not a max norm", advice=_PARTITIONS),
    "nn.sampled_softmax_loss": Moved(10, ("partition_strategy", "name"), "seed",
                                     "`partition_strategy` becomes `seed`", advice=_PARTITIONS),
    "image.extract_glimpse": Moved(6, ("uniform_noise", "name"), "noise",
                                   "`uniform_noise` becomes `noise`, which takes 'uniform', 'gaussian' or 'zero'",
                                   advice="pass `noise='uniform'` (for True) or `noise='gaussian'` (for False)"),
    "name_scope": Moved(2, ("default_name", "values"), "", "TF2's `name_scope` takes the name alone (TypeError)",
                        advice="pass the name alone: `tf.name_scope(name or default_name)` (`values` is not needed)"),
}


#: TF1 parameter names TF 2.x spells otherwise (the suggestion passes the TF1 value under the TF2 name).
TF2_KEYWORDS = {"block_size": "block_shape", "dilation_rate": "dilations", "rate": "dilations",
                "rates": "dilations", "dimension": "axis", "keep_dims": "keepdims", "preferred_dtype": "dtype_hint"}


def _moved(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF111 / TF114: a TF1 positional argument that TF 2.x reads as another parameter."""
    silent = path in SILENT
    moved = SILENT[path] if silent else LOUD[path]
    args = _positional(node)
    if len(args) < (moved.least or moved.position):
        return
    start = moved.position - 1
    shown = args[start:start + len(moved.order)]
    first = shown[0]
    became = f"is `{moved.v2}`" if moved.v2 else "is not accepted"
    difference = f"the {_ordinal(moved.position)} (`{moved.order[0]}` in TF1) {became} in TF 2.x: {moved.effect}"
    advice = moved.advice or "pass {} by keyword: `{}`".format(
        "it" if len(shown) == 1 else "them",
        ", ".join(f"{TF2_KEYWORDS.get(param, param)}={_text(arg, '...')}" for param, arg in zip(moved.order, shown)))
    code = "TF111" if silent else "TF114"
    migrated = f"TF 2.x reads it as `{moved.v2}`: write `{moved.v2}={_text(first, '...')}` to say so" if moved.v2 \
        else "TF 2.x rejects it: drop it"
    _report(checker, code, first, namespace, name, difference, advice, flips=moved.flips or not silent,
            migrated=migrated)


for _path in (*SILENT, *LOUD):
    hooks.call(_path)(_moved)


# -- TF112: initializer defaults ------------------------------------------------------------------------


class Defaults(NamedTuple):
    """Parameters whose TF1 default TF 2.x changed: (position, name, TF1 default, TF2 default)."""

    params: tuple[tuple[int, str, str, str], ...]
    seed: int  # position of ``seed``
    effect: str


_NORMAL = Defaults(((2, "stddev", "1.0", "0.05"),), 3, "initial weights 20 times smaller")
_UNIFORM = Defaults(((1, "minval", "0.0", "-0.05"), (2, "maxval", "1.0", "0.05")), 3,
                    "the range [0, 1) becomes [-0.05, 0.05)")

DEFAULTS: dict[str, Defaults] = {
    "random_normal_initializer": _NORMAL,
    "initializers.random_normal": _NORMAL,
    "initializers.truncated_normal": _NORMAL,
    "random_uniform_initializer": _UNIFORM,
    "initializers.random_uniform": _UNIFORM,
}

#: Initializer objects bound to a name (position of ``seed``): TF2's ``tf.initializers.*`` are Keras 3 objects,
#: which return the same values on every call, seeded or not; ``tf.random_*_initializer`` do once seeded.
SEEDED: dict[str, int] = {
    **{path: defaults.seed for path, defaults in DEFAULTS.items()},
    **{f"initializers.{kind}": 1 for kind in ("glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
                                              "lecun_normal", "lecun_uniform")},
    "initializers.orthogonal": 2,
    "initializers.variance_scaling": 4,
}
_KERAS = "initializers."


class _Reused:
    """Initializer objects bound to a name (name, the call, namespace, path, Keras object, seeded), judged at the
    end of the file by how often the name is used."""

    __slots__ = ("candidates",)

    def __init__(self) -> None:
        self.candidates: list[tuple[str, ast.Call, str, str, bool, bool]] = []


@hooks.call(*DEFAULTS)
def _defaults(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF112: an initializer relying on a default TF 2.x changed."""
    if _opaque(node):
        return
    defaults = DEFAULTS[path]
    missing = [(param, before, after) for position, param, before, after in defaults.params
               if _argument(node, position, param) is None]
    if not missing:
        return
    changes = ", ".join(f"`{param}` {before} → {after}" for param, before, after in missing)
    keywords = ", ".join(f"{param}={before}" for param, before, _ in missing)
    args = [_text(a, "...") for a in _positional(node)] + [f"{k.arg}={_text(k.value, '...')}" for k in node.keywords]
    advice = f"pass the TF1 value: `tf.{path}({', '.join([*args, keywords])})`"
    tf2_values = ", ".join(f"{param}={after}" for param, _, after in missing)
    _report(checker, "TF112", node, namespace, name, f"{changes} ({defaults.effect})", advice, flips=True,
            migrated=f"pass TF 2.x's value to say so (`{tf2_values}`)")


@hooks.on_assignment
def _seeded(checker: Checker, targets: list[ast.expr], value: ast.expr, qualified: Optional[str]) -> None:
    """TF112: an initializer object bound to a name, which may initialize several variables (decided at the end)."""
    if (qualified is None or not isinstance(value, ast.Call) or len(targets) != 1
            or not isinstance(targets[0], ast.Name)):
        return
    namespace, path = tfapi.callee(qualified)
    position = SEEDED.get(path)
    if position is None or not tfapi.is_tf(namespace) or _opaque(value):
        return
    keras = path.startswith(_KERAS)
    seeded = isinstance(_literal(_argument(value, position, "seed")), int)
    if not keras and not seeded:
        return
    if path in DEFAULTS and any(_argument(value, p, n) is None for p, n, _, _ in DEFAULTS[path].params):
        return  # reported as a changed default at the call already
    checker.state(_Reused).candidates.append((targets[0].id, value, namespace or "", path, keras, seeded))


_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp,
          ast.SetComp, ast.DictComp, ast.GeneratorExp)


#: The ids of the loops and functions around a node.
_Around = tuple[int, ...]


def _uses(tree: ast.AST, names: set[str], values: set[int]) -> tuple[dict[str, list[_Around]], dict[int, _Around]]:
    """Where each of ``names`` is read, and where each node of ``values`` is: as the loops and functions around
    it (ids), so a name read once outside any loop of its own is used once."""
    loads: dict[str, list[_Around]] = {}
    found: dict[int, _Around] = {}
    pending: list[tuple[ast.AST, _Around]] = [(tree, ())]
    while pending:
        node, around = pending.pop()
        if id(node) in values:
            found[id(node)] = around
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
            loads.setdefault(node.id, []).append(around)
        inner = (*around, id(node)) if isinstance(node, _LOOPS) else around
        pending.extend((child, inner) for child in ast.iter_child_nodes(node))
    return loads, found


@hooks.on_end
def _reused(checker: Checker) -> None:
    """TF112: an initializer object that initializes several variables, which TF 2.x gives the same values."""
    candidates = checker.state(_Reused).candidates
    if not candidates:
        return
    loads, where = _uses(checker.tree, {c[0] for c in candidates}, {id(c[1]) for c in candidates})
    graph = bool(api_surface.switches(checker).intersection(api_surface.GRAPH_MODE))
    evidence = checker.context.tf1()
    for target, value, namespace, path, keras, seeded in candidates:
        read = loads.get(target, [])
        if len(read) < 2 and all(around == where.get(id(value)) for around in read):
            continue  # read at most once, outside any loop of its own: one variable, nothing repeats
        if seeded and (namespace != tfapi.V1 or graph):
            continue  # in TF1 graph mode a seeded object gave its variables the same values too
        if namespace != tfapi.V1 and not evidence:
            continue  # TF2-native code
        name = tfapi.display(namespace, tuple(path.split(".")))
        if seeded:
            difference = ("one seeded initializer object returns the same values on every call in TF 2.x (run "
                          "eagerly through compat.v1 it draws new ones), so the variables it initializes are equal")
            advice = "give each variable its own initializer, or drop the seed and call `tf.random.set_seed`"
        else:
            difference = ("one Keras initializer object returns the same values on every call in TF 2.x, seeded or"
                          " not (in TF1 graph mode an unseeded one drew new values for each variable), so the "
                          "variables it initializes are equal")
            advice = f"create one initializer per variable (`initializer=tf.{path}()` in each call)"
        if namespace == tfapi.V1:
            checker.emit("TF112", value, name=name, func=f"{difference}; {SWITCH}", advice=advice, severity=WARNING)
        else:
            checker.emit("TF112", value, name=name, func=f"{difference}; TF1 code: {evidence}", advice=advice,
                         severity=ERROR)


# -- TF113: same call, another result --------------------------------------------------------------------

_REDUCERS = {"reduce_any", "reduce_all", "math.reduce_any", "math.reduce_all"}


def _callee(checker: Checker, node: ast.AST) -> str:
    """The TensorFlow path of the call an expression is (or a name is bound to), '' for others."""
    namespace, path = tfapi.callee(checker.resolve(node))
    return path if tfapi.is_tf(namespace) else ""


def _lower_rank(checker: Checker, cond: ast.expr, x: Optional[ast.expr], y: Optional[ast.expr]) -> str:
    """Why ``cond`` has a lower rank than ``x``/``y`` ('' if nothing says so)."""
    if _rank(cond) == 1 and max(_rank(x), _rank(y)) >= 2:
        return "a 1-D condition literal with 2-D `x`/`y`"
    if _callee(checker, cond) in _REDUCERS:
        return "a reduced condition"
    if isinstance(cond, ast.Subscript) and isinstance(cond.slice, ast.Tuple) and any(
            isinstance(e, ast.Slice) for e in cond.slice.elts) and any(
            isinstance(_literal(e), int) for e in cond.slice.elts):
        return "a condition indexed down to one column"
    return ""


@hooks.call("where")
def _where(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: ``where(cond, x, y)`` with a condition of lower rank: TF1 picks rows, TF2 broadcasts."""
    cond, x, y = _argument(node, 1, "condition"), _argument(node, 2, "x"), _argument(node, 3, "y")
    if cond is None or x is None or y is None:
        return
    if _scalar(checker, cond) or _literal(x) is not None or _literal(y) is not None:
        return  # a scalar condition (or a scalar branch, which TF1 required `x`, `y` and it to match) is the same
    why = _lower_rank(checker, cond, x, y)
    shown = f"{_text(cond, 'cond')}, {_text(x, 'x')}, {_text(y, 'y')}"
    if not why and _elementwise_of(checker, cond, x, y):
        return  # `where(tf.equal(a, 0), a, b)`: the condition has the shape of `x`
    if why:
        difference = (f"{why}: TF1 selects rows of `x`/`y`, TF 2.x broadcasts the condition against their last "
                      "axis (`where([True, False], [[1, 2], [3, 4]], [[10, 20], [30, 40]])` is [[1, 2], [30, 40]]"
                      " in TF1, [[1, 20], [3, 40]] in TF 2.x)")
        advice = (f"give the condition the rank of `x` (for 2-D `x`: `tf.where(tf.expand_dims({_text(cond, 'cond')}, "
                  f"-1), {_text(x, 'x')}, {_text(y, 'y')})`)")
        _report(checker, "TF113", node, namespace, name, difference, advice, flips=True, migrated=RESULT_MEANT)
        return
    difference = ("where the condition has a lower rank than `x`, TF1 selects whole rows of `x`/`y` and TF 2.x "
                  "broadcasts it against their last axis (`where([True, False], [[1, 2], [3, 4]], ...)` picks rows "
                  "in TF1, columns in TF 2.x); the same rank or a scalar condition selects the same")
    advice = (f"`tf.compat.v1.where({shown})` keeps TF1's meaning (tf_upgrade_v2 writes it); or give the condition "
              "the rank of `x` (`tf.expand_dims(cond, -1)` for a 1-D condition and 2-D `x`)")
    _review(checker, node, node, namespace, name, difference, advice)


_AXIS = ("axis", "reduction_indices")

#: Element-wise predicates: their result has the shape of their (broadcast) operands.
_ELEMENTWISE = {f"{module}{op}" for module in ("", "math.") for op in (
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
    "logical_not", "logical_xor", "is_nan", "is_inf", "is_finite")}
#: Calls whose result has the shape of their first argument.
_SHAPED_LIKE = {"zeros_like", "ones_like", "identity", "stop_gradient", "cast", "abs", "math.abs"}


def _elementwise_of(checker: Checker, cond: ast.expr, x: ast.expr, y: ast.expr) -> bool:
    """Whether the condition is an element-wise test of `x` or `y` itself (or of what `zeros_like(...)` copies),
    which TF1 too required to have their shape: no rows to select."""
    def shapes(node: ast.expr) -> set[str]:
        found = {_text(node, "")}
        if isinstance(node, ast.Call) and _callee(checker, node) in _SHAPED_LIKE and node.args:
            found.add(_text(node.args[0], ""))
        return found - {""}
    targets = shapes(x) | shapes(y)
    if isinstance(cond, ast.Compare):
        operands = [cond.left, *cond.comparators]
    elif isinstance(cond, ast.Call) and _callee(checker, cond) in _ELEMENTWISE and not _opaque(cond):
        operands = list(cond.args)
    else:
        return False
    return any(shapes(operand) & targets for operand in operands)


def _scalar(checker: Checker, cond: ast.expr) -> bool:
    """A condition the text shows is a scalar: ``True``, or a ``reduce_any``/``reduce_all`` over every axis."""
    if isinstance(_literal(cond), bool):
        return True
    values = _bound(checker, cond)
    return bool(values) and all(
        isinstance(v, ast.Call) and _callee(checker, v) in _REDUCERS and not _opaque(v) and len(_positional(v)) < 2
        and not any(k.arg in _AXIS or k.arg in ("keepdims", "keep_dims") for k in v.keywords) for v in values)


#: Labels that are computed from something trainable (gradients into them change training).
_COMPUTED_LABELS = {"nn.softmax", "math.softmax", "nn.sigmoid", "math.sigmoid", "sigmoid", "nn.log_softmax",
                    "math.log_softmax", "Variable", "get_variable", "compat.v1.get_variable"}


#: Labels no gradient reaches: data, one-hot ids, constants, gradients already stopped.
_CONSTANT_LABELS = {"stop_gradient", "one_hot", "constant", "placeholder", "compat.v1.placeholder", "zeros",
                    "ones", "zeros_like", "ones_like", "fill", "cast", "to_float"}


def _constant_labels(checker: Checker, labels: ast.expr) -> bool:
    """Whether the text shows the labels carry no gradient (a literal, data, ``tf.stop_gradient(...)``)."""
    values = _bound(checker, labels)
    return bool(values) and all(
        isinstance(v, (ast.Constant, ast.List, ast.Tuple)) or _callee(checker, v) in _CONSTANT_LABELS
        for v in values)


@hooks.call("nn.softmax_cross_entropy_with_logits")
def _xent(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: TF2's softmax cross entropy back-propagates into computed labels."""
    labels = keyword(node, "labels")
    if labels is None:
        return
    shown = _text(labels.value, "labels")
    if _callee(checker, labels.value) not in _COMPUTED_LABELS:
        if not _constant_labels(checker, labels.value):
            _review(checker, labels.value, node, namespace, name,
                    "TF 2.x back-propagates into `labels` too (TF1: into `logits` only): where the labels depend "
                    "on trained values (a teacher's softmax, a learned target), this loss trains them too",
                    f"`labels=tf.stop_gradient({shown})` keeps TF1's meaning (tf_upgrade_v2 writes it)")
        return
    difference = ("it back-propagates into `labels` too (TF1: into `logits` only), so what computes the labels "
                  "is trained by this loss")
    _report(checker, "TF113", labels.value, namespace, name, difference,
            f"stop the gradient: `labels=tf.stop_gradient({shown})`", flips=True, migrated=RESULT_MEANT)


_AREA = {"area", "AREA"}


@hooks.call("image.resize")
def _resize(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: TF2's resize samples at half-pixel centers."""
    method = _argument(node, 3, "method")
    shown = method.attr if isinstance(method, ast.Attribute) else _literal(method)
    if shown in _AREA or shown == 3:  # ResizeMethod.AREA (3 in TF1): the same numbers
        return
    if isinstance(shown, int) and not isinstance(shown, bool) and method is not None:
        methods = {0: "bilinear", 1: "nearest", 2: "bicubic"}
        _report(checker, "TF114", method, namespace, name,
                f"`method={shown}` is TF1's `ResizeMethodV1` code; TF 2.x takes a name and raises ValueError (Resize "
                "method is not implemented)", f"pass the name: `method='{methods.get(shown, 'bilinear')}'`; TF 2.x "
                "also samples at half-pixel centers, so keep `tf.compat.v1.image.resize` where results must match "
                "TF1", flips=True)
        return
    difference = ("it samples at half-pixel centers (TF1 without them), so bilinear, bicubic and nearest outputs "
                  "change: a 4×4 ramp resized to 2×2 is [[0, 2], [8, 10]] in TF1, [[2.5, 4.5], [10.5, 12.5]] "
                  "in TF 2.x")
    advice = ("check the results that depend on it (a model trained on TF1-resized inputs sees other pixels); "
              "keep `tf.compat.v1.image.resize` where they must match TF1")
    _report(checker, "TF113", node, namespace, name, difference, advice, migrated=RESULT_MEANT)


#: Sharded-lookup functions: the argument that may be a list of shards (position, name).
_SHARDED = {"nn.embedding_lookup": (1, "params"), "nn.embedding_lookup_sparse": (1, "params"),
            "nn.safe_embedding_lookup_sparse": (1, "embedding_weights"),
            "nn.nce_loss": (1, "weights"), "nn.sampled_softmax_loss": (1, "weights")}


class _Partitioned:
    """Names bound to ``get_variable(..., partitioner=...)``: variables made of shards."""

    __slots__ = ("names",)

    def __init__(self) -> None:
        self.names: set[str] = set()


@hooks.on_assignment
def _partitioned(checker: Checker, targets: list[ast.expr], value: ast.expr, qualified: Optional[str]) -> None:
    if (isinstance(value, ast.Call) and len(targets) == 1 and isinstance(targets[0], ast.Name)
            and keyword(value, "partitioner") is not None and _callee(checker, value) == "get_variable"):
        checker.state(_Partitioned).names.add(targets[0].id)


#: The position of TF1's ``partition_strategy``.
_STRATEGY = {"nn.embedding_lookup": 3, "nn.embedding_lookup_sparse": 4, "nn.safe_embedding_lookup_sparse": 7,
             "nn.nce_loss": 10, "nn.sampled_softmax_loss": 10}


def _single_table(checker: Checker, params: ast.expr) -> bool:
    """Whether the text shows one tensor: a call (a partitioned ``get_variable`` aside), or a name only bound
    to such calls."""
    values = _bound(checker, params)
    return bool(values) and all(
        isinstance(v, ast.Call) and _callee(checker, v) != "" and not (
            _callee(checker, v) == "get_variable" and keyword(v, "partitioner") is not None) for v in values)


@hooks.call(*_SHARDED)
def _sharded(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: a list of shards looked up with 'div' where TF1's default was 'mod'."""
    position, param = _SHARDED[path]
    params = _argument(node, position, param)
    if params is None or keyword(node, "partition_strategy") is not None or _opaque(node) or len(
            _positional(node)) >= _STRATEGY[path]:
        return  # TF108 / TF111 / TF114 say what the given strategy becomes
    if isinstance(params, (ast.List, ast.Tuple)) and len(params.elts) >= 2 or isinstance(params, ast.ListComp):
        what = "a list of shards"
    elif isinstance(params, ast.Name) and params.id in checker.state(_Partitioned).names:
        what = "a partitioned variable (a list of shards)"
    else:
        if not _single_table(checker, params):
            _review(checker, params, node, namespace, name,
                    f"if `{param}` is a list of shards or a partitioned variable, TF 2.x splits the ids by 'div' "
                    "(TF1's default: 'mod'), so ids read other rows; a single table reads the same rows",
                    f"for a sharded table keep `tf.compat.v1.{path}(..., partition_strategy='mod')` (or re-shard "
                    "it to the 'div' layout)")
        return
    difference = (f"`{param}` is {what}, which TF 2.x splits by 'div' (TF1's default: 'mod'), so ids "
                  "read other rows: with 2 shards, ids [0, 1, 2, 3] read TF1's rows [0, 2, 1, 3]")
    advice = ("re-shard the table to the 'div' layout (or concatenate its shards in 'mod' order); until then keep "
              f"`tf.compat.v1.{path}(..., partition_strategy='mod')`")
    _report(checker, "TF113", params, namespace, name, difference, advice, flips=True, migrated=RESULT_MEANT)


@hooks.call("nn.ctc_beam_search_decoder")
def _ctc_decoder(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: TF2's beam search decoder does not merge repeated labels (TF1's default did)."""
    if _opaque(node) or _argument(node, 5, "merge_repeated") is not None:
        return
    difference = ("TF 2.x no longer merges repeated labels (TF1's default `merge_repeated=True`): the path "
                  "a, blank, a decodes to [a] in TF1 and [a, a] in TF 2.x")
    advice = ("keep `tf.compat.v1.nn.ctc_beam_search_decoder` where merged repeats are wanted, or merge "
              "consecutive repeats of the decoded labels afterwards")
    _report(checker, "TF113", node, namespace, name, difference, advice, flips=True, migrated=RESULT_MEANT)


@hooks.call("image.extract_glimpse")
def _glimpse(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: uncentered offsets place TF2's glimpse half a window further; pixel offsets of a centered glimpse
    land elsewhere."""
    centered, normalized = (_literal(_argument(node, 4, "centered")), _literal(_argument(node, 5, "normalized")))
    centered = True if _argument(node, 4, "centered") is None else centered
    normalized = True if _argument(node, 5, "normalized") is None else normalized
    if not isinstance(centered, bool) or not isinstance(normalized, bool) or centered and normalized:
        return  # unknown, or centered normalized offsets: the same window
    offsets = _text(_argument(node, 3, "offsets") or ast.Name("offsets"), "offsets")
    size = _text(_argument(node, 2, "size") or ast.Name("size"), "size")
    if centered:
        difference = ("with `centered=True, normalized=False` TF 2.x (ExtractGlimpseV2) places the window elsewhere,"
                      " and no change of the offsets gives TF1's glimpse back")
        advice = "keep `tf.compat.v1.image.extract_glimpse` where the glimpses must match TF1"
    elif normalized:
        difference = ("with `centered=False` and normalized offsets TF 2.x (ExtractGlimpseV2) places the window "
                      "half its size further")
        advice = ("subtract half the glimpse size, as a fraction of the image: `offsets=" + offsets + " - "
                  "tf.cast(" + size + ", tf.float32) / (2.0 * tf.cast(tf.shape(images)[1:3], tf.float32))`")
    else:
        difference = ("with `normalized=False`, TF 2.x (ExtractGlimpseV2) places the window half its size further: "
                      "the 2×2 glimpse at [1, 1] of a 5×5 ramp is [[0, 1], [5, 6]] in TF1, [[6, 7], [11, 12]] in "
                      "TF 2.x")
        advice = (f"subtract half the glimpse size from the offsets: `offsets={offsets} - tf.cast({size}, "
                  "tf.float32) / 2`")
    _report(checker, "TF113", node, namespace, name, difference, advice, flips=True, migrated=RESULT_MEANT)


def _single(elements: Optional[ast.AST]) -> bool:
    return isinstance(elements, (ast.List, ast.Tuple)) and len(elements.elts) == 1 \
        and not isinstance(elements.elts[0], ast.Starred)


@hooks.on_assignment
def _one_element(checker: Checker, targets: list[ast.expr], value: ast.expr, qualified: Optional[str]) -> None:
    """TF113: ``r = while_loop(c, b, [i])`` / ``r = cond(p, lambda: [a], lambda: [b])`` bound to one name."""
    if (qualified is None or not isinstance(value, ast.Call) or len(targets) != 1
            or not isinstance(targets[0], ast.Name)):
        return
    namespace, path = tfapi.callee(qualified)
    if not tfapi.is_tf(namespace) or path not in ("while_loop", "cond"):
        return
    name = tfapi.display(namespace or "", (path,))
    target = targets[0].id
    if path == "while_loop":
        loop_vars = _argument(value, 3, "loop_vars")
        if not _single(loop_vars) or keyword(value, "return_same_structure") is not None:
            return
        difference = (f"for a one-element `loop_vars` list TF 2.x returns a list (TF1: the tensor itself), so "
                      f"`{target}` is a list")
        advice = (f"unpack it: `{target}, = tf.while_loop(...)`, and have the body return a one-element tuple "
                  "(`lambda i: (i + 1,)`): eager TF 2.x raises TypeError on a body that returns the bare tensor")
    else:
        branches = [_argument(value, 2, "true_fn"), _argument(value, 3, "false_fn")]
        if not all(isinstance(b, ast.Lambda) and _single(b.body) for b in branches):
            return
        difference = (f"branches that return a one-element list give a list in TF 2.x (TF1: the tensor itself), "
                      f"so `{target}` is a list")
        advice = f"return the tensors themselves (`lambda: a`), or unpack: `{target}, = tf.cond(...)`"
    _report(checker, "TF113", value, namespace or "", name, difference, advice, flips=True, migrated=RESULT_MEANT)


class _Split:
    """``strings.split(...)`` calls whose result the file reads only through an attribute (``.values``)."""

    __slots__ = ("read",)

    def __init__(self) -> None:
        self.read: set[int] = set()


@hooks.attribute("values", "flat_values", "indices", "dense_shape")
def _split_read(checker: Checker, node: ast.Attribute) -> None:
    if isinstance(node.value, ast.Call):
        checker.state(_Split).read.add(id(node.value))


@hooks.method("to_sparse", "to_tensor", "row_lengths")
def _split_converted(checker: Checker, node: ast.Call, func: ast.Attribute) -> None:
    if isinstance(func.value, ast.Call):
        checker.state(_Split).read.add(id(func.value))


@hooks.call("strings.split")
def _split(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF116: a ``strings.split`` result: a SparseTensor in TF1, a RaggedTensor in TF 2.x."""
    if id(node) in checker.state(_Split).read or keyword(node, "result_type") is not None or _opaque(node):
        return  # `.values` is the same, `.indices` is TF113, `result_type=` is TF108
    _review(checker, node, node, namespace, name,
            "it returns a RaggedTensor in TF 2.x (TF1: a SparseTensor): code that takes the result as a "
            "SparseTensor (`tf.sparse.*`, `.indices`) fails or reads it otherwise",
            f"`{_text(node, 'tf.strings.split(s)').replace(name, 'tf.strings.split', 1)}.to_sparse()` keeps TF1's "
            "SparseTensor (or keep the RaggedTensor and adapt what reads it)")


@hooks.attribute("indices", "dense_shape")
def _split_result(checker: Checker, node: ast.Attribute) -> None:
    """TF113: ``tf.strings.split(s).indices``: TF2's split returns a RaggedTensor, which has no such attribute."""
    namespace, path = tfapi.callee(checker.resolve(node.value))
    if path != "strings.split" or not tfapi.is_tf(namespace):
        return
    difference = (f"it returns a RaggedTensor in TF 2.x (TF1: a SparseTensor), which has no `.{node.attr}` "
                  "(AttributeError); `.values` is the same")
    _report(checker, "TF113", node, namespace or "", tfapi.display(namespace or "", ("strings", "split")), difference,
            "convert the result: `tf.strings.split(s).to_sparse()`", flips=True, start=method_position(node),
            migrated=RESULT_MEANT)


@hooks.call("train.Checkpoint")
def _checkpoint_root(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    """TF113: ``Checkpoint(root=obj)``: TF1 saved ``obj`` as a child named root, TF2 saves it as the root."""
    root = keyword(node, "root")
    if root is None:
        return
    shown = _text(root.value, "obj")
    difference = ("`root=` makes the object the checkpoint itself in TF 2.x (TF1: a child named `root`), so keys "
                  "lose their `root/` prefix and checkpoints written by TF1 no longer match")
    advice = (f"to read TF1's checkpoints, add it as a child: `ckpt = tf.train.Checkpoint(); ckpt.root = {shown}`"
              f"; for new ones, name it: `tf.train.Checkpoint(model={shown})`")
    _report(checker, "TF113", root, namespace, name, difference, advice, flips=True, migrated=RESULT_MEANT)


# -- TF113: random ops paired by their seed ----------------------------------------------------------------

#: Random ops whose TF1 graph op gave the same values for the same (graph seed, op seed), and the stateless
#: TF2 op that does it explicitly ('' where the TF2 name is the same with a ``stateless_`` prefix).
_SEEDED_OPS = {
    "random.uniform": "random.stateless_uniform", "random.normal": "random.stateless_normal",
    "random.truncated_normal": "random.stateless_truncated_normal",
    **{f"image.random_{op}": f"image.stateless_random_{op}" for op in (
        "flip_left_right", "flip_up_down", "brightness", "contrast", "hue", "saturation", "crop", "jpeg_quality")},
}


class _Seeds:
    """Random op calls by their literal op seed."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        self.calls: dict[object, list[tuple[ast.Call, str, str, str]]] = {}


@hooks.call(*_SEEDED_OPS)
def _seeded_op(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    seed = keyword(node, "seed")
    value = _literal(seed.value) if seed is not None else None
    if isinstance(value, int) and not isinstance(value, bool):
        checker.state(_Seeds).calls.setdefault(value, []).append((node, namespace, path, name))


@hooks.on_end
def _seed_pairs(checker: Checker) -> None:
    """TF113: two random ops with the same op seed drew the same values in a TF1 graph (an image and its mask
    flipped together); in TF 2.x each call draws its own."""
    for seed, calls in checker.state(_Seeds).calls.items():
        if len(calls) < 2:
            continue
        for node, namespace, path, name in calls:
            difference = (f"{len(calls)} random ops share `seed={seed}`: in a TF1 graph they drew the same values "
                          "(an image and its mask flipped together), in TF 2.x each call draws its own")
            advice = (f"to keep them paired, call `tf.{_SEEDED_OPS[path]}` with the same `seed=({seed}, 0)` in "
                      "each (stateless ops give the same values for the same seed)")
            if namespace == tfapi.V1:
                checker.emit("TF113", node, name=name, func=f"{difference}; {SWITCH}", advice=advice,
                             severity=WARNING)
            elif checker.context.tf1():
                checker.emit("TF113", node, name=name, func=f"{difference}; TF1 code: {checker.context.tf1()}",
                             advice=advice, severity=ERROR)


# -- TF115: TensorShape v2 (a mode-level change) --------------------------------------------------------


class _Shapes:
    """``x.shape[i] is None`` comparisons, and whether TF1 shapes are switched on through compat.v1."""

    __slots__ = ("compares", "v1_shapes")

    def __init__(self) -> None:
        self.compares: list[tuple[ast.Compare, ast.expr]] = []  # the comparison and its ``x.shape[i]``
        self.v1_shapes = ""  # the call that switches TF1 shapes on, as findings name it


@hooks.on_compare
def _shape_compare(checker: Checker, node: ast.Compare) -> None:
    dimension = _dimension(node)
    if dimension is not None:
        checker.state(_Shapes).compares.append((node, dimension))


@hooks.call("disable_v2_behavior", "disable_v2_tensorshape")
def _v1_shapes(checker: Checker, node: ast.Call, namespace: str, path: str, name: str) -> None:
    checker.state(_Shapes).v1_shapes = f"`{name}()` (line {node.lineno})"


@hooks.on_end
def _dimension_none(checker: Checker) -> None:
    """TF115: ``x.shape[i] is None`` where TF1's ``Dimension`` never is."""
    shapes = checker.state(_Shapes)
    if not shapes.compares:
        return
    evidence, imported = checker.context.tf1_or_imported()
    if imported and shapes.v1_shapes:
        evidence, imported = "", False
    if not evidence and not shapes.v1_shapes:
        return
    why = f"TF1 code: {evidence}" if evidence else (
        f"{shapes.v1_shapes} keeps TF1 shapes; they change when it goes")
    for compare, dimension in shapes.compares:
        shown = _text(compare, "x.shape[i] is None")
        tf1, tf2, spelled = _ANSWERS[type(compare.ops[0])]
        difference = f"TF1 always gives {tf1} (a `Dimension` is never None), TF 2.x gives {tf2}; {why}"
        advice = (f"test the value, the same in both: `tf.compat.dimension_value({_text(dimension, 'x.shape[i]')})"
                  f" {spelled} None`, or use `tf.shape(x)[i]` for the size at run time")
        checker.emit("TF115", compare, name=shown, func=difference, advice=advice, conditional=imported,
                     severity=ERROR if evidence and not shapes.v1_shapes else WARNING)


#: Per operator: what TF1's ``Dimension`` answers, what TF 2.x's ``int``/``None`` answers, the operator to keep.
_ANSWERS: dict[type, tuple[str, str, str]] = {
    ast.Is: ("False", "True for an unknown size", "is"),
    ast.IsNot: ("True", "False for an unknown size", "is not"),
    ast.Eq: ("None (false)", "True for an unknown size", "is"),
    ast.NotEq: ("None (false)", "True for a known size", "is not"),
}


def _dimension(compare: ast.Compare) -> Optional[ast.expr]:
    """``x.shape[i]`` of ``x.shape[i] is None`` (``==``, ``is not``, ``!=``, either side), else None."""
    if len(compare.ops) != 1 or not isinstance(compare.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
        return None
    left, right = compare.left, compare.comparators[0]
    if _literal(left) is None and isinstance(left, ast.Constant):
        left, right = right, left
    if not (isinstance(right, ast.Constant) and right.value is None and isinstance(left, ast.Subscript)):
        return None
    shape = left.value
    if isinstance(shape, ast.Call) and not shape.args and not shape.keywords:
        shape = shape.func
        is_shape = isinstance(shape, ast.Attribute) and shape.attr == "get_shape"
    else:
        is_shape = isinstance(shape, ast.Attribute) and shape.attr == "shape"
    return left if is_shape and not isinstance(left.slice, ast.Slice) else None
