"""Every TensorFlow name tf2lint prints (messages, suggestions, advice, docs/rules.md) exists in TF 2.21,
and the severity of each finding matches what TF 2.21 does with the code as written.

The findings are real linter output on probe files that use every TF1-only name of the tables and every
name with hand-written knowledge, once through `import tensorflow as tf` and once through compat.v1.
"""
from __future__ import annotations

import inspect
import re
from functools import lru_cache

import pytest
import tensorflow as tf
from tfknow import MISSING, REMOVED, REPO, exists_anywhere, exists_in_tf2, lookup, rows, tf_names

from tf2lint import tfapi
from tf2lint.rules import HOOKS, api_surface
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import lint_source
from tf2lint.rules import RULES

TF2_HEADER = "import tensorflow as tf\n"
V1_HEADER = "import tensorflow.compat.v1 as tf\n"


def probe_paths() -> list[str]:
    """Every TF1-only path of the tables plus every path with hand-written knowledge."""
    paths = {p for p, (kind, _) in tfapi.v1_table().items() if kind in (tfapi.V1ONLY, tfapi.V1MODULE)}
    paths |= set(HOOKS.names) | set(api_surface.ADVICE)
    return sorted(paths)


@lru_cache(maxsize=None)
def findings(header: str) -> dict[str, list[Diagnostic]]:
    """TF1 path -> the findings on the probe line `tf.<path>` (one line per path, one file)."""
    paths = probe_paths()
    diagnostics = lint_source(header + "".join(f"tf.{p}\n" for p in paths))
    by_path: dict[str, list[Diagnostic]] = {p: [] for p in paths}
    for d in diagnostics:
        if d.line >= 2:
            by_path[paths[d.line - 2]].append(d)
    return by_path


@lru_cache(maxsize=None)
def keyword_findings() -> list[tuple[str, str, Diagnostic]]:
    """(path, keyword, TF108 finding) for every row of v1_keywords.tsv, called through compat.v1."""
    pairs = [(path, kw) for path, kws in sorted(tfapi.v1_keywords().items()) for kw in sorted(kws)]
    text = V1_HEADER + "".join(f"tf.{path}(x, {kw}=v)\n" for path, kw in pairs)
    out = []
    for d in lint_source(text):
        if d.code == "TF108":
            path, kw = pairs[d.line - 2]
            out.append((path, kw, d))
    return out


def suggested_names(d: Diagnostic) -> list[str]:
    """The TF names a finding's suggestion tells the user to write."""
    return tf_names(d.suggestion)


# --------------------------------------------------------------------------
# Names in findings

#: Hand-written advice known to name something that does not exist (audit Part A).
WRONG_NAMES: dict[str, str] = {}


def suggestion_cases() -> list[object]:
    cases = []
    seen = set()
    for header in (TF2_HEADER, V1_HEADER):
        for path, ds in findings(header).items():
            for d in ds:
                if d.suggestion in seen:
                    continue
                seen.add(d.suggestion)
                marks = [pytest.mark.xfail(strict=True, reason=WRONG_NAMES[path])] if path in WRONG_NAMES else []
                cases.append(pytest.param(d.suggestion, id=f"{d.code}-{path}", marks=marks))
    for path, kw, d in keyword_findings():
        if d.suggestion not in seen:
            seen.add(d.suggestion)
            cases.append(pytest.param(d.suggestion, id=f"TF108-{path}-{kw}"))
    return cases


@pytest.mark.parametrize("suggestion", suggestion_cases())
def test_suggested_names_exist_in_tf2(suggestion: str) -> None:
    names = tf_names(suggestion)
    # `keep tf.compat.v1.X` is advice about the TF1 name itself: it must exist there.
    missing = [n for n in names if not (exists_in_tf2(n) or n.startswith("compat.v1.") and exists_anywhere(n))]
    assert missing == []


def test_every_probe_line_is_reported() -> None:
    for header in (TF2_HEADER, V1_HEADER):
        silent = [p for p, ds in findings(header).items() if not ds and tfapi.v1_table().get(p, ("",))[0] in
                  (tfapi.V1ONLY, tfapi.V1MODULE)]
        assert silent == []


