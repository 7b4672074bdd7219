"""Jupyter notebooks: the code cells as one Python module, each line traced back to its cell, and linted
as one (:func:`lint_notebook`), each finding placed in its cell.

All code cells are joined in order, so an import in cell 1 resolves in cell 5. IPython syntax is replaced
line for line, so no line moves:

- a line magic (``%matplotlib inline``), shell escape (``!pip install``), help line (``?tf``, ``tf.Session?``)
  becomes ``pass`` at the same indentation (with backslash continuation lines blank);
- ``files = !ls`` / ``out = %sx ls`` becomes ``files = ...``, so the name is still bound;
- a cell magic whose body runs as Python in the kernel (``%%time``, ``%%timeit``, ``%%capture``,
  ``%%prun``) has only its first line blanked; any other cell magic (``%%bash``, ``%%writefile``,
  ``%%html``, ...) blanks the whole cell.

Cells are numbered from 1 counting every cell (markdown and raw too), as the notebook shows them.
"""
from __future__ import annotations

import ast
import bisect
import itertools
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from tf2lint.context import Context, Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import SourceError, apply_noqa, lint_tree, parse
from tf2lint.results import FileError, FileResult, Finding, findings

if TYPE_CHECKING:  # the flake8 and pylint plugins import this module (CellDiagnostic) and need no configuration
    from tf2lint.config import Config
    from tf2lint.index import ProjectIndex

#: The file name notebook code is parsed under: not a real file, so Python never reads error lines from the
#: .ipynb JSON to word its syntax errors.
CELL_FILENAME = "<notebook cell>"

#: Cell magics whose body is Python run in the kernel's namespace.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_ESCAPES = ("%", "!", "?")
_HELP_END = re.compile(r"%{0,2}[\w.*\[\]]+\?{1,2}")
_ASSIGN_MAGIC = re.compile(r"(?P<lhs>\s*[\w.\[\]'\",\s]*?[\w\]'\"])\s*=\s*[!%]")


class _Located(str):
    """A JSON string value that remembers the line of the file it starts on."""

    line: int


@dataclass(frozen=True)
class CellDiagnostic(Diagnostic):
    """A notebook's finding: ``line`` and ``end_line`` count within code cell ``cell`` (1-based, counting every
    cell, as the notebook shows them)."""

    cell: int = 0


@dataclass(frozen=True)
class Origin:
    """Where a line of the joined module comes from."""

    cell: int  # 1-based, counting every cell
    line: int  # 1-based line within the cell
    file_line: int  # 1-based line of the .ipynb file holding it


@dataclass(frozen=True)
class NotebookModule:
    """The code cells joined into one module: ``origins[i]`` is where module line ``i + 1`` comes from."""

    lines: tuple[str, ...]
    origins: tuple[Origin, ...]

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)

    def cells(self) -> Iterator[tuple[int, str]]:
        """``(first module line, cell text)`` for each non-empty code cell."""
        start = 0
        for stop in range(1, len(self.lines) + 1):
            if stop == len(self.lines) or self.origins[stop].cell != self.origins[start].cell:
                yield start + 1, "".join(line + "\n" for line in self.lines[start:stop])
                start = stop

    def locate(self, line: int, first: int = 1, last: Optional[int] = None) -> Origin:
        """The origin of module ``line``, clamped to lines ``first..last`` (``last`` defaults to the end)."""
        last = len(self.origins) if last is None else last
        return self.origins[min(max(line, first), last) - 1]


def read_notebook(text: str) -> NotebookModule:
    """The code cells of a notebook's JSON text. Raises :class:`SourceError` for anything else."""
    try:
        notebook = _decoder(text).decode(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"invalid notebook JSON: {error.msg}", error.lineno, error.colno - 1) from None
    except RecursionError:
        raise SourceError("invalid notebook JSON: nested too deeply") from None
    lines: list[str] = []
    origins: list[Origin] = []
    for number, source in _code_cells(notebook):
        cell_lines, file_lines = _split(source)
        lines.extend(python_lines(cell_lines))
        origins.extend(Origin(number, index, file_line)
                       for index, file_line in enumerate(file_lines, start=1))
    return NotebookModule(tuple(lines), tuple(origins))


