"""The LLM writes interview questions in the bank's own shape; the caller falls back to the bank."""

from __future__ import annotations

import json
from typing import Annotated, Any

import msgspec
import openai
import structlog
from msgspec import Meta

from core.bank import BankQuestion, text_key
from core.skills import normalise_skills

log = structlog.get_logger("api.questions")
SYSTEM_PROMPT = (
    "You write interview questions. Each question is one or two sentences a candidate "
    "answers out loud in about two minutes, with three or four key points a strong answer "
    "covers. Reply with JSON only, following the schema."
)


class GeneratedQuestion(msgspec.Struct, rename="camel", frozen=True):
    """One question as the model must return it."""

    question_text: Annotated[str, Meta(min_length=15, max_length=400)]
    category: Annotated[str, Meta(pattern="^(behavioral|technical|situational)$")]
    difficulty: Annotated[str, Meta(pattern="^(easy|medium|hard)$")]
    skills: Annotated[list[Annotated[str, Meta(max_length=64)]], Meta(max_length=8)]
    key_points: Annotated[
        list[Annotated[str, Meta(min_length=3, max_length=300)]], Meta(min_length=2, max_length=6)
    ]
    expected_answer_duration: Annotated[int, Meta(ge=30, le=600)]


class GeneratedQuestions(msgspec.Struct, frozen=True):
    """The model's whole reply."""

    questions: Annotated[list[GeneratedQuestion], Meta(max_length=20)]


SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["questions"],
    "properties": {
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "questionText",
                    "category",
                    "difficulty",
                    "skills",
                    "keyPoints",
                    "expectedAnswerDuration",
                ],
                "properties": {
                    "questionText": {"type": "string"},
                    "category": {
                        "type": "string",
                        "enum": ["behavioral", "technical", "situational"],
                    },
                    "difficulty": {"type": "string", "enum": ["easy", "medium", "hard"]},
                    "skills": {"type": "array", "items": {"type": "string"}},
                    "keyPoints": {"type": "array", "items": {"type": "string"}},
                    "expectedAnswerDuration": {"type": "integer"},
                },
            },
        }
    },
}


class GenerationFailed(Exception):
    """No usable questions came back; use the bank."""


async def generate_questions(
    client: openai.AsyncOpenAI,
    *,
    model: str,
    job_title: str,
    skills: list[str],
    job_description: str,
    difficulty: str,
    count: int,
    category: str | None,
    max_tokens: int = 1500,
) -> list[BankQuestion]:
    """New questions matching the request (about `count`), distinct from each other."""
    request = {
        "jobTitle": job_title,
        "skills": skills,
        "jobDescription": job_description[:2000],
        "difficulty": difficulty,
        "count": count,
        "category": category or "any",
    }
    try:  # the client retries what is worth retrying (core.llm_client)
        response = await client.chat.completions.create(
            model=model,
            temperature=0.7,
            max_tokens=max_tokens,
            messages=[
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": json.dumps(request)},
            ],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "interview_questions", "strict": True, "schema": SCHEMA},
            },
        )
    except openai.APIError as exc:
        raise GenerationFailed(type(exc).__name__) from exc
    choice = response.choices[0]
    if choice.finish_reason == "length":
        raise GenerationFailed("truncated reply")
    try:
        reply = msgspec.json.decode(choice.message.content or "", type=GeneratedQuestions)
    except msgspec.DecodeError as exc:
        raise GenerationFailed(str(exc)) from exc
    return _keep(reply.questions, difficulty=difficulty, category=category, skills=skills)


def _keep(
    questions: list[GeneratedQuestion],
    *,
    difficulty: str,
    category: str | None,
    skills: list[str],
) -> list[BankQuestion]:
    kept: dict[str, BankQuestion] = {}
    for q in questions:
        if q.difficulty != difficulty or (category and q.category != category):
            continue  # the model ignored the request; do not pass it on
        kept.setdefault(
            text_key(q.question_text),
            BankQuestion(
                text=" ".join(q.question_text.split()),
                category=q.category,
                difficulty=q.difficulty,
                skills=normalise_skills(q.skills or skills),
                expected_answer_duration=q.expected_answer_duration,
                key_points=[" ".join(p.split()) for p in q.key_points],
            ),
        )
    if not kept:
        raise GenerationFailed("no question matched the request")
    # All are kept: the caller drops repeats of the bank before taking `count`.
    return list(kept.values())
