#!/usr/bin/env python3
"""Generate tf2lint's API tables (tf2lint/data/*.tsv) from an installed TensorFlow.

Run from any directory with the pinned TensorFlow installed:

    python scripts/gen_api_tables.py

Outputs (sorted, tab-separated, one header line each):
  v1_api.tsv           path, kind, v2_name   -- every public name under tf.compat.v1
  v2_api.tsv           path, kind            -- every public name under tf and keras
  v1_keywords.tsv      path, v1_keyword, v2_keyword -- v1-only kwargs of variants
  upgrade_renames.tsv  v1_path, target, resolves    -- tf_upgrade_v2 renames

Keras lazy loaders (tf.keras, tf.compat.v1.layers, ...) are recorded, never loaded.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

TF_VERSION = "2.21.0"

SCRIPT_NAME = "scripts/gen_api_tables.py"
DATA_DIR = Path(__file__).resolve().parent.parent / "tf2lint" / "data"

# Module paths whose members are not walked (they loop back to a whole API).
COMPAT_LOOPS = frozenset({"compat.v1", "compat.v2"})
RAW_OPS = "raw_ops"

# Keyword renames applied only when tf_upgrade_v2 has none for a function and
# the v2 signature really has the target name.
FALLBACK_KEYWORD_RENAMES = {
    "keep_dims": "keepdims",
    "reduction_indices": "axis",
    "dim": "axis",
    "dimension": "axis",
    "squeeze_dims": "axis",
}
# Replacements that are not plain renames (keep_prob == 1 - rate).
KEYWORD_OVERRIDES = {("nn.dropout", "keep_prob"): "rate"}

PRIMITIVES = (type(None), bool, int, float, complex, str, bytes)

Api = dict[str, Any]  # dotted path (relative to the API root) -> exported object


# --------------------------------------------------------------------------
# Environment


def import_tensorflow() -> types.ModuleType:
    """Import tensorflow, exiting with a message unless it is TF_VERSION."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import tensorflow as tf
    except ImportError as exc:
        sys.exit(f"error: cannot import tensorflow ({exc}); need {TF_VERSION}")
    if tf.__version__ != TF_VERSION:
        print(
            f"error: tensorflow {tf.__version__} is installed, but the tables "
            f"must be generated from tensorflow {TF_VERSION} (see TF_VERSION)",
            file=sys.stderr,
        )
        sys.exit(1)
    return tf


# --------------------------------------------------------------------------
# Walking an API


def is_lazy(obj: Any) -> bool:
    """True for TF's lazy loaders (checked by type, so nothing gets loaded)."""
    from tensorflow.python.util.lazy_loader import LazyLoader

    return isinstance(obj, LazyLoader)


def is_module(obj: Any) -> bool:
    """True for a real (non-lazy) module or TF module wrapper."""
    return isinstance(obj, types.ModuleType) and not is_lazy(obj)


def unwrap_module(module: types.ModuleType) -> types.ModuleType:
    """Return the plain module behind a TFModuleWrapper (tf.compat.v1)."""
    return getattr(module, "_tfmw_wrapped_module", module)


def public_members(module: types.ModuleType) -> Iterator[tuple[str, Any]]:
    """Yield (name, object) for the public names in dir(module), sorted."""
    module = unwrap_module(module)
    namespace = vars(module)
    for name in sorted(dir(module)):
        if name.startswith("_"):
            continue
        if name in namespace:
            yield name, namespace[name]
        else:
            try:
                yield name, getattr(module, name)
            except AttributeError:
                continue


def walk(
    root: types.ModuleType,
    prefix: str = "",
    keep: Callable[[str, Any], bool] = lambda path, obj: True,
    descend: Callable[[str, types.ModuleType], bool] = lambda path, module: True,
) -> Api:
    """Map every public dotted path under `root` to its object.

    `keep(path, obj)` drops names; modules are walked when `descend(path,
    module)` allows it, except lazy loaders and modules already on the
    current path (cycles).
    """
    api: Api = {}

    def visit(module: types.ModuleType, base: str, ancestors: frozenset[int]) -> None:
        for name, obj in public_members(module):
            path = base + name
            if not keep(path, obj):
                continue
            api[path] = obj
            if not is_module(obj) or not descend(path, obj):
                continue
            inner = unwrap_module(obj)
            if id(inner) not in ancestors:
                visit(inner, path + ".", ancestors | {id(inner)})

    start = unwrap_module(root)
    visit(start, prefix, frozenset({id(start)}))
    return api


def tf_api(root: types.ModuleType, api_dir: Path) -> Api:
    """Walk a TensorFlow API tree (tf or tf.compat.v1).

    Only TF's generated API modules (files under tensorflow/_api) are walked;
    other exported modules (tf.compat.v1.flags, test.mock) are recorded only.
    Subpackages that are attributes of `tensorflow` merely because they were
    imported (tensorflow.dtensor, tensorflow.tools) are not API and are left out.
    """

    def is_api_module(module: types.ModuleType) -> bool:
        file = getattr(unwrap_module(module), "__file__", None) or ""
        return Path(file).resolve().is_relative_to(api_dir)

    def keep(path: str, obj: Any) -> bool:
        if not is_module(obj) or is_api_module(obj):
            return True
        return unwrap_module(obj).__name__ != f"{root.__name__}.{path}"

    def descend(path: str, module: types.ModuleType) -> bool:
        return path not in COMPAT_LOOPS and is_api_module(module)

    return walk(root, keep=keep, descend=descend)


