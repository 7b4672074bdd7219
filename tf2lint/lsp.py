"""``tf2lint server``: a Language Server Protocol server on stdio that publishes tf2lint findings as
diagnostics. It lints the whole document on open and save, shortly after the last of a burst of changes, and
a notebook's code cells as one module; it never edits a document. Imports of the workspace's own modules are
resolved through a project index that reads open documents as the editor holds them; a change to one re-lints
the open documents whose imports reach it."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import select
import sys
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Optional, Sequence

from tf2lint import __version__
from tf2lint.columns import Columns
from tf2lint.config import Config, load_config
from tf2lint.context import Context, Project
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import SourceError, apply_noqa, check_source, lint_tree, source_lines
from tf2lint.files import is_excluded, patterns
from tf2lint.notebook import cells_tree, python_lines
from tf2lint.project import ProjectIndex, read_module
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

#: Seconds without a change before a changed document is linted again.
DEBOUNCE = 0.25

#: The largest message body read (bytes); a larger Content-Length is reported and its body skipped.
MAX_MESSAGE = 256 * 1024 * 1024

#: How a header line starts: where the framing is found again after a wrong Content-Length.
HEADER = re.compile(rb"Content-Length: *\d+\r\n")


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

    def _fill(self, wait: Optional[float] = None) -> bool:
        """Read what is there (waiting at most ``wait`` seconds for it, or until it comes); False if nothing."""
        if self.eof:
            return False
        if wait is not None and not select.select([self.fd], [], [], wait)[0]:
            return False
        chunk = os.read(self.fd, 1 << 16)
        self.eof = not chunk
        self.buffer += chunk
        return bool(chunk)

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
    if excluded(path, config):
        return []
    try:
        filename = str(path) if path else "<unknown>"
        found = in_project(check_source(text, filename, project=document_project(path, config), index=index),
                           filename, index)
    except SourceError:
        return []
    return [d for d in found if config.selects(d.code, path)]


def document_project(path: Optional[Path], config: Config) -> Project:
    """The TF1 setting of the document's configuration and its project's pin (as the command reads them)."""
    if path is None:
        return Project()
    return project_for(path, config.tensorflow, setting_text(config.tensorflow, "pyproject.toml"))


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


def lint_cells(cells: list[str], config: Config, project: Project = Project()) -> list[list[Diagnostic]]:
    """The selected findings of a notebook's code cells linted as one module, as Jupyter runs them, each
    cell's with lines of its own; a cell that does not parse is left out."""
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
        index = max(i for i, start in enumerate(starts) if start <= line)
        return f"in code cell {index + 1} on line {line - starts[index] + 1}"

    try:
        found = apply_noqa(lint_tree(tree, "\n".join(lines), context=Context(project, place)), lines)
    except SourceError:
        found = []
    per_cell: list[list[Diagnostic]] = [[] for _ in cells]
    for diagnostic in found:
        if config.selects(diagnostic.code):
            index = max(i for i, start in enumerate(starts) if start <= diagnostic.line)
            shift = starts[index] - 1
            end_line = min(diagnostic.end_line - shift, len(source_lines(cells[index])))
            per_cell[index].append(replace(diagnostic, line=diagnostic.line - shift, end_line=end_line,
                                           end_col=diagnostic.end_col if end_line == diagnostic.end_line - shift
                                           else len(source_lines(cells[index])[-1].encode("utf-8"))))
    return per_cell


