"""A finding: what every adapter (flake8, pylint, CLI, editor) reports."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tf2lint.hooks import HIGH, INFERENCE

if TYPE_CHECKING:
    from tf2lint.rules import Rule

__all__ = ["HIGH", "INFERENCE", "Diagnostic"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding. Lines are 1-based, columns 0-based UTF-8 byte offsets (the ``ast`` convention), the end
    exclusive. ``severity`` is this finding's: what TensorFlow 2.21 does with the line as written (``error``:
    raises or silently changes meaning; ``warning``: TF1 code that runs through compat.v1; ``info``: advice), which
    can differ from the rule's default; ``rule`` is the :class:`~tf2lint.rules.Rule` behind it. docs/api.md
    describes every field."""

    code: str
    line: int
    col: int
    end_line: int
    end_col: int
    message: str
    suggestion: str
    confidence: str = HIGH
    severity: str = ""  # what TF 2.21 does with this finding's code as written; "" is the rule's severity

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", self.rule.severity)

    @property
    def rule(self) -> Rule:
        from tf2lint.rules import RULES  # not at the top: the rule families use this module's constants

        return RULES[self.code]

    def text(self) -> str:
        """``message: suggestion``, the one-line form flake8 and the text output show."""
        return f"{self.message}: {self.suggestion}" if self.suggestion else self.message
