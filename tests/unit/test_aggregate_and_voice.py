"""Result aggregation and voice metrics, on values built by hand."""

from __future__ import annotations

import numpy as np

from models.db import utcnow
from pipeline.aggregate import aggregate
from pipeline.analysis import AnswerAnalysis, ContentOut
from pipeline.delivery import delivery_metrics
from pipeline.voice import SAMPLE_RATE, voice_metrics


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
        content=ContentOut([], [], None, [], []),
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
    assert result.strengths[0] == "Concrete figures"
    assert result.improvements[0] == "Slow down"
    assert (result.questions_answered, result.total_questions) == (2, 5)
    assert "2 of 5" in result.summary


def test_answers_without_speech_count_but_add_no_scores() -> None:
    result = aggregate([None, _analysis(50, 50, 50, None, [], [])], total_questions=2)
    assert result.overall_score == 50
    assert result.voice_tone_score is None
    only_silence = aggregate([None], total_questions=3)
    assert only_silence.overall_score is None
    assert "could be scored" in only_silence.summary


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
