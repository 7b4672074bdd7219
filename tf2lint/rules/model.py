"""The shape of a rule: everything every output needs to know about one code."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # fails under TF 2.x (AttributeError, TypeError, removed module)
WARNING = "warning"  # TF1 idiom that still runs through compat.v1 / v1 behaviour
INFO = "info"  # advice: redundant or safe-to-drop code

SEVERITIES = (ERROR, WARNING, INFO)

#: pylint message category per severity.
PYLINT_CATEGORY = {ERROR: "E", WARNING: "W", INFO: "C"}

#: Where docs/rules.md is published; each rule's section is ``DOCS_URL#<anchor>``.
DOCS_URL = "https://github.com/tf2lint/tf2lint/blob/main/docs/rules.md"

#: pylint checker ids, one per family (91-99): TFfnn maps to <category>9fnn.
PYLINT_CHECKER_BASE = 90


@dataclass(frozen=True)
class Rule:
    """One tf2lint code with its message, advice and documentation.

    ``message`` and ``suggestion`` are ``str.format`` templates; ``{name}`` is the
    TensorFlow name found (``tf.Session``), ``{new}`` the TF2 name where one exists.
    """

    code: str
    symbol: str
    severity: str
    message: str
    suggestion: str
    what: str
    why: str
    example: str
    instead: str

    @property
    def family(self) -> int:
        """The hundreds digit: 1 for TF1xx, 3 for TF3xx, ..."""
        return int(self.code[2])

    @property
    def pylint_id(self) -> str:
        """Stable pylint message id, e.g. TF301 -> W9301."""
        return f"{PYLINT_CATEGORY[self.severity]}{PYLINT_CHECKER_BASE + self.family}{self.code[3:]}"

    @property
    def anchor(self) -> str:
        """Section anchor of this rule in docs/rules.md (the heading is ``CODE symbol``)."""
        return f"{self.code.lower()}-{self.symbol}"

    @property
    def doc_url(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"
