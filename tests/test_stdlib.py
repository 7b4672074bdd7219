"""The running Python's whole standard library, read as source (never imported), lints without an exception.

Each module is linted with one line appended that binds the names it calls or takes attributes of to
TensorFlow (``import tensorflow as os, tensorflow.compat.v1 as re, ...``), so that the engine resolves and
checks the name chains, calls and attributes in function bodies (walked after the module's own statements)
instead of skipping a file that never mentions TensorFlow. Only test data that is
broken on purpose (lib2to3's Python 2 samples, the tokenizer's bad encodings) may raise SourceError.
"""
from __future__ import annotations

import keyword
import re
import sysconfig
import time
import traceback
from pathlib import Path

import pytest

from tf2lint.engine import SourceError, lint_source, read_source, source_lines

STDLIB = Path(sysconfig.get_paths()["stdlib"])
#: Identifiers followed by ``.`` or ``(``: the roots of attribute chains and the functions called.
CHAIN_ROOT = re.compile(r"([^\W\d]\w*)\s*[.(]")


def stdlib_files() -> list[Path]:
    return sorted(path for path in STDLIB.rglob("*.py")
                  if not {"site-packages", "dist-packages"} & set(path.relative_to(STDLIB).parts))


def broken_on_purpose(relative: Path) -> bool:
    """Test data that is not valid Python 3, or not decodable, by design."""
    parts = set(relative.parts)
    return (bool({"lib2to3", "test_lib2to3"} & parts) and "data" in parts
            or "tokenizedata" in parts
            or relative.name.startswith(("badsyntax_", "bad_coding")))


def bind_everything(text: str) -> str:
    """``text`` and one more line that binds the names it calls or takes attributes of to TensorFlow."""
    names = sorted({word for word in CHAIN_ROOT.findall(text)
                    if word.isidentifier() and not keyword.iskeyword(word) and word != "__debug__"})
    if not names:
        return text
    aliases = (f"tensorflow{'.compat.v1' if index % 3 == 0 else ''} as {name}" for index, name in enumerate(names))
    return f"{text}\nimport {', '.join(aliases)}\n"


def test_standard_library() -> None:
    files = stdlib_files()
    if len(files) < 200:
        pytest.skip(f"no standard library source at {STDLIB}")
    started = time.perf_counter()
    source_errors: dict[str, str] = {}
    crashes: list[str] = []
    findings = 0
    for path in files:
        relative = path.relative_to(STDLIB)
        try:
            text = read_source(path)
            bound = bind_everything(text)
            try:
                found = lint_source(bound, str(path))
            except SourceError:
                lint_source(text, str(path))  # the module itself must fail too: the line added is valid
                raise AssertionError(f"{relative}: binding its names made it invalid")
        except SourceError as error:
            source_errors[relative.as_posix()] = error.message
            continue
        except Exception:  # collect them all, report at the end
            crashes.append(f"{relative}:\n{traceback.format_exc()}")
            continue
        lines = source_lines(bound)
        for diagnostic in found:
            assert 1 <= diagnostic.line <= diagnostic.end_line <= len(lines), (relative, diagnostic)
            assert 0 <= diagnostic.col <= len(lines[diagnostic.line - 1].encode("utf-8")), (relative, diagnostic)
        findings += len(found)
    assert not crashes, "\n".join(crashes[:5])
    unexpected = {name: message for name, message in source_errors.items() if not broken_on_purpose(Path(name))}
    assert not unexpected
    print(f"\n{len(files)} standard library modules, {findings} findings, {len(source_errors)} broken on purpose "
          f"(SourceError), {time.perf_counter() - started:.1f} s")
