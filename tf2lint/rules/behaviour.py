"""TF2xx: switches that turn TF2 behaviour off or on."""
from __future__ import annotations

from tf2lint.hooks import Hooks
from tf2lint.rules.model import INFO, WARNING, Rule

#: The family's section in docs/rules.md.
TITLE = "Behaviour switches"
INTRO = (
    "`disable_v2_behavior()` and its relatives turn TF2 behaviour off for the whole process, which is what "
    "keeps every other TF1 idiom working. Migrate the code below the switch first; removing the switch is the"
    " last step. The `enable_*` calls are already the TF2 default."
)

RULES = (
    Rule(
        "TF201", "disable-v2-behavior", WARNING,
        "`{name}` switches the program back to TF1 graph mode",
        "remove it: make the code eager-compatible and put graph parts in `@tf.function`",
        "Finds `disable_v2_behavior()` and `disable_eager_execution()`.",
        "Every other TF1 idiom depends on this switch. `disable_eager_execution()` turns off eager execution "
        "for the whole process; `disable_v2_behavior()` also turns off resource variables, the v2 "
        "`TensorShape`, v2 control flow, tensor equality and the v2 `tf.data` classes.",
        "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()",
        "import tensorflow as tf\n\n@tf.function\ndef step(x):\n    return model(x)",
    ),
    Rule(
        "TF202", "redundant-enable-v2", INFO,
        "`{name}` is already the TF 2.x default",
        "delete the call",
        "Finds `enable_eager_execution()`, `enable_v2_behavior()`, `enable_resource_variables()`, "
        "`enable_v2_tensorshape()` and `enable_control_flow_v2()`.",
        "TF 2.x already behaves this way; the call is dead code that only exists in compat.v1.",
        "tf.compat.v1.enable_eager_execution()",
        "# nothing: eager execution is on by default",
    ),
    Rule(
        "TF203", "disable-v2-feature", WARNING,
        "`{name}` turns a TF2 behaviour off",
        "delete the call, then fix the code that relies on the TF1 behaviour",
        "Finds `disable_resource_variables()`, `disable_v2_tensorshape()`, `disable_control_flow_v2()` and "
        "`disable_tensor_equality()`.",
        "The code after it relies on reference variables, `Dimension` objects, v1 cond/while or identity "
        "`==` on tensors; none of these exist in plain TF2.",
        "tf.compat.v1.disable_v2_tensorshape()\nn = x.shape[0].value",
        "n = x.shape[0]  # an int or None",
    ),
)

hooks = Hooks()
hooks.name("TF201", "disable_v2_behavior disable_eager_execution")
hooks.name("TF202", "enable_eager_execution enable_v2_behavior enable_resource_variables enable_v2_tensorshape "
                    "enable_control_flow_v2 enable_tensor_equality")
hooks.name("TF203", "disable_resource_variables disable_v2_tensorshape disable_control_flow_v2 "
                    "disable_tensor_equality")
