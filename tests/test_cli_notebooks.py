"""Jupyter notebooks through the ``tf2lint`` command: IPython syntax, cell/line mapping, broken notebooks."""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
from pathlib import Path

import pytest

import tf2lint
from conftest import FIXTURES, expected_findings, fixture_files
from test_cli import ERROR_LINE, GITHUB_LINE, TEXT_LINE, tf2lint_run
from tf2lint.engine import SourceError, parse

#: IPython-only lines put in front of cells; none of them may change what is found or where.
MAGIC_PREFIXES = [
    ["%matplotlib inline"],
    ["!pip install -q 'tensorflow<2' \\", "    --upgrade"],
    ["tf.Session?", "?tf.placeholder"],
    ["files = !ls *.py", "out, err = %sx ls"],
    ["%%time"],
    ["%load_ext autoreload", "%autoreload 2"],
    [],
]


def notebook_text(cells: list[tuple[str, list[str]]], metadata: str = "{}") -> tuple[str, dict[tuple[int, int], int]]:
    """The JSON of a notebook as Jupyter lays it out (one source line per file line), and the file line of
    each (cell, line)."""
    lines = ["{", ' "cells": [']
    where = {}
    for number, (kind, source) in enumerate(cells, start=1):
        lines += ["  {", f'   "cell_type": "{kind}",', '   "metadata": {},']
        if kind == "code":
            lines += ['   "execution_count": null,', '   "outputs": [],']
        lines.append('   "source": [')
        for index, line in enumerate(source, start=1):
            where[number, index] = len(lines) + 1
            ending = "\n" if index < len(source) else ""
            lines.append("    " + json.dumps(line + ending) + ("," if index < len(source) else ""))
        lines += ["   ]", "  }" + ("," if number < len(cells) else "")]
    lines += [" ],", f' "metadata": {metadata},', ' "nbformat": 4,', ' "nbformat_minor": 5', "}"]
    return "\n".join(lines) + "\n", where


def chunks(path: Path) -> list[tuple[int, list[str]]]:
    """A Python file cut into pieces that each parse alone: ``(first line, lines)``, three statements each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = ast.parse("\n".join(lines)).body
    starts = [1] + [min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
                    for node in body[3::3]]
    ends = [start - 1 for start in starts[1:]] + [len(lines)]
    return [(start, lines[start - 1:end]) for start, end in zip(starts, ends)]


def fixture_notebook(path: Path) -> tuple[list[tuple[str, list[str]]], dict[int, tuple[int, int]]]:
    """A notebook holding ``path`` in code cells between markdown and raw cells, with magics in front of
    each; and where each line of ``path`` ends up: {file line: (cell, line in cell)}."""
    cells: list[tuple[str, list[str]]] = [("markdown", ["# `tf.Session()` in markdown is not code"])]
    where = {}
    for index, (start, lines) in enumerate(chunks(path)):
        prefix = MAGIC_PREFIXES[index % len(MAGIC_PREFIXES)]
        cells.append(("code", prefix + lines))
        for offset in range(len(lines)):
            where[start + offset] = (len(cells), len(prefix) + offset + 1)
        cells.append(("raw", ["sess = tf.Session()"]) if index % 2 else ("code", ["%%bash", "echo tf.Session()"]))
    return cells, where


def in_cells(text: str, where: dict[int, tuple[int, int]]) -> str:
    """A finding's text with its TF1 evidence placed in the notebook: "in cell 3 on line 2"."""
    return re.sub(r"(TF1 code: .*?) on line (\d+)",
                  lambda m: f"{m[1]} in cell {where[int(m[2])][0]} on line {where[int(m[2])][1]}", text)


#: The fixtures whose findings need no other module: the project-call ones import tf3xx_project_helpers.py.
NOTEBOOK_FIXTURES = [path for path in fixture_files() if expected_findings(path) and "project_calls" not in path.stem]


