"""How rule families plug into the engine: hooks keyed the way the walk already looks things up.

A family module builds one :class:`Hooks` and registers its checks on it; ``tf2lint.rules`` merges the families'
hooks in family order and hands them to the engine. The engine only does dictionary lookups on what its walk
computes (a method name, a resolved TensorFlow path, a keyword, an attribute name, a namespace) and calls what
is registered there, in registration order. Checks talk to the engine through :class:`Checker`.
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple, Optional, Protocol, TypeVar, Union

from tf2lint.context import Context

if TYPE_CHECKING:
    from tf2lint.rules.model import Rule

HIGH = "HIGH"  # the name resolves to TensorFlow through the imports
INFERENCE = "INFERENCE"  # rests on tracking a binding (a session variable, an optimizer, ...)

S = TypeVar("S")
H = TypeVar("H")
Start = Optional[tuple[int, int]]


class Marker:
    """A binding that is no TensorFlow name but a value a family recognises (``d`` in ``for d in x.shape``)."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"Marker({self.what!r})"


class Does(NamedTuple):
    """What calling a project function does with TF1 graph machinery (:mod:`tf2lint.binding`): the TensorFlow
    call it reaches (``tf.get_default_session().run``, its namespace and path below it), the function as
    imported (``dnnlib.tflib.tfutil.run``) and where it is defined (``dnnlib/tflib/tfutil.py:31``); ``via`` names
    the project function it reaches it through, if any."""

    shown: str
    namespace: str
    path: str
    function: str = ""
    where: str = ""
    via: str = ""


class NameEntry(NamedTuple):
    """What a TF1 name (and every name below it) means to a family rule: an entry of the name table."""

    code: str
    new: str = ""  # TF2 path relative to ``tf`` (``keras.layers.Dense``), shown as ``tf.<new>``
    advice: str = ""  # replaces the rule's suggestion
    fallback: str = ""  # ``{new}`` when neither the entry nor the API tables name a TF2 replacement


class Checker(Protocol):
    """What checks may use of the engine while it lints one file."""

    hooks: Hooks
    rules: Mapping[str, Rule]  # the rule table: what a code's findings say, and their severities
    tree: ast.AST  # the file being linted
    claimed: set[int]  # ids of nodes a contextual check already reported: later checks skip them
    tf_names: set[str]
    context: Context  # is the file TF1 code, and why

    def emit(self, code: str, node: ast.AST, *, name: str = "", new: str = "", advice: str = "",
             func: str = "", confidence: str = HIGH, start: Start = None, severity: str = "",
             conditional: bool = False) -> None: ...

    def resolve(self, node: ast.AST) -> Optional[str]: ...

    def lookup(self, name: str) -> object: ...

    def reference(self, node: ast.AST, base: str, qualified: str, start: Start = None) -> None: ...

    def state(self, cls: type[S]) -> S: ...


MethodHook = Callable[[Checker, ast.Call, ast.Attribute], None]
#: (checker, call, namespace, path of the callee in the API tables, the callee as findings show it)
CallHook = Callable[[Checker, ast.Call, str, str, str], None]
KeywordHook = Callable[[Checker, ast.Call, ast.keyword], None]
AttributeHook = Callable[[Checker, ast.Attribute], None]
#: (checker, node, binding of the chain's root, the whole resolved name, its namespace, its path parts below the
#: namespace, start)
ReferenceHook = Callable[[Checker, ast.AST, str, str, str, tuple[str, ...], Start], None]
ImportHook = Callable[[Checker, Union[ast.Import, ast.ImportFrom]], None]
#: (checker, targets, value, the value's resolved TensorFlow name or None)
AssignHook = Callable[[Checker, list[ast.expr], ast.expr, Optional[str]], None]
#: What ``for target in iter:`` binds the target to, or None: (checker, iter)
IterationHook = Callable[[Checker, ast.expr], Optional[Marker]]
CompareHook = Callable[[Checker, ast.Compare], None]
#: A call of a project function that uses TF1 graph machinery, in another module: (checker, call, what it does)
ProjectCallHook = Callable[[Checker, ast.Call, Does], None]
Hook = Callable[[Checker], None]


def keyword(node: ast.Call, name: str) -> Optional[ast.keyword]:
    """The keyword argument ``name=`` of a call, if it has one."""
    for found in node.keywords:
        if found.arg == name:
            return found
    return None


def alias_position(alias: ast.alias, statement: ast.stmt) -> tuple[int, int]:
    """Where an imported name starts (its statement's start before Python 3.10, where aliases have none)."""
    located: Union[ast.alias, ast.stmt] = alias if hasattr(alias, "lineno") else statement
    return located.lineno, located.col_offset


def method_position(func: ast.Attribute) -> tuple[int, int]:
    """Where ``.attr`` starts, so ``sess.run`` is reported at ``run``."""
    return func.end_lineno or func.lineno, (func.end_col_offset or 0) - len(func.attr)


