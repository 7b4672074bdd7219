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
from tf2lint.hooks import Does
from tf2lint.index import Exports, ProjectIndex, Reader, find_root, module_name, read_module
from tf2lint.index.scan import import_lines
from tf2lint.results import FileError, FileResult, Finding
from tf2lint.source import ReadError, SourceError, decode_source, read_file
from tf2lint.rules import RULES

if TYPE_CHECKING:
    from tf2lint.runner import Options

#: The cache's folder at the project root, and the variable naming another one.
FOLDER = ".tf2lint_cache"
ENVIRONMENT = "TF2LINT_CACHE_DIR"
#: The layout of the entries; a change makes older entries foreign (ignored, rewritten).
FORMAT = 2

#: Recalls checking the modules they read, nested at most this deep (beyond, modules are read again).
_RECALL_DEPTH = 48

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
    absolute = os.path.abspath(path)
    digest = _digest(data)
    if options.cache is not None:  # the index's exports are keyed by it too: their file need not be read again
        options.cache.digests[absolute] = digest
    parts = ["result", _SETTINGS[1], absolute, digest]
    return _digest("\0".join(parts).encode("utf-8", "surrogatepass"))


#: The last options seen and their settings as one digest (the same for every file of a run; ``Config``
#: compares equal across roots, so the object, not its value, is the key).
_SETTINGS: Optional[tuple[Options, str]] = None


def fingerprint(exports: Exports) -> str:
    """What a module exports, as one string that changes when any of it does."""
    return _digest(json.dumps(encode_exports(exports), sort_keys=True).encode("utf-8", "surrogatepass"))


def exports_key(path: Path, name: str, shown: str, digest: str) -> str:
    """The key of a module's exports: tf2lint's code, the module's file, dotted name, name in findings and
    contents (``digest``). What they also depend on, the modules its imports read, is checked through its
    import cycle's entry (:meth:`CachedIndex.recall`)."""
    parts = ["exports", code_stamp(), str(path), name, shown, digest]
    return _digest("\0".join(parts).encode("utf-8", "surrogatepass"))


# -- the store ----------------------------------------------------------------------------------------------


class Cache:
    """Entries in one folder: :meth:`get` a key's value (None when there is none usable), :meth:`put` one. The
    folder (with a ``.gitignore`` of ``*``) is made by the first put; if it cannot be, nothing is cached. A cache
    that is not ``writable`` is only read (the plugins read what the command wrote)."""

    def __init__(self, folder: Path, writable: bool = True) -> None:
        self.folder = Path(folder)
        self.entries = self.folder / f"v{FORMAT}"
        self.usable = writable
        self.made = False
        self.hits = self.misses = 0  # results only
        self.lookups = True
        self.resolutions: dict[tuple[str, int, str], tuple[Optional[str], Optional[Path]]] = {}
        self.marks: dict[int, tuple[Exports, str]] = {}  # fingerprints of the exports objects seen
        self.digests: dict[str, Optional[str]] = {}  # absolute path -> the digest of its contents in this run

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
        if index is not None and isinstance(value, dict) and isinstance(value.get("imports"), list):
            index.note_imports(_absolute(path), _strings(value["imports"]))  # the importers' scan need not read it
        return found

    def save(self, data: bytes, path: str, result: FileResult, options: Options) -> None:
        """Keep ``result`` (not a tf2lint bug: that is linted again) with its dependencies."""
        index = options.index
        if result.error is not None and result.error.internal:
            return
        if index is not None and not isinstance(index, CachedIndex):
            return  # an index that does not record what it resolved: dependencies unknown
        deps = index.dependencies(_absolute(path)) if index is not None else []
        if deps is None:
            return
        imports = index.spelled.get(_absolute(path)) if index is not None else None  # read for the lint order
        if imports is None:
            try:
                imports = tuple(import_lines(decode_source(data)))
            except SourceError:
                imports = ()
        self.put(result_key(data, path, options), {"result": encode_result(result), "deps": deps,
                                                   "imports": list(imports)})

    def _still_valid(self, deps: list[Dependency], importer: Path, index: Optional[ProjectIndex]) -> bool:
        """Whether every import recorded still leads to the same file, exporting the same bindings."""
        if not deps:
            return True
        if index is None:
            return False
        for module, level, target, mark in deps:
            shown, found = self.resolution(index, module, level, str(importer))
            if shown != target:
                return False
            if mark is not None and found is not None and found != importer and \
                    self.fingerprint(index.exports(found)) != mark:
                return False
        return True

    def resolution(self, index: ProjectIndex, module: str, level: int, importer: str
                   ) -> tuple[Optional[str], Optional[Path]]:
        """The file an import written in ``importer`` (an absolute path) leads to, as recorded and as a path;
        where an import leads depends on the importing file's folder only, so each is looked up once per run."""
        place = (os.path.dirname(importer), level, module)
        known = self.resolutions.get(place)
        if known is None:  # checking is not importing: not recorded as the importer's (CachedIndex.module_file)
            found = ProjectIndex.module_file(index, module, level, _path(importer))
            known = self.resolutions[place] = (str(found) if found is not None else None, found)
        return known

    def fingerprint(self, exports: Exports) -> str:
        known = self.marks.get(id(exports))
        if known is None or known[0] is not exports:
            known = self.marks[id(exports)] = (exports, fingerprint(exports))
        return known[1]


