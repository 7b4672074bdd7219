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
    """One finding. Lines are 1-based, columns 0-based (the ``ast`` convention)."""

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
