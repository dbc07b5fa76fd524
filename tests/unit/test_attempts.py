"""What changed between two attempts at a question, read the way a coach reads it."""

from __future__ import annotations

from typing import Any

from api.answers.attempts import changes

PACE = (110, 170)


def _analysis(**overrides: Any) -> dict[str, Any]:
    analysis: dict[str, Any] = {
        "technicalScore": 60,
        "clarityScore": 70,
        "confidenceScore": 75,
        "voiceToneScore": None,
        "content": {"keyPoints": [{"covered": True}, {"covered": False}, {"covered": False}]},
        "delivery": {
            "wordsPerMinute": 190,
            "fillersPer100Words": 6.0,
            "longPauses": 2,
            "hedgeCount": 3,
        },
    }
    for key, value in overrides.items():
        if key in analysis["delivery"]:
            analysis["delivery"][key] = value
        else:
            analysis[key] = value
    return analysis


def _by_measure(previous: Any, current: Any) -> dict[str, Any]:
    return {change.measure: change for change in changes(previous, current, PACE)}


def test_each_measure_is_better_in_its_own_direction() -> None:
    second = _analysis(
        technicalScore=82,
        content={"keyPoints": [{"covered": True}, {"covered": True}, {"covered": True}]},
        wordsPerMinute=160,
        fillersPer100Words=2.5,
        longPauses=3,
    )
    found = _by_measure(_analysis(), second)
    assert (found["technicalScore"].delta, found["technicalScore"].better) == (22, True)
    assert (found["keyPointsCovered"].previous, found["keyPointsCovered"].current) == (1, 3)
    assert found["fillersPer100Words"].better is True  # fewer fillers
    assert found["wordsPerMinute"].better is True  # from too fast into the comfortable range
    assert found["longPauses"].better is False  # one more long pause
    assert found["clarityScore"].better is None  # unchanged
    assert found["voiceToneScore"].delta is None  # not measured in either


def test_slowing_below_the_comfortable_pace_is_not_better() -> None:
    found = _by_measure(_analysis(wordsPerMinute=150), _analysis(wordsPerMinute=95))
    assert found["wordsPerMinute"].delta == -55
    assert found["wordsPerMinute"].better is False


def test_an_attempt_without_an_analysis_has_no_verdicts() -> None:
    found = _by_measure(None, _analysis())
    assert all(change.better is None and change.delta is None for change in found.values())
    assert found["technicalScore"].current == 60
