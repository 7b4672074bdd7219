"""TF110-TF114 follow the file's context: compat.v1 (warning), TF1 code through ``tf`` (named evidence), TF2 code
(nothing); the project's setting and evidence decide as the file's own evidence does."""
from __future__ import annotations

from tf2lint import engine
from tf2lint.context import Project

DROPOUT = "import tensorflow as tf\nh = tf.nn.dropout(x, 0.9)\n"
MOMENTS = "import tensorflow as tf\nm = tf.nn.moments(x, [0], None, 'm')\n"


def found(text: str, project: Project = Project()) -> list[tuple[int, str, str, str]]:
    return [(d.line, d.code, d.severity, d.message) for d in engine.lint_source(text, project=project)]


def test_tf2_native_code_is_clean() -> None:
    assert found(DROPOUT) == [] and found(MOMENTS) == []


def test_setting_1_makes_every_file_tf1_code() -> None:
    [(line, code, severity, message)] = found(DROPOUT, Project(setting="1"))
    assert (line, code, severity) == (2, "TF110", "error")
    assert message.endswith('TF1 code: `tensorflow = "1"` is set')
    [(_, code, severity, _)] = found(MOMENTS, Project(setting="1"))
    assert (code, severity) == ("TF111", "warning")  # the shape changes; nothing flips


def test_project_evidence_and_setting_2() -> None:
    [(_, _, _, message)] = found(DROPOUT, Project(evidence="`tensorflow==1.15` in requirements.txt"))
    assert message.endswith("TF1 code: `tensorflow==1.15` in requirements.txt")
    evidence = DROPOUT + "s = tf.Session()\n"
    assert "TF110" in {code for _, code, _, _ in found(evidence)}
    assert "TF110" not in {code for _, code, _, _ in found(evidence, Project(setting="2"))}


def test_evidence_later_in_the_file_counts_and_is_named() -> None:
    [(_, code, _, message), _] = found(DROPOUT + "x = tf.placeholder(tf.float32)\n")
    assert code == "TF110" and message.endswith("TF1 code: `tf.placeholder` on line 3")


def test_compat_v1_is_a_warning_that_names_the_switch() -> None:
    findings = found(DROPOUT.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf"))
    assert [(code, severity) for _, code, severity, _ in findings] == [("TF101", "warning"), ("TF110", "warning")]
    assert "until the switch to `import tensorflow as tf`" in findings[1][3]


def test_explicit_compat_v1_call_replaces_tf109() -> None:
    text = "import tensorflow as tf\ninit = tf.compat.v1.random_normal_initializer()\n"
    assert [code for _, code, _, _ in found(text)] == ["TF112"]
    assert [code for _, code, _, _ in found(text.replace("random_normal_initializer()", "where(c, a, b)"))] == \
        ["TF109"]


def test_argument_named_keep_prob_is_reported_anywhere() -> None:
    [(_, code, severity, message)] = found("import tensorflow as tf\nh = tf.nn.dropout(x, self.keep_prob)\n")
    assert (code, severity) == ("TF110", "error") and "named like a keep probability" in message


SHAPE = "import tensorflow.compat.v1 as tf\n{setup}if x.shape[0] is None:\n    pass\n"


def test_dimension_none_follows_the_shape_mode() -> None:
    assert "TF115" not in {code for _, code, _, _ in found(SHAPE.format(setup=""))}  # TF2 shapes already
    [message] = [m for _, code, _, m in found(SHAPE.format(setup="tf.disable_v2_tensorshape()\n")) if code == "TF115"]
    assert "`tf.compat.v1.disable_v2_tensorshape()` (line 2) keeps TF1 shapes" in message
    tf2 = SHAPE.format(setup="").replace(".compat.v1", "")
    assert found(tf2) == []
    assert [code for _, code, _, _ in found(tf2, Project(setting="1"))] == ["TF115"]


def test_tf114_docs_count_its_table() -> None:
    from tf2lint.rules import RULES, meanings

    assert f"({len(meanings.LOUD)} names)" in RULES["TF114"].what
