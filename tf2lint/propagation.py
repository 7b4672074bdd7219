"""TF1 context as a project fact: a module without evidence of its own is TF1 code when a module of its project
that shows TF1 evidence imports it, directly or through other modules (importer to imported, breadth first,
nearest importer first, in path order). A module with TF2-only evidence is neither made TF1 code nor passes
the context on, and tests (``test_*.py``, ``*_test.py``) do not make the modules they exercise TF1 code.

The engine gives each module's own evidence and its *conditional* findings (those that hold only if it is TF1
code, worded with :data:`~tf2lint.context.IMPORTED`); the decision is made here once the import graph is known:
by the command after all files are linted, by the single-file front ends (flake8, pylint, the server,
``tf2lint.lint_file``) from the importers the index finds in the file's project.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar

from tf2lint.context import IMPORTED
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import Checked, SourceError, check_source
from tf2lint.index import Facts, ProjectIndex, stamp
from tf2lint.results import FileResult
from tf2lint.rules import RULES

#: A chain of importers is named by at most this many modules.
_SHOWN_CHAIN = 3

FactsOf = Callable[[Path], Optional[Facts]]
T = TypeVar("T")


def reason(path: Path, index: ProjectIndex, facts_of: FactsOf) -> str:
    """Why ``path`` is TF1 code through its importers ("imported by train.py, which uses `tf.placeholder` on
    line 3"), or "" when no importer's evidence reaches it. Iterative: cycles and deep chains cost one visit
    per module."""
    path = Path(os.path.abspath(path))
    root = index.project_of(path)
    seen = {path}
    queue: deque[tuple[Path, tuple[Path, ...]]] = deque([(path, ())])
    while queue:
        current, chain = queue.popleft()
        for importer in index.importers(current):
            if importer in seen or is_test(importer):
                continue
            seen.add(importer)
            facts = facts_of(importer)
            if facts is None or facts.tf2:
                continue  # unreadable, or written for TF 2.x: the context stops here
            if facts.evidence:
                return _wording((*chain, importer), facts.evidence, root)
            queue.append((importer, (*chain, importer)))
    return ""


def is_test(path: Path) -> bool:
    """Whether a module is a test (``test_*.py``, ``*_test.py``, ``conftest.py``): it exercises the modules it
    imports and does not make them TF1 code."""
    name = path.name
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def _wording(chain: tuple[Path, ...], evidence: str, root: Path) -> str:
    names = [_shown(path, root) for path in chain]
    if len(names) > _SHOWN_CHAIN:
        names = [names[0], "...", *names[-(_SHOWN_CHAIN - 1):]]
    return f"imported by {', imported by '.join(names)}, which uses {evidence}"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def settle(diagnostics: Sequence[Diagnostic], conditional: Sequence[Diagnostic], why: str) -> list[Diagnostic]:
    """The findings of a module: ``diagnostics``, and ``conditional`` worded with ``why`` when it is not ""
    (a conditional finding replaces a TF1xx finding at its location, as the engine's own findings do)."""
    if not why or not conditional:
        return list(diagnostics)
    return _merged(diagnostics, [_worded(d, why) for d in conditional], lambda d: d)


def _merged(found: Sequence[T], kept: list[T], diagnostic: Callable[[T], Diagnostic]) -> list[T]:
    """``found`` and ``kept`` in line order, ``kept`` replacing the TF1xx findings at its locations."""
    taken = {(diagnostic(x).line, diagnostic(x).col) for x in kept}
    merged = [x for x in found
              if (diagnostic(x).line, diagnostic(x).col) not in taken or RULES[diagnostic(x).code].family != 1]
    return sorted(merged + kept, key=lambda x: (diagnostic(x).line, diagnostic(x).col, diagnostic(x).code))


def _worded(diagnostic: Diagnostic, why: str) -> Diagnostic:
    return replace(diagnostic, message=diagnostic.message.replace(IMPORTED, why),
                   suggestion=diagnostic.suggestion.replace(IMPORTED, why))


def linted_facts(index: ProjectIndex) -> FactsOf:
    """Facts of project modules by linting them (each once while unchanged on disk; kept in the index)."""

    def facts_of(path: Path) -> Optional[Facts]:
        now = stamp(path)
        cached = index.facts.get(path)
        if cached is not None and cached[0] == now:
            return cached[1]
        text = index.reader(path)
        if text is None:
            return None
        try:
            checked = check_source(text, str(path), noqa=False, index=index)
        except SourceError:
            return None
        found = Facts(checked.evidence, checked.tf2)
        index.facts[path] = (now, found)
        return found

    return facts_of


def in_project(checked: Checked, filename: str, index: Optional[ProjectIndex],
               facts_of: Optional[FactsOf] = None) -> list[Diagnostic]:
    """A module's findings once its importers are known (the single-file front ends): its conditional
    findings are kept, worded, when an importer's TF1 evidence reaches it."""
    path = ProjectIndex.path_of(filename)
    if not checked.conditional or index is None or path is None:
        return list(checked.diagnostics)
    why = reason(path, index, facts_of or linted_facts(index))
    return settle(checked.diagnostics, checked.conditional, why)


def settled(results: Iterable[FileResult], index: ProjectIndex) -> Iterator[FileResult]:
    """The command's results, in their order, each file's conditional findings settled once every file is
    linted: results are passed on at once until the first file with conditional findings, then held to the
    end. The run's files give their own facts; other project modules are linted for theirs."""
    known: dict[Path, Optional[Facts]] = {}
    held: list[FileResult] = []
    for result in results:
        path = Path(os.path.abspath(result.path))
        known[path] = None if result.error is not None else Facts(result.evidence, result.tf2)
        if held or result.conditional:
            held.append(result)
        else:
            yield result
    if not held:
        return
    linted = linted_facts(index)

    def facts_of(path: Path) -> Optional[Facts]:
        return known[path] if path in known else linted(path)

    for result in held:
        why = reason(Path(result.path), index, facts_of) if result.conditional else ""
        yield _settled_result(result, why) if why else result


def _settled_result(result: FileResult, why: str) -> FileResult:
    kept = [replace(f, diagnostic=_worded(f.diagnostic, why)) for f in result.conditional]
    merged = _merged(result.findings, kept, lambda f: f.diagnostic)
    return replace(result, findings=tuple(merged), tf1=why, conditional=())
