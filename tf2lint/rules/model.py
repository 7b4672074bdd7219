"""The shape of a rule: everything every output needs to know about one code."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # raises under TF 2.x as written, or silently changes meaning
WARNING = "warning"  # TF1 code that runs through compat.v1 (or TF1 behaviour); a call to review before the switch
INFO = "info"  # advice on code that runs: redundant or safe-to-drop code

SEVERITIES = (ERROR, WARNING, INFO)

#: pylint message category per severity.
PYLINT_CATEGORY = {ERROR: "E", WARNING: "W", INFO: "C"}

#: Where docs/rules.md is published; each rule's section is ``DOCS_URL#<anchor>``.
DOCS_URL = "https://github.com/tf2lint/tf2lint/blob/main/docs/rules.md"

#: pylint checker ids, one per family (71-79): TFfnn maps to <category>7fnn. pylint itself and its extensions
#: use 00-37, 47-49, 55-56, 60-63 and 90; the plugins on PyPI checked (pylint-django, pylint-pytest,
#: pylint-odoo, pylint-clean-architecture, pylint-pydantic, perflint, ... 19 in all) use 01-12, 40, 55, 61,
#: 64, 80-84 and 90-99. 71-79 is free in all of them.
PYLINT_CHECKER_BASE = 70

#: Prefix of every pylint symbol, so that no other checker's symbol can be the same.
PYLINT_SYMBOL_PREFIX = "tf2lint-"


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
    #: Severity of a finding whose name is reached through the TF2 namespace (``import tensorflow as tf``) and
    #: through ``tf.compat.v1``, where it differs from ``severity``; "" is ``severity``.
    tf2_severity: str = ""
    v1_severity: str = ""

    @property
    def severities(self) -> tuple[str, ...]:
        """Every severity a finding of this rule can have, the default first."""
        found = [self.severity]
        for severity in (self.tf2_severity, self.v1_severity):
            if severity and severity not in found:
                found.append(severity)
        return tuple(found)

    @property
    def severity_text(self) -> str:
        """The severity as docs show it: ``warning``, or ``error through `tf`, warning through `tf.compat.v1```."""
        if len(self.severities) == 1:
            return self.severity
        return (f"{self.tf2_severity or self.severity} through `tf`, "
                f"{self.v1_severity or self.severity} through `tf.compat.v1`")

    def severity_through(self, tf2: bool) -> str:
        """The severity of a finding reached through the TF2 namespace (``tf2``) or through compat.v1."""
        return (self.tf2_severity if tf2 else self.v1_severity) or self.severity

    @property
    def family(self) -> int:
        """The hundreds digit: 1 for TF1xx, 3 for TF3xx, ..."""
        return int(self.code[2])

    @property
    def pylint_id(self) -> str:
        """Stable pylint message id of the default severity, e.g. TF301 -> W7301."""
        return self.pylint_message(self.severity)[0]

    @property
    def pylint_symbol(self) -> str:
        """pylint message symbol of the default severity, e.g. TF301 -> ``tf2lint-tf1-session``."""
        return self.pylint_message(self.severity)[1]

    def pylint_message(self, severity: str) -> tuple[str, str]:
        """(pylint id, symbol) of this rule's findings of ``severity``: the default severity keeps the plain
        symbol (``W7301`` / ``tf2lint-tf1-session``), another one has its own category letter and the severity
        as a suffix (``E7301`` / ``tf2lint-tf1-session-error``)."""
        number = f"{PYLINT_CHECKER_BASE + self.family}{self.code[3:]}"
        suffix = "" if severity == self.severity else f"-{severity}"
        return f"{PYLINT_CATEGORY[severity]}{number}", f"{PYLINT_SYMBOL_PREFIX}{self.symbol}{suffix}"

    @property
    def pylint_messages(self) -> tuple[tuple[str, str], ...]:
        """(pylint id, symbol) for every severity of the rule, the default first."""
        return tuple(self.pylint_message(severity) for severity in self.severities)

    @property
    def anchor(self) -> str:
        """Section anchor of this rule in docs/rules.md (the heading is ``CODE symbol``)."""
        return f"{self.code.lower()}-{self.symbol}"

    @property
    def doc_url(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"
