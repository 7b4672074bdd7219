"""SARIF fingerprints and suppressions, and baselines that survive a formatter, through the ``tf2lint``
command."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_cli import tf2lint_run

SOURCE = """\
import tensorflow as tf
a = tf.Session()  # noqa: TF301
b = tf.Session()
c=tf.placeholder(tf.float32,[None,3])
"""


def sarif_results(cwd: Path, *args: str) -> list[dict[str, Any]]:
    run = tf2lint_run("--isolated", "--format", "sarif", *args, cwd=cwd)
    assert run.returncode in (0, 1), run.stderr
    results: list[dict[str, Any]] = json.loads(run.stdout)["runs"][0]["results"]
    return results


def summary(results: list[dict[str, Any]]) -> list[tuple[str, int, list[str]]]:
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             [s["kind"] for s in r.get("suppressions", [])]) for r in results]


def test_sarif_suppressions_for_noqa_and_baseline(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(SOURCE, encoding="utf-8")
    assert summary(sarif_results(tmp_path, "a.py")) == [("TF301", 2, ["inSource"]), ("TF301", 3, []),
                                                        ("TF306", 4, [])]
    assert summary(sarif_results(tmp_path, "--disable-noqa", "a.py")) == [
        ("TF301", 2, []), ("TF301", 3, []), ("TF306", 4, [])]
    assert tf2lint_run("--isolated", "--write-baseline", "base.json", "a.py", cwd=tmp_path).returncode == 0
    with (tmp_path / "a.py").open("a", encoding="utf-8") as stream:
        stream.write("d = tf.Session()\n")
    run = tf2lint_run("--isolated", "--format", "sarif", "--baseline", "base.json", "a.py", cwd=tmp_path)
    assert run.returncode == 1  # the new finding; suppressed ones do not count
    assert summary(json.loads(run.stdout)["runs"][0]["results"]) == [
        ("TF301", 2, ["inSource"]), ("TF301", 3, ["external"]), ("TF306", 4, ["external"]), ("TF301", 5, [])]


def test_fingerprints_follow_findings_not_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(SOURCE + "b = tf.Session()\n", encoding="utf-8")
    before = [r["partialFingerprints"]["tf2lint/v1"] for r in sarif_results(tmp_path, "a.py")]
    assert len(set(before)) == len(before) == 4  # the same line twice: two occurrences, two fingerprints
    spaced = SOURCE.replace("c=tf.placeholder(tf.float32,[None,3])", "c = tf.placeholder(tf.float32, [None, 3])")
    path.write_text("# moved\n\n" + spaced + "b = tf.Session()\n", encoding="utf-8")
    after = [r["partialFingerprints"]["tf2lint/v1"] for r in sarif_results(tmp_path, "a.py")]
    assert after == before


def test_baseline_survives_whitespace_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(SOURCE, encoding="utf-8")
    assert tf2lint_run("--isolated", "--write-baseline", "base.json", "a.py", cwd=tmp_path).returncode == 0
    path.write_text(SOURCE.replace("c=tf.placeholder(tf.float32,[None,3])",
                                   "c = tf.placeholder(\n    tf.float32, [None, 3])"), encoding="utf-8")
    run = tf2lint_run("--isolated", "--baseline", "base.json", "a.py", cwd=tmp_path)
    assert run.returncode == 1 and "TF306" in run.stdout  # its line's text changed: c = tf.placeholder(
    path.write_text(SOURCE.replace("c=tf.placeholder(tf.float32,[None,3])",
                                   "c  =  tf.placeholder( tf.float32, [ None, 3 ] )"), encoding="utf-8")
    run = tf2lint_run("--isolated", "--baseline", "base.json", "a.py", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, "")


def test_deeply_nested_baseline_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "base.json").write_text('{"version": 1, "findings": ' + "[" * 100000 + "]" * 100000 + "}",
                                        encoding="utf-8")
    run = tf2lint_run("--isolated", "--baseline", "base.json", "a.py", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "tf2lint: error: cannot read baseline base.json: nested too deeply\n"
