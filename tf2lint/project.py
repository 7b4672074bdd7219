"""The project index: what each of a project's modules exports that resolves to TensorFlow.

Real TF1 projects reach TensorFlow through their own modules (``from ..compat import tfv1 as tf``,
``from utils import tf``, ``from .tf_compat import *``, ``sess = get_session()``). The index maps an import
written in one file to the project file it names and keeps, per file, only its exported bindings: a dict of
name -> qualified TensorFlow name in the engine's format (``tensorflow.compat.v1``, calls marked ``()``:
``tensorflow.compat.v1.Session()``); a function whose return resolves to TensorFlow is exported as
``name()`` -> what calling it gives. Modules are parsed on first use, once, and their trees dropped; project
code is never imported or run.

What a module exports is read from its module-level statements, in order: imports (of TensorFlow, and of
other project modules, followed transitively; ``from x import *`` honours ``__all__``), assignments whose value
is a TensorFlow name, attribute or call (``tfv1 = tf.compat.v1``, ``sess = tf.Session()``), functions whose
``return`` resolves to TensorFlow (their own local assignments followed), and rebindings that shadow them.
Alternative branches (``if``/``elif``/``else``, a ``try`` body and its ``except`` handlers) each start from
the bindings before them; a name bound to TensorFlow on any branch is exported with the binding of the first
branch, in source order, that binds it to TensorFlow (the code's main path: ``try: tfv1 = tf.compat.v1 /
except AttributeError: tfv1 = tf`` exports ``tensorflow.compat.v1``). A module in an import cycle sees the
modules still being read as exporting what they bound so far (as Python's partly initialized modules do); a
file that cannot be read or parsed exports nothing.
"""
from __future__ import annotations

import ast
import os
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Sequence, Union, cast

from tf2lint.checker import TF_ROOTS

if TYPE_CHECKING:
    from tf2lint.engine import Checked

#: Files that mark a project's root folder.
ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")

#: How many modules may be read one inside another when the innermost is linted at once (see ``pending``).
_NESTED_LINTS = 12

Reader = Callable[[Path], Optional[str]]
_TRIES = {ast.Try, getattr(ast, "TryStar", ast.Try)}
Env = dict[str, str]


class Exports:
    """What one module exports: ``bindings`` (name -> qualified, functions as ``name()``), the names a star
    import takes (``public``: ``__all__`` or the names without a leading underscore) and its dotted name."""

    __slots__ = ("name", "bindings", "public")

    def __init__(self, name: str, bindings: Env, public: Optional[frozenset[str]]) -> None:
        self.name, self.bindings, self.public = name, bindings, public

    def star(self) -> Env:
        """The bindings ``from module import *`` takes."""
        public = self.public
        return {key: value for key, value in self.bindings.items()
                if (key[:-2] if key.endswith("()") else key) in public} if public is not None else {
            key: value for key, value in self.bindings.items() if not key.startswith("_")}


EMPTY = Exports("", {}, None)


def find_root(start: Path) -> Optional[Path]:
    """The nearest folder at or above ``start`` holding a project marker."""
    folder = start if is_folder(start) else start.parent
    for candidate in (folder, *folder.parents):
        if any(_exists(candidate / marker) for marker in ROOT_MARKERS):
            return candidate
    return None


def package_root(path: Path) -> Path:
    """The folder Python would put on ``sys.path`` to import ``path``: above its outermost package."""
    folder = path.parent
    while _is_file(folder / "__init__.py") and folder.parent != folder:
        folder = folder.parent
    return folder


def module_name(path: Path) -> str:
    """The dotted name of a module file, from its packages (``pkg/sub/mod.py`` -> ``pkg.sub.mod``)."""
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while _is_file(folder / "__init__.py") and folder.parent != folder:
        parts.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(parts)) or path.stem


