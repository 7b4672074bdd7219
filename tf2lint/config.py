"""Which codes to report and which paths to skip: ``[tool.tf2lint]`` of the nearest pyproject.toml that has
that table (as ruff skips a pyproject.toml without ``[tool.ruff]``), then command-line options on top. Each file
is judged by its own: a monorepo's sub-projects keep their own tables.

The table is validated as ruff and flake8 validate theirs: an unknown key, a value of the wrong type or a code
that is not tf2lint's is a :class:`ConfigError` naming the file, the key and the value, never a silently
disabled linter. Codes are matched case-insensitively and stripped (``" tf3 "`` is ``TF3``).
"""
from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from tf2lint.files import Pattern, is_excluded, patterns
from tf2lint.rules import RULES, SEVERITIES
from tf2lint.source import file_kind, size_text
from tf2lint.rules.redirects import REDIRECTS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

DEFAULT_SELECT = ("TF",)

#: The keys of ``[tool.tf2lint]`` that hold codes, and those that hold path patterns.
CODE_KEYS = ("select", "ignore", "extend-select", "extend-ignore")
PATTERN_KEYS = ("exclude", "extend-exclude")
#: Every key ``[tool.tf2lint]`` takes (``_`` may stand for ``-``).
KEYS = (*CODE_KEYS, *PATTERN_KEYS, "per-file-ignores", "respect-gitignore", "tensorflow", "cache", "fail-on")

#: The values of ``fail-on`` (``--fail-on``): findings of this severity or a higher one fail the run.
FAIL_ON = SEVERITIES

#: The values of ``tensorflow``: TF1 code everywhere, nowhere, or judged file by file from the evidence.
TENSORFLOW = ("1", "2", "auto")

_CODE = re.compile(r"TF\d{0,3}")


class ConfigError(Exception):
    """A configuration file or value that cannot be used (one line of text)."""


def check_code(value: str) -> str:
    """``value`` as a code or code prefix (``tf3`` -> ``TF3``), a retired or renamed code as its current one; a
    :class:`ValueError` if it is none of ours."""
    code = value.strip().upper()
    code = REDIRECTS.get(code, code)
    if not _CODE.fullmatch(code) or not any(rule.startswith(code) for rule in RULES):
        raise ValueError(f"unknown code or prefix: {value!r} (tf2lint codes are TF followed by digits, "
                         "see tf2lint --list-rules)")
    return code


@dataclass(frozen=True)
class Config:
    """Selection by code or prefix (``TF3``, ``TF301``), as flake8 does: the longest match wins."""

    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    #: ``(pattern, codes)`` pairs: the codes are not reported in files the pattern matches.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    respect_gitignore: bool = True
    tensorflow: str = "auto"  # "1": every file is TF1 code; "2": none is; "auto": judged from the evidence
    cache: bool = True  # the command keeps results in .tf2lint_cache (see tf2lint.cache)
    fail_on: str = SEVERITIES[-1]  # the lowest severity whose findings fail the run (exit 1)
    root: Optional[Path] = field(default=None, compare=False)  # folder of the pyproject.toml it came from
    source: Optional[Path] = field(default=None, compare=False)  # that pyproject.toml (absolute)

    def selects(self, code: str, path: Optional[Path] = None) -> bool:
        """Whether ``code`` is reported (in ``path``): the most specific matching select/ignore entry decides."""
        ignores = (*self.ignore, *self.extend_ignore, *(self.ignored_in(path) if path is not None else ()))
        chosen = max((len(p) for p in (*self.select, *self.extend_select) if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in ignores if code.startswith(p)), default=-1)
        return chosen > ignored  # a tie goes to ignore; no select match at all is -1

    def ignored_in(self, path: Path) -> tuple[str, ...]:
        """The codes ``per-file-ignores`` turns off for ``path``."""
        base = self.root or Path.cwd()
        return tuple(code for pattern, codes in self.per_file_ignores
                     if is_excluded(path, patterns([pattern], base), base) for code in codes)

    @property
    def excludes(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)

    def exclude_patterns(self) -> list[Pattern]:
        """The configured excludes, relative to the configuration's folder (or the current one)."""
        return patterns(self.excludes, self.root or Path.cwd())

    def updated(self, **values: Optional[Iterable[str]]) -> "Config":
        """A copy with the given (non-None) options replaced, e.g. from the command line."""
        changed: dict[str, Any] = {k: tuple(v) for k, v in values.items() if v is not None}
        return replace(self, **changed)


