"""Wire shapes of interviews and their questions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.answers.schemas import AnswerOut, AnswerProgress
from api.questions.schemas import Difficulty, Skill

Status = Literal["pending", "in-progress", "completed", "cancelled"]
Source = Literal["bank", "ai", "mixed"]
JobTitle = Annotated[str, Meta(min_length=1, max_length=200)]
JobDescription = Annotated[str, Meta(max_length=5000)]


class InterviewCreate(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /api/interviews."""

    job_title: JobTitle
    skills: Annotated[list[Skill], Meta(min_length=1, max_length=20)]
    difficulty: Difficulty
    job_description: JobDescription = ""
    question_count: Annotated[int, Meta(ge=1, le=20)] = 5
    source: Source = "bank"


class InterviewUpdate(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """PATCH /api/interviews/:id: only the keys sent change."""

    status: Status | UnsetType = UNSET
    job_title: JobTitle | UnsetType = UNSET
    job_description: JobDescription | UnsetType = UNSET


class QuestionSkip(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """PATCH /api/interviews/:id/questions/:questionId."""

    status: Literal["skipped"]


class InterviewOut(msgspec.Struct, rename="camel", kw_only=True):
    """An interview as lists show it."""

    id: uuid.UUID
    job_title: str
    skills: list[str]
    job_description: str
    status: str
    difficulty: str
    source: str
    score: int | None
    started_at: datetime | None
    completed_at: datetime | None
    duration: int | None
    question_count: int
    answered_count: int
    created_at: datetime
    updated_at: datetime


class InterviewQuestionOut(msgspec.Struct, rename="camel", kw_only=True):
    """A question of an interview, in asking order."""

    question_id: uuid.UUID
    order: int
    status: str
    question_text: str
    category: str
    difficulty: str
    skills: list[str]
    expected_answer_duration: int


class InterviewDetail(InterviewOut, kw_only=True):
    """An interview with its questions and answers."""

    questions: list[InterviewQuestionOut]
    answers: list[AnswerOut] = []


class Completion(msgspec.Struct, rename="camel"):
    """202 body of POST /api/interviews/:id/complete."""

    interview: InterviewOut
    result_status: str


class InterviewStatus(msgspec.Struct, rename="camel"):
    """What the frontend polls while answers are processed."""

    interview_status: str
    result_status: str
    answers: list[AnswerProgress]