def rule_text_cases() -> list[object]:
    return [pytest.param(code, id=code) for code in RULES]


@pytest.mark.parametrize("code", rule_text_cases())
def test_rule_texts_name_real_tensorflow(code: str) -> None:
    rule = RULES[code]
    # What users are told to write must exist in TF2; texts about TF1 code may name compat.v1 names.
    advice = tf_names(rule.suggestion) + tf_names(rule.instead)
    prose = tf_names(rule.message) + tf_names(rule.what) + tf_names(rule.why) + tf_names(rule.example)
    missing = [n for n in advice if not exists_in_tf2(n)]
    missing += [n for n in prose if not exists_anywhere(n) and not f"tf.{n}".startswith(REMOVED)]
    assert missing == []


def test_docs_name_real_tensorflow() -> None:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = sorted({n for n in tf_names(text) if not exists_anywhere(n) and not f"tf.{n}".startswith(REMOVED)})
    assert missing == []


def hand_written_targets() -> list[tuple[str, str]]:
    """(key, TF2 path) of every hand-written name entry that names a TF2 object (`new`), or its rule's fallback."""
    return sorted({(key, new) for key, entry in HOOKS.names.items() for new in (entry.new, entry.fallback) if new})


def test_hand_written_targets_exist() -> None:
    assert [(k, new) for k, new in hand_written_targets() if not exists_in_tf2(new)] == []


#: Hand-written keys that are not TF1 names, or that tf2lint never consults (audit A.2 "dead").
DEAD_FAMILY_KEYS: dict[str, str] = {}
DEAD_ADVICE_KEYS: dict[str, str] = {}


def key_case(key: str, dead: dict[str, str]) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=dead[key])] if key in dead else []
    return pytest.param(key, marks=marks)


def under_lazy_module(key: str) -> bool:
    """tf.compat.v1.layers, .keras and .nn.rnn_cell load Keras 3: their TF1 members cannot be looked up."""
    parts = key.split(".")
    return any(tfapi.v1_table().get(".".join(parts[:i]), ("",))[0] == tfapi.LAZY for i in range(1, len(parts) + 1))


@pytest.mark.parametrize("key", [key_case(k, DEAD_FAMILY_KEYS) for k in sorted(HOOKS.names)])
def test_family_keys_are_tf1_names(key: str) -> None:
    assert f"tf.{key}".startswith(REMOVED) or under_lazy_module(key) or lookup(key, tf.compat.v1) is not MISSING


@pytest.mark.parametrize("key", [key_case(k, DEAD_ADVICE_KEYS) for k in sorted(api_surface.ADVICE)])
def test_advice_keys_are_reached(key: str) -> None:
    # ADVICE is read for TF1-only names and modules that have no generated TF2 name.
    # A module key covers the TF1-only names below it.
    assert lookup(key, tf.compat.v1) is not MISSING
    reached = [
        path for path, (kind, new) in tfapi.v1_table().items()
        if (path == key or path.startswith(key + ".")) and kind in (tfapi.V1ONLY, tfapi.V1MODULE) and not new
        and tfapi.lookup(tfapi.V1, tuple(path.split("."))).kind in (tfapi.V1ONLY, tfapi.V1MODULE)
        and HOOKS.name_entry(tuple(path.split("."))) is None and api_surface.v1_advice(path) == api_surface.ADVICE[key]
    ]
    member = key.rpartition(".")[0]  # a member of a TF1-only name (`TFRecordCompressionType.NONE`)
    assert reached or key not in tfapi.v1_table() and tfapi.v1_table().get(member, ("",))[0] == tfapi.V1ONLY


#: Family keys that are TF2 API, the same object in both namespaces (audit: told "delete it" wrongly).
TF2_API_KEYS: dict[str, str] = {}


@pytest.mark.parametrize("key", [
    pytest.param(k, marks=[pytest.mark.xfail(strict=True, reason=TF2_API_KEYS[k])] if k in TF2_API_KEYS else [])
    for k in sorted(HOOKS.names) if lookup(k, tf.compat.v1) is not MISSING
])
def test_hand_written_keys_are_not_tf2_api(key: str) -> None:
    old = lookup(key, tf.compat.v1)
    assert old is not lookup(key) or isinstance(old, type(tf))


