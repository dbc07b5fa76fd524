"""Wire shapes of interview results."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec

from api.answers.schemas import AnswerProgress


class ResultAnswer(msgspec.Struct, rename="camel", kw_only=True):
    """One question's answer (the latest attempt) as the result shows it."""

    question_id: uuid.UUID
    question_text: str
    answer_id: uuid.UUID
    status: str
    transcription: Any | None
    analysis: Any | None
    error: str | None


class ResultSummary(msgspec.Struct, rename="camel", kw_only=True):
    """A result in the history list."""

    id: uuid.UUID
    interview_id: uuid.UUID
    job_title: str
    difficulty: str
    overall_score: int | None
    confidence_score: int | None
    clarity_score: int | None
    technical_score: int | None
    body_language_score: int | None
    voice_tone_score: int | None
    total_questions: int
    questions_answered: int
    generated_at: datetime


class ResultOut(ResultSummary, kw_only=True):
    """The feedback of a completed interview."""

    strengths: list[str]
    improvements: list[str]
    summary: str
    answers: list[ResultAnswer]


class ResultPending(msgspec.Struct, rename="camel"):
    """202 body while the answers are still being processed."""

    status: str
    stages: list[AnswerProgress]
