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

    @property
    def rule(self) -> Rule:
        from tf2lint.rules import RULES  # not at the top: the rule families use this module's constants

        return RULES[self.code]

    @property
    def severity(self) -> str:
        return self.rule.severity

    def text(self) -> str:
        """``message: suggestion``, the one-line form flake8 and the text output show."""
        return f"{self.message}: {self.suggestion}" if self.suggestion else self.message
