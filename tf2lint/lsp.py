"""``tf2lint server``: a Language Server Protocol server on stdio that publishes tf2lint findings as
diagnostics. It lints the whole document on open, change and save, and never edits it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from tf2lint import __version__
from tf2lint.config import Config, ConfigError, load_config
from tf2lint.diagnostic import Diagnostic
from tf2lint.engine import SourceError, lint_source, source_lines
from tf2lint.files import is_excluded, patterns
from tf2lint.rules import ERROR, INFO, WARNING

try:
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path
except ImportError:  # the optional ``lsp`` extra is not installed: main() says so
    LanguageServer = None

#: LSP ``DiagnosticSeverity`` (1 Error, 2 Warning, 3 Information) per rule severity.
SEVERITY = {ERROR: 1, WARNING: 2, INFO: 3}

#: Line breaks as both Python's tokenizer and LSP count them.


def lsp_character(line: str, byte_col: int, encoding: str) -> int:
    """An ``ast`` column (UTF-8 bytes into ``line``) in the code units of an LSP position encoding
    (``utf-8``, ``utf-16``, the LSP default, or ``utf-32``)."""
    prefix = line.encode("utf-8", "surrogatepass")[:byte_col]
    if encoding == "utf-8":
        return len(prefix)
    chars = prefix.decode("utf-8", "ignore")
    if encoding == "utf-32":
        return len(chars)
    return len(chars.encode("utf-16-le", "surrogatepass")) // 2


def lint_document(text: str, path: Optional[Path], config: Config) -> list[Diagnostic]:
    """The selected findings of a document, ``# noqa`` applied; none when it does not parse (the
    Python language server already reports syntax errors) or the configuration excludes it."""
    if path is not None and config.root is not None and is_excluded(
            path, patterns(config.excludes, config.root), config.root):
        return []
    try:
        found = lint_source(text, str(path) if path else "<unknown>")
    except SourceError:
        return []
    return [d for d in found if config.selects(d.code)]


def to_lsp(diagnostic: Diagnostic, lines: Sequence[str], encoding: str) -> types.Diagnostic:
    """One finding as an LSP diagnostic; ``lines`` is the document split as Python numbers lines."""

    def position(line: int, col: int) -> types.Position:
        text = lines[line - 1] if line <= len(lines) else ""
        return types.Position(line=line - 1, character=lsp_character(text, col, encoding))

    rule = diagnostic.rule
    return types.Diagnostic(
        range=types.Range(
            start=position(diagnostic.line, diagnostic.col),
            end=position(diagnostic.end_line, diagnostic.end_col),
        ),
        message=diagnostic.text(),
        severity=types.DiagnosticSeverity(SEVERITY[rule.severity]),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=rule.doc_url),
        source="tf2lint",
    )


def create_server() -> LanguageServer:
    """A language server that publishes diagnostics on didOpen, didChange and didSave and clears them on
    didClose. ``[tool.tf2lint]`` is read from the pyproject.toml above each ``file:`` document."""
    server = LanguageServer("tf2lint", __version__)  # incremental text sync
    reported: set[str] = set()  # configuration errors already shown, so each is shown once

    def config_for(path: Optional[Path]) -> Config:
        if path is None:
            return Config()
        try:
            return load_config(path)
        except ConfigError as error:
            if str(error) not in reported:
                reported.add(str(error))
                server.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Warning, message=f"tf2lint: {error} (using the defaults)"))
            return Config()

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        fs_path = to_fs_path(uri)
        path = Path(fs_path) if fs_path else None
        text = document.source
        lines = source_lines(text)
        encoding = server.workspace.position_encoding or "utf-16"  # a str enum or a str: compare with ==
        diagnostics = [to_lsp(d, lines, encoding) for d in lint_document(text, path, config_for(path))]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

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
    create_server().start_io()
    return 0


if __name__ == "__main__":
    sys.exit(main())
