"""The rule table and the engine hooks of every family: ``RULES`` is what generated outputs read, ``HOOKS`` what
the engine runs. A family is one module here (``TFfxx`` codes share the hundreds digit ``f``) holding its
``RULES`` and the ``hooks`` its checks registered; a family may span modules (TF1xx: ``api_surface``,
``meanings`` and ``keras_api``), the first of them giving its title."""
from dataclasses import replace

from tf2lint.hooks import Hooks
from tf2lint.rules import (
    api_surface,
    behaviour,
    control_deps,
    graph_state,
    input_pipelines,
    keras_api,
    meanings,
    sessions,
    summaries,
    training,
    variables,
)
from tf2lint.rules.model import ERROR, INFO, SEVERITIES, WARNING, Rule

FAMILIES = (
    api_surface, meanings, keras_api, behaviour, sessions, variables, graph_state, control_deps, training,
    input_pipelines, summaries,
)

HOOKS: Hooks = Hooks.merge(*(family.hooks for family in FAMILIES))


def _through_tf(rule: Rule, named: set[str]) -> Rule:
    """A rule claiming TF1 names (``hooks.name``) also finds them through ``import tensorflow as tf``, where TF 2.x
    has no such attribute: an error there, unless the rule says otherwise."""
    return replace(rule, tf2_severity=ERROR) if rule.code in named and not rule.tf2_severity else rule


_NAMED = {entry.code for entry in HOOKS.names.values()}
RULES: dict[str, Rule] = {rule.code: _through_tf(rule, _NAMED) for family in FAMILIES for rule in family.RULES}

__all__ = ["ERROR", "FAMILIES", "HOOKS", "INFO", "RULES", "SEVERITIES", "WARNING", "Rule"]
