"""AI-generated questions for the API, with the bank as the fallback."""

from __future__ import annotations

import random
import uuid

import structlog
from openai import AsyncOpenAI
from redis.asyncio import Redis

from api import ratelimit
from api.errors import RateLimited
from api.questions import service as bank
from api.questions.schemas import QuestionOut
from api.questions.selection import Candidate, select_questions
from api.questions.writer import GenerationFailed, generate_questions
from core.llm_client import count_llm_call, llm_configured
from core.settings import Settings

log = structlog.get_logger("api.questions")
HOUR = 3600


async def charge_generation(settings: Settings, redis: Redis, user_id: uuid.UUID) -> None:
    """Count one generation against the user's hourly limit and daily LLM budget, or 429."""
    await ratelimit.enforce(
        redis,
        f"generate:{user_id}",
        limit=settings.generate_per_user_per_hour,
        window=HOUR,
        detail="Too many question requests; try again later.",
    )
    async with redis.pipeline(transaction=True) as pipe:
        count_llm_call(pipe, str(user_id))
        calls, _ = await pipe.execute()
    if int(calls) > settings.llm_daily_calls_per_user:
        raise RateLimited("Today's allowance of generated questions is used up.", retry_after=HOUR)


async def generated_candidates(
    settings: Settings,
    llm: AsyncOpenAI | None,
    *,
    user_id: uuid.UUID,
    job_title: str,
    skills: list[str],
    job_description: str,
    difficulty: str,
    count: int,
    category: str | None = None,
) -> list[Candidate]:
    """New questions from the LLM, stored in the bank as AI-generated; [] if it failed."""
    if llm is None or not llm_configured(settings) or count <= 0:
        return []
    try:
        questions = await generate_questions(
            llm,
            model=settings.llm_model,
            job_title=job_title,
            skills=skills,
            job_description=job_description,
            difficulty=difficulty,
            count=count,
            category=category,
        )
    except GenerationFailed as exc:
        log.warning("question_generation_failed", error=str(exc)[:200])
        return []
    # Private to this user until an admin shares them; repeats of bank questions drop.
    added = await bank.insert_questions(
        questions, is_ai_generated=True, created_by=user_id, shared=False
    )
    return [Candidate(i, q.category, q.difficulty, frozenset(q.skills)) for i, q in added][:count]


async def generate_for_user(
    settings: Settings,
    llm: AsyncOpenAI | None,
    redis: Redis,
    user_id: uuid.UUID,
    *,
    job_title: str,
    skills: list[str],
    job_description: str,
    difficulty: str,
    count: int,
    category: str | None,
) -> tuple[list[QuestionOut], str]:
    """Questions for POST /api/questions/generate and where they came from ("ai" or "bank")."""
    await charge_generation(settings, redis, user_id)
    chosen = await generated_candidates(
        settings,
        llm,
        user_id=user_id,
        job_title=job_title,
        skills=skills,
        job_description=job_description,
        difficulty=difficulty,
        count=count,
        category=category,
    )
    source = "ai"
    if not chosen:
        source = "bank"
        pool = [
            c
            for c in await bank.candidates_for(difficulty, user_id)
            if category is None or c.category == category
        ]
        chosen = select_questions(
            pool,
            skills=skills,
            difficulty=difficulty,
            count=count,
            recently_seen=set(),
            rng=random.Random(),  # noqa: S311 - variety, not security
        )
    found = [await bank.get_question(c.id) for c in chosen]
    return [q for q in found if q is not None], source
