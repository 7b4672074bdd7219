"""tf2lint: find TensorFlow 1 idioms and say, line by line, what the TF2-native replacement is.

>>> import tf2lint
>>> [d.code for d in tf2lint.lint_source("import tensorflow as tf\\nx = tf.placeholder(tf.float32)\\n")]
['TF306']

:func:`lint_paths` returns what the ``tf2lint`` command reports for files and folders, each file judged by
its own ``[tool.tf2lint]`` and project; :func:`lint_file` lints one file the same way. Columns
(``Diagnostic.col`` / ``end_col``) are 0-based offsets in UTF-8 bytes, as ``ast`` and flake8 count them; lines
are 1-based. docs/api.md describes the API.
"""
from __future__ import annotations

__version__ = "0.2.0"

from tf2lint.api import FileReport, NotebookCellError, lint_file, lint_paths  # noqa: E402
from tf2lint.config import Config, ConfigError  # noqa: E402
from tf2lint.context import Project  # noqa: E402
from tf2lint.diagnostic import HIGH, INFERENCE, Diagnostic  # noqa: E402
from tf2lint.engine import SourceError, lint_source, lint_tree  # noqa: E402
from tf2lint.notebook import CellDiagnostic  # noqa: E402
from tf2lint.results import FileError  # noqa: E402
from tf2lint.rules import RULES, Rule  # noqa: E402

__all__ = [
    "HIGH", "INFERENCE", "RULES", "CellDiagnostic", "Config", "ConfigError", "Diagnostic", "FileError",
    "FileReport", "NotebookCellError", "Project", "Rule", "SourceError", "__version__", "lint_file",
    "lint_paths", "lint_source", "lint_tree",
]
