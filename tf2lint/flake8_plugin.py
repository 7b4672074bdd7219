"""flake8 adapter: reports the engine's findings on the tree flake8 already parsed. Imports of the project's
own modules are resolved through the process's project index (each imported module read once), and a
module's importers in its project can make it TF1 code (:mod:`tf2lint.propagation`).

The TF1 setting is flake8's option ``--tf2lint-tensorflow {1,2,auto}`` (or ``tf2lint-tensorflow = 1`` in the
flake8 configuration); without it, ``tensorflow`` of ``[tool.tf2lint]`` in the nearest pyproject.toml, as the
command reads it. The project's TensorFlow 1 pin is read from the root above each file, once per root.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Iterator, Optional

from tf2lint import __version__
from tf2lint.context import SETTINGS, Project
from tf2lint.engine import SourceError, apply_noqa, check
from tf2lint.index import shared_index
from tf2lint.propagation import in_project
from tf2lint.tfversion import project_for


class Plugin:
    """flake8 ``TF`` plugin (entry point group ``flake8.extension``)."""

    name = "tf2lint"
    version = __version__
    tensorflow: Optional[str] = None  # --tf2lint-tensorflow
    disable_noqa = False  # flake8's --disable-noqa: ``# tf2lint: noqa`` is not applied either

    def __init__(self, tree: ast.AST, lines: list[str], filename: str = "<unknown>") -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option("--tf2lint-tensorflow", choices=SETTINGS, default=None, parse_from_config=True,
                           help="tf2lint: 1 if all files are TF1 code, 2 if none is, auto to judge from the "
                                "evidence (default: tensorflow of [tool.tf2lint] in pyproject.toml, else auto)")

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.tensorflow = options.tf2lint_tensorflow
        cls.disable_noqa = bool(getattr(options, "disable_noqa", False))

    def project(self, filename: str) -> Project:
        """The file's TF1 setting and its project's pin (stdin: the project of the current folder)."""
        return project_for(Path(filename if filename != "<unknown>" else "."), self.tensorflow,
                           f"`--tf2lint-tensorflow {self.tensorflow}`")

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        filename = "<unknown>" if self.filename in ("-", "stdin") else self.filename
        text = "".join(self.lines)
        index = shared_index()
        try:
            checked = check(self.tree, text, self.project(filename), index=index, filename=filename)
            diagnostics = in_project(checked, filename, index)
            if not self.disable_noqa:  # ``# tf2lint: noqa``; flake8 applies ``# noqa`` itself
                diagnostics = apply_noqa(diagnostics, self.lines, per_line=False)
        except SourceError:
            return  # flake8 reports what it cannot handle itself
        for diagnostic in diagnostics:
            yield diagnostic.line, diagnostic.col, f"{diagnostic.code} {diagnostic.text()}", type(self)
