"""The command's persistent cache (``.tf2lint_cache``): what is reused, what is linted again, and that a
damaged, shared or forbidden cache never changes what the command reports.

Files linted (not taken from the cache) are counted by wrapping the runner's lint of one file; the command runs
in process (``-j 1``) for that, and as subprocesses for concurrency and for what is written.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tf2lint import cache as cache_module
from tf2lint import cli, runner

SHIM = "import tensorflow.compat.v1 as tf\n"
IMPORTER = "from pkg.compat import tf\n\n\ndef build():\n    return tf.placeholder(tf.float32)\n"
DIRECT = "import tensorflow as tf\n\nsess = tf.Session()\n"
PLAIN = "import os\n\nprint(os.sep)\n"


def make_project(root: Path) -> Path:
    """A project: a shim, three modules importing it, one importing TensorFlow itself, one importing neither."""
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "compat.py").write_text(SHIM)
    for name in ("a", "b", "c"):
        (root / "pkg" / f"{name}.py").write_text(IMPORTER)
    (root / "pkg" / "direct.py").write_text(DIRECT)
    (root / "pkg" / "plain.py").write_text(PLAIN)
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(cache_module.ENVIRONMENT, raising=False)
    return make_project(tmp_path / "demo")


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the runner lints (not taken from the cache), by name, in each run."""
    seen: list[str] = []
    lint = runner._lint_bytes

    def counting(data: bytes, path: str, options: runner.Options) -> Any:
        seen.append(Path(path).name)
        return lint(data, path, options)

    monkeypatch.setattr(runner, "_lint_bytes", counting)
    return seen


def run(root: Path, *args: str) -> str:
    """The command's text output for ``root``, in process."""
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(cli.build_parser().parse_args(["-j", "1", *args, str(root)]), out, err, io.StringIO())
    assert status in (0, 1), err.getvalue()
    return out.getvalue()


def run_counting(root: Path, linted: list[str], *args: str) -> tuple[str, list[str]]:
    linted.clear()
    output = run(root, *args)
    return output, sorted(linted)


def entries(folder: Path) -> list[Path]:
    return sorted((folder / f"v{cache_module.FORMAT}").iterdir())


def test_unchanged_files_come_from_the_cache(project: Path, linted: list[str]) -> None:
    first, cold = run_counting(project, linted)
    assert cold == sorted(["__init__.py", "compat.py", "a.py", "b.py", "c.py", "direct.py", "plain.py"])
    assert "TF306" in first and "TF301" in first
    second, warm = run_counting(project, linted)
    assert warm == []
    assert second == first
    assert second == run(project, "--no-cache")


def test_an_edited_file_is_linted_again(project: Path, linted: list[str]) -> None:
    run(project)
    (project / "pkg" / "direct.py").write_text(DIRECT + "sess2 = tf.Session()\n")
    output, again = run_counting(project, linted)
    assert again == ["direct.py"]
    assert output.count("TF301") == 2
    assert output == run(project, "--no-cache")


def test_editing_a_shim_relints_exactly_its_dependents(project: Path, linted: list[str]) -> None:
    before = run(project)
    assert before.count("TF306") == 3  # tf.placeholder through the shim, in a.py, b.py and c.py
    (project / "pkg" / "compat.py").write_text("import tensorflow as tf\n")  # exports change
    after, again = run_counting(project, linted)
    assert again == ["a.py", "b.py", "c.py", "compat.py"]
    assert after == run(project, "--no-cache")
    assert after != before
    (project / "pkg" / "compat.py").write_text("# the same exports\nimport tensorflow as tf\n")
    _, again = run_counting(project, linted)
    assert again == ["compat.py"]  # what its importers read from it did not change


