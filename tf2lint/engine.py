"""The engine's entry points: lint source text, a file or a parsed tree, with ``# noqa`` applied."""
from __future__ import annotations

import ast
import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple, Optional

from tf2lint.checker import FileChecker
from tf2lint.source import SourceError, decode_source, parse, read_source, source_lines
from tf2lint.context import Context, Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.rules import HOOKS, RULES
from tf2lint.rules.redirects import REDIRECTS

if TYPE_CHECKING:
    from tf2lint.index import ProjectIndex

__all__ = ["Checked", "SourceError", "apply_noqa", "check", "check_source", "decode_source", "lint_file", "lint_source",
           "lint_tree", "mentions_tensorflow", "parse", "reaches_tensorflow", "read_source", "source_lines",
           "unreached"]

#: flake8's ``# noqa`` / ``# noqa: TF301,TF4`` syntax.
NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)

#: File-level suppression, on a line of its own: flake8's ``# flake8: noqa`` (flake8 skips such a file,
#: whatever follows on the line), tf2lint's ``# tf2lint: noqa`` (the whole file) and ``# tf2lint: noqa: TF3,TF401``
#: (these codes in the whole file).
FLAKE8_FILE_NOQA = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
FILE_NOQA = re.compile(r"\s*#\s*tf2lint[:=]\s*noqa(?::\s*(?P<codes>[\w\s,]*?))?\s*$", re.IGNORECASE)
_FILE_CODE = re.compile(r"TF\d{0,3}")

#: What every comment that silences findings holds.
_NOQA_WORD = re.compile("noqa", re.IGNORECASE)


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
    project), why it was judged TF1 code ("" if it was not), its own TF1 and TF2-only evidence, and the findings
    that hold only if its importers make it TF1 code (worded with :data:`tf2lint.context.IMPORTED`; see
    :mod:`tf2lint.propagation`)."""

    diagnostics: list[Diagnostic]
    uses: bool
    tf1: str
    evidence: str = ""
    tf2: str = ""
    conditional: tuple[Diagnostic, ...] = ()


def check(tree: ast.AST, text: Optional[str] = None, project: Project = Project(),
          index: Optional[ProjectIndex] = None, filename: str = "<unknown>",
          context: Optional[Context] = None) -> Checked:
    """:func:`lint_tree`'s findings, whether the module uses TensorFlow and its TF1 evidence."""
    if text is not None and not reaches_tensorflow(text, filename, index):
        return unreached(filename, index)
    return _walked(tree, text, project, index, filename, context)


def unreached(filename: str, index: Optional[ProjectIndex]) -> Checked:
    """The result of a module that cannot reach TensorFlow (:func:`reaches_tensorflow`): no finding; the index
    learns that it exports nothing."""
    if index is not None:
        index.learn(index.path_of(filename), None)
    return Checked([], False, "")


def _walked(tree: ast.AST, text: Optional[str], project: Project, index: Optional[ProjectIndex], filename: str,
            context: Optional[Context]) -> Checked:
    """:func:`check` of a module that reaches TensorFlow: the linter's walk."""
    context = context if context is not None else Context(project)
    try:
        checker = FileChecker(tree, RULES, HOOKS, context, index.resolver(filename) if index is not None else None)
        with index.linting(filename, text, tree) if index is not None else contextlib.nullcontext():
            run = checker.run()  # an import cycle the module is in is read with this tree
        found = Checked(run, checker.imports_tf, context.tf1(), context.evidence, context.tf2_evidence,
                        tuple(checker.conditional_results()))
        if index is not None and isinstance(tree, ast.Module):
            index.learn(index.path_of(filename), checker)
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
    if not reaches_tensorflow(text, filename, index):
        parse(text, filename)  # still report syntax errors
        return unreached(filename, index)
    tree = index.tree(filename, text) if index is not None else None
    checked = _walked(tree or parse(text, filename), text, project, index, filename, context)
    if not noqa or not _NOQA_WORD.search(text):  # no comment can silence anything: the lines are not split
        return checked
    lines = source_lines(text)
    return checked._replace(diagnostics=apply_noqa(checked.diagnostics, lines),
                            conditional=tuple(apply_noqa(checked.conditional, lines)))


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
