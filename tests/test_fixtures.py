"""Every fixture file reports exactly its ``# expect:`` codes, through the engine and the real flake8."""
from __future__ import annotations

from pathlib import Path

import pytest

import tf2lint
from conftest import expected_findings, fixture_files

FILES = fixture_files()


def test_fixtures_exist() -> None:
    assert len(FILES) >= 10
    assert all(expected_findings(path) for path in FILES if path.name != "no_tensorflow.py"
               and path.name != "tf5xx_plain_graph.py")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_engine(path: Path) -> None:
    found = {(d.line, d.code) for d in tf2lint.lint_file(path)}
    assert found == expected_findings(path)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_flake8(path: Path, flake8_findings: dict[str, set[tuple[int, str]]]) -> None:
    assert flake8_findings[path.name] == expected_findings(path)
