"""Import graphs: their cycles (strongly connected components), found without recursion, since an import
chain can be as long as the project."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

Node = TypeVar("Node", str, Path)


def components(roots: Iterable[Node], targets: Callable[[Node], Iterable[Node]]) -> list[list[Node]]:
    """The strongly connected components of the graph reached from ``roots`` (each started in turn unless
    reached already) along ``targets``, each sorted, every component after the components it reaches (Tarjan's
    algorithm with an explicit stack)."""
    number: dict[Node, int] = {}
    low: dict[Node, int] = {}
    stack: list[Node] = []
    on_stack: set[Node] = set()
    found: list[list[Node]] = []
    for root in roots:
        if root in number:
            continue
        work: list[tuple[Node, Iterator[Node]]] = [(root, iter(targets(root)))]
        number[root] = low[root] = len(number)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, following = work[-1]
            for target in following:
                if target not in number:
                    number[target] = low[target] = len(number)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(targets(target))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], number[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == number[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(sorted(component))
    return found