def keras_api() -> tuple[Api, str]:
    """Walk the public Keras API as `keras.*` paths; return it and keras's version."""
    import keras

    def keep(path: str, obj: Any) -> bool:
        # Only keras's own public API modules (keras.layers, ...), not keras.src.
        if not is_module(obj):
            return True
        return unwrap_module(obj).__name__ == path and "src" not in path.split(".")

    return walk(keras, prefix="keras.", keep=keep), keras.__version__


def kind_v2(obj: Any) -> str:
    """Kind of a v2 API entry: lazy, module or symbol."""
    if is_lazy(obj):
        return "lazy"
    return "module" if is_module(obj) else "symbol"


# --------------------------------------------------------------------------
# v1 classification


def classify_v1(path: str, obj: Any, v2: Api) -> str:
    """Kind of a tf.compat.v1 entry compared with the same path in v2."""
    if is_lazy(obj):
        return "lazy"
    if is_module(obj):
        # A lazy v2 module (tf.losses -> Keras) still exists at that path.
        other = v2.get(path)
        return "module" if is_module(other) or is_lazy(other) else "v1module"
    if path not in v2:
        return "v1only"
    return "same" if v2[path] is obj else "variant"


def export_index(v2: Api) -> dict[int, list[str]]:
    """Map id(object) -> every v2 path exporting that (non-module) object."""
    index: dict[int, list[str]] = {}
    for path, obj in v2.items():
        if not isinstance(obj, types.ModuleType):
            index.setdefault(id(obj), []).append(path)
    return index


def preferred_name(paths: Iterable[str]) -> str:
    """Pick a TF2 name: not under compat, then shortest, then alphabetical."""
    return min(paths, key=lambda p: (p.startswith("compat."), len(p), p))


def leaf(path: str) -> str:
    return path.rpartition(".")[2]


def same_object_name(path: str, obj: Any, v2: Api, index: dict[int, list[str]]) -> str:
    """TF2 path of the very same object, or "".

    Interned primitives (0, True, "serve", ...) are only matched when the
    exported name is the same, so unrelated equal constants do not match.
    """
    paths = [p for p in index.get(id(obj), []) if v2[p] is obj]
    if isinstance(obj, PRIMITIVES):
        paths = [p for p in paths if leaf(p) == leaf(path)]
    return preferred_name(paths) if paths else ""


def rename_target(path: str, symbol_renames: dict[str, str], v2: Api) -> str:
    """tf_upgrade_v2's TF2-native rename target for a v1 path, if it resolves."""
    target = symbol_renames.get("tf." + path)
    if not target or target.startswith("tf.compat.v1."):
        return ""
    target = strip_tf(target)
    return target if target in v2 else ""


def v1_rows(v1: Api, v2: Api, symbol_renames: dict[str, str]) -> list[tuple[str, ...]]:
    """Rows of v1_api.tsv (raw_ops members left out)."""
    index = export_index(v2)
    rows = []
    for path, obj in sorted(v1.items()):
        if path.startswith(RAW_OPS + "."):
            continue
        kind = classify_v1(path, obj, v2)
        v2_name = ""
        if kind == "v1only":
            v2_name = same_object_name(path, obj, v2, index) or rename_target(
                path, symbol_renames, v2
            )
        rows.append((path, kind, v2_name))
    return rows


# --------------------------------------------------------------------------
# Keywords


def keyword_params(obj: Any) -> tuple[list[str], bool] | None:
    """Keyword-passable parameter names and whether **kwargs is accepted.

    Classes are described by __init__ (without self). None if no signature.
    """
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return None
    if inspect.isclass(obj) and params and params[0].kind != params[0].VAR_POSITIONAL:
        params = params[1:]
    names = [
        p.name
        for p in params
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        and not p.name.startswith("_")
    ]
    return names, any(p.kind == p.VAR_KEYWORD for p in params)


def upgrade_keyword_table(
    path: str, aliases: list[str], keyword_renames: dict[str, dict[str, str | None]]
) -> dict[str, str | None]:
    """tf_upgrade_v2's keyword renames for `path`, else for an alias of it."""
    for name in [path, *aliases]:
        table = keyword_renames.get("tf." + name)
        if table is not None:
            return table
    return {}


def keyword_replacement(
    path: str, keyword: str, v2_params: list[str], table: dict[str, str | None]
) -> str:
    """The v2 keyword replacing a v1-only keyword, or "" if there is none."""
    if (path, keyword) in KEYWORD_OVERRIDES:
        return KEYWORD_OVERRIDES[path, keyword]
    if keyword in table:
        target = table[keyword]
    else:
        target = FALLBACK_KEYWORD_RENAMES.get(keyword)
    return target if target and target in v2_params else ""


