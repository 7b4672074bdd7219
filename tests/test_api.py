"""The Python API (``tf2lint.lint_file``, ``tf2lint.lint_paths``) on str, PathLike and notebooks, against the
command on the fixture project, and a notebook with a broken cell through the API and the command."""
from __future__ import annotations

import json
import shutil
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


PROJECT = Path(__file__).resolve().parent / "fixtures" / "project"


def test_the_api_agrees_with_the_command_on_the_fixture_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """``lint_paths`` gives what ``tf2lint --format json .`` gives (findings through the project's modules, the
    sub-projects' pins and configurations, the file that does not parse); ``lint_file`` the same per file."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    run = tf2lint_run("--format", "json", ".", cwd=project)
    assert run.returncode == 2, run.stderr  # findings, and src/app/broken.py does not parse
    command = {(f["path"], f["line"], f["column"], f["end_line"], f["code"], f["severity"],
                f"{f['message']}: {f['suggestion']}") for f in json.loads(run.stdout)}
    monkeypatch.chdir(project)
    reports = tf2lint.lint_paths(["."])
    api = {(Path(r.path).as_posix(), d.line, d.col + 1, d.end_line, d.code, d.severity, d.text())
           for r in reports for d in r.findings}
    assert api == command  # ASCII sources: byte columns are character columns
    assert [Path(r.path).as_posix() for r in reports if r.error] == ["src/app/broken.py"]
    assert "src/app/train.py" in {Path(r.path).as_posix() for r in reports if r.findings}
    for report in reports:
        if report.error is None:
            assert tf2lint.lint_file(report.path) == list(report.findings), report.path
    with pytest.raises(tf2lint.SourceError, match="SyntaxError"):
        tf2lint.lint_file("src/app/broken.py")
    # the documented fields: the rule behind a finding and its severity
    finding = next(d for r in reports for d in r.findings if d.code == "TF301")
    assert finding.rule is tf2lint.RULES["TF301"] and finding.severity in ("error", "warning")


def test_a_broken_notebook_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "n.ipynb"
    path.write_text(notebook("import tensorflow as tf\n", "x = 1\n", "y = 2\ndef (:\n"), encoding="utf-8")
    with pytest.raises(tf2lint.NotebookCellError) as raised:
        tf2lint.lint_file(path)
    assert (raised.value.cell, raised.value.line) == (3, 2)
    assert str(raised.value).startswith("cell 3, line 2: SyntaxError")
    [report] = tf2lint.lint_paths([path])
    assert report.error is not None and (report.error.cell, report.error.line) == (3, 2)


def test_lint_file_reads_the_configuration_and_the_pin(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["tensorflow<2"]\n\n'
                                             '[tool.tf2lint]\nignore = ["TF306"]\n', encoding="utf-8")
    path = tmp_path / "m.py"
    path.write_text('import tensorflow as tf\nx = tf.placeholder(tf.float32)\ntf.summary.scalar("l", x)\n',
                    encoding="utf-8")
    [found] = tf2lint.lint_file(path)  # TF306 ignored; the summary op is TF1's by the pin (and the placeholder)
    assert found.code == "TF903"
    assert [d.code for d in tf2lint.lint_file(path, isolated=True)] == ["TF306", "TF903"]
    with pytest.raises(ValueError):
        tf2lint.lint_paths([path], select=["E501"])
