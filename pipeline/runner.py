"""Run one stage of one answer: claim it, do the work, record the outcome, wake what follows."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from models.tables import Interview
from pipeline import claims
from pipeline.context import WorkerContext, answer_inputs, worker_context
from pipeline.dispatch import request_stage
from pipeline.notices import announce, changed

log = structlog.get_logger("pipeline")

StageBody = Callable[[WorkerContext, dict[str, Any]], Awaitable[dict[Any, Any]]]
MAX_ERROR_CHARS = 300
# A running stage renews its claim this often; the sweeper requeues one silent for
# STAGE_HEARTBEAT_TIMEOUT_SECONDS (a killed worker), however long the work itself takes.
HEARTBEAT_SECONDS = 5.0
# The claims this process holds now, handed back if the worker is stopped (see actors.py).
HELD: set[claims.Claim] = set()


def describe(error: BaseException) -> str:
    """What went wrong, short enough for a stage row and an operator's screen."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:MAX_ERROR_CHARS] if text else type(error).__name__


async def run_stage(answer_id: uuid.UUID, stage: str, body: StageBody) -> None:
    """One try of `stage`; a message for a stage that is not queued is a no-op."""
    ctx = worker_context()
    held = await claims.claim(answer_id, stage)
    if held is None:
        log.info("stage_skipped", stage=stage, answer_id=str(answer_id))
        return
    HELD.add(held)  # at once: a SIGTERM from now on hands it back
    inputs = await answer_inputs(answer_id)
    if inputs is None:  # deleted with its interview while queued
        HELD.discard(held)
        return
    log.info("stage_started", stage=stage, answer_id=str(answer_id), attempt=held.attempt)
    await announce(ctx.redis, inputs["interview"])
    beating = asyncio.create_task(_beat(held))
    try:
        values = await body(ctx, inputs)
    except Exception as error:  # any failure is recorded on the stage row, never lost
        if _process_exiting(error):
            # A second SIGTERM (honcho signals the whole process group) ends the process
            # mid-work: the stage goes back uncounted, for the sweeper to send on.
            await claims.hand_back(held)
            log.warning("stage_interrupted", stage=stage, answer_id=str(answer_id))
            return
        log.exception("stage_failed", stage=stage, answer_id=str(answer_id), attempt=held.attempt)
        settings = ctx.settings
        if await claims.fail(held, describe(error), max_attempts=settings.stage_max_attempts):
            delay = claims.retry_delay(held.attempt, settings.stage_retry_seconds)
            await request_stage(ctx.settings.broker, stage, answer_id, delay_seconds=delay)
        else:
            await _after_answer(ctx, inputs)
        await changed(ctx.redis, inputs["user"], inputs["interview"])
        return
    finally:
        beating.cancel()
        HELD.discard(held)
    following = await claims.finish(held, values)
    log.info("stage_succeeded", stage=stage, answer_id=str(answer_id), attempt=held.attempt)
    if following:
        await request_stage(ctx.settings.broker, following, answer_id)
    else:
        await _after_answer(ctx, inputs)
    await changed(ctx.redis, inputs["user"], inputs["interview"])


def _process_exiting(error: BaseException) -> bool:
    """The interpreter is shutting down under the work (the executor refuses new threads)."""
    return isinstance(error, RuntimeError) and "interpreter shutdown" in str(error)


async def _beat(held: claims.Claim) -> None:
    """Renew the claim until cancelled; a missed beat (database hiccup) is only logged."""
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        try:
            if not await claims.heartbeat(held):
                return  # superseded (reprocess, or requeued after a stall): stop renewing
        except Exception:
            log.warning("heartbeat_failed", stage=held.stage, answer_id=str(held.answer_id))


async def hand_back_all() -> None:
    """Return every stage this process holds to the queue (the sweeper sends it on)."""
    for held in list(HELD):
        if await claims.hand_back(held):
            log.info("stage_handed_back", stage=held.stage, answer_id=str(held.answer_id))


async def _after_answer(ctx: WorkerContext, inputs: dict[str, Any]) -> None:
    """An answer reached its end: the interview's result may now be buildable."""
    interview_id = inputs["interview"]
    # Read now, not from `inputs`: the user may have completed the interview meanwhile.
    if await Interview.exists().where(
        (Interview.id == interview_id) & (Interview.status == "completed")
    ):
        await request_stage(ctx.settings.broker, "aggregate", interview_id)
