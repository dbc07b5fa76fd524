"""The Dramatiq actors, one per declared stage: `dramatiq pipeline.actors --queues transcribe`."""

from __future__ import annotations

import logging
import signal
import threading
import uuid
from collections.abc import Awaitable, Callable
from types import FrameType
from typing import Any

import dramatiq
from dramatiq.asyncio import get_event_loop_thread

from core.logs import configure_logging
from core.settings import get_settings
from pipeline.aggregate import build_result
from pipeline.broker import make_broker
from pipeline.context import worker_context
from pipeline.notices import changed
from pipeline.runner import HELD, hand_back_all, run_stage
from pipeline.score import score_transcript
from pipeline.stages import STAGES
from pipeline.transcribe import transcribe_recording


class HandBackOnShutdown(dramatiq.Middleware):
    """On SIGTERM the stages in hand go back to the queue before anything else happens.

    Dramatiq would wait for the running work, but CTranslate2 cannot be interrupted, and a
    supervisor such as honcho signals the whole process group (so the worker process gets a
    second SIGTERM, which exits it at once) and sends SIGKILL seconds later. Handed back,
    the answer is taken up by the sweeper's next pass instead of after a heartbeat timeout.
    """

    def after_process_boot(self, broker: dramatiq.Broker) -> None:
        """Wrap Dramatiq's SIGTERM handler in the worker process."""
        dramatiq_handler = signal.getsignal(signal.SIGTERM)
        handing_back = threading.Lock()

        def on_sigterm(signum: int, frame: FrameType | None) -> None:
            loop = get_event_loop_thread()
            if HELD and loop is not None and handing_back.acquire(blocking=False):
                try:
                    loop.run_coroutine(hand_back_all())
                except Exception:
                    logging.getLogger("pipeline").exception("hand_back_failed")
            if callable(dramatiq_handler):
                dramatiq_handler(signum, frame)

        signal.signal(signal.SIGTERM, on_sigterm)


_settings = get_settings()
configure_logging(_settings.log_level)
_broker = make_broker(_settings.broker)
_broker.add_middleware(HandBackOnShutdown())
dramatiq.set_broker(_broker)

# Retries are the stage rows' (attempts, backoff, failed after the last): Dramatiq's own
# would retry behind the database's back. The time limit only bounds the Python parts;
# CTranslate2 cannot be interrupted, which is what heartbeats and the sweeper are for.
STAGE_OPTIONS: dict[str, Any] = {"max_retries": 0, "time_limit": 30 * 60 * 1000}
Body = Callable[[str], Awaitable[None]]


def _declared(stage: str, **options: Any) -> Callable[[Body], dramatiq.Actor[..., Any]]:
    """Register a function as the actor the stage table names, on the stage's queue."""
    declared = STAGES[stage]
    return dramatiq.actor(actor_name=declared.actor, queue_name=declared.queue, **options)


@_declared("transcribe", **STAGE_OPTIONS)
async def transcribe_answer(answer_id: str) -> None:
    """Speech to text for one answer."""
    await run_stage(uuid.UUID(answer_id), "transcribe", transcribe_recording)


@_declared("score", **STAGE_OPTIONS)
async def score_answer(answer_id: str) -> None:
    """Metrics and scores for one transcribed answer."""
    await run_stage(uuid.UUID(answer_id), "score", score_transcript)


# Idempotent and stateless (it rebuilds the whole result), so Dramatiq's retries suit it;
# the sweeper resends it for any completed interview still without a result.
@_declared("aggregate", max_retries=5, min_backoff=2000)
async def aggregate_interview(interview_id: str) -> None:
    """The interview's result, once every answer is processed."""
    user_id = await build_result(uuid.UUID(interview_id))
    if user_id is not None:
        # The dashboard and history show the new score; event streams end.
        await changed(worker_context().redis, user_id, interview_id)
