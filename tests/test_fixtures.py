"""Every fixture reports exactly its expected output, through the engine and the real flake8.

``tests/fixtures/NAME.py`` marks each line that must report with ``# expect: CODE ...``; ``NAME.txt`` beside it
pins each finding as ``LINE:COL: CODE message: suggestion`` (columns 1-based, as flake8 shows them), in
position order. The markers and the ``.txt`` must agree on (line, code). ``python tests/test_fixtures.py``
rewrites the ``.txt`` files from the engine: review the diff before committing it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tf2lint
from conftest import expected_findings, fixture_files

FILES = fixture_files()


def expected_output(path: Path) -> list[str]:
    """The findings a fixture's ``.txt`` pins, one line each."""
    return path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()


def engine_output(path: Path) -> list[str]:
    return [f"{d.line}:{d.col + 1}: {d.code} {d.text()}" for d in tf2lint.lint_file(path)]


@pytest.fixture(scope="module")
def flake8_output() -> dict[str, list[str]]:
    """One real flake8 run over all fixtures: {file name: its findings in the ``.txt`` format}."""
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=TF",
         "--format=%(path)s\t%(row)d:%(col)d: %(code)s %(text)s", *map(str, FILES)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, list[str]] = {path.name: [] for path in FILES}
    for line in result.stdout.splitlines():
        path, finding = line.split("\t")
        found[Path(path).name].append(finding)
    return found


def test_fixtures_exist() -> None:
    assert len(FILES) >= 10
    assert all(expected_findings(path) for path in FILES if path.name != "no_tensorflow.py"
               and path.name != "tf5xx_plain_graph.py")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_output_matches_markers(path: Path) -> None:
    pinned = {(int(line.split(":", 1)[0]), line.split(" ", 2)[1]) for line in expected_output(path)}
    assert pinned == expected_findings(path)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_engine(path: Path) -> None:
    assert engine_output(path) == expected_output(path)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_flake8(path: Path, flake8_output: dict[str, list[str]]) -> None:
    assert sorted(flake8_output[path.name]) == sorted(expected_output(path))


def test_every_message_is_pinned() -> None:
    pinned = {line.split(" ", 2)[1] for path in FILES for line in expected_output(path)}
    assert pinned == set(tf2lint.RULES)


if __name__ == "__main__":
    for fixture in FILES:
        lines = engine_output(fixture)
        fixture.with_suffix(".txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
