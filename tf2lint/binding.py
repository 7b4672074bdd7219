"""The binding model: which names a module binds to TensorFlow, scope by scope, read from its statements.

One iterative walk (:class:`Binder`) serves both the linter, which extends it with the rule families' hooks
(:class:`tf2lint.checker.FileChecker`), and the project index, which reads a module's exports with it
(:func:`module_exports`): ``from shim import sess`` binds exactly what ``sess`` is at the end of ``shim``'s
module-level code. Nothing is imported or run.

- Imports of TensorFlow (and standalone Keras) bind qualified names; with a resolver, imports of the project's
  modules bind what they export (:class:`Exports`).
- Assignments, ``with ... as`` targets and ``for`` targets bind what their value resolves to.
- A function whose ``return`` resolves to TensorFlow is a :class:`Factory`: calling it gives that.
- Alternatives (the arms of an ``if``, a ``try`` body and its handlers) each start from the bindings before
  them (handlers: after the body); afterwards a name that every arm assigning it binds to TensorFlow keeps the
  first arm's binding (the code's main path: ``try: tfv1 = tf.compat.v1`` / ``except AttributeError: tfv1 =
  tf``), and one an arm binds to something else is unbound. An import in an ``except ImportError:`` handler
  does not rebind a name the body bound to TensorFlow (a fallback: ``except ImportError: import tf_slim``).
"""
from __future__ import annotations

import ast
import types
from functools import partial
from typing import Any, Callable, Optional, Union

from tf2lint import tfapi
from tf2lint.hooks import Does, Marker

#: Import roots whose names the walk binds: TensorFlow, and standalone Keras for its TF1-backend idioms.
TF_ROOTS = ("tensorflow", "tensorflow_estimator", "keras")

#: Fields that never hold a node with something to visit: names, flags, and the operator nodes (``op``).
_SCALAR_FIELDS = {
    "ctx", "id", "attr", "name", "names", "module", "level", "arg", "kind", "type_comment", "is_async",
    "conversion", "simple", "n", "s", "type_ignores", "tag", "op", "ops", "asname", "kwd_attrs", "rest",
}
#: Node class -> its child fields, last first (the order the walk pushes them).
_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}

Env = dict[str, str]


def _fields(cls: type[ast.AST]) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(reversed([f for f in cls._fields if f not in _SCALAR_FIELDS]))
    return fields


#: Class of a node (or of a non-node field value) -> the fields that may hold nodes, in source order.
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(cls: type) -> tuple[str, ...]:
    """The fields of a node class that may hold nodes, in source order (as :func:`ast.iter_child_nodes` yields
    them); () for a value that is no node (``None`` in ``Dict.keys``, ``MatchSingleton.value``)."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = _fields(cls)[::-1] if issubclass(cls, ast.AST) else ()
    return fields


class Exports:
    """What one module exports: ``bindings`` (name -> qualified, functions as ``name()`` -> what calling them
    gives), what its functions do with TF1 graph machinery (``does``: name -> :class:`~tf2lint.hooks.Does`), the
    names a star import takes (``public``: ``__all__`` or the names without a leading underscore) and its dotted
    name."""

    __slots__ = ("name", "bindings", "public", "does")

    def __init__(self, name: str, bindings: Env, public: Optional[frozenset[str]],
                 does: Optional[dict[str, Does]] = None) -> None:
        self.name, self.bindings, self.public = name, bindings, public
        self.does: dict[str, Does] = does or {}

    def takes(self, key: str) -> bool:
        """Whether ``from module import *`` takes ``key`` (``name`` or ``name()``)."""
        name = key[:-2] if key.endswith("()") else key
        return name in self.public if self.public is not None else not name.startswith("_")

    def star(self) -> Env:
        """The bindings ``from module import *`` takes."""
        return {key: value for key, value in self.bindings.items() if self.takes(key)}

    def __bool__(self) -> bool:
        """Whether importing the module binds anything to TensorFlow."""
        return bool(self.bindings or self.does)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Exports) and (self.name, self.bindings, self.public, self.does) == (
            other.name, other.bindings, other.public, other.does)

    def __repr__(self) -> str:
        return f"Exports({self.name!r}, {self.bindings!r}, {self.public!r}, {self.does!r})"


EMPTY = Exports("", {}, None)


class ClassInfo:
    """What a class's methods bound to ``self.<attr>`` (``self.sess = tf.Session()``)."""

    __slots__ = ("attrs",)

    def __init__(self) -> None:
        self.attrs: dict[str, Union[str, Marker]] = {}


