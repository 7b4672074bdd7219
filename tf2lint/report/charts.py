"""Geometry of the report's SVG charts: bars stacked by severity, scaled to a width, and heat levels. The
template draws them; every bar carries its number as text."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from tf2lint.rules import SEVERITIES

#: Heat levels of the folder x family table (0: none).
LEVELS = 5


@dataclass(frozen=True)
class Segment:
    severity: str
    x: float
    width: float
    count: int


def stacked(counts: Mapping[str, Any], largest: int, width: float) -> list[Segment]:
    """The severity segments of one bar of ``counts``; the ``largest`` bar of the chart spans ``width``."""
    segments = []
    x = 0.0
    for severity in SEVERITIES:
        count = counts.get(severity) or 0
        if count:
            size = width * count / largest if largest else 0.0
            segments.append(Segment(severity, round(x, 2), round(size, 2), count))
            x += size
    return segments


def end(segments: list[Segment]) -> float:
    """Where a bar ends (its label goes after it)."""
    return round(segments[-1].x + segments[-1].width, 2) if segments else 0.0


def heat(value: int, largest: int) -> int:
    """The heat level (0 to LEVELS) of a cell: logarithmic, so that one finding still shows."""
    if not value or not largest:
        return 0
    return max(1, math.ceil(LEVELS * math.log1p(value) / math.log1p(largest)))


def largest(rows: list[Mapping[str, Any]], key: str = "total") -> int:
    return max((row.get(key) or 0 for row in rows), default=0)
