#!/usr/bin/env python3
"""Generate tf2lint/data/keras2_api.tsv: the Keras 2 names that Keras 3 (TensorFlow 2.21's Keras) lacks.

Usage (TensorFlow TF_VERSION, Keras KERAS_VERSION and tf_keras TF_KERAS_VERSION installed; pip and the
network reach PyPI, or --wheels names a folder holding the CLASSIC wheels):

    python scripts/gen_keras_tables.py [--out DIR] [--wheels DIR]      (default: tf2lint/data)

The Keras 2 names are the public names of
  - tf_keras TF_KERAS_VERSION, its TF2 API (`tf_keras`) and its TF1 API (`tf_keras.api._v1.keras`, what
    `tf.compat.v1.keras` was), imported;
  - the classic multi-backend Keras releases in CLASSIC (`keras.engine.topology`, `K.control_flow_ops`),
    read from their wheels with `ast`, never imported: a module's definitions, its imports from Keras
    itself (and, for `keras.backend`, from TensorFlow: `K.tf`), and what its star-imports bring.
Each is looked up by attribute in Keras 3 as `import keras` gives it and as `tf.keras` gives it (also
`tf.compat.v1.keras`, the same module in TF 2.21). A row per name that one of them lacks, sorted:

  path         the Keras 2 name, `keras.<...>`
  keras        yes/no: `keras.<...>` resolves in Keras 3
  tf.keras     yes/no: `tf.keras.<...>` resolves in TF 2.21
  origin       where Keras 2 has it: tf_keras, tf_keras.v1, keras-2.2.4, keras-2.3.1
  replacement  a Keras 3 name for it (`keras.<...>`, present in Keras 3), or empty
  positional, keywords, defaults
               how the replacement's signature differs from the tf_keras object (as in v2_targets.tsv)
"""
from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import os
import subprocess
import sys
import tempfile
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_api_tables import (  # noqa: E402  # the signature comparison of the TF tables
    default_changes,
    keyword_map,
    positional_changes,
    positional_names,
    signature,
    write_tsv,
)

TF_VERSION = "2.21.0"
KERAS_VERSION = "3.15.1"
TF_KERAS_VERSION = "2.21.0"
#: Classic Keras 2 releases (the TF1-era standalone package): version -> sha256 of its wheel.
CLASSIC = {
    "2.2.4": "794d0c92c6c4122f1f0fcf3a7bc2f49054c6a54ddbef8d8ffafca62795d760b6",
    "2.3.1": "d08a57bd63546175f8f19232ba05906514d419da3e0af8ef7437fa1c11442e20",
}
SCRIPT_NAME = "scripts/gen_keras_tables.py"
TABLE = "keras2_api.tsv"
DATA_DIR = Path(__file__).resolve().parent.parent / "tf2lint" / "data"

#: Classic modules whose own names are not listed (other backends, and the TF1 backend module, whose use
#: TF308 reports as a whole): only the module itself is a row.
MODULE_ONLY = ("keras.backend.", "keras.utils.test_utils")
#: Keras 3 modules searched, in this order, for a replacement of a name of another (gone) module.
PREFERRED = ("keras.layers", "keras.models", "keras", "keras.utils", "keras.saving", "keras.callbacks",
             "keras.optimizers", "keras.losses", "keras.metrics", "keras.initializers")
#: Keras 2 modules whose names Keras 3 keeps in another module.
HOMES = {"keras.objectives": "keras.losses"}
#: Keras 2 backend spellings of Keras 3 `keras.random` functions (`K.random_normal` -> `keras.random.normal`).
RANDOM = {"random_normal": "normal", "random_uniform": "uniform", "truncated_normal": "truncated_normal",
          "random_binomial": "binomial", "random_bernoulli": "binomial"}

Api = dict[str, Any]


# --------------------------------------------------------------------------
# Environment


