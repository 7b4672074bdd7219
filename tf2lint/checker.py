"""The engine's walk: the binding walk of :mod:`tf2lint.binding`, extended to hand references, calls,
attributes and the other hooks of :mod:`tf2lint.hooks` to the checks the rule families registered. It names no
rule and keeps no rule's state (families keep theirs in :meth:`FileChecker.state`)."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, TypeVar, Union

from tf2lint import tfapi
from tf2lint.binding import (
    TF_ROOTS, Binder, Binding, ClassInfo, ClassScope, Exports, Factory, ProjectModule, Resolver, Scope, Through,
    _chain_base, _HANDLERS as _BINDING_HANDLERS,
)
from tf2lint.context import Context
from tf2lint.diagnostic import HIGH, Diagnostic
from tf2lint.hooks import Hooks, Marker, Start

if TYPE_CHECKING:
    from tf2lint.rules.model import Rule

__all__ = ["TF_ROOTS", "Binding", "ClassInfo", "ClassScope", "Exports", "Factory", "FileChecker", "ProjectModule",
           "Resolver", "Scope", "Through"]

S = TypeVar("S")


class FileChecker(Binder):
    """Lints one module tree (:func:`tf2lint.engine.check` runs it); the instance is dropped with the tree."""

    def __init__(self, tree: ast.AST, rules: Mapping[str, Rule], hooks: Hooks, context: Context,
                 resolver: Optional[Resolver] = None) -> None:
        super().__init__(tree, resolver)
        self.context = context
        self.rules = rules
        self.hooks = hooks
        self.claimed: set[int] = set()  # ids of nodes a contextual check already reported
        self.found: dict[tuple[int, int], Diagnostic] = {}
        self.conditional: dict[tuple[int, int], Diagnostic] = {}  # findings that hold if the file is TF1 code
        self.states: dict[type, Any] = {}  # the families' per-file state, by its class

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

    # -- the walk ----------------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        self.walk(self.tree)
        self.walk_functions()
        self.context.imports_tf = self.imports_tf
        for hook in self.hooks.ends:
            hook(self)
        return self.results()

    @classmethod
    def handlers(cls) -> dict[type, Callable[[Any, Any], None]]:
        return _HANDLERS

    def on_import(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        for hook in self.hooks.imports:
            hook(self, node)

    def on_assign(self, targets: list[ast.expr], value: ast.expr, resolved: Optional[str]) -> None:
        for hook in self.hooks.assignments:
            hook(self, targets, value, resolved)

    def element_of(self, iterated: ast.expr) -> Union[str, Marker, None]:
        for hook in self.hooks.iterations:
            element = hook(self, iterated)
            if element is not None:
                return element
        return None

    # -- expressions ---------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        checking = self.imports_tf and id(node) not in self.claimed
        noting = self.noting()
        if checking or noting:  # the callee is resolved once for both
            func = node.func
            base, suffix = self.resolve_parts(func)
            does = self.callee_does(func)
            if checking:
                self.check_call(node, base, suffix)
                if does is not None:
                    for hook in self.hooks.project_calls:
                        hook(self, node, does)
            if noting:
                self.note_call(func, does, base, suffix)
        self.push_call(node)

    def check_call(self, node: ast.Call, base: Optional[str], suffix: str) -> None:
        """The hooks of a call (``base``, ``suffix``: :meth:`resolve_parts` of its callee): by method name, by the
        callee's TensorFlow path, by keyword; then the callee itself as a reference."""
        hooks = self.hooks
        func = node.func
        if isinstance(func, ast.Attribute):
            for method in hooks.methods.get(func.attr, ()):
                method(self, node, func)
        if base is None:
            return
        qualified = base + suffix
        pure = "()" not in qualified
        if pure:
            callee = tfapi.called(qualified)
            if callee is not None:
                namespace, path, name = callee
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
            inner = _chain_base(node)
            if inner is not None:
                self._stack.append(inner)
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


_HANDLERS: dict[type, Callable[[Any, Any], None]] = {
    **_BINDING_HANDLERS,
    ast.Call: FileChecker.visit_Call,
    ast.Attribute: FileChecker.visit_Attribute,
    ast.Name: FileChecker.visit_Name,
    ast.Compare: FileChecker.visit_Compare,
}