def test_no_equivalent_only_when_tf2_has_none() -> None:
    # "no TF2 equivalent" is false where the generator found a TF2 home (v2_targets.tsv).
    homes = {row[0]: row[1] for row in rows("v2_targets.tsv")}
    false = sorted(
        p for p, ds in findings(TF2_HEADER).items() for d in ds if "no TF2 equivalent" in d.suggestion and p in homes
    )
    assert false == []


def test_moved_targets_that_differ_say_so() -> None:
    differs = {row[0]: row for row in rows("v2_targets.tsv") if row[3] == "differs" and row[2] == "table"}
    silent = sorted(
        p for p, ds in findings(TF2_HEADER).items() for d in ds
        if d.code == "TF103" and p in differs and "differ" not in d.text()
    )
    assert silent == []


# --------------------------------------------------------------------------
# "drop X" / "remove it" claims

DROP = re.compile(r"drop `(\w+)`")


def test_dropped_parameters_are_really_gone() -> None:
    wrong = []
    for header in (TF2_HEADER, V1_HEADER):
        for path, ds in findings(header).items():
            for d in ds:
                for param in DROP.findall(d.suggestion):
                    for name in tf_names(d.suggestion):
                        target = lookup(name)
                        try:
                            sig = inspect.signature(target)
                        except (TypeError, ValueError):
                            continue
                        if param in sig.parameters:
                            wrong.append((path, name, param))
    assert wrong == []


#: TF108 rows the audit found renamed (A.1 TF108), as (path, TF1 keyword, TF2 keyword).
RENAMED_KEYWORDS = [
    ("nn.ctc_loss", "inputs", "logits"),
    ("nn.ctc_loss", "sequence_length", "logit_length"),
    ("nn.ctc_loss", "time_major", "logits_time_major"),
    ("summary.audio", "tensor", "data"),
    ("summary.image", "tensor", "data"),
    ("summary.scalar", "tensor", "data"),
    ("summary.text", "tensor", "data"),
    ("summary.histogram", "values", "data"),
    ("strings.split", "source", "input"),
    ("image.extract_glimpse", "uniform_noise", "noise"),
    ("device", "device_name_or_function", "device_name"),
]
#: TF108 rows where dropping the TF1 keyword changes results (TF2 behaves like one fixed value).
RESULT_CHANGING_KEYWORDS = [
    ("nn.embedding_lookup", "partition_strategy"),
    ("nn.embedding_lookup_sparse", "partition_strategy"),
    ("nn.nce_loss", "partition_strategy"),
    ("nn.sampled_softmax_loss", "partition_strategy"),
    ("image.resize", "align_corners"),
    ("nn.ctc_beam_search_decoder", "merge_repeated"),
]


@pytest.mark.parametrize(("path", "old", "new"), RENAMED_KEYWORDS)
def test_audit_keyword_renames_hold(path: str, old: str, new: str) -> None:
    v1_sig = inspect.signature(lookup(path, tf.compat.v1))
    v2_sig = inspect.signature(lookup(path))
    assert old in v1_sig.parameters and old not in v2_sig.parameters and new in v2_sig.parameters
    assert old in tfapi.v1_keywords()[path]


def tf108_advice(path: str, keyword: str) -> str:
    return next(d.suggestion for p, k, d in keyword_findings() if (p, k) == (path, keyword))


@pytest.mark.parametrize(("path", "old", "new"), RENAMED_KEYWORDS)
def test_tf108_names_the_renamed_keyword(path: str, old: str, new: str) -> None:
    assert f"`{new}" in tf108_advice(path, old)


@pytest.mark.parametrize(("path", "keyword"), RESULT_CHANGING_KEYWORDS)
def test_audit_result_changing_keywords_are_gone(path: str, keyword: str) -> None:
    assert keyword in tfapi.v1_keywords()[path]
    assert keyword not in inspect.signature(lookup(path)).parameters


@pytest.mark.parametrize(("path", "keyword"), RESULT_CHANGING_KEYWORDS)
def test_tf108_warns_when_removal_changes_results(path: str, keyword: str) -> None:
    assert "remove it: the TF2 function has no such parameter" not in tf108_advice(path, keyword)


