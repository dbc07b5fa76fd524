"""Run one stage of one answer: claim it, do the work, record the outcome, wake what follows."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from models.tables import Interview
from pipeline import stages
from pipeline.context import WorkerContext, answer_inputs, worker_context
from pipeline.dispatch import request_stage
from pipeline.events import announce, changed

log = structlog.get_logger("pipeline")

StageBody = Callable[[WorkerContext, dict[str, Any]], Awaitable[dict[Any, Any]]]
MAX_ERROR_CHARS = 300


def describe(error: BaseException) -> str:
    """What went wrong, short enough for a stage row and an operator's screen."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:MAX_ERROR_CHARS] if text else type(error).__name__


async def run_stage(answer_id: uuid.UUID, stage: str, body: StageBody) -> None:
    """One try of `stage`; a message for a stage that is not queued is a no-op."""
    ctx = worker_context()
    held = await stages.claim(answer_id, stage)
    if held is None:
        log.info("stage_skipped", stage=stage, answer_id=str(answer_id))
        return
    inputs = await answer_inputs(answer_id)
    if inputs is None:  # deleted with its interview while queued
        return
    log.info("stage_started", stage=stage, answer_id=str(answer_id), attempt=held.attempt)
    await announce(ctx.redis, inputs["interview"])
    try:
        values = await body(ctx, inputs)
    except Exception as error:  # any failure is recorded on the stage row, never lost
        log.exception("stage_failed", stage=stage, answer_id=str(answer_id), attempt=held.attempt)
        settings = ctx.settings
        if await stages.fail(held, describe(error), max_attempts=settings.stage_max_attempts):
            delay = stages.retry_delay(held.attempt, settings.stage_retry_seconds)
            await request_stage(ctx.settings.redis_url, stage, answer_id, delay_seconds=delay)
        else:
            await _after_answer(ctx, inputs)
        await changed(ctx.redis, inputs["user"], inputs["interview"])
        return
    following = await stages.finish(held, values)
    log.info("stage_succeeded", stage=stage, answer_id=str(answer_id), attempt=held.attempt)
    if following:
        await request_stage(ctx.settings.redis_url, following, answer_id)
    else:
        await _after_answer(ctx, inputs)
    await changed(ctx.redis, inputs["user"], inputs["interview"])


async def _after_answer(ctx: WorkerContext, inputs: dict[str, Any]) -> None:
    """An answer reached its end: the interview's result may now be buildable."""
    interview_id = inputs["interview"]
    # Read now, not from `inputs`: the user may have completed the interview meanwhile.
    if await Interview.exists().where(
        (Interview.id == interview_id) & (Interview.status == "completed")
    ):
        await request_stage(ctx.settings.redis_url, "aggregate", interview_id)
