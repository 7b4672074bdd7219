"""TensorFlow dependency pins in a project's files, and whether they admit TensorFlow 2.

A *pin* is a requirement of ``tensorflow`` (or ``tensorflow-gpu``, ``tensorflow-cpu``, ``tf-nightly``...) whose
version specifier admits no version 2 or later: ``tensorflow==1.15``, ``tensorflow<2``, ``tensorflow-gpu==1.*``,
``tensorflow>=1.4,<2.0``, ``tensorflow>=1.15,!=2.0.*,!=2.1.*,<2.2``, Poetry's ``^1.15``, conda's
``tensorflow=1.15``. Requirements and specifiers are parsed by ``packaging`` (PEP 508 and PEP 440, pre-releases
and ``!=`` clauses included), ``setup.cfg`` by :mod:`configparser`, ``setup.py`` by :mod:`ast` (never run).

Every reader runs in time linear in its file: a requirement is handed to ``packaging`` only when its name is a
TensorFlow distribution and it is at most :data:`MAX_REQUIREMENT` characters long (a longer one, or one whose
numbers Python will not convert, is no pin), and a line number is looked up only for a TensorFlow requirement.
"""
from __future__ import annotations

import ast
import configparser
import os
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

if TYPE_CHECKING:  # ``packaging`` is imported where a pin is read: most runs read none
    from packaging.requirements import Requirement as Pep508
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

#: The distributions that install TensorFlow, as PEP 503 normalizes their names.
TENSORFLOW = frozenset({"tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly", "tf-nightly-gpu",
                        "tf-nightly-cpu"})

#: The longest TensorFlow requirement (characters) parsed; a longer one is not read as a pin.
MAX_REQUIREMENT = 300

#: How deep ``-r``/``-c`` includes of requirement files are followed.
MAX_INCLUDE_DEPTH = 5

#: The release numbers of TensorFlow 2.0: a version whose release is this or later is TensorFlow 2 (its
#: pre-releases included: ``2.0.0rc1`` is TensorFlow 2).
TWO = (2,)

_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class Requirement:
    """A TensorFlow requirement found in a file: its text, where, and what it admits."""

    text: str  # as shown: ``tensorflow==1.15``
    file: str  # the file, as evidence names it
    line: int
    tf1_only: bool  # admits no version 2 or later
    tf2_only: bool  # admits no version before 2

    def evidence(self) -> str:
        return f"`{self.text}` on line {self.line} of {self.file}"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def leading_name(text: str) -> str:
    """The distribution name a requirement starts with (read in linear time, without a regular expression)."""
    text = text.lstrip()
    end = 0
    while end < len(text) and text[end] in _NAME_CHARS:
        end += 1
    return text[:end]


def is_tensorflow(text: str) -> bool:
    return normalize(leading_name(text)) in TENSORFLOW


def specifier_bounds(specifiers: SpecifierSet) -> tuple[bool, bool]:
    """``(admits no 2.x or later, admits nothing before 2)`` for a set of PEP 440 clauses, all of them together
    (``>=1.15,!=2.0.*,<2.1`` admits no 2.x). A pre-release counts as the release it leads to (``==2.0.0rc1``
    is TensorFlow 2; ``<2.0.0rc0`` is below 2). The set is probed at every version its clauses name and just
    above each, which finds a version in every range the clauses leave."""
    admitted = [version.release for version in _probes(specifiers) if specifiers.contains(version, prereleases=True)]
    return all(release < TWO for release in admitted), all(release >= TWO for release in admitted)


def _probes(specifiers: SpecifierSet) -> list[Version]:
    from packaging.version import InvalidVersion, Version

    named = [Version("0"), Version("2"), Version("99999")]
    for clause in specifiers:
        text = clause.version[:-2] if clause.version.endswith(".*") else clause.version
        try:
            named.append(Version(text))
        except InvalidVersion:
            continue  # ``===`` with a version that is no PEP 440 version
    depth = max(len(version.release) for version in named) + 1
    above = [Version(".".join(map(str, (*version.release, *(0,) * (depth - len(version.release)), 1))))
             for version in named]
    return named + above