def _absolute(path: str) -> Path:
    return Path(os.path.abspath(path))


@functools.lru_cache(maxsize=4096)
def _path(name: str) -> Path:
    """``Path(name)``, made once for the many imports of one importer."""
    return Path(name)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# -- the index that records what each file's imports reached --------------------------------------------------


class CachedIndex(ProjectIndex):
    """A project index that records, per file, each import it resolved (and so what a cached result of the
    file depends on: where its imports lead, and what those modules export), and keeps each module's exports
    in the cache between runs.

    A module's exports are a function of the texts of its import cycle (itself, most often) and of the exports
    its imports read outside the cycle. Each module's entry (:func:`exports_key`) holds its exports and names its
    cycle's entry, which holds the digest of each module's text and every import they resolved, with the
    fingerprint of the exports read outside the cycle. Exports are taken from the cache when every text is
    unchanged, every import leads to the same file and every module read outside the cycle (checked the same
    way, dependencies first) exports the same: a run on an unchanged project parses no imported module."""

    def __init__(self, roots: Sequence[Path], cache: Cache, reader: Reader = read_module) -> None:
        super().__init__(roots, reader=reader)
        self.store = cache
        self.resolved: dict[str, dict[tuple[str, int], Optional[Path]]] = {}  # by the importer's path
        self.cycles: dict[str, bool] = {}  # the key of a cycle's entry -> whether it still holds
        self.recalling = 0  # recalls under way (each checks the modules its cycle reads, recalling them)

    def digest_of(self, path: Path) -> Optional[str]:
        """The digest of a module's contents (read once per run; the run's files were read already)."""
        name = str(path)
        digests = self.store.digests
        if name not in digests:
            try:
                digests[name] = _digest(read_file(name))
            except ReadError:
                digests[name] = None
        return digests[name]

    def recall(self, path: Path) -> Optional[Exports]:
        if self.recalling >= _RECALL_DEPTH:
            return None  # a long chain of imports: read (iteratively) from here on
        digest = self.digest_of(path)
        if digest is None:
            return None
        value = self.store.get(exports_key(path, module_name(path), self.shown(path), digest))
        self.recalling += 1
        try:
            if not isinstance(value, dict) or not self._holds(value["cycle"]):
                return None
            found = decode_exports(value["exports"])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        finally:
            self.recalling -= 1
        self.keep(path, found)
        return found

    def _holds(self, key: str) -> bool:
        """Whether the cycle entry ``key`` still holds: texts, where imports lead, what is read outside it."""
        known = self.cycles.get(key)
        if known is not None:
            return known
        self.cycles[key] = False  # while it is checked (a module it reads that now imports it: read anew)
        value = self.store.get(key)
        if not isinstance(value, dict):
            return False
        for member, digest in value["members"]:
            if self.digest_of(Path(member)) != digest:
                return False
        for importer, module, level, target, mark in value["deps"]:
            shown, found = self.store.resolution(self, module, level, importer)
            if shown != target:
                return False
            if mark is not None and found is not None and self.store.fingerprint(self.exports(found)) != mark:
                return False
        self.cycles[key] = True
        return True

    def invalidate(self, path: Path) -> None:
        """A file changed (a long-lived process): its digest is read again, and every cycle checked again."""
        super().invalidate(path)
        for module in (path, *self.dependents(path)):
            self.store.digests.pop(str(module), None)
        self.cycles.clear()

    def kept(self, component: list[Path]) -> None:
        """Keep the exports of an import cycle just read (or of a module just learned) with what they
        depend on; nothing when one of them is not known."""
        if not self.store.usable:
            return
        members: list[tuple[str, str]] = []
        for path in component:
            digest = self.digest_of(path)
            if digest is None:
                return
            members.append((str(path), digest))
        inside = set(component)
        deps: list[list[Any]] = []
        for path in component:
            read = self.depends.get(path, set())
            for (module, level), target in sorted(self.resolved.get(str(path), {}).items()):
                mark = None
                if target is not None and target not in inside and target in read:
                    exports = self.cache.get(target)
                    if exports is None:
                        return
                    mark = self.store.fingerprint(exports)
                deps.append([str(path), module, level, str(target) if target is not None else None, mark])
        key = _digest(json.dumps(["cycle", code_stamp(), members]).encode("utf-8", "surrogatepass"))
        self.store.put(key, {"members": members, "deps": deps})
        self.cycles[key] = True
        for path, (_, digest) in zip(component, members):
            self.store.put(exports_key(path, module_name(path), self.shown(path), digest),
                           {"exports": encode_exports(self.cache[path]), "cycle": key})

    def module_file(self, module: str, level: int, importer: Optional[Path]) -> Optional[Path]:
        found = super().module_file(module, level, importer)
        if importer is not None:
            self.resolved.setdefault(str(importer), {})[(module, level)] = found
        return found

    def dependencies(self, importer: Path) -> Optional[list[Dependency]]:
        """The imports ``importer`` resolved, with the fingerprint of the exports read from each; None when one
        of those is not known (then the result is not kept)."""
        read = self.depends.get(importer, set())
        deps: list[Dependency] = []
        for (module, level), target in sorted(self.resolved.get(str(importer), {}).items()):
            mark = None
            if target is not None and target != importer and target in read:
                exports = self.cache.get(target)
                if exports is None:
                    return None
                mark = self.store.fingerprint(exports)
            deps.append([module, level, str(target) if target is not None else None, mark])
        return deps