# --------------------------------------------------------------------------
# Severity follows what TF 2.21 does


def test_tf1_only_names_through_tf2_are_errors() -> None:
    # Every probed TF1-only name raises AttributeError through `import tensorflow as tf` (tables test).
    soft = sorted(
        (p, d.code) for p, ds in findings(TF2_HEADER).items() for d in ds
        if tfapi.v1_table().get(p, ("",))[0] in (tfapi.V1ONLY, tfapi.V1MODULE) and d.severity != "error"
    )
    assert soft == []


def test_family_names_missing_from_tf2_are_errors() -> None:
    # Family names TF2 does not have (`tf.layers.dense`, `tf.keras.backend.get_session`) raise AttributeError.
    missing = [p for p in HOOKS.names if lookup(p) is MISSING]
    assert missing
    soft = sorted((p, d.code) for p in missing for d in findings(TF2_HEADER)[p] if d.severity != "error")
    assert soft == []


#: compat.v1 names that resolve but cannot run with Keras 3: `tf.compat.v1.layers` loads Keras 3 and
#: the RNN drivers (`nn.dynamic_rnn`) fail on any Keras 3 cell (audit A.1 TF709, TF710).
KERAS3_FAILURES = {"TF709", "TF710"}


def test_names_through_compat_v1_are_not_errors() -> None:
    # Through compat.v1 these names exist and run (in graph mode where they need it).
    hard = sorted(
        (p, d.code) for p, ds in findings(V1_HEADER).items() for d in ds
        if lookup(p, tf.compat.v1) is not MISSING and d.severity == "error" and d.code not in KERAS3_FAILURES
    )
    assert hard == []


def test_keywords_through_compat_v1_are_not_errors() -> None:
    hard = sorted((p, k) for p, k, d in keyword_findings() if d.severity == "error")
    assert hard == []


def test_v1_keyword_calls_through_compat_v1_run() -> None:
    # The fact behind the severity test above: compat.v1 accepts the keyword.
    x = tf.constant([[1.0, 2.0]])
    assert float(tf.compat.v1.reduce_sum(x, keep_dims=True)[0, 0]) == 3.0


# --------------------------------------------------------------------------
# Keras 2 session idioms: gone in Keras 3, to be reported as TF1 idioms (TF3xx)

#: (code using the idiom, the Keras 3 object that no longer has the attribute, attribute).
KERAS_SESSION_IDIOMS = [
    ("import tensorflow as tf\nsess = tf.keras.backend.get_session()\n", "tf.keras.backend", "get_session"),
    ("import tensorflow as tf\ntf.keras.backend.set_session(sess)\n", "tf.keras.backend", "set_session"),
    ("import keras\nsess = keras.backend.get_session()\n", "keras.backend", "get_session"),
    ("from keras import backend as K\nphase = K.learning_phase()\n", "keras.backend", "learning_phase"),
    ("from keras import backend as K\nK.set_learning_phase(1)\n", "keras.backend", "set_learning_phase"),
    ("import tensorflow as tf\ntf.keras.backend.manual_variable_initialization(True)\n", "tf.keras.backend",
     "manual_variable_initialization"),
    ("from keras.backend import tensorflow_backend\n", "keras.backend", "tensorflow_backend"),
]


@pytest.mark.parametrize(("source", "owner", "attribute"), KERAS_SESSION_IDIOMS)
def test_keras_session_idioms_are_gone_in_keras3(source: str, owner: str, attribute: str) -> None:
    import keras

    module = eval(owner, {"tf": tf, "keras": keras})  # noqa: S307 - fixed names above
    assert not hasattr(module, attribute)


@pytest.mark.parametrize(("source", "owner", "attribute"), KERAS_SESSION_IDIOMS)
def test_keras_session_idioms_are_reported(source: str, owner: str, attribute: str) -> None:
    assert any(d.code.startswith("TF3") for d in lint_source(source))


def test_keras_session_idioms_are_errors_everywhere() -> None:
    # Keras 3 has none of them, not even behind tf.compat.v1.keras: every finding is an error.
    for source, _, attribute in KERAS_SESSION_IDIOMS:
        assert not hasattr(tf.compat.v1.keras.backend, attribute)
        found = [d for d in lint_source(source) if d.code.startswith("TF3")]
        assert found and all(d.severity == "error" for d in found)