def find_pyproject(start: Path) -> Optional[Path]:
    """The nearest pyproject.toml in ``start`` (a file's folder) or its parents.

    Symlinks are not resolved and folders that cannot be looked into are passed over, so a symlink loop or
    an unreadable path given to lint is reported when it is read, not here."""
    folder = find_upwards(start, ("pyproject.toml",), _is_file)
    return None if folder is None else folder / "pyproject.toml"


def find_config(start: Path) -> Optional[tuple[Path, dict[str, Any]]]:
    """The nearest pyproject.toml in ``start`` (a file's folder) or its parents that has a ``[tool.tf2lint]``
    table, and that table; None when there is none. A pyproject.toml on the way that cannot be read is a
    :class:`ConfigError` (as ruff stops on one)."""
    current: Optional[Path] = start
    while current is not None:
        path = find_pyproject(current)
        if path is None:
            return None
        table = _read_table_once(path)
        if table is not None:
            return path, table
        parent = path.parent.parent
        current = parent if parent != path.parent else None
    return None


def find_upwards(start: Path, names: tuple[str, ...],
                 exists: Callable[[Path], bool] = os.path.lexists) -> Optional[Path]:
    """The nearest folder, ``start`` (a file's folder) or one of its parents, holding one of ``names``."""
    start = Path(os.path.abspath(start))
    for folder in (start, *start.parents) if _is_dir(start) else start.parents:
        if any(_exists(exists, folder / name) for name in names):
            return folder
    return None


def _exists(exists: Callable[[Path], bool], path: Path) -> bool:
    try:
        return exists(path)
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def load_config(start: Path) -> Config:
    """The configuration that applies to ``start`` (a file) or the files below it (a folder)."""
    found = find_config(start)
    return Config() if found is None else parse_table(found[1], found[0])


def load_config_file(path: Path) -> Config:
    """``[tool.tf2lint]`` of the given pyproject.toml (defaults when it has none)."""
    table = read_table(path)
    return parse_table(table or {}, path)


