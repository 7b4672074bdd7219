"""TensorFlow dependency pins in a project's files, and whether they admit TensorFlow 2.

A *pin* is a requirement of ``tensorflow`` (or ``tensorflow-gpu``, ``tensorflow-cpu``, ``tf-nightly``...) whose
version specifier admits no version 2 or later: ``tensorflow==1.15``, ``tensorflow<2``, ``tensorflow-gpu==1.*``,
``tensorflow>=1.4,<2.0``, Poetry's ``^1.15``, conda's ``tensorflow=1.15``. The files are parsed, never run
(``setup.py`` with :mod:`ast`). PEP 440 specifiers are evaluated by a small parser of their own: ``packaging``
is not a dependency of tf2lint.
"""
from __future__ import annotations

import ast
import re
import sys
import warnings
from dataclasses import dataclass
from typing import Any, Iterator, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

#: The distributions that install TensorFlow, as PEP 503 normalizes their names.
TENSORFLOW = frozenset({"tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly", "tf-nightly-gpu",
                        "tf-nightly-cpu"})

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*")
_CLAUSE = re.compile(r"\s*(===|==|!=|~=|<=|>=|<|>)\s*v?(\d+(?:\.\d+)*)(\.\*)?[0-9A-Za-z.+!-]*\s*$")
_RELEASE = re.compile(r"v?(\d+(?:\.\d+)*)")

#: The release numbers of TensorFlow 2.0.
TWO = (2,)


@dataclass(frozen=True)
class Requirement:
    """A TensorFlow requirement found in a file: its text, where, and what it admits."""

    text: str  # as shown: ``tensorflow==1.15``
    file: str  # the file's name
    line: int
    tf1_only: bool  # admits no version 2 or later
    tf2_only: bool  # admits no version before 2

    def evidence(self) -> str:
        return f"`{self.text}` on line {self.line} of {self.file}"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _release(version: str) -> tuple[int, ...]:
    """The release numbers of a version, trailing zeros dropped (``1.15.0`` -> ``(1, 15)``)."""
    match = _RELEASE.match(version.strip())
    numbers = [int(n) for n in match.group(1).split(".")] if match else []
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def bounds(specifier: str) -> Optional[tuple[bool, bool]]:
    """``(admits no 2.x or later, admits nothing before 2)`` for a PEP 440 specifier (``>=1.4,<2``); None if it
    is not one. An empty specifier admits every version."""
    below = above = False
    for clause in (c for c in specifier.split(",") if c.strip()):
        match = _CLAUSE.match(clause)
        if match is None:
            return None
        op, release = match.group(1), _release(match.group(2))
        if op in ("==", "===", "~="):
            below, above = below or release < TWO, above or release >= TWO
        elif op == "<":
            below = below or release <= TWO
        elif op == "<=":
            below = below or release < TWO
        elif op in (">=", ">"):
            above = above or release >= TWO
    return below, above


def poetry_bounds(constraint: str) -> Optional[tuple[bool, bool]]:
    """:func:`bounds` for a Poetry or Pipfile constraint: ``^1.15``, ``~1.15``, ``1.15.*``, ``*``, ``||``."""
    alternatives = [_poetry_alternative(a) for a in constraint.split("||")]
    if any(a is None for a in alternatives):
        return None
    found = [a for a in alternatives if a is not None]
    return all(a[0] for a in found), all(a[1] for a in found)


def _poetry_alternative(alternative: str) -> Optional[tuple[bool, bool]]:
    clauses = []
    for clause in re.split(r"[,\s]+", re.sub(r"([<>=!~^]+)\s+", r"\1", alternative.strip())):
        if clause in ("", "*"):
            continue
        if clause[0] in "^~" and clause[:2] != "~=":
            release = _release(clause[1:])
            clauses.append(f"=={release[0] if release else 0}.*")
        elif clause[0].isdigit():
            clauses.append("==" + clause.lstrip("="))
        elif clause[0] == "=" and clause[:2] != "==":
            clauses.append("=" + clause)
        else:
            clauses.append(clause)
    return bounds(",".join(clauses))


def parse_requirement(text: str, file: str, line: int) -> Optional[Requirement]:
    """A PEP 508 requirement of TensorFlow (``tensorflow-gpu[extra] (>=1.4,<2) ; python_version < "3.8"``)."""
    text = text.split(";", 1)[0].split(" #", 1)[0].strip()
    match = _NAME.match(text)
    if match is None or normalize(match.group(1)) not in TENSORFLOW:
        return None
    specifier = text[match.end():].strip()
    if specifier.startswith("(") and specifier.endswith(")"):
        specifier = specifier[1:-1]
    if specifier.startswith("@"):
        return None  # a URL
    found = bounds(specifier)
    return None if found is None else Requirement(text, file, line, *found)


