"""Which files a run lints: the paths given, directories walked in sorted order, excludes applied.

While walking, these folders are never entered (all other folders are, whatever their name):

- version control folders (:data:`VCS_DIRS`) and tool caches (:data:`CACHE_DIRS`);
- virtual environments: a folder holding ``pyvenv.cfg`` (venv, virtualenv, uv, tox, nox) or ``conda-meta/``;
- symlinked folders (no cycles, nothing outside the tree);
- whatever the ``.gitignore`` files of the tree (and of the folders above it, up to the repository's root),
  ``.git/info/exclude`` and the global excludes file ignore, matched as git matches them
  (:mod:`tf2lint.gitignore`), unless that is turned off. A folder named on the command line is walked even
  when an ignore file above it ignores it.

Excludes apply to named files too, including folder patterns (``exclude = ["third_party"]`` skips
``third_party/x.py`` named on the command line, as pre-commit names it). A folder that cannot be entered is
one error for that folder; the walk goes on.
"""
from __future__ import annotations

import fnmatch
import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from tf2lint.gitignore import IgnoreFile
from tf2lint.source import ReadError, read_file


#: Suffixes linted when a directory is walked; other files are linted only when named.
SUFFIXES = (".py", ".ipynb")

VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", ".pijul", ".sl"})
CACHE_DIRS = frozenset({
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".pytype", ".ipynb_checkpoints",
    ".tox", ".nox", ".eggs", ".tf2lint_cache",
})
#: Directories never entered while walking, by name (virtual environments are found by their marker files).
SKIP_DIRS = VCS_DIRS | CACHE_DIRS

#: Called with a path that cannot be walked and the reason (one line).
OnError = Callable[[Path, str], None]

#: The excludes that apply in a folder (each file is judged by its own configuration), or one list for all.
Excludes = Union[Sequence["Pattern"], Callable[[Path], Sequence["Pattern"]]]


@dataclass(frozen=True)
class Pattern:
    """An fnmatch pattern, matched as flake8 does against a path's name, its absolute path and (ours) its
    path relative to ``base``: the folder of the pyproject.toml it comes from, or the current folder."""

    pattern: str
    base: Path
    source: str = ""  # where it is written, as a message names it (``exclude in pyproject.toml``)

    def matches(self, path: Path) -> bool:
        if fnmatch.fnmatch(path.name, self.pattern):
            return True
        absolute = Path(os.path.abspath(path))
        if fnmatch.fnmatch(absolute.as_posix(), self.pattern):
            return True
        try:
            relative = absolute.relative_to(self.base).as_posix()
        except ValueError:
            return False
        return fnmatch.fnmatch(relative, self.pattern)


def patterns(values: Iterable[str], base: Path, source: str = "") -> list[Pattern]:
    """Patterns as written in a config file or on the command line (``./`` and a trailing ``/`` dropped);
    ``source`` says where."""
    base = Path(os.path.abspath(base))
    return [Pattern(_clean(value), base, source) for value in values if _clean(value)]


