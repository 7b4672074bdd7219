"""The command's persistent cache: each file's result, kept on disk between runs in ``.tf2lint_cache/`` at the
project root (like ruff's ``.ruff_cache``).

An entry is found by a key (:func:`result_key`) built from what it was computed from: tf2lint's code (its
version and a stamp of its installed files), the file's path and content, the effective configuration, the
project's TF1 setting and pin and ``# noqa`` handling. What a file's result also depends on, the project modules
its imports name, is recorded in the entry as *dependencies*: each import looked up (module, level) with the file
it led to, and the fingerprint of the exports read from it. An entry is used only when every import still leads
to the same file and that file still exports the same bindings: editing a shim re-lints exactly the files whose
imports read what it exports, and nothing else. A result is the file's own (its conditional findings are settled
along the imports after every file is linted, cached or not: :mod:`tf2lint.propagation`).

Entries are JSON (never pickle: a cache in a cloned repository must not run code), one file each, written to a
temporary file and renamed (concurrent runs leave whole entries). An entry that cannot be read, does not parse
or belongs to another format is a miss, and is rewritten. A folder that cannot be written (a read-only tree)
means no cache, silently.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

from tf2lint import __version__
from tf2lint.diagnostic import Diagnostic
from tf2lint.index import Exports, ProjectIndex, Reader, find_root, read_module
from tf2lint.results import FileError, FileResult, Finding
from tf2lint.rules import RULES

if TYPE_CHECKING:
    from tf2lint.runner import Options

#: The cache's folder at the project root, and the variable naming another one.
FOLDER = ".tf2lint_cache"
ENVIRONMENT = "TF2LINT_CACHE_DIR"
#: The layout of the entries; a change makes older entries foreign (ignored, rewritten).
FORMAT = 1

#: A dependency as an entry records it: [module, level, the file it led to or None, exports fingerprint or None
#: (None: the import was resolved but its exports were not read)].
Dependency = list[Any]


@functools.lru_cache(maxsize=None)
def code_stamp() -> str:
    """tf2lint's version and the size and modification time of each of its installed files: a result computed
    by other code (an upgrade, an edited checkout) is never reused."""
    package = Path(__file__).resolve().parent
    parts = [__version__, str(FORMAT)]
    for folder, names, files in os.walk(package):
        names[:] = sorted(name for name in names if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".tsv")):
                try:
                    status = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(os.path.join(folder, name), package)}:{status.st_size}:"
                             f"{status.st_mtime_ns}")
    return _digest("\n".join(parts).encode("utf-8"))


def _digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


# -- keys ---------------------------------------------------------------------------------------------------


def result_key(data: bytes, path: str, options: Options) -> str:
    """The key of a file's result: everything it depends on but the project modules its imports name (those
    are the entry's dependencies). The one place to extend when a result comes to depend on more (e.g. TF1
    context from a file's importers): add it to ``parts``."""
    global _SETTINGS
    if _SETTINGS is None or _SETTINGS[0] is not options:
        settings = [code_stamp(), repr(options.config), repr(options.project), str(options.noqa),
                    str(options.file_noqa)]
        _SETTINGS = (options, _digest("\0".join(settings).encode("utf-8", "surrogatepass")))
    parts = ["result", _SETTINGS[1], os.path.abspath(path), _digest(data)]
    return _digest("\0".join(parts).encode("utf-8", "surrogatepass"))


#: The last options seen and their settings as one digest (the same for every file of a run; ``Config``
#: compares equal across roots, so the object, not its value, is the key).
_SETTINGS: Optional[tuple[Options, str]] = None


def fingerprint(exports: Exports) -> str:
    """What a module exports, as one string that changes when any of it does."""
    public = sorted(exports.public) if exports.public is not None else None
    return _digest(json.dumps([exports.name, sorted(exports.bindings.items()), public]).encode("utf-8"))


# -- the store ----------------------------------------------------------------------------------------------


