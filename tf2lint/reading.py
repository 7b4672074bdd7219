"""Reading the files tf2lint is given or finds: only regular files, never more than a limit, never blocking.

Source files, notebooks, ``--config``, ``--baseline`` and ``.gitignore`` files all go through
:func:`read_file`, so a FIFO, a device (``/dev/zero``) or a huge sparse file is one error line, not a hang or
a file read whole.
"""
from __future__ import annotations

import os
import stat
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
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(f"not a regular file ({_kind(mode)}): not read")
        if os.fstat(fd).st_size > limit:  # a sparse file of gigabytes is not read up to the limit first
            raise ReadError(f"larger than {_size(limit)}: not read")
        return read_limited(stream, limit)


def read_limited(stream: BinaryIO, limit: int = MAX_FILE_BYTES) -> bytes:
    """All of ``stream`` if it holds at most ``limit`` bytes."""
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise ReadError(f"larger than {_size(limit)}: not read")
    return data


def read_text(path: str, limit: int = MAX_FILE_BYTES) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes (a configuration or baseline file)."""
    data = read_file(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(f"cannot decode: {error}") from None


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _kind(mode: int) -> str:
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket",
             stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device"}
    return next((name for test, name in kinds.items() if test(mode)), "special")
