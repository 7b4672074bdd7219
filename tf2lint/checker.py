"""The engine's walk: one iterative pass over a module's AST that tracks TensorFlow bindings per scope, resolves
names, and hands references, calls, attributes and the other hooks of :mod:`tf2lint.hooks` to the checks the
rule families registered. It names no rule and keeps no rule's state (families keep theirs in :meth:`state`)."""
from __future__ import annotations

import ast
import types
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, TypeVar, Union

from tf2lint import tfapi
from tf2lint.context import Context
from tf2lint.diagnostic import HIGH, Diagnostic
from tf2lint.hooks import Hooks, Marker, Start

if TYPE_CHECKING:
    from tf2lint.project import Exports
    from tf2lint.rules.model import Rule

S = TypeVar("S")

#: Import roots whose names the walk binds: TensorFlow, and standalone Keras for its TF1-backend idioms.
TF_ROOTS = ("tensorflow", "tensorflow_estimator", "keras")

#: Exceptions whose handlers hold fallback imports (``except ImportError: import tensorflow as tf``).
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "AttributeError"}

#: Fields that never hold a node with something to visit: names, flags, and the operator nodes (``op``).
_SCALAR_FIELDS = {
    "ctx", "id", "attr", "name", "names", "module", "level", "arg", "kind", "type_comment", "is_async",
    "conversion", "simple", "n", "s", "type_ignores", "tag", "op", "ops", "asname", "kwd_attrs", "rest",
}
#: Node class -> its child fields, last first (the order the walk pushes them).
_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}


def _fields(cls: type[ast.AST]) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(reversed([f for f in cls._fields if f not in _SCALAR_FIELDS]))
    return fields


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
    """A project function whose call gives a TensorFlow object (``get_session()`` -> ``...Session()``)."""

    __slots__ = ("returns",)

    def __init__(self, returns: Through) -> None:
        self.returns = returns


class ProjectModule:
    """A project module bound to a name (``import app.compat as compat``, ``from . import compat``): its
    attributes are what it exports."""

    __slots__ = ("exports",)

    def __init__(self, exports: Exports) -> None:
        self.exports = exports


#: The engine's view of the project index: the exports of the project module an import names, or None.
Resolver = Callable[[Optional[str], int], Optional["Exports"]]

Binding = Union[str, ClassInfo, Marker, Factory, ProjectModule, None]
Scope = dict[str, Binding]


class ClassScope(Scope):
    """The scope of a class body; its methods do not see it, but see ``self`` as :attr:`info`."""

    __slots__ = ("info",)

    def __init__(self) -> None:
        super().__init__()
        self.info = ClassInfo()


Action = Callable[[], object]


