"""The Python API (``tf2lint.lint_file``) on str, PathLike and notebooks, and a notebook with a broken cell
through the ``tf2lint`` command."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import tf2lint
from test_cli import ERROR_LINE, TEXT_LINE, tf2lint_run

SOURCE = "import tensorflow as tf\nname = 'é'; x = tf.placeholder(tf.float32)\n"


class Location:
    """A PathLike that is not a Path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


def notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": cell, "metadata": {}, "outputs": [],
                                  "execution_count": None} for cell in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_lint_file_takes_str_and_pathlike(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(SOURCE, encoding="utf-8")
    found = tf2lint.lint_file(path)
    assert [d.code for d in found] == ["TF306"]
    assert tf2lint.lint_file(str(path)) == tf2lint.lint_file(Location(path)) == found
    # columns are UTF-8 bytes, as documented: 'é' is two bytes
    assert found[0].col == SOURCE.splitlines()[1].encode("utf-8").index(b"tf.placeholder")


def test_lint_file_reads_notebooks(tmp_path: Path) -> None:
    path = tmp_path / "n.ipynb"
    path.write_text(notebook("# setup\nimport tensorflow as tf\n", "y = 1\n", SOURCE.splitlines()[1]),
                    encoding="utf-8")
    [found] = tf2lint.lint_file(str(path))
    assert isinstance(found, tf2lint.CellDiagnostic) and isinstance(found, tf2lint.Diagnostic)
    assert (found.code, found.cell, found.line) == ("TF306", 3, 1)
    path.write_text(notebook("import tensorflow as tf\n", "def (:\n"), encoding="utf-8")
    with pytest.raises(tf2lint.SourceError, match="SyntaxError"):
        tf2lint.lint_file(path)


def test_a_broken_cell_hides_only_itself(tmp_path: Path) -> None:
    (tmp_path / "n.ipynb").write_text(notebook("import tensorflow as tf\n", "def (:\n",
                                               "x = tf.placeholder(tf.float32)\n"), encoding="utf-8")
    run = tf2lint_run("--isolated", "n.ipynb", cwd=tmp_path)
    assert run.returncode == 2
    [finding] = [TEXT_LINE.fullmatch(line) for line in run.lines]
    assert finding and (finding["cell"], finding["line"], finding["code"]) == ("3", "1", "TF306")
    [error] = [ERROR_LINE.fullmatch(line) for line in run.stderr.splitlines()]
    assert error and (error["cell"], error["line"]) == ("2", "1") and "SyntaxError" in error["message"]
