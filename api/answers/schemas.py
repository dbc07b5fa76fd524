"""Wire shapes of answers and their pipeline stages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec

from api.answers.attempts import Change


class StageOut(msgspec.Struct, rename="camel", kw_only=True):
    """One pipeline stage of an answer."""

    name: str
    status: str
    attempts: int
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


class AnswerOut(msgspec.Struct, rename="camel", kw_only=True):
    """A recorded answer and where its processing stands."""

    id: uuid.UUID
    interview_id: uuid.UUID
    question_id: uuid.UUID
    attempt: int
    audio_file_name: str
    audio_file_size: int
    audio_duration: float
    mime_type: str
    recorded_at: datetime | None
    status: str
    stages: list[StageOut]
    transcription: Any | None
    analysis: Any | None
    error: str | None
    processed_at: datetime | None
    created_at: datetime


class Attempt(msgspec.Struct, rename="camel", kw_only=True):
    """One attempt at a question, with what changed since the attempt before it."""

    answer: AnswerOut
    # Empty for the first attempt.
    changes: list[Change]


class QuestionAttempts(msgspec.Struct, rename="camel", kw_only=True):
    """Every attempt at one question of an interview, oldest first."""

    question_id: uuid.UUID
    attempts: list[Attempt]


class AnswerProgress(msgspec.Struct, rename="camel", kw_only=True):
    """An answer as the status poll shows it."""

    answer_id: uuid.UUID
    question_id: uuid.UUID
    status: str
    stages: list[StageOut]


class AudioUrl(msgspec.Struct, rename="camel"):
    """A playable, expiring link to the recording."""

    url: str
    expires_at: datetime