# -- encoding -------------------------------------------------------------------------------------------------


def encode_exports(exports: Exports) -> dict[str, Any]:
    return {"name": exports.name, "bindings": exports.bindings,
            "public": sorted(exports.public) if exports.public is not None else None,
            "does": {name: list(does) for name, does in sorted(exports.does.items())}}


def decode_exports(value: dict[str, Any]) -> Exports:
    """Exports as :func:`encode_exports` wrote them; damaged ones raise (KeyError, TypeError, ValueError)."""
    bindings = value["bindings"]
    if not isinstance(bindings, dict) or not all(isinstance(v, str) for v in bindings.values()):
        raise ValueError("not bindings")
    public = value["public"]
    does = {_str(name): Does(*_strings(fields)) for name, fields in value["does"].items()}
    return Exports(_str(value["name"]), {_str(k): v for k, v in bindings.items()},
                   frozenset(_strings(public)) if public is not None else None, does)


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


_SHARED: Optional[ProjectIndex] = None


def shared_index(filename: Optional[str] = None) -> ProjectIndex:
    """The process's index, made on first use (from the first file linted): the flake8 and pylint plugins read
    each imported project module once per process while it is unchanged, and keep its exports. Exports the
    command kept are read (never written) from ``$TF2LINT_CACHE_DIR`` or the nearest ``.tf2lint_cache`` above
    that file."""
    global _SHARED
    if _SHARED is None:
        folder = existing_cache(Path(os.path.abspath(filename))) if filename and not filename.startswith("<") else None
        _SHARED = CachedIndex([], Cache(folder, writable=False)) if folder is not None else ProjectIndex()
    return _SHARED


def existing_cache(path: Path) -> Optional[Path]:
    """The cache folder a plugin reads for ``path``: ``$TF2LINT_CACHE_DIR``, else the nearest ``.tf2lint_cache``
    folder above it; None if there is none."""
    chosen = os.environ.get(ENVIRONMENT, "")
    if chosen:
        return Path(os.path.abspath(chosen))
    for folder in path.parents:
        if (folder / FOLDER).is_dir():
            return folder / FOLDER
    return None
