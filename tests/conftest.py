"""Shared helpers: fixture files carry their expected findings as ``# expect: CODE ...`` comments."""
from __future__ import annotations

import re
from pathlib import Path

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
