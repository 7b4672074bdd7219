#!/usr/bin/env python3
"""Generate tf2lint's API tables (tf2lint/data/*.tsv) from the installed TensorFlow.

Usage (TensorFlow TF_VERSION must be installed; any working directory):

    python scripts/gen_api_tables.py [--out DIR]      (default: tf2lint/data)

Writes, each with one header line, sorted, tab-separated:
  v1_api.tsv           path, kind, v2_name          every public name in tf.compat.v1
  v2_api.tsv           path, kind                   every public name in tf and keras
  v1_keywords.tsv      path, v1_keyword, v2_keyword v1-only kwargs of `variant` callables
  upgrade_renames.tsv  v1_path, target, resolves    tf_upgrade_v2 renames to TF2 names
  v2_targets.tsv       path, target, source, relation, positional, keywords, defaults
                       the TF2 target of each v1-only name and how it differs from the TF1 object

Keras lazy loaders (tf.keras, tf.compat.v1.layers, ...) are recorded, never loaded.
"""

from __future__ import annotations

import inspect
import os
import re
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

#: TF2 namespaces searched for a v1-only name's leaf when nothing else gives it a TF2 home.
HOME_NAMESPACES = (
    "", "debugging.", "math.", "random.", "image.", "nn.", "io.", "linalg.", "strings.", "sparse.",
    "signal.", "lite.", "train.", "data.", "lookup.", "saved_model.", "distribute.", "config.",
)
#: Last-name spellings of one API across TF1 and TF2 (`ctc_loss_v2`, `depthwise_conv2d_native`,
#: `resize_image_with_pad` -> `ctc_loss`, `depthwise_conv2d`, `resize_with_pad`).
LEAF_SPELLINGS = ((r"_v2$", ""), (r"_native$", ""), (r"_image_", "_"))
#: The paragraph of a TF1 deprecation notice; in it, a sentence that says what to use instead.
DEPRECATION_NOTICE = re.compile(r"Instructions for updating:\s*\n(.*?)(?:\n\s*\n|$)", re.S)
INSTEAD = re.compile(r"\b(?:use|in favou?r of)\b(.*)", re.I | re.S)
#: A name right after "use" (`tf.` optional), and any `tf.X` name.
USE_NAME = re.compile(r"^\s+`?(?:tf\.)?([A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_])")
TF_NAME = re.compile(r"\btf\.([A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_])")
#: "This class has been deprecated. Please use `lite.TFLiteConverter` instead." outside a notice.
DEPRECATED_USE = re.compile(r"deprecated\.?[^.]*?\buse\s+`(?:tf\.)?([A-Za-z0-9_.]+)`", re.I)

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
        import tensorflow as tf  # type: ignore  # untyped, or not installed
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
    module: types.ModuleType = tf
    return module


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
    from tensorflow.python.util import lazy_loader  # type: ignore  # untyped, or not installed

    return isinstance(obj, lazy_loader.LazyLoader)


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
        return isinstance(file, str) and Path(file).resolve().is_relative_to(api_dir)

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
    import keras  # type: ignore  # untyped, or not installed

    for name in KERAS_MODULES:
        module = getattr(tf, name)._load()
        v2[name] = module
        v2.update(keras_module_api(module, name))
    return str(keras.__version__)


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
    rows: list[Row] = []
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
# v2_targets.tsv


def signature(obj: Any) -> inspect.Signature | None:
    """inspect.signature of a callable (classes: __init__ minus self), None if there is none."""
    try:
        sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if inspect.isclass(obj) and params and params[0].name == "self":
        params = params[1:]
    if all(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return None  # (*args, **kwargs) says nothing
    return sig.replace(parameters=params)


def positional_names(sig: inspect.Signature) -> list[str]:
    """Parameters that can be passed by position, in order; `*args` as `*name`."""
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in sig.parameters.values() if p.kind in kinds]
    names += [f"*{p.name}" for p in sig.parameters.values() if p.kind == p.VAR_POSITIONAL]
    return names