def bounds(specifier: str) -> Optional[tuple[bool, bool]]:
    """:func:`specifier_bounds` of a PEP 440 specifier (``>=1.4,<2``); None if it is not one. An empty specifier
    admits every version."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion

    if len(specifier) > MAX_REQUIREMENT:
        return None
    try:
        return specifier_bounds(SpecifierSet(specifier.strip()))
    except (InvalidSpecifier, InvalidVersion, ValueError):
        return None


def poetry_bounds(constraint: str) -> Optional[tuple[bool, bool]]:
    """:func:`bounds` for a Poetry or Pipfile constraint: ``^1.15``, ``~1.15``, ``1.15.*``, ``*``, ``||``."""
    if len(constraint) > MAX_REQUIREMENT:
        return None
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
            release = clause[1:].split(".", 1)[0].lstrip("v")
            clauses.append(f"=={release if release.isdigit() else 0}.*")
        elif clause[0].isdigit():
            clauses.append("==" + clause.lstrip("="))
        elif clause[0] == "=" and clause[:2] != "==":
            clauses.append("=" + clause)
        else:
            clauses.append(clause)
    return bounds(",".join(clauses))


def parse_requirement(text: str, file: str, line: int) -> Optional[Requirement]:
    """A PEP 508 requirement of TensorFlow (``tensorflow-gpu[extra] (>=1.4,<2) ; python_version < "3.8"``)."""
    from packaging.requirements import InvalidRequirement
    from packaging.specifiers import InvalidSpecifier
    from packaging.version import InvalidVersion

    if not is_tensorflow(text):
        return None
    text = text.split(" #", 1)[0].strip()
    shown = text.split(";", 1)[0].strip()
    if len(text) > MAX_REQUIREMENT:
        return None
    try:
        requirement = _pep508(text)
    except (InvalidRequirement, InvalidSpecifier, InvalidVersion, ValueError):
        return None
    if requirement is None or requirement.url or normalize(requirement.name) not in TENSORFLOW:
        return None
    try:
        found = specifier_bounds(requirement.specifier)
    except (InvalidVersion, ValueError):  # a number of more than 4,300 digits
        return None
    return Requirement(shown, file, line, *found)


def _pep508(text: str) -> Optional[Pep508]:
    """The requirement; one whose markers do not parse is read without them (they never make a pin)."""
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as Pep508

    try:
        return Pep508(text)
    except InvalidRequirement:
        if ";" not in text:
            raise
    return Pep508(text.split(";", 1)[0])


def conda_requirement(spec: str, file: str, line: int) -> Optional[Requirement]:
    """A conda match spec of TensorFlow: ``tensorflow=1.15``, ``tensorflow-gpu 1.14.*``,
    ``conda-forge::tensorflow<2``."""
    spec = spec.split("#", 1)[0].strip().strip("'\"")
    shown = spec
    spec = spec.rsplit("::", 1)[-1]
    name = leading_name(spec)
    if normalize(name) not in TENSORFLOW or len(spec) > MAX_REQUIREMENT:
        return None
    rest = spec.lstrip()[len(name):].strip()
    if rest[:1] == "=" and rest[:2] != "==":
        rest = "==" + rest[1:].split("=", 1)[0]  # ``=1.15[=build]`` matches 1.15.*
    elif rest[:1].isdigit():
        rest = "==" + rest.split()[0]
    found = poetry_bounds(rest.replace("|", "||"))
    return None if found is None else Requirement(shown, file, line, *found)


# -- files ---------------------------------------------------------------------------------------------

#: Reads a file named by an include; None when it cannot be read.
Read = Callable[[Path], Optional[str]]


def requirements_txt(text: str, file: str) -> Iterator[Requirement]:
    """pip requirement files: one requirement per line, ``#`` comments, options and continuations (includes
    are not followed: see :func:`requirement_files`)."""
    for first, line in _logical_lines(text):
        if line and not line.startswith("-"):
            found = parse_requirement(line, file, first)
            if found is not None:
                yield found


def requirement_files(path: Path, text: str, root: Path, read: Read, shown: Callable[[Path], str]
                      ) -> Iterator[Requirement]:
    """The TensorFlow requirements of a pip requirement file and of the files it includes with ``-r`` /
    ``--requirement`` and ``-c`` / ``--constraint`` (relative to the including file), followed
    :data:`MAX_INCLUDE_DEPTH` deep, each once, and only inside the project ``root``."""
    inside = Path(os.path.realpath(root))
    seen: set[Path] = set()
    todo: list[tuple[Path, Optional[str], int]] = [(path, text, 0)]
    while todo:
        current, content, depth = todo.pop(0)
        real = Path(os.path.realpath(current))
        if real in seen or (real != inside and inside not in real.parents):
            continue
        seen.add(real)
        content = read(current) if content is None else content
        if content is None:
            continue
        yield from requirements_txt(content, shown(current))
        if depth < MAX_INCLUDE_DEPTH:
            todo += [(current.parent / name, None, depth + 1) for name in _includes(content)]


def _includes(text: str) -> Iterator[str]:
    """The files a requirement file includes (``-r base.txt``, ``--constraint=c.txt``); URLs are not followed."""
    for _, line in _logical_lines(text, options=True):
        for option in ("--requirement", "--constraint", "-r", "-c"):
            if line.startswith(option):
                rest = line[len(option):]
                name = rest.lstrip(" =\t").strip()
                if name and "://" not in name and (option[1] != "-" or rest[:1] in (" ", "=", "\t")):
                    yield name
                break


def _logical_lines(text: str, options: bool = False) -> Iterator[tuple[int, str]]:
    """``(first line number, text)`` of each logical line: continuations joined, comments and (unless
    ``options``) trailing options such as ``--hash=...`` dropped."""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        first = number + 1
        parts = [lines[number]]
        while parts[-1].endswith("\\") and number + 1 < len(lines):
            parts[-1] = parts[-1][:-1]
            number += 1
            parts.append(lines[number])
        number += 1
        line = _uncomment("".join(parts))
        if not options:
            line = _without_options(line)
        yield first, line.strip()


def _uncomment(line: str) -> str:
    """``line`` up to a ``#`` that starts it or follows whitespace."""
    at = line.find("#")
    while at > 0 and not line[at - 1].isspace():
        at = line.find("#", at + 1)
    return line if at < 0 else line[:at]


