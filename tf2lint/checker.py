"""The engine: one iterative walk over a module's AST that tracks TensorFlow bindings per scope and
dispatches references, calls and attributes to the rule families."""
from __future__ import annotations

import ast
import types
from typing import Callable, Optional, Union

from tf2lint.checks import calls, imports, references
from tf2lint.diagnostic import HIGH, Diagnostic
from tf2lint.rules import RULES

TF_ROOTS = ("tensorflow", "tensorflow_estimator")

#: Exceptions whose handlers hold fallback imports (``except ImportError: import tensorflow as tf``).
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "AttributeError"}

#: Fields that never hold a node with something to visit: names, flags, and the operator nodes (``op``).
_SCALAR_FIELDS = {
    "ctx", "id", "attr", "name", "names", "module", "level", "arg", "kind", "type_comment", "is_async",
    "conversion", "simple", "n", "s", "type_ignores", "tag", "op", "ops", "asname", "kwd_attrs", "rest",
}
#: Node class -> its child fields, last first (the order the walk pushes them).
_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}


def _fields(cls: type) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(reversed([f for f in cls._fields if f not in _SCALAR_FIELDS]))
    return fields


class ClassInfo:
    """What a class's methods bound to ``self.<attr>`` (``self.sess = tf.Session()``)."""

    __slots__ = ("attrs",)

    def __init__(self) -> None:
        self.attrs: dict[str, str] = {}


Binding = Union[str, ClassInfo, None]
Scope = dict  # name -> Binding
Action = Callable[[], None]


