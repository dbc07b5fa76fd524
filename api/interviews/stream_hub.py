"""One Redis pub/sub connection per API process, shared by every open event stream.

A subscriber per stream would hold a connection of the request pool for the stream's whole
life: a hundred open streams took every other endpoint down. Here one pattern subscription,
on a client of its own, wakes the streams of this process; the per-user bound lives in Redis
(so it holds across processes) and the per-process bound in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from api.errors import RateLimited, ServiceUnavailable
from pipeline.interface import CHANNEL_PATTERN

log = structlog.get_logger("api.streams")
# A stream renews its place in the per-user set at least this often; a process that died
# leaves places that lapse after LAPSE_SECONDS.
LAPSE_SECONDS = 60
RECONNECT_SECONDS = 1.0
CLOSE_SECONDS = 2.0


def _streams_key(user_id: uuid.UUID) -> str:
    return f"ic:streams:{user_id}"


class StreamHub:
    """Wakes the event streams of this process when their interview's channel gets a notice."""

    def __init__(self, redis_url: str, *, per_user: int, per_process: int) -> None:
        self.redis_url, self.per_user, self.per_process = redis_url, per_user, per_process
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._task: asyncio.Task[None] | None = None
        self.open = 0

    async def _listen(self) -> None:
        while True:
            client = Redis.from_url(self.redis_url, decode_responses=True, socket_connect_timeout=2)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.psubscribe(CHANNEL_PATTERN)
                    self._wake_all()  # notices sent while we were away are lost: re-read
                    async for message in pubsub.listen():
                        if message["type"] == "pmessage":
                            for event in self._waiters.get(message["channel"], ()):
                                event.set()
            except (RedisError, OSError) as exc:
                log.warning("stream_hub_disconnected", error=type(exc).__name__)
            finally:
                await client.aclose()
            await asyncio.sleep(RECONNECT_SECONDS)

    def _wake_all(self) -> None:
        for events in self._waiters.values():
            for event in events:
                event.set()

    async def admit(self, redis: Redis, user_id: uuid.UUID, stream_id: str) -> None:
        """Take a place for a new stream, or refuse: 429 past the user's bound, 503 when full."""
        if self.open >= self.per_process:
            raise ServiceUnavailable("Too many event streams are open; poll the status instead.")
        key, now = _streams_key(user_id), time.time()
        async with redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, 0, now)
            pipe.zadd(key, {stream_id: now + LAPSE_SECONDS})
            pipe.zcard(key)
            pipe.expire(key, LAPSE_SECONDS)
            _, _, count, _ = await pipe.execute()
        if count > self.per_user:
            await redis.zrem(key, stream_id)
            raise RateLimited(
                f"At most {self.per_user} event streams per user; close one or poll the status.",
                retry_after=5,
            )

    async def renew(self, redis: Redis, user_id: uuid.UUID, stream_id: str) -> None:
        """Keep the stream's place while it is open."""
        key = _streams_key(user_id)
        await redis.zadd(key, {stream_id: time.time() + LAPSE_SECONDS}, xx=True)
        await redis.expire(key, LAPSE_SECONDS)

    async def release(self, redis: Redis, user_id: uuid.UUID, stream_id: str) -> None:
        """Give the place back."""
        with contextlib.suppress(RedisError, OSError):
            await redis.zrem(_streams_key(user_id), stream_id)

    @contextlib.asynccontextmanager
    async def follow(self, channel: str) -> AsyncIterator[asyncio.Event]:
        """An event set whenever `channel` gets a notice (or the hub reconnects)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._listen(), name="stream-hub")
        event = asyncio.Event()
        self._waiters.setdefault(channel, set()).add(event)
        self.open += 1
        try:
            yield event
        finally:
            self.open -= 1
            waiters = self._waiters.get(channel, set())
            waiters.discard(event)
            if not waiters:
                self._waiters.pop(channel, None)

    async def close(self) -> None:
        """Stop listening (app shutdown); bounded, a pub/sub client may hang in its own close."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=CLOSE_SECONDS)
