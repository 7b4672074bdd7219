"""What an edit of a document changed, found from its text before and after (linear in the text, no parsing):
whether the edit stays inside one comment, so that the module's syntax tree, and so its findings, are those of
the text before. The editor server answers such a keystroke without linting the module again."""
from __future__ import annotations

import re
from typing import Optional

#: Where a comment or a string literal starts. Found left to right, they tell which ``#`` starts a comment: the
#: first outside any string on its line.
_START = re.compile("[#'\"]")

#: A string literal from its first quote (any quotes; a backslash escapes the next character, a line end
#: included, in every kind of string as Python's tokenizer reads them).
_STRING = re.compile(r"""
    '''(?:\\(?:\r\n|.)|[^\\])*?'''
  | \"\"\"(?:\\(?:\r\n|.)|[^\\])*?\"\"\"
  | '(?:\\(?:\r\n|.)|[^\\'\r\n])*'
  | "(?:\\(?:\r\n|.)|[^\\"\r\n])*"
""", re.VERBOSE | re.DOTALL)

#: Where a comment ends: its line end.
_LINE_END = re.compile("[\r\n]")

#: The prefixes of a string literal whose braces hold code (f-strings, t-strings).
_FORMATTED = re.compile("[rRbBuU]?[fFtT][rR]?$")

#: What an edit inside a comment may not remove or insert: a line end (the comment would end, or code start),
#: a NUL or a lone surrogate (the module would no longer compile).
_UNSAFE_TEXT = re.compile("[\r\n\0\ud800-\udfff]")

#: Words that make a comment mean something to tf2lint, or to what decides whether a module is linted at all
#: (``# noqa``, ``# tf2lint: noqa``, ``# flake8: noqa``; a module without ``tensorflow`` or ``keras`` in its text
#: that imports none of the project's TensorFlow modules is not walked).
_MEANINGFUL = re.compile(r"noqa|tensorflow|keras|import|coding", re.IGNORECASE)

#: Comments on these first lines may declare the source encoding (PEP 263): an edit there is linted.
_ENCODING_LINES = 2


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)``: ``old[start:old_end]`` was replaced by ``new[start:new_end]``, the
    longest common prefix and suffix kept (found by halving: string comparisons in C, no loop per character)."""
    shortest = min(len(old), len(new))
    low, high = 0, shortest  # old[:low] == new[:low]; the prefix is no longer than ``high``
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    start = low
    low, high = 0, shortest - start  # the common suffix, not overlapping the prefix
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle:len(old) - low] == new[len(new) - middle:len(new) - low]:
            low = middle
        else:
            high = middle - 1
    return start, len(old) - low, len(new) - low


def comment_at(text: str, position: int) -> Optional[tuple[int, int]]:
    """The span ``(start, end)`` of the comment holding ``position`` of ``text`` (from its ``#`` up to its line
    end; the ``#`` is before ``position``), or None: not in a comment, or not known to be: ``text`` holds an
    f-string whose braces do not pair (Python 3.12 lets an f-string's replacement field hold its own quotes,
    which this scan does not follow), or a quote that starts no string."""
    at = 0
    while True:
        found = _START.search(text, at, position)
        if found is None:
            return None
        at = found.start()
        if text[at] == "#":
            line_end = _LINE_END.search(text, at)
            end = line_end.start() if line_end is not None else len(text)
            if position <= end:
                return at, end
            at = end
            continue
        string = _STRING.match(text, at)
        if string is None or (_FORMATTED.search(text, max(0, at - 3), at) and not _paired(string.group())):
            return None
        at = string.end()


def _paired(string: str) -> bool:
    """Whether the braces of a string literal pair (``{{`` and ``}}`` are braces of the text)."""
    body = string.replace("{{", "").replace("}}", "")
    return body.count("{") == body.count("}")


def edited_comment(old: str, new: str, known: Optional[tuple[int, int]] = None) -> Optional[tuple[int, int]]:
    """The span in ``new`` of the comment that the edit of ``old`` into ``new`` stayed inside (text removed and
    inserted after its ``#``, no line end), on a line below the encoding declaration's, meaning nothing to
    tf2lint before or after; None for any other edit. Then ``new`` parses to the syntax tree of ``old``, and its
    findings are those of ``old``, ``# noqa`` applied alike. ``known`` is a span of ``old`` known to be a comment
    (the last edit's): an edit inside it needs no scan of the text."""
    start, old_end, new_end = changed_span(old, new)
    if _UNSAFE_TEXT.search(old, start, old_end) or _UNSAFE_TEXT.search(new, start, new_end):
        return None
    if old.count("\n", 0, start) < _ENCODING_LINES and old.count("\r", 0, start) < _ENCODING_LINES:
        return None
    comment = known if known is not None and known[0] < start <= known[1] else comment_at(old, start)
    if comment is None:
        return None
    after = comment[0], comment[1] + new_end - old_end
    if _MEANINGFUL.search(old, *comment) or _MEANINGFUL.search(new, *after):
        return None
    return after
