"""Result aggregation and voice metrics, on values built by hand."""

from __future__ import annotations

import numpy as np

from models.db import utcnow
from pipeline.engines.analysis import AnswerAnalysis, ContentOut
from pipeline.engines.delivery import delivery_metrics
from pipeline.engines.measure import measure
from pipeline.engines.result_rules import aggregate
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.transcript import Transcript, Word
from pipeline.engines.voice import SAMPLE_RATE, voice_metrics


def _analysis(
    technical: int,
    clarity: int,
    confidence: int,
    voice: int | None,
    strengths: list[str],
    improvements: list[str],
) -> AnswerAnalysis:
    return AnswerAnalysis(
        confidence_score=confidence,
        clarity_score=clarity,
        technical_score=technical,
        voice_tone_score=voice,
        keywords=[],
        strengths=strengths,
        improvements=improvements,
        detailed_feedback="",
        scored_by="rubric",
        delivery=delivery_metrics([]),
        content=ContentOut([], [], None),
        voice=None,
        evidence=[],
        created_at=utcnow(),
    )


def test_dimensions_average_and_overall_weighs_them() -> None:
    result = aggregate(
        [
            _analysis(80, 60, 70, 50, ["Few fillers", "Concrete figures"], ["Slow down"]),
            _analysis(60, 80, 90, None, ["Concrete figures"], ["Slow down", "Cover trade-offs"]),
        ],
        total_questions=5,
    )
    assert (result.technical_score, result.clarity_score, result.confidence_score) == (70, 70, 80)
    assert result.voice_tone_score == 50
    assert result.body_language_score is None
    assert result.overall_score == round(0.4 * 70 + 0.25 * 70 + 0.25 * 80 + 0.1 * 50)
    assert (result.questions_answered, result.total_questions) == (2, 5)
    assert "2 of 5" in result.summary


def test_answers_without_speech_count_but_add_no_scores() -> None:
    result = aggregate([None, _analysis(50, 50, 50, None, [], [])], total_questions=2)
    assert result.overall_score == 50
    assert result.voice_tone_score is None
    only_silence = aggregate([None], total_questions=3)
    assert only_silence.overall_score is None
    assert "could be scored" in only_silence.summary
    single = aggregate([_analysis(50, 50, 50, None, [], [])], total_questions=1)
    assert "over 1 of 1 question." in single.summary
    assert "work on technical (50)" in single.summary


def test_a_strong_result_is_not_told_to_work_on_its_lowest_dimension() -> None:
    result = aggregate([_analysis(94, 100, 97, None, [], [])], total_questions=1)
    assert "work on" not in result.summary
    assert "every dimension is at 85 or above" in result.summary


def _spoken(text: str, words_per_minute: float) -> AnswerAnalysis:
    per_word = 60 / words_per_minute
    words = [
        Word(t, i * per_word, i * per_word + per_word * 0.8) for i, t in enumerate(text.split())
    ]
    transcript = Transcript(text=" ".join(text.split()), words=words, duration=words[-1].end)
    facts = measure(
        transcript,
        question_text="How do you keep a service responsive under load?",
        category="technical",
        skills=[],
        key_points=["cache hot reads", "queue slow work"],
        audio=None,
    )
    analysis = rubric_analysis(facts)
    assert analysis is not None
    return analysis


def test_result_feedback_states_each_topic_once_from_all_answers() -> None:
    calm = "I cache the hot reads in memory, and I put slow work on a queue to answer at once."
    filler = "Um, so I would, um, put the slow work on a queue and, uh, answer right away."
    answers = [
        _spoken(f"{calm} {calm}", 160),
        _spoken(calm, 150),
        _spoken(f"{filler} {filler}", 140),
    ]
    result = aggregate(answers, total_questions=3)
    lines = result.strengths + result.improvements
    paces = [a.delivery.words_per_minute or 0 for a in answers]
    # One pace line with the range, not one line per answer.
    assert [line for line in lines if "words per minute" in line] == [
        f"A comfortable pace throughout: {min(paces)}-{max(paces)} words per minute."
    ]
    # Fillers counted over every answer, stated once, as an improvement.
    [fillers] = [line for line in lines if "filler" in line]
    words = sum(a.delivery.word_count for a in answers)
    assert fillers.startswith(f"6 filler words in {words} words")
    assert fillers in result.improvements
    assert "You made most of the key points in 2 of 3 answers." in result.strengths
    assert "Key points to work on: cache hot reads." in result.improvements


def _tone(freqs: np.ndarray) -> np.ndarray:
    phase = 2 * np.pi * np.cumsum(freqs) / SAMPLE_RATE
    return (0.3 * np.sin(phase)).astype(np.float32)


def test_a_steady_tone_has_its_pitch_and_no_variation() -> None:
    metrics = voice_metrics(_tone(np.full(SAMPLE_RATE * 2, 200.0)))
    assert metrics.pitch_median_hz is not None
    assert abs(metrics.pitch_median_hz - 200) < 5
    assert metrics.pitch_variation_semitones is not None
    assert metrics.pitch_variation_semitones < 0.2


def test_a_rising_voice_spans_its_pitch_range() -> None:
    glide = np.geomspace(120.0, 240.0, SAMPLE_RATE * 2)  # one octave
    metrics = voice_metrics(_tone(glide))
    assert metrics.pitch_range_semitones is not None
    assert 8 < metrics.pitch_range_semitones < 12.5


def test_silence_has_no_voice_metrics() -> None:
    metrics = voice_metrics(np.zeros(SAMPLE_RATE * 2, np.float32))
    assert metrics.pitch_median_hz is None
    assert metrics.voiced_seconds == 0.0
