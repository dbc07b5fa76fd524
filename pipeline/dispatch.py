"""The one door into the pipeline: a message carrying an id, after the rows are committed.

Stage rows in the database say what must run; messages only wake the workers. A message
that is lost (Redis restart, killed worker) is sent again by the sweeper.
"""

from __future__ import annotations

import asyncio
import uuid

from dramatiq import Message

from pipeline.broker import make_broker
from pipeline.stages import STAGES


def send(broker_url: str, stage: str, target_id: uuid.UUID, *, delay_seconds: float = 0) -> None:
    """Enqueue `stage` for an answer (or, for aggregate, an interview); blocking."""
    declared = STAGES[stage]
    message: Message[None] = Message(
        queue_name=declared.queue,
        actor_name=declared.actor,
        args=(str(target_id),),
        kwargs={},
        options={},
    )
    delay = int(delay_seconds * 1000) or None
    make_broker(broker_url).enqueue(message, delay=delay)


async def request_stage(
    broker_url: str, stage: str, target_id: uuid.UUID, *, delay_seconds: float = 0
) -> None:
    """Ask the pipeline to run `stage` (the broker clients under Dramatiq are blocking)."""
    await asyncio.to_thread(send, broker_url, stage, target_id, delay_seconds=delay_seconds)