def keyword_names(sig: inspect.Signature) -> list[str]:
    """Parameters that can be passed by keyword."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in sig.parameters.values() if p.kind in kinds]


def clean(text: str) -> str:
    """A repr fit for one TSV field: no tabs or runs of whitespace."""
    return re.sub(r"\s+", "", text)


def v1_positional_order(path: str, old: inspect.Signature, reorders: dict[str, list[str | None]]) -> list[str]:
    """The TF1 positional order: tf_upgrade_v2's reorders_v2 list where it has the function (None there
    means "as in the signature"), else the TF1 signature."""
    order = [n for n in positional_names(old) if not n.startswith("*")]
    listed = reorders.get("tf." + path)
    if not listed:
        return order
    return [name or (order[i] if i < len(order) else "") for i, name in enumerate(listed)]


def keyword_map(old: inspect.Signature, new: inspect.Signature, v1_order: list[str],
                renames: dict[str, str | None]) -> dict[str, str]:
    """TF1 keyword -> TF2 keyword ('' if TF2 has none) for the TF1 keywords TF2 does not accept.

    The TF2 name comes from tf_upgrade_v2's keyword renames, else from the same position when the
    parameter there is new in TF2 (`gfile.Exists(filename)` -> `io.gfile.exists(path)`).
    """
    v2_keywords = keyword_names(new)
    v2_order = positional_names(new)
    v1_keywords = set(keyword_names(old))
    result = {}
    for name in keyword_names(old):
        if name in v2_keywords or name.startswith("_"):
            continue
        target = renames.get(name) or FALLBACK_KEYWORD_RENAMES.get(name) or ""
        if not target and name in v1_order and old.parameters[name].default is old.parameters[name].empty:
            i = v1_order.index(name)
            at = v2_order[i] if i < len(v2_order) else ""
            required = at in new.parameters and new.parameters[at].default is new.parameters[at].empty
            target = at if required and at not in v1_keywords else ""
        result[name] = target if target in v2_keywords else ""
    return result


def positional_changes(v1_order: list[str], new: inspect.Signature, keywords: dict[str, str]) -> str:
    """`3:seed>dtype ...`: 1-based positions where TF2 gives a TF1 positional argument another meaning.

    A position whose TF2 parameter is the TF1 one renamed is not a change, nor is one past TF2's
    positional parameters (TypeError: loud); TF2 `*args` there is a change (`*inputs`).
    """
    v2_order = positional_names(new)
    varargs = v2_order[-1] if v2_order and v2_order[-1].startswith("*") else ""
    fixed = [n for n in v2_order if not n.startswith("*")]
    changes = []
    for i, name in enumerate(v1_order):
        other = fixed[i] if i < len(fixed) else varargs
        if not name or not other or keywords.get(name, name) == other:
            continue
        changes.append(f"{i + 1}:{name}>{other}")
    return " ".join(changes)


def same_member(before: Any, after: Any) -> bool:
    """Whether two defaults spell the same member of an enum TF 2.x re-spelled (TF1's resize ``method=0`` is
    ``ResizeMethodV1.BILINEAR``, TF2's ``'bilinear'`` is ``ResizeMethod.BILINEAR``)."""
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return False
    pairs = ((tf.compat.v1.image.ResizeMethod, tf.image.ResizeMethod),)
    for old_enum, new_enum in pairs:
        for member in dir(old_enum):
            if member.isupper() and getattr(old_enum, member) == before and getattr(new_enum, member, None) == after:
                return True
    return False


def default_changes(old: inspect.Signature, new: inspect.Signature) -> str:
    """`stddev=1.0>0.05 ...`: parameters with a default in both whose default differs (`name` aside)."""
    changes = []
    for name, param in old.parameters.items():
        other = new.parameters.get(name)
        if other is None or name == "name" or param.default is param.empty or other.default is other.empty:
            continue
        before, after = clean(repr(param.default)), clean(repr(other.default))
        if before != after and not same_member(param.default, other.default):
            changes.append(f"{name}={before}>{after}")
    return " ".join(changes)


def compare(path: str, obj: Any, target: str, v2: Api, reorders: dict[str, list[str | None]],
            keyword_renames: dict[str, dict[str, str | None]]) -> Row:
    """(relation, positional, keywords, defaults) of a TF1 object against its TF2 target."""
    other = v2[target]
    if other is obj:
        return ("same", "", "", "")
    old, new = signature(obj), signature(other)
    if old is None or new is None:
        return ("differs", "", "", "")
    v1_order = v1_positional_order(path, old, reorders)
    keywords = keyword_map(old, new, v1_order, keyword_renames.get("tf." + path, {}))
    shown = " ".join(f"{k}>{v or '-'}" for k, v in keywords.items())
    return ("differs", positional_changes(v1_order, new, keywords), shown, default_changes(old, new))


def related(old: Any, new: Any) -> bool:
    """Whether two callables with the same last name look like one API: the first parameter matches,
    or they share at least half of the TF1 parameters (`name` aside)."""
    a, b = signature(old), signature(new)
    if a is None or b is None:
        return False
    first_a, first_b = positional_names(a)[:1], positional_names(b)[:1]
    if first_a and first_a == first_b:
        return True
    names = set(keyword_names(a)) - {"name"}
    return bool(names) and 2 * len(names & set(keyword_names(b))) >= len(names)


def resolving_prefix(name: str, v2: Api) -> str:
    """The longest prefix of a dotted name that is a TF2 symbol (`data.Dataset.from_tensor_slices`
    -> `data.Dataset`), or ""."""
    parts = native_name(name).split(".")
    for end in range(len(parts), 0, -1):
        path = ".".join(parts[:end])
        if path in v2:
            return "" if isinstance(v2[path], types.ModuleType) else path
    return ""


def deprecation_target(obj: Any, v2: Api) -> str:
    """The TF2 name a TF1 deprecation notice says to use instead, if it resolves.

    In the notice's first sentence that says "use ..." / "in favor of ...": the name right after it,
    else the first `tf.X` after it; failing that, "deprecated ... use `X`" anywhere in the docstring.
    """
    doc = getattr(obj, "__doc__", None) or ""
    notice = DEPRECATION_NOTICE.search(doc)
    for sentence in re.split(r"\.\s", notice.group(1)) if notice else []:
        instead = INSTEAD.search(sentence)
        if not instead:
            continue
        direct = USE_NAME.match(instead.group(1))
        names = ([direct.group(1)] if direct else []) + TF_NAME.findall(instead.group(1))[:1]
        for name in names:
            if target := resolving_prefix(name, v2):
                return target
        break
    for name in DEPRECATED_USE.findall(doc):
        if target := resolving_prefix(name, v2):
            return target
    return ""


def home(path: str, obj: Any, v1: Api, v2: Api, aliases: dict[int, list[str]]) -> tuple[str, str]:
    """(TF2 path, source) for a v1-only name that no table maps: ("", "") if TF2 has none.

    Sources: `alias` (the same TF1 object is also exported at a path that exists in TF2, e.g.
    assert_greater_equal is compat.v1.debugging.assert_greater_equal), `deprecation` (its deprecation
    notice names the TF2 function), `leaf` (a TF2 callable with the same last name, or the name without
    another LEAF_SPELLINGS spelling, under one of HOME_NAMESPACES, whose parameters match).
    """
    for other in aliases.get(id(obj), []):
        if other != path and other in v2 and not isinstance(v2[other], types.ModuleType):
            return other, "alias"
    if target := deprecation_target(obj, v2):
        return target, "deprecation"
    if not callable(obj) or isinstance(obj, types.ModuleType):
        return "", ""
    names = {re.sub(pattern, repl, leaf(path)) for pattern, repl in LEAF_SPELLINGS} | {leaf(path)}
    for namespace in HOME_NAMESPACES:
        for name in sorted(names):
            candidate = namespace + name
            found = v2.get(candidate)
            if candidate != path and callable(found) and not is_module(found) and related(obj, found):
                return candidate, "leaf"
    return "", ""


def target_rows(v1: Api, v2: Api, v1_table: list[Row], renames: list[Row],
                reorders: dict[str, list[str | None]],
                keyword_renames: dict[str, dict[str, str | None]]) -> list[Row]:
    """Rows of v2_targets.tsv: every v1-only name with a TF2 target, compared with it."""
    aliases: dict[int, list[str]] = {}
    for path, obj in sorted(v1.items()):
        if not isinstance(obj, PRIMITIVES):
            aliases.setdefault(id(obj), []).append(path)
    upgrade = {old: native_name(target) for old, target, resolves in renames if resolves == "yes"}
    rows = []
    for path, kind, v2_name in v1_table:
        if kind not in ("v1only", "v1module") or isinstance(v1[path], types.ModuleType):
            continue
        obj = v1[path]
        if v2_name:
            target, source = v2_name, "table"
        elif path in upgrade and not isinstance(v2[upgrade[path]], types.ModuleType):
            target, source = upgrade[path], "upgrade"
        else:
            target, source = home(path, obj, v1, v2, aliases)
        if target:
            rows.append((path, target, source, *compare(path, obj, target, v2, reorders, keyword_renames)))
    return rows


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


def write_tsv(out_dir: Path, name: str, header: str, rows: list[Row]) -> None:
    """Write the header line and the tab-separated rows, `\\n` line ends."""
    lines = [header]
    for row in rows:
        assert not any(f != f.strip() or "\t" in f for f in row), row
        lines.append("\t".join(row))
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / name, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")


def tally(values: Iterable[str]) -> str:
    """`a 3, b 1` for the values, sorted."""
    return ", ".join(f"{k} {n}" for k, n in sorted(Counter(values).items()))


def report(v1: Api, v2: Api, v1_table: list[Row], keywords: list[Row], renames: list[Row],
           targets: list[Row]) -> None:
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
    differs = [r for r in targets if r[3] == "differs"]
    print(
        f"v2_targets.tsv: {len(targets)} rows; by source {tally(r[2] for r in targets)}; "
        f"{tally(r[3] for r in targets)}; of those that differ, {sum(bool(r[4]) for r in differs)} "
        f"reinterpret a positional argument, {sum(bool(r[5]) for r in differs)} drop or rename a keyword, "
        f"{sum(bool(r[6]) for r in differs)} change a default"
    )


def main(argv: list[str]) -> int:
    out_dir = Path(argv[argv.index("--out") + 1]) if "--out" in argv[:-1] else DATA_DIR
    started = time.monotonic()
    tf = import_tensorflow()
    from tensorflow.tools.compatibility import reorders_v2, tf_upgrade_v2  # type: ignore  # untyped, or not installed

    spec = tf_upgrade_v2.TFAPIChangeSpec()
    api_dir = Path(str(tf.__file__)).resolve().parent / "_api"
    v1 = tf_api(tf.compat.v1, api_dir)
    v2 = tf_api(tf, api_dir)
    keras_version = load_keras_modules(tf, v2)

    kinds = {path: classify_v1(path, obj, v2) for path, obj in v1.items()}
    v1_table = v1_rows(v1, v2, kinds, spec.symbol_renames)
    keywords = keyword_rows(v1, v2, kinds, spec.function_keyword_renames)
    renames = rename_rows(spec.symbol_renames, v2)
    targets = target_rows(v1, v2, v1_table, renames, reorders_v2.reorders, spec.function_keyword_renames)

    header = (
        f"# generated by {SCRIPT_NAME} from tensorflow {tf.__version__}, "
        f"keras {keras_version}; do not edit"
    )
    write_tsv(out_dir, "v1_api.tsv", header, v1_table)
    write_tsv(out_dir, "v2_api.tsv", header, [(p, kind_v2(o)) for p, o in sorted(v2.items())])
    write_tsv(out_dir, "v1_keywords.tsv", header, keywords)
    write_tsv(out_dir, "upgrade_renames.tsv", header, renames)
    write_tsv(out_dir, "v2_targets.tsv", header, targets)

    report(v1, v2, v1_table, keywords, renames, targets)
    print(f"wrote {len(v1_table) + len(v2) + len(keywords) + len(renames) + len(targets)} rows to "
          f"{out_dir} in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
