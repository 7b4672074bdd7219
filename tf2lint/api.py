"""The Python API that agrees with the command: :func:`lint_paths` finds, lints and filters files and folders
as ``tf2lint PATH ...`` does, and says per file which configuration and project it used; :func:`lint_file`
lints one file the same way (its configuration's ``exclude`` aside: a file named is linted). docs/api.md
describes both.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Union

from tf2lint.config import Config
from tf2lint.context import Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import SourceError
from tf2lint.files import patterns
from tf2lint.notebook import CellDiagnostic
from tf2lint.results import FileError, FileResult
from tf2lint.runner import Options
from tf2lint.runner import lint_paths as run_paths
from tf2lint.settings import Overrides, Resolver, find_files, index_for, per_file

#: A path as the API takes it: a ``str`` or any path-like object.
PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["FileReport", "NotebookCellError", "lint_file", "lint_paths"]


class NotebookCellError(SourceError):
    """A notebook cell that does not parse: ``cell`` is 1-based, counting every cell; ``line`` and ``col`` are
    within it. The message names the cell."""

    def __init__(self, message: str, cell: int, line: int = 1, col: int = 0) -> None:
        super().__init__(f"cell {cell}, line {line}: {message}", line, col)
        self.cell = cell


@dataclass(frozen=True)
class FileReport:
    """What the command reports for one file, and what it used to judge it.

    ``findings`` are in line order (:class:`~tf2lint.CellDiagnostic` objects for notebooks, lines within their
    cell); ``error`` says why the file (or, for a notebook, one of its cells) could not be linted, as the
    command's error line does (the notebook's other cells are still linted); ``config`` is the file's
    ``[tool.tf2lint]`` with the options given on top (``config.source`` names the pyproject.toml, None for
    the defaults); ``project`` is its TF1 setting and its project's TensorFlow 1 pin (``project.evidence``, ""
    for none); ``tf1`` says why the file was judged TF1 code ("" if it was not)."""

    path: str
    findings: tuple[Diagnostic, ...]
    error: Optional[FileError]
    config: Config
    project: Project
    tf1: str = ""


def lint_paths(paths: Iterable[PathLike] = (".",), *, select: Optional[Iterable[str]] = None,
               ignore: Optional[Iterable[str]] = None, extend_select: Iterable[str] = (),
               extend_ignore: Iterable[str] = (), exclude: Optional[Iterable[str]] = None,
               extend_exclude: Iterable[str] = (), respect_gitignore: Optional[bool] = None,
               tensorflow: Optional[str] = None, config: Optional[PathLike] = None, isolated: bool = False,
               noqa: bool = True, jobs: int = 1) -> list[FileReport]:
    """What ``tf2lint PATH ...`` reports, file by file, in the command's order: the files named (whatever their
    suffix) and the ``*.py`` and ``*.ipynb`` files below the folders named, each judged by its own
    ``[tool.tf2lint]`` and project. The keyword arguments are the command's options (``select=["TF3"]`` is
    ``--select TF3``; ``exclude`` patterns are relative to the current folder; ``tensorflow`` is ``"1"``,
    ``"2"`` or ``"auto"``; ``jobs`` as ``-j``). Raises :class:`~tf2lint.config.ConfigError` for a broken
    configuration (the command's exit status 2) and :class:`ValueError` for a code that is not tf2lint's."""
    resolver = _resolver(select, ignore, extend_select, extend_ignore, exclude, extend_exclude, respect_gitignore,
                         tensorflow, config, isolated)
    names = [os.fspath(path) for path in paths]
    unwalkable: list[FileResult] = []
    files = find_files(names, resolver, unwalkable)
    options = Options(Config(), noqa=noqa, index=index_for([Path(name) for name in names]), settings=resolver)
    return [_report(per_file(result, resolver), resolver)
            for result in [*unwalkable, *run_paths(files, options, jobs)]]


def lint_file(path: PathLike, noqa: bool = True, *, isolated: bool = False,
              config: Optional[PathLike] = None) -> list[Diagnostic]:
    """Lint one Python file, or a Jupyter notebook by its ``.ipynb`` suffix, as the command lints it: with the
    project's imports, its TensorFlow 1 pin and the file's ``[tool.tf2lint]`` (``select``, ``ignore``,
    ``per-file-ignores``, ``tensorflow``; ``config`` names another pyproject.toml, ``isolated`` reads none). The
    configuration's ``exclude`` does not apply: a file named is linted. The file is only read, never run.

    A notebook's findings are :class:`~tf2lint.CellDiagnostic` objects: lines within their cell, and the cell.
    Raises :class:`~tf2lint.SourceError` for a file that cannot be read or parsed, :class:`NotebookCellError`
    (a ``SourceError`` naming the cell) for a notebook cell that does not parse, and
    :class:`~tf2lint.config.ConfigError` for a broken configuration."""
    name = os.fspath(path)
    resolver = _resolver(config=config, isolated=isolated)
    resolver.for_path(Path(name))  # a broken configuration raises here
    options = Options(Config(), noqa=noqa, index=index_for([Path(name)]), settings=resolver)
    [result] = run_paths([name], options)  # its conditional findings settled by its importers, as in the command
    report = _report(per_file(result, resolver), resolver)
    error = report.error
    if error is not None and error.cell is not None:
        raise NotebookCellError(error.message, error.cell, error.line, error.column - 1)
    if error is not None:
        raise SourceError(error.message, error.line, error.column - 1)
    return list(report.findings)


def _resolver(select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None,
              extend_select: Iterable[str] = (), extend_ignore: Iterable[str] = (),
              exclude: Optional[Iterable[str]] = None, extend_exclude: Iterable[str] = (),
              respect_gitignore: Optional[bool] = None, tensorflow: Optional[str] = None,
              config: Optional[PathLike] = None, isolated: bool = False) -> Resolver:
    from tf2lint.config import check_code
    from tf2lint.context import SETTINGS

    def codes(values: Optional[Iterable[str]]) -> Optional[tuple[str, ...]]:
        return None if values is None else tuple(check_code(value) for value in values)

    if tensorflow is not None and tensorflow not in SETTINGS:
        raise ValueError(f"tensorflow must be one of {', '.join(SETTINGS)}, not {tensorflow!r}")
    cwd = Path.cwd()
    overrides = Overrides(
        select=codes(select), ignore=codes(ignore), extend_select=codes(extend_select) or (),
        extend_ignore=codes(extend_ignore) or (),
        exclude=None if exclude is None else tuple(patterns(exclude, cwd)),
        extend_exclude=tuple(patterns(extend_exclude, cwd)), respect_gitignore=respect_gitignore,
        tensorflow=tensorflow)
    return Resolver(overrides, Path(os.fspath(config)) if config is not None else None, isolated)


def _report(result: FileResult, resolver: Resolver) -> FileReport:
    settings = resolver.for_path(Path(result.path))
    findings = tuple(CellDiagnostic(**vars(finding.diagnostic), cell=finding.cell) if finding.cell is not None
                     else finding.diagnostic for finding in result.findings)
    return FileReport(result.path, findings, result.error, settings.config, settings.project, result.tf1)
