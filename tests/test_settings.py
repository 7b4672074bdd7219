"""Each file judged by its own project, on every front end: the monorepo of ``tests/fixtures/project/mono`` (``a/``
pins ``tensorflow==1.15`` and ignores TF107, ``b/`` requires ``tensorflow>=2.15``; here it also excludes
``vendored``)
through the command in both path orders and at ``-j 1`` and ``-j 2``, flake8, pylint and the Python API."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tf2lint
from conftest import expected_findings
from test_cli import TEXT_LINE, tf2lint_run

MONO = Path(__file__).resolve().parent / "fixtures" / "project" / "mono"
FILES = ("a/m.py", "b/drop.py")

Row = tuple[str, int, int, str, str]  # path, line, 1-based column, code, text


@pytest.fixture
def mono(tmp_path: Path) -> Path:
    """A copy of the monorepo, a repository of its own (evidence names files relative to it)."""
    target = tmp_path / "mono"
    shutil.copytree(MONO, target)
    (target / ".git").mkdir()
    # b's configuration also excludes vendored TF1 code, whose session would be an error
    with (target / "b" / "pyproject.toml").open("a", encoding="utf-8") as table:
        table.write('extend-exclude = ["vendored"]\n')
    (target / "b" / "vendored").mkdir()
    (target / "b" / "vendored" / "old.py").write_text("import tensorflow as tf\n\nsess = tf.Session()\n",
                                                      encoding="utf-8")
    return target


def rows(output: str) -> set[Row]:
    found = set()
    for line in output.splitlines():
        match = TEXT_LINE.fullmatch(line)
        assert match, line
        found.add((Path(match["path"]).as_posix(), int(match["line"]), int(match["col"]), match["code"],
                   match["text"]))
    return found


def markers() -> set[tuple[str, int, str]]:
    return {(name, line, code) for name in FILES for line, code in expected_findings(MONO / name)}


def test_each_file_is_judged_by_its_own_project_in_any_order(mono: Path) -> None:
    alone = [tf2lint_run(name, cwd=mono) for name in FILES]
    assert [run.returncode for run in alone] == [1, 1]
    union = rows(alone[0].stdout) | rows(alone[1].stdout)
    assert {(path, line, code) for path, line, _, code, _ in union} == markers()
    assert "TF1 code: `tensorflow==1.15` on line 5 of a/pyproject.toml" in next(
        text for _, _, _, code, text in union if code == "TF110")
    for order in (FILES, FILES[::-1]):
        for jobs in ("1", "2"):
            run = tf2lint_run("-j", jobs, "--force-jobs", *order, cwd=mono)
            assert (run.returncode, rows(run.stdout)) == (1, union), (order, jobs, run.stderr)
    # a folder: b's configuration excludes b/vendored, whose TF1 session would be an error
    run = tf2lint_run(".", cwd=mono)
    assert (run.returncode, rows(run.stdout)) == (1, union)


def test_config_option_and_command_line_options(mono: Path) -> None:
    """``--config`` applies one file to all (the pins stay each project's); options override every file's."""
    run = tf2lint_run("--config", "a/pyproject.toml", *FILES, cwd=mono)
    assert {(path, code) for path, _, _, code, _ in rows(run.stdout)} == {("a/m.py", "TF110")}
    run = tf2lint_run("--ignore", "TF9", *FILES, cwd=mono)  # replaces a's ignore = ["TF107"]
    assert {(path, code) for path, _, _, code, _ in rows(run.stdout)} == {
        ("a/m.py", "TF107"), ("a/m.py", "TF110"), ("b/drop.py", "TF107")}
    run = tf2lint_run("--tensorflow", "2", *FILES[::-1], cwd=mono)
    assert {(path, code) for path, _, _, code, _ in rows(run.stdout)} == {("b/drop.py", "TF107")}
    run = tf2lint_run("--extend-exclude", "drop.py", ".", cwd=mono)
    assert {(path, code) for path, _, _, code, _ in rows(run.stdout)} == {("a/m.py", "TF110")}


def test_a_broken_sub_project_configuration_stops_the_run(mono: Path) -> None:
    (mono / "b" / "pyproject.toml").write_text('[tool.tf2lint]\ntensorflow = "one"\n', encoding="utf-8")
    for args in ([*FILES], ["."]):
        run = tf2lint_run(*args, cwd=mono)
        assert (run.returncode, run.stdout) == (2, "")
        assert run.stderr.splitlines() == [
            f'tf2lint: error: {mono / "b" / "pyproject.toml"}: [tool.tf2lint] tensorflow must be "1", "2" or '
            "\"auto\", not str 'one'"]


def run_tool(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, check=False, cwd=cwd,
                          timeout=300)


def test_flake8_pylint_and_the_api_agree_with_the_command(mono: Path) -> None:
    expected = rows(tf2lint_run(".", cwd=mono).stdout)
    flake8 = run_tool("flake8", "--select=TF", "--format=%(path)s:%(row)d:%(col)d: %(code)s %(text)s", ".",
                      cwd=mono)
    assert flake8.returncode == 1, flake8.stderr
    assert {(Path(path).as_posix(), *rest) for path, *rest in rows(flake8.stdout)} == expected
    (mono / "empty.rc").write_text("", encoding="utf-8")
    pylint = run_tool("pylint", "--rcfile=empty.rc", "--persistent=n", "--output-format=json2", "--score=n",
                      "--load-plugins=tf2lint.pylint_plugin", "--disable=all", "--enable=tf2lint-tf1xx",
                      *FILES, "b/vendored/old.py", cwd=mono)
    assert pylint.stdout, pylint.stderr
    found = {(Path(m["path"]).as_posix(), m["line"], m["column"] + 1, m["message"].split(" ", 1)[0],
              m["message"].split("] ", 1)[1]) for m in json.loads(pylint.stdout)["messages"]}
    assert found == expected
    cwd = os.getcwd()
    try:
        os.chdir(mono)
        reports = tf2lint.lint_paths(["."])
        single = {name: tf2lint.lint_file(name) for name in FILES}
    finally:
        os.chdir(cwd)
    api = {(Path(report.path).as_posix(), d.line, d.col + 1, d.code, d.text())
           for report in reports for d in report.findings}
    assert api == expected
    assert {(name, d.line, d.col + 1, d.code, d.text()) for name, found in single.items() for d in found} == expected
    by_path = {Path(report.path).as_posix(): report for report in reports}
    assert set(by_path) == set(FILES)  # b/vendored is excluded by b's configuration
    a, b = by_path["a/m.py"], by_path["b/drop.py"]
    assert (a.config.source, a.config.ignore) == (mono / "a" / "pyproject.toml", ("TF107",))
    assert (b.config.source, b.config.extend_exclude) == (mono / "b" / "pyproject.toml", ("vendored",))
    assert b.config.extend_ignore == ("TF9",)
    assert a.project.evidence == "`tensorflow==1.15` on line 5 of a/pyproject.toml"
    assert b.project.evidence == "" and b.tf1 == ""


@pytest.mark.parametrize("where", ["b/pyproject.toml", "pyproject.toml"])
def test_the_plugins_stop_on_a_broken_configuration(mono: Path, where: str) -> None:
    """As flake8 and pylint stop on a bad option: one line on stderr, their usage-error status; a sub-project's
    broken table below a folder given stops flake8 before any file is linted."""
    (mono / where).write_text('[tool.tf2lint]\ntensorflow = "one"\n', encoding="utf-8")
    (mono / "top.py").write_text("import tensorflow as tf\n", encoding="utf-8")  # the root's table applies
    problem = f'{mono / where}: [tool.tf2lint] tensorflow must be "1", "2" or "auto", not str \'one\''
    flake8 = run_tool("flake8", "--select=TF", ".", cwd=mono)
    assert (flake8.returncode, flake8.stdout, flake8.stderr) == (2, "", f"flake8: error: {problem}\n")
    (mono / "empty.rc").write_text("", encoding="utf-8")
    pylint = run_tool("pylint", "--rcfile=empty.rc", "--persistent=n", "--score=n",
                      "--load-plugins=tf2lint.pylint_plugin", "top.py"
                      if where == "pyproject.toml" else "b/drop.py", cwd=mono)
    assert pylint.returncode == 32 and pylint.stderr == f"pylint: error: {problem}\n", pylint.stderr


def test_flake8_stops_on_a_bad_tf2lint_tensorflow_value(mono: Path) -> None:
    (mono / "setup.cfg").write_text("[flake8]\ntf2lint-tensorflow = yes\n", encoding="utf-8")
    flake8 = run_tool("flake8", "--select=TF", "a/m.py", cwd=mono)
    assert (flake8.returncode, flake8.stdout) == (2, "")
    assert flake8.stderr.startswith("flake8: error: ") and "'yes'" in flake8.stderr
    assert len(flake8.stderr.splitlines()) == 1


def test_statistics_name_each_project_pin(mono: Path) -> None:
    (mono / "c").mkdir()
    (mono / "c" / "requirements.txt").write_text("tensorflow-gpu<2\n", encoding="utf-8")
    (mono / "c" / "setup.cfg").write_text("[metadata]\nname = c\n", encoding="utf-8")
    (mono / "c" / "s.py").write_text('import tensorflow as tf\ntf.summary.scalar("loss", 1.0)\n', encoding="utf-8")
    run = tf2lint_run("--statistics", "-q", ".", cwd=mono)
    assert ("  TF1 context: 2 files (projects: `tensorflow-gpu<2` on line 1 of c/requirements.txt; "
            "`tensorflow==1.15` on line 5 of a/pyproject.toml; with evidence in the file: 0)"
            ) in run.stdout.splitlines()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_configuration_that_is_no_regular_file_is_one_error(tmp_path: Path) -> None:
    """``--config`` naming a FIFO (which would block) or a device: one line, exit 2, at once."""
    (tmp_path / "m.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    for name, kind in (("fifo", "a FIFO"), (os.devnull, "a character device")):
        run = subprocess.run([sys.executable, "-m", "tf2lint", "--config", name, "m.py"], cwd=tmp_path,
                             capture_output=True, text=True, check=False, timeout=60)
        assert (run.returncode, run.stdout) == (2, "")
        assert run.stderr == f"tf2lint: error: {name}: cannot read: not a regular file ({kind}): not read\n"


def test_flake8_isolated_ignores_the_table_as_the_command_does(mono: Path) -> None:
    expected = rows(tf2lint_run("--isolated", ".", cwd=mono).stdout)
    assert ("a/m.py", 6, 9) in {row[:3] for row in expected}  # a's ignore = ["TF107"] is not read
    flake8 = run_tool("flake8", "--isolated", "--select=TF",
                      "--format=%(path)s:%(row)d:%(col)d: %(code)s %(text)s", ".", cwd=mono)
    assert {(Path(path).as_posix(), *rest) for path, *rest in rows(flake8.stdout)} == expected
