"""The ``tf2lint`` command."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterator, Optional, Sequence

from tf2lint import __version__
from tf2lint.engine import SourceError, lint_file

SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "build", "dist", "node_modules",
             "__pycache__", ".mypy_cache", ".pytest_cache", ".eggs"}


def iter_files(paths: Sequence[str]) -> Iterator[Path]:
    """The ``.py`` files named or found below the given paths, sorted within each directory."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*.py")):
                if not SKIP_DIRS.intersection(child.relative_to(path).parts[:-1]):
                    yield child
        else:
            yield path


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="tf2lint", description=__doc__)
    parser.add_argument("paths", nargs="+", help="files or directories to lint")
    parser.add_argument("--version", action="version", version=f"tf2lint {__version__}")
    args = parser.parse_args(argv)
    status = 0
    for path in iter_files(args.paths):
        try:
            diagnostics = lint_file(path)
        except SourceError as error:
            print(f"{path}:{error.line}:{error.col + 1}: {error.message}", file=sys.stderr)
            status = 2
            continue
        for d in diagnostics:
            print(f"{path}:{d.line}:{d.col + 1}: {d.code} {d.text()}")
        if diagnostics and status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
