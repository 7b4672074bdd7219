"""``.gitignore`` patterns matched as git matches them, in time bounded by the lengths of the pattern and path.

git's rules (gitignore(5)): blank lines and ``#`` comments are skipped, trailing spaces dropped unless escaped
with ``\\``; ``!`` negates; a trailing ``/`` matches folders only; a pattern with a ``/`` elsewhere is relative
to the ignore file's folder, one without matches a name at any depth; ``*``, ``?`` and ``[...]`` never match
``/``; ``**/`` at the start, ``/**/`` inside and ``/**`` at the end (or more stars) match any number of folders
(one or more at the end); the last matching pattern decides. A pattern is matched against the path itself, never its
folders: the walk does not enter an ignored folder, which is how git ignores what is below it (and why a
folder named on the command line is linted even when an ignore file above it ignores it).

Matching never backtracks: a segment's ``*`` splits it into fixed-length pieces found leftmost, and
``**`` splits a pattern into runs of segments found leftmost, so ``*a*a*a*a*a*a*a*a*a*a*b`` against a name of
forty ``a`` costs what its length does (the regular expression the ``pathspec`` library made of it took
seconds there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Union

#: ``[:name:]`` classes inside a bracket expression, as regular-expression classes.
POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9",
    "graph": "!-~", "lower": "a-z", "print": " -~", "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "space": " \\t\\n\\r\\f\\v", "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}

#: A piece of a segment between ``*``: a literal string, or a regular expression without quantifiers (so
#: searching it cannot backtrack) and the fixed number of characters it matches.
Piece = Union[str, tuple["re.Pattern[str]", int]]

GLOBSTAR = "**"


class Unmatchable(ValueError):
    """A pattern git never matches (an unclosed ``[``, a trailing ``\\``)."""


@dataclass(frozen=True)
class Segment:
    """One ``/``-separated part of a pattern: ``*``-separated fixed-length pieces."""

    pieces: tuple[Piece, ...]  # len(pieces) - 1 stars; "" pieces where a star starts or ends the segment

    def matches(self, name: str) -> bool:
        first = self.pieces[0]
        if len(self.pieces) == 1:  # no star: the whole name
            return _match_at(first, name, 0) == len(name)
        *middle, last = self.pieces[1:]
        end = _match_at(first, name, 0)
        if end is None:
            return False
        for piece in middle:
            found = _search(piece, name, end)
            if found is None:
                return False
            end = found
        length = _length(last)
        return len(name) - length >= end and _match_at(last, name, len(name) - length) == len(name)


def _length(piece: Piece) -> int:
    return len(piece) if isinstance(piece, str) else piece[1]


def _match_at(piece: Piece, text: str, start: int) -> Optional[int]:
    """Where ``piece`` ends when it matches ``text`` at ``start``."""
    if isinstance(piece, str):
        return start + len(piece) if text.startswith(piece, start) else None
    match = piece[0].match(text, start)
    return match.end() if match else None


def _search(piece: Piece, text: str, start: int) -> Optional[int]:
    """Where the leftmost match of ``piece`` in ``text`` from ``start`` ends."""
    if isinstance(piece, str):
        found = text.find(piece, start)
        return None if found < 0 else found + len(piece)
    match = piece[0].search(text, start)
    return match.end() if match else None


@dataclass(frozen=True)
class Rule:
    """One pattern line of an ignore file."""

    negated: bool
    folders_only: bool
    anchored: bool  # relative to the ignore file's folder; else it matches a name at any depth
    segments: tuple[Union[Segment, str], ...]  # GLOBSTAR for ``**`` segments

    def matches(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the rule matches a path given as its parts relative to the ignore file's folder."""
        if self.folders_only and not is_dir:
            return False
        if not self.anchored:
            segment = self.segments[0]
            return isinstance(segment, Segment) and segment.matches(parts[-1])
        return _match_segments(self.segments, parts)


def _match_segments(segments: Sequence[Union[Segment, str]], parts: Sequence[str]) -> bool:
    """Runs of segments between ``**`` found leftmost in ``parts`` (``**`` at the end needs one part)."""
    runs: list[list[Segment]] = [[]]
    for segment in segments:
        if isinstance(segment, Segment):
            runs[-1].append(segment)
        else:
            runs.append([])
    if len(runs) == 1:
        return len(parts) == len(runs[0]) and _run_at(runs[0], parts, 0)
    first, *middle, last = runs
    if not _run_at(first, parts, 0):
        return False
    position = len(first)
    for run in middle:
        found = next((start for start in range(position, len(parts) - len(run) + 1) if _run_at(run, parts, start)),
                     None)
        if found is None:
            return False
        position = found + len(run)
    if not last:  # a trailing ``/**``: something inside
        return len(parts) > position
    start = len(parts) - len(last)
    return start >= position and _run_at(last, parts, start)


def _run_at(run: Sequence[Segment], parts: Sequence[str], start: int) -> bool:
    return start + len(run) <= len(parts) and all(s.matches(parts[start + i]) for i, s in enumerate(run))


def parse_line(line: str) -> Optional[Rule]:
    """The rule of one line of an ignore file; None for a blank line, a comment or a pattern git never
    matches."""
    line = _trim(line.rstrip("\r\n"))
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    folders_only = line.endswith("/")
    if folders_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    try:
        if anchored:
            parts = line.lstrip("/").split("/")
            segments: tuple[Union[Segment, str], ...] = tuple(
                GLOBSTAR if len(part) > 1 and part.strip("*") == "" else _segment(part) for part in parts)
        else:
            segments = (_segment(line),)  # a name at any depth (``**`` alone: any name)
    except Unmatchable:
        return None
    return Rule(negated, folders_only, anchored, segments)


def _trim(line: str) -> str:
    """Trailing spaces dropped unless escaped (``a\\ `` keeps one)."""
    stripped = line.rstrip(" ")
    if stripped != line and stripped.endswith("\\") and not stripped.endswith("\\\\"):
        return stripped[:-1] + "\\ "
    return stripped


def _segment(text: str) -> Segment:
    """A segment's ``*``-separated pieces (``**`` inside a segment is a plain ``*``)."""
    pieces: list[Piece] = []
    current: list[str] = []  # regular-expression parts of the piece being read
    literal = True
    index = 0
    while index < len(text):
        char = text[index]
        if char == "*":
            pieces.append(_piece(current, literal))
            current, literal = [], True
            while index < len(text) and text[index] == "*":
                index += 1
            continue
        if char == "\\":
            if index + 1 == len(text):
                raise Unmatchable(text)
            current.append(re.escape(text[index + 1]))
            index += 2
            continue
        if char == "?":
            current.append("[^/]")
            literal = False
        elif char == "[":
            expression, index = _bracket(text, index)
            current.append(expression)
            literal = False
            continue
        else:
            current.append(re.escape(char))
        index += 1
    pieces.append(_piece(current, literal))
    return Segment(tuple(pieces))


def _piece(parts: list[str], literal: bool) -> Piece:
    if literal:
        return "".join(re.sub(r"\\(.)", r"\1", part, flags=re.DOTALL) for part in parts)
    return re.compile("".join(parts), re.DOTALL), len(parts)


def _bracket(text: str, start: int) -> tuple[str, int]:
    """The bracket expression at ``text[start] == "["`` as a regular-expression class, and where it ends."""
    index = start + 1
    negated = index < len(text) and text[index] in "!^"
    index += negated
    items: list[str] = []
    first = True
    while index < len(text):
        char = text[index]
        if char == "]" and not first:
            body = "".join(items)
            return (f"[^/{body}]" if negated else f"(?!/)[{body}]") if body else "[^/]" if negated else "(?!)", \
                index + 1
        first = False
        if char == "[" and text.startswith("[:", index):
            end = text.find(":]", index + 2)
            if end < 0:
                raise Unmatchable(text)
            name = text[index + 2:end]
            if name not in POSIX_CLASSES:
                raise Unmatchable(text)
            items.append(POSIX_CLASSES[name])
            index = end + 2
            continue
        if char == "\\":
            if index + 1 == len(text):
                raise Unmatchable(text)
            char = text[index + 1]
            index += 1
        if index + 2 < len(text) and text[index + 1] == "-" and text[index + 2] != "]":
            high = text[index + 2]
            if high == "\\":
                if index + 3 == len(text):
                    raise Unmatchable(text)
                high = text[index + 3]
                index += 1
            if high >= char:
                items.append(f"{re.escape(char)}-{re.escape(high)}")
            index += 3
            continue
        items.append(re.escape(char))
        index += 1
    raise Unmatchable(text)  # no closing ``]``


class IgnoreFile:
    """The rules of one ignore file, matched against paths relative to its folder (as ``/``-free parts). Rules
    that name one file or folder literally (``build/``, ``.env``), most of a real ignore file, are looked up by
    name; the others are matched in turn."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.by_name: dict[str, list[int]] = {}  # a literal name: its rules, by position
        self.others: list[int] = []
        for number, rule in enumerate(rules):
            name = _literal_name(rule)
            if name is None:
                self.others.append(number)
            else:
                self.by_name.setdefault(name, []).append(number)

    @classmethod
    def parse(cls, lines: Iterable[str]) -> "IgnoreFile":
        return cls(tuple(rule for rule in map(parse_line, lines) if rule is not None))

    def decides(self, parts: Sequence[str], is_dir: bool) -> Optional[bool]:
        """True (ignored) or False (re-included by ``!``) by the last rule matching, None when none does."""
        last = max((n for n in self.by_name.get(parts[-1], ()) if is_dir or not self.rules[n].folders_only),
                   default=-1)
        for number in reversed(self.others):
            if number < last:
                break
            if self.rules[number].matches(parts, is_dir):
                return not self.rules[number].negated
        return None if last < 0 else not self.rules[last].negated


def _literal_name(rule: Rule) -> Optional[str]:
    """The name a rule matches at any depth when it has no wildcard; None for any other rule."""
    if rule.anchored or not isinstance(rule.segments[0], Segment):
        return None
    pieces = rule.segments[0].pieces
    return pieces[0] if len(pieces) == 1 and isinstance(pieces[0], str) else None
