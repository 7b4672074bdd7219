"""flake8 adapter: reports the engine's findings on the tree flake8 already parsed. Imports of the project's
own modules are resolved through the process's project index (each imported module read once), and a
module's importers in its project can make it TF1 code (:mod:`tf2lint.propagation`).

Each file is judged as the command judges it: ``[tool.tf2lint]`` of the nearest pyproject.toml with that table
above it (its ``select``, ``ignore``, ``per-file-ignores``, ``exclude`` and ``tensorflow``; flake8's own
selection applies on top; ``flake8 --isolated`` ignores it as it ignores flake8's configuration), and the
TensorFlow 1 pin at its project root (read once per root). flake8's option ``--tf2lint-tensorflow {1,2,auto}``
(or ``tf2lint-tensorflow = 1`` in the flake8 configuration) wins over the configured ``tensorflow``.

A broken configuration (``tf2lint-tensorflow = yes``, ``tensorflow = "one"`` in ``[tool.tf2lint]`` of a path
given) stops flake8 as a bad option does: one ``flake8: error:`` line on stderr, exit status 2.
"""
from __future__ import annotations

import ast
import os
import sys
from pathlib import Path
from typing import Any, Iterator, NoReturn, Optional, Sequence

from tf2lint import __version__
from tf2lint.config import ConfigError, load_config, parse_table, read_table
from tf2lint.context import SETTINGS
from tf2lint.engine import SourceError, apply_noqa, check, reaches_tensorflow, unreached
from tf2lint.files import SKIP_DIRS, is_virtualenv
from tf2lint.cache import shared_index
from tf2lint.collector import paused
from tf2lint.index import is_folder
from tf2lint.propagation import in_project
from tf2lint.settings import excluded, file_settings, selected


def option_error(message: str) -> NoReturn:
    """Stop flake8 as it stops on a bad option: one line on stderr, exit status 2."""
    print(f"flake8: error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def check_options(tensorflow: Optional[str], filenames: Sequence[str], isolated: bool) -> None:
    """Stop on a ``tf2lint-tensorflow`` value that is none of 1, 2, auto (flake8 does not check the choices of
    a value from its configuration file), or a broken ``[tool.tf2lint]`` above a path given."""
    if tensorflow is not None and tensorflow not in SETTINGS:
        option_error(f"argument --tf2lint-tensorflow (tf2lint-tensorflow in the flake8 configuration): invalid "
                     f"choice: {tensorflow!r} (choose from {', '.join(map(repr, SETTINGS))})")
    if isolated:
        return
    try:
        for name in filenames or ["."]:
            path = Path(name if name != "-" else ".")
            load_config(path)
            for found in pyprojects_below(path):
                table = read_table(found)
                if table is not None:
                    parse_table(table, found)
    except ConfigError as error:
        option_error(str(error))


def pyprojects_below(folder: Path) -> Iterator[Path]:
    """The pyproject.toml files in and below ``folder`` (as the command walks: no version control folders,
    caches or virtual environments), so that a sub-project's broken configuration stops flake8 before any
    file is linted."""
    if not is_folder(folder):
        return
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders
                            if name not in SKIP_DIRS and not is_virtualenv(Path(top) / name))
        if "pyproject.toml" in files:
            yield Path(os.path.abspath(os.path.join(top, "pyproject.toml")))


def isolated() -> bool:
    """Whether flake8 runs with ``--isolated``: flake8 reads that option before the others (it never reaches
    ``parse_options``), from its command line, with the parser used here."""
    try:
        from flake8.main.options import stage1_arg_parser  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - an older or newer flake8
        return "--isolated" in sys.argv[1:]
    return bool(stage1_arg_parser().parse_known_args(sys.argv[1:])[0].isolated)


_REPORTED: set[str] = set()


def report_once(message: str) -> None:
    if message not in _REPORTED:
        _REPORTED.add(message)
        print(message, file=sys.stderr, flush=True)


class Plugin:
    """flake8 ``TF`` plugin (entry point group ``flake8.extension``)."""

    name = "tf2lint"
    version = __version__
    tensorflow: Optional[str] = None  # --tf2lint-tensorflow
    isolated = False  # flake8 --isolated: no configuration file is read
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
        cls.isolated = isolated()
        check_options(options.tf2lint_tensorflow, getattr(options, "filenames", None) or [], cls.isolated)
        cls.tensorflow = options.tf2lint_tensorflow
        cls.disable_noqa = bool(getattr(options, "disable_noqa", False))

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        with paused():
            found = list(self._run())
        yield from found

    def _run(self) -> Iterator[tuple[int, int, str, type]]:
        filename = "<unknown>" if self.filename in ("-", "stdin") else self.filename
        text = "".join(self.lines)
        index = shared_index(filename)
        if not reaches_tensorflow(text, filename, index):  # most files: no configuration read
            unreached(filename, index)  # the index learns it exports nothing
            return
        path = Path(filename if filename != "<unknown>" else "stdin.py")  # stdin: the current folder's settings
        try:
            settings = file_settings(path, self.isolated, self.tensorflow,
                                     f"`--tf2lint-tensorflow {self.tensorflow}`")
        except ConfigError as error:  # changed since flake8 started: said once, the file gets no finding
            report_once(f"flake8: error: {error}")
            return
        if excluded(path, settings):
            return
        try:
            checked = check(self.tree, text, settings.project, index=index, filename=filename)
            diagnostics = in_project(checked, filename, index)
            if not self.disable_noqa:  # ``# tf2lint: noqa``; flake8 applies ``# noqa`` itself
                diagnostics = apply_noqa(diagnostics, self.lines, per_line=False)
        except SourceError:
            return  # flake8 reports what it cannot handle itself
        for diagnostic in selected(path, settings, diagnostics):
            yield diagnostic.line, diagnostic.col, f"{diagnostic.code} {diagnostic.text()}", type(self)