def conda_requirement(spec: str, file: str, line: int) -> Optional[Requirement]:
    """A conda match spec of TensorFlow: ``tensorflow=1.15``, ``tensorflow-gpu 1.14.*``,
    ``conda-forge::tensorflow<2``."""
    spec = spec.split("#", 1)[0].strip().strip("'\"")
    shown = spec
    spec = spec.rsplit("::", 1)[-1]
    match = _NAME.match(spec)
    if match is None or normalize(match.group(1)) not in TENSORFLOW:
        return None
    rest = spec[match.end():].strip()
    if rest[:1] == "=" and rest[:2] != "==":
        rest = "==" + rest[1:].split("=", 1)[0]  # ``=1.15[=build]`` matches 1.15.*
    elif rest[:1].isdigit():
        rest = "==" + rest.split()[0]
    found = poetry_bounds(rest.replace("|", "||"))
    return None if found is None else Requirement(shown, file, line, *found)


# -- files ---------------------------------------------------------------------------------------------


def requirements_txt(text: str, file: str) -> Iterator[Requirement]:
    """pip requirement files: one requirement per line, ``#`` comments, options and continuations."""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        first = number + 1
        line = lines[number]
        while line.endswith("\\") and number + 1 < len(lines):
            number += 1
            line = line[:-1] + lines[number]
        number += 1
        line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0]
        line = re.split(r"\s--?[A-Za-z]", " " + line, maxsplit=1)[0].strip()  # ``--hash=...`` and the like
        if line and not line.startswith("-"):
            found = parse_requirement(line, file, first)
            if found is not None:
                yield found


def setup_py(text: str, file: str) -> Iterator[Requirement]:
    """Every string literal of ``setup.py`` that is a TensorFlow requirement (``install_requires``, extras,
    a ``REQUIRED = [...]`` list); the script is parsed, never run."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, file)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200:
            found = parse_requirement(node.value, file, node.lineno)
            if found is not None:
                yield found


#: The keys of setup.cfg whose values are requirements: ``[options]``'s, and every key of ``[options.extras_require]``.
_CFG_KEYS = ("install_requires", "setup_requires", "tests_require")


def setup_cfg(text: str, file: str) -> Iterator[Requirement]:
    """``install_requires`` (and the like) of ``[options]`` and ``[options.extras_require]``, one per line."""
    section = ""
    in_value = False
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section, in_value = stripped[1:-1].strip().lower(), False
            continue
        value = stripped
        if not raw[0].isspace():
            key, sep, value = stripped.partition("=")
            key = key.strip().replace("-", "_").lower()
            requirements = section == "options.extras_require" or (section == "options" and key in _CFG_KEYS)
            in_value = bool(sep) and requirements
        if in_value and value.strip():
            found = parse_requirement(value, file, number)
            if found is not None:
                yield found


def pyproject_toml(text: str, file: str) -> Iterator[Requirement]:
    """PEP 621 ``[project]`` dependencies and optional dependencies, ``[dependency-groups]`` and Poetry's
    ``[tool.poetry.*dependencies]``."""
    data = _toml(text)
    project = _table(data.get("project"))
    strings: list[Any] = list(_list(project.get("dependencies")))
    for extra in _table(project.get("optional-dependencies")).values():
        strings += _list(extra)
    for group in _table(data.get("dependency-groups")).values():
        strings += _list(group)
    for string in strings:
        if isinstance(string, str):
            found = parse_requirement(string, file, _line_of(text, string))
            if found is not None:
                yield found
    poetry = _table(_table(data.get("tool")).get("poetry"))
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies"),
              *(_table(group).get("dependencies") for group in _table(poetry.get("group")).values())]
    for table in tables:
        yield from _constraint_table(_table(table), text, file)


def pipfile(text: str, file: str) -> Iterator[Requirement]:
    """``[packages]`` and ``[dev-packages]`` of a Pipfile."""
    data = _toml(text)
    for section in ("packages", "dev-packages"):
        yield from _constraint_table(_table(data.get(section)), text, file)


def environment_yml(text: str, file: str) -> Iterator[Requirement]:
    """The ``- spec`` items of a conda environment file (its ``pip:`` items included), read line by line."""
    for number, raw in enumerate(text.splitlines(), 1):
        item = raw.strip()
        if item.startswith("- "):
            found = conda_requirement(item[2:], file, number)
            if found is not None:
                yield found


def _constraint_table(table: dict[str, Any], text: str, file: str) -> Iterator[Requirement]:
    """``tensorflow = "^1.15"`` or ``tensorflow = {version = "==1.15"}`` entries of a TOML table."""
    for name, value in table.items():
        if normalize(name) not in TENSORFLOW:
            continue
        constraint = value.get("version") if isinstance(value, dict) else value
        if not isinstance(constraint, str):
            continue
        found = poetry_bounds(constraint)
        if found is not None:
            yield Requirement(f'{name} = "{constraint}"', file, _line_of(text, name, constraint), *found)


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _line_of(text: str, *needles: str) -> int:
    """The first line holding all of ``needles`` (TOML keeps no positions), else 1."""
    for number, line in enumerate(text.splitlines(), 1):
        if all(needle in line for needle in needles):
            return number
    return 1


#: How each kind of file at a project's root is read; ``requirements*.txt`` are matched by pattern.
READERS = {"setup.py": setup_py, "setup.cfg": setup_cfg, "pyproject.toml": pyproject_toml, "Pipfile": pipfile,
           "environment.yml": environment_yml, "environment.yaml": environment_yml}
