"""The rule table and the engine hooks of every family: ``RULES`` is what generated outputs read, ``HOOKS`` what
the engine runs. A family is one module here (``TFfxx`` codes share the hundreds digit ``f``) holding its
``RULES`` and the ``hooks`` its checks registered; a family may span modules (TF1xx: ``api_surface`` and
``meanings``), the first of them giving its title."""
from tf2lint.hooks import Hooks
from tf2lint.rules import (
    api_surface,
    behaviour,
    control_deps,
    graph_state,
    input_pipelines,
    meanings,
    sessions,
    summaries,
    training,
    variables,
)
from tf2lint.rules.model import ERROR, INFO, SEVERITIES, WARNING, Rule

FAMILIES = (
    api_surface, meanings, behaviour, sessions, variables, graph_state, control_deps, training, input_pipelines,
    summaries,
)

RULES: dict[str, Rule] = {rule.code: rule for family in FAMILIES for rule in family.RULES}

HOOKS: Hooks = Hooks.merge(*(family.hooks for family in FAMILIES))

__all__ = ["ERROR", "FAMILIES", "HOOKS", "INFO", "RULES", "SEVERITIES", "WARNING", "Rule"]