def _clean(pattern: str) -> str:
    pattern = pattern.strip().replace(os.sep, "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.rstrip("/") if pattern != "/" else pattern


def is_excluded(path: Path, excludes: Sequence[Pattern], root: Optional[Path] = None) -> bool:
    """Whether a file, or a folder above it, matches an exclude (for a file named or opened alone).

    Folders are matched up to each pattern's base (and ``root``), so a folder above the project never
    excludes it."""
    return excluded_by(path, excludes, root) is not None


def excluded_by(path: Path, excludes: Sequence[Pattern], root: Optional[Path] = None) -> Optional[Pattern]:
    """The first exclude that matches ``path`` or a folder above it (see :func:`is_excluded`), if any."""
    path = Path(os.path.abspath(path))
    for pattern in excludes:
        tops = {pattern.base, Path(os.path.abspath(root))} if root is not None else {pattern.base}
        inside = [folder for folder in path.parents if any(top in folder.parents for top in tops)]
        if any(pattern.matches(candidate) for candidate in (path, *inside)):
            return pattern
    return None


def is_virtualenv(path: Path) -> bool:
    """A venv/virtualenv (``pyvenv.cfg``) or a conda environment (``conda-meta/``)."""
    try:
        return (path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir()
    except OSError:
        return False  # entering it reports why


#: The largest ignore file read (bytes): a larger one is skipped with a warning.
MAX_IGNORE_BYTES = 1024 * 1024


class GitIgnore:
    """The ignore files that apply at one point of the walk, lowest precedence first: the global excludes file
    (``core.excludesFile``), ``.git/info/exclude``, then the ``.gitignore`` files from the repository's root
    down to the folder walked."""

    def __init__(self, files: tuple[tuple[Path, IgnoreFile], ...] = (), warn: Optional[OnError] = None) -> None:
        self.files, self.warn = files, warn

    @classmethod
    def above(cls, folder: Path, warn: Optional[OnError] = None) -> "GitIgnore":
        """The rules that apply to ``folder`` from its repository: the global excludes file,
        ``.git/info/exclude`` and the ignore files of the folders above it up to the repository's root (none
        outside a repository). Whether ``folder`` itself is ignored does not matter: it was named."""
        folder = Path(os.path.abspath(folder))
        chain = [folder, *folder.parents]
        for index, candidate in enumerate(chain):
            if _exists(candidate / ".git"):
                break
        else:
            return cls(warn=warn)
        ignore = cls(warn=warn)
        excludes = global_excludes(candidate)
        if excludes is not None:
            ignore = ignore.with_file(candidate, excludes)
        ignore = ignore.with_file(candidate, candidate / ".git" / "info" / "exclude")
        for parent in reversed(chain[1:index + 1]):
            ignore = ignore.with_file(parent, parent / ".gitignore")
        return ignore

    def with_file(self, base: Path, file: Path) -> "GitIgnore":
        """These rules and those of ``file`` (relative to ``base``), if it is a regular file of at most
        :data:`MAX_IGNORE_BYTES` (a FIFO named ``.gitignore`` is not waited for, a larger file is a warning)."""
        try:
            data = read_file(str(file), MAX_IGNORE_BYTES)
        except ReadError as error:
            if self.warn is not None and "larger than" in str(error):
                self.warn(file, f"{error}; its patterns are not applied")
            return self
        rules = IgnoreFile.parse(data.decode("utf-8", "replace").splitlines())
        return GitIgnore((*self.files, (base, rules)), self.warn) if rules.rules else self

    def ignores(self, path: Path, is_dir: bool) -> bool:
        """Whether git would ignore ``path`` (its folders are not ignored: the walk entered them): the deepest
        ignore file with a matching rule decides."""
        for base, rules in reversed(self.files):
            try:
                parts = path.relative_to(base).parts
            except ValueError:
                continue
            decided = rules.decides(parts, is_dir)
            if decided is not None:
                return decided
        return False


@functools.lru_cache(maxsize=None)
def global_excludes(repository: Path) -> Optional[Path]:
    """The global excludes file of ``repository``: ``git config core.excludesFile`` (git asked once per
    repository, never more than a few seconds), else ``$XDG_CONFIG_HOME/git/ignore`` (``~/.config/git/ignore``),
    as git defaults it."""
    try:
        found = subprocess.run(["git", "config", "--path", "--get", "core.excludesFile"], cwd=repository,
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=10, check=False)
        if found.returncode == 0 and found.stdout.strip():
            return repository / os.fsdecode(found.stdout.rstrip(b"\r\n"))  # relative to the work tree
    except (OSError, subprocess.SubprocessError):
        pass  # no git: its default
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "git" / "ignore" if os.path.isabs(config) else None


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def discover(paths: Iterable[str], excludes: Excludes, on_error: Optional[OnError] = None,
             gitignore: bool = True, on_excluded: Optional[Callable[[Path, Pattern], None]] = None,
             on_warning: Optional[OnError] = None) -> Iterator[Path]:
    """Each file to lint once, in the order given; directories are walked in sorted order.

    Excludes apply to named paths too, folders above them included (so pre-commit's file lists honour them):
    such a path is passed to ``on_excluded`` with the pattern. ``excludes`` may be a function giving the
    patterns that apply in a folder. The built-in skips and ``.gitignore`` only apply to what the walk finds
    below the folders named (a named folder that an ignore file above it ignores is walked). A folder that
    cannot be read is passed to ``on_error`` (or skipped), an ignore file too large to read to ``on_warning``.
    """
    report = on_error or (lambda path, message: None)
    excludes_in = excludes if callable(excludes) else (lambda folder: excludes)
    seen: set[str] = set()
    for name in paths:
        path = Path(name)
        pattern = excluded_by(path, excludes_in(path))
        if pattern is not None:
            if on_excluded is not None:
                on_excluded(path, pattern)
            continue
        if _is_dir(path):
            ignore = GitIgnore.above(path, on_warning) if gitignore else None
            found: Iterable[Path] = _walk(Path(os.path.abspath(path)), path, excludes_in, ignore, report)
        else:
            found = (path,)
        for file in found:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                yield file


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False  # reading it reports why


def _walk(absolute: Path, shown: Path, excludes_in: Callable[[Path], Sequence[Pattern]],
          ignore: Optional[GitIgnore], report: OnError) -> Iterator[Path]:
    """The files below one folder: ``absolute`` is matched against patterns, ``shown`` is yielded."""
    if ignore is not None:
        ignore = ignore.with_file(absolute, absolute / ".gitignore")
    try:
        entries = sorted(os.scandir(absolute), key=lambda entry: entry.name)
    except OSError as error:
        report(shown, f"cannot enter folder: {error.strerror or error}")
        return
    excludes = excludes_in(absolute)
    for entry in entries:
        path, child = absolute / entry.name, shown / entry.name
        try:
            is_dir = not entry.is_symlink() and entry.is_dir()
            is_file = not is_dir and entry.name.endswith(SUFFIXES) and entry.is_file()
        except OSError as error:
            report(child, f"cannot read: {error.strerror or error}")
            continue
        if not (is_dir or is_file) or (is_dir and entry.name in SKIP_DIRS):
            continue
        if any(pattern.matches(path) for pattern in excludes) or (ignore and ignore.ignores(path, is_dir)):
            continue
        if is_file:
            yield child
        elif not is_virtualenv(path):
            yield from _walk(path, child, excludes_in, ignore, report)