class Cache:
    """Entries in one folder: :meth:`get` a key's value (None when there is none usable), :meth:`put` one. The
    folder (with a ``.gitignore`` of ``*``) is made by the first put; if it cannot be, nothing is cached."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.entries = self.folder / f"v{FORMAT}"
        self.usable = True
        self.made = False
        self.hits = self.misses = 0  # results only
        self.lookups = True
        self.resolutions: dict[tuple[str, int, str], tuple[Optional[str], Optional[Path]]] = {}
        self.marks: dict[int, tuple[Exports, str]] = {}  # fingerprints of the exports objects seen

    def get(self, key: str) -> Optional[Any]:
        try:
            with open(self.entries / key, "rb") as stream:
                entry = json.loads(stream.read())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None  # foreign or damaged: a miss, rewritten
        return entry.get("value")

    def put(self, key: str, value: Any) -> None:
        if not self.usable or not self._make():
            return
        data = json.dumps({"format": FORMAT, "key": key, "value": value}, separators=(",", ":")).encode("utf-8")
        temporary = str(self.entries / f".{key}.{os.getpid()}.tmp")  # this process's own
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self.entries / key)
        except OSError:
            self.usable = False
            _remove(temporary)

    def _make(self) -> bool:
        if self.made:
            return True
        try:
            existed = self.folder.is_dir()
            self.entries.mkdir(parents=True, exist_ok=True)
            if not existed or not (self.folder / ".gitignore").exists():
                (self.folder / ".gitignore").write_text("# made by tf2lint\n*\n", encoding="utf-8")
                (self.folder / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# the tf2lint cache: see tf2lint --help\n",
                    encoding="utf-8")
        except OSError:
            self.usable = False
            return False
        self.made = True
        return True

    # -- results ---------------------------------------------------------------------------------------------

    def after_lookup(self) -> Cache:
        """This cache for the files its lookup missed: they are not looked up again (results are still kept)."""
        self.lookups = False
        return self

    def cached(self, data: bytes, path: str, options: Options) -> Optional[FileResult]:
        """The kept result of ``path`` with contents ``data`` under ``options``, if its dependencies are
        unchanged."""
        if not self.lookups:
            return None
        index = options.index
        value = self.get(result_key(data, path, options))
        found = None
        if value is not None:
            try:
                if self._still_valid(value["deps"], _absolute(path), index):
                    found = decode_result(path, value["result"])
            except (KeyError, TypeError, ValueError, IndexError):
                found = None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def save(self, data: bytes, path: str, result: FileResult, options: Options) -> None:
        """Keep ``result`` (not a tf2lint bug: that is linted again) with its dependencies."""
        index = options.index
        if result.error is not None and result.error.internal:
            return
        if index is not None and not isinstance(index, CachedIndex):
            return  # an index that does not record what it resolved: dependencies unknown
        deps = index.dependencies(_absolute(path)) if index is not None else []
        if deps is not None:
            self.put(result_key(data, path, options), {"result": encode_result(result), "deps": deps})

    def _still_valid(self, deps: list[Dependency], importer: Path, index: Optional[ProjectIndex]) -> bool:
        """Whether every import recorded still leads to the same file, exporting the same bindings."""
        if not deps:
            return True
        if index is None:
            return False
        folder = str(importer.parent)
        for module, level, target, mark in deps:
            shown, found = self.resolution(index, module, level, importer, folder)
            if shown != target:
                return False
            if mark is not None and found is not None and found != importer and \
                    self.fingerprint(index.exports(found)) != mark:
                return False
        return True

    def resolution(self, index: ProjectIndex, module: str, level: int, importer: Path, folder: str
                   ) -> tuple[Optional[str], Optional[Path]]:
        """The file an import written in ``importer`` (in ``folder``) leads to, as recorded and as a path; where
        an import leads depends on the importing file's folder only, so each is looked up once per run."""
        place = (folder, level, module)
        known = self.resolutions.get(place)
        if known is None:
            found = index.module_file(module, level, importer)
            known = self.resolutions[place] = (str(found) if found is not None else None, found)
        return known

    def fingerprint(self, exports: Exports) -> str:
        known = self.marks.get(id(exports))
        if known is None or known[0] is not exports:
            known = self.marks[id(exports)] = (exports, fingerprint(exports))
        return known[1]


def _absolute(path: str) -> Path:
    return Path(os.path.abspath(path))


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# -- the index that records what each file's imports reached --------------------------------------------------


