"""docs/rules.md, rendered from the rule table (``python3 scripts/gen_rules_doc.py`` writes it)."""
from __future__ import annotations

from itertools import groupby

from tf2lint import rules
from tf2lint.rules import ERROR, INFO, RULES, WARNING, Rule

#: Family (hundreds digit) -> section title (its first module's) and introduction (its modules', in order).
FAMILIES: dict[int, tuple[str, str]] = {}
for _module in rules.FAMILIES:
    _title, _intro = FAMILIES.get(_module.RULES[0].family, (_module.TITLE, ""))
    FAMILIES[_module.RULES[0].family] = (_title, f"{_intro}\n\n{_module.INTRO}" if _intro else _module.INTRO)

SEVERITY_MEANING = {
    ERROR: "raises under TF 2.x as written (AttributeError, TypeError, ValueError, a removed module), or silently "
           "changes meaning (the same line computes something else).",
    WARNING: "TF1 code that runs through `compat.v1` (or with TF1 behaviour switched back on), and calls to review "
             "before the switch (TF116).",
    INFO: "advice on code that runs: redundant or safe-to-drop code.",
}

INTRO = """\
Every tf2lint finding has a code: `TF` and 3 digits, the hundreds digit being the family (`TF3` selects all
of TF3xx). Each rule below says what it finds, why that is a problem in TF2, an example and what to write
instead.

Severities:

{severities}

A finding's severity is what TensorFlow 2.21 does with the code as written, so it can depend on how the code
reaches TensorFlow: `tf.Session()` under `import tensorflow as tf` raises AttributeError (error), the same
`tf.compat.v1.Session()` runs (warning). Such rules show both, as "error through `tf`, warning through
`tf.compat.v1`"; every output (text colour, JSON `severity`, SARIF `level`, GitHub annotations, the editor)
shows each finding's own, and pylint has one message per rule and severity (see the pylint line of a rule).

In messages and suggestions, `{{name}}` is the TensorFlow name found, `{{new}}` its TF2 replacement, `{{func}}`
the function called, `{{op}}` the summary op and `{{advice}}` advice specific to the name found.

Silence a finding with `# noqa: TF301` (or `# noqa: TF3`) on its first line. Choose codes for a project in
`pyproject.toml`:

```toml
[tool.tf2lint]
ignore = ["TF107", "TF109"]
```"""


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def render_rule(rule: Rule) -> list[str]:
    """One rule's section; its heading's GitHub slug is ``rule.anchor``."""
    return [
        f"### {rule.code} {rule.symbol}",
        "",
        f"**What it does:** {rule.what}",
        "",
        f"**Why is this bad?** {rule.why}",
        "",
        "**Example:**",
        "",
        "```python",
        rule.example,
        "```",
        "",
        "**Use instead:**",
        "",
        "```python",
        rule.instead,
        "```",
        "",
        f"- Severity: {rule.severity_text}",
        "- pylint: " + ", ".join(f"`{msgid}` (`{symbol}`)" for msgid, symbol in rule.pylint_messages),
        f"- Message: {rule.message}",
        f"- Suggestion: {rule.suggestion}",
        "",
    ]


def render_rules_markdown() -> str:
    """The whole of docs/rules.md."""
    rules = sorted(RULES.values(), key=lambda rule: rule.code)
    severities = "\n".join(f"- **{name}**: {meaning}" for name, meaning in SEVERITY_MEANING.items())
    lines = [
        "# tf2lint rules",
        "",
        "<!-- Generated from tf2lint/rules by scripts/gen_rules_doc.py: edit the rules, not this file. -->",
        "",
        INTRO.format(severities=severities),
        "",
        "## Index",
        "",
        "| code | symbol | severity | message |",
        "|---|---|---|---|",
        *(f"| [{r.code}](#{r.anchor}) | `{r.symbol}` | {r.severity_text} | {cell(r.message)} |" for r in rules),
        "",
    ]
    for family, members in groupby(rules, key=lambda rule: rule.family):
        title, intro = FAMILIES[family]
        lines += [f"## TF{family}xx: {title}", "", intro, ""]
        for rule in members:
            lines += render_rule(rule)
    return "\n".join(lines).rstrip("\n") + "\n"
