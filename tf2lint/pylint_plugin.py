"""pylint adapter: ``load-plugins=tf2lint.pylint_plugin`` reports the engine's findings as pylint messages.

The messages are generated from the rule table (:data:`tf2lint.rules.RULES`), one per rule: ``TFfnn`` is
``<C>7fnn`` with the rule's symbol prefixed ``tf2lint-`` (``TF301`` is ``W7301`` / ``tf2lint-tf1-session``),
where ``<C>`` is pylint's category for the rule's default severity (E error, W warning, C info) and ``f`` the
family digit. So one name, the one ``--explain`` and docs/rules.md give, silences a rule wherever it is
written (``# pylint: disable=``, ``--disable``, a pylintrc), whatever the severity of the finding. A
finding's own severity can differ from the rule's default (``tf.Session`` under ``import tensorflow as tf``
raises in TF 2.x: an error; ``tf.compat.v1.Session`` runs: a warning); pylint fixes a message's category, so the
severity is the first word of the message text (``TF301 [error] ...``). The per-severity names of the
development versions after 0.1.0 (``E7301`` / ``tf2lint-tf1-session-error``) are the message's old names
(pylint's ``old_names``, as pylint keeps its own renamed messages): they still work, for the whole rule.

Checker ids 71-79 are used by no pylint plugin we know of. pylint wants all messages of a checker to share the
two-digit checker id, so there is one checker per family (``tf2lint-tf1xx`` ... ``tf2lint-tf9xx``); the engine
runs once per module, and the first of them that pylint runs on a module emits all of its findings, in line
order (pylint drops those of disabled messages).

Each file is judged as the command judges it: its ``[tool.tf2lint]`` (``select``, ``ignore``,
``per-file-ignores``, ``exclude``, ``tensorflow``) and the pin at its project root. A broken configuration stops
pylint as a bad option does: one ``pylint: error:`` line on stderr, exit status 32.

astroid's tree is not a stdlib ``ast`` tree, so the module's source is parsed once more by the engine; files
that neither mention ``tensorflow`` (or ``keras``) nor import a project module exporting TensorFlow bindings are
skipped without being parsed. Imports of the project's own modules are resolved through the process's project
index (each imported module read once). TensorFlow is never imported.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Optional

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.interfaces import HIGH, INFERENCE

from tf2lint import diagnostic
from tf2lint.context import Project
from tf2lint.config import ConfigError
from tf2lint.engine import SourceError, apply_noqa, check_source, decode_source, reaches_tensorflow, source_lines
from tf2lint.cache import shared_index
from tf2lint.collector import paused
from tf2lint.propagation import in_project
from tf2lint.settings import excluded, file_settings, selected
from tf2lint.rules import RULES, Rule

if TYPE_CHECKING:
    from pylint.lint import PyLinter

    from tf2lint.diagnostic import Diagnostic

#: The engine's confidence -> pylint's.
CONFIDENCE = {diagnostic.HIGH: HIGH, diagnostic.INFERENCE: INFERENCE}


#: pylint's message definition: template, symbol, description and options (``old_names``).
Definition = tuple[str, str, str, dict[str, Any]]


def message_definition(rule: Rule) -> Definition:
    """pylint's ``(template, symbol, description, options)`` for a rule; ``%s`` is
    ``"TFnnn [severity] message: suggestion"``; the per-severity names used after 0.1.0 are old names."""
    severities = f"; severity {rule.severity_text}" if len(rule.severities) > 1 else ""
    options: dict[str, Any] = {"old_names": list(rule.pylint_old_names)} if rule.pylint_old_names else {}
    return ("%s", rule.pylint_symbol, f"{rule.what} {rule.why} ({rule.code}, {rule.severity}{severities}, "
            f"{rule.doc_url})", options)


def families() -> dict[int, dict[str, Definition]]:
    """``{family digit: {pylint id: message definition}}`` for every rule in the table."""
    table: dict[int, dict[str, Definition]] = {}
    for rule in RULES.values():
        table.setdefault(rule.family, {})[rule.pylint_id] = message_definition(rule)
    return dict(sorted(table.items()))


def message_text(found: Diagnostic) -> str:
    """What pylint shows: ``TF301 [error] `tf.Session` ...: ...``."""
    return f"{found.code} [{found.severity}] {found.text()}"


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
    """Runs the engine once per module; the first checker pylint runs on a module takes all of its findings."""

    def __init__(self) -> None:
        self.module: Optional[nodes.Module] = None

    def take(self, node: nodes.Module) -> list[Diagnostic]:
        """The module's findings in line order, for the first checker that asks; [] for the others."""
        if node is self.module:
            return []
        self.module = node
        with paused():
            return sorted(self._lint(node), key=lambda found: (found.line, found.col, found.code))

    @staticmethod
    def _lint(node: nodes.Module) -> list[Diagnostic]:
        text = module_source(node)
        filename = node.file or "<unknown>"
        index = shared_index(filename)
        if text is None or not reaches_tensorflow(text, filename, index):
            return []
        path = Path(node.file) if node.file else None
        try:
            settings = file_settings(path) if path is not None else None
        except ConfigError as error:
            option_error(str(error))
        if path is not None and settings is not None and excluded(path, settings):
            return []
        try:
            # pylint applies its own ``# pylint: disable`` comments; ``# noqa`` is flake8's business
            checked = check_source(text, filename, noqa=False, project=settings.project if settings else Project(),
                                   index=index)
            found = in_project(checked, filename, index)
            found = apply_noqa(found, source_lines(text), per_line=False)  # ``# tf2lint: noqa`` is tf2lint's own
        except SourceError:
            return []  # pylint reports what it cannot parse itself, as the flake8 plugin leaves it to flake8
        return selected(path, settings, found) if path is not None and settings is not None else found


def option_error(message: str) -> NoReturn:
    """Stop pylint as it stops on a bad option: one line on stderr, exit status 32 (usage error)."""
    print(f"pylint: error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(32)


class TF2LintChecker(BaseChecker):
    """Reports tf2lint findings (its family's messages declared); instances share a :class:`_Findings`."""

    family: int = 0

    def __init__(self, linter: PyLinter, findings: Optional[_Findings] = None) -> None:
        super().__init__(linter)
        self.findings = findings or _Findings()

    def visit_module(self, node: nodes.Module) -> None:
        for found in self.findings.take(node):
            self.add_message(
                found.rule.pylint_id,
                line=found.line,
                node=node,
                args=(message_text(found),),
                confidence=CONFIDENCE.get(found.confidence, HIGH),
                col_offset=found.col,
                end_lineno=found.end_line,
                end_col_offset=found.end_col,
            )

    def close(self) -> None:
        self.findings.module = None  # do not keep the last tree alive


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