def read_module(path: Path) -> Optional[str]:
    """The text of a project module, or None when it cannot be read or decoded (read as the command line reads
    files: only regular files of at most 64 MiB, never blocking on a FIFO)."""
    from tf2lint.engine import SourceError, decode_source
    from tf2lint.reading import ReadError, read_file

    try:
        return decode_source(read_file(str(path)))
    except (ReadError, SourceError):
        return None


class ProjectIndex:
    """Resolves imports to project files and caches what each exports. ``roots`` are the folders absolute
    imports are looked up in, besides the importing file's own folder (unless it is a package), the folder
    above its outermost package, its project root and that root's ``src/``. ``reader`` reads a module's text
    (an editor passes its unsaved documents)."""

    def __init__(self, roots: Iterable[Path] = (), reader: Reader = read_module) -> None:
        self.roots = [Path(os.path.abspath(root)) for root in roots]
        self.reader = reader
        self.cache: dict[Path, Exports] = {}
        self.reading: set[Path] = set()  # modules being read: an import cycle stops here
        self.partial: dict[Path, _ModuleReader] = {}  # what those have bound so far
        self.depends: dict[Path, set[Path]] = {}  # module -> the project modules its exports come from
        self.files: dict[tuple[Path, str], Optional[Path]] = {}  # (search folder, module) -> file
        self.found: dict[tuple[str, int, str], Optional[Path]] = {}  # (importing folder, level, module) -> file
        self.bases: dict[Path, list[Path]] = {}  # importing folder -> folders absolute imports search
        # The files this process will lint: one parsed for its exports first is linted then, from the same tree,
        # by ``lint``, and its result kept in ``linted`` until its turn (in an import cycle, no file is parsed
        # twice).
        self.pending: set[Path] = set()
        self.lint: Optional[Callable[[ast.Module, Path], Checked]] = None
        self.linted: dict[Path, Checked] = {}
        self.imported: Optional[set[Path]] = None  # the run's files other files import, once ordered
        self.fresh: Optional[list[tuple[Path, Exports]]] = None  # with ``share()``: exports read since taken

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
            if not _is_file(folder / "__init__.py"):  # a script's folder (Python 3 has no implicit relative imports)
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
        key = (str(importer.parent) if importer is not None else "", level, module)
        if key not in self.found:
            self.found[key] = self._module_file(module, level, importer)
        return self.found[key]

    def _module_file(self, module: str, level: int, importer: Optional[Path]) -> Optional[Path]:
        if level:
            if importer is None:
                return None
            folder = importer.parent
            for _ in range(level - 1):
                if not _is_file(folder / "__init__.py"):
                    return None  # above the top-level package: Python refuses it
                folder = folder.parent
            return self._in(folder, module) if module else _package_file(folder)
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
            self.files[key] = found if _is_file(found) else _package_file(target)
        return self.files[key]

    # -- exports -----------------------------------------------------------------------------------------

    def exports(self, path: Path) -> Exports:
        """What the module ``path`` exports (cached). In an import cycle, a module still being read exports what
        it has bound so far, as a partly initialized module does in Python."""
        found = self.cache.get(path)
        if found is not None:
            return found
        if path in self.reading:
            reader = self.partial.get(path)
            return Exports(module_name(path), dict(reader.env), reader.public) if reader is not None else EMPTY
        self.reading.add(path)
        try:
            found = self._compute(path)
        finally:
            self.reading.discard(path)
        self.keep(path, found)
        return found

    def keep(self, path: Path, found: Exports) -> None:
        self.cache[path] = found
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
            self.cache.setdefault(path, found)
            self.pending.discard(path)

    def _compute(self, path: Path) -> Exports:
        text = self.reader(path)
        name = module_name(path)
        if text is None or not self.reaches_tensorflow(text, path):
            return Exports(name, {}, None)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text.lstrip("\ufeff"), str(path))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return Exports(name, {}, None)
        found = self._read_tree(tree, path)
        if path in self.pending and self.lint is not None and len(self.reading) <= _NESTED_LINTS:
            self.pending.discard(path)
            self.keep(path, found)
            try:
                self.linted[path] = self.lint(tree, path)
            except Exception:  # noqa: BLE001 - linted again in its turn, where a failure is reported for it
                pass
        return found

    def _read_tree(self, tree: ast.Module, path: Path) -> Exports:
        reader = self.partial[path] = _ModuleReader(self, path)
        try:
            reader.block(tree.body)
        except RecursionError:
            return Exports(module_name(path), {}, None)
        finally:
            del self.partial[path]
        return Exports(module_name(path), reader.env, reader.public)

    def learn(self, path: Optional[Path], tree: Optional[ast.Module]) -> None:
        """Keep what a module just linted exports (``tree`` None: it reaches no TensorFlow), so that importing
        it later parses nothing. What the linter sees is what the index would read: the same file or text."""
        if path is None or path in self.cache or path in self.reading:
            return
        self.pending.discard(path)
        if self.imported is not None and path not in self.imported:
            return  # no file of the run imports it (outside functions): read it if one asks after all
        self.reading.add(path)
        try:
            self.keep(path, self._read_tree(tree, path) if tree is not None else Exports(module_name(path), {}, None))
        finally:
            self.reading.discard(path)

    def lookup(self, module: Optional[str], level: int, importer: Optional[Path]) -> Optional[Exports]:
        """The exports of the project module an import names, or None when it names none."""
        path = self.module_file(module or "", level, importer)
        if path is None or path == importer:
            return None
        if importer is not None:
            self.depends.setdefault(importer, set()).add(path)
        return self.exports(path)

    def imports(self, text: str, path: Optional[Path]) -> Iterator[Path]:
        """The project files a module's import lines name, read without parsing it."""
        for spelled in _imports(text):
            module = spelled.lstrip(".")
            target = self.module_file(module, len(spelled) - len(module), path)
            if target is not None and target != path:
                yield target

    def dependency_order(self, files: Sequence[str]) -> list[int]:
        """The indexes of ``files`` with each file after the files it imports (cycles broken where found), so
        that linting in this order learns every module's exports before an importer asks: no module is parsed
        twice. Reads each file's import lines; a file that cannot be read keeps its place. In a cycle, a module
        asked for before its turn is linted when the index parses it (``pending``)."""
        paths = [Path(os.path.abspath(name)) for name in files]
        position = {path: number for number, path in enumerate(paths)}
        self.imported = set()
        order: list[int] = []
        state: dict[int, bool] = {}  # False: being visited, True: done
        for first in range(len(paths)):
            if first in state:
                continue
            stack: list[tuple[int, Iterator[Path]]] = [(first, self._imports_of(paths[first]))]
            state[first] = False
            while stack:
                number, targets = stack[-1]
                for target in targets:
                    self.imported.add(target)
                    found = position.get(target)
                    if found is not None and found not in state:
                        state[found] = False
                        stack.append((found, self._imports_of(target)))
                        break
                else:
                    stack.pop()
                    state[number] = True
                    order.append(number)
        return order

    def _imports_of(self, path: Path) -> Iterator[Path]:
        text = self.reader(path) if not _is_notebook(path) else None
        return self.imports(text, path) if text is not None else iter(())

    def reaches_tensorflow(self, text: str, path: Optional[Path]) -> bool:
        """Whether a module's text imports TensorFlow or a project module that exports TensorFlow bindings,
        read from its import lines without parsing it (the linter's fast path for files without
        ``tensorflow``; standalone Keras, a root of the walk's bindings, counts as TensorFlow)."""
        if "tensorflow" in text or "keras" in text:
            return True
        for target in self.imports(text, path):
            if path is not None:
                self.depends.setdefault(path, set()).add(target)
            if self.exports(target).bindings:
                return True
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
        for module in (path, *self.dependents(path)):
            self.cache.pop(module, None)

    def dependents(self, path: Path) -> set[Path]:
        """The files (linted or indexed) whose imports reached ``path``, directly or not."""
        path = Path(os.path.abspath(path))
        found: set[Path] = set()
        todo = [path]
        while todo:
            current = todo.pop()
            for module, sources in self.depends.items():
                if current in sources and module not in found:
                    found.add(module)
                    todo.append(module)
        return found


