"""Interview rules: create with chosen questions, list, read, poll; changes are in changes.py."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
import structlog
from openai import AsyncOpenAI
from redis.asyncio import Redis

from api.answers import service as answers
from api.errors import NotFound, ServiceUnavailable
from api.interviews.schemas import (
    InterviewCreate,
    InterviewDetail,
    InterviewOut,
    InterviewQuestionOut,
    InterviewStatus,
)
from api.interviews.transitions import result_status
from api.pagination import PageParams
from api.questions import service as bank
from api.questions.generation import charge_generation, generated_candidates
from api.questions.selection import order_for_asking, select_questions
from api.shaping import Page, page_of, shape
from core.llm_client import llm_configured
from core.settings import Settings
from core.skills import normalise_skills
from core.view_cache import cached_view, forget_views
from models.db import transaction
from models.sql import LIKE_ESCAPE, Where, contains_pattern, fetch, fetch_page
from models.tables import Interview, InterviewQuestion, InterviewResult

log = structlog.get_logger("api.interviews")

# How many of the user's latest interviews count as "recently seen" questions.
RECENT_INTERVIEWS = 5
SORTS = {
    "-createdAt": "created_at DESC, id",
    "createdAt": "created_at ASC, id",
    "-score": "score DESC NULLS LAST, created_at DESC, id",
    "score": "score ASC NULLS LAST, created_at DESC, id",
}
INTERVIEW_COLUMNS = (
    "id, job_title, skills, job_description, status, difficulty, source, score, started_at, "
    "completed_at, duration, question_count, answered_count, created_at, updated_at"
)


@dataclass(frozen=True, slots=True)
class InterviewFilters:
    """What GET /api/interviews may narrow by."""

    status: str | None = None
    difficulty: str | None = None
    search: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    sort: str = "-createdAt"


def interview_out(row: dict[str, Any]) -> InterviewOut:
    """An interview row as the API shows it."""
    return shape(row, InterviewOut, json_fields=("skills",))


async def owned_interview(user_id: uuid.UUID, interview_id: uuid.UUID) -> dict[str, Any]:
    """The user's interview row; anyone else's is as absent as a missing one."""
    rows = await fetch(
        f'SELECT {INTERVIEW_COLUMNS} FROM interviews WHERE id = {{}} AND "user" = {{}}',
        interview_id,
        user_id,
    )
    if not rows:
        raise NotFound("No such interview.")
    return rows[0]


async def recently_seen_questions(user_id: uuid.UUID) -> set[uuid.UUID]:
    """Questions from the user's latest interviews."""
    rows = await fetch(
        "SELECT iq.question FROM interview_questions iq WHERE iq.interview IN ("
        'SELECT id FROM interviews WHERE "user" = {} ORDER BY created_at DESC LIMIT {})',
        user_id,
        RECENT_INTERVIEWS,
    )
    return {uuid.UUID(str(row["question"])) for row in rows}