def cells_tree(cells: Iterable[tuple[int, str]]) -> tuple[ast.Module, list[tuple[int, str, SourceError]]]:
    """The module tree of code cells given as ``(first module line, text)``: each cell parsed on its own, as
    Jupyter runs it, and moved to its module lines (nothing is parsed twice); and the cells that do not parse,
    each with its error."""
    body: list[ast.stmt] = []
    unparsed: list[tuple[int, str, SourceError]] = []
    for first, text in cells:
        try:
            cell = parse(text, CELL_FILENAME)
        except SourceError as error:
            unparsed.append((first, text, error))
            continue
        body.extend((ast.increment_lineno(cell, first - 1) if first > 1 else cell).body)
    return ast.Module(body=body, type_ignores=[]), unparsed


def lint_notebook(data: bytes, path: str, config: Config, noqa: bool = True, project: Project = Project(),
                  index: Optional[ProjectIndex] = None, file_noqa: bool = True) -> FileResult:
    """Lint a notebook's bytes (``path`` names it, is not opened): its code cells as one module, each finding
    and error placed in its cell. A cell that does not parse is the file's error; the other cells are linted.
    With an ``index``, the cells' imports of the project's modules (from the notebook's folder) bind what they
    export. ``noqa`` applies ``# noqa`` comments and file-level ones, ``file_noqa`` the file-level ones."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"cannot decode: {error}") from None
    module = read_notebook(text)
    tree, unparsed = cells_tree(module.cells())
    broken: Optional[FileError] = None  # the first cell that does not parse; the other cells are still linted
    if unparsed:
        first, cell_text, cell_error = unparsed[0]
        last = first + cell_text.count("\n") - 1
        broken = _cell_error(module, cell_error, first + cell_error.line - 1, first, last)
    lines = list(module.lines)
    context = Context(project, lambda line: _place(module, line))
    try:
        diagnostics = lint_tree(tree, module.text, context=context, index=index, filename=path)
    except SourceError as error:
        return FileResult(path, error=_cell_error(module, error, error.line))
    found = findings(apply_noqa(diagnostics, lines, per_line=noqa) if noqa or file_noqa else diagnostics, lines,
                     config)
    return FileResult(path, tuple(_in_cell(finding, module) for finding in found), broken, context.tf1())


def _place(module: NotebookModule, line: int) -> str:
    """Where a line of the notebook's module is, as TF1 evidence names it."""
    if not module.origins:
        return f"on line {line}"
    origin = module.locate(line)
    return f"in cell {origin.cell} on line {origin.line}"


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