class Hooks:
    """One family's (or, merged, every family's) checks, by what the walk looks them up with."""

    def __init__(self) -> None:
        self.methods: dict[str, list[MethodHook]] = {}  # ``x.<method>(...)`` calls, any receiver
        self.calls: dict[str, list[CallHook]] = {}  # calls of a TensorFlow function, by its path
        self.every_call: list[CallHook] = []  # calls of any TensorFlow function, after those by path
        self.keywords: dict[str, list[KeywordHook]] = {}  # keywords of calls rooted in TensorFlow
        self.attributes: dict[str, list[AttributeHook]] = {}  # ``.<attr>`` loads along attribute chains
        self.references: dict[str, list[ReferenceHook]] = {}  # TensorFlow names, by namespace
        self.imports: list[ImportHook] = []  # import statements, after their names are bound
        self.assignments: list[AssignHook] = []  # ``x = value``, after the targets are bound
        self.iterations: list[IterationHook] = []  # ``for`` loops in files that import TensorFlow
        self.compares: list[CompareHook] = []  # comparisons in files that import TensorFlow
        self.project_calls: list[ProjectCallHook] = []  # calls of project functions using TF1 graph machinery
        self.ends: list[Hook] = []  # the end of the file
        self.names: dict[str, NameEntry] = {}  # TF1 paths (below ``tf.compat.v1``) -> the rule explaining them
        self.found_names: dict[str, list[Hook]] = {}  # rule code -> what to do when a name entry of it is found

    # -- registration ---------------------------------------------------------------------------------

    def method(self, *names: str) -> Callable[[MethodHook], MethodHook]:
        return self._register(self.methods, names)

    def call(self, *paths: str) -> Callable[[CallHook], CallHook]:
        return self._register(self.calls, paths)

    def keyword(self, *names: str) -> Callable[[KeywordHook], KeywordHook]:
        return self._register(self.keywords, names)

    def attribute(self, *names: str) -> Callable[[AttributeHook], AttributeHook]:
        return self._register(self.attributes, names)

    def reference(self, *namespaces: str) -> Callable[[ReferenceHook], ReferenceHook]:
        return self._register(self.references, namespaces)

    def found_name(self, *codes: str) -> Callable[[Hook], Hook]:
        return self._register(self.found_names, codes)

    def on_any_call(self, hook: CallHook) -> CallHook:
        self.every_call.append(hook)
        return hook

    def on_import(self, hook: ImportHook) -> ImportHook:
        self.imports.append(hook)
        return hook

    def on_assignment(self, hook: AssignHook) -> AssignHook:
        self.assignments.append(hook)
        return hook

    def on_iteration(self, hook: IterationHook) -> IterationHook:
        self.iterations.append(hook)
        return hook

    def on_compare(self, hook: CompareHook) -> CompareHook:
        self.compares.append(hook)
        return hook

    def on_project_call(self, hook: ProjectCallHook) -> ProjectCallHook:
        self.project_calls.append(hook)
        return hook

    def on_end(self, hook: Hook) -> Hook:
        self.ends.append(hook)
        return hook

    @staticmethod
    def _register(table: dict[str, list[H]], keys: tuple[str, ...]) -> Callable[[H], H]:
        def register(hook: H) -> H:
            for key in keys:
                table.setdefault(key, []).append(hook)
            return hook
        return register

    def name(self, code: str, names: str, new: str = "", advice: str = "", fallback: str = "") -> None:
        """Send each of the space-separated TF1 ``names`` (and the names below it) to rule ``code``."""
        for name in names.split():
            self._add_name(name, NameEntry(code, new, advice, fallback))

    def renamed(self, code: str, pairs: dict[str, str], fallback: str = "") -> None:
        """Send TF1 names to rule ``code``, each with its own TF2 name."""
        for name, new in pairs.items():
            self._add_name(name, NameEntry(code, new, "", fallback))

    def _add_name(self, name: str, entry: NameEntry) -> None:
        if self.names.get(name, entry) != entry:
            raise ValueError(f"{name} is claimed by {self.names[name].code} and {entry.code}")
        self.names[name] = entry

    # -- the engine's side ----------------------------------------------------------------------------

    def name_entry(self, parts: tuple[str, ...]) -> Optional[NameEntry]:
        """The entry for the longest prefix of ``parts`` that has one."""
        names = self.names
        for end in range(len(parts), 0, -1):
            entry = names.get(".".join(parts[:end]))
            if entry is not None:
                return entry
        return None

    @classmethod
    def merge(cls, *families: Hooks) -> Hooks:
        """All families' hooks; at one key, the earlier family's run first."""
        merged = cls()
        for hooks in families:
            for field, value in vars(hooks).items():
                target = getattr(merged, field)
                if isinstance(value, list):
                    target.extend(value)
                elif field == "names":
                    for name, entry in value.items():
                        merged._add_name(name, entry)
                else:
                    for key, hooks_at in value.items():
                        target.setdefault(key, []).extend(hooks_at)
        return merged
