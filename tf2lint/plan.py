"""The migration plan: a project's modules in dependency order (each after the project modules it imports,
an import cycle as one step), so a team can migrate them top to bottom."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence

from tf2lint import graphs
from tf2lint.engine import SourceError
from tf2lint.notebook import read_notebook
from tf2lint.project import ProjectIndex


def import_graph(files: Sequence[str], index: ProjectIndex) -> dict[str, list[str]]:
    """The project's import graph over ``files``: for each file (a notebook: its code cells), the files of
    ``files`` its import lines name (sorted, without itself). The one place the plan asks the project index."""
    by_path = {Path(os.path.abspath(name)): name for name in files}
    graph: dict[str, list[str]] = {}
    for path, name in by_path.items():
        text = _code(path, index)
        targets = index.imports(text, path) if text is not None else iter(())
        graph[name] = sorted({by_path[target] for target in targets if target in by_path and by_path[target] != name})
    return graph


def _code(path: Path, index: ProjectIndex) -> Optional[str]:
    """The Python text of a module, or of a notebook's code cells; None if it cannot be read."""
    text = index.reader(path)
    if text is None or path.suffix.lower() != ".ipynb":
        return text
    try:
        return read_notebook(text).text
    except SourceError:
        return None


def components(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (node -> the nodes it imports), each sorted, in an order
    where every component comes after the components it imports."""
    return graphs.components(sorted(graph), lambda node: [target for target in graph[node] if target in graph])


@dataclass(frozen=True)
class Step:
    """One step of the plan: a module, or the modules of an import cycle."""

    modules: tuple[str, ...]
    wave: int  # 1 + the highest wave among the steps it imports: steps of one wave can be done in parallel
    imports: tuple[str, ...]  # the project modules outside the step that its modules import


def plan(graph: Mapping[str, Sequence[str]]) -> list[Step]:
    """The steps of the migration, each after the steps holding the modules it imports: by wave, then name."""
    steps: list[Step] = []
    wave_of: dict[str, int] = {}
    for component in components(graph):
        members = set(component)
        imports = sorted({target for module in component for target in graph[module]
                          if target in graph and target not in members})
        wave = 1 + max((wave_of[target] for target in imports), default=0)
        for module in component:
            wave_of[module] = wave
        steps.append(Step(tuple(component), wave, tuple(imports)))
    return sorted(steps, key=lambda step: (step.wave, step.modules))  # a wave is higher than those it imports


def blockers(steps: Sequence[Step], pending: set[str]) -> list[list[str]]:
    """For each step, the modules with findings (``pending``) outside it that its modules reach through their
    imports, sorted: the step is blocked until they are migrated."""
    step_of = {module: index for index, step in enumerate(steps) for module in step.modules}
    reach: list[set[str]] = []
    for step in steps:  # the steps a step imports come before it
        reached: set[str] = set()
        for target in step.imports:  # a cycle imported is migrated as one: all of its modules count
            imported = step_of[target]
            reached |= reach[imported] | (pending & set(steps[imported].modules))
        reach.append(reached)
    return [sorted(reached) for reached in reach]
