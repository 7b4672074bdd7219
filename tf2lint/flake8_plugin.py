"""flake8 adapter: reports the engine's findings on the tree flake8 already parsed. Imports of the project's
own modules are resolved through the process's project index (each imported module read once)."""
from __future__ import annotations

import ast
from typing import Iterator

from tf2lint import __version__
from tf2lint.engine import SourceError, lint_tree
from tf2lint.project import shared_index


class Plugin:
    """flake8 ``TF`` plugin (entry point group ``flake8.extension``)."""

    name = "tf2lint"
    version = __version__

    def __init__(self, tree: ast.AST, lines: list[str], filename: str = "<unknown>") -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        filename = "<unknown>" if self.filename in ("-", "stdin") else self.filename
        try:
            diagnostics = lint_tree(self.tree, "".join(self.lines), index=shared_index(), filename=filename)
        except SourceError:
            return  # flake8 reports what it cannot handle itself
        for diagnostic in diagnostics:
            yield diagnostic.line, diagnostic.col, f"{diagnostic.code} {diagnostic.text()}", type(self)
