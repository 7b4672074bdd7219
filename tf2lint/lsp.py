"""``tf2lint server``: a Language Server Protocol server on stdio that publishes tf2lint findings as
diagnostics. It lints a document on open and save, and once a burst of changes is read to its end (a lint that
a change overtakes is stopped; an edit inside a comment keeps the findings of the last lint), and a notebook's
code cells as one module; it never edits a document. Imports of the workspace's own modules are
resolved through a project index that reads open documents as the editor holds them and other modules as
on disk; a change that alters what a module exports, in the editor or on disk, re-lints the open documents
whose imports reach it. :class:`ServerState` holds all of this; :func:`create_server` wires it to pygls."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Callable, Optional, Protocol, Sequence

from tf2lint import __version__
from tf2lint.collector import paused
from tf2lint.columns import Columns
from tf2lint.config import Config, load_config
from tf2lint.context import Context, Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.edits import edited_comment
from tf2lint.engine import Checked, SourceError, apply_noqa, check_source, lint_tree, source_lines
from tf2lint.files import is_excluded, patterns
from tf2lint.notebook import cells_tree, python_lines
from tf2lint.project import Exports, ProjectIndex, read_module
from tf2lint.propagation import in_project
from tf2lint.tfversion import project_for, setting_text
from tf2lint.rules import ERROR, INFO, WARNING

try:
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path
except ImportError:  # the optional ``lsp`` extra is not installed: main() says so
    LanguageServer = None  # type: ignore[misc,assignment]

#: LSP ``DiagnosticSeverity`` (1 Error, 2 Warning, 3 Information) per finding severity.
SEVERITY = {ERROR: 1, WARNING: 2, INFO: 3}

#: Seconds without a change before a changed document is linted again, when the server cannot tell whether a
#: message is waiting to be read (its input is not a pipe it can poll): short, the lint is of that document only.
DEBOUNCE = 0.05

#: Seconds between two looks at the input while messages are waiting to be read: a changed document is linted once
#: none is (a burst of changes is read to its end first, then its last version is linted at once).
IDLE_POLL = 0.005

#: Seconds a changed document waits at most for its input to go quiet (a message that stops halfway, a huge one
#: read slowly): then it is linted all the same.
PATIENCE = 0.5

#: The largest message body read (bytes); a larger Content-Length is reported and its body skipped.
MAX_MESSAGE = 256 * 1024 * 1024

#: How a header line starts: where the framing is found again after a wrong Content-Length.
HEADER = re.compile(rb"Content-Length: *\d+\r\n")

#: The signal that stops the engine's lint of a document when a change arrives meanwhile (POSIX only).
INTERRUPT: Optional[signal.Signals] = getattr(signal, "SIGUSR1", None)

#: What in the bytes read says that a change is coming (``textDocument/didChange``, ``notebookDocument/didChange``).
CHANGE = b"/didChange"


class Interrupted(BaseException):
    """The engine's lint of a document was stopped: a change arrived meanwhile (the document is linted again
    once it is read). Not an Exception: no ``except Exception`` of the engine takes it for an error."""


def log(message: str) -> None:
    """One line on stderr (the editor's log of the server)."""
    print(f"tf2lint server: {message}", file=sys.stderr, flush=True)


class FramedInput:
    """The client's byte stream, read as pygls reads it (``readline`` for headers, ``read(n)`` for a body),
    robust to wrong framing: a body never reads past the next message's header, a huge Content-Length is
    not allocated, and a body the client has finished (valid JSON, no more bytes coming) is not waited on."""

    def __init__(self, stream: BinaryIO) -> None:
        self.fd = stream.fileno()
        self.buffer = bytearray()
        self.eof = False
        self.on_input: Optional[Callable[[bytes], None]] = None  # told of each chunk read, in the reading thread

    def _fill(self, wait: Optional[float] = None) -> bool:
        """Read what is there (waiting at most ``wait`` seconds for it, or until it comes); False if nothing."""
        if self.eof:
            return False
        if wait is not None and not select.select([self.fd], [], [], wait)[0]:
            return False
        chunk = os.read(self.fd, 1 << 16)
        self.eof = not chunk
        self.buffer += chunk
        if self.on_input is not None:
            self.on_input(chunk)
        return bool(chunk)

    def waiting(self) -> bool:
        """Whether bytes of a message are read but not taken, or can be read now (the event loop asks, while a
        thread reads)."""
        return bool(self.buffer) or (not self.eof and bool(select.select([self.fd], [], [], 0)[0]))

    def _take(self, size: int) -> bytes:
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def readline(self) -> bytes:
        """A header line; text before a ``Content-Length`` header in the middle of a line is a line of its own."""
        while True:
            header = HEADER.search(self.buffer, 1)
            newline = self.buffer.find(b"\n")
            if header is not None and (newline < 0 or header.start() <= newline):
                return self._take(header.start())
            if newline >= 0:
                return self._take(newline + 1)
            if len(self.buffer) > MAX_MESSAGE:
                log("a header line is too long: skipped")
                self.buffer.clear()
            if not self._fill():
                return self._take(len(self.buffer))

    def read(self, size: int) -> bytes:
        """A body of ``size`` bytes, or less: up to the next header, or what the client sent as a whole."""
        if size > MAX_MESSAGE:
            log(f"a Content-Length of {size} is over the limit: read up to the next message")
        searched = 0
        while True:
            header = HEADER.search(self.buffer, max(0, searched - 32), size)
            searched = len(self.buffer)
            if header is not None:
                log(f"a message is shorter than its Content-Length ({size}): read up to the next message")
                return self._take(header.start()) or b" "
            if len(self.buffer) >= size:
                return self._take(size)
            if len(self.buffer) > MAX_MESSAGE:
                self.buffer.clear()  # the body being skipped
                searched = 0
            if not self._fill(0.1) and (self.eof or _is_json(self.buffer)):
                if self.buffer and not self.eof:
                    log(f"a message is shorter than its Content-Length ({size})")
                return self._take(len(self.buffer)) or (b"" if self.eof else b" ")


def _is_json(data: bytearray) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def lint_document(text: str, path: Optional[Path], config: Config,
                  index: Optional[ProjectIndex] = None) -> list[Diagnostic]:
    """The selected findings of a document, ``# noqa`` applied; none when it does not parse (the
    Python language server already reports syntax errors) or the configuration excludes it."""
    return settle_document(check_document(text, path, config, document_project(path, config), index), path,
                           config, index)


def check_document(text: str, path: Optional[Path], config: Config, project: Project,
                   index: Optional[ProjectIndex] = None) -> Optional[Checked]:
    """The engine's findings of a document, ``# noqa`` applied, its conditional findings not yet settled; None
    when it does not parse or the configuration excludes it."""
    if excluded(path, config):
        return None
    try:
        return check_source(text, str(path) if path else "<unknown>", project=project, index=index)
    except SourceError:
        return None


def settle_document(checked: Optional[Checked], path: Optional[Path], config: Config,
                    index: Optional[ProjectIndex] = None) -> list[Diagnostic]:
    """The selected findings of a checked document, its conditional ones kept when its importers make it TF1
    code (asked of the index each time: the importers are other files)."""
    if checked is None:
        return []
    try:
        found = in_project(checked, str(path) if path else "<unknown>", index)
    except SourceError:
        return []
    return [d for d in found if config.selects(d.code, path)]


def document_project(path: Optional[Path], config: Config) -> Project:
    """The TF1 setting of the document's configuration and its project's pin (as the command reads them)."""
    if path is None:
        return Project()
    return project_for(path, config.tensorflow, setting_text(config.tensorflow, config.source))


def excluded(path: Optional[Path], config: Config) -> bool:
    return path is not None and config.root is not None and is_excluded(
        path, patterns(config.excludes, config.root), config.root)


def document_diagnostics(text: str, path: Optional[Path], config: Config, encoding: str,
                         index: Optional[ProjectIndex] = None) -> list[types.Diagnostic]:
    """The LSP diagnostics of a document."""
    return to_lsp(lint_document(text, path, config, index), source_lines(text), encoding)


def to_lsp(diagnostics: list[Diagnostic], lines: list[str], encoding: str) -> list[types.Diagnostic]:
    """Findings as LSP diagnostics; ``lines`` is the document split as Python numbers lines. Positions are
    in the code units of the LSP position encoding (``utf-8``, ``utf-16``, the LSP default, or ``utf-32``)."""
    columns = Columns(lines)

    def position(line: int, col: int) -> types.Position:
        found = columns.line(line)
        units = (min(col, len(found.data)) if encoding == "utf-8" else
                 found.characters(col) if encoding == "utf-32" else found.utf16(col))
        return types.Position(line=line - 1, character=units)

    return [types.Diagnostic(
        range=types.Range(start=position(d.line, d.col), end=position(d.end_line, d.end_col)),
        message=d.text(),
        severity=types.DiagnosticSeverity(SEVERITY[d.severity]),
        code=d.code,
        code_description=types.CodeDescription(href=d.rule.doc_url),
        source="tf2lint",
    ) for d in diagnostics]


def lint_cells(cells: list[str], config: Config, project: Project = Project(), index: Optional[ProjectIndex] = None,
               path: Optional[Path] = None) -> list[list[Diagnostic]]:
    """The selected findings of a notebook's code cells linted as one module, as Jupyter runs them, each
    cell's with lines of its own; a cell that does not parse is left out. With an ``index``, the cells' imports
    of the project's modules (from the folder of the notebook's ``path``) bind what those export."""
    lines: list[str] = []
    starts = []
    texts = []
    for cell in cells:
        cell_lines = python_lines(source_lines(cell))
        starts.append(len(lines) + 1)
        texts.append((len(lines) + 1, "\n".join(cell_lines)))
        lines.extend(cell_lines)
    tree, _ = cells_tree(texts)  # a cell that does not parse is left out

    def place(line: int) -> str:
        number = max(i for i, start in enumerate(starts) if start <= line)
        return f"in code cell {number + 1} on line {line - starts[number] + 1}"

    try:
        found = apply_noqa(lint_tree(tree, "\n".join(lines), context=Context(project, place), index=index,
                                     filename=str(path) if path is not None else "<unknown>"), lines)
    except SourceError:
        found = []
    per_cell: list[list[Diagnostic]] = [[] for _ in cells]
    for diagnostic in found:
        if config.selects(diagnostic.code):
            number = max(i for i, start in enumerate(starts) if start <= diagnostic.line)
            shift = starts[number] - 1
            end_line = min(diagnostic.end_line - shift, len(source_lines(cells[number])))
            end_col = (diagnostic.end_col if end_line == diagnostic.end_line - shift
                       else len(source_lines(cells[number])[-1].encode("utf-8")))
            per_cell[number].append(replace(diagnostic, line=diagnostic.line - shift, end_line=end_line,
                                            end_col=end_col))
    return per_cell


#: Seconds an open document that imports a changed module waits before it is linted again (after the changed
#: document itself, so that the document being typed in is answered first).
DEPENDENTS_DELAY = 0.2

#: The files the server asks the editor to watch (when it can register watchers): modules, and the files that
#: hold a project's configuration, pins or ignore patterns.
WATCHED = ("**/*.py", "**/pyproject.toml", "**/setup.cfg", "**/setup.py", "**/requirements*.txt", "**/Pipfile",
           "**/environment.yml", "**/environment.yaml", "**/.gitignore")

#: ``FileChangeType`` of a file changed in place (1 is created, 3 deleted).
CHANGED = 2

Stamp = Optional[tuple[int, int]]  # (mtime in ns, size) of a file as read; None: it could not be read


class Cancellable(Protocol):
    def cancel(self) -> None: ...


#: How the state asks for ``callback`` to be called after ``delay`` seconds (the event loop's ``call_later``).
Scheduler = Callable[[float, Callable[[], None]], Cancellable]

#: How the state publishes the diagnostics of a URI, with the document version they are for.
Publisher = Callable[[str, "list[types.Diagnostic]", Optional[int]], None]


@dataclass
class Document:
    """An open text document as the editor holds it."""

    uri: str
    text: str
    version: Optional[int] = None
    language: Optional[str] = "python"


class EditorIndex(ProjectIndex):
    """The server's project index: it also tells whether it is in the middle of reading or forgetting modules
    (where a lint must not be stopped: its state would be left half-made)."""

    def __init__(self, reader: Callable[[Path], Optional[str]]) -> None:
        super().__init__(reader=reader)
        self.forgetting = 0  # calls of :meth:`invalidate` under way

    def invalidate(self, path: Path) -> None:
        self.forgetting += 1
        try:
            super().invalidate(path)
        finally:
            self.forgetting -= 1

    def busy(self) -> bool:
        return bool(self.computing or self.nested or self.forgetting)


@dataclass
class Linted:
    """What the engine last found in a document, and what that depended on besides its text: a later text that
    differs only inside a comment has the same findings while these are unchanged."""

    text: str
    checked: Optional[Checked]
    config: Config
    project: Project
    generation: int  # :attr:`ServerState.generation` once linted
    comment: Optional[tuple[int, int]] = None  # where the last edit was: a comment of ``text`` (its span)


class ServerState:
    """What the server knows and does, without any transport: the open documents and notebooks, their
    configuration, the project index (reading open documents as the editor holds them, other modules as on
    disk), and the lints waiting for a burst of changes to end. The LSP layer (:func:`create_server`) feeds it
    the editor's notifications; tests can drive it directly (with ``later=None``, :meth:`flush` runs what is
    pending). With ``waiting`` (whether a message from the editor is waiting to be read), a changed document is
    linted as soon as none is; without it, :data:`DEBOUNCE` seconds after its last change.

    A change to a document re-lints that document only. The index learns what the document exports from that
    lint; only when its exports differ are the modules whose exports came through it forgotten and the open
    documents that import it linted again (the index keeps who imports whom as it reads imports).
    Before each lint, the modules the document imports that were read from disk are checked by (mtime, size):
    findings follow the files on disk even when the editor sends no file events."""

    def __init__(self, publish: Publisher, show: Optional[Callable[[str], None]] = None,
                 later: Optional[Scheduler] = None, encoding: str = "utf-16",
                 waiting: Optional[Callable[[], bool]] = None) -> None:
        self.publish = publish
        self.show = show
        self.later = later
        self.waiting = waiting
        self.encoding = encoding
        self.documents: dict[str, Document] = {}  # open text documents by URI
        self.opened: dict[Path, str] = {}  # their files -> their URIs
        self.notebooks: dict[str, list[Document]] = {}  # open notebooks' URIs -> their code cells
        self.notebook_files: dict[Path, str] = {}  # their files -> their URIs
        self.pending: dict[str, Optional[Cancellable]] = {}  # URIs to lint once changes stop
        self.reported: set[str] = set()  # messages already shown, so each is shown once
        self.linted: dict[str, Linted] = {}  # open text documents -> what the engine last found in them
        self.generation = 0  # counts what the index forgot: exports changed, files changed on disk
        self.checks = 0  # times the engine linted a document (not counted: an edit inside a comment)
        self.linting = False  # the engine is linting a document and may be stopped (:meth:`interrupt`)
        self.reset()

    def reset(self) -> None:
        """Start again from an empty project index (files were created or deleted: imports may lead elsewhere)."""
        self.index = EditorIndex(self.read)
        self.stamps: dict[Path, Stamp] = {}  # modules read from disk -> how they looked then
        self.generation += 1

    # -- the editor's notifications ------------------------------------------------------------------------

    def open(self, uri: str, text: str, version: Optional[int] = None, language: Optional[str] = "python") -> None:
        self.documents[uri] = Document(uri, text, version, language)
        self.linted.pop(uri, None)
        path = self.path_of(uri)
        if path is not None:
            self.opened[path] = uri
        self.lint(uri)

    def change(self, uri: str, text: str, version: Optional[int] = None) -> None:
        """The document's new text: linted once the burst of changes stops."""
        document = self.documents.get(uri)
        if document is None:
            return self.open(uri, text, version)
        document.text, document.version = text, version
        self.when_idle(uri)

    def save(self, uri: str) -> None:
        if uri in self.documents:
            self.lint(uri)

    def close(self, uri: str) -> None:
        """Clear the document's diagnostics; its file as saved counts again for its importers."""
        self.documents.pop(uri, None)
        self.linted.pop(uri, None)
        self.cancel(uri)
        self.publish(uri, [], None)
        path = self.path_of(uri)
        if path is not None and self.opened.get(path) == uri:
            del self.opened[path]
            self.on_disk(path)

    def open_notebook(self, uri: str, cells: list[Document]) -> None:
        self.notebooks[uri] = cells
        path = self.path_of(uri)
        if path is not None:
            self.notebook_files[path] = uri
        self.lint(uri)

    def change_notebook(self, uri: str, cells: list[Document]) -> None:
        self.notebooks[uri] = cells
        self.when_idle(uri)

    def close_notebook(self, uri: str, cells: list[str]) -> None:
        self.notebooks.pop(uri, None)
        self.notebook_files = {path: other for path, other in self.notebook_files.items() if other != uri}
        self.cancel(uri)
        for cell in cells:
            self.publish(cell, [], None)

    def files_changed(self, changes: list[tuple[str, int]]) -> None:
        """Files the editor watches were created, changed or deleted (``(uri, FileChangeType)``)."""
        everything = False
        for uri, kind in changes:
            path = self.path_of(uri)
            if path is None:
                continue
            if path.suffix != ".py" or kind != CHANGED:
                everything = True  # a project file, or a module created or deleted: imports may lead elsewhere
            elif path not in self.opened:  # an open document is read as the editor holds it
                self.on_disk(path)
        if everything:
            self.reset()
            for uri in [*self.documents, *self.notebooks]:
                self.schedule(uri, DEPENDENTS_DELAY)

    # -- linting -------------------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds without changes (at :meth:`flush` without a scheduler)."""
        self.cancel(uri)
        self.pending[uri] = self.later(delay, lambda: self.lint(uri)) if self.later is not None else None

    def when_idle(self, uri: str) -> None:
        """Lint ``uri`` once no message is waiting to be read, or :data:`PATIENCE` seconds from now (without
        :attr:`waiting`: after :data:`DEBOUNCE` seconds without changes; at :meth:`flush` without a scheduler)."""
        if self.waiting is None or self.later is None:
            return self.schedule(uri, DEBOUNCE)
        self.cancel(uri)
        later, waiting = self.later, self.waiting
        deadline = time.monotonic() + PATIENCE

        def idle() -> None:
            if waiting() and time.monotonic() < deadline:
                self.pending[uri] = later(IDLE_POLL, idle)
            else:
                self.lint(uri)

        self.pending[uri] = later(0, idle)

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def flush(self) -> None:
        """Lint every pending document now (and those its lint makes pending)."""
        while self.pending:
            self.lint(next(iter(self.pending)))

    def lint(self, uri: str) -> None:
        """Lint a document or notebook now and publish its diagnostics. Python's cycle collector waits until they
        are published (a full collection walks every object the server keeps: tens of milliseconds)."""
        self.cancel(uri)
        with paused():
            if uri in self.notebooks:
                self.lint_notebook(uri)
            elif uri in self.documents:
                self.lint_document(uri)

    def lint_document(self, uri: str) -> None:
        """Lint a text document: by the engine, unless its text is the text the engine last linted, or differs
        from it only inside a comment, and nothing that lint depended on changed (its configuration and pin, the
        modules the index read): then the engine's findings are settled again (its importers are other files),
        and the index is left as it is (the module exports what it exported)."""
        document = self.documents[uri]
        path, config = self.config_for(uri)
        if path is not None:
            self.revalidate(path)
            self.cancel(uri)  # were it an importer of a module changed on disk: linted now
        before: Optional[Exports] = None
        try:
            project = document_project(path, config)
            last = self.linted.get(uri)
            holds = last is not None and (last.config, last.project, last.generation) == (config, project,
                                                                                          self.generation)
            if last is not None and holds and last.text != document.text:
                last.comment = edited_comment(last.text, document.text, last.comment)
                holds = last.comment is not None
            if last is None or not holds:
                if path is not None:
                    before = self.index.cache.pop(path, None)
                    self.index.facts.pop(path, None)  # its TF1 evidence, for the modules it imports, is read again
                self.checks += 1
                self.linting = True
                try:
                    checked = check_document(document.text, path, config, project, self.index)
                finally:
                    self.linting = False
                last = self.linted[uri] = Linted(document.text, checked, config, project, self.generation)
            last.text = document.text
            diagnostics = to_lsp(settle_document(last.checked, path, config, self.index), source_lines(document.text),
                                 self.encoding)
        except Interrupted:  # a change arrived: this text is out of date
            if path is not None and before is not None:
                self.index.cache[path] = before  # compared with what the next lint finds
            self.when_idle(uri)
            return
        except Exception as error:  # a bug in tf2lint: say so once, keep serving
            self.show_once(f"tf2lint: internal error, please report it: {type(error).__name__}: {error}")
            self.linted.pop(uri, None)
            diagnostics = []
        self.publish(uri, diagnostics, document.version)
        if path is not None and before is not None and not _same(before, self.index.cache.get(path)):
            self.exports_changed(path)
        if uri in self.linted:
            self.linted[uri].generation = self.generation

    def interrupt(self) -> None:
        """Stop the engine's lint of a document, if it is linting one and the project index is between two reads
        (a change of a document arrived: the lint would be out of date). Called in the main thread, by the
        handler of :data:`INTERRUPT`; raises :class:`Interrupted` there."""
        if self.linting and not self.index.busy():
            self.linting = False
            raise Interrupted

    def lint_notebook(self, uri: str) -> None:
        path, config = self.config_for(uri)
        cells = [cell for cell in self.notebooks[uri] if cell.language in (None, "python")]
        try:
            found = [] if excluded(path, config) else lint_cells([cell.text for cell in cells], config,
                                                                 document_project(path, config), self.index, path)
        except Exception as error:  # a bug in tf2lint: say so once, keep serving
            self.show_once(f"tf2lint: internal error, please report it: {type(error).__name__}: {error}")
            found = [[] for _ in cells]
        for cell, diagnostics in zip(cells, found):
            self.publish(cell.uri, to_lsp(diagnostics, source_lines(cell.text), self.encoding), cell.version)

    # -- the project index ---------------------------------------------------------------------------------

    def read(self, path: Path) -> Optional[str]:
        """A project module as the editor holds it (open and maybe unsaved), else as saved (its stamp kept)."""
        uri = self.opened.get(path)
        if uri is not None:
            return self.documents[uri].text
        self.stamps[path] = _stamp(path)  # before reading: a change while it is read is seen next time
        return read_module(path)

    def dependents(self, path: Path) -> set[Path]:
        """The modules whose imports reach ``path``, directly or not (the index's reverse edges, kept as it reads
        imports: linear in the dependents)."""
        found = self.index.dependents(path)
        found.discard(path)
        return found

    def exports_changed(self, path: Path) -> None:
        """Forget the exports that came through ``path``; lint the open documents importing it again."""
        self.generation += 1
        dependents = self.dependents(path)
        for module in dependents:
            self.index.cache.pop(module, None)
        for module in sorted(dependents):
            uri = self.opened.get(module) or self.notebook_files.get(module)
            if uri is not None:
                self.schedule(uri, DEPENDENTS_DELAY)

    def on_disk(self, path: Path) -> None:
        """``path`` changed on disk: forget it and what came through it, re-lint its open importers."""
        self.index.cache.pop(path, None)
        self.stamps.pop(path, None)
        self.exports_changed(path)  # counts in :attr:`generation`

    def revalidate(self, path: Path) -> None:
        """Forget the modules ``path`` imports (directly or not) whose file changed since it was read."""
        seen = {path}
        todo = [path]
        while todo:
            for module in self.index.depends.get(todo.pop(), ()):
                if module not in seen:
                    seen.add(module)
                    todo.append(module)
                    if module in self.stamps and _stamp(module) != self.stamps[module]:
                        self.on_disk(module)

    # -- configuration and messages ------------------------------------------------------------------------

    def path_of(self, uri: str) -> Optional[Path]:
        """The absolute file of a ``file:`` URI; None for other schemes, and for a file name Python cannot
        use (a ``%00``: said once, the document is linted without a file)."""
        fs_path = to_fs_path(uri)
        if not fs_path:
            return None
        if "\0" in fs_path:
            self.show_once(f"tf2lint: the document URI {uri} names a file with a NUL character (%00): "
                           "linted without its project's configuration")
            return None
        return Path(os.path.abspath(fs_path))

    def config_for(self, uri: str) -> tuple[Optional[Path], Config]:
        path = self.path_of(uri)
        if path is None:
            return None, Config()
        try:
            return path, load_config(path)
        except Exception as error:  # ConfigError, or any other reason it cannot be read: the defaults
            self.show_once(f"tf2lint: {error} (using the defaults)")
            return path, Config()

    def show_once(self, message: str) -> None:
        if message not in self.reported:
            self.reported.add(message)
            log(message)
            if self.show is not None:
                self.show(message)


def _stamp(path: Path) -> Stamp:
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return status.st_mtime_ns, status.st_size


def _same(before: Exports, after: Optional[Exports]) -> bool:
    """Whether a module exports the same before and after a change."""
    return after is not None and all(getattr(before, slot) == getattr(after, slot) for slot in Exports.__slots__)


def create_server(stdin: Optional[FramedInput] = None) -> LanguageServer:
    """A language server over a :class:`ServerState`: it publishes diagnostics on didOpen, didSave and
    didChange of documents and notebooks (with ``stdin``, the input the server reads: once no message is
    waiting to be read, a lint stopped when a change arrives; else debounced), clears them on didClose, and
    asks the editor to watch the project's modules and configuration files when the editor can register
    watchers. ``[tool.tf2lint]`` is read from the pyproject.toml above each ``file:`` document; a broken one is
    shown once and the defaults are used."""
    notebooks = types.NotebookDocumentSyncOptions(notebook_selector=[types.NotebookDocumentFilterWithCells(
        cells=[types.NotebookCellLanguage(language="python")], notebook="*")], save=True)
    server = LanguageServer("tf2lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                            notebook_document_sync=notebooks)

    def publish(uri: str, diagnostics: list[types.Diagnostic], version: Optional[int]) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def show(message: str) -> None:
        server.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    def later(delay: float, callback: Callable[[], None]) -> Cancellable:
        return asyncio.get_running_loop().call_later(delay, callback)

    state = ServerState(publish, show, later, waiting=stdin.waiting if stdin is not None else None)
    if stdin is not None:
        interruptible(state, stdin)

    def cells(notebook_uri: str) -> list[Document]:
        notebook = server.workspace.get_notebook_document(notebook_uri=notebook_uri)
        documents = [server.workspace.get_text_document(cell.document) for cell in notebook.cells
                     if cell.kind == types.NotebookCellKind.Code] if notebook is not None else []
        return [Document(d.uri, d.source, d.version, d.language_id) for d in documents]

    def negotiated() -> None:
        """The position encoding agreed at ``initialize`` (a str enum or a str: ``to_lsp`` compares with ==)."""
        state.encoding = server.workspace.position_encoding or "utf-16"

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        negotiated()
        watched = server.client_capabilities.workspace and server.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            server.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="tf2lint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        negotiated()  # were ``initialized`` never sent
        document = params.text_document
        if server.workspace.get_notebook_document(cell_uri=document.uri) is None:  # a cell: its notebook is linted
            state.open(document.uri, document.text, document.version, document.language_id)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in state.documents:
            state.change(uri, server.workspace.get_text_document(uri).source, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        state.save(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        if params.text_document.uri in state.documents:
            state.close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        state.files_changed([(event.uri, int(event.type)) for event in params.changes])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(params: types.DidOpenNotebookDocumentParams) -> None:
        negotiated()
        state.open_notebook(params.notebook_document.uri, cells(params.notebook_document.uri))

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(params: types.DidChangeNotebookDocumentParams) -> None:
        state.change_notebook(params.notebook_document.uri, cells(params.notebook_document.uri))

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(params: types.DidSaveNotebookDocumentParams) -> None:
        state.lint(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(params: types.DidCloseNotebookDocumentParams) -> None:
        state.close_notebook(params.notebook_document.uri, [cell.uri for cell in params.cell_text_documents])

    return server


def interruptible(state: ServerState, stdin: FramedInput) -> None:
    """Stop the state's lint of a document when bytes of a change arrive meanwhile: the thread reading ``stdin``
    sends :data:`INTERRUPT` to the main thread, whose handler stops the lint (where it is safe). Only in the main
    thread of a POSIX system (elsewhere a lint runs to its end)."""
    if (INTERRUPT is None or not hasattr(signal, "pthread_kill")
            or threading.current_thread() is not threading.main_thread()):
        return
    main = threading.main_thread().ident
    assert main is not None
    signal.signal(INTERRUPT, lambda number, frame: state.interrupt())

    def on_input(chunk: bytes) -> None:
        if state.linting and CHANGE in chunk:
            signal.pthread_kill(main, INTERRUPT)

    stdin.on_input = on_input


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the language server on stdin/stdout until the client sends ``exit``."""
    parser = argparse.ArgumentParser(
        prog="tf2lint server",
        description="Publish tf2lint findings to an editor as LSP diagnostics, over stdin/stdout.")
    parser.add_argument("--stdio", action="store_true",
                        help="accepted for LSP clients that pass it; stdio is the only transport")
    parser.parse_args(argv)
    if LanguageServer is None:
        print("tf2lint server needs pygls: python3 -m pip install 'tf2lint[lsp]'", file=sys.stderr)
        return 2
    try:
        select.select([sys.stdin.buffer], [], [], 0)  # pipes can be waited on (not on Windows)
    except (OSError, ValueError):
        create_server().start_io()
    else:
        stdin = FramedInput(sys.stdin.buffer)
        create_server(stdin).start_io(stdin=stdin)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