async def create_interview(
    settings: Settings,
    llm: AsyncOpenAI | None,
    redis: Redis,
    user_id: uuid.UUID,
    data: InterviewCreate,
    *,
    rng: random.Random | None = None,
) -> InterviewDetail:
    """Create an interview with questions from the LLM and/or the bank."""
    skills = normalise_skills(data.skills)
    wanted = {"bank": 0, "ai": data.question_count, "mixed": data.question_count // 2}
    if wanted[data.source] and llm_configured(settings):
        await charge_generation(settings, redis, user_id)
    generated = await generated_candidates(
        settings,
        llm,
        user_id=user_id,
        job_title=data.job_title,
        skills=skills,
        job_description=data.job_description,
        difficulty=data.difficulty,
        count=wanted[data.source],
    )
    taken = {c.id for c in generated}
    from_bank = select_questions(
        [c for c in await bank.candidates_for(data.difficulty, user_id) if c.id not in taken],
        skills=skills,
        difficulty=data.difficulty,
        count=data.question_count - len(generated),
        recently_seen=await recently_seen_questions(user_id),
        rng=rng or random.Random(),  # noqa: S311 - variety, not security
    )
    chosen = order_for_asking([*generated, *from_bank])
    if not chosen:
        raise ServiceUnavailable("The question bank is empty; an operator must load it.")
    # Record where the questions really came from: the LLM may have failed over to the bank.
    source = "bank" if not generated else ("ai" if not from_bank else "mixed")
    interview = Interview(
        user=user_id,
        job_title=data.job_title.strip(),
        job_description=data.job_description,
        skills=msgspec.json.encode(skills).decode(),
        difficulty=data.difficulty,
        source=source,
        question_count=len(chosen),
    )
    async with transaction():
        await Interview.insert(interview)
        await InterviewQuestion.insert(
            *(
                InterviewQuestion(interview=interview.id, question=q.id, position=position)
                for position, q in enumerate(chosen, start=1)
            )
        )
        await bank.count_usage([q.id for q in chosen])
    await forget_views(redis, user_id)
    return await interview_detail(user_id, interview.id)


async def interview_questions(interview_id: uuid.UUID) -> list[InterviewQuestionOut]:
    """The interview's questions in asking order."""
    rows = await fetch(
        'SELECT iq.question AS question_id, iq.position AS "order", iq.status, '
        "q.text AS question_text, q.category, q.difficulty, q.skills, "
        "q.expected_answer_duration FROM interview_questions iq "
        "JOIN questions q ON q.id = iq.question WHERE iq.interview = {} ORDER BY iq.position",
        interview_id,
    )
    return [shape(row, InterviewQuestionOut, json_fields=("skills",)) for row in rows]


async def interview_detail(user_id: uuid.UUID, interview_id: uuid.UUID) -> InterviewDetail:
    """An interview with its questions (and, once recorded, its answers)."""
    row = await owned_interview(user_id, interview_id)
    detail = msgspec.structs.asdict(interview_out(row))
    return InterviewDetail(
        **detail,
        questions=await interview_questions(interview_id),
        answers=await answers.interview_answers(interview_id),
    )


async def list_interviews_json(
    redis: Redis,
    user_id: uuid.UUID,
    params: PageParams,
    filters: InterviewFilters,
    *,
    cache_seconds: int,
) -> bytes:
    """The page as JSON, from the user's view cache when nothing changed since."""

    async def render() -> bytes:
        return msgspec.json.encode(await list_interviews(user_id, params, filters))

    return await cached_view(
        redis, user_id, f"interviews:{params}:{filters}", render, ttl_seconds=cache_seconds
    )


async def list_interviews(
    user_id: uuid.UUID, params: PageParams, filters: InterviewFilters
) -> Page[InterviewOut]:
    """One page of the user's interviews, filtered and sorted, in one query."""
    where = Where().add('"user" = {}', user_id)
    if filters.status:
        where.add("status = {}", filters.status)
    if filters.difficulty:
        where.add("difficulty = {}", filters.difficulty)
    if filters.search:
        where.add(f"LOWER(job_title) LIKE {{}} {LIKE_ESCAPE}", contains_pattern(filters.search))
    if filters.created_from:
        where.add("created_at >= {}", filters.created_from)
    if filters.created_to:
        where.add("created_at < {}", filters.created_to)
    rows, total = await fetch_page(
        INTERVIEW_COLUMNS,
        "interviews",
        where,
        SORTS[filters.sort],
        limit=params.page_size,
        offset=params.offset,
    )
    return page_of(
        [interview_out(row) for row in rows],
        page=params.page,
        page_size=params.page_size,
        total=total,
    )


async def interview_status(user_id: uuid.UUID, interview_id: uuid.UUID) -> InterviewStatus:
    """The interview's and its result's state, for polling."""
    row = await owned_interview(user_id, interview_id)
    has_result = await InterviewResult.exists().where(InterviewResult.interview == interview_id)
    return InterviewStatus(
        interview_status=row["status"],
        result_status=result_status(row["status"], has_result),
        answers=await answers.interview_progress(interview_id),
    )
