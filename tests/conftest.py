"""Shared helpers: fixture files carry their expected findings as ``# expect: CODE ...`` comments."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*((?:TF\d{3}\s*)+)")


def expected_findings(path: Path) -> set[tuple[int, str]]:
    """The (line, code) pairs a fixture file declares."""
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found.update((number, code) for code in match.group(1).split())
    return found


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.py"))


@pytest.fixture(scope="session")
def flake8_findings() -> dict[str, set[tuple[int, str]]]:
    """One real flake8 run over all fixtures: {file name: {(line, code)}}."""
    files = fixture_files()
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=TF", "--format=%(path)s\t%(row)d\t%(code)s",
         *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    findings: dict[str, set[tuple[int, str]]] = {path.name: set() for path in files}
    for line in result.stdout.splitlines():
        path, row, code = line.split("\t")
        findings[Path(path).name].add((int(row), code))
    return findings


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tf2lint report")
    group.addoption("--report-project", metavar="PATH",
                    help="tests/test_report_browser.py: also report on this project (timings, size, screenshot)")
    group.addoption("--report-screenshot", metavar="FILE", help="where that report's screenshot is saved")
