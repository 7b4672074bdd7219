"""Helpers for tests/tf: resolving dotted TensorFlow names and reading tf2lint's tables and texts."""
from __future__ import annotations

import inspect
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import tensorflow as tf

from tf2lint import tfapi

REPO = Path(__file__).resolve().parents[2]
#: The TensorFlow the tables were generated from (scripts/gen_api_tables.py TF_VERSION).
TF_VERSION = "2.21.0"
#: A dotted TensorFlow name in prose or code: `tf.io.gfile.exists` in `tf.io.gfile.exists(path)`.
TF_NAME = re.compile(r"(?<![\w.])tf(?:\.[A-Za-z_]\w*)+")
PLACEHOLDER = re.compile(r"[A-Z]")
#: Names whose module is gone from every TF 2.x release (the rules describe them, never suggest them).
REMOVED = ("tf.contrib", "tf.estimator")
MISSING = object()


def resolve(root: Any, dotted: str) -> Any:
    """getattr along a dotted path; raises AttributeError where a part is missing."""
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def lookup(dotted: str, root: Any = tf) -> Any:
    """The object `tf.<dotted>` names, or MISSING (any error while loading counts as missing)."""
    try:
        return resolve(root, dotted)
    except Exception:  # noqa: BLE001 - lazy Keras modules raise ImportError/AttributeError alike
        return MISSING


def tf_names(text: str) -> list[str]:
    """Every `tf.a.b` name in a text, without the `tf.` prefix, templates (`{op}`) cut off; placeholders
    (`tf.X`, `tf.compat.v1.X`) left out."""
    names = [name[3:] for name in TF_NAME.findall(text)]
    return [n for n in names if not PLACEHOLDER.fullmatch(n.rpartition(".")[2])]


def exists_in_tf2(name: str) -> bool:
    """Whether `tf.<name>` resolves under `import tensorflow as tf` (`compat.v1.X` through compat.v1)."""
    return lookup(name) is not MISSING


def exists_anywhere(name: str) -> bool:
    """Whether `tf.<name>` resolves in TF2 or in tf.compat.v1 (texts that describe TF1 code).

    Members of tf.compat.v1's Keras-2 modules (`layers`, `nn.rnn_cell`), which load Keras 3 and raise,
    count when the TF1 API table lists the module as lazy.
    """
    if exists_in_tf2(name) or lookup(name, tf.compat.v1) is not MISSING:
        return True
    parts = name.split(".")
    return any(tfapi.v1_table().get(".".join(parts[:i]), ("",))[0] == tfapi.LAZY for i in range(1, len(parts)))


def signature(obj: Any) -> inspect.Signature | None:
    """inspect.signature of a callable (classes: their __init__ without self), None if unknown."""
    try:
        sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if inspect.isclass(obj) and params and params[0].name == "self":
        params = params[1:]
    return sig.replace(parameters=params)


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The data rows of one of tf2lint's tables."""
    text = (Path(tfapi.__file__).parent / "data" / name).read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines()[1:])
