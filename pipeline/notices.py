"""Stage-change notices over Redis pub/sub: workers announce, the API's event streams wake."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from core.view_cache import forget_views

CHANNEL_PATTERN = "ic:interview-changes:*"


def channel(interview_id: uuid.UUID | str) -> str:
    """The pub/sub channel of one interview's changes."""
    return CHANNEL_PATTERN.replace("*", str(interview_id))


async def announce(redis: Redis, interview_id: uuid.UUID | str) -> None:
    """Tell listeners something changed; they read the database for what (notices may drop)."""
    await redis.publish(channel(interview_id), "changed")


async def changed(redis: Redis, user_id: uuid.UUID, interview_id: uuid.UUID | str) -> None:
    """Drop the user's cached views and wake the interview's event streams."""
    await forget_views(redis, user_id)
    await announce(redis, interview_id)
