#!/usr/bin/env python3
"""Generate tf2lint's API tables (tf2lint/data/*.tsv) from the installed TensorFlow.

Usage (TensorFlow TF_VERSION must be installed; any working directory):

    python scripts/gen_api_tables.py

Writes, each with one header line, sorted, tab-separated:
  v1_api.tsv           path, kind, v2_name          every public name in tf.compat.v1
  v2_api.tsv           path, kind                   every public name in tf and keras
  v1_keywords.tsv      path, v1_keyword, v2_keyword v1-only kwargs of `variant` callables
  upgrade_renames.tsv  v1_path, target, resolves    tf_upgrade_v2 renames to TF2 names

Keras lazy loaders (tf.keras, tf.compat.v1.layers, ...) are recorded, never loaded.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

TF_VERSION = "2.21.0"

SCRIPT_NAME = "scripts/gen_api_tables.py"
DATA_DIR = Path(__file__).resolve().parent.parent / "tf2lint" / "data"

# Modules recorded but not walked: they loop back to a whole API.
COMPAT_LOOPS = frozenset({"compat.v1", "compat.v2"})
#: tf's lazy Keras modules; loaded to list their members (tf.losses.Reduction exists, tf.losses.log_loss not).
KERAS_MODULES = ("initializers", "keras", "losses", "metrics", "optimizers")
RAW_OPS_PREFIX = "raw_ops."

# Used only when tf_upgrade_v2 has no entry for the keyword, and only if the
# v2 signature really has the target name.
FALLBACK_KEYWORD_RENAMES = {
    "keep_dims": "keepdims",
    "reduction_indices": "axis",
    "dim": "axis",
    "dimension": "axis",
    "squeeze_dims": "axis",
}
# Replacements that are not plain renames (rate = 1 - keep_prob).
KEYWORD_OVERRIDES = {("nn.dropout", "keep_prob"): "rate"}

# Values that Python may share between unrelated names (small ints, strings).
PRIMITIVES = (type(None), bool, int, float, complex, str, bytes)

Api = dict[str, Any]  # dotted path (relative to the API root) -> exported object
Row = tuple[str, ...]


# --------------------------------------------------------------------------
# Environment


def import_tensorflow() -> types.ModuleType:
    """Import tensorflow; exit with status 1 unless it is TF_VERSION."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import tensorflow as tf
    except ImportError as exc:
        print(f"error: cannot import tensorflow {TF_VERSION}: {exc}", file=sys.stderr)
        sys.exit(1)
    if tf.__version__ != TF_VERSION:
        print(
            f"error: tensorflow {tf.__version__} is installed; the tables must be "
            f"generated from tensorflow {TF_VERSION} (TF_VERSION in {SCRIPT_NAME})",
            file=sys.stderr,
        )
        sys.exit(1)
    return tf


# --------------------------------------------------------------------------
# Names


def strip_tf(name: str) -> str:
    """`tf.math.log` -> `math.log`."""
    return name.removeprefix("tf.")


def native_name(path: str) -> str:
    """`compat.v2.X` -> `X`: tf.compat.v2 is the TF2 API itself."""
    return path.removeprefix("compat.v2.")


def leaf(path: str) -> str:
    """Last component of a dotted path."""
    return path.rpartition(".")[2]


def preferred_name(paths: Iterable[str]) -> str:
    """Pick a TF2 name: not under compat, then shortest, then alphabetical."""
    return min(paths, key=lambda p: (p.startswith("compat."), len(p), p))


# --------------------------------------------------------------------------
# Walking an API


def is_lazy(obj: Any) -> bool:
    """True for TF's lazy loaders (a type check, so nothing gets loaded)."""
    from tensorflow.python.util.lazy_loader import LazyLoader

    return isinstance(obj, LazyLoader)


def is_module(obj: Any) -> bool:
    """True for a real (non-lazy) module, including TF's module wrappers."""
    return isinstance(obj, types.ModuleType) and not is_lazy(obj)


def unwrap_module(module: types.ModuleType) -> types.ModuleType:
    """The plain module behind a TFModuleWrapper (tf.compat.v1)."""
    return getattr(module, "_tfmw_wrapped_module", module)


