"""Which files a run lints: the paths given, directories walked in sorted order, excludes applied."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

#: Suffixes linted when a directory is walked; other files are linted only when named.
SUFFIXES = (".py", ".ipynb")

#: Directories never entered while walking (a folder holding ``pyvenv.cfg`` is skipped too).
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "build", "dist", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".eggs", ".ipynb_checkpoints",
})


@dataclass(frozen=True)
class Pattern:
    """An fnmatch pattern, matched as flake8 does against a path's name, its absolute path and (ours) its
    path relative to ``base``: the folder of the pyproject.toml it comes from, or the current folder."""

    pattern: str
    base: Path

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


def patterns(values: Iterable[str], base: Path) -> list[Pattern]:
    """Patterns as written in a config file or on the command line (``./`` and a trailing ``/`` dropped)."""
    base = Path(os.path.abspath(base))
    return [Pattern(_clean(value), base) for value in values if _clean(value)]


def _clean(pattern: str) -> str:
    pattern = pattern.strip().replace(os.sep, "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.rstrip("/") if pattern != "/" else pattern


def is_excluded(path: Path, excludes: list[Pattern], root: Path) -> bool:
    """Whether one file, or a folder between it and ``root``, matches an exclude (for a file linted alone)."""
    path = Path(os.path.abspath(path))
    root = Path(os.path.abspath(root))
    inside = [folder for folder in path.parents if root in folder.parents]
    return any(pattern.matches(candidate) for candidate in (path, *inside) for pattern in excludes)


def is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file()


def discover(paths: Iterable[str], excludes: list[Pattern]) -> Iterator[Path]:
    """Each file to lint once, in the order given; directories are walked in sorted order.

    Excludes apply to named paths too (so pre-commit's file lists honour them); the built-in directory
    skips (:data:`SKIP_DIRS`, virtual environments) only apply while walking.
    """
    seen: set[str] = set()
    for name in paths:
        path = Path(name)
        if any(pattern.matches(path) for pattern in excludes):
            continue
        found = _walk(path, excludes) if path.is_dir() else iter((path,))
        for file in found:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: Path, excludes: list[Pattern]) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield folder  # reading it then reports why it cannot be read
        return
    for entry in entries:
        path = folder / entry.name
        if any(pattern.matches(path) for pattern in excludes):
            continue
        if entry.is_dir():  # symlinked folders are not followed (no cycles, no linting outside the tree)
            if entry.name not in SKIP_DIRS and not entry.is_symlink() and not is_virtualenv(path):
                yield from _walk(path, excludes)
        elif entry.name.endswith(SUFFIXES) and entry.is_file():
            yield path
