"""The generated tables (tf2lint/data/*.tsv) against the installed TensorFlow."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tensorflow as tf
from tfknow import MISSING, REPO, TF_VERSION, lookup, rows, signature

from tf2lint import tfapi


def test_tensorflow_is_the_tables_version() -> None:
    assert tf.__version__ == TF_VERSION
    header = (tfapi.DATA / "v1_api.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert f"tensorflow {TF_VERSION}, keras {tf.keras.__version__};" in header


def test_v1_only_names_raise_through_tf2_and_resolve_through_compat_v1() -> None:
    v1only = [p for p, (kind, _) in tfapi.v1_table().items() if kind in (tfapi.V1ONLY, tfapi.V1MODULE)]
    assert len(v1only) > 700
    resolves = [p for p in v1only if lookup(p) is not MISSING]
    missing_v1 = [p for p in v1only if lookup(p, tf.compat.v1) is MISSING]
    assert (resolves, missing_v1) == ([], [])
    for path in v1only[:50]:  # the failure is an AttributeError, not something else
        try:
            eval(f"tf.{path}", {"tf": tf})  # noqa: S307 - a fixed dotted name from the table
        except AttributeError:
            continue
        raise AssertionError(path)


def test_same_and_variant_rows() -> None:
    wrong = []
    for path, (kind, _) in tfapi.v1_table().items():
        if kind in (tfapi.SAME, tfapi.VARIANT):
            old, new = lookup(path, tf.compat.v1), lookup(path)
            if MISSING in (old, new) or (old is new) != (kind == tfapi.SAME):
                wrong.append(path)
    assert wrong == []


def test_v2_names_exist() -> None:
    missing = [path for path, kind in tfapi.v2_table().items() if lookup(path) is MISSING]
    assert missing == []


def test_every_moved_pair_is_the_same_object_or_recorded_as_different() -> None:
    targets = {row[0]: row for row in rows("v2_targets.tsv")}
    wrong = []
    for path, (kind, new) in tfapi.v1_table().items():
        if not new:
            continue
        row = targets.get(path)
        same = lookup(path, tf.compat.v1) is lookup(new)
        if row is None or row[1] != new or (row[3] == "same") != same:
            wrong.append(path)
    assert wrong == []


def test_recorded_differences_hold() -> None:
    wrong = []
    for path, target, source, relation, positional, keywords, defaults in rows("v2_targets.tsv"):
        old, new = lookup(path, tf.compat.v1), lookup(target)
        assert MISSING not in (old, new), path
        if relation == "same":
            assert old is new, path
            continue
        assert old is not new, path
        new_sig, old_sig = signature(new), signature(old)
        if new_sig is None or old_sig is None:
            assert not (positional or keywords or defaults), path
            continue
        v2_params = new_sig.parameters
        v2_positional = [p.name for p in v2_params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        for change in positional.split():
            place, _, names = change.partition(":")
            before, after = names.split(">")
            i = int(place) - 1
            if after.startswith("*"):
                ok = i >= len(v2_positional) and after[1:] in v2_params
            else:
                ok = i < len(v2_positional) and v2_positional[i] == after
            if not ok or before not in old_sig.parameters:
                wrong.append((path, change))
        for change in keywords.split():
            before, after = change.split(">")
            if before in v2_params or before not in old_sig.parameters or (after != "-" and after not in v2_params):
                wrong.append((path, change))
        for change in defaults.split():
            name, _, values = change.partition("=")
            before, after = values.split(">")
            if repr(old_sig.parameters[name].default).replace(" ", "") != before or \
                    repr(v2_params[name].default).replace(" ", "") != after:
                wrong.append((path, change))
    assert wrong == []


def test_tf1_only_keywords_are_rejected_by_tf2() -> None:
    wrong = []
    for path, keywords in tfapi.v1_keywords().items():
        sig = signature(lookup(path))
        old = signature(lookup(path, tf.compat.v1))
        assert sig is not None and old is not None, path
        for keyword, new in keywords.items():
            if keyword in sig.parameters or keyword not in old.parameters or (new and new not in sig.parameters):
                wrong.append((path, keyword))
    assert wrong == []


def test_tables_are_what_the_generator_writes(tmp_path: Path) -> None:
    # Generated, not hand-kept: regenerating from this TensorFlow gives the committed files, byte for byte.
    script = REPO / "scripts" / "gen_api_tables.py"
    result = subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], capture_output=True, text=True,
                            check=False, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in tfapi.DATA.glob("*.tsv") if p.name != "keras2_api.tsv")  # gen_keras_tables
    assert [n for n in written if (tmp_path / n).read_bytes() != (tfapi.DATA / n).read_bytes()] == []
