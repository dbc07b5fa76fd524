"""The Dramatiq actors, one queue per stage: `dramatiq pipeline.actors --queues transcribe`."""

from __future__ import annotations

import uuid
from typing import Any

import dramatiq

from api.logs import configure_logging
from api.settings import get_settings
from pipeline.broker import make_broker
from pipeline.context import worker_context
from pipeline.events import changed
from pipeline.results import build_result
from pipeline.runner import run_stage
from pipeline.score import score_answer as score_stage
from pipeline.transcribe import transcribe_answer as transcribe_stage

_settings = get_settings()
configure_logging(_settings.log_level)
dramatiq.set_broker(make_broker(_settings.redis_url))

# Retries are the stage rows' (attempts, backoff, failed after the last): Dramatiq's own
# would retry behind the database's back. The time limit only bounds the Python parts;
# CTranslate2 cannot be interrupted, which is what the sweeper's lease is for.
STAGE_OPTIONS: dict[str, Any] = {"max_retries": 0, "time_limit": 30 * 60 * 1000}


@dramatiq.actor(queue_name="transcribe", **STAGE_OPTIONS)
async def transcribe_answer(answer_id: str) -> None:
    """Speech to text for one answer."""
    await run_stage(uuid.UUID(answer_id), "transcribe", transcribe_stage)


@dramatiq.actor(queue_name="score", **STAGE_OPTIONS)
async def score_answer(answer_id: str) -> None:
    """Metrics and scores for one transcribed answer."""
    await run_stage(uuid.UUID(answer_id), "score", score_stage)


# Idempotent and stateless (it rebuilds the whole result), so Dramatiq's retries suit it;
# the sweeper resends it for any completed interview still without a result.
@dramatiq.actor(queue_name="aggregate", max_retries=5, min_backoff=2000)
async def aggregate_interview(interview_id: str) -> None:
    """The interview's result, once every answer is processed."""
    user_id = await build_result(uuid.UUID(interview_id))
    if user_id is not None:
        # The dashboard and history show the new score; event streams end.
        await changed(worker_context().redis, user_id, interview_id)
