"""What every stage shares in a worker process: settings, storage, Redis, the scorer, inputs.

The scorer is the one the settings ask for: the rubric, or the LLM with the rubric behind it.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from redis import Redis as SyncRedis
from redis.asyncio import Redis

from core.llm_client import daily_llm_budget, llm_configured, openai_client
from core.settings import Settings, get_settings
from models.tables import Answer
from pipeline.engines.analysis import AnswerAnalysis, ScoringInput
from pipeline.engines.llm_scorer import LlmScorer
from pipeline.engines.rubric import rubric_analysis
from storage.audio_store import AudioStore, open_store

# The question and interview an answer belongs to: what the engines need besides the audio.
_ANSWER_INPUTS = (
    Answer.id,
    Answer.user,
    Answer.interview,
    Answer.audio_key,
    Answer.transcription,
    Answer.question.text,
    Answer.question.category,
    Answer.question.key_points,
    Answer.interview.skills,
)


Scorer = Callable[[ScoringInput, str], AnswerAnalysis | None]


def make_scorer(settings: Settings, redis: SyncRedis) -> Scorer:
    """`score(facts, user_id)`: the LLM when configured, else (and on any failure) the rubric."""
    if settings.scorer != "llm" or not llm_configured(settings):
        return lambda facts, _user_id: rubric_analysis(facts)
    scorer = LlmScorer(
        openai_client(settings),
        model=settings.llm_model,
        max_tokens=settings.llm_max_tokens,
        within_budget=daily_llm_budget(redis, settings.llm_daily_calls_per_user),
    )
    return lambda facts, user_id: scorer.score(facts, user_id=user_id)


@dataclass(frozen=True, slots=True)
class WorkerContext:
    """What a worker process opens once and every message shares."""

    settings: Settings
    store: AudioStore
    redis: Redis
    scorer: Scorer


@lru_cache(maxsize=1)
def worker_context() -> WorkerContext:
    """Built on first use inside the worker's event loop, then shared."""
    settings = get_settings()
    return WorkerContext(
        settings=settings,
        store=open_store(settings),
        redis=Redis.from_url(settings.redis_url, decode_responses=True),
        scorer=make_scorer(settings, SyncRedis.from_url(settings.redis_url)),
    )


async def answer_inputs(answer_id: uuid.UUID) -> dict[str, Any] | None:
    """The answer's row with its question's and interview's fields (JSON decoded)."""
    rows = await Answer.select(*_ANSWER_INPUTS).where(Answer.id == answer_id).output(load_json=True)
    return rows[0] if rows else None


@asynccontextmanager
async def local_audio(store: AudioStore, key: str) -> AsyncIterator[Path]:
    """The recording as a local file: the stored one, or a temporary copy from S3."""
    if not store.is_s3:
        path = store.local_file(key)
        if path is None:  # keys are made by the API; one leading outside is a bug, not data
            raise ValueError(f"audio key outside the storage root: {key!r}")
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="ic-audio-") as directory:
        target = Path(directory) / Path(key).name
        await asyncio.to_thread(store.download, key, target)
        yield target
