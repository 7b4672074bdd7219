"""The engine's entry points: lint source text, a file or a parsed tree, with ``# noqa`` applied."""
from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple, Optional

from tf2lint.checker import FileChecker
from tf2lint.context import Context, Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.rules import HOOKS, RULES
from tf2lint.rules.redirects import REDIRECTS

if TYPE_CHECKING:
    from tf2lint.project import ProjectIndex

#: flake8's ``# noqa`` / ``# noqa: TF301,TF4`` syntax.
NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)

#: File-level suppression, on a line of its own: flake8's ``# flake8: noqa`` (flake8 skips such a file,
#: whatever follows on the line), tf2lint's ``# tf2lint: noqa`` (the whole file) and ``# tf2lint: noqa: TF3,TF401``
#: (these codes in the whole file).
FLAKE8_FILE_NOQA = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
FILE_NOQA = re.compile(r"\s*#\s*tf2lint[:=]\s*noqa(?::\s*(?P<codes>[\w\s,]*?))?\s*$", re.IGNORECASE)
_FILE_CODE = re.compile(r"TF\d{0,3}")


class SourceError(Exception):
    """A file that cannot be linted: unreadable, undecodable or not valid Python 3. One line of text."""

    def __init__(self, message: str, line: int = 1, col: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines as Python numbers them (``str.splitlines`` also breaks at form feeds and U+2028)."""
    return _LINE_BREAK.split(text)


def mentions_tensorflow(text: str) -> bool:
    """Every TensorFlow (or Keras) import spells ``tensorflow`` (or ``keras``): files without either cannot have
    findings."""
    return "tensorflow" in text or "keras" in text


def reaches_tensorflow(text: str, filename: str, index: Optional[ProjectIndex]) -> bool:
    """Whether a file can have findings: it spells ``tensorflow`` or (with an index) imports a project module
    exporting TensorFlow bindings. Most files answer from the first test."""
    if mentions_tensorflow(text):
        return True
    return index is not None and index.reaches_tensorflow(text, index.path_of(filename))


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` with every failure turned into a one-line :class:`SourceError`.

    A leading BOM is dropped (``compile`` rejects it in a str), and the parser's warnings (invalid escape
    sequences) are silenced: they are not ours to report, and ``-W error`` would turn them into errors.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, filename)
    except SyntaxError as error:
        kind = type(error).__name__
        return _raise(f"{kind}: {error.msg}", error.lineno or 1, (error.offset or 1) - 1)
    except (ValueError, RecursionError, MemoryError) as error:
        return _raise(f"cannot parse: {type(error).__name__}: {error}".rstrip(": "))


def _raise(message: str, line: int = 1, col: int = 0) -> ast.Module:
    raise SourceError(message, line, col)


def lint_tree(tree: ast.AST, text: Optional[str] = None, project: Project = Project(),
              context: Optional[Context] = None, index: Optional[ProjectIndex] = None,
              filename: str = "<unknown>") -> list[Diagnostic]:
    """Findings for an already parsed module (no ``# noqa`` filtering: the host linter does that).

    ``project`` is the run's setting and evidence; pass ``context`` (made from it) instead to place the file's
    TF1 evidence (notebook cells). With an ``index``, imports of the project's modules (``filename`` is the
    module's file) bind what they export."""
    return check(tree, text, project, index, filename, context).diagnostics


class Checked(NamedTuple):
    """What linting one module found: its findings, whether it uses TensorFlow (directly or through the
    project), and why it was judged TF1 code ("" if it was not)."""

    diagnostics: list[Diagnostic]
    uses: bool
    tf1: str


def check(tree: ast.AST, text: Optional[str] = None, project: Project = Project(),
          index: Optional[ProjectIndex] = None, filename: str = "<unknown>",
          context: Optional[Context] = None) -> Checked:
    """:func:`lint_tree`'s findings, whether the module uses TensorFlow and its TF1 evidence."""
    if text is not None and not reaches_tensorflow(text, filename, index):
        if index is not None:
            index.learn(index.path_of(filename), None)
        return Checked([], False, "")
    context = context if context is not None else Context(project)
    try:
        checker = FileChecker(tree, RULES, HOOKS, context, index.resolver(filename) if index is not None else None)
        found = Checked(checker.run(), checker.imports_tf, context.tf1())
        if index is not None and isinstance(tree, ast.Module):
            index.learn(index.path_of(filename), tree)
        return found
    except RecursionError:
        raise SourceError("cannot lint: the file is nested too deeply") from None
    except MemoryError:
        raise SourceError("cannot lint: out of memory") from None


def lint_source(text: str, filename: str = "<unknown>", noqa: bool = True, project: Project = Project(),
                context: Optional[Context] = None, index: Optional[ProjectIndex] = None) -> list[Diagnostic]:
    """Lint Python source text. Raises :class:`SourceError` for text that is not valid Python 3. ``project``,
    ``context`` and ``index`` as for :func:`lint_tree`."""
    return check_source(text, filename, noqa, project, index, context).diagnostics


def check_source(text: str, filename: str = "<unknown>", noqa: bool = True, project: Project = Project(),
                 index: Optional[ProjectIndex] = None, context: Optional[Context] = None) -> Checked:
    """:func:`lint_source`'s findings, whether the module uses TensorFlow and its TF1 evidence."""
    done = _linted(index, filename, project) if index is not None else None
    if done is None and not reaches_tensorflow(text, filename, index):
        parse(text, filename)  # still report syntax errors
        if index is not None:
            index.learn(index.path_of(filename), None)
        return Checked([], False, "")
    if done is None and index is not None:  # the imports may have led back here, and the index linted it
        done = _linted(index, filename, project)
    checked = done or check(parse(text, filename), project=project, index=index, filename=filename, context=context)
    return checked._replace(diagnostics=apply_noqa(checked.diagnostics, source_lines(text))) if noqa else checked


def _linted(index: ProjectIndex, filename: str, project: Project) -> Optional[Checked]:
    """The findings of ``filename`` if the index linted it already (it was parsed for an importer's sake)."""
    if index.lint is None:
        index.lint = lambda tree, path: check(tree, None, project, index, str(path))
    path = index.path_of(filename)
    return index.linted.pop(path, None) if path is not None and index.linted else None


def read_source(path: Path) -> str:
    """Read and decode a Python file as Python does (BOM, coding cookie, default UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    return decode_source(data)


def decode_source(data: bytes) -> str:
    """Decode Python source bytes as Python does; a :class:`SourceError` if they cannot be."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, ValueError, LookupError) as error:  # ValueError: UnicodeError of any codec
        raise SourceError(f"cannot decode: {error}".splitlines()[0]) from None


def lint_file(path: Path, noqa: bool = True, index: Optional[ProjectIndex] = None) -> list[Diagnostic]:
    """Lint one ``.py`` file; the file is only read."""
    return lint_source(read_source(path), str(path), noqa=noqa, index=index)


def file_noqa(lines: Iterable[str]) -> Optional[tuple[str, ...]]:
    """The codes (prefixes) that file-level comments silence in the whole file, () for all of them (the file is
    skipped), None when it has none. A ``# tf2lint: noqa:`` naming no tf2lint code silences nothing."""
    codes: list[str] = []
    for line in lines:
        if "#" not in line:
            continue
        if FLAKE8_FILE_NOQA.match(line):
            return ()
        match = FILE_NOQA.match(line)
        if match is None:
            continue
        if match.group("codes") is None:
            return ()
        codes.extend(REDIRECTS.get(code, code) for code in re.split(r"[,\s]+", match.group("codes").upper())
                     if _FILE_CODE.fullmatch(code))
    return tuple(codes) if codes else None


def apply_noqa(diagnostics: Iterable[Diagnostic], lines: list[str], per_line: bool = True) -> list[Diagnostic]:
    """Drop findings silenced by file-level comments (:func:`file_noqa`) and, with ``per_line``, by a ``# noqa``
    comment on their first line, as flake8 does (each line is searched once, however many findings it has)."""
    diagnostics = list(diagnostics)
    in_file = file_noqa(lines) if diagnostics else None
    if in_file == ():
        return []
    if in_file:
        diagnostics = [d for d in diagnostics if not d.code.startswith(in_file)]
    if not per_line:
        return diagnostics
    silenced: dict[int, Optional[tuple[str, ...]]] = {}  # line: the codes it silences, () for all
    kept = []
    for diagnostic in diagnostics:
        if diagnostic.line not in silenced:
            silenced[diagnostic.line] = _noqa_codes(lines[diagnostic.line - 1] if diagnostic.line <= len(lines) else "")
        codes = silenced[diagnostic.line]
        if codes is None or (codes and not diagnostic.code.startswith(codes)):
            kept.append(diagnostic)
    return kept


def _noqa_codes(line: str) -> Optional[tuple[str, ...]]:
    """None for a line without ``# noqa``; the codes (prefixes, case-sensitive as in flake8) it names, () for a
    bare ``# noqa``."""
    match = NOQA.search(line) if "noqa" in line.lower() else None
    if match is None:
        return None
    codes = match.group("codes")
    return tuple(REDIRECTS.get(code, code) for code in re.split(r"[,\s]+", codes) if code) if codes else ()
