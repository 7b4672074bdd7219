"""docs/rules.md, rendered from the rule table (``python3 scripts/gen_rules_doc.py`` writes it)."""
from __future__ import annotations

from itertools import groupby

from tf2lint.rules import ERROR, INFO, RULES, WARNING, Rule

#: Family (hundreds digit) -> section title and introduction.
FAMILIES: dict[int, tuple[str, str]] = {
    1: ("TF1-only API surface",
        "Names that do not exist in TF 2.x are errors: the line raises AttributeError or TypeError as soon as "
        "it runs. Names that only exist under `tf.compat.v1` are warnings, and `compat.v1` prefixes that can "
        "simply be dropped are info. Code that imports `tensorflow.compat.v1` gets one TF101 finding on the "
        "import, then one finding per TF1-only name it uses; a location gets one finding, and a more specific "
        "family (TF2xx-TF9xx) wins over this generic one."),
    2: ("Behaviour switches",
        "`disable_v2_behavior()` and its relatives turn TF2 behaviour off for the whole process, which is "
        "what keeps every other TF1 idiom working. Migrate the code below the switch first; removing the "
        "switch is the last step. The `enable_*` calls are already the TF2 default."),
    3: ("Sessions and placeholders",
        "TF2 runs eagerly. Each `Session.run` becomes a Python function call: its feeds become the "
        "function's arguments and its fetches the return value. Decorate the function with `@tf.function` "
        "where graph speed matters; placeholders become its arguments (`input_signature` fixes their shape "
        "and dtype)."),
    4: ("Name-based variables and checkpoints",
        "In TF2 a variable belongs to the Python object that creates it (`tf.Module`, Keras layer or model). "
        "Sharing variables means calling the same object, listing them means `module.trainable_variables`, "
        "and object-based checkpoints (`tf.train.Checkpoint`) follow the objects instead of variable names. "
        "Variables are initialized when they are created."),
    5: ("Graph collections and the default graph",
        "TF2 has no default graph to hang global state on. Keep state as attributes of the objects that own "
        "it (`model.losses`, `layer.variables`) and let `@tf.function` trace the graphs."),
    6: ("Control dependencies",
        "Eager code runs in program order, and inside `@tf.function` stateful operations run in the order "
        "they are written (automatic control dependencies). Explicit control dependencies and grouping ops "
        "are rarely needed."),
    7: ("Training loops",
        "Prefer `Model.fit` over a hand-written training loop where it fits: it brings the step counter, "
        "checkpoints (`ModelCheckpoint`), summaries (`TensorBoard`), distribution strategies and callbacks, "
        "which TF1 code assembled from global steps, hooks and monitored sessions. When `fit` does not fit "
        "(GANs, reinforcement learning, unusual update rules), override `Model.train_step` and keep `fit`, "
        "or write a loop with `tf.GradientTape` and a Keras optimizer. Estimator, `tf.layers` and the TF1 "
        "RNN cells are gone with TF 2.16 and Keras 3."),
    8: ("Input pipelines",
        "`tf.data` replaces queues, queue runners and readers. A `tf.data.Dataset` is a Python iterable: "
        "iterate it eagerly (`for batch in ds:`), inside `@tf.function`, or pass it to `Model.fit`."),
    9: ("Summaries and shapes",
        "TF2 summary ops write to the default writer when they run (`with writer.as_default(step=step):`); "
        "nothing is merged or fetched. Shape elements are plain ints or None."),
}

SEVERITY_MEANING = {
    ERROR: "fails under TF 2.x (AttributeError, TypeError, removed module).",
    WARNING: "a TF1 idiom that still runs through `compat.v1` or TF1 behaviour.",
    INFO: "advice: redundant or safe-to-drop code.",
}

INTRO = """\
Every tf2lint finding has a code: `TF` and 3 digits, the hundreds digit being the family (`TF3` selects all
of TF3xx). Each rule below says what it finds, why that is a problem in TF2, an example and what to write
instead.

Severities:

{severities}

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
        f"- Severity: {rule.severity}",
        f"- pylint: `{rule.pylint_id}` (`{rule.pylint_symbol}`)",
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
        *(f"| [{r.code}](#{r.anchor}) | `{r.symbol}` | {r.severity} | {cell(r.message)} |" for r in rules),
        "",
    ]
    for family, members in groupby(rules, key=lambda rule: rule.family):
        title, intro = FAMILIES[family]
        lines += [f"## TF{family}xx: {title}", "", intro, ""]
        for rule in members:
            lines += render_rule(rule)
    return "\n".join(lines).rstrip("\n") + "\n"
