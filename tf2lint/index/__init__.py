"""The project index: what each of a project's modules exports that resolves to TensorFlow, where its imports
lead, and who imports whom.

Real TF1 projects reach TensorFlow through their own modules (``from ..compat import tfv1 as tf``,
``from utils import tf``, ``from .tf_compat import *``, ``sess = get_session()``). The index maps an import
written in one file to the project file it names (:mod:`tf2lint.index.finder`) and keeps, per file, only its
exports (:class:`~tf2lint.binding.Exports`), read by the binding walk the linter uses (:mod:`tf2lint.binding`);
project code is never imported or run, and no syntax tree is kept.

Exports are computed without recursion over the project's depth: the modules an import reaches are found from
their import lines (:mod:`tf2lint.index.scan`), grouped into import cycles (strongly connected components,
found iteratively) and read dependencies first. The modules of a cycle are read in path order, twice, each
time seeing what the others exported so far: the same exports whichever module is asked for first, whatever
``-j``, the order of the paths or the timing. A module whose file changed (its modification time or size) is
read again, and so is every module whose exports came through it (a reverse-edge map). A file that cannot be
read or parsed exports nothing. The linter never calls the index back: the command lints files in import
order (:meth:`ProjectIndex.dependency_order`) and hands each module's exports to the index as it goes
(:meth:`ProjectIndex.learn`).
"""
from __future__ import annotations

import ast
import contextlib
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Optional, Sequence

from tf2lint.binding import EMPTY, TF_ROOTS, Binder, Exports
from tf2lint.graphs import components
from tf2lint.index.finder import (
    MAX_PROJECT_FILES, ROOT_MARKERS, Stamp, find_root, is_file, is_folder, module_name, package_file, package_root,
    project_files, read_module, stamp,
)
from tf2lint.index.scan import import_lines
from tf2lint.source import SourceError, parse

__all__ = ["EMPTY", "MAX_PROJECT_FILES", "ROOT_MARKERS", "Exports", "Facts", "ProjectIndex", "find_root", "is_folder",
           "module_name", "package_root", "project_files", "read_module", "stamp"]

Reader = Callable[[Path], Optional[str]]

#: Trees of a run's files the index parsed (reading their import cycle) wait to be linted while their sources
#: hold at most this many characters (a tree takes some 20 times its source's size).
_KEPT_TEXT = 512 * 1024

#: How many times an import the import lines did not show may start reading another module's imports
#: inside a read: beyond it the module exports nothing to that import (a bound, not a recursion).
_NESTED_READS = 8


class Facts(NamedTuple):
    """What a module shows of the TensorFlow it was written for: its own TF1 evidence ("`tf.placeholder` on
    line 3") and TF2-only evidence ("`tf.function` on line 7"), "" for none."""

    evidence: str
    tf2: str


class _Importers:
    """The import edges of one project's files, reversed: who imports whom (for :meth:`ProjectIndex.importers`).
    Each file's edges are kept with its stamp and read again when the file changed."""

    __slots__ = ("root", "edges", "reverse", "stamps")

    def __init__(self, root: Path) -> None:
        self.root = root
        self.edges: dict[Path, frozenset[Path]] = {}
        self.reverse: dict[Path, set[Path]] = {}
        self.stamps: dict[Path, Optional[Stamp]] = {}

    def set(self, path: Path, targets: frozenset[Path], stamp: Optional[Stamp]) -> None:
        for old in self.edges.get(path, frozenset()) - targets:
            self.reverse.get(old, set()).discard(path)
        for new in targets:
            self.reverse.setdefault(new, set()).add(path)
        self.edges[path] = targets
        self.stamps[path] = stamp


