"""``--write-baseline`` / ``--baseline``: old findings stay quiet when code moves, new ones are reported."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import tf2lint
from conftest import FIXTURES
from test_cli import TEXT_LINE, copy_fixtures, make_project, tf2lint_run
from test_cli_notebooks import notebook_text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def findings_at(path: Path, line: int) -> list[tuple[int, int, str]]:
    return sorted((d.line, d.col + 1, d.code) for d in tf2lint.lint_file(path) if d.line == line)


def reported(output: str) -> list[tuple[str, int, int, str]]:
    rows = []
    for line in output.splitlines():
        match = TEXT_LINE.fullmatch(line)
        rows.append((Path(match["path"]).name, int(match["line"]), int(match["col"]), match["code"]))
    return rows


def test_round_trip_with_shifted_lines(project: Path) -> None:
    files = copy_fixtures(project / "src")
    run = tf2lint_run("--write-baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert run.returncode == 0 and run.stdout == ""
    baseline = json.loads((project / "tf2lint-baseline.json").read_text(encoding="utf-8"))
    assert baseline["version"] == 1
    entries = baseline["findings"]
    assert entries == sorted(entries, key=lambda e: (e["path"], e["code"], e["source"]))
    assert sum(entry["count"] for entry in entries) == sum(len(tf2lint.lint_file(path)) for path in files)
    assert {entry["path"] for entry in entries} == {f"src/{p.name}" for p in files if tf2lint.lint_file(p)}

    assert tf2lint_run("--baseline", "tf2lint-baseline.json", "src", cwd=project).returncode == 0

    # unrelated lines added above and removed below: nothing new
    sessions = project / "src" / "tf3xx_sessions.py"
    lines = sessions.read_text(encoding="utf-8").splitlines()
    shifted = ["# a new header", "import os", "", "print(os.getcwd())", *lines[:-1]]
    sessions.write_text("\n".join(shifted) + "\n", encoding="utf-8")
    assert not findings_at(FIXTURES / sessions.name, len(lines))  # the removed line had no finding
    run = tf2lint_run("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")

    # a new TF1 line is reported, and only it
    shifted.insert(10, "extra_session = tf.Session()")
    sessions.write_text("\n".join(shifted) + "\n", encoding="utf-8")
    new = findings_at(sessions, 11)
    assert new
    run = tf2lint_run("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert run.returncode == 1
    assert reported(run.stdout) == [(sessions.name, *finding) for finding in new]

    # a second copy of a known line is new: occurrences are counted
    known = next(line for line in shifted[11:] if line.startswith("sess.run(init)"))
    shifted.append(known)
    sessions.write_text("\n".join(shifted) + "\n", encoding="utf-8")
    assert findings_at(sessions, len(shifted))
    run = tf2lint_run("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert reported(run.stdout) == [(sessions.name, *finding) for finding in new + findings_at(sessions, len(shifted))]


def test_baseline_is_stable_and_relative_to_its_folder(project: Path) -> None:
    copy_fixtures(project / "src")
    (project / "ci").mkdir()
    tf2lint_run("--write-baseline", "ci/baseline.json", "src", cwd=project)
    first = (project / "ci" / "baseline.json").read_bytes()
    tf2lint_run("-j", "2", "--write-baseline", "baseline.json", os.path.join("..", "src"), cwd=project / "ci")
    assert (project / "ci" / "baseline.json").read_bytes() == first
    assert all(entry["path"].startswith("../src/") for entry in json.loads(first)["findings"])
    run = tf2lint_run("--baseline", str(project / "ci" / "baseline.json"), ".", cwd=project / "src")
    assert (run.returncode, run.stdout) == (0, "")


def test_notebook_baseline_survives_a_new_cell(project: Path) -> None:
    cells = [("code", ["import tensorflow as tf"]), ("code", ["sess = tf.Session()"])]
    (project / "nb.ipynb").write_text(notebook_text(cells)[0], encoding="utf-8")
    assert tf2lint_run("--write-baseline", "b.json", ".", cwd=project).returncode == 0
    cells.insert(1, ("code", ["%matplotlib inline", "x = 1"]))
    (project / "nb.ipynb").write_text(notebook_text(cells)[0], encoding="utf-8")
    assert tf2lint_run("--baseline", "b.json", ".", cwd=project).returncode == 0
    cells.append(("code", ["y = tf.placeholder(tf.float32)"]))
    (project / "nb.ipynb").write_text(notebook_text(cells)[0], encoding="utf-8")
    run = tf2lint_run("--baseline", "b.json", ".", cwd=project)
    [d] = tf2lint.lint_source("import tensorflow as tf\ny = tf.placeholder(tf.float32)\n")
    assert run.stdout == f"nb.ipynb:cell_4:1:{d.col + 1}: {d.code} {d.text()}\n"


def test_write_baseline_with_a_broken_file_exits_2(project: Path) -> None:
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project)
    (project / "broken.py").write_text("print 'x'\n", encoding="utf-8")
    run = tf2lint_run("--write-baseline", "b.json", ".", cwd=project)
    assert run.returncode == 2 and "broken.py:1:" in run.stderr and ": error: SyntaxError" in run.stderr
    assert json.loads((project / "b.json").read_text(encoding="utf-8"))["findings"]


def test_unusable_baselines_exit_2(project: Path) -> None:
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project)
    (project / "old.json").write_text('{"version": 99, "findings": []}', encoding="utf-8")
    (project / "bad.json").write_text("{", encoding="utf-8")
    (project / "entry.json").write_text('{"version": 1, "findings": [{"path": 1}]}', encoding="utf-8")
    for name in ("missing.json", "old.json", "bad.json", "entry.json"):
        run = tf2lint_run("--baseline", name, ".", cwd=project)
        assert run.returncode == 2 and run.stdout == "" and name in run.stderr
    run = tf2lint_run("--baseline", "old.json", "--write-baseline", "new.json", ".", cwd=project)
    assert run.returncode == 2 and "not allowed" in run.stderr


def test_statistics_with_a_baseline(project: Path) -> None:
    sessions = Path(shutil.copy(FIXTURES / "tf3xx_sessions.py", project))
    tf2lint_run("--write-baseline", "b.json", ".", cwd=project)
    with sessions.open("a", encoding="utf-8") as stream:
        stream.write("extra = tf.Session()\n")
    total = len(tf2lint.lint_file(sessions))
    new = len(findings_at(sessions, len(sessions.read_text(encoding="utf-8").splitlines())))
    run = tf2lint_run("--baseline", "b.json", "--statistics", ".", cwd=project)
    assert f"tf2lint summary: {total} findings in 1 file, {new} new (not in the baseline)" in run.stdout
