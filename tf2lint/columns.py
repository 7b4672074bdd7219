"""UTF-8 byte columns (``ast``'s) as code point or UTF-16 columns, in time linear in the line, however many
columns are asked on it: a line is encoded once and counted in blocks."""
from __future__ import annotations

from itertools import accumulate

#: UTF-8 continuation bytes (no code point starts there) and lead bytes of 4-byte sequences (two UTF-16 units).
_CONTINUATION = bytes(range(0x80, 0xC0))
_NOT_FOUR_BYTE_LEAD = bytes(set(range(256)) - set(range(0xF0, 0xF8)))
_BLOCK = 4096


class LineColumns:
    """One line's columns. ``characters(byte_col)`` is 0-based, as is ``utf16(byte_col)``."""

    def __init__(self, line: str) -> None:
        self.ascii = line.isascii()
        self.data = line.encode("utf-8", "surrogatepass")
        if not self.ascii:
            blocks = [self.data[start:start + _BLOCK] for start in range(0, len(self.data), _BLOCK)]
            self.char_blocks = [0, *accumulate(_characters(block) for block in blocks)]
            self.astral_blocks = [0, *accumulate(_astral(block) for block in blocks)]

    def characters(self, byte_col: int) -> int:
        """Code points before ``byte_col``."""
        byte_col = max(0, min(byte_col, len(self.data)))
        if self.ascii:
            return byte_col
        block, start = divmod(byte_col, _BLOCK)
        return self.char_blocks[block] + _characters(self.data[byte_col - start:byte_col])

    def utf16(self, byte_col: int) -> int:
        """UTF-16 code units before ``byte_col``."""
        if self.ascii:
            return self.characters(byte_col)
        byte_col = max(0, min(byte_col, len(self.data)))
        block, start = divmod(byte_col, _BLOCK)
        return self.characters(byte_col) + self.astral_blocks[block] + _astral(self.data[byte_col - start:byte_col])


def _characters(data: bytes) -> int:
    return len(data.translate(None, _CONTINUATION))


def _astral(data: bytes) -> int:
    return len(data.translate(None, _NOT_FOUR_BYTE_LEAD))


class Columns:
    """The :class:`LineColumns` of the lines of a text, made on first use (1-based line numbers)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.cache: dict[int, LineColumns] = {}

    def line(self, number: int) -> LineColumns:
        found = self.cache.get(number)
        if found is None:
            found = self.cache[number] = LineColumns(self.lines[number - 1] if 0 < number <= len(self.lines) else "")
        return found
