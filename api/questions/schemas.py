"""Wire shapes of bank questions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Category = Literal["behavioral", "technical", "situational"]
Difficulty = Literal["easy", "medium", "hard"]
Skill = Annotated[str, Meta(min_length=1, max_length=64)]


class QuestionOut(msgspec.Struct, rename="camel", kw_only=True):
    """A bank question with how often it was used and how answers to it scored."""

    id: uuid.UUID
    question_text: str
    category: str
    difficulty: str
    skills: list[str]
    key_points: list[str]
    expected_answer_duration: int
    is_ai_generated: bool = msgspec.field(name="isAIGenerated")
    usage_count: int
    average_score: int | None = None
    created_at: datetime


class QuestionIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /api/admin/questions."""

    question_text: Annotated[str, Meta(min_length=10, max_length=1000)]
    category: Category
    difficulty: Difficulty
    skills: Annotated[list[Skill], Meta(max_length=20)] = []
    key_points: Annotated[
        list[Annotated[str, Meta(min_length=1, max_length=300)]], Meta(max_length=12)
    ] = []
    expected_answer_duration: Annotated[int, Meta(ge=15, le=900)] = 120


class GenerateIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /api/questions/generate."""

    job_title: Annotated[str, Meta(min_length=1, max_length=200)]
    skills: Annotated[list[Skill], Meta(min_length=1, max_length=20)]
    difficulty: Difficulty
    count: Annotated[int, Meta(ge=1, le=10)] = 5
    job_description: Annotated[str, Meta(max_length=5000)] = ""
    category: Category | None = None


class PracticeQuestion(msgspec.Struct, rename="camel", kw_only=True):
    """A question as a candidate may see it: no key points (the grading key), no bank figures."""

    id: uuid.UUID
    question_text: str
    category: str
    difficulty: str
    skills: list[str]
    expected_answer_duration: int
    is_ai_generated: bool = msgspec.field(name="isAIGenerated")


def practice_question(question: QuestionOut) -> PracticeQuestion:
    """The candidate's view of a bank question."""
    return PracticeQuestion(
        id=question.id,
        question_text=question.question_text,
        category=question.category,
        difficulty=question.difficulty,
        skills=question.skills,
        expected_answer_duration=question.expected_answer_duration,
        is_ai_generated=question.is_ai_generated,
    )


class GeneratedOut(msgspec.Struct, rename="camel"):
    """Questions for the request, and whether the LLM wrote them or the bank supplied them."""

    questions: list[PracticeQuestion]
    source: str