def _decoder(text: str) -> json.JSONDecoder:
    """A JSON decoder whose string values are :class:`_Located` (the pure-Python scanner, with hooks). A cell's
    outputs are skipped by the C scanner and dropped at once: only sources are needed, so memory does not grow
    with the outputs (millions of strings would each be a :class:`_Located`)."""
    counted = [0, 1]  # a position of the text and its line: strings are read in order, lines counted onward

    def parse_string(string: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, stop = json.decoder.scanstring(string, end, strict)  # type: ignore[attr-defined]
        located = _Located(value)
        position, line = counted
        line += string.count("\n", position, end) if end >= position else -string.count("\n", end, position)
        counted[:] = end, line
        located.line = line
        return located, stop

    def parse_object(state: tuple[str, int], strict: bool, scan_once: Any, *args: Any) -> tuple[Any, int]:
        def value(string: str, end: int) -> tuple[Any, int]:
            if _after_outputs_key(string, end):
                return [], _SKIP(string, end)[1]
            result: tuple[Any, int] = scan_once(string, end)
            return result

        found, stop = json.decoder.JSONObject(state, strict, value, *args)  # type: ignore[attr-defined]
        return ({} if isinstance(found, dict) and "output_type" in found else found), stop  # outputs: dropped

    decoder = json.JSONDecoder(parse_int=_number)
    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


#: Reads one JSON value at a position, in C, without hooks: how a cell's outputs are skipped.
_SKIP = json.JSONDecoder(parse_int=lambda digits: 0).raw_decode


def _after_outputs_key(text: str, end: int) -> bool:
    """Whether the value at ``end`` follows an ``"outputs":`` key (the text before it is ``"outputs" :``)."""
    at = end
    while at > 0 and text[at - 1] in " \t\r\n":
        at -= 1
    if at == 0 or text[at - 1] != ":":
        return False
    at -= 1
    while at > 0 and text[at - 1] in " \t\r\n":
        at -= 1
    return text.startswith('"outputs"', at - 9)


def _number(text: str) -> Any:
    """A JSON integer; one too long for ``int`` (over 4,300 digits) as a float: only cell sources matter."""
    return int(text) if len(text) <= 4000 else float(text)


def _code_cells(notebook: Any) -> Iterator[tuple[int, Any]]:
    """``(cell number, source)`` of the code cells of an nbformat 4 (or 3) notebook in a Python kernel."""
    if not isinstance(notebook, dict):
        raise SourceError("not a Jupyter notebook: the JSON is not an object")
    cells, key, sheets = notebook.get("cells"), "source", notebook.get("worksheets")
    if cells is None and isinstance(sheets, list):  # nbformat 3
        cells = [cell for sheet in sheets if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
                 for cell in sheet["cells"]]
        key = "input"
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        raise SourceError('not a Jupyter notebook: no "cells" list')
    if not _is_python(notebook.get("metadata")):
        return
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") == "code":
            source = cell.get(key, "")
            if not isinstance(source, str) and not (
                    isinstance(source, list) and all(isinstance(part, str) for part in source)):
                raise SourceError(f"not a Jupyter notebook: the source of cell {number} is not text")
            yield number, source


def _is_python(metadata: Any) -> bool:
    """False only for a notebook whose metadata names another kernel language (R, Julia, ...)."""
    if not isinstance(metadata, dict):
        return True
    for table, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(table, {}).get(key) if isinstance(metadata.get(table), dict) else None
        if isinstance(value, str) and value.lower() not in ("python", "python3", "ipython"):
            return False
    return True


def _split(source: Any) -> tuple[list[str], list[int]]:
    """The lines of a cell's source (a string or list of strings) and the file line each one starts on."""
    parts = [source] if isinstance(source, str) else source
    ends = list(itertools.accumulate(len(part) for part in parts))
    text = "".join(parts)
    lines, file_lines = [], []
    for match in _LINE.finditer(text):
        if match.start() == len(text):
            break
        part = parts[bisect.bisect_right(ends, match.start())]
        lines.append(match.group().rstrip("\r\n"))
        file_lines.append(getattr(part, "line", 1))
    return lines, file_lines


def python_lines(lines: list[str]) -> list[str]:
    """One cell's lines with IPython syntax replaced by Python of the same line count."""
    head = next((index for index, line in enumerate(lines) if line.strip()), 0)
    if lines and lines[head].lstrip().startswith("%%"):
        magic = (lines[head].lstrip()[2:].split() or [""])[0]
        if magic not in PYTHON_CELL_MAGICS:
            return [""] * len(lines)
        return [""] * (head + 1) + python_lines(lines[head + 1:])
    result = []
    depth, quote, continued, in_magic = 0, None, False, False
    for line in lines:
        if in_magic:  # a backslash-continued magic
            result.append("")
            in_magic = line.endswith("\\")
            continue
        placeholder = None if depth or quote or continued else _placeholder(line)
        if placeholder is not None:
            result.append(placeholder)
            in_magic = line.endswith("\\")
            continue
        result.append(line)
        depth, quote, continued = _scan(line, depth, quote)
    return result


def _placeholder(line: str) -> Optional[str]:
    """The Python that stands in for an IPython-only line starting a statement, None for a Python line."""
    stripped = line.strip()
    if stripped.startswith(_ESCAPES) or _HELP_END.fullmatch(stripped):
        return line[:len(line) - len(line.lstrip())] + "pass"
    assign = _ASSIGN_MAGIC.match(line)
    return f"{assign.group('lhs')} = ..." if assign else None


def _scan(line: str, depth: int, quote: Optional[str]) -> tuple[int, Optional[str], bool]:
    """Bracket depth, open string quote and backslash continuation after ``line``, enough to tell which
    lines start a statement (IPython syntax only counts there)."""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 2
            elif line.startswith(quote, index):
                index += len(quote)
                quote = None
            else:
                index += 1
            continue
        if char == "#":
            return depth, None, False
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char in "'\"":
            quote = char * 3 if line.startswith(char * 3, index) else char
            index += len(quote)
            continue
        index += 1
    continued = line.endswith("\\")
    if quote is not None and len(quote) == 1 and not continued:
        quote = None  # an unterminated string: a syntax error the parser reports
    return depth, quote, continued
