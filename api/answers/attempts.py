"""Attempts at one question side by side: what changed from one try to the next.

Plain rules over the analyses the pipeline stored; "better" follows the direction a coach
reads each measure in (higher scores, fewer fillers, pace nearer the comfortable range).
"""

from __future__ import annotations

from typing import Any

import msgspec

# (measure, where it is in an analysis, which way is better)
HIGHER, LOWER, NEARER_PACE = "higher", "lower", "nearer the comfortable pace"
MEASURES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("technicalScore", ("technicalScore",), HIGHER),
    ("clarityScore", ("clarityScore",), HIGHER),
    ("confidenceScore", ("confidenceScore",), HIGHER),
    ("voiceToneScore", ("voiceToneScore",), HIGHER),
    ("keyPointsCovered", ("content", "keyPoints"), HIGHER),
    ("wordsPerMinute", ("delivery", "wordsPerMinute"), NEARER_PACE),
    ("fillersPer100Words", ("delivery", "fillersPer100Words"), LOWER),
    ("longPauses", ("delivery", "longPauses"), LOWER),
    ("hedgeCount", ("delivery", "hedgeCount"), LOWER),
)


class Change(msgspec.Struct, rename="camel"):
    """One measure from the previous attempt to this one."""

    measure: str
    previous: float | None
    current: float | None
    delta: float | None
    # True better, False worse, None unchanged or not measured in one of the two.
    better: bool | None
    better_when: str


def measured_value(analysis: dict[str, Any] | None, path: tuple[str, ...]) -> float | None:
    """A measure of a stored analysis (camelCase JSON), or None when not measured."""
    value: Any = analysis
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, list):  # key points: how many were covered
        return float(sum(1 for point in value if point.get("covered")))
    return float(value) if isinstance(value, int | float) else None


def _distance_from(pace: float, comfortable: tuple[int, int]) -> float:
    low, high = comfortable
    return max(low - pace, 0, pace - high)


def _better(
    previous: float, current: float, when: str, comfortable: tuple[int, int]
) -> bool | None:
    if when == NEARER_PACE:
        previous, current = (
            -_distance_from(previous, comfortable),
            -_distance_from(current, comfortable),
        )
    elif when == LOWER:
        previous, current = -previous, -current
    return None if current == previous else current > previous


def change(
    name: str, before: float | None, after: float | None, when: str, comfortable: tuple[int, int]
) -> Change:
    """One measure's change; no delta or verdict when either attempt lacks it."""
    if before is None or after is None:
        return Change(name, before, after, None, None, when)
    return Change(
        name,
        before,
        after,
        round(after - before, 2),
        _better(before, after, when, comfortable),
        when,
    )


def changes(
    previous: dict[str, Any] | None, current: dict[str, Any] | None, comfortable: tuple[int, int]
) -> list[Change]:
    """Every measure's change between two analyses, in MEASURES order."""
    return [
        change(
            name, measured_value(previous, path), measured_value(current, path), when, comfortable
        )
        for name, path, when in MEASURES
    ]
