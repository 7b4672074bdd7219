"""``.gitignore`` as git reads it: generated trees and patterns against ``git ls-files``, the global excludes
file, named folders that an ignore file above them ignores, excluded named paths, and matching in bounded time."""
from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_cli import tf2lint_run
from test_config_files import PLACEHOLDER, reported, write
from tf2lint.files import discover, global_excludes
from tf2lint.gitignore import IgnoreFile

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="needs git")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own, so that no global git configuration of this machine leaks in."""
    folder = tmp_path / "home"
    folder.mkdir()
    for name, value in {"HOME": str(folder), "XDG_CONFIG_HOME": str(folder / ".config"),
                        "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    global_excludes.cache_clear()
    yield folder
    global_excludes.cache_clear()


def git(*args: str, cwd: Path) -> str:
    assert GIT is not None
    return subprocess.run([GIT, *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60).stdout


NAMES = ["a", "b", "ab", "ba", "a.py", "b.py", "ab.py", "x_pb2.py", "[a].py", "a b.py"]
PIECES = ["a", "b", "*", "?", "**", "[ab]", "[!a]", ".py", "x", "[a-b]", "\\*", "[[:alpha:]]"]


def random_pattern(rng: random.Random) -> str:
    """A pattern of 1-3 segments. Runs of stars inside a segment are made one star: git treats such a run
    right after the literal start of an anchored pattern as ``**`` (``b**/x`` matches ``bq/r/x``, a side effect
    of comparing that start apart), which gitignore(5) does not say and tf2lint does not copy."""
    segments = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
    segments = [segment if segment.strip("*") == "" else re.sub(r"\*{2,}", "*", segment) for segment in segments]
    pattern = "/".join(segments)
    if rng.random() < 0.2:
        pattern = "/" + pattern
    if rng.random() < 0.2:
        pattern += "/"
    if rng.random() < 0.2:
        pattern = "!" + pattern
    return pattern


def random_tree(rng: random.Random, root: Path) -> None:
    for _ in range(rng.randint(3, 12)):
        parts = [rng.choice(NAMES[:4]) for _ in range(rng.randint(0, 3))]
        name = rng.choice([n for n in NAMES if n.endswith(".py")])
        path = root.joinpath(*parts, name)
        if any(p.exists() and not p.is_dir() for p in [root.joinpath(*parts[:i + 1]) for i in range(len(parts))]):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")


@needs_git
@pytest.mark.parametrize("seed", range(100))
def test_the_walk_agrees_with_git(tmp_path: Path, home: Path, seed: int) -> None:
    """Random ignore files (at the root, in a subfolder, info/exclude, the global file) over random trees:
    the walk lints exactly the ``.py`` files git lists as neither tracked nor ignored."""
    rng = random.Random(seed)
    root = tmp_path / "repo"
    root.mkdir()
    git("init", "-q", cwd=root)
    random_tree(rng, root)
    (root / ".gitignore").write_text("\n".join(random_pattern(rng) for _ in range(rng.randint(1, 5))) + "\n")
    folders = sorted(p for p in root.rglob("*") if p.is_dir() and ".git" not in p.parts)
    if folders:
        (rng.choice(folders) / ".gitignore").write_text(random_pattern(rng) + "\n")
    (root / ".git" / "info" / "exclude").write_text(random_pattern(rng) + "\n")
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "ignore").write_text(random_pattern(rng) + "\n")
    listed = {line for line in git("ls-files", "--others", "--exclude-standard", cwd=root).splitlines()
              if line.endswith(".py")}
    found = {path.relative_to(root).as_posix() for path in discover([str(root)], [])}
    assert found == {name.strip('"') for name in listed}, (root / ".gitignore").read_text()


@needs_git
def test_the_global_excludes_file_is_honoured(tmp_path: Path, home: Path) -> None:
    root = tmp_path / "repo"
    write(root, {"a.py": PLACEHOLDER, "scratch.py": PLACEHOLDER, "notes_tmp.py": PLACEHOLDER})
    git("init", "-q", cwd=root)
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "ignore").write_text("scratch.py\n")  # git's default place
    env = {**os.environ}
    assert reported(tf2lint_run_env(root, env).stdout) == {"a.py", "notes_tmp.py"}
    (home / ".gitconfig").write_text("[core]\n\texcludesFile = ~/my-ignore\n")  # core.excludesFile wins
    (home / "my-ignore").write_text("*_tmp.py\n")
    assert reported(tf2lint_run_env(root, env).stdout) == {"a.py", "scratch.py"}
    assert reported(tf2lint_run_env(root, env, "--no-respect-gitignore").stdout) == {
        "a.py", "scratch.py", "notes_tmp.py"}


def tf2lint_run_env(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tf2lint", "--isolated", *args, "."], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=60, check=False)


@needs_git
def test_a_gitignored_folder_named_on_the_command_line_is_linted(tmp_path: Path, home: Path) -> None:
    root = tmp_path / "repo"
    write(root, {".gitignore": "vendor/\nthird_party\n*_pb2.py\n", "vendor/lib.py": PLACEHOLDER,
                 "vendor/sub/deep.py": PLACEHOLDER, "vendor/gen_pb2.py": PLACEHOLDER,
                 "third_party/x.py": PLACEHOLDER, "main.py": PLACEHOLDER})
    git("init", "-q", cwd=root)
    assert reported(tf2lint_run("--isolated", ".", cwd=root).stdout) == {"main.py"}
    run = tf2lint_run("--isolated", "vendor", cwd=root)
    assert run.returncode == 1 and "no Python files" not in run.stderr
    assert reported(run.stdout) == {"vendor/lib.py", "vendor/sub/deep.py"}  # *_pb2.py still applies below
    assert reported(tf2lint_run("--isolated", "third_party/x.py", cwd=root).stdout) == {"third_party/x.py"}
    assert reported(tf2lint_run("--isolated", "x.py", cwd=root / "third_party").stdout) == {"x.py"}
    assert reported(tf2lint_run("--isolated", ".", cwd=root / "vendor").stdout) == {"lib.py", "sub/deep.py"}


def test_a_named_path_skipped_by_an_exclude_says_so(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.tf2lint]\nexclude = ["third_party"]\n',
                     "third_party/x.py": PLACEHOLDER, "a.py": PLACEHOLDER})
    run = tf2lint_run("third_party/x.py", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, "")
    assert run.stderr.splitlines() == [
        f"tf2lint: warning: third_party/x.py is excluded by 'third_party' "
        f"(exclude in {tmp_path / 'pyproject.toml'}): not linted"]
    run = tf2lint_run("--exclude", "a.py", "a.py", cwd=tmp_path)
    assert run.stderr.splitlines() == ["tf2lint: warning: a.py is excluded by 'a.py' (--exclude): not linted"]
    run = tf2lint_run("third_party/x.py", "a.py", cwd=tmp_path)  # pre-commit's lists: quiet when others run
    assert run.returncode == 1 and run.stderr == "" and reported(run.stdout) == {"a.py"}


def test_backtracking_patterns_take_linear_time(tmp_path: Path) -> None:
    """N13: ``*a*a*a*a*a*a*a*a*a*a*b`` beside a name of forty ``a`` (24 s with a backtracking matcher)."""
    patterns = ["*a*a*a*a*a*a*a*a*a*a*b", "**/" * 20 + "b", "*[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*b",
                "/" + "*/" * 30 + "b"]
    rules = IgnoreFile.parse(patterns)
    name = "a" * 40
    start = time.perf_counter()
    for parts in ([name], ["a"] * 40, [name] * 3):
        assert rules.decides(parts, False) is None and rules.decides(parts, True) is None
    assert time.perf_counter() - start < 0.5
    assert rules.decides([name + "b"], False) is True  # the same patterns still match
    write(tmp_path, {".git/HEAD": "", ".gitignore": "\n".join(patterns) + "\n", f"{name}.py": PLACEHOLDER})
    start = time.perf_counter()
    run = tf2lint_run("--isolated", ".", cwd=tmp_path)
    assert reported(run.stdout) == {f"{name}.py"} and time.perf_counter() - start < 30


def test_a_huge_ignore_file_is_not_read(tmp_path: Path) -> None:
    """N14: an 8 GiB sparse ``.gitignore`` is skipped with a warning, not read whole."""
    write(tmp_path, {".git/HEAD": "", "a.py": PLACEHOLDER})
    with open(tmp_path / ".gitignore", "wb") as stream:
        stream.truncate(8 * 1024 ** 3)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "tf2lint", "--isolated", "."], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)
    assert time.perf_counter() - start < 30
    assert (run.returncode, reported(run.stdout)) == (1, {"a.py"})
    assert run.stderr.splitlines() == [
        f"tf2lint: warning: {tmp_path / '.gitignore'}: larger than 1 MiB: not read; its patterns are not applied"]