class Through(str):
    """A TensorFlow binding that came from a project module (``from ..compat import tfv1 as tf``); ``note``
    says so in the findings it leads to."""

    note: str

    def __new__(cls, value: str, note: str) -> Through:
        binding = super().__new__(cls, value)
        binding.note = note
        return binding


class Factory:
    """A function whose call gives a TensorFlow object (``get_session()`` -> ``...Session()``), or uses TF1 graph
    machinery (``does``: a project function imported from another module)."""

    __slots__ = ("returns", "does")

    def __init__(self, returns: Optional[str], does: Optional[Does] = None) -> None:
        self.returns, self.does = returns, does


#: TF1 graph machinery, by TensorFlow path (``tf.`` or ``tf.compat.v1.``; calls in the chain dropped): what
#: makes a project function's calls worth reporting where it is called.
MACHINERY = frozenset({
    "Session", "InteractiveSession", "Session.run", "InteractiveSession.run", "get_default_session",
    "get_default_session.run", "train.MonitoredTrainingSession", "train.MonitoredTrainingSession.run",
    "keras.backend.get_session", "keras.backend.get_session.run", "placeholder", "sparse_placeholder",
    "placeholder_with_default", "train.Saver", "Graph.as_default", "Session.as_default",
    "InteractiveSession.as_default",
})


def machinery(qualified: str) -> Optional[Does]:
    """What a TensorFlow call is, when it is TF1 graph machinery (:data:`MACHINERY`)."""
    namespace, parts = tfapi.split(qualified.replace("()", ""))
    if namespace not in (tfapi.V1, tfapi.V2, tfapi.KERAS):
        return None
    path = ".".join(parts)
    if path not in MACHINERY:
        return None
    called = qualified[:-2] if qualified.endswith("()") else qualified
    chain = called[called.index(parts[0]):] if namespace != tfapi.KERAS else called
    return Does(tfapi.display(namespace, ()) + "." + chain if namespace != tfapi.KERAS else chain, namespace, path)


class ProjectModule:
    """A project module bound to a name (``import app.compat as compat``, ``from . import compat``): its
    attributes are what it exports."""

    __slots__ = ("exports",)

    def __init__(self, exports: Exports) -> None:
        self.exports = exports


#: The walk's view of the project index: the exports of the project module an import names, or None.
Resolver = Callable[[Optional[str], int], Optional[Exports]]

Binding = Union[str, ClassInfo, Marker, Factory, ProjectModule, None]
Scope = dict[str, Binding]
Action = Callable[[], object]
Function = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]


class ClassScope(Scope):
    """The scope of a class body; its methods do not see it, but see ``self`` as :attr:`info`."""

    __slots__ = ("info",)

    def __init__(self) -> None:
        super().__init__()
        self.info = ClassInfo()