def public_members(module: types.ModuleType) -> Iterator[tuple[str, Any]]:
    """(name, object) for each public name in dir(module), in sorted order."""
    module = unwrap_module(module)
    namespace = vars(module)  # read the dict: no __getattr__, no lazy loading
    for name in sorted(dir(module)):
        if name.startswith("_"):
            continue
        if name in namespace:
            yield name, namespace[name]
        elif (obj := getattr(module, name, None)) is not None:
            yield name, obj


def walk(
    root: types.ModuleType,
    keep: Callable[[str, Any], bool],
    descend: Callable[[str, types.ModuleType], bool],
    prefix: str = "",
) -> Api:
    """Map each public dotted path under `root` to its object.

    `keep(path, obj)` filters names; a kept module is walked if
    `descend(path, module)` allows it and it is not one of its own ancestors.
    Lazy loaders are never walked.
    """
    api: Api = {}

    def visit(module: types.ModuleType, base: str, ancestors: frozenset[int]) -> None:
        for name, obj in public_members(module):
            path = base + name
            if not keep(path, obj):
                continue
            api[path] = obj
            if is_module(obj) and descend(path, obj):
                inner = unwrap_module(obj)
                if id(inner) not in ancestors:
                    visit(inner, path + ".", ancestors | {id(inner)})

    start = unwrap_module(root)
    visit(start, prefix, frozenset({id(start)}))
    return api


def tf_api(root: types.ModuleType, api_dir: Path) -> Api:
    """Walk a TensorFlow API tree (tf or tf.compat.v1).

    Only TF's generated API modules (files under tensorflow/_api) are walked;
    other exported modules (tf.compat.v1.flags, test.mock) are just recorded.
    Subpackages that are attributes of `tensorflow` only because something
    imported them (tensorflow.dtensor, tensorflow.tools) are not API: dropped.
    """

    def is_api_module(module: types.ModuleType) -> bool:
        file = getattr(unwrap_module(module), "__file__", None)
        return bool(file) and Path(file).resolve().is_relative_to(api_dir)

    def keep(path: str, obj: Any) -> bool:
        if not is_module(obj) or is_api_module(obj):
            return True
        return unwrap_module(obj).__name__ != f"{root.__name__}.{path}"

    def descend(path: str, module: types.ModuleType) -> bool:
        return path not in COMPAT_LOOPS and is_api_module(module)

    return walk(root, keep, descend)


def keras_module_api(module: types.ModuleType, prefix: str) -> Api:
    """The public names under a loaded Keras module, as `prefix.*` paths (no keras.src internals)."""

    def keep(path: str, obj: Any) -> bool:
        if not is_module(obj):
            return True
        name = unwrap_module(obj).__name__  # keras._tf_keras.keras.layers, or plain keras.callbacks
        return name.split(".", 1)[0] == "keras" and "src" not in name.split(".")

    return walk(module, keep, lambda path, inner: True, prefix=prefix + ".")


def load_keras_modules(tf: types.ModuleType, v2: Api) -> str:
    """Load tf's lazy Keras modules (tf.keras, tf.losses, ...) into `v2` as real modules with their members.

    `tf.keras` is `keras._tf_keras.keras` (Keras 3 plus TF-specific legacy names), and `tf.losses` is its
    `losses`: what resolves there in TF 2.21 is what users can call. Returns Keras's version.
    """
    import keras

    for name in KERAS_MODULES:
        module = getattr(tf, name)._load()
        v2[name] = module
        v2.update(keras_module_api(module, name))
    return keras.__version__


def kind_v2(obj: Any) -> str:
    """Kind of a v2 entry: lazy, module or symbol."""
    if is_lazy(obj):
        return "lazy"
    return "module" if is_module(obj) else "symbol"


# --------------------------------------------------------------------------
# v1_api.tsv


def classify_v1(path: str, obj: Any, v2: Api) -> str:
    """Kind of a tf.compat.v1 entry, compared with the same path in v2."""
    other = v2.get(path)
    if is_lazy(obj):
        return "lazy"
    if is_module(obj):
        # A lazy v2 module (tf.losses -> Keras) still exists at that path.
        return "module" if is_module(other) or is_lazy(other) else "v1module"
    if path not in v2:
        return "v1only"
    return "same" if other is obj else "variant"


