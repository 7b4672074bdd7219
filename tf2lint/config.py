"""Which codes to report and which paths to skip: ``[tool.tf2lint]`` of the nearest pyproject.toml, then
command-line options on top."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

DEFAULT_SELECT = ("TF",)


class ConfigError(Exception):
    """A configuration file or value that cannot be used (one line of text)."""


@dataclass(frozen=True)
class Config:
    """Selection by code or prefix (``TF3``, ``TF301``), as flake8 does: the longest match wins."""

    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    root: Optional[Path] = field(default=None, compare=False)  # folder of the pyproject.toml it came from

    def selects(self, code: str) -> bool:
        """Whether ``code`` is reported: the most specific matching select/ignore entry decides."""
        chosen = max((len(p) for p in (*self.select, *self.extend_select) if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen > ignored  # a tie goes to ignore; no select match at all is -1

    @property
    def excludes(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)

    def updated(self, **values: Optional[Iterable[str]]) -> "Config":
        """A copy with the given (non-None) options replaced, e.g. from the command line."""
        return replace(self, **{k: tuple(v) for k, v in values.items() if v is not None})


def find_pyproject(start: Path) -> Optional[Path]:
    """The nearest pyproject.toml in ``start`` (a file's folder) or its parents."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _codes(table: dict[str, Any], key: str, source: Path) -> Optional[tuple[str, ...]]:
    value = table.get(key, table.get(key.replace("_", "-")))
    if value is None:
        return None
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: [tool.tf2lint] {key} must be a list of strings")
    return tuple(value)


def load_config(start: Path) -> Config:
    """The configuration that applies to files below ``start``."""
    path = find_pyproject(start)
    return Config() if path is None else load_config_file(path)


def load_config_file(path: Path) -> Config:
    """``[tool.tf2lint]`` of the given pyproject.toml (an empty table when it has none)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    table = data.get("tool", {}).get("tf2lint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tf2lint] must be a table")
    config = Config(root=path.resolve().parent)
    return config.updated(**{key: _codes(table, key, path) for key in
                             ("select", "ignore", "extend_select", "exclude", "extend_exclude")})