def keyword_rows(
    v1: Api, v2: Api, v1_kinds: dict[str, str], keyword_renames: dict[str, dict[str, str | None]]
) -> list[tuple[str, str, str]]:
    """Rows of v1_keywords.tsv: v1 keywords missing from the v2 variant."""
    aliases: dict[int, list[str]] = {}
    for path, obj in v1.items():
        aliases.setdefault(id(obj), []).append(path)
    rows = []
    for path, kind in sorted(v1_kinds.items()):
        if kind != "variant" or not (callable(v1[path]) and callable(v2[path])):
            continue
        old, new = keyword_params(v1[path]), keyword_params(v2[path])
        if old is None or new is None:
            continue
        new_names = set(new[0])
        others = sorted(a for a in aliases[id(v1[path])] if a != path)
        table = upgrade_keyword_table(path, others, keyword_renames)
        for keyword in old[0]:
            if keyword not in new_names:
                rows.append((path, keyword, keyword_replacement(path, keyword, new[0], table)))
    return sorted(set(rows))


# --------------------------------------------------------------------------
# Output


def strip_tf(name: str) -> str:
    return name[3:] if name.startswith("tf.") else name


def rename_rows(symbol_renames: dict[str, str], v2: Api) -> list[tuple[str, str, str]]:
    """Rows of upgrade_renames.tsv: renames to TF2-native names."""
    rows = []
    for old, new in symbol_renames.items():
        if new.startswith("tf.compat.v1."):
            continue
        target = strip_tf(new)
        rows.append((strip_tf(old), target, "yes" if target in v2 else "no"))
    return sorted(rows)


def write_tsv(name: str, header: str, rows: list[tuple[str, ...]]) -> None:
    """Write a header line and tab-separated rows with \\n line ends."""
    lines = [header]
    for row in rows:
        assert all("\t" not in f and "\n" not in f for f in row), row
        lines.append("\t".join(row))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / name).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def count(values: Iterable[str]) -> str:
    tally: dict[str, int] = {}
    for value in values:
        tally[value] = tally.get(value, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))


def report(v1: Api, v2: Api, v1_kinds: dict[str, str], v1_table: list[tuple[str, ...]],
           kw_rows: list[tuple[str, str, str]], renames: list[tuple[str, str, str]]) -> None:
    """Print the numbers to compare with a census of the API."""
    symbols = [p for p, o in v1.items() if not isinstance(o, types.ModuleType)]
    raw = [p for p in symbols if p.startswith(RAW_OPS + ".")]
    in_v2 = [p for p in symbols if p in v2]
    print(f"tf.compat.v1: {len(symbols)} symbols ({len(raw)} raw_ops), "
          f"{sum(is_module(o) for o in v1.values())} modules, "
          f"{sum(is_lazy(o) for o in v1.values())} lazy")
    print(f"  same path in v2: {len(in_v2)} "
          f"({sum(not p.startswith(RAW_OPS + '.') for p in in_v2)} without raw_ops)")
    print(f"  v1_api.tsv kinds: {count(r[1] for r in v1_table)}")
    print(f"  v1only with v2_name: {sum(bool(r[2]) for r in v1_table)}")
    print(f"v2_api.tsv: {count(kind_v2(o) for o in v2.values())}")
    print(f"v1_keywords.tsv: {len(kw_rows)} rows, {len({r[0] for r in kw_rows})} functions, "
          f"{sum(bool(r[2]) for r in kw_rows)} with a replacement")
    print(f"upgrade_renames.tsv: {len(renames)} rows, "
          f"{sum(r[2] == 'yes' for r in renames)} resolve")


def main() -> int:
    started = time.monotonic()
    tf = import_tensorflow()
    from tensorflow.tools.compatibility import tf_upgrade_v2

    spec = tf_upgrade_v2.TFAPIChangeSpec()
    api_dir = Path(tf.__file__).resolve().parent / "_api"
    v1 = tf_api(tf.compat.v1, api_dir)
    v2 = tf_api(tf, api_dir)
    keras_paths, keras_version = keras_api()
    v2.update(keras_paths)

    v1_kinds = {p: classify_v1(p, o, v2) for p, o in v1.items()}
    v1_table = v1_rows(v1, v2, spec.symbol_renames)
    kw_rows = keyword_rows(v1, v2, v1_kinds, spec.function_keyword_renames)
    renames = rename_rows(spec.symbol_renames, v2)

    header = (f"# generated by {SCRIPT_NAME} from tensorflow {tf.__version__}, "
              f"keras {keras_version}; do not edit")
    write_tsv("v1_api.tsv", header, v1_table)
    write_tsv("v2_api.tsv", header, [(p, kind_v2(o)) for p, o in sorted(v2.items())])
    write_tsv("v1_keywords.tsv", header, kw_rows)
    write_tsv("upgrade_renames.tsv", header, renames)

    report(v1, v2, v1_kinds, v1_table, kw_rows, renames)
    print(f"wrote {DATA_DIR.name}/*.tsv in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