@pytest.mark.parametrize("path", NOTEBOOK_FIXTURES, ids=[p.stem for p in NOTEBOOK_FIXTURES])
def test_cell_and_line_mapping(tmp_path: Path, path: Path) -> None:
    cells, where = fixture_notebook(path)
    text, file_lines = notebook_text(cells)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    diagnostics = sorted(tf2lint.lint_file(path), key=lambda d: (d.line, d.col, d.code))
    assert {(d.line, d.code) for d in diagnostics} == expected_findings(path)

    run = tf2lint_run("--isolated", "nb.ipynb", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    shown = []
    for line in run.stdout.splitlines():
        match = TEXT_LINE.fullmatch(line)
        shown.append((int(match["cell"]), int(match["line"]), int(match["col"]), match["code"], match["text"]))
    assert shown == [(*where[d.line], d.col + 1, d.code, in_cells(d.text(), where)) for d in diagnostics]

    findings = json.loads(tf2lint_run("--isolated", "--format", "json", "nb.ipynb", cwd=tmp_path).stdout)
    assert [(f["cell"], f["line"], f["column"], f["end_line"], f["end_column"], f["code"]) for f in findings] == [
        (*where[d.line], d.col + 1, where[d.end_line][1], d.end_col + 1, d.code) for d in diagnostics]

    sarif = json.loads(tf2lint_run("--isolated", "--format", "sarif", "nb.ipynb", cwd=tmp_path).stdout)
    for result, d in zip(sarif["runs"][0]["results"], diagnostics):
        cell, line = where[d.line]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": file_lines[cell, line]}  # the line of the .ipynb file
        assert result["message"]["text"] == f"cell {cell}, line {line}, col {d.col + 1}: {in_cells(d.text(), where)}"
        assert result["properties"] == {"cell": cell}

    github = tf2lint_run("--isolated", "--format", "github", "nb.ipynb", cwd=tmp_path)
    for annotation, d in zip(github.stdout.splitlines(), diagnostics):
        properties = dict(p.split("=", 1) for p in GITHUB_LINE.fullmatch(annotation)["properties"].split(","))
        assert int(properties["line"]) == file_lines[where[d.line]] and "col" not in properties


def test_imports_resolve_across_cells_and_cell_magics(tmp_path: Path) -> None:
    cells = [
        ("code", ["import tensorflow.compat.v1 as tf"]),
        ("markdown", ["Some text"]),
        ("code", ["%%time", "x = tf.placeholder(tf.float32)"]),
        ("code", ["%%writefile train.py", "sess = tf.Session()"]),  # written to a file, not run here
        ("code", ["%%bash", "python -c 'import tensorflow as tf; tf.Session()'"]),
        ("code", ["", "%%capture", "sess = tf.Session()"]),
        ("code", ["for step in range(3):", "    !echo {step}", "    sess.run(x)", 'doc = """', "%not magic",
                  '"""', "y = (1", "     % 2)", "v = tf.get_variable('v', [1])  # noqa: TF401"]),
    ]
    text, _ = notebook_text(cells)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    python = "\n".join(["import tensorflow.compat.v1 as tf", "x = tf.placeholder(tf.float32)",
                        "sess = tf.Session()", "for step in range(3):", "    pass", "    sess.run(x)",
                        'doc = """', "%not magic", '"""', "y = (1", "     % 2)",
                        "v = tf.get_variable('v', [1])  # noqa: TF401"]) + "\n"
    origin = [(1, 1), (3, 2), (6, 3), (7, 1), (7, 2), (7, 3), (7, 4), (7, 5), (7, 6), (7, 7), (7, 8), (7, 9)]
    diagnostics = sorted(tf2lint.lint_source(python), key=lambda d: (d.line, d.col, d.code))
    assert diagnostics
    run = tf2lint_run("--isolated", "nb.ipynb", cwd=tmp_path)
    assert run.stdout.splitlines() == [
        f"nb.ipynb:cell_{origin[d.line - 1][0]}:{origin[d.line - 1][1]}:{d.col + 1}: {d.code} {d.text()}"
        for d in diagnostics]
    disabled = tf2lint_run("--isolated", "--disable-noqa", "nb.ipynb", cwd=tmp_path)
    assert any(":cell_7:9:" in line and "TF401" in line for line in disabled.stdout.splitlines())


def test_source_as_one_string_and_nbformat_3(tmp_path: Path) -> None:
    source = "import tensorflow as tf\nsess = tf.Session()\n"
    [d] = tf2lint.lint_source(source)
    v4 = {"cells": [{"cell_type": "markdown", "source": "text"}, {"cell_type": "code", "source": source}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    v3 = {"worksheets": [{"cells": [{"cell_type": "markdown", "source": "x"},
                                    {"cell_type": "code", "input": source.splitlines(True)}]}],
          "metadata": {}, "nbformat": 3}
    for name, notebook in (("v4.ipynb", v4), ("v3.ipynb", v3)):
        (tmp_path / name).write_text(json.dumps(notebook), encoding="utf-8")
        run = tf2lint_run("--isolated", name, cwd=tmp_path)
        assert run.stdout.splitlines() == [f"{name}:cell_2:{d.line}:{d.col + 1}: {d.code} {d.text()}"]


def test_other_kernel_languages_are_skipped(tmp_path: Path) -> None:
    text, _ = notebook_text([("code", ["library(tensorflow)", "sess <- tf$Session()"])],
                            metadata='{"kernelspec": {"language": "R", "name": "ir"}}')
    (tmp_path / "r.ipynb").write_text(text, encoding="utf-8")
    run = tf2lint_run("--isolated", "r.ipynb", cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_broken_notebooks_next_to_good_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "tf3xx_sessions.py", tmp_path / "good.py")
    bad_cell = ["x = 1", "print 'python 2'"]
    text, file_lines = notebook_text([("markdown", ["hi"]), ("code", ["import tensorflow as tf"]),
                                      ("code", bad_cell), ("code", ["sess = tf.Session()"])])
    (tmp_path / "bad_cell.ipynb").write_text(text, encoding="utf-8")
    (tmp_path / "bad_json.ipynb").write_text(text[:len(text) // 2], encoding="utf-8")
    (tmp_path / "not_notebook.ipynb").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "no_cells.ipynb").write_text('{"metadata": {}}', encoding="utf-8")
    with pytest.raises(SourceError) as cell_error:
        parse("\n".join(bad_cell) + "\n")
    with pytest.raises(json.JSONDecodeError) as json_error:
        json.loads(text[:len(text) // 2])

    run = tf2lint_run("--isolated", ".", cwd=tmp_path)
    assert run.returncode == 2
    findings = [TEXT_LINE.fullmatch(line) for line in run.stdout.splitlines()]
    assert {finding["path"] for finding in findings} == {"good.py", "bad_cell.ipynb"}  # other cells still linted
    assert [(f["cell"], f["line"], f["code"]) for f in findings if f["path"] == "bad_cell.ipynb"] == [
        ("4", "1", "TF301")]
    errors = {ERROR_LINE.fullmatch(line)["path"]: line for line in run.stderr.splitlines()}
    assert set(errors) == {"bad_cell.ipynb", "bad_json.ipynb", "not_notebook.ipynb", "no_cells.ipynb"}
    error = cell_error.value
    assert errors["bad_cell.ipynb"] == (f"bad_cell.ipynb:cell_3:{error.line}:{error.col + 1}: error: "
                                        f"{error.message}")
    assert errors["bad_json.ipynb"].startswith(
        f"bad_json.ipynb:{json_error.value.lineno}:{json_error.value.colno}: error: invalid notebook JSON")
    assert "not a Jupyter notebook" in errors["not_notebook.ipynb"]

    sarif = json.loads(tf2lint_run("--isolated", "--format", "sarif", "bad_cell.ipynb", cwd=tmp_path).stdout)
    [notification] = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    region = notification["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": file_lines[3, error.line]}
    assert notification["message"]["text"].startswith(f"cell 3, line {error.line}")


def test_notebook_on_stdin(tmp_path: Path) -> None:
    text, _ = notebook_text([("code", ["%pip install tensorflow", "import tensorflow as tf"]),
                             ("code", ["sess = tf.Session()"])])
    [d] = tf2lint.lint_source("import tensorflow as tf\nsess = tf.Session()\n")
    run = tf2lint_run("--isolated", "-", "--stdin-filename", os.path.join("nbs", "x.ipynb"), cwd=tmp_path,
                      stdin=text.encode())
    assert run.stdout.splitlines() == [f"{os.path.join('nbs', 'x.ipynb')}:cell_2:1:{d.col + 1}: {d.code} {d.text()}"]
