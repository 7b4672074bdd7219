"""Lint files one by one or in a process pool: each file is read and linted in the worker, only its
findings come back, in the order the files were given."""
from __future__ import annotations

import ast
import functools
import multiprocessing
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Optional, Sequence

from tf2lint.config import Config
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import SourceError, apply_noqa, decode_source, lint_source, lint_tree, parse, source_lines
from tf2lint.notebook import NotebookModule, read_notebook

#: The file name notebook code is parsed under: not a real file, so Python never reads error lines from the
#: .ipynb JSON to word its syntax errors.
CELL_FILENAME = "<notebook cell>"


@dataclass(frozen=True)
class Finding:
    """A diagnostic placed in its file.

    ``diagnostic`` keeps the engine's 0-based UTF-8 byte columns (flake8's); for notebooks its lines are
    lines within ``cell``. ``column`` / ``end_column`` are 1-based character columns, the end exclusive.
    """

    diagnostic: Diagnostic
    column: int
    end_column: int
    source: str  # the finding's first line, stripped: what a baseline matches on
    cell: Optional[int] = None  # notebooks: the 1-based cell, counting every cell
    file_line: Optional[int] = None  # notebooks: the line of the .ipynb file holding the code line


@dataclass(frozen=True)
class FileError:
    """Why a file could not be linted; ``line`` / ``column`` are 1-based (within ``cell`` for notebooks)."""

    message: str
    line: int = 1
    column: int = 1
    cell: Optional[int] = None
    file_line: Optional[int] = None


@dataclass(frozen=True)
class FileResult:
    path: str  # as given on the command line or found below a given folder
    findings: tuple[Finding, ...] = ()
    error: Optional[FileError] = None


@dataclass(frozen=True)
class Options:
    config: Config
    noqa: bool = True


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


def lint_path(path: str, options: Options) -> FileResult:
    """Read and lint one file (Python, or a notebook by its ``.ipynb`` suffix)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return FileResult(path, error=FileError(f"cannot read: {error.strerror or error}"))
    return lint_bytes(data, path, options)


def lint_bytes(data: bytes, path: str, options: Options) -> FileResult:
    """Lint the contents of ``path``; the file itself is not opened."""
    try:
        if is_notebook(path):
            return _lint_notebook(data, path, options)
        text = decode_source(data)
        findings = _findings(lint_source(text, path, noqa=options.noqa), source_lines(text), options)
        return FileResult(path, tuple(findings))
    except SourceError as error:
        return FileResult(path, error=FileError(error.message, error.line, error.col + 1))
    except Exception as error:  # a bug in tf2lint: say so for this file and lint the others
        return FileResult(path, error=FileError(f"internal error, please report it: {type(error).__name__}: {error}"))


def _lint_notebook(data: bytes, path: str, options: Options) -> FileResult:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"cannot decode: {error}") from None
    module = read_notebook(text)
    body: list[ast.stmt] = []
    broken: Optional[FileError] = None  # the first cell that does not parse; the other cells are still linted
    for first, cell_text in module.cells():  # each cell must parse on its own, as Jupyter runs it
        try:
            cell = parse(cell_text, CELL_FILENAME)
        except SourceError as error:
            last = first + cell_text.count("\n") - 1
            broken = broken or _cell_error(module, error, first + error.line - 1, first, last)
            continue
        # the cells' trees, moved to their module lines, make the module's tree: nothing is parsed twice
        body.extend((ast.increment_lineno(cell, first - 1) if first > 1 else cell).body)
    lines = list(module.lines)
    try:
        diagnostics = lint_tree(ast.Module(body=body, type_ignores=[]), module.text)
    except SourceError as error:
        return FileResult(path, error=_cell_error(module, error, error.line))
    findings = _findings(apply_noqa(diagnostics, lines) if options.noqa else diagnostics, lines, options)
    return FileResult(path, tuple(_in_cell(finding, module) for finding in findings), broken)


def _cell_error(module: NotebookModule, error: SourceError, line: int, first: int = 1,
                last: Optional[int] = None) -> FileError:
    if not module.origins:
        return FileError(error.message, error.line, error.col + 1)
    origin = module.locate(line, first, last)
    return FileError(error.message, origin.line, error.col + 1, origin.cell, origin.file_line)


def _in_cell(finding: Finding, module: NotebookModule) -> Finding:
    start, end = module.locate(finding.diagnostic.line), module.locate(finding.diagnostic.end_line)
    diagnostic = replace(finding.diagnostic, line=start.line, end_line=end.line)
    return replace(finding, diagnostic=diagnostic, cell=start.cell, file_line=start.file_line)


def _findings(diagnostics: list[Diagnostic], lines: list[str], options: Options) -> list[Finding]:
    """The selected diagnostics in order, with character columns and source text."""
    selected = sorted((d for d in diagnostics if options.config.selects(d.code)),
                      key=lambda d: (d.line, d.col, d.code))
    return [Finding(d, _char_column(lines, d.line, d.col), _char_column(lines, d.end_line, d.end_col),
                    _line(lines, d.line).strip())
            for d in selected]


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _char_column(lines: list[str], line: int, byte_col: int) -> int:
    """The 1-based character column of a 0-based UTF-8 byte offset."""
    return len(_line(lines, line).encode("utf-8")[:byte_col].decode("utf-8", "ignore")) + 1


#: With ``jobs=0`` (auto), one worker per this many files at most: a pool only pays off for many files.
FILES_PER_AUTO_JOB = 16


def cpu_count() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def jobs_for(jobs: int, files: int) -> int:
    """Worker processes to use: ``jobs``, or for 0 (auto) one per core and per FILES_PER_AUTO_JOB files;
    never more than one per file."""
    if jobs == 0:
        jobs = min(cpu_count(), files // FILES_PER_AUTO_JOB)
    return max(1, min(jobs, files))


def lint_paths(paths: Sequence[str], options: Options, jobs: int = 1) -> Iterator[FileResult]:
    """Results in the order of ``paths``; with more than one job, files are linted in a process pool
    (without one for a single job)."""
    workers = jobs_for(jobs, len(paths))
    task = functools.partial(lint_path, options=options)
    if workers == 1:
        yield from map(task, paths)
        return
    chunksize = max(2, min(32, len(paths) // (workers * 4)))
    with multiprocessing.Pool(workers) as pool:
        yield from pool.imap(task, paths, chunksize)
