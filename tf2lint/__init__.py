"""tf2lint: find TensorFlow 1 idioms and say, line by line, what the TF2-native replacement is.

>>> import tf2lint
>>> [d.code for d in tf2lint.lint_source("import tensorflow as tf\\nx = tf.placeholder(tf.float32)\\n")]
['TF306']

Columns (``Diagnostic.col`` / ``end_col``) are 0-based offsets in UTF-8 bytes, as ``ast`` and flake8 count
them; lines are 1-based.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from tf2lint import engine
from tf2lint.diagnostic import HIGH, INFERENCE, Diagnostic
from tf2lint.engine import SourceError, lint_source, lint_tree
from tf2lint.notebook import CellDiagnostic
from tf2lint.rules import RULES, Rule

__version__ = "0.1.0"

__all__ = [
    "HIGH", "INFERENCE", "RULES", "CellDiagnostic", "Diagnostic", "Rule", "SourceError", "__version__", "lint_file",
    "lint_source", "lint_tree",
]


def lint_file(path: Union[str, "os.PathLike[str]"], noqa: bool = True) -> list[Diagnostic]:
    """Lint one Python file, or a Jupyter notebook by its ``.ipynb`` suffix; the file is only read.

    As the plugins do, the file is judged in its project: imports of the project's modules are followed (the
    process's index keeps what they export), its project's TF1 pin and setting apply, and its importers can
    make it TF1 code (:mod:`tf2lint.propagation`). A notebook's findings are :class:`CellDiagnostic` objects:
    lines within their cell, and the cell.
    Raises :class:`SourceError` for a file that cannot be read or parsed (for a notebook: any of its cells).
    """
    name = os.fspath(path)
    if not name.lower().endswith(".ipynb"):
        from tf2lint.index import shared_index  # here: a plain ``import tf2lint`` stays light
        from tf2lint.propagation import in_project
        from tf2lint.tfversion import project_for

        index = shared_index()
        text = engine.read_source(Path(name))
        return in_project(engine.check_source(text, name, noqa, project_for(Path(name)), index), name, index)
    from tf2lint.config import Config  # here: the flake8 and pylint plugins import tf2lint and need neither
    from tf2lint.runner import Options, lint_path

    result = lint_path(name, Options(Config(), noqa=noqa))
    if result.error is not None:
        raise SourceError(result.error.message, result.error.line, result.error.column - 1)
    return [CellDiagnostic(**vars(finding.diagnostic), cell=finding.cell or 0) for finding in result.findings]
