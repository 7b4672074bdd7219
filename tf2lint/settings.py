"""Each file's settings: its configuration (``[tool.tf2lint]`` of the nearest pyproject.toml holding that table,
or the one ``--config`` names, or none with ``--isolated``), the command-line options laid over it, and its
project (the ``tensorflow`` setting and the TensorFlow 1 pin at the file's project root).

A run resolves them per file, as ruff resolves its configuration: in a monorepo whose ``a/`` pins
``tensorflow==1.15`` and whose ``b/`` pins ``tensorflow>=2.15``, ``tf2lint a/m.py b/drop.py`` judges each file
by its own project, whatever the order of the paths. A :class:`Resolver` reads each configuration and project
root once and can be sent to worker processes (it holds no callables).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Optional

from tf2lint.config import Config, load_config, load_config_file, parse_table, read_table
from tf2lint.context import Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.files import Pattern, discover, is_excluded, patterns
from tf2lint.project import ProjectIndex, find_root, is_folder
from tf2lint.results import FileError, FileResult
from tf2lint.tfversion import make_project, project_for, setting_text

__all__ = ["Overrides", "Resolver", "Settings", "excluded", "file_settings", "find_files", "index_for", "per_file",
           "selected"]


@dataclass(frozen=True)
class Overrides:
    """The command-line options laid over every file's configuration: ``None`` keeps the configured value;
    ``select``, ``ignore``, ``exclude`` and ``tensorflow`` replace it, the ``extend_*`` options add to it."""

    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    exclude: Optional[tuple[Pattern, ...]] = None  # relative to the current folder
    extend_exclude: tuple[Pattern, ...] = ()
    respect_gitignore: Optional[bool] = None
    tensorflow: Optional[str] = None


@dataclass(frozen=True)
class Settings:
    """What applies to one file: the codes it reports (``config``, options applied), the paths skipped below
    its folder (``excludes``: the configured patterns relative to the configuration's folder, the command
    line's relative to the current folder), whether ``.gitignore`` is honoured, and its project."""

    config: Config
    project: Project
    excludes: tuple[Pattern, ...]
    respect_gitignore: bool


class Resolver:
    """Settings per file or folder. ``config_file`` (``--config``) applies one pyproject.toml to every file,
    ``isolated`` none; otherwise each file takes the nearest pyproject.toml with a ``[tool.tf2lint]`` table
    above it. A broken configuration is a :class:`~tf2lint.config.ConfigError` when a file below it is resolved."""

    def __init__(self, overrides: Overrides = Overrides(), config_file: Optional[Path] = None,
                 isolated: bool = False) -> None:
        self.overrides = overrides
        self.fixed: Optional[Config] = Config() if isolated else (
            load_config_file(config_file) if config_file is not None else None)
        self.where: dict[Path, Optional[Path]] = {}  # folder -> the pyproject.toml whose table applies there
        self.configs: dict[Optional[Path], Config] = {None: Config()}
        self.roots: dict[Path, Optional[Path]] = {}  # folder -> its project root
        self.settings: dict[tuple[Optional[Path], Optional[Path]], Settings] = {}
        self.paths: dict[Path, Settings] = {}  # path as given -> its settings

    def for_path(self, path: Path) -> Settings:
        """The settings of a file (or of the files directly below a folder); each path looked up once."""
        known = self.paths.get(path)
        if known is None:
            known = self.paths[path] = self._for_path(path)
        return known

    def _for_path(self, path: Path) -> Settings:
        absolute = Path(os.path.abspath(path))
        folder = absolute if is_folder(absolute) else absolute.parent
        source = None if self.fixed is not None else self._config_file(folder)
        root = self._root(folder)
        key = (source, root)
        found = self.settings.get(key)
        if found is None:
            found = self.settings[key] = self._settings(self.fixed or self.configs[source], root)
        return found

    def config(self, path: Path) -> Config:
        return self.for_path(path).config

    def project(self, path: Path) -> Project:
        return self.for_path(path).project

    def _config_file(self, folder: Path) -> Optional[Path]:
        """The pyproject.toml with a ``[tool.tf2lint]`` table nearest above ``folder``; each folder looked at
        once."""
        passed: list[Path] = []
        current: Optional[Path] = folder
        found: Optional[Path] = None
        while current is not None:
            if current in self.where:
                found = self.where[current]
                break
            passed.append(current)
            candidate = current / "pyproject.toml"
            if _is_file(candidate):
                table = read_table(candidate)
                if table is not None:
                    self.configs[candidate] = parse_table(table, candidate)
                    found = candidate
                    break
            current = current.parent if current.parent != current else None
        for seen in passed:
            self.where[seen] = found
        return found

    def _root(self, folder: Path) -> Optional[Path]:
        if folder not in self.roots:
            self.roots[folder] = find_root(folder)
        return self.roots[folder]

    def _settings(self, config: Config, root: Optional[Path]) -> Settings:
        given = self.overrides
        config = config.updated(
            select=given.select, ignore=given.ignore,
            extend_select=(*config.extend_select, *given.extend_select) if given.extend_select else None,
            extend_ignore=(*config.extend_ignore, *given.extend_ignore) if given.extend_ignore else None)
        base = config.root or Path.cwd()
        where = config.source or base / "pyproject.toml"
        chosen = (list(given.exclude) if given.exclude is not None else
                  patterns(config.exclude, base, f"exclude in {where}"))
        extend = patterns(config.extend_exclude, base, f"extend-exclude in {where}")
        excludes = (*chosen, *extend, *given.extend_exclude)
        gitignore = config.respect_gitignore if given.respect_gitignore is None else given.respect_gitignore
        if given.tensorflow is not None:
            project = make_project(given.tensorflow, f"`--tensorflow {given.tensorflow}`", root)
        else:
            project = make_project(config.tensorflow, setting_text(config.tensorflow, config.source), root)
        return Settings(config, project, excludes, gitignore)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def file_settings(path: Path, isolated: bool = False, tensorflow: Optional[str] = None, where: str = "") -> Settings:
    """One file's settings for the plugins and the server, read at each call (a long-lived process sees a
    changed configuration; the pin is kept per root while its files are unchanged): its ``[tool.tf2lint]``
    (none when ``isolated``), and the project of ``tensorflow`` (a plugin's option; ``where`` says where it is
    set) or of the configured setting. A broken configuration is a :class:`~tf2lint.config.ConfigError`."""
    config = Config() if isolated else load_config(path)
    if tensorflow is None:
        tensorflow, where = config.tensorflow, setting_text(config.tensorflow, config.source)
    project = project_for(path, tensorflow, where)
    return Settings(config, project, tuple(config.exclude_patterns()), config.respect_gitignore)


def excluded(path: Path, settings: Settings) -> bool:
    """Whether ``[tool.tf2lint]`` excludes a file linted on its own (by a plugin or the server)."""
    return settings.config.root is not None and is_excluded(path, settings.excludes, settings.config.root)


def selected(path: Path, settings: Settings, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings of ``path`` its configuration reports (``select``, ``ignore``, ``per-file-ignores``)."""
    return [found for found in diagnostics if settings.config.selects(found.code, path)]


def find_files(paths: list[str], resolver: Resolver, unwalkable: list[FileResult],
               on_excluded: Optional[Callable[[Path, Pattern], None]] = None,
               on_warning: Optional[Callable[[Path, str], None]] = None) -> list[str]:
    """The files to lint below ``paths``, as the command finds them: each folder walked with the excludes and
    the ``.gitignore`` setting of its own configuration; each file once. Folders that cannot be walked are
    added to ``unwalkable``; a named path an exclude skips goes to ``on_excluded``, an ignore file too large to
    read to ``on_warning``."""
    def excludes_in(folder: Path) -> tuple[Pattern, ...]:
        return resolver.for_path(folder).excludes

    def unreadable(path: Path, message: str) -> None:
        unwalkable.append(FileResult(str(path), error=FileError(message)))

    files: dict[str, str] = {}
    for path in paths:
        gitignore = resolver.for_path(Path(path)).respect_gitignore
        for file in discover([path], excludes_in, gitignore=gitignore, on_error=unreadable, on_excluded=on_excluded,
                             on_warning=on_warning):
            files.setdefault(os.path.normcase(os.path.abspath(file)), str(file))
    return list(files.values())


def per_file(result: FileResult, resolver: Resolver) -> FileResult:
    """``result`` without the findings that ``per-file-ignores`` of its configuration turns off for its file."""
    if not result.findings:
        return result
    path = Path(result.path)
    config = resolver.config(path)
    if not config.per_file_ignores:
        return result
    return replace(result, findings=tuple(f for f in result.findings if config.selects(f.diagnostic.code, path)))


def index_for(given: list[Path]) -> ProjectIndex:
    """A run's project index: imports are looked up below the folders ``given`` and their project roots
    (besides each file's own folder and packages)."""
    folders = [Path(os.path.abspath(path if is_folder(path) else path.parent)) for path in given]
    roots = [root for root in (find_root(folder) for folder in folders) if root is not None]
    return ProjectIndex([*folders, *roots])