def create_server() -> LanguageServer:
    """A language server that publishes diagnostics on didOpen, didSave and (debounced) didChange of
    documents and notebooks, and clears them on didClose. ``[tool.tf2lint]`` is read from the
    pyproject.toml above each ``file:`` document; a broken one is shown once and the defaults are used."""
    notebooks = types.NotebookDocumentSyncOptions(notebook_selector=[types.NotebookDocumentFilterWithCells(
        cells=[types.NotebookCellLanguage(language="python")], notebook="*")], save=True)
    server = LanguageServer("tf2lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                            notebook_document_sync=notebooks)
    reported: set[str] = set()  # messages already shown, so each is shown once
    pending: dict[str, asyncio.TimerHandle] = {}  # documents to lint once changes stop
    opened: dict[Path, str] = {}  # the open text documents' files -> their URIs

    def read(path: Path) -> Optional[str]:
        """A project module as the editor holds it (open and maybe unsaved), else as saved."""
        uri = opened.get(path)
        return server.workspace.get_text_document(uri).source if uri is not None else read_module(path)

    index = ProjectIndex(reader=read)

    def changed(uri: str) -> list[str]:
        """Forget what the index read from ``uri``'s file; the other open documents whose imports reach it."""
        fs_path = to_fs_path(uri)
        if not fs_path:
            return []
        path = Path(os.path.abspath(fs_path))
        dependents = index.dependents(path)
        index.invalidate(path)
        return [opened[d] for d in sorted(dependents) if d in opened and opened[d] != uri]

    def show_once(message: str) -> None:
        if message not in reported:
            reported.add(message)
            log(message)
            server.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    def config_for(uri: str) -> tuple[Optional[Path], Config]:
        fs_path = to_fs_path(uri)
        path = Path(fs_path) if fs_path else None
        if path is None:
            return None, Config()
        try:
            return path, load_config(path)
        except Exception as error:  # ConfigError, or any other reason it cannot be read: the defaults
            show_once(f"tf2lint: {error} (using the defaults)")
            return path, Config()

    def encoding() -> str:
        return server.workspace.position_encoding or "utf-16"  # a str enum or a str: to_lsp compares with ==

    def publish(uri: str) -> None:
        handle = pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        notebook = server.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            return publish_notebook(notebook)
        if server.workspace.get_notebook_document(cell_uri=uri) is not None:
            return None  # a cell: its notebook is linted
        document = server.workspace.get_text_document(uri)
        path, config = config_for(uri)
        try:
            diagnostics = document_diagnostics(document.source, path, config, encoding(), index)
        except Exception as error:  # a bug in tf2lint: say so once, keep serving
            show_once(f"tf2lint: internal error, please report it: {type(error).__name__}: {error}")
            diagnostics = []
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    def publish_notebook(notebook: types.NotebookDocument) -> None:
        path, config = config_for(notebook.uri)
        cells = [server.workspace.get_text_document(cell.document) for cell in notebook.cells
                 if cell.kind == types.NotebookCellKind.Code]
        cells = [cell for cell in cells if cell.language_id in (None, "python")]
        try:
            found = [] if excluded(path, config) else lint_cells([cell.source for cell in cells], config,
                                                                 document_project(path, config))
        except Exception as error:  # a bug in tf2lint: say so once, keep serving
            show_once(f"tf2lint: internal error, please report it: {type(error).__name__}: {error}")
            found = [[] for _ in cells]
        for cell, diagnostics in zip(cells, found):
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=cell.uri, diagnostics=to_lsp(diagnostics, source_lines(cell.source), encoding()),
                version=cell.version))

    def later(uri: str) -> None:
        handle = pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, publish, uri)

    def clear(uris: list[str]) -> None:
        for uri in uris:
            handle = pending.pop(uri, None)
            if handle is not None:
                handle.cancel()
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def track(uri: str, is_open: bool) -> None:
        fs_path = to_fs_path(uri)
        if fs_path and is_open:
            opened[Path(os.path.abspath(fs_path))] = uri
        elif fs_path:
            opened.pop(Path(os.path.abspath(fs_path)), None)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        track(params.text_document.uri, True)
        dependents = changed(params.text_document.uri)
        publish(params.text_document.uri)
        for uri in dependents:
            publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        for uri in [params.text_document.uri, *changed(params.text_document.uri)]:
            later(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        for uri in [params.text_document.uri, *changed(params.text_document.uri)]:
            publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        track(params.text_document.uri, False)
        clear([params.text_document.uri])
        for uri in changed(params.text_document.uri):  # the file as saved counts again
            publish(uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        for event in params.changes:
            for uri in changed(event.uri):
                later(uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(params: types.DidOpenNotebookDocumentParams) -> None:
        publish(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(params: types.DidChangeNotebookDocumentParams) -> None:
        later(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(params: types.DidSaveNotebookDocumentParams) -> None:
        publish(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(params: types.DidCloseNotebookDocumentParams) -> None:
        clear([cell.uri for cell in params.cell_text_documents])

    return server


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
    server = create_server()
    try:
        select.select([sys.stdin.buffer], [], [], 0)  # pipes can be waited on (not on Windows)
    except (OSError, ValueError):
        server.start_io()
    else:
        server.start_io(stdin=FramedInput(sys.stdin.buffer))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
