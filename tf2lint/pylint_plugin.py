"""pylint adapter: ``load-plugins=tf2lint.pylint_plugin`` reports the engine's findings as pylint messages.

The messages are generated from the rule table (:data:`tf2lint.rules.RULES`): ``TFfnn`` is reported as
``<C>7fnn`` with the rule's symbol prefixed ``tf2lint-``, where ``<C>`` is pylint's category for the finding's
severity (E error, W warning, C info) and ``f`` the family digit. pylint fixes a message's category, and a
finding's severity depends on how the code reaches TensorFlow, so a rule has one message per severity it can
take: its default severity keeps the plain symbol (``TF301`` is ``W7301`` / ``tf2lint-tf1-session``), each
other one has that category letter and the severity as a suffix (``tf.Session`` under
``import tensorflow as tf`` is ``E7301`` / ``tf2lint-tf1-session-error``). Disabling a rule takes all of its
messages (``--disable=W7301,E7301``). Checker ids 71-79 are used by no pylint plugin we know of. pylint wants
all messages of a checker to share the two-digit checker id, so there is one checker per family (``tf2lint-tf1xx`` ...
``tf2lint-tf9xx``); the engine still runs once per module, whichever of them are enabled.

astroid's tree is not a stdlib ``ast`` tree, so the module's source is parsed once more by the engine; files
that neither mention ``tensorflow`` (or ``keras``) nor import a project module exporting TensorFlow bindings are
skipped without being parsed. Imports of the project's own modules are resolved through the process's project
index (each imported module read once). TensorFlow is never imported.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.interfaces import HIGH, INFERENCE

from tf2lint import diagnostic
from tf2lint.context import Project
from tf2lint.engine import SourceError, apply_noqa, check_source, decode_source, reaches_tensorflow, source_lines
from tf2lint.index import shared_index
from tf2lint.propagation import in_project
from tf2lint.tfversion import project_for
from tf2lint.rules import RULES, Rule

if TYPE_CHECKING:
    from pylint.lint import PyLinter

    from tf2lint.diagnostic import Diagnostic

#: The engine's confidence -> pylint's.
CONFIDENCE = {diagnostic.HIGH: HIGH, diagnostic.INFERENCE: INFERENCE}


def message_definition(rule: Rule, severity: str) -> tuple[str, str, str]:
    """pylint's ``(template, symbol, description)`` for one rule's findings of one severity; ``%s`` is
    ``"TFnnn message: suggestion"``."""
    severities = f"; severity {rule.severity_text}" if len(rule.severities) > 1 else ""
    return ("%s", rule.pylint_message(severity)[1],
            f"{rule.what} {rule.why} ({rule.code}, {severity}{severities}, {rule.doc_url})")


def families() -> dict[int, dict[str, tuple[str, str, str]]]:
    """``{family digit: {pylint id: message definition}}`` for every rule and severity in the table."""
    table: dict[int, dict[str, tuple[str, str, str]]] = {}
    for rule in RULES.values():
        for severity in rule.severities:
            table.setdefault(rule.family, {})[rule.pylint_message(severity)[0]] = message_definition(rule, severity)
    return dict(sorted(table.items()))


def module_source(node: nodes.Module) -> Optional[str]:
    """The module's text as Python decodes it, from the bytes astroid read (or the file), or None."""
    stream = node.stream()
    if stream is None:
        return None
    with stream:
        data = stream.read()
    if isinstance(data, str):
        return data
    try:
        return decode_source(data)
    except SourceError:
        return None  # astroid could not have built the module either


class _Findings:
    """Runs the engine once per module and hands each family checker its share."""

    def __init__(self) -> None:
        self.module: Optional[nodes.Module] = None
        self.by_family: dict[int, list[Diagnostic]] = {}

    def get(self, node: nodes.Module, family: int) -> list[Diagnostic]:
        if node is not self.module:
            self.module, self.by_family = node, {}
            for found in self._lint(node):
                self.by_family.setdefault(found.rule.family, []).append(found)
        return self.by_family.get(family, [])

    @staticmethod
    def _lint(node: nodes.Module) -> list[Diagnostic]:
        text = module_source(node)
        filename = node.file or "<unknown>"
        index = shared_index()
        if text is None or not reaches_tensorflow(text, filename, index):
            return []
        try:
            # pylint applies its own ``# pylint: disable`` comments; ``# noqa`` is flake8's business
            project = project_for(Path(node.file)) if node.file else Project()  # the command's TF1 setting and pin
            found = in_project(check_source(text, filename, noqa=False, project=project, index=index), filename, index)
            return apply_noqa(found, source_lines(text), per_line=False)  # ``# tf2lint: noqa`` is tf2lint's own
        except SourceError:
            return []  # pylint reports what it cannot parse itself, as the flake8 plugin leaves it to flake8


class TF2LintChecker(BaseChecker):
    """Reports one family of tf2lint findings; instances share a :class:`_Findings`."""

    family: int = 0

    def __init__(self, linter: PyLinter, findings: Optional[_Findings] = None) -> None:
        super().__init__(linter)
        self.findings = findings or _Findings()

    def visit_module(self, node: nodes.Module) -> None:
        for found in self.findings.get(node, self.family):
            rule = found.rule  # a severity the rule does not declare has no message: its default's stands in
            self.add_message(
                rule.pylint_message(found.severity if found.severity in rule.severities else rule.severity)[0],
                line=found.line,
                node=node,
                args=(f"{found.code} {found.text()}",),
                confidence=CONFIDENCE.get(found.confidence, HIGH),
                col_offset=found.col,
                end_lineno=found.end_line,
                end_col_offset=found.end_col,
            )

    def close(self) -> None:
        self.findings.module, self.findings.by_family = None, {}  # do not keep the last tree alive


def checker_classes() -> list[type[TF2LintChecker]]:
    """One checker class per rule family, named ``tf2lint-tf<f>xx``, built from the rule table."""
    return [
        type(
            f"TF{family}xxChecker",
            (TF2LintChecker,),
            {"name": f"tf2lint-tf{family}xx", "family": family, "msgs": msgs, "__module__": __name__},
        )
        for family, msgs in families().items()
    ]


CHECKERS = checker_classes()


def register(linter: PyLinter) -> None:
    """pylint's plugin hook."""
    findings = _Findings()
    for checker in CHECKERS:
        linter.register_checker(checker(linter, findings))