class Binder:
    """Walks one module tree, iteratively, binding names per scope. Subclasses add what to do at each node
    (:meth:`on_import`, :meth:`on_assign`, :meth:`element_of` and the ``visit_*`` handlers they extend)."""

    def __init__(self, tree: ast.AST, resolver: Optional[Resolver] = None) -> None:
        self.tree = tree
        self.resolver = resolver  # the project's modules, or None: imports of them bind nothing
        self.scopes: list[Scope] = [{}]
        self.module_scope = self.scopes[0]
        self.public: Optional[frozenset[str]] = None  # a literal ``__all__``
        self.tf_names: set[str] = set()  # names bound to TensorFlow (or ``self``) anywhere: a fast filter
        self.imports_tf = False
        self.deferred: list[tuple[Function, list[Scope], Optional[ClassInfo]]] = []
        self._stack: list[Any] = []  # nodes, actions, None and the odd scalar field value
        # What module-level functions do with TF1 graph machinery, found while their own bodies are walked.
        self.functions: dict[int, ast.AST] = {}  # id of a module-level function node -> the node
        self.current: Optional[str] = None  # the module-level function whose own body is being walked
        self.does: dict[str, Does] = {}  # function name -> the first machinery it reaches
        self.local_calls: dict[str, list[str]] = {}  # function name -> module-level functions it calls
        self.lines: dict[str, int] = {}  # function name -> its line
        self.arms: list[tuple[Scope, set[str]]] = []  # alternatives being walked: their scope, names assigned
        self.import_fallback = 0  # depth of ``except ImportError:`` handlers: their imports do not rebind

    # -- what subclasses extend ---------------------------------------------------------------------------

    def on_import(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        """An import of TensorFlow (or of a module that is not the project's), after its names are bound."""

    def on_assign(self, targets: list[ast.expr], value: ast.expr, resolved: Optional[str]) -> None:
        """``targets = value``, after the targets are bound."""

    def element_of(self, iterated: ast.expr) -> Union[str, Marker, None]:
        """What the target of ``for target in iterated`` is bound to."""
        return None

    # -- bindings ------------------------------------------------------------------------------------------

    def lookup(self, name: str) -> Binding:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def bind(self, name: str, value: Binding) -> None:
        """Bind ``name`` in the current scope; non-TensorFlow values only matter to shadow."""
        arms = self.arms
        if arms and arms[-1][0] is self.scopes[-1]:
            arms[-1][1].add(name)  # inside an arm of alternatives: which names the arm assigns
        if value is not None:
            self.scopes[-1][name] = value
            self.tf_names.add(name)
        elif name in self.tf_names:
            self.scopes[-1][name] = None

    def bind_import(self, name: str, qualified: str) -> None:
        if self.import_fallback and isinstance(self.scopes[-1].get(name), str):
            return  # ``try: from tensorflow.contrib import slim / except ImportError: import tf_slim as slim``
        if qualified.split(".", 1)[0] not in TF_ROOTS:
            self.bind(name, None)
            return
        self.imports_tf = True
        self.bind(name, qualified)

    def bind_target(self, target: ast.AST, value: Union[str, Marker, None]) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, value)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and value is not None:
            owner = self.lookup(target.value.id) if target.value.id in self.tf_names else None
            if isinstance(owner, ClassInfo):
                owner.attrs[target.attr] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind_target(element, None)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, None)

    def value_of(self, node: ast.AST) -> Union[str, Marker, None]:
        """What a name bound to ``node`` is bound to: its TensorFlow name, or the marker a plain name carries."""
        qualified = self.resolve(node)
        if qualified is None and isinstance(node, ast.Name) and node.id in self.tf_names:
            marker = self.lookup(node.id)
            return marker if isinstance(marker, Marker) else None
        return qualified

    def resolve(self, node: ast.AST) -> Optional[str]:
        """The TensorFlow qualified name of a Name/Attribute/Call chain, calls marked ``()``.

        ``tf.Session().run`` under ``import tensorflow.compat.v1 as tf`` is
        ``tensorflow.compat.v1.Session().run``; anything not rooted in TensorFlow is None.
        """
        base, suffix = self.resolve_parts(node)
        if base is None:
            return None
        if not suffix:
            return base  # a Through keeps its note
        if base.__class__ is Through:  # ``tf.Session()`` under ``from ..compat import tfv1 as tf``
            return Through(base + suffix, base.note)
        return base + suffix

    def resolve_parts(self, node: ast.AST) -> tuple[Optional[str], str]:
        """(binding of the chain's root name, the rest of the chain)."""
        root: ast.AST = node
        while True:  # most chains are not rooted in TensorFlow: find the root before building strings
            cls = root.__class__
            if cls is ast.Attribute:
                root = root.value  # type: ignore[attr-defined]
            elif cls is ast.Call:
                root = root.func  # type: ignore[attr-defined]
            elif cls is ast.Name:
                break
            else:
                return None, ""
        name: str = root.id  # type: ignore[attr-defined]
        if name not in self.tf_names:
            return None, ""
        parts: list[str] = []
        while node is not root:
            if node.__class__ is ast.Attribute:
                parts.append("." + node.attr)
                node = node.value
            else:
                parts.append("()")
                node = node.func  # type: ignore[attr-defined]
        base = self.lookup(name)
        if isinstance(base, ClassInfo):
            if not parts or parts[-1] == "()":
                return None, ""
            base = base.attrs.get(parts.pop()[1:])
        elif isinstance(base, Factory):
            if not parts or parts[-1] != "()" or base.returns is None:
                return None, ""  # the function itself, not what it returns
            parts.pop()
            base = base.returns
        elif isinstance(base, ProjectModule):
            base = _module_attribute(name, base.exports, parts)
        if not isinstance(base, str):
            return None, ""  # unbound, shadowed, or a marker: not a TensorFlow name
        parts.reverse()
        return base, "".join(parts)

    # -- the walk ------------------------------------------------------------------------------------------

    def walk(self, *roots: ast.AST) -> None:
        """Visit the subtrees of ``roots`` in source order, one after the other, without recursion.

        The stack holds nodes, actions (callables a handler scheduled) and, harmlessly, ``None`` and the
        odd non-node field value (``MatchSingleton.value``): list fields are pushed whole.
        """
        stack = self._stack
        base = len(stack)
        stack.extend(reversed(roots))
        pop, append, extend = stack.pop, stack.append, stack.extend
        handlers, fields_of, actions = self.handlers(), _FIELDS, _ACTION_TYPES
        while len(stack) > base:
            item = pop()
            cls = item.__class__
            handler = handlers.get(cls)
            if handler is not None:
                handler(self, item)
                continue
            fields = fields_of.get(cls)
            if fields is None:
                if cls in actions:
                    item()
                elif isinstance(item, ast.AST):
                    append(item)  # a node class seen for the first time: look its fields up
                    _fields(cls)
                continue  # None or a scalar
            for field in fields:
                value = getattr(item, field, None)
                if value.__class__ is list:
                    extend(value[::-1])
                elif value is not None:
                    append(value)

    @classmethod
    def handlers(cls) -> dict[type, Callable[[Any, Any], None]]:
        return _HANDLERS

    def push(self, *items: Union[ast.AST, Action, None]) -> None:
        """Schedule items to run in the given order (the stack pops the last pushed first); the walk skips None."""
        self._stack.extend(reversed(items))

    def walk_functions(self, exports_only: bool = False) -> None:
        """Walk the function bodies the walk deferred (bodies may defer more: the list grows while we go); with
        ``exports_only``, only those of module-level functions (what :meth:`exports` needs: the other bodies
        bind nothing at module level)."""
        for node, scopes, owner in self.deferred:
            if exports_only and id(node) not in self.functions:
                continue
            self.scopes = scopes + [{}]
            self.current = getattr(node, "name", None) if id(node) in self.functions else None
            self.enter_function(node, owner)
        self.current = None
        self._close_does()

    def _close_does(self) -> None:
        """A function calling a module-level function that uses machinery uses it too (iteratively)."""
        changed = True
        while changed:
            changed = False
            for name, callees in self.local_calls.items():
                if name in self.does:
                    continue
                found = next((callee for callee in callees if callee in self.does and callee != name), None)
                if found is not None:
                    self.does[name] = self.does[found]._replace(via=found)
                    changed = True

    def callee_does(self, func: ast.expr) -> Optional[Does]:
        """What the project function a call names (``run(...)``, ``tflib.run(...)``) does, if it was imported
        and uses TF1 graph machinery."""
        if isinstance(func, ast.Name):
            binding = self.lookup(func.id) if func.id in self.tf_names else None
            return binding.does if isinstance(binding, Factory) else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.tf_names:
            module = self.lookup(func.value.id)
            return module.exports.does.get(func.attr) if isinstance(module, ProjectModule) else None
        return None

    def noting(self) -> bool:
        """Whether the walk is in a module-level function's own body, whose machinery is not known yet."""
        return self.current is not None and self.current not in self.does

    def note_call(self, func: ast.expr, found: Optional[Does], base: Optional[str], suffix: str) -> None:
        """While :meth:`noting`: the machinery a call of ``func`` reaches (``found``: what the project function it
        names does, :meth:`callee_does`; ``base``, ``suffix``: :meth:`resolve_parts` of it), or the local
        function it calls."""
        current = self.current
        assert current is not None
        if found is not None:
            self.does[current] = found._replace(via=found.function)
            return
        if base is not None:
            found = machinery(base + suffix)
            if found is not None:
                self.does[current] = found
        elif isinstance(func, ast.Name) and func.id in self.lines:
            self.local_calls.setdefault(current, []).append(func.id)

    def exports(self, name: str, where: str = "") -> Exports:
        """What the module exports: its module-level TensorFlow bindings (functions as ``name()``) and what its
        functions (defined in ``where``, or imported) do with TF1 graph machinery, once :meth:`walk_functions`
        has walked their bodies."""
        bindings: Env = {}
        does: dict[str, Does] = {}
        scope = self.module_scope
        for key, value in scope.items():
            if isinstance(value, str):
                bindings[key] = str(value)
            elif isinstance(value, Factory):
                if value.returns is not None:
                    bindings[key + "()"] = str(value.returns)
                if value.does is not None:
                    does[key] = value.does
        for function, found in self.does.items():
            bound = scope.get(function)
            if bound is None or isinstance(bound, Factory) and bound.does is None:
                does[function] = found._replace(function=f"{name}.{function}",
                                                where=f"{where}:{self.lines[function]}" if where else "")
        return Exports(name, bindings, self.public, does)

    # -- statements ----------------------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        """``import tensorflow.compat.v1 as tf`` and friends; with a resolver, ``import app.compat as compat``
        (a project module) binds the module."""
        self.bind_imports(node)
        self.on_import(node)

    def bind_imports(self, node: ast.Import) -> None:
        for alias in node.names:
            if self.resolver is not None and alias.name.split(".", 1)[0] not in TF_ROOTS and (
                    alias.asname or "." not in alias.name):
                exports = self.resolver(alias.name, 0)
                if exports is not None:
                    self.bind(alias.asname or alias.name, ProjectModule(exports) if exports else None)
                    self.imports_tf = self.imports_tf or bool(exports)
                    continue
            if alias.asname:
                self.bind_import(alias.asname, alias.name)
            else:
                root = alias.name.split(".", 1)[0]
                self.bind_import(root, root)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """``from tensorflow.compat import v1``, ``from tensorflow.compat.v1 import placeholder as ph``; with a
        resolver, ``from ..compat import tfv1 as tf`` binds what the project module exports."""
        if self.bind_from(node):
            self.on_import(node)

    def bind_from(self, node: ast.ImportFrom) -> bool:
        """Bind the names of a ``from`` import; False where they came from a project module."""
        module = node.module
        if self.resolver is not None and (node.level or not module or module.split(".", 1)[0] not in TF_ROOTS):
            exports = self.resolver(module, node.level)
            if exports is not None:
                self.bind_exports(node, exports)
                return False
        if node.level or not node.module:
            for alias in node.names:
                self.bind(alias.asname or alias.name, None)
            return False
        for alias in node.names:
            self.bind_import(alias.asname or alias.name, f"{node.module}.{alias.name}")
        return True

    def bind_exports(self, node: ast.ImportFrom, exports: Exports) -> None:
        """Bind the names imported from a project module to what it exports (nothing for the rest)."""
        for alias in node.names:
            if alias.name == "*":
                names = {key[:-2] if key.endswith("()") else key for key in exports.star()}
                names.update(name for name in exports.does if exports.takes(name))
                for name in sorted(names):
                    self.bind_export(name, exports.bindings.get(name), exports.bindings.get(name + "()"), exports.name,
                                     exports.does.get(name))
                continue
            local = alias.asname or alias.name
            found, returns = exports.bindings.get(alias.name), exports.bindings.get(alias.name + "()")
            does = exports.does.get(alias.name)
            if found is None and returns is None and does is None and self.resolver is not None:
                # ``from . import compat``: a submodule
                submodule = self.resolver(f"{node.module}.{alias.name}" if node.module else alias.name, node.level)
                if submodule:
                    self.bind(local, ProjectModule(submodule))
                    self.imports_tf = True
                    continue
            self.bind_export(local, found, returns, exports.name, does)

    def bind_export(self, local: str, value: Optional[str], returns: Optional[str], origin: str,
                    does: Optional[Does] = None) -> None:
        if value is not None:
            self.bind(local, Through(value, f"`{local}` is `{value}` through `{origin}`"))
        elif returns is not None or does is not None:
            through = Through(returns, f"`{local}()` is `{returns}` through `{origin}`") if returns else None
            self.bind(local, Factory(through, does))
        else:
            self.bind(local, None)
            return
        self.imports_tf = True

    def visit_Assign(self, node: ast.Assign) -> None:
        self.push(node.value, *node.targets, partial(self.assign, node.targets, node.value))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        value = node.value
        self.push(node.annotation, value, node.target,
                  partial(self.assign, [node.target], value) if value is not None else None)

    def assign(self, targets: list[ast.expr], value: ast.expr) -> None:
        qualified = self.value_of(value)
        for target in targets:
            self.bind_target(target, qualified)
            if isinstance(target, ast.Name) and target.id == "__all__" and self.scopes[-1] is self.module_scope:
                self.public = _literal_names(value)
        self.on_assign(targets, value, qualified if isinstance(qualified, str) else None)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name) and target.id == "__all__" and self.scopes[-1] is self.module_scope:
            added = _literal_names(node.value)
            self.public = None if self.public is None or added is None else self.public | added
        self.push(node.value, target)

    def visit_For(self, node: Union[ast.For, ast.AsyncFor]) -> None:
        element = self.element_of(node.iter) if self.imports_tf else None
        self.push(node.iter, lambda: self.bind_target(node.target, element), *node.body, *node.orelse)

    def visit_With(self, node: Union[ast.With, ast.AsyncWith]) -> None:
        items: list[Union[ast.AST, Action]] = []
        for item in node.items:
            items.append(item.context_expr)
            if item.optional_vars is not None:
                items.append(item.optional_vars)
                items.append(partial(self._bind_with_item, item.optional_vars, item.context_expr))
        self.push(*items, *node.body)

    def _bind_with_item(self, target: ast.expr, context: ast.expr) -> None:
        self.bind_target(target, self.value_of(context))

    def visit_FunctionDef(self, node: Function) -> None:
        args = node.args
        self.push(*getattr(node, "decorator_list", ()), *args.defaults, *[d for d in args.kw_defaults if d],
                  getattr(node, "returns", None),
                  *[a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.annotation])
        scope = self.scopes[-1]
        if not isinstance(node, ast.Lambda):
            returned = self.returns(node) if not isinstance(scope, ClassScope) else None
            self.bind(node.name, Factory(returned) if returned is not None else None)
            if scope is self.module_scope:
                self.functions[id(node)] = node
                self.lines[node.name] = node.lineno
                self.does.pop(node.name, None)
        owner = scope.info if isinstance(scope, ClassScope) and not _is_static(node) else None
        chain = [scope for scope in self.scopes if not isinstance(scope, ClassScope)]
        self.deferred.append((node, chain, owner))

    def returns(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> Optional[str]:
        """What calling a function gives, when a ``return`` in it resolves to TensorFlow: its statements in
        order, nested blocks included, local assignments and the imports they use followed."""
        used: Optional[set[str]] = None  # what returns and assignments start from, found at the first import
        self.scopes.append({})
        try:
            for name in _parameters(node.args):
                self.bind(name, None)
            todo: list[ast.stmt] = node.body[::-1]  # the next statement last
            while todo:
                statement = todo.pop()
                if isinstance(statement, ast.Assign):
                    value = self.resolve(statement.value)
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            self.bind(target.id, value)
                elif isinstance(statement, ast.Expr):
                    continue
                elif isinstance(statement, ast.Return):
                    found = self.resolve(statement.value) if statement.value is not None else None
                    if found is not None:
                        return str(found)
                elif isinstance(statement, ast.AnnAssign):
                    if statement.value is not None and isinstance(statement.target, ast.Name):
                        self.bind(statement.target.id, self.resolve(statement.value))
                elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                    if used is None:
                        used = {_root(s.value) for s in _statements(node.body)
                                if isinstance(s, (ast.Return, ast.Assign, ast.AnnAssign)) and s.value is not None}
                    if any((alias.asname or alias.name).split(".", 1)[0] in used for alias in statement.names):
                        imports_tf = self.imports_tf  # a function's import does not make the module use TensorFlow
                        if isinstance(statement, ast.Import):
                            self.bind_imports(statement)
                        else:
                            self.bind_from(statement)
                        self.imports_tf = imports_tf
                elif isinstance(statement, (ast.If, ast.For, ast.While, ast.With, ast.AsyncWith, ast.Try)):
                    todo.extend(reversed([*statement.body, *getattr(statement, "orelse", ()),
                                          *(s for h in getattr(statement, "handlers", ()) for s in h.body),
                                          *getattr(statement, "finalbody", ())]))
            return None
        finally:
            self.scopes.pop()

    def enter_function(self, node: Function, owner: Optional[ClassInfo]) -> None:
        args = node.args
        params = [*args.posonlyargs, *args.args]
        if owner is not None and params:
            self.scopes[-1][params[0].arg] = owner
            self.tf_names.add(params[0].arg)
            params = params[1:]
        for arg in (*params, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                self.bind(arg.arg, None)
        if isinstance(node.body, list):
            self.walk(*node.body)
        else:
            self.walk(node.body)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.push(*node.decorator_list, *node.bases, *node.keywords)
        self.bind(node.name, None)
        self.push(lambda: self.scopes.append(ClassScope()), *node.body, self.scopes.pop)

    def visit_If(self, node: ast.If) -> None:
        self.push(node.test, *self.alternatives([node.body, node.orelse]))

    def visit_Try(self, node: ast.Try) -> None:
        arms: list[list[Union[ast.AST, Action, None]]] = [[*node.body, *node.orelse]]
        for handler in node.handlers:
            arm: list[Union[ast.AST, Action, None]] = [handler.type]
            if handler.name:
                arm.append(partial(self.bind, handler.name, None))
            fallback = _catches_import_error(handler.type)
            arm.append(self._enter_fallback if fallback else None)
            arm.extend(handler.body)
            arm.append(self._leave_fallback if fallback else None)
            arms.append(arm)
        self.push(*self.alternatives(arms, handlers_after_body=True), *node.finalbody)

    def _enter_fallback(self) -> None:
        self.import_fallback += 1

    def _leave_fallback(self) -> None:
        self.import_fallback -= 1

    def alternatives(self, arms: list[list[Any]],
                     handlers_after_body: bool = False) -> list[Union[ast.AST, Action, None]]:
        """The items of ``arms`` walked as alternatives: each arm from the bindings before them (handlers: from
        those after the body). Afterwards a name that every arm assigning it binds to TensorFlow keeps the
        binding of the first such arm; one that an arm binds to something else is unbound."""
        before: list[Scope] = []
        results: list[tuple[Scope, set[str]]] = []
        scope = self.scopes[-1]

        def start() -> None:
            before.append(dict(scope))
            self.arms.append((scope, set()))

        def end_arm() -> None:
            assigned = self.arms[-1][1]
            results.append((dict(scope), set(assigned)))
            if handlers_after_body and len(results) == 1:
                return  # the handlers start from the body's bindings, and may rebind what it assigned
            assigned.clear()
            scope.clear()
            scope.update(results[0][0] if handlers_after_body else before[0])

        def merge() -> None:
            self.arms.pop()
            merged = _merged(before[0], results)
            scope.clear()
            scope.update(merged)
            if self.arms and self.arms[-1][0] is scope:  # nested in an arm: what these arms assigned, it did
                self.arms[-1][1].update(name for _, names in results for name in names)

        items: list[Union[ast.AST, Action, None]] = [start]
        for arm in arms:
            items.extend(arm)
            items.append(end_arm)
        items.append(merge)
        return items

    def visit_comprehension_scope(self, node: Union[ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp]) -> None:
        generators = node.generators
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        items: list[Union[ast.AST, Action]] = [generators[0].iter, lambda: self.scopes.append({})]
        for index, generator in enumerate(generators):
            if index:
                items.append(generator.iter)
            items.append(partial(self.bind_target, generator.target, None))
            items.extend(generator.ifs)
        items.extend(elements)
        items.append(self.scopes.pop)
        self.push(*items)

    # -- expressions ---------------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        if self.noting():
            func = node.func
            self.note_call(func, self.callee_does(func), *self.resolve_parts(func))
        self.push_call(node)

    def push_call(self, node: ast.Call) -> None:
        """Schedule the parts of a call to visit: its callee chain's base, arguments and keyword values."""
        stack = self._stack
        if node.keywords:
            stack.extend([k.value for k in reversed(node.keywords)])
        stack.extend(reversed(node.args))
        base = _chain_base(node.func)
        if base is not None:
            stack.append(base)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.ctx.__class__ is ast.Load:
            base = _chain_base(node)
            if base is not None:
                self._stack.append(base)
        else:  # ``tf.GraphKeys.INPUTS = 'inputs'``: the object written to is read, visit it as such
            self._stack.append(node.value)