def _without_options(line: str) -> str:
    """A requirement without the options after it (`` --hash=...``): cut at whitespace followed by ``-`` and a
    letter or a second ``-``."""
    at = line.find(" -")
    while at >= 0:
        after = line[at + 2:at + 3]
        if after.isalpha() or after == "-":
            return line[:at]
        at = line.find(" -", at + 1)
    return line.replace("\t-", " -") if "\t-" in line else line


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
    """``install_requires`` (and the like) of ``[options]`` and ``[options.extras_require]``, read by
    :mod:`configparser` (one requirement per line of a value, ``;``-separated on one line as setuptools takes
    them)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False, comment_prefixes=("#", ";"),
                                       inline_comment_prefixes=(" #",))
    tamed = "\n".join(_tame(line) for line in text.splitlines())
    try:
        parser.read_string(tamed, file)
    except (configparser.Error, ValueError):
        return
    values: list[str] = []
    for section in parser.sections():
        name = section.strip().lower()
        if name not in ("options", "options.extras_require"):
            continue
        for key, value in parser.items(section, raw=True):
            if name == "options.extras_require" or key.replace("-", "_").lower() in _CFG_KEYS:
                values += value.splitlines()
    lines = _line_finder(tamed)
    for value in values:
        value = value.strip()
        if value and is_tensorflow(value):
            found = parse_requirement(value, file, 0)
            if found is not None:
                yield _at(found, lines(value))


def _tame(line: str) -> str:
    """A line configparser reads in linear time: its option pattern backtracks over runs of whitespace, so
    they are collapsed to one space (the indentation, which continues a value, is kept); a line longer than
    any requirement is blanked."""
    if len(line) > 4 * MAX_REQUIREMENT:
        return ""
    body = line.lstrip()
    return line[:len(line) - len(body)] + " ".join(body.split())


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
    lines = _line_finder(text)
    for string in strings:
        if isinstance(string, str) and is_tensorflow(string):
            found = parse_requirement(string, file, 0)
            if found is not None:
                yield _at(found, lines(string))
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
    """The specs of a conda environment file, read line by line without a YAML parser: block items
    (``- tensorflow=1.15``) and flow sequences (``dependencies: [python=3.7, tensorflow=1.15]``, over several
    lines too), ``pip:`` items included."""
    depth = 0  # inside a flow sequence's brackets
    item: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = _uncomment(raw)
        if depth == 0:
            stripped = line.strip()
            if "[" not in line:
                if stripped.startswith("- "):
                    yield from _conda(stripped[2:], file, number)
                continue
            line, depth, item = line[line.index("[") + 1:], 1, []
        for char in line:
            if depth == 1 and char in ",]":
                yield from _conda("".join(item), file, start)
                item = []
                depth -= char == "]"
                if depth == 0:
                    break
            elif char in "[]":
                depth += 1 if char == "[" else -1
            elif item or not char.isspace():
                start = start if item else number
                item.append(char)


def _conda(spec: str, file: str, line: int) -> Iterator[Requirement]:
    found = conda_requirement(spec, file, line) if spec.strip() else None
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
            yield Requirement(f'{name} = "{constraint}"', file, _line_finder(text)(name, constraint), *found)


def _toml(text: str) -> dict[str, Any]:
    """A TOML file's data; {} when it cannot be parsed (or holds an integer of more than 4,300 digits)."""
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return {}


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _line_finder(text: str) -> Callable[..., int]:
    """A function giving the first line holding all its arguments (TOML and configparser keep no positions),
    else 1; asked only for TensorFlow requirements, so a file with many dependencies is split once."""
    lines: list[str] = []

    def line_of(*needles: str) -> int:
        if not lines:
            lines.extend(text.splitlines())
        for number, line in enumerate(lines, 1):
            if all(needle in line for needle in needles):
                return number
        return 1

    return line_of


def _at(found: Requirement, line: int) -> Requirement:
    return Requirement(found.text, found.file, line, found.tf1_only, found.tf2_only)


#: How each kind of file at a project's root is read; ``requirements*.txt`` are matched by pattern.
READERS = {"setup.py": setup_py, "setup.cfg": setup_cfg, "pyproject.toml": pyproject_toml, "Pipfile": pipfile,
           "environment.yml": environment_yml, "environment.yaml": environment_yml}