def test_a_new_module_an_import_now_reaches_is_noticed(project: Path, linted: list[str]) -> None:
    (project / "pkg" / "d.py").write_text("from pkg.shim2 import tf\n\nx = tf.placeholder(tf.float32)\n")
    assert "d.py" not in run(project)  # pkg.shim2 does not exist: nothing resolves to TensorFlow
    (project / "pkg" / "shim2.py").write_text(SHIM)
    output, again = run_counting(project, linted)
    assert again == ["d.py", "shim2.py"]
    assert "d.py:3" in output


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (by the linter or the project index), by name."""
    import ast

    seen: list[str] = []
    parse = ast.parse

    def counting(source: Any, filename: str = "<unknown>", *args: Any, **kwargs: Any) -> Any:
        seen.append(Path(filename).name)
        return parse(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    return seen


def test_a_warm_run_parses_nothing_not_even_the_modules_imports_read(project: Path, parsed: list[str]) -> None:
    """Linting one file reads the shim it imports (the index); run again, the file's result and the shim's
    exports come from the cache."""
    importer = project / "pkg" / "a.py"
    first = run(importer)
    assert "TF306" in first and sorted(parsed) == ["a.py", "compat.py"]
    parsed.clear()
    assert run(importer) == first
    assert parsed == []


def test_what_a_shim_function_does_is_part_of_its_exports(project: Path, linted: list[str]) -> None:
    """TF316 at a call of a project function that runs a session: when the function stops doing so, its
    callers are linted again (what functions do is in the exports' fingerprint)."""
    (project / "pkg" / "helpers.py").write_text(
        "import tensorflow as tf\n\n\ndef setup():\n    sess = tf.Session()\n")
    (project / "pkg" / "main.py").write_text("from pkg.helpers import setup\n\nsetup()\n")
    before = run(project)
    assert "main.py:3:1: TF316" in before
    (project / "pkg" / "helpers.py").write_text(
        "import tensorflow as tf\n\n\ndef setup():\n    sess = None\n")
    after, again = run_counting(project, linted)
    assert again == ["helpers.py", "main.py"]
    assert "TF316" not in after
    assert after == run(project, "--no-cache")


CYCLE_A = "from pkg.compat import tf\nfrom pkg.cb import session\n\nsession().run(1)\n"
CYCLE_B = "from pkg import ca\n\n\ndef session():\n    return ca.tf.Session()\n"
#: Checked before the cycle's modules (path order): the cache is asked for cb's exports first.
OUTSIDE = "from pkg.cb import session\n\nsession().run(0)\n"


@pytest.mark.parametrize("edit", [
    ("ca.py", "import tensorflow as tf\nfrom pkg.cb import session\n\nsession().run(1)\n"),
    ("ca.py", "tf = None\nfrom pkg.cb import session\n\nsession().run(1)\n"),
    ("cb.py", "from pkg import ca\n\n\ndef session():\n    return None\n"),
    ("compat.py", "import tensorflow as tf\n"),
    ("cc.py", "from pkg.cb import session\n\ns = session()\ns.run(2)\n"),  # a new importer of the cycle
])
def test_an_import_cycle_is_kept_and_checked_as_a_whole(project: Path, edit: tuple[str, str]) -> None:
    """The modules of an import cycle export what the cycle's texts give: after any edit (in the cycle, in a
    module it imports, or a new file), the cached run reports what a run without the cache reports."""
    (project / "pkg" / "ca.py").write_text(CYCLE_A)
    (project / "pkg" / "cb.py").write_text(CYCLE_B)
    (project / "pkg" / "b2.py").write_text(OUTSIDE)
    cold = run(project)
    assert "ca.py:4:11: TF302" in cold and "cb.py:5:12: TF301" in cold  # each through the other
    assert "b2.py:3:11: TF302" in cold
    assert run(project) == cold
    name, text = edit
    (project / "pkg" / name).write_text(text)
    assert run(project) == run(project, "--no-cache")


def test_the_plugins_read_the_exports_the_command_kept(project: Path, parsed: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)  # the command keeps every module's exports
    monkeypatch.setattr(cache_module, "_SHARED", None)
    importer = str(project / "pkg" / "a.py")
    index = cache_module.shared_index(importer)
    assert isinstance(index, cache_module.CachedIndex) and index.store.folder == project / cache_module.FOLDER
    parsed.clear()
    kept = {entry.name: entry.read_bytes() for entry in entries(project / cache_module.FOLDER)}
    assert index.exports(project / "pkg" / "compat.py").bindings == {"tf": "tensorflow.compat.v1"}
    assert parsed == []  # read from the cache, not from the module
    (project / "pkg" / "compat.py").write_text("import tensorflow as tf\n")
    index.invalidate(project / "pkg" / "compat.py")  # what the plugin's index does when the file changed
    assert index.exports(project / "pkg" / "compat.py").bindings == {"tf": "tensorflow"}
    assert parsed == ["compat.py"]
    assert {entry.name: entry.read_bytes() for entry in entries(project / cache_module.FOLDER)} == kept


def test_a_damaged_cache_is_ignored_and_rewritten(project: Path, linted: list[str]) -> None:
    first = run(project)
    folder = project / cache_module.FOLDER
    damaged = entries(folder)
    for number, entry in enumerate(damaged):
        kind = number % 4
        entry.write_bytes([b"", b"\x00garbage{", b'{"format": 999}', b'{"format": 1, "key": "other"}'][kind])
    output, again = run_counting(project, linted)
    assert output == first
    assert len(again) == 7
    for entry in entries(folder):  # rewritten: whole, valid entries
        assert json.loads(entry.read_bytes())["format"] == cache_module.FORMAT
    assert run_counting(project, linted)[1] == []


def test_the_cache_folder_is_ignored_by_git_and_holds_only_entries(project: Path) -> None:
    run(project)
    folder = project / cache_module.FOLDER
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    assert run(project) == run(project / "pkg")  # a run below the root uses the root's cache


def test_no_cache_writes_nothing(project: Path, linted: list[str]) -> None:
    run(project, "--no-cache")
    run(project, "--no-cache")
    assert not (project / cache_module.FOLDER).exists()
    assert len(linted) == 14


def test_cache_false_in_the_configuration(project: Path, linted: list[str]) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n\n[tool.tf2lint]\ncache = false\n")
    run(project)
    run(project)
    assert not (project / cache_module.FOLDER).exists()
    assert len(linted) == 14


def test_the_cache_folder_from_the_environment(project: Path, tmp_path: Path, linted: list[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv(cache_module.ENVIRONMENT, str(elsewhere))
    run(project)
    assert not (project / cache_module.FOLDER).exists()
    assert entries(elsewhere)
    assert run_counting(project, linted)[1] == []


def test_a_cache_that_cannot_be_written_is_no_cache(project: Path, tmp_path: Path, linted: list[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(cache_module.ENVIRONMENT, str(blocker / "cache"))  # below a file: cannot be made
    first = run(project)
    assert run(project) == first
    assert len(linted) == 14


def test_no_cache_outside_the_linted_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache_module.ENVIRONMENT, raising=False)
    loose = tmp_path / "loose"  # no project root above it: no place for a cache
    loose.mkdir()
    (loose / "x.py").write_text(DIRECT)
    run(loose)
    assert cache_module.cache_folder([str(loose)]) is None
    one = make_project(tmp_path / "one")
    two = make_project(tmp_path / "two")
    assert cache_module.cache_folder([str(one), str(two / "pkg")]) is None  # not all inside one project
    assert cache_module.cache_folder([str(one / "pkg" / "a.py")]) == one / cache_module.FOLDER
    assert cache_module.cache_folder(["x"], {cache_module.ENVIRONMENT: str(tmp_path / "c")}) == tmp_path / "c"


def test_two_concurrent_runs_leave_a_valid_cache(project: Path, linted: list[str]) -> None:
    for number in range(30):  # enough files that the two runs overlap
        (project / "pkg" / f"m{number}.py").write_text(IMPORTER + f"\nvalue = {number}\n")
    expected = run(project, "--no-cache")
    environment = {key: value for key, value in os.environ.items() if key != cache_module.ENVIRONMENT}
    command = [sys.executable, "-m", "tf2lint", "-j", "2", str(project)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
                 for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, outputs):
        assert process.returncode == 1, err
        assert out.decode() == expected
    for entry in entries(project / cache_module.FOLDER):
        assert json.loads(entry.read_bytes())["format"] == cache_module.FORMAT
    output, again = run_counting(project, linted)
    assert again == []
    assert output == expected


def test_flake8_leaves_the_cache_alone_and_reports_the_same(project: Path) -> None:
    command = [sys.executable, "-m", "flake8", "--isolated", "--select=TF", "-j", "1", "."]
    environment = {key: value for key, value in os.environ.items() if key != cache_module.ENVIRONMENT}
    before = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment, check=False)
    assert before.stdout.count(" TF306 ") == 3, before.stderr
    run(project)  # the command writes the cache
    kept = {entry.name: entry.read_bytes() for entry in entries(project / cache_module.FOLDER)}
    (project / "pkg" / "compat.py").write_text("import tensorflow as tf\n")  # the cached results are stale now
    after = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment, check=False)
    fresh = subprocess.run([*command[:-1], "--version"], cwd=project, capture_output=True, text=True, check=False)
    assert "tf2lint" in fresh.stdout
    assert after.stdout != before.stdout  # the edit was seen, not the stale exports
    assert {entry.name: entry.read_bytes() for entry in entries(project / cache_module.FOLDER)} == kept
    (project / cache_module.FOLDER).rename(project / "aside")
    without = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment, check=False)
    (project / "aside").rename(project / cache_module.FOLDER)
    assert after.stdout == without.stdout
    (project / "pkg" / "compat.py").write_text(SHIM)
    again = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment, check=False)
    assert again.stdout == before.stdout