_SHARED: Optional[ProjectIndex] = None


def shared_index() -> ProjectIndex:
    """The process's index, made on first use: the flake8 and pylint plugins read each imported project
    module once per process and keep its exports."""
    global _SHARED
    if _SHARED is None:
        _SHARED = ProjectIndex()
    return _SHARED


#: An import statement at the start of a line: ``from`` module and names, or ``import`` module.
_IMPORT_LINE = re.compile(r"[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b[ \t(]*([\w, \t]*)|import[ \t]+([\w.]+))")


def _imports(text: str) -> Iterator[str]:
    """The modules the import lines of ``text`` name, as spelled (``..compat``), with ``from x import y`` also
    as ``x.y`` (``y`` may be a submodule); found without parsing, from each line holding ``import``."""
    start = 0
    while True:
        at = text.find("import", start)
        if at < 0:
            return
        begin = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        start = end + 1
        match = _IMPORT_LINE.match(text, begin, end)
        if match is None:
            continue
        if match.group(3):
            yield match.group(3)
            continue
        module = match.group(1)
        yield module
        separator = "" if module.endswith(".") else "."
        for name in match.group(2).split(","):
            words = name.split()
            if words and words[0].isidentifier():
                yield module + separator + words[0]


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False where the file system says anything but yes (a name too long, no access)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_folder(path: Path) -> bool:
    """``path.is_dir()``, False where the file system cannot tell."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_notebook(path: Path) -> bool:
    return path.suffix.lower() == ".ipynb"


def _package_file(folder: Path) -> Optional[Path]:
    init = folder / "__init__.py"
    return init if _is_file(init) else None


class _ModuleReader:
    """Reads one module's statements into its exported bindings (``env``), without running anything."""

    def __init__(self, index: ProjectIndex, path: Path) -> None:
        self.index, self.path = index, path
        self.env: Env = {}
        self.public: Optional[frozenset[str]] = None

    def block(self, body: list[ast.stmt], env: Optional[Env] = None) -> None:
        env = self.env if env is None else env
        for statement in body:
            self.statement(statement, env)

    def statement(self, node: ast.stmt, env: Env) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".", 1)[0]
                qualified = alias.name if alias.asname else name
                self.set(env, name, qualified if qualified.split(".", 1)[0] in TF_ROOTS else None)
        elif isinstance(node, ast.ImportFrom):
            self.import_from(node, env)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = self.value(node.value, env) if node.value is not None else None
            for target in targets:
                self.target(target, value, env)
                if isinstance(target, ast.Name) and target.id == "__all__" and env is self.env:
                    self.public = _literal_names(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == "__all__":
            added = _literal_names(node.value)
            self.public = None if self.public is None or added is None else self.public | added
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            env.pop(node.name, None)
            returned = self.returns(node, env)
            if returned is None:
                env.pop(node.name + "()", None)
            else:
                env[node.name + "()"] = returned
        elif isinstance(node, ast.ClassDef):
            self.set(env, node.name, None)
        elif isinstance(node, ast.If):
            self.alternatives(env, [node.body, node.orelse])
        elif node.__class__ in _TRIES:
            tried = cast(ast.Try, node)  # ast.TryStar has the same fields
            self.alternatives(env, [tried.body + tried.orelse, *(h.body for h in tried.handlers)])
            self.block(tried.finalbody, env)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self.block(node.body, env)

    def alternatives(self, env: Env, branches: list[list[ast.stmt]]) -> None:
        """Branches each from ``env``; a name keeps the first TensorFlow binding any branch gives it."""
        results = []
        for body in branches:
            branch = dict(env)
            self.block(body, branch)
            results.append(branch)
        names = {name for branch in results for name in branch} | set(env)
        for name in names:
            chosen = next((branch[name] for branch in results if branch.get(name) not in (None, env.get(name))),
                          None)
            if chosen is not None:
                env[name] = chosen
            elif any(name not in branch for branch in results):
                env.pop(name, None)

    def import_from(self, node: ast.ImportFrom, env: Env) -> None:
        module = node.module or ""
        if not node.level and module.split(".", 1)[0] in TF_ROOTS:
            for alias in node.names:
                if alias.name != "*":
                    self.set(env, alias.asname or alias.name, f"{module}.{alias.name}")
            return
        found = self.index.lookup(node.module, node.level, self.path)
        for alias in node.names:
            if alias.name == "*":
                if found is not None:
                    env.update(found.star())
                continue
            local = alias.asname or alias.name
            bindings = found.bindings if found is not None else {}
            self.set(env, local, bindings.get(alias.name))
            if alias.name + "()" in bindings:
                env[local + "()"] = bindings[alias.name + "()"]

    def target(self, target: ast.expr, value: Optional[str], env: Env) -> None:
        if isinstance(target, ast.Name):
            self.set(env, target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.target(element, None, env)
        elif isinstance(target, ast.Starred):
            self.target(target.value, None, env)

    @staticmethod
    def set(env: Env, name: str, value: Optional[str]) -> None:
        env.pop(name + "()", None)
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value

    def value(self, node: ast.AST, env: Env) -> Optional[str]:
        """The qualified name of a Name/Attribute/Call chain rooted in a binding of ``env``."""
        suffix: list[str] = []
        while True:
            if isinstance(node, ast.Attribute):
                suffix.append("." + node.attr)
                node = node.value
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name) and node.func.id + "()" in env:
                    base: Optional[str] = env[node.func.id + "()"]
                    break
                suffix.append("()")
                node = node.func
            elif isinstance(node, ast.Name):
                base = env.get(node.id)
                break
            else:
                return None
        return None if base is None else base + "".join(reversed(suffix))

    def returns(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef], env: Env) -> Optional[str]:
        """What calling a module-level function gives, when a ``return`` in it resolves to TensorFlow."""
        local = dict(env)
        for name in _parameters(node.args):
            self.set(local, name, None)
        used: Optional[set[str]] = None  # what returns and assignments start from, found at the first import
        todo: list[ast.stmt] = list(node.body)
        while todo:
            statement = todo.pop(0)
            if isinstance(statement, ast.Return) and statement.value is not None:
                found = self.value(statement.value, local)
                if found is not None:
                    return found
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                value = self.value(statement.value, local)
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.set(local, target.id, value)
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                if used is None:
                    used = {_root(s.value) for s in _statements(node.body)
                            if isinstance(s, (ast.Return, ast.Assign, ast.AnnAssign)) and s.value is not None}
                if any((alias.asname or alias.name).split(".", 1)[0] in used for alias in statement.names):
                    self.statement(statement, local)  # only imports something uses: others may break cycles
            elif isinstance(statement, (ast.If, ast.For, ast.While, ast.With, ast.AsyncWith, ast.Try)):
                todo[:0] = [*statement.body, *getattr(statement, "orelse", ()),
                            *(s for h in getattr(statement, "handlers", ()) for s in h.body),
                            *getattr(statement, "finalbody", ())]
        return None


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a function body, nested blocks included, nested functions and classes not."""
    todo = list(body)
    while todo:
        statement = todo.pop()
        yield statement
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in ("body", "orelse", "finalbody"):
                todo.extend(getattr(statement, field, ()))
            for handler in getattr(statement, "handlers", ()):
                todo.extend(handler.body)


def _root(node: ast.AST) -> str:
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else ""


def _parameters(args: ast.arguments) -> list[str]:
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a]


def _literal_names(node: Optional[ast.expr]) -> Optional[frozenset[str]]:
    """The strings of a literal list or tuple (``__all__``); None for anything else (all public names)."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return None
    names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return frozenset(names) if len(names) == len(node.elts) else None
