"""The ground floor: reading and decoding a source file as Python does, parsing it, numbering its lines.
Every file tf2lint reads goes through :func:`read_file` (regular files only, bounded, never blocking): sources,
notebooks, ``--config``, ``--baseline``, the pyproject.toml found and ``.gitignore`` files, so a FIFO, a device
(``/dev/zero``) or a huge sparse file is one error line, not a hang or a file read whole."""
from __future__ import annotations

import ast
import io
import os
import re
import stat
import tokenize
import warnings
from pathlib import Path
from typing import BinaryIO


#: The largest file read (bytes): a bigger one is reported, never read (``/dev/zero``, a sparse file).
MAX_FILE_BYTES = 64 * 1024 * 1024


class ReadError(Exception):
    """A file that is not read: not a regular file, too large, or unreadable."""


def read_file(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Opening never blocks (a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # checked before opening a stream: a folder cannot be one
        os.close(fd)
        raise ReadError(f"not a regular file ({file_kind(mode)}): not read")
    with os.fdopen(fd, "rb") as stream:
        if os.fstat(fd).st_size > limit:  # a sparse file of gigabytes is not read up to the limit first
            raise ReadError(f"larger than {size_text(limit)}: not read")
        return read_limited(stream, limit)


def read_limited(stream: BinaryIO, limit: int = MAX_FILE_BYTES) -> bytes:
    """All of ``stream`` if it holds at most ``limit`` bytes."""
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise ReadError(f"larger than {size_text(limit)}: not read")
    return data


def read_text(path: str, limit: int = MAX_FILE_BYTES) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes (a configuration or baseline file)."""
    data = read_file(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(f"cannot decode: {error}") from None


def size_text(limit: int) -> str:
    """A size limit as messages show it (``64 MiB``)."""
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is (``a FIFO``), as messages show it."""
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket",
             stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device"}
    return next((name for test, name in kinds.items() if test(mode)), "special")


class SourceError(Exception):
    """A file that cannot be linted: unreadable, undecodable or not valid Python 3. One line of text."""

    def __init__(self, message: str, line: int = 1, col: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines as Python numbers them (``str.splitlines`` also breaks at form feeds and U+2028)."""
    return _LINE_BREAK.split(text)


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` with every failure turned into a one-line :class:`SourceError`.

    A leading BOM is dropped (``compile`` rejects it in a str), and the parser's warnings (invalid escape
    sequences) are silenced: they are not ours to report, and ``-W error`` would turn them into errors.
    A ``filename`` holding a NUL character is the caller's error (ValueError), not the source's.
    """
    if "\0" in filename:
        raise ValueError(f"the file name {filename!r} holds a NUL character: no file can have it")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, filename)
    except SyntaxError as error:
        kind = type(error).__name__
        return _raise(f"{kind}: {error.msg}", error.lineno or 1, (error.offset or 1) - 1)
    except (ValueError, RecursionError, MemoryError) as error:
        return _raise(f"cannot parse: {type(error).__name__}: {error}".rstrip(": "))


def _raise(message: str, line: int = 1, col: int = 0) -> ast.Module:
    raise SourceError(message, line, col)


def read_source(path: Path) -> str:
    """Read and decode a Python file as Python does (BOM, coding cookie, default UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    return decode_source(data)


def decode_source(data: bytes) -> str:
    """Decode Python source bytes as Python does; a :class:`SourceError` if they cannot be."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, ValueError, LookupError) as error:  # ValueError: UnicodeError of any codec
        raise SourceError(f"cannot decode: {error}".splitlines()[0]) from None
