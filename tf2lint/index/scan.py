"""The project modules a file's import lines name, read without parsing it (linear in the text)."""
from __future__ import annotations

import re
from typing import Iterator

#: An import statement at the start of a line: ``from`` module and names, or ``import`` module. The module's
#: leading dots and its dotted name cannot match the same characters, so a line of dots is matched in linear
#: time (``\.*[\w.]*`` backtracked quadratically: 20 s on a 30 KB line).
_IMPORT_LINE = re.compile(
    r"[ \t]*(?:from[ \t]+(\.*(?:\w[\w.]*)?)[ \t]+import\b[ \t(]*([\w, \t]*)|import[ \t]+([\w.]+))")


def import_lines(text: str) -> Iterator[str]:
    """The modules the import lines of ``text`` name, as spelled (``..compat``), with ``from x import y`` also
    as ``x.y`` (``y`` may be a submodule); found without parsing, from each line holding ``import``."""
    start = 0
    while True:
        at = text.find("import", start)
        if at < 0:
            return
        begin = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        start = end + 1
        match = _IMPORT_LINE.match(text, begin, end)
        if match is None:
            continue
        if match.group(3):
            yield match.group(3)
            continue
        module = match.group(1)
        yield module
        separator = "" if module.endswith(".") else "."
        for name in match.group(2).split(","):
            words = name.split()
            if words and words[0].isidentifier():
                yield module + separator + words[0]
