"""The rubric scorer ranks strong answers above weak ones and explains itself with quotes."""

from __future__ import annotations

import pytest

from bench.pairs import PAIRS, AnswerPair
from pipeline.engines.analysis import ScoringInput
from pipeline.engines.measure import measure
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.transcript import Transcript, Word, words_text


def _speak(text: str, words_per_minute: float = 145) -> list[Word]:
    per_word = 60 / words_per_minute
    return [
        Word(token, round(i * per_word, 3), round(i * per_word + per_word * 0.8, 3))
        for i, token in enumerate(text.split())
    ]


def _facts(pair: AnswerPair, text: str) -> ScoringInput:
    words = _speak(text)
    transcript = Transcript(text=words_text(words), words=words, duration=words[-1].end + 0.5)
    return _measured(pair, transcript)


def _measured(pair: AnswerPair, transcript: Transcript) -> ScoringInput:
    return measure(
        transcript,
        question_text=pair.question,
        category=pair.category,
        skills=pair.skills,
        key_points=pair.key_points,
        audio=None,
    )


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.question[:30])
def test_the_strong_answer_scores_higher_on_every_dimension(pair: AnswerPair) -> None:
    strong = rubric_analysis(_facts(pair, pair.strong))
    weak = rubric_analysis(_facts(pair, pair.weak))
    assert strong is not None
    assert weak is not None
    assert strong.technical_score > weak.technical_score
    assert strong.clarity_score > weak.clarity_score
    assert strong.confidence_score > weak.confidence_score


def test_feedback_quotes_the_transcript_verbatim_with_timestamps() -> None:
    pair = PAIRS[0]
    facts = _facts(pair, pair.weak)
    analysis = rubric_analysis(facts)
    assert analysis is not None
    assert analysis.evidence
    for item in analysis.evidence:
        assert item.quote in facts.transcript.text
        assert 0 <= item.start < item.end <= facts.transcript.duration
    assert any("filler" in text for text in analysis.improvements)
    assert analysis.scored_by == "rubric"
    assert analysis.body_language_score is None
    assert analysis.voice_tone_score is None  # no audio measured: no made-up number


def test_a_strong_behavioral_answer_is_credited_for_its_structure() -> None:
    pair = next(p for p in PAIRS if p.category == "behavioral")
    analysis = rubric_analysis(_facts(pair, pair.strong))
    assert analysis is not None
    assert analysis.content.star is not None
    assert analysis.content.star.count == 4
    assert "A complete story: situation, task, action and result." in analysis.strengths
    assert not any("STAR" in text for text in analysis.improvements)


def test_no_usable_speech_gets_no_scores() -> None:
    pair = PAIRS[0]
    transcript = Transcript(
        text="", words=[], duration=3.0, usable=False, reason="No speech was detected."
    )
    assert rubric_analysis(_measured(pair, transcript)) is None
