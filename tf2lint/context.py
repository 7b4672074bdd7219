"""Whether the code being linted is TF1 code, and the evidence that says so.

A project's setting (``tensorflow = "1" | "2" | "auto"``) and the evidence found in its files (a TensorFlow 1
pin) are a :class:`Project`, made once per run; each linted file gets a :class:`Context` that adds what the
file itself shows. Rules whose meaning depends on it ask :meth:`Context.tf1` at the end of the file.
"""
from __future__ import annotations

from dataclasses import dataclass

AUTO, TF1, TF2 = "auto", "1", "2"
SETTINGS = (AUTO, TF1, TF2)


@dataclass(frozen=True)
class Project:
    """What holds for every file of a run: the setting and the project's evidence ("" for none)."""

    setting: str = AUTO
    evidence: str = ""


class Context:
    """One file's view: the project's, and the first TF1 evidence the walk found in the file."""

    __slots__ = ("project", "evidence")

    def __init__(self, project: Project = Project()) -> None:
        self.project = project
        self.evidence = ""

    def note(self, evidence: str) -> None:
        """Record evidence found in the file (the first one is kept)."""
        if not self.evidence:
            self.evidence = evidence

    def tf1(self) -> str:
        """Why this file is TF1 code, or "" where it is not known to be (or TF 2 is set)."""
        setting = self.project.setting
        if setting == TF2:
            return ""
        if setting == TF1:
            return 'tensorflow = "1" is set'
        return self.evidence or self.project.evidence
