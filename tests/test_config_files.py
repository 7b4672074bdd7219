"""``[tool.tf2lint]`` validation and file selection, through the ``tf2lint`` command as a subprocess: config
errors, per-file-ignores, excludes on named files (and under pre-commit), ``.gitignore``, the folders skipped
by default, folders that cannot be walked, the server guard, ``--exit-zero``."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES
from test_cli import text_rows, tf2lint_run
from tf2lint import cli

SESSIONS = FIXTURES / "tf3xx_sessions.py"  # TF3xx findings only
PLACEHOLDER = b"import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"  # one TF306


def write(root: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)


def reported(output: str) -> set[str]:
    return {Path(row[0]).as_posix() for row in text_rows(output)}


# --- configuration errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("toml", "named"), [
    ('[tool.tf2lint]\nselect = ["TF3O1"]\n', ["select", "TF3O1"]),
    ('[tool.tf2lint]\nselect = ["E501"]\n', ["select", "E501"]),
    ('[tool.tf2lint]\nextend-select = ["TF999"]\n', ["extend-select", "TF999"]),
    ('[tool.tf2lint]\nignore = "TF3, X1"\n', ["ignore", "X1"]),
    ('[tool.tf2lint]\nselct = ["TF3"]\n', ["selct"]),
    ('[tool.tf2lint]\nselect = 5\n', ["select", "5"]),
    ('[tool.tf2lint]\nexclude = [1]\n', ["exclude", "1"]),
    ('[tool.tf2lint]\nrespect-gitignore = "no"\n', ["respect-gitignore", "no"]),
    ('[tool.tf2lint]\nper-file-ignores = ["tests/*"]\n', ["per-file-ignores", "tests/*"]),
    ('[tool.tf2lint.per-file-ignores]\n"tests/*" = ["TF3O1"]\n', ["per-file-ignores", "tests/*", "TF3O1"]),
    ("tool = 5\n", ["tool", "5"]),
    ('[tool]\ntf2lint = "TF3"\n', ["tool.tf2lint", "TF3"]),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", ["nested"]),
    ("[tool.tf2lint\n", ["line 1"]),
])
def test_config_errors_are_one_line_and_exit_2(tmp_path: Path, toml: str, named: list[str]) -> None:
    write(tmp_path, {"pyproject.toml": toml, "a.py": PLACEHOLDER})
    run = tf2lint_run(".", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stderr.startswith(f"tf2lint: error: {tmp_path / 'pyproject.toml'}: ")
    for part in named:
        assert part in run.stderr


def test_codes_are_case_insensitive_and_stripped(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": SESSIONS.read_bytes()})
    expected = tf2lint_run("--isolated", "--select", "TF3", "--ignore", "TF301", ".", cwd=tmp_path)
    assert expected.returncode == 1 and "TF301" not in expected.stdout
    write(tmp_path, {"pyproject.toml": '[tool.tf2lint]\nselect = [" tf3 "]\nignore = "tf301"\n'})
    assert tf2lint_run(".", cwd=tmp_path) == expected
    assert tf2lint_run("--select", " tf3", "--ignore", "tf301 ", ".", "--isolated", cwd=tmp_path) == expected
    assert tf2lint_run("--select", "TF3", "--extend-ignore", "tf301", ".", "--isolated", cwd=tmp_path) == expected
    write(tmp_path, {"pyproject.toml": '[tool.tf2lint]\nselect = ["TF3"]\nextend_ignore = ["TF301"]\n'})
    assert tf2lint_run(".", cwd=tmp_path) == expected


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, {"src/a.py": PLACEHOLDER, "tests/test_a.py": PLACEHOLDER, "tests/data/b.py": PLACEHOLDER,
                     "pyproject.toml": '[tool.tf2lint.per-file-ignores]\n"tests/test_*.py" = ["tf3"]\n'
                                       '"data" = "TF306"\n'})
    run = tf2lint_run(".", cwd=tmp_path)
    assert (run.returncode, reported(run.stdout)) == (1, {"src/a.py"})
    # patterns are relative to the pyproject.toml, wherever the command runs
    run = tf2lint_run("test_a.py", "data/b.py", "../src", cwd=tmp_path / "tests")
    assert reported(run.stdout) == {"../src/a.py"}


# --- which files ----------------------------------------------------------------------------------------------

def test_excludes_hold_for_named_files_below_excluded_folders(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": PLACEHOLDER, "third_party/lib/x.py": PLACEHOLDER, "vendor/y.py": PLACEHOLDER,
                     "pyproject.toml": '[tool.tf2lint]\nexclude = ["third_party"]\nextend-exclude = ["vendor/"]\n'})
    run = tf2lint_run("a.py", "third_party/lib/x.py", "vendor/y.py", cwd=tmp_path)
    assert (run.returncode, reported(run.stdout)) == (1, {"a.py"})
    run = tf2lint_run("x.py", cwd=tmp_path / "third_party" / "lib")
    assert (run.returncode, run.stdout) == (0, "")


def test_excludes_hold_for_the_stdin_filename(tmp_path: Path) -> None:
    """Editors that pipe the buffer (ALE, flake8-style clients) get what linting the file would give."""
    write(tmp_path, {"pyproject.toml": '[tool.tf2lint]\nexclude = ["third_party"]\n'})
    run = tf2lint_run("-", "--stdin-filename", "third_party/lib/x.py", cwd=tmp_path, stdin=PLACEHOLDER)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
    run = tf2lint_run("-", "--stdin-filename", "src/x.py", cwd=tmp_path, stdin=PLACEHOLDER)
    assert (run.returncode, reported(run.stdout)) == (1, {"src/x.py"})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_honours_excludes(tmp_path: Path) -> None:
    pre_commit = pytest.importorskip("pre_commit")
    yaml = pytest.importorskip("yaml")
    hook = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    local: dict[str, Any] = {**hook, "language": "system", "entry": f"{sys.executable} -m tf2lint"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write(tmp_path, {"a.py": PLACEHOLDER, "third_party/x.py": PLACEHOLDER, "nb/clean.py": "x = 1\n",
                     ".pre-commit-config.yaml": yaml.safe_dump(config),
                     "pyproject.toml": '[tool.tf2lint]\nexclude = ["third_party"]\n'})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(command, cwd=tmp_path, check=True, env=env)
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, check=False, timeout=120)
    assert pre_commit and run.returncode == 1, run.stdout + run.stderr
    assert "a.py:2:5: TF306" in run.stdout
    assert "third_party" not in run.stdout


def test_only_vcs_caches_and_virtualenvs_are_skipped(tmp_path: Path) -> None:
    linted = ["build/a.py", "dist/a.py", "env/a.py", "venv/a.py", "lib/node_modules/a.py", "site/a.py"]
    skipped = [".git/a.py", ".svn/a.py", "__pycache__/a.py", ".ruff_cache/a.py", ".tox/py/a.py", "v1/lib/a.py",
               "conda/lib/a.py"]
    write(tmp_path, {name: PLACEHOLDER for name in linted + skipped})
    write(tmp_path, {"v1/pyvenv.cfg": "home = /usr/bin\n", "conda/conda-meta/history": ""})
    run = tf2lint_run("--isolated", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert reported(run.stdout) == set(linted)


def test_gitignore_is_honoured_while_walking(tmp_path: Path) -> None:
    write(tmp_path, {  # "!" and a trailing backslash are no patterns: git drops them, and so does the walk
        ".git/HEAD": "ref: refs/heads/main\n", ".gitignore": "generated/\n!\n*_pb2.py\nx\\\n!keep_pb2.py\n",
        "src/.gitignore": "local.py\n", "src/a.py": PLACEHOLDER, "src/local.py": PLACEHOLDER,
        "src/model_pb2.py": PLACEHOLDER, "src/keep_pb2.py": PLACEHOLDER, "src/generated/g.py": PLACEHOLDER,
        "generated/g.py": PLACEHOLDER, ".git/info/exclude": "scratch.py\n", "src/scratch.py": PLACEHOLDER,
    })
    kept = {"src/a.py", "src/keep_pb2.py"}
    assert reported(tf2lint_run("--isolated", ".", cwd=tmp_path).stdout) == kept
    # a folder named on the command line is walked even though an ignore file above it ignores it (as ruff
    # does); the ignore files above it apply to what the walk finds below it
    assert reported(tf2lint_run("--isolated", "generated", "a.py", cwd=tmp_path / "src").stdout) == {
        "generated/g.py", "a.py"}
    # a file named on the command line is linted, as ruff does
    assert reported(tf2lint_run("--isolated", "local.py", cwd=tmp_path / "src").stdout) == {"local.py"}
    everything = {"src/a.py", "src/local.py", "src/model_pb2.py", "src/keep_pb2.py", "src/generated/g.py",
                  "generated/g.py", "src/scratch.py"}
    assert reported(tf2lint_run("--isolated", "--no-respect-gitignore", ".", cwd=tmp_path).stdout) == everything
    write(tmp_path, {"pyproject.toml": "[tool.tf2lint]\nrespect-gitignore = false\n"})
    assert reported(tf2lint_run(".", cwd=tmp_path).stdout) == everything
    assert reported(tf2lint_run("--respect-gitignore", ".", cwd=tmp_path).stdout) == kept
    write(tmp_path, {"src/generated/g_pb2.py": PLACEHOLDER})  # *_pb2.py below the named folder is still ignored
    assert reported(tf2lint_run("--isolated", "generated", cwd=tmp_path / "src").stdout) == {"generated/g.py"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_gitignore_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": PLACEHOLDER})
    os.mkfifo(tmp_path / ".gitignore")
    run = subprocess.run([sys.executable, "-m", "tf2lint", "--isolated", "."], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, check=False)
    assert (run.returncode, reported(run.stdout)) == (1, {"a.py"})


def test_a_folder_that_cannot_be_entered_is_one_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The walk's real error path, made to fail as a non-root user's would on a root-owned ``data/``."""
    write(tmp_path, {"a.py": PLACEHOLDER, "data/b.py": PLACEHOLDER, "z/c.py": PLACEHOLDER})
    scandir = os.scandir

    def denied(path: Any) -> Any:
        if Path(path).name == "data":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return scandir(path)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "scandir", denied)
    assert cli.main(["--isolated", "."]) == 2
    out, err = capsys.readouterr()
    assert reported(out) == {"a.py", "z/c.py"}
    assert err == f"data:1:1: error: cannot enter folder: {os.strerror(errno.EACCES)}\n"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root may enter any folder")
