"""The one door from the API into the pipeline.

Stage rows in the database say what must run; this only tells the workers. Until the
Dramatiq actors exist it records each request in a Redis list, and the sweeper's
re-enqueue of `queued` stages makes a lost request harmless either way.
"""

from __future__ import annotations

import json
import time
import uuid

from redis.asyncio import Redis

REQUESTS = "ic:pipeline:requests"


async def request_stage(redis: Redis, stage: str, answer_id: uuid.UUID) -> None:
    """Ask the pipeline to run `stage` for an answer (after its rows are committed)."""
    message = {"stage": stage, "answer_id": str(answer_id), "requested_at": time.time()}
    await redis.rpush(REQUESTS, json.dumps(message))
