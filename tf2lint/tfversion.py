"""Which TensorFlow a project is written for: its ``tensorflow`` setting and its TensorFlow 1 pin, as a run's
:class:`~tf2lint.context.Project`.

Each file's project root is the nearest folder above it holding ``pyproject.toml``, ``setup.py``,
``setup.cfg`` or ``.git``. Only the dependency files at that root are read (``requirements*.txt`` and the files
they include with ``-r``/``-c``, ``setup.py``, ``setup.cfg``, ``pyproject.toml``, ``Pipfile``,
``environment.yml``), each at most :data:`MAX_BYTES` and only if it is a regular file, once per root and run (the
plugins and the server keep one per root, read again when one of those files changes). A TF1 pin is the
project's evidence unless another TensorFlow requirement of the project admits only TensorFlow 2 (a project
supporting both, with markers). Evidence names the file it comes from relative to the repository holding the
project (``a/requirements.txt`` in a monorepo), else by its name at the project root.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from tf2lint import pins
from tf2lint.config import load_config, read_regular
from tf2lint.context import AUTO, Project
from tf2lint.project import find_root

#: The largest dependency file read; a larger one is skipped.
MAX_BYTES = 1024 * 1024

#: At most this many ``requirements*.txt`` files are read (in name order).
MAX_REQUIREMENT_FILES = 20


def dependency_files(root: Path) -> list[Path]:
    """The dependency files at ``root`` that exist, in a fixed order."""
    try:
        requirements = sorted(p for p in root.glob("requirements*.txt"))[:MAX_REQUIREMENT_FILES]
    except OSError:
        requirements = []
    return [*requirements, *(root / name for name in pins.READERS)]


def requirements(root: Path) -> list[pins.Requirement]:
    """Every TensorFlow requirement in the dependency files at ``root`` (and the requirement files that
    ``requirements*.txt`` include, inside ``root``)."""
    found: list[pins.Requirement] = []
    for path in dependency_files(root):
        text = _read(path)
        if text is None:
            continue
        if path.name in pins.READERS:
            found.extend(pins.READERS[path.name](text, shown_file(path, root)))
        else:
            found.extend(pins.requirement_files(path, text, root, _read, lambda file: shown_file(file, root)))
    return found


#: What marks a repository's top folder: evidence names files relative to it.
REPOSITORY_MARKERS = (".git", ".hg", ".jj", ".sl")


def shown_file(path: Path, root: Optional[Path]) -> str:
    """How evidence names a file of the project at ``root``: relative to the repository holding the project
    (``a/pyproject.toml`` in a monorepo), else to ``root`` (its name there). It does not depend on the current
    folder, so every front end names it the same way."""
    path = Path(os.path.abspath(path))
    base = _repository(root) or root or path.parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.name


def _repository(root: Optional[Path]) -> Optional[Path]:
    """The nearest folder at or above ``root`` holding a version control marker."""
    if root is None:
        return None
    for folder in (root, *root.parents):
        if any(os.path.lexists(folder / marker) for marker in REPOSITORY_MARKERS):
            return folder
    return None


def pin_evidence(root: Optional[Path]) -> str:
    """The first TF1 pin at ``root`` as evidence (``"`tensorflow==1.15` on line 3 of requirements.txt"``), or ""
    when there is none or the project also requires TensorFlow 2."""
    return _pins(root)[0]


def _pins(root: Optional[Path]) -> tuple[str, str]:
    """(the first TF1 pin at ``root``, unless another requirement admits only TensorFlow 2; that one), as
    evidence."""
    if root is None:
        return "", ""
    found = requirements(root)
    tf2 = next((r.evidence() for r in found if r.tf2_only), "")
    return ("" if tf2 else next((r.evidence() for r in found if r.tf1_only), "")), tf2


def make_project(setting: str, where: str, root: Optional[Path]) -> Project:
    """The project for a ``setting`` (``1``, ``2`` or ``auto``); ``where`` names where it is set, as evidence
    shows it (``"`--tensorflow 1`"``)."""
    if setting == AUTO:
        return Project(AUTO, *_pins(root))
    return Project(setting, where)


def setting_text(setting: str, source: Optional[Path]) -> str:
    """Where a setting was made, as evidence shows it: ``tensorflow = "1"`` in the pyproject.toml ``source``
    (named as :func:`shown_file` names it)."""
    shown = "pyproject.toml" if source is None else shown_file(source, source.parent)
    return f'`tensorflow = "{setting}"` in {shown}'


def _read(path: Path) -> Optional[str]:
    """The text of a dependency file; None when it is not a regular file of at most :data:`MAX_BYTES`."""
    try:
        return read_regular(path, MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None


# -- per root, for the plugins and the server ------------------------------------------------------


_CACHE: dict[tuple[Optional[Path], str, str], tuple[tuple[object, ...], Project]] = {}


def project_for(path: Path, setting: Optional[str] = None, shown: str = "") -> Project:
    """The project of a linted file: ``setting`` if given (a plugin's option, ``shown`` as evidence says where
    it is set), else ``tensorflow`` of the file's ``[tool.tf2lint]`` (``auto`` when there is none; a
    :class:`~tf2lint.config.ConfigError` when it is broken), and the pin at the file's project root. Kept per
    root and setting while the files read are unchanged."""
    path = Path(os.path.abspath(path))
    root = find_root(path)
    if setting is None:
        config = load_config(path)
        setting, shown = config.tensorflow, setting_text(config.tensorflow, config.source)
    key = (root, setting, shown)
    stamp = _stamp(root) if setting == AUTO else ()
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    project = make_project(setting, shown, root)
    _CACHE[key] = (stamp, project)
    return project


def _stamp(root: Optional[Path]) -> tuple[object, ...]:
    """What the dependency files at ``root`` look like now (size and modification time)."""
    if root is None:
        return ()
    stamps: list[object] = []
    for file in dependency_files(root):
        try:
            status = file.stat()
            stamps.append((file.name, status.st_size, status.st_mtime_ns))
        except OSError:
            stamps.append(file.name)
    return tuple(stamps)
