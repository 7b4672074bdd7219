"""The flake8 plugin as users run it: positions, ``# noqa``, and files without TensorFlow."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tf2lint
from conftest import fixture_files

SOURCE = """\
import tensorflow as tf

a = tf.placeholder(tf.float32)  # noqa
b = tf.placeholder(tf.float32)  # noqa: TF3
c = tf.placeholder(tf.float32)  # noqa: TF306
d = tf.placeholder(tf.float32)  # noqa: TF1
e = tf.placeholder(tf.float32)  # noqa:E501
f = tf.placeholder(tf.float32)
g = tf.placeholder(tf.float32)  # noqa: tf306
h = tf.placeholder(tf.float32)  # NOQA:TF306
"""


def run_flake8(*paths: Path) -> list[tuple[str, int, int, str]]:
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=TF",
         "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return [(Path(p).name, int(r), int(c), code) for p, r, c, code in
            (line.split("\t") for line in result.stdout.splitlines())]


def test_positions_match_the_engine() -> None:
    files = fixture_files()
    expected = sorted((path.name, d.line, d.col + 1, d.code) for path in files for d in tf2lint.lint_file(path))
    assert sorted(run_flake8(*files)) == expected


def test_noqa(tmp_path: Path) -> None:
    path = tmp_path / "noqa_cases.py"
    path.write_text(SOURCE)
    flagged = {line for _, line, _, _ in run_flake8(path)}
    assert flagged == {6, 7, 8, 9}  # flake8 compares noqa codes case-sensitively: `tf306` silences nothing
    assert {d.line for d in tf2lint.lint_source(SOURCE)} == flagged
    assert {d.line for d in tf2lint.lint_source(SOURCE, noqa=False)} == {3, 4, 5, 6, 7, 8, 9, 10}


def test_select_with_e999_reports_unparsable_files(tmp_path: Path) -> None:
    """README's advice: ``--select TF`` alone lets a file flake8 cannot parse pass silently."""
    (tmp_path / "broken.py").write_text("import tensorflow as tf\ndef (:\n")
    command = [sys.executable, "-m", "flake8", "--isolated", str(tmp_path / "broken.py")]
    silent = subprocess.run([*command, "--select=TF"], capture_output=True, text=True, check=False)
    assert (silent.returncode, silent.stdout) == (0, "")
    loud = subprocess.run([*command, "--select=TF,E999"], capture_output=True, text=True, check=False)
    assert loud.returncode == 1 and ": E999 SyntaxError" in loud.stdout


def test_plugin_is_registered() -> None:
    result = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True,
                            check=True)
    assert f"tf2lint: {tf2lint.__version__}" in result.stdout


def test_noqa_lines_are_python_lines() -> None:
    # str.splitlines() would also break at U+2028 and shift every later line
    source = 'import tensorflow as tf\nx = "\u2028"  # noqa\ny = tf.placeholder(1)\n'
    assert [(d.line, d.code) for d in tf2lint.lint_source(source)] == [(3, "TF306")]
