"""Which TensorFlow a project is written for: its ``tensorflow`` setting and its TensorFlow 1 pin, as a run's
:class:`~tf2lint.context.Project`.

The project's root is the nearest folder above the linted files holding ``pyproject.toml``, ``setup.py``,
``setup.cfg`` or ``.git``. Only the dependency files at that root are read (``requirements*.txt``, ``setup.py``,
``setup.cfg``, ``pyproject.toml``, ``Pipfile``, ``environment.yml``), each at most :data:`MAX_BYTES`, once per
run (the plugins and the server keep one per root, read again when one of those files changes). A TF1 pin is
the project's evidence unless another TensorFlow requirement of the project admits only TensorFlow 2 (a
project supporting both, with markers).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from tf2lint import pins
from tf2lint.config import ConfigError, find_pyproject, load_config
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
    """Every TensorFlow requirement in the dependency files at ``root``."""
    found: list[pins.Requirement] = []
    for path in dependency_files(root):
        text = _read(path)
        if text is not None:
            reader = pins.READERS.get(path.name, pins.requirements_txt)
            found.extend(reader(text, path.name))
    return found


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


def setting_text(setting: str, source: str) -> str:
    """Where a setting was made, as evidence shows it."""
    return f'`tensorflow = "{setting}"` in {source}'


def _read(path: Path) -> Optional[str]:
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


# -- per root, for the plugins and the server ------------------------------------------------------


_CACHE: dict[tuple[Optional[Path], str, str], tuple[tuple[object, ...], Project]] = {}


def project_for(path: Path, setting: Optional[str] = None, shown: str = "") -> Project:
    """The project of a linted file: ``setting`` if given (a plugin's option, ``shown`` as evidence says where
    it is set), else ``tensorflow`` of the nearest pyproject.toml's ``[tool.tf2lint]`` (``auto`` when it has
    none or cannot be read), and the pin at the file's project root. Kept per root and setting while the
    files read are unchanged."""
    path = Path(os.path.abspath(path))
    root = find_root(path)
    if setting is None:
        setting = _configured(path)
        shown = setting_text(setting, "pyproject.toml")
    key = (root, setting, shown)
    stamp = _stamp(root) if setting == AUTO else ()
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    project = make_project(setting, shown, root)
    _CACHE[key] = (stamp, project)
    return project


_SETTINGS: dict[tuple[Path, int, int], str] = {}


def _configured(path: Path) -> str:
    """``tensorflow`` of the nearest pyproject.toml (``auto`` when none says, or it cannot be read); each file
    is parsed once while it is unchanged (the plugins ask for every file they lint)."""
    found = find_pyproject(path)
    try:
        status = found.stat() if found is not None else None
    except OSError:
        status = None
    key = (found, status.st_mtime_ns, status.st_size) if found is not None and status is not None else None
    if key is not None and key in _SETTINGS:
        return _SETTINGS[key]
    try:
        setting = load_config(path).tensorflow
    except ConfigError:
        setting = AUTO
    if key is not None:
        _SETTINGS[key] = setting
    return setting


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
