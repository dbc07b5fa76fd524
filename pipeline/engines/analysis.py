"""The AnswerAnalysis of the contract, and what every scorer is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import msgspec

from pipeline.engines.content import ContentMetrics
from pipeline.engines.delivery import DeliveryMetrics
from pipeline.engines.key_points import KeyPointVerdict
from pipeline.engines.story import StarParts
from pipeline.engines.transcript import Transcript
from pipeline.engines.voice import VoiceMetrics


class Evidence(msgspec.Struct, rename="camel", frozen=True):
    """A verbatim quote from the transcript, when it was said, and why it matters."""

    quote: str
    start: float
    end: float
    note: str


class ContentOut(msgspec.Struct, rename="camel", frozen=True):
    """The contract's `content` block."""

    skills_covered: list[str]
    skills_missed: list[str]
    star: StarParts | None
    # Defaults: analyses stored before per-point verdicts still decode.
    key_points: list[KeyPointVerdict] = []
    quantified: bool = False
    terms_only: bool = False
    declined: bool = False


class AnswerAnalysis(msgspec.Struct, rename="camel", kw_only=True):
    """Scores (0-100, or null when not measured) with the facts and quotes behind them."""

    confidence_score: int | None
    clarity_score: int | None
    technical_score: int | None
    body_language_score: int | None = None  # audio-only answers: never measured
    voice_tone_score: int | None
    # Says what voiceToneScore rests on, so no one reads more into it than the sound.
    voice_tone_basis: str = "acoustic estimate: pitch and loudness variation of the recording"
    keywords: list[str]
    strengths: list[str]
    improvements: list[str]
    detailed_feedback: str
    scored_by: str
    delivery: DeliveryMetrics
    content: ContentOut
    voice: VoiceMetrics | None
    evidence: list[Evidence]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ScoringInput:
    """Everything measured about one answer, handed to a scorer as facts."""

    question_text: str
    category: str
    skills: list[str]
    key_points: list[str]
    transcript: Transcript
    delivery: DeliveryMetrics
    content: ContentMetrics
    voice: VoiceMetrics | None


def content_out(content: ContentMetrics) -> ContentOut:
    """The contract's view of the content metrics."""
    return ContentOut(
        skills_covered=content.skills_covered,
        skills_missed=content.skills_missed,
        star=content.star,
        key_points=content.key_points,
        quantified=content.quantified,
        terms_only=content.terms_only,
        declined=content.declined,
    )
