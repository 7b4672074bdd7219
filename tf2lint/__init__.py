"""tf2lint: find TensorFlow 1 idioms and say, line by line, what the TF2-native replacement is.

>>> import tf2lint
>>> [d.code for d in tf2lint.lint_source("import tensorflow as tf\\nx = tf.placeholder(tf.float32)\\n")]
['TF306']
"""
from tf2lint.diagnostic import HIGH, INFERENCE, Diagnostic
from tf2lint.engine import SourceError, lint_file, lint_source, lint_tree
from tf2lint.rules import RULES, Rule

__version__ = "0.1.0"

__all__ = [
    "HIGH", "INFERENCE", "RULES", "Diagnostic", "Rule", "SourceError", "__version__", "lint_file", "lint_source",
    "lint_tree",
]