class FileChecker:
    """Lints one module tree. Use :func:`check_tree`; the instance is dropped with the tree."""

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self.scopes: list[Scope] = [{}]
        self.tf_names: set[str] = set()  # names bound to TensorFlow (or ``self``) anywhere: a fast filter
        self.imports_tf = False
        self.graph_mode = False  # set by sessions, placeholders and disable_v2_behavior
        self.graph_candidates: list[ast.AST] = []  # Graph().as_default() calls, reported if graph_mode
        self.update_op_names: set[str] = set()  # names bound to get_collection(UPDATE_OPS)
        self.claimed: set[int] = set()  # ids of nodes a contextual check already reported
        self.import_fallback = 0  # depth of ``except ImportError:`` handlers
        self.found: dict[tuple[int, int], Diagnostic] = {}
        self.deferred: list[tuple[ast.AST, list[Scope], Optional[ClassInfo]]] = []
        self._stack: list[Union[ast.AST, Action]] = []

    # -- results -------------------------------------------------------------------------------------

    def emit(self, code: str, node: ast.AST, *, name: str = "", new: str = "", advice: str = "",
             func: str = "", confidence: str = HIGH, start: Optional[tuple[int, int]] = None) -> None:
        """Record a finding at ``node`` (or at ``start``, ending where ``node`` ends)."""
        line, col = start or (node.lineno, node.col_offset)
        previous = self.found.get((line, col))
        rule = RULES[code]
        if previous is not None and not (previous.rule.family == 1 and rule.family != 1):
            return  # one finding per location: the first, unless a specific family replaces TF1xx
        shown_new = f"tf.{new}" if new else ""
        self.found[(line, col)] = Diagnostic(
            code, line, col, getattr(node, "end_lineno", None) or line, getattr(node, "end_col_offset", None) or col,
            rule.message.format(name=name, new=shown_new, func=func),
            rule.suggestion.format(new=shown_new, advice=advice, op=name.rsplit(".", 1)[-1]),
            confidence,
        )

    def results(self) -> list[Diagnostic]:
        return sorted(self.found.values(), key=lambda d: (d.line, d.col, d.code))

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
        self.imports_tf = True
        self.bind(name, qualified)

    def bind_target(self, target: ast.AST, value: Optional[str]) -> None:
        cls = target.__class__
        if cls is ast.Name:
            self.bind(target.id, value)
        elif cls is ast.Attribute and target.value.__class__ is ast.Name and value is not None:
            owner = self.lookup(target.value.id) if target.value.id in self.tf_names else None
            if isinstance(owner, ClassInfo):
                owner.attrs[target.attr] = value
        elif cls in (ast.Tuple, ast.List):
            for element in target.elts:
                self.bind_target(element, None)
        elif cls is ast.Starred:
            self.bind_target(target.value, None)

    def resolve(self, node: ast.AST) -> Optional[str]:
        """The TensorFlow qualified name of a Name/Attribute/Call chain, calls marked ``()``.

        ``tf.Session().run`` under ``import tensorflow.compat.v1 as tf`` is
        ``tensorflow.compat.v1.Session().run``; anything not rooted in TensorFlow is None.
        """
        base, suffix = self.resolve_parts(node)
        return None if base is None else base + suffix

    def resolve_parts(self, node: ast.AST) -> tuple[Optional[str], str]:
        """(binding of the chain's root name, the rest of the chain)."""
        root = node
        while True:  # most chains are not rooted in TensorFlow: find the root before building strings
            cls = root.__class__
            if cls is ast.Attribute:
                root = root.value
            elif cls is ast.Call:
                root = root.func
            elif cls is ast.Name:
                break
            else:
                return None, ""
        if root.id not in self.tf_names:
            return None, ""
        parts: list[str] = []
        while node is not root:
            if node.__class__ is ast.Attribute:
                parts.append("." + node.attr)
                node = node.value
            else:
                parts.append("()")
                node = node.func
        base = self.lookup(node.id)
        if isinstance(base, ClassInfo):
            if not parts or parts[-1] == "()":
                return None, ""
            base = base.attrs.get(parts.pop()[1:])
        if base is None:
            return None, ""
        parts.reverse()
        return base, "".join(parts)

    # -- the walk ------------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        self.walk(self.tree)
        for node, scopes, owner in self.deferred:  # bodies may defer more: the list grows while we go
            self.scopes = scopes + [{}]
            self.enter_function(node, owner)
        if self.graph_mode:
            for call in self.graph_candidates:
                self.emit("TF506", call, name="tf.Graph().as_default")
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
        imports.check_import(self, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        imports.check_import_from(self, node)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.push(node.value, *node.targets, lambda: self.assign(node.targets, node.value))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.push(node.annotation, node.value, node.target,
                  (lambda: self.assign([node.target], node.value)) if node.value is not None else None)

    def assign(self, targets: list[ast.AST], value: ast.AST) -> None:
        qualified = self.resolve(value)
        updates = qualified is not None and calls.is_update_ops(self, value)
        for target in targets:
            self.bind_target(target, qualified)
            if target.__class__ is ast.Name:
                if updates:
                    self.update_op_names.add(target.id)
                else:
                    self.update_op_names.discard(target.id)

    def visit_For(self, node: Union[ast.For, ast.AsyncFor]) -> None:
        element = calls.DIMENSION if self.imports_tf and calls.is_shape(node.iter) else None
        self.push(node.iter, lambda: self.bind_target(node.target, element), *node.body, *node.orelse)

    def visit_With(self, node: Union[ast.With, ast.AsyncWith]) -> None:
        items: list[Union[ast.AST, Action]] = []
        for item in node.items:
            items.append(item.context_expr)
            if item.optional_vars is not None:
                items.append(item.optional_vars)
                items.append(lambda item=item: self.bind_target(item.optional_vars,
                                                                self.resolve(item.context_expr)))
        self.push(*items, *node.body)

    def visit_FunctionDef(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]) -> None:
        args = node.args
        self.push(*getattr(node, "decorator_list", ()), *args.defaults, *[d for d in args.kw_defaults if d],
                  getattr(node, "returns", None),
                  *[a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.annotation])
        if node.__class__ is not ast.Lambda:
            self.bind(node.name, None)
        owner = self.scopes[-1].get("\0class") if self._in_class() else None
        if owner is not None and self._is_static(node):
            owner = None
        chain = [scope for scope in self.scopes if "\0class" not in scope]
        self.deferred.append((node, chain, owner))

    def _in_class(self) -> bool:
        return "\0class" in self.scopes[-1]

    @staticmethod
    def _is_static(node: ast.AST) -> bool:
        return any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
                   for d in getattr(node, "decorator_list", ()))

    def enter_function(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda],
                       owner: Optional[ClassInfo]) -> None:
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
        self.push(lambda: self.scopes.append({"\0class": ClassInfo()}), *node.body, self.scopes.pop)

    def visit_Try(self, node: ast.Try) -> None:
        items: list[Union[ast.AST, Action, None]] = list(node.body)
        for handler in node.handlers:
            fallback = _catches_import_error(handler.type)
            items.append(handler.type)
            if handler.name:
                items.append(lambda name=handler.name: self.bind(name, None))
            items.append(self._enter_fallback if fallback else None)
            items.extend(handler.body)
            items.append(self._leave_fallback if fallback else None)
        self.push(*items, *node.orelse, *node.finalbody)

    def _enter_fallback(self) -> None:
        self.import_fallback += 1

    def _leave_fallback(self) -> None:
        self.import_fallback -= 1

    def visit_comprehension_scope(self, node: ast.AST) -> None:
        generators = node.generators
        elements = [node.key, node.value] if node.__class__ is ast.DictComp else [node.elt]
        items: list[Union[ast.AST, Action]] = [generators[0].iter, lambda: self.scopes.append({})]
        for index, generator in enumerate(generators):
            if index:
                items.append(generator.iter)
            items.append(lambda g=generator: self.bind_target(g.target, None))
            items.extend(generator.ifs)
        items.extend(elements)
        items.append(self.scopes.pop)
        self.push(*items)

    # -- expressions ---------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        try:
            calls.check_call(self, node)
        except RecursionError:
            pass  # a contextual check recursed into an absurdly deep argument: skip it, lint the rest
        stack = self._stack
        stack.extend([k.value for k in reversed(node.keywords)])
        stack.extend(node.args[::-1])
        stack.extend(_chain_base(node.func))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.ctx.__class__ is ast.Load:
            base, suffix = self.resolve_parts(node)
            if base is not None and "()" not in suffix and "()" not in base:
                references.check_reference(self, node, base, base + suffix)
            calls.check_attribute_chain(self, node)
            self.push(*_chain_base(node))
        else:  # ``tf.GraphKeys.INPUTS = 'inputs'``: the object written to is read, visit it as such
            self._stack.append(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.tf_names and node.ctx.__class__ is ast.Load:
            base = self.lookup(node.id)
            if isinstance(base, str) and "()" not in base:
                references.check_reference(self, node, base, base)


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


_HANDLERS: dict[type, Callable[[FileChecker, ast.AST], None]] = {
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
}
#: What the walk calls instead of visiting: the actions handlers schedule (lambdas, bound methods).
_ACTION_TYPES = frozenset({types.FunctionType, types.MethodType, types.BuiltinMethodType})
if hasattr(ast, "TryStar"):
    _HANDLERS[ast.TryStar] = FileChecker.visit_Try


def check_tree(tree: ast.AST) -> list[Diagnostic]:
    """All findings for a parsed module, one per location, sorted by position."""
    return FileChecker(tree).run()