class FileChecker:
    """Lints one module tree (:func:`tf2lint.engine.check` runs it); the instance is dropped with the tree."""

    def __init__(self, tree: ast.AST, rules: Mapping[str, Rule], hooks: Hooks, context: Context,
                 resolver: Optional[Resolver] = None) -> None:
        self.tree = tree
        self.resolver = resolver  # the project's modules, or None: imports of them bind nothing
        self.context = context
        self.rules = rules
        self.hooks = hooks
        self.scopes: list[Scope] = [{}]
        self.tf_names: set[str] = set()  # names bound to TensorFlow (or ``self``) anywhere: a fast filter
        self.imports_tf = False
        self.claimed: set[int] = set()  # ids of nodes a contextual check already reported
        self.import_fallback = 0  # depth of ``except ImportError:`` handlers
        self.found: dict[tuple[int, int], Diagnostic] = {}
        self.conditional: dict[tuple[int, int], Diagnostic] = {}  # findings that hold if the file is TF1 code
        self.states: dict[type, Any] = {}  # the families' per-file state, by its class
        self.deferred: list[tuple[Function, list[Scope], Optional[ClassInfo]]] = []
        self._stack: list[Any] = []  # nodes, actions, None and the odd scalar field value

    # -- results -------------------------------------------------------------------------------------

    def emit(self, code: str, node: ast.AST, *, name: str = "", new: str = "", advice: str = "",
             func: str = "", confidence: str = HIGH, start: Start = None, severity: str = "",
             conditional: bool = False) -> None:
        """Record a finding at ``node`` (or at ``start``, ending where ``node`` ends); ``severity`` overrides the
        rule's where what TF 2.21 does depends on how the code is written. A ``conditional`` finding holds only
        if the file's importers make it TF1 code (:meth:`tf2lint.context.Context.open`): it is kept apart."""
        line, col = start or (getattr(node, "lineno"), getattr(node, "col_offset"))
        rule = self.rules[code]
        if not self.replaces(code, self.found.get((line, col))):
            return  # one finding per location: the first, unless a specific family replaces TF1xx
        if conditional and not self.replaces(code, self.conditional.get((line, col))):
            return
        shown_new = f"tf.{new}" if new else ""
        suggestion = rule.suggestion.format(new=shown_new, advice=advice, op=name.rsplit(".", 1)[-1])
        note = self.through(node) if self.resolver is not None else ""
        if note:
            suggestion = f"{suggestion} ({note})" if suggestion else note
        (self.conditional if conditional else self.found)[(line, col)] = Diagnostic(
            code, line, col, getattr(node, "end_lineno", None) or line, getattr(node, "end_col_offset", None) or col,
            rule.message.format(name=name, new=shown_new, func=func), suggestion, confidence, severity or rule.severity,
        )

    def replaces(self, code: str, previous: Optional[Diagnostic]) -> bool:
        """Whether a ``code`` finding takes a location ``previous`` holds: a free one, or TF1xx's for a specific
        family's."""
        return previous is None or (self.rules[previous.code].family == 1 and self.rules[code].family != 1)

    def through(self, node: ast.AST) -> str:
        """How the root name of the chain at ``node`` came from a project module, or ""."""
        chain = node  # the Name/Attribute/Call chain on the root name
        while True:
            cls = node.__class__
            if cls is ast.Subscript:
                node = chain = node.value  # type: ignore[attr-defined]
            elif cls is ast.Attribute:
                node = node.value  # type: ignore[attr-defined]
            elif cls is ast.Call:
                node = node.func  # type: ignore[attr-defined]
            else:
                break
        if not isinstance(node, ast.Name) or node.id not in self.tf_names:
            return ""
        binding = self.lookup(node.id)
        if isinstance(binding, Factory):
            binding = binding.returns
        elif isinstance(binding, ProjectModule):
            binding = self.resolve_parts(chain)[0]
        return binding.note if isinstance(binding, Through) else ""

    def results(self) -> list[Diagnostic]:
        return sorted(self.found.values(), key=lambda d: (d.line, d.col, d.code))

    def conditional_results(self) -> list[Diagnostic]:
        """The conditional findings at locations no finding holds (or TF1xx's, which they replace)."""
        found = self.found
        return sorted((d for at, d in self.conditional.items() if self.replaces(d.code, found.get(at))),
                      key=lambda d: (d.line, d.col, d.code))

    def state(self, cls: type[S]) -> S:
        """This file's instance of a family's state class, made on first use."""
        state = self.states.get(cls)
        if state is None:
            state = self.states[cls] = cls()
        return state

    # -- references ----------------------------------------------------------------------------------

    def reference(self, node: ast.AST, base: str, qualified: str, start: Start = None) -> None:
        """Hand a Name/Attribute chain (or imported name) resolving to ``qualified`` to its namespace's hooks."""
        if id(node) in self.claimed:
            return
        namespace, parts = tfapi.split(qualified)
        if namespace is not None:
            for hook in self.hooks.references.get(namespace, ()):
                hook(self, node, base, qualified, namespace, parts, start)

    # -- bindings ------------------------------------------------------------------------------------

    def lookup(self, name: str) -> Binding:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def bind(self, name: str, value: Binding) -> None:
        """Bind ``name`` in the current scope; non-TensorFlow values only matter to shadow."""
        if value is not None:
            self.scopes[-1][name] = value
            self.tf_names.add(name)
        elif name in self.tf_names:
            self.scopes[-1][name] = None

    def bind_import(self, name: str, qualified: str) -> None:
        if qualified.split(".", 1)[0] not in TF_ROOTS:
            self.bind(name, None)
            return
        if self.import_fallback and isinstance(self.scopes[-1].get(name), str):
            return  # ``try: import tensorflow.compat.v1 as tf / except ImportError: import tensorflow as tf``
        self.imports_tf = self.context.imports_tf = True
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
            if not parts or parts[-1] != "()":
                return None, ""  # the function itself, not what it returns
            parts.pop()
            base = base.returns
        elif isinstance(base, ProjectModule):
            base = _module_attribute(name, base.exports, parts)
        if not isinstance(base, str):
            return None, ""  # unbound, shadowed, or a marker: not a TensorFlow name
        parts.reverse()
        return base, "".join(parts)

    # -- the walk ------------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        self.walk(self.tree)
        for node, scopes, owner in self.deferred:  # bodies may defer more: the list grows while we go
            self.scopes = scopes + [{}]
            self.enter_function(node, owner)
        for hook in self.hooks.ends:
            hook(self)
        return self.results()

    def walk(self, root: ast.AST) -> None:
        """Visit ``root``'s subtree in source order, without recursion.

        The stack holds nodes, actions (callables a handler scheduled) and, harmlessly, ``None`` and the
        odd non-node field value (``MatchSingleton.value``): list fields are pushed whole.
        """
        stack = self._stack
        base = len(stack)
        stack.append(root)
        pop, append, extend = stack.pop, stack.append, stack.extend
        handlers, fields_of, actions = _HANDLERS, _FIELDS, _ACTION_TYPES
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

    def push(self, *items: Union[ast.AST, Action, None]) -> None:
        """Schedule items to run in the given order (the stack pops the last pushed first); the walk skips None."""
        self._stack.extend(reversed(items))

    # -- statements ----------------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        """``import tensorflow.compat.v1 as tf`` and friends; with a resolver, ``import app.compat as compat``
        (a project module) binds the module."""
        if self.resolver is not None:
            for alias in node.names:
                if alias.name.split(".", 1)[0] not in TF_ROOTS and (alias.asname or "." not in alias.name):
                    exports = self.resolver(alias.name, 0)
                    if exports is not None:
                        self.bind(alias.asname or alias.name, ProjectModule(exports) if exports.bindings else None)
                        self.imports_tf = self.imports_tf or bool(exports.bindings)
                        continue
                self.import_alias(alias)
        else:
            for alias in node.names:
                self.import_alias(alias)
        for hook in self.hooks.imports:
            hook(self, node)

    def import_alias(self, alias: ast.alias) -> None:
        if alias.asname:
            self.bind_import(alias.asname, alias.name)
        else:
            root = alias.name.split(".", 1)[0]
            self.bind_import(root, root)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """``from tensorflow.compat import v1``, ``from tensorflow.compat.v1 import placeholder as ph``; with a
        resolver, ``from ..compat import tfv1 as tf`` binds what the project module exports."""
        module = node.module
        if self.resolver is not None and (node.level or not module or module.split(".", 1)[0] not in TF_ROOTS):
            exports = self.resolver(module, node.level)
            if exports is not None:
                self.bind_exports(node, exports)
                return
        if node.level or not node.module:
            for alias in node.names:
                self.bind(alias.asname or alias.name, None)
            return
        for alias in node.names:
            self.bind_import(alias.asname or alias.name, f"{node.module}.{alias.name}")
        for hook in self.hooks.imports:
            hook(self, node)

    def bind_exports(self, node: ast.ImportFrom, exports: Exports) -> None:
        """Bind the names imported from a project module to what it exports (nothing for the rest)."""
        for alias in node.names:
            if alias.name == "*":
                for key in exports.star():
                    name = key[:-2] if key.endswith("()") else key
                    self.bind_export(name, exports.bindings.get(name), exports.bindings.get(name + "()"), exports.name)
                continue
            local = alias.asname or alias.name
            found, returns = exports.bindings.get(alias.name), exports.bindings.get(alias.name + "()")
            if found is None and returns is None and self.resolver is not None:  # ``from . import compat``
                submodule = self.resolver(f"{node.module}.{alias.name}" if node.module else alias.name, node.level)
                if submodule is not None and submodule.bindings:
                    self.bind(local, ProjectModule(submodule))
                    self.imports_tf = True
                    continue
            self.bind_export(local, found, returns, exports.name)

    def bind_export(self, local: str, value: Optional[str], returns: Optional[str], origin: str) -> None:
        if value is not None:
            self.bind(local, Through(value, f"`{local}` is `{value}` through `{origin}`"))
        elif returns is not None:
            self.bind(local, Factory(Through(returns, f"`{local}()` is `{returns}` through `{origin}`")))
        else:
            self.bind(local, None)
            return
        self.imports_tf = True

    def visit_Assign(self, node: ast.Assign) -> None:
        self.push(node.value, *node.targets, lambda: self.assign(node.targets, node.value))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        value = node.value
        self.push(node.annotation, value, node.target,
                  (lambda: self.assign([node.target], value)) if value is not None else None)

    def assign(self, targets: list[ast.expr], value: ast.expr) -> None:
        qualified = self.value_of(value)
        for target in targets:
            self.bind_target(target, qualified)
        resolved = qualified if isinstance(qualified, str) else None
        for hook in self.hooks.assignments:
            hook(self, targets, value, resolved)

    def visit_For(self, node: Union[ast.For, ast.AsyncFor]) -> None:
        element = None
        if self.imports_tf:
            for hook in self.hooks.iterations:
                element = hook(self, node.iter)
                if element is not None:
                    break
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
        if not isinstance(node, ast.Lambda):
            self.bind(node.name, None)
        scope = self.scopes[-1]
        owner = scope.info if isinstance(scope, ClassScope) and not self._is_static(node) else None
        chain = [scope for scope in self.scopes if not isinstance(scope, ClassScope)]
        self.deferred.append((node, chain, owner))

    @staticmethod
    def _is_static(node: ast.AST) -> bool:
        return any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
                   for d in getattr(node, "decorator_list", ()))

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
        body = node.body if isinstance(node.body, list) else [node.body]
        for statement in body:
            self.walk(statement)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.push(*node.decorator_list, *node.bases, *node.keywords)
        self.bind(node.name, None)
        self.push(lambda: self.scopes.append(ClassScope()), *node.body, self.scopes.pop)

    def visit_Try(self, node: ast.Try) -> None:
        items: list[Union[ast.AST, Action, None]] = list(node.body)
        for handler in node.handlers:
            fallback = _catches_import_error(handler.type)
            items.append(handler.type)
            if handler.name:
                items.append(partial(self.bind, handler.name, None))
            items.append(self._enter_fallback if fallback else None)
            items.extend(handler.body)
            items.append(self._leave_fallback if fallback else None)
        self.push(*items, *node.orelse, *node.finalbody)

    def _enter_fallback(self) -> None:
        self.import_fallback += 1

    def _leave_fallback(self) -> None:
        self.import_fallback -= 1

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

    # -- expressions ---------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        if self.imports_tf and id(node) not in self.claimed:
            self.check_call(node)
        stack = self._stack
        stack.extend([k.value for k in reversed(node.keywords)])
        stack.extend(node.args[::-1])
        stack.extend(_chain_base(node.func))

    def check_call(self, node: ast.Call) -> None:
        """The hooks of a call: by method name, by the callee's TensorFlow path, by keyword; then the callee
        itself as a reference."""
        hooks = self.hooks
        func = node.func
        if isinstance(func, ast.Attribute):
            for method in hooks.methods.get(func.attr, ()):
                method(self, node, func)
        base, suffix = self.resolve_parts(func)
        if base is None:
            return
        qualified = base + suffix
        pure = "()" not in qualified
        if pure:
            namespace, parts = tfapi.split(qualified)
            if (namespace == tfapi.V1 or namespace == tfapi.V2) and parts:
                found = tfapi.lookup(namespace, parts)
                path = found.path if found.kind != tfapi.UNKNOWN else ".".join(parts)
                name = tfapi.display(namespace, parts)
                for hook in hooks.calls.get(path, ()):
                    hook(self, node, namespace, path, name)
                for hook in hooks.every_call:
                    hook(self, node, namespace, path, name)
        keywords = hooks.keywords
        for keyword in node.keywords:
            for on_keyword in keywords.get(keyword.arg, ()):  # type: ignore[arg-type]  # None: not a key
                on_keyword(self, node, keyword)
        if pure:  # a plain Name/Attribute chain: the callee itself is a TensorFlow reference
            self.reference(func, base, qualified)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.ctx.__class__ is ast.Load:
            base, suffix = self.resolve_parts(node)
            if base is not None and "()" not in suffix and "()" not in base:
                self.reference(node, base, base + suffix)
            if self.imports_tf:
                attributes = self.hooks.attributes
                link: ast.expr = node
                while isinstance(link, ast.Attribute):  # ``x.shape[0].value``: every attribute of the chain
                    for hook in attributes.get(link.attr, ()):
                        hook(self, link)
                    link = link.value
            self.push(*_chain_base(node))
        else:  # ``tf.GraphKeys.INPUTS = 'inputs'``: the object written to is read, visit it as such
            self._stack.append(node.value)

    def visit_Compare(self, node: ast.Compare) -> None:
        if self.imports_tf:
            for hook in self.hooks.compares:
                hook(self, node)
        self.push(node.left, *node.comparators)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.tf_names and node.ctx.__class__ is ast.Load:
            base = self.lookup(node.id)
            if isinstance(base, str) and "()" not in base:
                self.reference(node, base, base)


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


def _chain_base(node: ast.AST) -> tuple[ast.AST, ...]:
    """The part of an attribute chain that is not a plain name and needs its own visit."""
    while node.__class__ is ast.Attribute:
        node = node.value
    return () if node.__class__ is ast.Name else (node,)


def _catches_import_error(node: Optional[ast.AST]) -> bool:
    if node is None:
        return True
    names = node.elts if isinstance(node, ast.Tuple) else [node]
    return any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names)


Function = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]

_HANDLERS: dict[type, Callable[[FileChecker, Any], None]] = {
    ast.Import: FileChecker.visit_Import,
    ast.ImportFrom: FileChecker.visit_ImportFrom,
    ast.Assign: FileChecker.visit_Assign,
    ast.AnnAssign: FileChecker.visit_AnnAssign,
    ast.For: FileChecker.visit_For,
    ast.AsyncFor: FileChecker.visit_For,
    ast.With: FileChecker.visit_With,
    ast.AsyncWith: FileChecker.visit_With,
    ast.FunctionDef: FileChecker.visit_FunctionDef,
    ast.AsyncFunctionDef: FileChecker.visit_FunctionDef,
    ast.Lambda: FileChecker.visit_FunctionDef,
    ast.ClassDef: FileChecker.visit_ClassDef,
    ast.Try: FileChecker.visit_Try,
    ast.ListComp: FileChecker.visit_comprehension_scope,
    ast.SetComp: FileChecker.visit_comprehension_scope,
    ast.GeneratorExp: FileChecker.visit_comprehension_scope,
    ast.DictComp: FileChecker.visit_comprehension_scope,
    ast.Call: FileChecker.visit_Call,
    ast.Attribute: FileChecker.visit_Attribute,
    ast.Name: FileChecker.visit_Name,
    ast.Compare: FileChecker.visit_Compare,
}
#: What the walk calls instead of visiting: the actions handlers schedule (lambdas, bound methods, partials).
_ACTION_TYPES = frozenset({types.FunctionType, types.MethodType, types.BuiltinMethodType, partial})
if hasattr(ast, "TryStar"):
    _HANDLERS[ast.TryStar] = FileChecker.visit_Try
