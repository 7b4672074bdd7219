"""The rule table: every tf2lint code, generated outputs read it from here."""
from tf2lint.rules import (
    api_surface,
    behaviour,
    control_deps,
    graph_state,
    input_pipelines,
    sessions,
    summaries,
    training,
    variables,
)
from tf2lint.rules.model import ERROR, INFO, SEVERITIES, WARNING, Rule

RULES: dict[str, Rule] = {
    rule.code: rule
    for family in (
        api_surface, behaviour, sessions, variables, graph_state, control_deps, training, input_pipelines,
        summaries,
    )
    for rule in family.RULES
}

__all__ = ["ERROR", "INFO", "RULES", "SEVERITIES", "WARNING", "Rule"]
