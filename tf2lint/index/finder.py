"""Where a project's modules are: its root, the file an import names, its files, their stamps. Nothing here
parses Python."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from tf2lint.source import ReadError, SourceError, decode_source, read_file

#: Files that mark a project's root folder.
ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")

#: At most this many files of one project are scanned for the importers of a module (in a fixed order).
MAX_PROJECT_FILES = 20000

#: Folders never scanned for importers: tools' caches and installed packages.
_SKIPPED = {"__pycache__", "node_modules", "site-packages", "dist-packages"}

Stamp = tuple[int, int]  # a file's modification time (ns) and size


def find_root(start: Path) -> Optional[Path]:
    """The nearest folder at or above ``start`` holding a project marker."""
    folder = start if is_folder(start) else start.parent
    for candidate in (folder, *folder.parents):
        if any(exists(candidate / marker) for marker in ROOT_MARKERS):
            return candidate
    return None


def package_root(path: Path) -> Path:
    """The folder Python would put on ``sys.path`` to import ``path``: above its outermost package."""
    folder = path.parent
    while is_file(folder / "__init__.py") and folder.parent != folder:
        folder = folder.parent
    return folder


def module_name(path: Path) -> str:
    """The dotted name of a module file, from its packages (``pkg/sub/mod.py`` -> ``pkg.sub.mod``)."""
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while is_file(folder / "__init__.py") and folder.parent != folder:
        parts.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(parts)) or path.stem


def read_module(path: Path) -> Optional[str]:
    """The text of a project module, or None when it cannot be read or decoded (read as the command line reads
    files: only regular files of at most 64 MiB, never blocking on a FIFO)."""
    try:
        return decode_source(read_file(str(path)))
    except (ReadError, SourceError):
        return None


def stamp(path: Path) -> Optional[Stamp]:
    """A file's modification time and size, None where it cannot be read."""
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return status.st_mtime_ns, status.st_size


def project_files(root: Path, limit: int = MAX_PROJECT_FILES) -> list[Path]:
    """The ``.py`` files of the project at ``root``, sorted, without recursion: hidden folders, installed
    packages, virtual environments and nested projects (a folder with a root marker) are skipped; at most
    ``limit`` files."""
    found: list[Path] = []
    todo = [root]
    while todo and len(found) < limit:
        folder = todo.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except (OSError, ValueError):
            continue
        folders = []
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name not in _SKIPPED:
                        folders.append(Path(entry.path))
                elif name.endswith(".py") and entry.is_file():
                    found.append(Path(entry.path))
            except OSError:
                continue
        for sub in reversed(folders):
            if not any(exists(sub / marker) for marker in (*ROOT_MARKERS, "pyvenv.cfg")):
                todo.append(sub)
    return sorted(found[:limit])


def is_file(path: Path) -> bool:
    """``path.is_file()``, False where the file system says anything but yes (a name too long, no access)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_folder(path: Path) -> bool:
    """``path.is_dir()``, False where the file system cannot tell."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def package_file(folder: Path) -> Optional[Path]:
    init = folder / "__init__.py"
    return init if is_file(init) else None
