"""What linting a file gives: its findings placed in the file, or why it could not be linted."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from tf2lint.columns import Columns
from tf2lint.diagnostic import Diagnostic

if TYPE_CHECKING:  # the flake8 and pylint plugins import tf2lint.notebook, which needs no configuration
    from tf2lint.config import Config


@dataclass(frozen=True)
class Finding:
    """A diagnostic placed in its file.

    ``diagnostic`` keeps the engine's 0-based UTF-8 byte columns (flake8's); for notebooks its lines are
    lines within ``cell``. ``column`` / ``end_column`` are 1-based character columns, the end exclusive.
    """

    diagnostic: Diagnostic
    column: int
    end_column: int
    source: str  # the finding's first line, stripped: what a baseline matches on
    cell: Optional[int] = None  # notebooks: the 1-based cell, counting every cell
    file_line: Optional[int] = None  # notebooks: the line of the .ipynb file holding the code line


@dataclass(frozen=True)
class FileError:
    """Why a file could not be linted; ``line`` / ``column`` are 1-based (within ``cell`` for notebooks)."""

    message: str
    line: int = 1
    column: int = 1
    cell: Optional[int] = None
    file_line: Optional[int] = None
    internal: bool = False  # a bug in tf2lint, not a problem of the file


@dataclass(frozen=True)
class FileResult:
    path: str  # as given on the command line or found below a given folder
    findings: tuple[Finding, ...] = ()
    error: Optional[FileError] = None
    tf1: str = ""  # why the file was judged TF1 code ("" if it was not): see tf2lint.context
    uses_tensorflow: bool = True  # imports TensorFlow, directly or through the project's modules
    evidence: str = ""  # the file's own TF1 evidence (what its importees are told)
    tf2: str = ""  # the file's TF2-only evidence
    conditional: tuple[Finding, ...] = ()  # findings that hold if its importers make it TF1 code (propagation)
    imports: tuple[str, ...] = ()  # the project modules it imports (absolute paths), for --statistics


def findings(diagnostics: list[Diagnostic], lines: list[str], config: Config) -> list[Finding]:
    """The diagnostics ``config`` selects in order, with character columns and source text (each line's once)."""
    selected = sorted((d for d in diagnostics if config.selects(d.code)), key=lambda d: (d.line, d.col, d.code))
    columns = Columns(lines)
    sources: dict[int, str] = {}
    for d in selected:
        if d.line not in sources:
            sources[d.line] = lines[d.line - 1].strip() if 0 < d.line <= len(lines) else ""
    return [Finding(d, columns.line(d.line).characters(d.col) + 1,
                    columns.line(d.end_line).characters(d.end_col) + 1, sources[d.line])
            for d in selected]