#: The largest configuration file read (a larger one, or one that is not a regular file, is an error).
MAX_BYTES = 1024 * 1024


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data; a :class:`ConfigError` (one line naming the file) when it cannot be read or parsed:
    not a regular file (a FIFO is never waited on), over :data:`MAX_BYTES`, not UTF-8, invalid TOML, nested too
    deeply, or an integer longer than Python converts (4,300 digits)."""
    try:
        return tomllib.loads(read_regular(path, MAX_BYTES).decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: cannot read: not UTF-8 ({error.reason} at byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: cannot read: nested too deeply") from None
    except ValueError as error:  # an integer of more than sys.get_int_max_str_digits() digits
        raise ConfigError(f"{path}: cannot read: {str(error).splitlines()[0][:100]}") from None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (an :class:`OSError` otherwise); opening never
    blocks on a FIFO."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, f"not a regular file ({file_kind(status.st_mode)}): not read")
        if status.st_size > limit:  # a sparse file of gigabytes is not read up to the limit first
            raise OSError(errno.EFBIG, f"larger than {size_text(limit)}: not read")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {size_text(limit)}: not read")
    return data


_TABLES: dict[Path, tuple[tuple[int, int], Optional[dict[str, Any]]]] = {}


def _read_table_once(path: Path) -> Optional[dict[str, Any]]:
    """:func:`read_table`, parsed again only when the file changed (its modification time or size): the plugins
    and the server ask for every file they lint."""
    try:
        status = path.stat()
    except OSError:
        return read_table(path)  # says why it cannot be read
    stamp = (status.st_mtime_ns, status.st_size)
    kept = _TABLES.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    table = read_table(path)
    _TABLES[path] = (stamp, table)
    return table


def read_table(path: Path) -> Optional[dict[str, Any]]:
    """``[tool.tf2lint]`` of a pyproject.toml, or None when it has none."""
    data = read_toml(path)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool must be a table, not {_shown(tool)}")
    if "tf2lint" not in tool:
        return None
    table = tool["tf2lint"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tf2lint] must be a table, not {_shown(table)}")
    return table


def parse_table(table: dict[str, Any], source: Path) -> Config:
    """The configuration a ``[tool.tf2lint]`` table of ``source`` describes."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in KEYS:
            raise ConfigError(f"{source}: [tool.tf2lint] unknown key {raw_key!r} (known: {', '.join(KEYS)})")
        where = f"{source}: [tool.tf2lint] {raw_key}"
        if key in CODE_KEYS:
            values[key] = _codes(_strings(value, where), where)
        elif key in PATTERN_KEYS:
            values[key] = _strings(value, where)
        elif key == "per-file-ignores":
            values[key] = _per_file_ignores(value, where)
        elif key == "tensorflow":
            values[key] = check_tensorflow(value, where)
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise ConfigError(f"{where} must be {', '.join(map(repr, FAIL_ON))}, not {_shown(value)}")
            values[key] = value
        elif not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {_shown(value)}")
        else:
            values[key] = value
    if "select" in values and not values["select"] and not values.get("extend-select"):
        raise ConfigError(f"{source}: [tool.tf2lint] select = {_toml(table, 'select')} selects no rule")
    return Config(
        select=values.get("select", DEFAULT_SELECT), ignore=values.get("ignore", ()),
        extend_select=values.get("extend-select", ()), extend_ignore=values.get("extend-ignore", ()),
        exclude=values.get("exclude", ()), extend_exclude=values.get("extend-exclude", ()),
        per_file_ignores=values.get("per-file-ignores", ()), respect_gitignore=values.get("respect-gitignore", True),
        tensorflow=values.get("tensorflow", "auto"), cache=values.get("cache", True),
        fail_on=values.get("fail-on", SEVERITIES[-1]), root=source.resolve().parent,
        source=Path(os.path.abspath(source)),
    )


def check_tensorflow(value: Any, where: str) -> str:
    """The ``tensorflow`` setting: ``"1"``, ``"2"`` or ``"auto"`` (the integers 1 and 2 are taken too)."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if text not in TENSORFLOW:
        raise ConfigError(f'{where} must be "1", "2" or "auto", not {_shown(value)}')
    return str(text)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    """A list of strings, or one comma-separated string (flake8's style)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, not {_shown(value)}")
    return tuple(v.strip() for v in value if v.strip())


def _codes(values: tuple[str, ...], where: str) -> tuple[str, ...]:
    try:
        return tuple(check_code(value) for value in values)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def _per_file_ignores(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of pattern = [codes], not {_shown(value)}")
    return tuple((pattern, _codes(_strings(codes, f"{where} {pattern!r}"), f"{where} {pattern!r}"))
                 for pattern, codes in value.items())


def _toml(table: dict[str, Any], key: str) -> str:
    """The value of ``key`` (or ``key`` spelled with ``_``) as TOML writes it (a string or a list of strings)."""
    value = table.get(key, table.get(key.replace("-", "_")))
    return json.dumps(value)[:60]


def _shown(value: Any) -> str:
    """A value as the error message quotes it: its TOML type and at most 60 characters of it."""
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'...' if len(text) > 60 else ''}"
