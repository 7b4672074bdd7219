"""``--explain CODE`` and ``--list-rules``: the rule table as text."""
from __future__ import annotations

import textwrap
from typing import Any, Optional

from tf2lint.rules import RULES, Rule
from tf2lint.rules.model import PYLINT_SYMBOL_PREFIX
from tf2lint.rules.redirects import redirect

SYMBOL_WIDTH = max(len(rule.symbol) for rule in RULES.values())


def find_rule(name: str) -> Optional[Rule]:
    """The rule with this code (any case), symbol or pylint symbol (``tf2lint-tf1-session``, also with a
    severity suffix: ``tf2lint-tf1-session-error``), or the rule a retired or renamed code or symbol now is
    (:mod:`tf2lint.rules.redirects`)."""
    found = _current(name)
    target = redirect(name) if found is None else None
    return RULES.get(target) if target is not None else found


def _current(name: str) -> Optional[Rule]:
    name = name.strip().lower()
    if name.startswith(PYLINT_SYMBOL_PREFIX):
        pylint = {symbol: rule for rule in RULES.values() for _, symbol in rule.pylint_messages}
        return pylint.get(name)
    return RULES.get(name.upper()) or next((rule for rule in RULES.values() if rule.symbol == name), None)


class _Placeholders(dict[str, str]):
    """Template fields shown as ``<name>``: what the message says at a finding."""

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def explain(rule: Rule, asked: str = "") -> str:
    """A rule's full documentation; ``asked`` is the name asked for, said when it is a retired or renamed one."""
    def section(title: str, body: str, code: bool = False) -> list[str]:
        text = textwrap.indent(body, "    ") if code else textwrap.fill(body, 100)
        return ["", title, text]

    suggestion = f": {rule.suggestion.format_map(_Placeholders())}" if rule.suggestion else ""
    renamed = _current(asked) is None and redirect(asked) == rule.code if asked else False
    lines = [
        *([f"{asked.strip()} is now {rule.code}: it was renamed or merged into it."] if renamed else []),
        f"{rule.code} ({rule.symbol})",
        f"Severity: {rule.severity_text}",
        f"pylint: {rule.pylint_id} ({rule.pylint_symbol})" + "".join(
            f"; old name {msgid} ({symbol})" for msgid, symbol in rule.pylint_old_names),
        f"Message: {rule.message.format_map(_Placeholders())}{suggestion}",
        *section("What it does", rule.what),
        *section("Why is this bad", rule.why),
        *section("Example", rule.example, code=True),
        *section("Use instead", rule.instead, code=True),
        "",
        f"Documentation: {rule.doc_url}",
    ]
    return "\n".join(lines)


def rule_line(rule: Rule) -> str:
    """One line of ``--list-rules``: code, symbol, severity (the default, ``error/warning`` where it depends on
    the namespace: error through ``tf``) and what it finds."""
    severity = "/".join(rule.severities)
    return f"{rule.code}  {rule.symbol:<{SYMBOL_WIDTH}}  {severity:<13}  {rule.what}"


def rule_json(rule: Rule) -> dict[str, Any]:
    """One object of ``--list-rules --format json``: ``code``, ``symbol``, ``family`` (``TF3xx``),
    ``severity`` (the default), ``severities`` (every one a finding can have, the default first), ``what``,
    ``pylint`` (``[{"id": "W7301", "symbol": "tf2lint-tf1-session"}, ...]``) and ``url``."""
    return {
        "code": rule.code, "symbol": rule.symbol, "family": f"TF{rule.family}xx", "severity": rule.severity,
        "severities": list(rule.severities), "what": rule.what,
        "pylint": [{"id": msgid, "symbol": symbol} for msgid, symbol in rule.pylint_messages],
        "url": rule.doc_url,
    }