def _merged(before: Scope, arms: list[tuple[Scope, set[str]]]) -> Scope:
    """The scope after alternative arms (see :meth:`Binder.alternatives`)."""
    merged = dict(before)
    for name in dict.fromkeys(name for _, assigned in arms for name in assigned):
        values = [scope.get(name) for scope, assigned in arms if name in assigned]
        if all(value is not None for value in values):
            merged[name] = values[0]
        elif name in merged or any(name in scope for scope, _ in arms):
            merged[name] = None  # bound to something else on some path
    return merged


def module_exports(tree: ast.Module, name: str, resolver: Optional[Resolver] = None, where: str = "") -> Exports:
    """What a module exports, read from its statements (function bodies for what the functions do)."""
    binder = Binder(tree, resolver)
    binder.walk(tree)
    binder.walk_functions(exports_only=True)
    return binder.exports(name, where)


def _module_attribute(name: str, exports: Exports, parts: list[str]) -> Optional[Through]:
    """What ``module.attr`` (or ``module.factory()``) is, for a project module bound to ``name``; the parts it
    takes are popped from ``parts`` (innermost last)."""
    if not parts or parts[-1] == "()":
        return None
    attr = parts.pop()[1:]
    value = exports.bindings.get(attr)
    if value is not None:
        return Through(value, f"`{name}.{attr}` is `{value}` through `{exports.name}`")
    returns = exports.bindings.get(attr + "()")
    if returns is None or not parts or parts[-1] != "()":
        return None
    parts.pop()
    return Through(returns, f"`{name}.{attr}()` is `{returns}` through `{exports.name}`")


