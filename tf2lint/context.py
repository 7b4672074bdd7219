"""Whether the code being linted is TF1 code, and the evidence that says so.

A project's setting (``tensorflow = "1" | "2" | "auto"``) and the evidence found in its files (a TensorFlow 1
pin) are a :class:`Project`, made once per run (see :mod:`tf2lint.tfversion`); each linted file gets a
:class:`Context` that adds what the file itself shows. Evidence in the file is noted while the engine walks it,
so rules whose meaning depends on it ask :meth:`Context.tf1` in an ``on_end`` hook, when all of it is known.

A file without evidence of its own may still be TF1 code because a project module that is TF1 code imports it
(:mod:`tf2lint.propagation` decides that once the import graph is known). Where :meth:`Context.open` says so, a
rule words such a finding with :data:`IMPORTED` as its evidence and emits it as *conditional*: it is kept only
if an importer's evidence reaches the file, and the placeholder is then replaced by why
("imported by train.py, which uses `tf.placeholder` on line 3").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

AUTO, TF1, TF2 = "auto", "1", "2"
SETTINGS = (TF1, TF2, AUTO)

#: Stands for the evidence of a conditional finding until the importer that gives it is known.
IMPORTED = "\x00imported\x00"


@dataclass(frozen=True)
class Project:
    """What holds for every file of a run: the setting and, for ``auto``, the project's TF1 evidence (a pin,
    "" for none); for ``1`` or ``2``, where that is set. ``tf2`` names a requirement admitting only TensorFlow 2
    (the project declares TF2: no file is made TF1 code by its importers)."""

    setting: str = AUTO
    evidence: str = ""
    tf2: str = ""


def on_line(line: int) -> str:
    """Where evidence is in a Python file."""
    return f"on line {line}"


class Context:
    """One file's view: the project's, and the first TF1 (and TF2-only) evidence the walk found in the file.

    ``place`` says where a line of the linted tree is (a notebook's says which cell)."""

    __slots__ = ("project", "found", "found_tf2", "imports_tf", "place")

    def __init__(self, project: Project = Project(), place: Callable[[int], str] = on_line) -> None:
        self.project = project
        self.found: tuple[str, int] = ("", 0)  # what and on which line of the tree
        self.found_tf2: tuple[str, int] = ("", 0)  # TF2-only evidence: the file was written for (or migrated to) TF2
        self.imports_tf = False  # set by the engine: only a file importing TensorFlow is TF1 code
        self.place = place

    def note(self, what: str, line: int) -> None:
        """Record evidence found in the file (the first one is kept): ``"`tf.Session`"`` on ``line``."""
        if not self.found[0]:
            self.found = (what, line)

    def note_tf2(self, what: str, line: int) -> None:
        """Record TF2-only evidence (``"`tf.function`"``, ``"`rate=` of `tf.nn.dropout`"``); the first is kept."""
        if not self.found_tf2[0]:
            self.found_tf2 = (what, line)

    @property
    def evidence(self) -> str:
        """The file's own evidence, "`tf.Session` on line 3", or ""."""
        what, line = self.found
        return f"{what} {self.place(line)}" if what else ""

    @property
    def tf2_evidence(self) -> str:
        """The file's TF2-only evidence, "`tf.function` on line 7", or ""."""
        what, line = self.found_tf2
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

    def open(self) -> bool:
        """Whether only the file's importers can tell if it is TF1 code: it uses TensorFlow, neither it nor the
        project shows TF1 or TF2 evidence, and nothing is set."""
        project = self.project
        return (project.setting == AUTO and self.imports_tf and not self.found[0] and not self.found_tf2[0]
                and not project.evidence and not project.tf2)

    def tf1_or_imported(self) -> tuple[str, bool]:
        """(why the file is TF1 code, whether that rests on its importers): :meth:`tf1`, else :data:`IMPORTED`
        where :meth:`open`, else ("", False)."""
        why = self.tf1()
        if why:
            return why, False
        return (IMPORTED, True) if self.open() else ("", False)


def cite(why: str) -> str:
    """How a finding that rests on the TF1 context names its evidence: "(TF1 code: `tf.Session` on line 3)"."""
    return f"(TF1 code: {why})"