def test_keras_3_code_is_clean() -> None:
    import keras

    source = ("import keras\nfrom keras import backend as K\nlayer = keras.layers.Dense(3)\n"
              "y = keras.ops.sum(layer(keras.ops.ones((2, 3))))\nK.clear_session()\ne = K.epsilon()\n")
    exec(source, {})  # noqa: S102 - the code above runs under Keras 3
    assert keras.layers.Dense and lint_source(source) == []


@lru_cache(maxsize=None)
def call_findings(header: str) -> dict[str, list[Diagnostic]]:
    """Family-claimed path -> findings on the probe line `tf.<path>()`: call hooks must not soften them."""
    paths = sorted(HOOKS.names)
    diagnostics = lint_source(header + "".join(f"tf.{p}()\n" for p in paths))
    by_path: dict[str, list[Diagnostic]] = {p: [] for p in paths}
    for d in diagnostics:
        if d.line >= 2:
            by_path[paths[d.line - 2]].append(d)
    return by_path


def test_calls_of_names_missing_from_tf2_are_errors() -> None:
    soft = sorted((p, d.code, d.severity) for p, ds in call_findings(TF2_HEADER).items() for d in ds
                  if lookup(p) is MISSING and d.col == 0 and d.severity != "error")
    assert soft == []


def test_calls_through_compat_v1_are_not_errors() -> None:
    hard = sorted((p, d.code) for p, ds in call_findings(V1_HEADER).items() for d in ds
                  if lookup(p, tf.compat.v1) is not MISSING and d.severity == "error" and d.code not in KERAS3_FAILURES)
    assert hard == []


def tf2_rejects(path: str, keyword: str) -> bool:
    """Whether `tf.<path>(..., keyword=...)` fails in TF 2.21: no such function, or no such parameter."""
    function = lookup(path)
    if function is MISSING:
        return True
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return keyword not in parameters and not any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def test_keywords_through_tf2_are_errors_where_tf2_rejects_them() -> None:
    pairs = [(path, kw) for path, kws in sorted(tfapi.v1_keywords().items()) for kw in sorted(kws)]
    text = TF2_HEADER + "".join(f"tf.{path}(x, {kw}=v)\n" for path, kw in pairs)
    found = {pairs[d.line - 2]: d.severity for d in lint_source(text) if d.code == "TF108"}
    assert found  # TF108 reports through the TF2 namespace too
    wrong = sorted((path, kw, severity) for (path, kw), severity in found.items()
                   if (severity == "error") != tf2_rejects(path, kw))
    assert wrong == []


def test_dropout_through_compat_v1_takes_keep_prob() -> None:
    # TF110's warning through compat.v1: the call runs, the second argument is a keep probability.
    x = tf.ones([1000])
    kept = float(tf.reduce_mean(tf.cast(tf.compat.v1.nn.dropout(x, 1.0) > 0, tf.float32)))
    assert kept == 1.0
    assert list(inspect.signature(tf.nn.dropout).parameters)[1] == "rate"


def test_readers_through_compat_v1_run_in_graph_mode() -> None:
    # TF805's warning through compat.v1 (audit S3); eagerly they raise RuntimeError, through `tf` AttributeError.
    with tf.Graph().as_default():
        assert tf.compat.v1.TFRecordReader() is not None
    assert not hasattr(tf, "TFRecordReader")


def test_dataset_iterators_differ_by_namespace() -> None:
    # TF806/TF807: a TF2 Dataset has no TF1 iterator methods or structure attributes; compat.v1's has them.
    v2, v1 = tf.data.Dataset.range(3), tf.compat.v1.data.Dataset.range(3)
    for attribute in ("make_one_shot_iterator", "make_initializable_iterator", "output_shapes", "output_types"):
        assert not hasattr(v2, attribute) and hasattr(v1, attribute)


def test_collections_differ_by_namespace() -> None:
    # TF503's error through `tf`, warning through compat.v1.
    assert not hasattr(tf, "get_collection") and tf.compat.v1.get_collection("update_ops") == []
