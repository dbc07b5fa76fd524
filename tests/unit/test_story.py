"""STAR parts recognised when a story is told, figures when an outcome is measured."""

from __future__ import annotations

import msgspec
import pytest

from bench.feedback_check import check_analysis
from pipeline.engines.key_points import sentences
from pipeline.engines.measure import measure
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.story import quantified, star_parts
from pipeline.engines.transcript import typed_transcript

QUESTION = "Tell me about a time you made slow code faster."
POINTS = [
    "measured before changing",
    "found the real bottleneck",
    "the change made",
    "the speed-up in numbers",
]


def _said(text: str) -> list:
    return sentences(typed_transcript(text).words)


def test_a_story_told_without_cue_phrases_has_all_four_parts() -> None:
    star = star_parts(
        _said(
            "Last spring our checkout page kept timing out during sales. I was asked to get "
            "it under a second before Black Friday. I profiled the queries and rewrote the "
            "worst one to use an index. Pages loaded in 300 milliseconds after that."
        )
    )
    assert star.missing == []


def test_general_claims_are_not_a_story() -> None:
    star = star_parts(
        _said(
            "I am a very collaborative person and I always communicate clearly. I believe "
            "feedback is important and teams work best when everyone is aligned."
        )
    )
    assert not star.situation
    assert not star.action
    assert not star.result


@pytest.mark.parametrize(
    "text",
    [
        "The report went from two hours to six minutes.",
        "We cut the error rate by half.",
        "Tickets dropped from 40 a week to 4.",
        "It is 30% cheaper now.",
    ],
)
def test_an_outcome_with_a_figure_is_quantified(text: str) -> None:
    assert quantified(_said(text))


def test_no_figure_is_not_quantified() -> None:
    assert not quantified(_said("It got a lot faster and everyone was happy with it."))


def test_a_quantified_story_is_not_asked_to_quantify_and_is_not_contradicted() -> None:
    text = (
        "At my previous job the nightly report took two hours. My task was to make it fit "
        "before the morning standup. I measured each step with a profiler first and found "
        "that one query scanned the whole table. I added an index and batched the writes. "
        "In the end the report ran in six minutes."
    )
    facts = measure(
        typed_transcript(text),
        question_text=QUESTION,
        category="behavioral",
        skills=["performance"],
        key_points=POINTS,
        audio=None,
    )
    analysis = rubric_analysis(facts)
    assert analysis is not None
    assert analysis.content.quantified
    assert not any("Quantify" in line for line in analysis.improvements)
    assert any(line.startswith("You put a number on it") for line in analysis.strengths)
    assert check_analysis(msgspec.to_builtins(analysis), text.split()) == []