def export_index(v2: Api) -> dict[int, list[str]]:
    """id(object) -> every v2 path exporting that non-module object."""
    index: dict[int, list[str]] = {}
    for path, obj in v2.items():
        if not isinstance(obj, types.ModuleType):
            index.setdefault(id(obj), []).append(path)
    return index


def same_object_name(path: str, obj: Any, index: dict[int, list[str]]) -> str:
    """Preferred TF2 path exporting the very same object, or "".

    Primitives (0, True, "serve") only match under the same last name, so
    unrelated constants that happen to share an object do not match.
    """
    paths = index.get(id(obj), [])
    if isinstance(obj, PRIMITIVES):
        paths = [p for p in paths if leaf(p) == leaf(path)]
    return preferred_name(paths) if paths else ""


def rename_target(path: str, symbol_renames: dict[str, str], v2: Api) -> str:
    """tf_upgrade_v2's TF2-native target for a v1 path if it resolves, else ""."""
    target = symbol_renames.get("tf." + path, "")
    if not target or target.startswith("tf.compat.v1."):
        return ""
    target = native_name(strip_tf(target))
    return target if target in v2 else ""


def v1_rows(
    v1: Api, v2: Api, kinds: dict[str, str], symbol_renames: dict[str, str]
) -> list[Row]:
    """Rows of v1_api.tsv; raw_ops members are left out."""
    index = export_index(v2)
    rows = []
    for path, obj in sorted(v1.items()):
        if path.startswith(RAW_OPS_PREFIX):
            continue
        v2_name = ""
        if kinds[path] == "v1only":
            v2_name = same_object_name(path, obj, index) or rename_target(
                path, symbol_renames, v2
            )
        rows.append((path, kinds[path], v2_name))
    return rows


# --------------------------------------------------------------------------
# v1_keywords.tsv


def keyword_params(obj: Any) -> list[str] | None:
    """Names that can be passed by keyword (classes: __init__ minus self).

    Skips `_`-names and *args/**kwargs; None if there is no signature.
    """
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return None
    if inspect.isclass(obj) and params and params[0].kind != params[0].VAR_POSITIONAL:
        params = params[1:]  # self
    return [
        p.name
        for p in params
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and not p.name.startswith("_")
    ]


def upgrade_keyword_table(
    paths: Iterable[str], keyword_renames: dict[str, dict[str, str | None]]
) -> dict[str, str | None]:
    """tf_upgrade_v2's keyword renames for the first of `paths` that has any."""
    for path in paths:
        if (table := keyword_renames.get("tf." + path)) is not None:
            return table
    return {}


def keyword_replacement(
    path: str, keyword: str, v2_params: list[str], table: dict[str, str | None]
) -> str:
    """The v2 keyword replacing a v1-only keyword, or "" if there is none."""
    if (path, keyword) in KEYWORD_OVERRIDES:
        return KEYWORD_OVERRIDES[path, keyword]
    target = table[keyword] if keyword in table else FALLBACK_KEYWORD_RENAMES.get(keyword)
    return target if target and target in v2_params else ""


def keyword_rows(
    v1: Api, v2: Api, kinds: dict[str, str], keyword_renames: dict[str, dict[str, str | None]]
) -> list[Row]:
    """Rows of v1_keywords.tsv: keywords of v1 variants that v2 does not accept."""
    aliases: dict[int, list[str]] = {}
    for path, obj in sorted(v1.items()):
        aliases.setdefault(id(obj), []).append(path)
    rows = set()
    for path, kind in kinds.items():
        if kind != "variant" or not (callable(v1[path]) and callable(v2[path])):
            continue
        old, new = keyword_params(v1[path]), keyword_params(v2[path])
        if old is None or new is None:
            continue
        names = [path] + [a for a in aliases[id(v1[path])] if a != path]
        table = upgrade_keyword_table(names, keyword_renames)
        for keyword in old:
            if keyword not in new:
                rows.add((path, keyword, keyword_replacement(path, keyword, new, table)))
    return sorted(rows)


