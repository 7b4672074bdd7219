"""The rule table is well formed, every suggestion names real TF 2.21 APIs, every rule has fixtures."""
from __future__ import annotations

import re
import string

import pytest

from conftest import expected_findings, fixture_files
from tf2lint import tfapi
from tf2lint.rules import HOOKS, RULES, SEVERITIES, api_surface

TF_NAME = re.compile(r"(?<![\w.])(?:tf\.|keras\.)[A-Za-z_][\w.]*")
TEMPLATE_KEYS = {"name", "new", "func", "advice", "op"}


def tf_names(text: str) -> set[str]:
    """``tf.X.Y`` / ``keras.X`` names mentioned in a text, without a trailing dot."""
    return {name.rstrip(".") for name in TF_NAME.findall(text)}


def exists(name: str) -> bool:
    path = name[len("tf."):] if name.startswith("tf.") else name
    return tfapi.exists_in_v2(path)


def test_codes_and_metadata() -> None:
    assert len({r.pylint_id for r in RULES.values()}) == len(RULES)
    assert len({r.symbol for r in RULES.values()}) == len(RULES)
    for code, rule in RULES.items():
        assert code == rule.code and re.fullmatch(r"TF[1-9]\d\d", code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.symbol)
        assert rule.severity in SEVERITIES
        assert re.fullmatch(r"[EWC]7[1-9]\d\d", rule.pylint_id) and rule.pylint_id[2:] == code[2:]
        for template in (rule.message, rule.suggestion):
            keys = {field for _, field, _, _ in string.Formatter().parse(template) if field}
            assert keys <= TEMPLATE_KEYS, (code, keys)
        assert all((rule.what, rule.why, rule.example, rule.instead)), code


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_firing_fixture(code: str) -> None:
    assert any(code == c for path in fixture_files() for _, c in expected_findings(path))


def test_suggestions_name_existing_tf2_apis() -> None:
    texts = [rule.suggestion for rule in RULES.values()] + [rule.instead for rule in RULES.values()]
    texts += list(api_surface.ADVICE.values()) + list(api_surface.CONTRIB_ADVICE.values())
    texts += [entry.advice for entry in HOOKS.names.values()]
    names = set().union(*(tf_names(text) for text in texts))
    names |= {f"tf.{new}" for entry in HOOKS.names.values() for new in (entry.new, entry.fallback) if new}
    missing = sorted(name for name in names if not exists(name))
    assert not missing
    assert len(names) > 100  # the check covers the tables, not a handful of names


def test_name_entries_point_at_specific_rules() -> None:
    for path, entry in HOOKS.names.items():
        assert entry.code in RULES and RULES[entry.code].family != 1, path
        if "{new}" in RULES[entry.code].suggestion:
            assert entry.new or entry.advice or entry.fallback, path


def test_generated_renames_exist_in_tf2() -> None:
    news = {new for _, new in tfapi.v1_table().values() if new}
    assert news and all(tfapi.exists_in_v2(new) for new in news)