def check_versions() -> tuple[types.ModuleType, types.ModuleType, types.ModuleType]:
    """tensorflow, keras and tf_keras at the pinned versions; exit with status 1 otherwise."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.pop("TF_USE_LEGACY_KERAS", None)
    try:
        import keras  # type: ignore  # untyped, or not installed
        import tensorflow as tf  # type: ignore  # untyped, or not installed
        import tf_keras  # type: ignore  # untyped, or not installed
    except ImportError as exc:
        sys.exit(f"error: {exc}")
    found = (tf.__version__, keras.__version__, tf_keras.__version__)
    if found != (TF_VERSION, KERAS_VERSION, TF_KERAS_VERSION):
        sys.exit(f"error: tensorflow {found[0]}, keras {found[1]}, tf_keras {found[2]} are installed; {SCRIPT_NAME} "
                 f"pins tensorflow {TF_VERSION}, keras {KERAS_VERSION}, tf_keras {TF_KERAS_VERSION}")
    return tf, keras, tf_keras


def classic_wheels(folder: Path | None) -> dict[str, Path]:
    """The CLASSIC wheels, from `folder` or downloaded with pip; each checked against its sha256."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="keras2-wheels-"))
        for version in CLASSIC:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                            "--dest", str(folder), f"keras=={version}"], check=True, timeout=300)
    wheels = {}
    for version, digest in CLASSIC.items():
        found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(f"keras-{version}-")]
        if not found:
            sys.exit(f"error: no Keras {version} wheel in {folder}")
        if hashlib.sha256(found[0].read_bytes()).hexdigest() != digest:
            sys.exit(f"error: {found[0].name} is not the pinned Keras {version} wheel (sha256)")
        wheels[version] = found[0]
    return wheels


# --------------------------------------------------------------------------
# Classic Keras, read from its wheel


def classic_api(wheel: Path) -> dict[str, str]:
    """Public dotted name -> kind (module, class, function, value, import) of a classic Keras wheel."""
    with zipfile.ZipFile(wheel) as archive:
        sources = {}
        for name in archive.namelist():
            if name.startswith("keras/") and name.endswith(".py"):
                module = name[:-3].replace("/", ".").removesuffix(".__init__")
                sources[module] = archive.read(name).decode("utf-8")
    names: dict[str, dict[str, str]] = {}

    def module_names(module: str) -> dict[str, str]:
        if module not in names:
            names[module] = {}  # a cycle sees what is known so far
            names[module] = _module_names(module, ast.parse(sources[module]), sources, module_names)
        return names[module]

    api = {}
    for module in sorted(sources):
        if any(part.startswith("_") for part in module.split(".")):
            continue
        api[module] = "module"
        if module.startswith(MODULE_ONLY):
            continue
        for name, kind in module_names(module).items():
            api.setdefault(f"{module}.{name}", kind)
    return api


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The module-level statements, also inside top-level `if`/`try`/`with` blocks."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody"):
                yield from _top_level(getattr(statement, field, []))
            for handler in getattr(statement, "handlers", []):
                yield from _top_level(handler.body)