def test_an_unreadable_folder_is_one_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": PLACEHOLDER, "data/b.py": PLACEHOLDER})
    (tmp_path / "data").chmod(0)
    try:
        run = tf2lint_run("--isolated", ".", cwd=tmp_path)
    finally:
        (tmp_path / "data").chmod(0o755)
    assert (run.returncode, reported(run.stdout)) == (2, {"a.py"})
    assert run.stderr.startswith("data:1:1: error: cannot enter folder: ")


def test_symlink_loops_are_one_error_each(tmp_path: Path) -> None:
    write(tmp_path, {"pkg/a.py": PLACEHOLDER})
    (tmp_path / "pkg" / "b").symlink_to("c")
    (tmp_path / "pkg" / "c").symlink_to("b")
    (tmp_path / "pkg" / "loop.py").symlink_to("loop.py")
    (tmp_path / "self").symlink_to("self")
    run = tf2lint_run("--isolated", "self", "pkg", cwd=tmp_path)
    assert (run.returncode, reported(run.stdout)) == (2, {"pkg/a.py"})
    loop = os.strerror(errno.ELOOP)
    assert sorted(run.stderr.splitlines()) == [f"pkg/loop.py:1:1: error: cannot read: {loop}",
                                               f"self:1:1: error: cannot read: {loop}"]
    run = tf2lint_run("--stdin-filename", "self/x.py", "-", cwd=tmp_path, stdin=PLACEHOLDER)
    assert (run.returncode, run.stderr, reported(run.stdout)) == (1, "", {"self/x.py"})


