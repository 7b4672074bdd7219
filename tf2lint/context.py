"""Whether the code being linted is TF1 code, and the evidence that says so.

A project's setting (``tensorflow = "1" | "2" | "auto"``) and the evidence found in its files (a TensorFlow 1
pin) are a :class:`Project`, made once per run (see :mod:`tf2lint.tfversion`); each linted file gets a
:class:`Context` that adds what the file itself shows. Evidence in the file is noted while the engine walks it,
so rules whose meaning depends on it ask :meth:`Context.tf1` in an ``on_end`` hook, when all of it is known.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

AUTO, TF1, TF2 = "auto", "1", "2"
SETTINGS = (TF1, TF2, AUTO)


@dataclass(frozen=True)
class Project:
    """What holds for every file of a run: the setting and, for ``auto``, the project's TF1 evidence (a pin,
    "" for none); for ``1`` or ``2``, where that is set."""

    setting: str = AUTO
    evidence: str = ""


def on_line(line: int) -> str:
    """Where evidence is in a Python file."""
    return f"on line {line}"


class Context:
    """One file's view: the project's, and the first TF1 evidence the walk found in the file.

    ``place`` says where a line of the linted tree is (a notebook's says which cell)."""

    __slots__ = ("project", "found", "imports_tf", "place")

    def __init__(self, project: Project = Project(), place: Callable[[int], str] = on_line) -> None:
        self.project = project
        self.found: tuple[str, int] = ("", 0)  # what and on which line of the tree
        self.imports_tf = False  # set by the engine: only a file importing TensorFlow is TF1 code
        self.place = place

    def note(self, what: str, line: int) -> None:
        """Record evidence found in the file (the first one is kept): ``"`tf.Session`"`` on ``line``."""
        if not self.found[0]:
            self.found = (what, line)

    @property
    def evidence(self) -> str:
        """The file's own evidence, "`tf.Session` on line 3", or ""."""
        what, line = self.found
        return f"{what} {self.place(line)}" if what else ""

    def tf1(self) -> str:
        """Why this file is TF1 code, or "" where it is not known to be (or TF 2 is set): the file's own
        evidence first, then the project's."""
        setting = self.project.setting
        if setting == TF2 or not self.imports_tf:
            return ""
        if setting == TF1:
            return self.project.evidence or '`tensorflow = "1"` is set'
        return self.evidence or self.project.evidence


def cite(why: str) -> str:
    """How a finding that rests on the TF1 context names its evidence: "(TF1 code: `tf.Session` on line 3)"."""
    return f"(TF1 code: {why})"