class ProjectIndex:
    """Resolves imports to project files and caches what each exports. ``roots`` are the folders absolute
    imports are looked up in, besides the importing file's own folder (unless it is a package), the folder
    above its outermost package, its project root and that root's ``src/``. ``reader`` reads a module's text
    (an editor passes its unsaved documents)."""

    def __init__(self, roots: Iterable[Path] = (), reader: Reader = read_module) -> None:
        self.roots = [Path(os.path.abspath(root)) for root in roots]
        self.reader = reader
        self.cache: dict[Path, Exports] = {}
        self.stamps: dict[Path, Optional[Stamp]] = {}  # what each cached module's file looked like
        self.computing: dict[Path, Exports] = {}  # modules of the import cycle being read: what they export so far
        self.nested = 0  # reads started inside a read (an import the import lines did not show)
        self.depends: dict[Path, set[Path]] = {}  # module -> the project modules its imports reached
        self.dependers: dict[Path, set[Path]] = {}  # the same edges, reversed
        self.files: dict[tuple[Path, str], Optional[Path]] = {}  # (search folder, module) -> file
        self.found: dict[tuple[str, int, str], Optional[Path]] = {}  # (importing folder, level, module) -> file
        self.bases: dict[Path, list[Path]] = {}  # importing folder -> folders absolute imports search
        self.imported: Optional[set[Path]] = None  # the run's files other files import, once ordered
        self.fresh: Optional[list[tuple[Path, Exports]]] = None  # with ``share()``: exports read since taken
        self.projects: dict[Path, _Importers] = {}  # project root -> its files' import edges, reversed
        self.edges: dict[Path, frozenset[Path]] = {}  # import edges read from import lines
        self.spelled: dict[Path, tuple[str, ...]] = {}  # those import lines, as spelled (the cache keeps them)
        self.facts: dict[Path, tuple[Optional[Stamp], Facts]] = {}  # what linting a module showed (propagation)
        self.current: Optional[tuple[Path, str, ast.Module]] = None  # the module being linted, its text, its tree
        self.pending: Optional[set[Path]] = None  # the run's files, once ordered
        self.trees: dict[Path, tuple[str, ast.Module]] = {}  # trees of run files read with their cycle, and text
        self.kept_text = 0  # the characters of those texts
        self.reading: Optional[list[tuple[Path, Exports]]] = None  # what the module being read saw of its cycle
        self.project_roots: dict[Path, Path] = {}  # folder -> its project's folder, while unchanged
        #: whether a file's stamp is checked each time its exports are asked for (a long-lived process: an editor,
        #: a plugin); a run of the command takes the files as they were when first read
        self.watch = True

    # -- files -------------------------------------------------------------------------------------------

    def search_path(self, importer: Optional[Path]) -> list[Path]:
        """Where an absolute import written in ``importer`` is looked up, first match wins."""
        folder = importer.parent if importer is not None else None
        found = self.bases.get(folder) if folder is not None else None
        if found is not None:
            return found
        bases: list[Path] = []
        if importer is not None and folder is not None:
            root = find_root(folder)
            if not is_file(folder / "__init__.py"):  # a script's folder (Python 3 has no implicit relative imports)
                bases.append(folder)
            bases.append(package_root(importer))
            if root is not None:
                bases += [root, root / "src"]
        bases += [*self.roots, *(root / "src" for root in self.roots)]
        unique = list(dict.fromkeys(base for base in bases if is_folder(base)))
        if folder is not None:
            self.bases[folder] = unique
        return unique

    def module_file(self, module: str, level: int, importer: Optional[Path]) -> Optional[Path]:
        """The project file of ``from <level dots><module> import ...`` written in ``importer``, or None."""
        key = (os.path.dirname(str(importer)) if importer is not None else "", level, module)
        if key not in self.found:
            self.found[key] = self._module_file(module, level, importer)
        return self.found[key]

    def _module_file(self, module: str, level: int, importer: Optional[Path]) -> Optional[Path]:
        if level:
            if importer is None:
                return None
            folder = importer.parent
            for _ in range(level - 1):
                if not is_file(folder / "__init__.py"):
                    return None  # above the top-level package: Python refuses it
                folder = folder.parent
            return self._in(folder, module) if module else package_file(folder)
        if not module or module.split(".", 1)[0] in TF_ROOTS:
            return None
        for base in self.search_path(importer):
            found = self._in(base, module)
            if found is not None:
                return found
        return None

    def _in(self, base: Path, module: str) -> Optional[Path]:
        key = (base, module)
        if key not in self.files:
            target = base.joinpath(*module.split("."))
            found = target.with_name(target.name + ".py")
            self.files[key] = found if is_file(found) else package_file(target)
        return self.files[key]

    # -- exports -----------------------------------------------------------------------------------------

    def exports(self, path: Path) -> Exports:
        """What the module ``path`` exports (cached while its file is unchanged)."""
        found = self.cached(path)
        if found is not None:
            return found
        partial = self.computing.get(path)
        if partial is not None:
            if self.reading is not None:
                self.reading.append((path, partial))
            return partial  # a module of the cycle being read: what it exported in the last pass
        recalled = self.recall(path)
        if recalled is not None:
            return recalled
        found = self.cache.get(path)  # a recall that failed may have read it on the way
        if found is not None:
            return found
        if self.nested > _NESTED_READS:
            return EMPTY
        self.nested += 1
        try:
            for component in self._components(path):
                self._read_component(component)
        finally:
            self.nested -= 1
        return self.cache.get(path, EMPTY)

    def cached(self, path: Path) -> Optional[Exports]:
        """The cached exports of ``path`` if its file is unchanged (else it and its dependents are forgotten)."""
        found = self.cache.get(path)
        if found is not None and self.watch and self.stamps.get(path) != stamp(path):
            self.invalidate(path)
            return None
        return found

    def recall(self, path: Path) -> Optional[Exports]:
        """The exports of ``path`` kept between runs, if they still hold, taken into :attr:`cache`
        (:class:`tf2lint.cache.CachedIndex`); None: the module is read."""
        return None

    def kept(self, component: list[Path]) -> None:
        """The exports of ``component`` (an import cycle, or one module) were just read or learned."""

    def _components(self, start: Path) -> list[list[Path]]:
        """The import cycles (strongly connected components, each sorted) of the modules ``start`` reaches by
        its import lines, not yet known, dependencies first."""
        return components([start], self._unknown_targets)

    def _unknown_targets(self, path: Path) -> Iterator[Path]:
        """The modules ``path``'s import lines name that are neither known nor being read, in path order."""
        return iter([target for target in self._targets(path)
                     if target not in self.computing and self.cached(target) is None])

    def _targets(self, path: Path) -> frozenset[Path]:
        targets = self.edges.get(path)
        if targets is None:
            text = self.reader(path) if not _is_notebook(path) else None
            spelled = self.spelled[path] = tuple(import_lines(text)) if text is not None else ()
            targets = self.edges[path] = frozenset(self.imported_files(spelled, path))
        return targets

    def _read_component(self, component: list[Path]) -> None:
        """Read the modules of one import cycle (one module, most often): in path order, twice where they import
        each other (each parsed once), each time seeing what the others exported so far."""
        cycle = len(component) > 1 or component[0] in self._targets(component[0])
        for path in component:
            self.computing[path] = EMPTY
        try:
            trees = {path: self._parse(path) for path in component}
            seen: dict[Path, list[tuple[Path, Exports]]] = {}  # per module: the cycle's exports its read saw
            for second in range(2 if cycle else 1):
                for path in component:
                    if second and all(self.computing[other] == saw for other, saw in seen[path]):
                        continue  # it would see what it saw: it would export the same
                    seen[path] = []
                    self.computing[path] = self._bind(path, trees[path], seen[path])
        finally:
            done = {path: self.computing.pop(path) for path in component}
        for path, found in done.items():
            self.keep(path, found)
        self.kept(component)

    def _parse(self, path: Path) -> Optional[ast.Module]:
        """The tree of a module that can reach TensorFlow; None for one that cannot, or cannot be read or parsed."""
        text = self.reader(path)
        if text is None or not self.reaches_tensorflow(text, path):
            return None
        current = self.current
        if current is not None and current[0] == path and current[1] == text:
            return current[2]  # the module being linted
        try:
            tree = parse(text, str(path))
        except SourceError:
            return None
        if self.pending is not None and path in self.pending:  # the run lints it later: parse it once
            self.trees[path] = (text, tree)
            self.kept_text += len(text)
            while self.kept_text > _KEPT_TEXT:
                self.kept_text -= len(self.trees.pop(next(iter(self.trees)))[0])
        return tree

    @contextlib.contextmanager
    def linting(self, filename: str, text: Optional[str], tree: ast.AST) -> Iterator[None]:
        """While the module ``filename`` (``text`` parsed to ``tree``) is linted: reading an import cycle it is in
        takes its tree, not a second parse."""
        path = self.path_of(filename)
        before = self.current
        self.current = (path, text, tree) if path is not None and text is not None and isinstance(
            tree, ast.Module) else None
        try:
            yield
        finally:
            self.current = before

    def tree(self, filename: str, text: str) -> Optional[ast.Module]:
        """The tree of a run's file the index parsed from the same ``text`` (reading its import cycle), given
        once; None otherwise."""
        path = self.path_of(filename)
        kept = self.trees.pop(path, None) if path is not None else None
        if kept is None:
            return None
        self.kept_text -= len(kept[0])
        return kept[1] if kept[0] == text else None

    def _bind(self, path: Path, tree: Optional[ast.Module], seen: list[tuple[Path, Exports]]) -> Exports:
        """Read a module's exports; ``seen`` gets the exports of the cycle's modules it read, as they were."""
        name = module_name(path)
        if tree is None:
            return Exports(name, {}, None)
        binder = Binder(tree, self.resolver(str(path)))
        reading, self.reading = self.reading, seen
        try:
            binder.walk(tree)
            binder.walk_functions(exports_only=True)
        except (RecursionError, MemoryError):
            return Exports(name, {}, None)
        finally:
            self.reading = reading
        return binder.exports(name, self.shown(path))

    def keep(self, path: Path, found: Exports) -> None:
        self.cache[path] = found
        self.stamps[path] = stamp(path) if self.watch else None
        if self.fresh is not None:
            self.fresh.append((path, found))

    def share(self) -> None:
        """Note the exports this process reads from now on, for :meth:`take` (a worker sends them to the others
        through the parent)."""
        self.fresh = []

    def take(self) -> list[tuple[Path, Exports]]:
        """The exports read since the last call."""
        fresh = self.fresh or []
        if self.fresh is not None:
            self.fresh = []
        return fresh

    def adopt(self, exports: Iterable[tuple[Path, Exports]]) -> None:
        """Exports another process read (its workers share them)."""
        for path, found in exports:
            if path not in self.cache:
                self.cache[path] = found
                self.stamps[path] = stamp(path) if self.watch else None

    def shown(self, path: Path) -> str:
        """How findings name a project file: relative to its project's folder."""
        try:
            return path.relative_to(self.project_of(path)).as_posix()
        except ValueError:
            return path.name

    def learn(self, path: Optional[Path], binder: Optional[Binder]) -> None:
        """Keep what a module just linted exports, from the linter's own walk (``binder`` None: it reaches no
        TensorFlow), so that importing it later parses nothing."""
        if path is None or path in self.cache or path in self.computing:
            return
        if self.imported is not None and path not in self.imported:
            return  # no file of the run imports it: read it if one asks after all
        self.keep(path, binder.exports(module_name(path), self.shown(path)) if binder is not None
                  else Exports(module_name(path), {}, None))
        self.kept([path])

    def lookup(self, module: Optional[str], level: int, importer: Optional[Path]) -> Optional[Exports]:
        """The exports of the project module an import names, or None when it names none."""
        path = self.module_file(module or "", level, importer)
        if path is None or path == importer:
            return None
        if importer is not None:
            self._depend(importer, path)
        return self.exports(path)

    def _depend(self, importer: Path, path: Path) -> None:
        self.depends.setdefault(importer, set()).add(path)
        self.dependers.setdefault(path, set()).add(importer)

    def imports(self, text: str, path: Optional[Path]) -> Iterator[Path]:
        """The project files a module's import lines name, read without parsing it."""
        return self.imported_files(import_lines(text), path)

    def imported_files(self, spelled: Iterable[str], path: Optional[Path]) -> Iterator[Path]:
        """The project files imports spelled as :func:`~tf2lint.index.scan.import_lines` gives them name."""
        for name in spelled:
            module = name.lstrip(".")
            target = self.module_file(module, len(name) - len(module), path)
            if target is not None and target != path:
                yield target

    def dependency_order(self, files: Sequence[str]) -> list[list[int]]:
        """The indexes of ``files`` by import cycle (a file alone, most often), each cycle after the cycles it
        imports: linting in this order learns every module's exports before an importer asks, and the index
        reads no module but those of a cycle, when its first module is linted (:meth:`exports`). Reads each
        file's import lines; a file that cannot be read imports nothing."""
        paths = [Path(os.path.abspath(name)) for name in files]
        position = {path: number for number, path in enumerate(paths)}
        self.pending = set(paths)
        imported = self.imported = set()

        def targets(path: Path) -> list[Path]:
            found = sorted(self._targets(path))
            imported.update(found)
            return [target for target in found if target in position]

        order = [[position[path] for path in component] for component in components(paths, targets)]
        placed = {number for component in order for number in component}
        return order + [[number] for number in range(len(paths)) if number not in placed]  # a file named twice

    def imports_of(self, filename: str) -> frozenset[Path]:
        """The project files a file's import lines name (read once)."""
        return self._targets(Path(os.path.abspath(filename)))

    def note_imports(self, path: Path, spelled: Iterable[str]) -> None:
        """The import lines of a module, as :func:`~tf2lint.index.scan.import_lines` gives them, known without
        reading it (a result taken from the cache): where they lead is looked up as usual."""
        if path not in self.edges and not _is_notebook(path):
            known = self.spelled[path] = tuple(spelled)
            self.edges[path] = frozenset(self.imported_files(known, path))

    # -- importers -----------------------------------------------------------------------------------------

    def project_of(self, path: Path) -> Path:
        """The folder whose files are ``path``'s project: its root, else the folder above its packages."""
        folder = path.parent  # looked up once per folder
        found = self.project_roots.get(folder)
        if found is None:
            found = self.project_roots[folder] = find_root(folder) or package_root(path)
        return found

    def importers(self, path: Path) -> list[Path]:
        """The files of ``path``'s project whose import lines name it, sorted (nested projects, hidden folders
        and installed packages are not scanned; at most :data:`MAX_PROJECT_FILES` files). An importer changed on
        disk since it was read is read again."""
        path = Path(os.path.abspath(path))
        root = self.project_of(path)
        known = self.projects.get(root)
        if known is None:
            known = self.projects[root] = self._scan(root)
        for importer in sorted(known.reverse.get(path, ())):
            if self.watch and known.stamps.get(importer) != stamp(importer):
                self._refresh(known, importer)
        return sorted(known.reverse.get(path, ()))

    def _scan(self, root: Path) -> _Importers:
        found = _Importers(root)
        for file in project_files(root):
            targets = self.edges.get(file)
            if targets is None:
                self._refresh(found, file)
            else:
                found.set(file, targets, stamp(file) if self.watch else None)
        return found

    def _refresh(self, known: _Importers, file: Path) -> None:
        """Read ``file``'s import lines again (gone or unreadable: no edges)."""
        text = self.reader(file)
        targets = frozenset(self.imports(text, file)) if text is not None else frozenset()
        known.set(file, targets, stamp(file) if self.watch else None)

    def reaches_tensorflow(self, text: str, path: Optional[Path]) -> bool:
        """Whether a module's text imports TensorFlow or a project module that exports TensorFlow bindings,
        read from its import lines without parsing it (the linter's fast path for files without
        ``tensorflow``; standalone Keras, a root of the walk's bindings, counts as TensorFlow)."""
        if "tensorflow" in text or "keras" in text:
            return True
        for target in self.imports(text, path):
            if path is not None:
                self._depend(path, target)
            if target in self.computing or self.exports(target):
                return True  # a module of the cycle being read may export TensorFlow: read on
        return False

    @staticmethod
    def path_of(filename: Optional[str]) -> Optional[Path]:
        """The absolute path of a linted file's name; None for ``<unknown>`` and the like."""
        return Path(os.path.abspath(filename)) if filename and not filename.startswith("<") else None

    def resolver(self, filename: Optional[str]) -> Callable[[Optional[str], int], Optional[Exports]]:
        """The engine's view of the index from one importing file."""
        importer = self.path_of(filename)

        def resolve(module: Optional[str], level: int) -> Optional[Exports]:
            return self.lookup(module, level, importer)

        return resolve

    # -- changes -----------------------------------------------------------------------------------------

    def invalidate(self, path: Path) -> None:
        """Forget ``path`` and every module whose exports came through it (the file changed)."""
        path = Path(os.path.abspath(path))
        self.files.clear()  # a file added or removed changes where imports lead
        self.found.clear()
        self.project_roots.clear()
        self.edges.pop(path, None)
        self.spelled.pop(path, None)
        for module in (path, *self.dependents(path)):
            self.cache.pop(module, None)
            self.stamps.pop(module, None)
            self.facts.pop(module, None)
        for known in self.projects.values():
            if path.suffix == ".py" and (path in known.edges or known.root in path.parents):
                self._refresh(known, path)

    def dependents(self, path: Path) -> set[Path]:
        """The files (linted or indexed) whose imports reached ``path``, directly or not (the reverse edges,
        walked breadth first)."""
        path = Path(os.path.abspath(path))
        found: set[Path] = set()
        todo = [path]
        while todo:
            for module in self.dependers.get(todo.pop(), ()):
                if module not in found:
                    found.add(module)
                    todo.append(module)
        return found


def _is_notebook(path: Path) -> bool:
    return path.suffix.lower() == ".ipynb"