def test_a_path_longer_than_path_max_is_one_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": PLACEHOLDER})
    folder = os.open(tmp_path, os.O_RDONLY)
    depth = 0
    try:
        while depth * 201 < 4200:  # PATH_MAX is 4096 on Linux
            os.mkdir("d" * 200, dir_fd=folder)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder, depth = inner, depth + 1
        with open(os.open("deep.py", os.O_WRONLY | os.O_CREAT, dir_fd=folder), "wb") as stream:
            stream.write(PLACEHOLDER)
    finally:
        os.close(folder)
    run = tf2lint_run("--isolated", ".", cwd=tmp_path)
    assert (run.returncode, reported(run.stdout)) == (2, {"a.py"})
    assert len(run.stderr.splitlines()) == 1 and "error: cannot enter folder: " in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


# --- the command ----------------------------------------------------------------------------------------------

def test_server_is_not_started_by_accident(tmp_path: Path) -> None:
    run = tf2lint_run("server", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert "tf2lint server --stdio" in run.stderr
    write(tmp_path, {"server/app.py": PLACEHOLDER})
    run = tf2lint_run("server", cwd=tmp_path)
    assert (run.returncode, reported(run.stdout)) == (1, {"server/app.py"})


def test_exit_zero_and_no_files(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": PLACEHOLDER})
    run = tf2lint_run("--exit-zero", "--isolated", ".", cwd=tmp_path)
    assert (run.returncode, reported(run.stdout)) == (0, {"a.py"})
    write(tmp_path, {"b.py": "def (:\n"})
    assert tf2lint_run("--exit-zero", "--isolated", ".", cwd=tmp_path).returncode == 2
    (tmp_path / "empty").mkdir()
    run = tf2lint_run("--isolated", "empty", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, "")
    assert run.stderr == "tf2lint: warning: no Python files found in empty\n"


def test_explain_fills_templates_and_takes_pylint_symbols(tmp_path: Path) -> None:
    from tf2lint.explain import explain
    from tf2lint.rules import RULES

    templated = [rule for rule in RULES.values() if "{" in rule.message + rule.suggestion]
    assert templated
    for rule in templated:
        message = next(line for line in explain(rule).splitlines() if line.startswith("Message: "))
        assert "{" not in message and "}" not in message, message
    rule = RULES["TF306"]
    by_code, by_symbol = (tf2lint_run("--explain", name, cwd=tmp_path) for name in ("tf306", rule.pylint_symbol))
    assert by_code == by_symbol and by_code.returncode == 0
    assert f"Message: {rule.message.replace('{name}', '<name>')}" in by_code.stdout


def on_terminal(cwd: Path, env: dict[str, str], *args: str) -> str:
    """The command's stdout when it is a terminal (a pseudo-terminal)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "tf2lint", *args], cwd=cwd, stdout=follower,
                               stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 1
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_terminal_output_has_colour_and_a_summary(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": PLACEHOLDER, "b.py": PLACEHOLDER + b"y = tf.placeholder(tf.int32)\n"})
    plain = tf2lint_run("--isolated", ".", cwd=tmp_path).stdout
    assert "\033[" not in plain and "Found" not in plain  # a pipe gets flake8's lines only
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    coloured = on_terminal(tmp_path, {**env, "TERM": "xterm"}, "--isolated", ".")
    assert "\033[31mTF306\033[0m" in coloured  # ``tf.placeholder`` is an error in TF 2.x: red
    assert coloured.endswith("Found 3 findings in 2 files.\n")
    without = on_terminal(tmp_path, {**env, "TERM": "xterm", "NO_COLOR": "1"}, "--isolated", ".")
    assert without == plain + "Found 3 findings in 2 files.\n"
