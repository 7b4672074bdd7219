"""SARIF fingerprints and suppressions, and baselines that survive a formatter, through the ``tf2lint``
command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from test_cli import tf2lint_run
from test_pylint import OURS, run_pylint
from tf2lint import lint_file, lint_source

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


# --- file-level suppression -----------------------------------------------------------------------------------

FILE_SOURCE = """\
import tensorflow as tf
sess = tf.Session()
x = tf.placeholder(tf.float32)
v = tf.get_variable("v", [1])
"""


def command_codes(cwd: Path, *args: str) -> list[tuple[int, str]]:
    run = tf2lint_run("--isolated", *args, cwd=cwd)
    assert run.returncode in (0, 1), run.stderr
    return [(int(line.split(":")[1]), line.split()[1]) for line in run.lines]


def flake8_codes(path: Path, *args: str) -> list[tuple[int, str]]:
    result = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select=TF,E999",
                             "--format=%(row)d\t%(code)s", *args, str(path)], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return [(int(row), code) for row, code in (line.split("\t") for line in result.stdout.splitlines())]


@pytest.mark.parametrize("comment", ["# flake8: noqa", "# flake8: noqa: E501", "  # FLAKE8= NOQA"])
def test_flake8_noqa_skips_the_file_in_flake8_and_the_command(tmp_path: Path, comment: str) -> None:
    path = tmp_path / "a.py"
    path.write_text(FILE_SOURCE + comment + "\n", encoding="utf-8")
    assert flake8_codes(path) == command_codes(tmp_path, "a.py") == []
    everything = command_codes(tmp_path, "--disable-noqa", "a.py")
    assert [code for _, code in everything] == ["TF301", "TF306", "TF401"]
    path.write_text(FILE_SOURCE + "def (:\n" + comment + "\n", encoding="utf-8")  # not even parsed, as flake8 does
    assert flake8_codes(path) == []
    assert tf2lint_run("--isolated", "a.py", cwd=tmp_path).returncode == 0
    path.write_text(FILE_SOURCE + "y = 1  " + comment.strip() + "\n", encoding="utf-8")  # not on a line of its own
    assert [code for _, code in flake8_codes(path)] == [code for _, code in command_codes(tmp_path, "a.py")] == [
        "TF301", "TF306", "TF401"]


@pytest.mark.parametrize(("comment", "kept"), [
    ("# tf2lint: noqa", []),
    ("# TF2LINT:NOQA", []),
    ("# tf2lint: noqa: TF3", ["TF401"]),
    ("# tf2lint: noqa: tf301, TF4", ["TF306"]),
    ("# tf2lint: noqa: E501", ["TF301", "TF306", "TF401"]),  # no tf2lint code: silences nothing
    ("x = 1  # tf2lint: noqa", ["TF301", "TF306", "TF401"]),  # not on a line of its own
])
def test_tf2lint_noqa_in_every_front_end(tmp_path: Path, comment: str, kept: list[str]) -> None:
    text = comment + "\n" + FILE_SOURCE
    path = tmp_path / "a.py"
    path.write_text(text, encoding="utf-8")
    assert [code for _, code in command_codes(tmp_path, "a.py")] == kept
    assert [code for _, code in flake8_codes(path)] == kept
    assert [d.code for d in lint_source(text)] == kept
    assert [r["ruleId"] for r in sarif_results(tmp_path, "a.py") if not r.get("suppressions")] == kept
    assert len(command_codes(tmp_path, "--disable-noqa", "a.py")) == 3
    assert len(flake8_codes(path, "--disable-noqa")) == 3
    (tmp_path / "empty.rc").write_text("", encoding="utf-8")
    pylint = run_pylint(f"--rcfile={tmp_path / 'empty.rc'}", "--load-plugins=tf2lint.pylint_plugin",
                        "--disable=all", f"--enable={OURS}", "a.py", cwd=tmp_path)
    assert [finding[4] for finding in pylint.get("a.py", [])] == kept


def test_tf2lint_noqa_in_a_notebook(tmp_path: Path) -> None:
    cells = ["import tensorflow as tf\n# tf2lint: noqa: TF3", "sess = tf.Session()\nv = tf.get_variable('v', [1])"]
    (tmp_path / "n.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c}
                  for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    run = tf2lint_run("--isolated", "n.ipynb", cwd=tmp_path)
    assert run.returncode == 1 and [line.split()[1] for line in run.lines] == ["TF401"]
    assert [r["ruleId"] for r in sarif_results(tmp_path, "n.ipynb")] == ["TF401"]
    assert [d.code for d in lint_file(tmp_path / "n.ipynb")] == ["TF401"]
    assert [d.code for d in lint_file(tmp_path / "n.ipynb", noqa=False)] == ["TF301", "TF401"]