def _absolute(module: str, node: ast.ImportFrom, package: bool) -> str:
    """The absolute module an import-from names."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[:len(base) - node.level + (1 if package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def _module_names(module: str, tree: ast.Module, sources: dict[str, str], module_names: Any) -> dict[str, str]:
    package = f"{module}.__init__" not in sources and any(s.startswith(module + ".") for s in sources)
    backend = module == "keras.backend" or module.startswith("keras.backend.")
    found: dict[str, str] = {}
    for statement in _top_level(tree.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[statement.name] = "function"
        elif isinstance(statement, ast.ClassDef):
            found[statement.name] = "class"
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, "value")
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if backend and alias.name.split(".")[0] == "tensorflow" and alias.asname:
                    found[alias.asname] = "import"  # ``K.tf``
        elif isinstance(statement, ast.ImportFrom):
            source = _absolute(module, statement, package)
            root = source.split(".")[0]
            for alias in statement.names:
                if alias.name == "*":
                    if source in sources and not source.endswith(("theano_backend", "cntk_backend")):
                        found.update(module_names(source))
                elif root == "keras" and f"{source}.{alias.name}" not in sources:  # modules are rows of their own
                    defined = module_names(source).get(alias.name, "import") if source in sources else "import"
                    found[alias.asname or alias.name] = defined
                elif backend and root == "tensorflow":
                    found[alias.asname or alias.name] = "import"
    return {name: kind for name, kind in found.items() if not name.startswith("_")}


# --------------------------------------------------------------------------
# Imported APIs


def imported_api(root: types.ModuleType, prefix: str) -> Api:
    """Public dotted name (`keras.<...>`) -> object below a Keras module, walking its public modules."""
    top = root.__name__.split(".")[0]
    api: Api = {}

    def visit(module: types.ModuleType, base: str, ancestors: frozenset[int]) -> None:
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            try:
                obj = getattr(module, name)
            except Exception:  # noqa: BLE001 - a lazy attribute that fails to load is not API
                continue
            path = f"{base}.{name}"
            if isinstance(obj, types.ModuleType):
                parts = obj.__name__.split(".")
                if parts[0] != top or "src" in parts or id(obj) in ancestors:
                    continue
                api[path] = obj
                visit(obj, path, ancestors | {id(obj)})
            else:
                api[path] = obj

    visit(root, prefix, frozenset({id(root)}))
    return api


def resolves(root: types.ModuleType, path: str) -> bool:
    """Whether `keras.<...>` names something below `root` by attribute access."""
    obj: Any = root
    for part in path.split(".")[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - AttributeError, or a lazy loader's ImportError
            return False
    return True


def kind_of(obj: Any) -> str:
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    return "function" if callable(obj) else "value"


# --------------------------------------------------------------------------
# Replacements


def replacement(path: str, kind: str, keras3: Api, by_leaf: dict[str, list[str]]) -> str:
    """A Keras 3 name for a Keras 2 one it lacks: the same path in standalone Keras 3; for a backend
    function, `keras.ops` or `keras.random`; else the same last name, of the same kind, in the Keras 3 module
    of the same name (HOMES), or in a PREFERRED module where all such names are one object."""
    if path in keras3:
        return path
    parts = path.split(".")
    leaf = parts[-1]
    if kind == "import":
        return ""
    if kind == "module":
        return ""  # see module_replacement
    if parts[:2] == ["keras", "backend"]:
        for candidate in (f"keras.ops.{leaf}", f"keras.random.{RANDOM.get(leaf, '-')}"):
            if candidate in keras3 and kind_of(keras3[candidate]) == kind == "function":
                return candidate
        return ""
    home = HOMES.get(".".join(parts[:2]), ".".join(parts[:2]))
    candidates = [c for c in by_leaf.get(leaf, []) if kind_of(keras3[c]) == kind
                  and (c.rpartition(".")[0] == home or c.rpartition(".")[0] in PREFERRED)]
    if f"{home}.{leaf}" in candidates:
        return f"{home}.{leaf}"
    if len({id(keras3[c]) for c in candidates}) != 1:
        return ""  # none, or different objects of that name (`keras.layers.deserialize`, `keras.losses.deserialize`)

    return min(candidates, key=lambda c: (PREFERRED.index(c.rpartition(".")[0]), c))


def module_replacement(path: str, moved: dict[str, str], by_leaf: dict[str, list[str]]) -> str:
    """The Keras 3 module holding a gone module's names (`keras.layers.core` -> `keras.layers`): its parent,
    where at least half of the module's classes and functions have their replacement there."""
    parent = path.rpartition(".")[0]
    if parent == "keras" or parent not in by_leaf.get(parent.rpartition(".")[2], []):
        return ""
    names = [name for name in moved if name.rpartition(".")[0] == path]
    there = [name for name in names if moved[name] == f"{parent}.{name.rpartition('.')[2]}"]
    return parent if there and 2 * len(there) >= len(names) else ""