class CachedIndex(ProjectIndex):
    """A project index that records, per file, each import it resolved (and so what a cached result of the
    file depends on: where its imports lead, and what those modules export)."""

    def __init__(self, roots: Sequence[Path], cache: Cache, reader: Reader = read_module) -> None:
        super().__init__(roots, reader=reader)
        self.store = cache
        self.resolved: dict[Path, dict[tuple[str, int], Optional[Path]]] = {}

    def module_file(self, module: str, level: int, importer: Optional[Path]) -> Optional[Path]:
        found = super().module_file(module, level, importer)
        if importer is not None:
            self.resolved.setdefault(importer, {})[(module, level)] = found
        return found

    def dependencies(self, importer: Path) -> Optional[list[Dependency]]:
        """The imports ``importer`` resolved, with the fingerprint of the exports read from each; None when one
        of those is not known (then the result is not kept)."""
        read = self.depends.get(importer, set())
        deps: list[Dependency] = []
        for (module, level), target in sorted(self.resolved.get(importer, {}).items()):
            mark = None
            if target is not None and target != importer and target in read:
                exports = self.cache.get(target)
                if exports is None:
                    return None
                mark = self.store.fingerprint(exports)
            deps.append([module, level, str(target) if target is not None else None, mark])
        return deps


# -- encoding -------------------------------------------------------------------------------------------------


def encode_result(result: FileResult) -> dict[str, Any]:
    error = result.error
    return {
        "findings": [_encode_finding(f) for f in result.findings],
        "error": None if error is None else [error.message, error.line, error.column, error.cell, error.file_line],
        "tf1": result.tf1,
        "uses": result.uses_tensorflow,
        "evidence": result.evidence,
        "tf2": result.tf2,
        "conditional": [_encode_finding(f) for f in result.conditional],
        "imports": list(result.imports),
    }


def _encode_finding(f: Finding) -> list[Any]:
    return [f.diagnostic.code, f.diagnostic.line, f.diagnostic.col, f.diagnostic.end_line, f.diagnostic.end_col,
            f.diagnostic.message, f.diagnostic.suggestion, f.diagnostic.confidence, f.diagnostic.severity, f.column,
            f.end_column, f.source, f.cell, f.file_line]


def decode_result(path: str, value: dict[str, Any]) -> FileResult:
    """A result as :func:`encode_result` wrote it; a damaged one raises (KeyError, TypeError, ValueError)."""
    error = value["error"]
    failure = None if error is None else FileError(*error[:5])
    return FileResult(path, _findings(value["findings"]), failure, _str(value["tf1"]), bool(value["uses"]),
                      _str(value["evidence"]), _str(value["tf2"]), _findings(value["conditional"]),
                      tuple(_strings(value["imports"])))


def _findings(rows: list[Any]) -> tuple[Finding, ...]:
    found = []
    for (code, line, col, end_line, end_col, message, suggestion, confidence, severity, column, end_column, source,
         cell, file_line) in rows:
        if code not in RULES or not severity:
            raise ValueError("a code no rule has")
        found.append(Finding(Diagnostic(code, line, col, end_line, end_col, message, suggestion, confidence,
                                        severity), column, end_column, source, cell, file_line))
    return tuple(found)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return [_str(item) for item in value]


# -- where ------------------------------------------------------------------------------------------------------


def cache_folder(paths: Sequence[Union[str, Path]], environ: Optional[dict[str, str]] = None) -> Optional[Path]:
    """Where the cache of a run over ``paths`` lives: ``$TF2LINT_CACHE_DIR`` if set, else ``.tf2lint_cache`` at
    the project root of the first path when every path is inside that root; else None (no cache: nothing is
    written outside the project being linted)."""
    environ = dict(os.environ) if environ is None else environ
    chosen = environ.get(ENVIRONMENT, "")
    if chosen:
        return Path(os.path.abspath(chosen))
    if not paths:
        return None
    given = [Path(os.path.abspath(path)) for path in paths]
    root = find_root(given[0])
    if root is None:
        return None
    if not all(path == root or root in path.parents for path in given):
        return None
    return root / FOLDER