def _chain_base(node: ast.AST) -> Optional[ast.AST]:
    """The part of an attribute chain that is not a plain name and needs its own visit, or None."""
    while node.__class__ is ast.Attribute:
        node = node.value
    return None if node.__class__ is ast.Name else node


#: Exceptions whose handlers hold fallback imports (``except ImportError: import tensorflow as tf``).
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "AttributeError"}


def _catches_import_error(node: Optional[ast.AST]) -> bool:
    if node is None:
        return True
    names = node.elts if isinstance(node, ast.Tuple) else [node]
    return any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names)


def _is_static(node: ast.AST) -> bool:
    return any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
               for d in getattr(node, "decorator_list", ()))


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a function body, nested blocks included, nested functions and classes not."""
    found = []
    todo = list(body)
    while todo:
        statement = todo.pop()
        found.append(statement)
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in ("body", "orelse", "finalbody"):
                todo.extend(getattr(statement, field, ()))
            for handler in getattr(statement, "handlers", ()):
                todo.extend(handler.body)
    return found


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


_HANDLERS: dict[type, Callable[[Any, Any], None]] = {
    ast.Import: Binder.visit_Import,
    ast.ImportFrom: Binder.visit_ImportFrom,
    ast.Assign: Binder.visit_Assign,
    ast.AnnAssign: Binder.visit_AnnAssign,
    ast.AugAssign: Binder.visit_AugAssign,
    ast.For: Binder.visit_For,
    ast.AsyncFor: Binder.visit_For,
    ast.With: Binder.visit_With,
    ast.AsyncWith: Binder.visit_With,
    ast.FunctionDef: Binder.visit_FunctionDef,
    ast.AsyncFunctionDef: Binder.visit_FunctionDef,
    ast.Lambda: Binder.visit_FunctionDef,
    ast.ClassDef: Binder.visit_ClassDef,
    ast.If: Binder.visit_If,
    ast.Try: Binder.visit_Try,
    ast.ListComp: Binder.visit_comprehension_scope,
    ast.SetComp: Binder.visit_comprehension_scope,
    ast.GeneratorExp: Binder.visit_comprehension_scope,
    ast.DictComp: Binder.visit_comprehension_scope,
    ast.Call: Binder.visit_Call,
    ast.Attribute: Binder.visit_Attribute,
}
if hasattr(ast, "TryStar"):
    _HANDLERS[ast.TryStar] = Binder.visit_Try

#: What the walk calls instead of visiting: the actions handlers schedule (lambdas, bound methods, partials).
_ACTION_TYPES = frozenset({types.FunctionType, types.MethodType, types.BuiltinMethodType, partial})