def differences(old: Any, new: Any) -> tuple[str, str, str]:
    """(positional, keywords, defaults) where `new`'s signature differs from `old`'s."""
    if old is None or old is new or not callable(old) or not callable(new):
        return ("", "", "")
    before, after = signature(old), signature(new)
    if before is None or after is None:
        return ("", "", "")
    order = [n for n in positional_names(before) if not n.startswith("*")]
    keywords = keyword_map(before, after, order, {})
    shown = " ".join(f"{k}>{v or '-'}" for k, v in keywords.items())
    return (positional_changes(order, after, keywords), shown, default_changes(before, after))


# --------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    out_dir = Path(argv[argv.index("--out") + 1]) if "--out" in argv[:-1] else DATA_DIR
    wheels_dir = Path(argv[argv.index("--wheels") + 1]) if "--wheels" in argv[:-1] else None
    tf, keras, tf_keras = check_versions()
    tf_keras3 = tf.keras._load() if hasattr(tf.keras, "_load") else tf.keras
    v1_keras3 = tf.compat.v1.keras._load() if hasattr(tf.compat.v1.keras, "_load") else tf.compat.v1.keras
    if v1_keras3 is not tf_keras3:
        sys.exit("error: tf.compat.v1.keras is not tf.keras: the table needs a column for it")

    keras2: dict[str, tuple[set[str], str, Any]] = {}  # path -> (origins, kind, tf_keras object)
    for origin, module in (("tf_keras", tf_keras), ("tf_keras.v1", importlib.import_module("tf_keras.api._v1.keras"))):
        for path, obj in imported_api(module, "keras").items():
            origins, kind, known = keras2.setdefault(path, (set(), kind_of(obj), obj))
            origins.add(origin)
    for version, wheel in classic_wheels(wheels_dir).items():
        for path, kind in classic_api(wheel).items():
            origins, _, _ = keras2.setdefault(path, (set(), kind, None))
            origins.add(f"keras-{version}")

    keras3 = imported_api(keras, "keras")
    by_leaf: dict[str, list[str]] = {}
    for path in keras3:
        if resolves(tf_keras3, path):  # a replacement must work through `tf.keras` too
            by_leaf.setdefault(path.rpartition(".")[2], []).append(path)

    gone = {path: entry for path, entry in sorted(keras2.items())
            if not (resolves(keras, path) and resolves(tf_keras3, path))}
    moved = {path: replacement(path, kind, keras3, by_leaf) for path, (_, kind, _) in gone.items()
             if kind in ("class", "function")}
    rows = []
    for path, (origins, kind, obj) in gone.items():
        in_keras, in_tf = resolves(keras, path), resolves(tf_keras3, path)
        new = (module_replacement(path, moved, by_leaf) if kind == "module" and path not in keras3
               else replacement(path, kind, keras3, by_leaf))
        changes = differences(obj, keras3[new]) if new else ("", "", "")
        rows.append((path, "yes" if in_keras else "no", "yes" if in_tf else "no", " ".join(sorted(origins)), new,
                     *changes))
    header = (f"# generated by {SCRIPT_NAME} from keras {keras.__version__}, tensorflow {tf.__version__}, "
              f"tf_keras {tf_keras.__version__}, keras {' '.join(CLASSIC)} wheels; do not edit")
    write_tsv(out_dir, TABLE, header, rows)
    print(f"wrote {len(rows)} rows to {out_dir / TABLE}: {sum(r[1] == 'no' for r in rows)} missing in keras, "
          f"{sum(r[2] == 'no' for r in rows)} in tf.keras, {sum(bool(r[4]) for r in rows)} with a replacement")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
