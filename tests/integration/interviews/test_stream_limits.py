"""Event streams are bounded per user (across processes, in Redis) and per API process."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis

from api.errors import RateLimited, ServiceUnavailable
from api.interviews.stream_hub import StreamHub
from core.settings import Settings


async def test_a_full_process_refuses_new_streams_with_503(
    settings: Settings, redis: Redis
) -> None:
    hub = StreamHub(settings.redis_url, per_user=5, per_process=1)
    async with hub.follow("ic:interview-changes:one"):
        with pytest.raises(ServiceUnavailable):
            await hub.admit(redis, uuid.uuid4(), "second")
    await hub.admit(redis, uuid.uuid4(), "after")  # the place came back with the stream
    await hub.close()


async def test_places_are_counted_per_user_across_hubs(settings: Settings, redis: Redis) -> None:
    # Two hubs stand for two API processes sharing one Redis.
    one, two = (StreamHub(settings.redis_url, per_user=2, per_process=100) for _ in range(2))
    user = uuid.uuid4()
    await one.admit(redis, user, "a")
    await two.admit(redis, user, "b")
    with pytest.raises(RateLimited):
        await two.admit(redis, user, "c")
    await one.release(redis, user, "a")
    await two.admit(redis, user, "c")
    await one.admit(redis, uuid.uuid4(), "someone else")  # other users are not counted
