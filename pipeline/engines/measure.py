"""Measure an answer once: the facts every scorer works from."""

from __future__ import annotations

from pathlib import Path

from core.bank import concepts_for
from pipeline.engines.analysis import ScoringInput
from pipeline.engines.content import content_metrics
from pipeline.engines.delivery import delivery_metrics
from pipeline.engines.transcript import Transcript
from pipeline.engines.voice import voice_file_metrics


def measure(
    transcript: Transcript,
    *,
    question_text: str,
    category: str,
    skills: list[str],
    key_points: list[str],
    audio: Path | None,
    concepts: list[str] | None = None,
) -> ScoringInput:
    """Delivery, content and voice metrics of one transcribed answer."""
    return ScoringInput(
        question_text=question_text,
        category=category,
        skills=skills,
        key_points=key_points,
        transcript=transcript,
        delivery=delivery_metrics(transcript.words),
        content=content_metrics(
            transcript.words,
            skills=skills,
            key_points=key_points,
            category=category,
            concepts=concepts if concepts is not None else concepts_for(question_text, key_points),
        ),
        voice=voice_file_metrics(audio) if audio is not None else None,
    )