# --------------------------------------------------------------------------
# upgrade_renames.tsv and output


def rename_rows(symbol_renames: dict[str, str], v2: Api) -> list[Row]:
    """Rows of upgrade_renames.tsv: renames whose target is not tf.compat.v1."""
    rows = []
    for old, new in symbol_renames.items():
        if new.startswith("tf.compat.v1."):
            continue
        target = strip_tf(new)
        resolves = "yes" if native_name(target) in v2 else "no"
        rows.append((strip_tf(old), target, resolves))
    return sorted(rows)


def write_tsv(name: str, header: str, rows: list[Row]) -> None:
    """Write the header line and the tab-separated rows, `\\n` line ends."""
    lines = [header]
    for row in rows:
        assert not any(f != f.strip() or "\t" in f for f in row), row
        lines.append("\t".join(row))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / name, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")


def tally(values: Iterable[str]) -> str:
    """`a 3, b 1` for the values, sorted."""
    return ", ".join(f"{k} {n}" for k, n in sorted(Counter(values).items()))


def report(v1: Api, v2: Api, v1_table: list[Row], keywords: list[Row], renames: list[Row]) -> None:
    """Print counts to compare with a census of the API."""
    symbols = [p for p, o in v1.items() if not isinstance(o, types.ModuleType)]
    in_v2 = [p for p in symbols if p in v2]
    v1only = [r for r in v1_table if r[1] == "v1only"]
    under_lazy = [r for r in v1only if is_lazy(v2.get(r[0].rpartition(".")[0]))]
    print(
        f"tf.compat.v1: {len(symbols)} symbols "
        f"({sum(p.startswith(RAW_OPS_PREFIX) for p in symbols)} raw_ops), "
        f"{sum(map(is_module, v1.values()))} modules, {sum(map(is_lazy, v1.values()))} lazy; "
        f"{len(in_v2)} at the same path in v2 "
        f"({sum(not p.startswith(RAW_OPS_PREFIX) for p in in_v2)} without raw_ops)"
    )
    print(f"v1_api.tsv: {tally(r[1] for r in v1_table)}")
    print(
        f"  v1only: {sum(bool(r[2]) for r in v1only)} with v2_name, "
        f"{len(under_lazy)} under a lazy (Keras) v2 module"
    )
    print(f"v2_api.tsv: {tally(kind_v2(o) for o in v2.values())}")
    print(
        f"v1_keywords.tsv: {len(keywords)} rows, {len({r[0] for r in keywords})} callables, "
        f"{sum(bool(r[2]) for r in keywords)} with a replacement"
    )
    print(f"upgrade_renames.tsv: {len(renames)} rows, {tally(r[2] for r in renames)}")


def main() -> int:
    started = time.monotonic()
    tf = import_tensorflow()
    from tensorflow.tools.compatibility import tf_upgrade_v2

    spec = tf_upgrade_v2.TFAPIChangeSpec()
    api_dir = Path(tf.__file__).resolve().parent / "_api"
    v1 = tf_api(tf.compat.v1, api_dir)
    v2 = tf_api(tf, api_dir)
    keras_version = load_keras_modules(tf, v2)

    kinds = {path: classify_v1(path, obj, v2) for path, obj in v1.items()}
    v1_table = v1_rows(v1, v2, kinds, spec.symbol_renames)
    keywords = keyword_rows(v1, v2, kinds, spec.function_keyword_renames)
    renames = rename_rows(spec.symbol_renames, v2)

    header = (
        f"# generated by {SCRIPT_NAME} from tensorflow {tf.__version__}, "
        f"keras {keras_version}; do not edit"
    )
    write_tsv("v1_api.tsv", header, v1_table)
    write_tsv("v2_api.tsv", header, [(p, kind_v2(o)) for p, o in sorted(v2.items())])
    write_tsv("v1_keywords.tsv", header, keywords)
    write_tsv("upgrade_renames.tsv", header, renames)

    report(v1, v2, v1_table, keywords, renames)
    print(f"wrote {len(v1_table) + len(v2) + len(keywords) + len(renames)} rows to "
          f"{DATA_DIR.parent.name}/{DATA_DIR.name}/ in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
