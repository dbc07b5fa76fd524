"""Per-user cache of rendered read views (dashboard, interview pages) in Redis.

All of a user's views live in one hash, dropped together whenever anything of theirs
changes. A `gen` field makes the drop race-free: a view computed before a change carries
the old generation and is refused when it is stored after the change.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

PREFIX = "ic:views:"
GENERATION = "gen"
# A safety net only: every change through the API drops the views at once.
DEFAULT_TTL_SECONDS = 600

_STORE_IF_CURRENT = """
local current = redis.call('HGET', KEYS[1], 'gen')
if (current or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
"""


def _key(user_id: uuid.UUID) -> str:
    return f"{PREFIX}{user_id}"


async def read_view(redis: Redis, user_id: uuid.UUID, name: str) -> tuple[bytes | None, str]:
    """A cached view (or None) and the generation to store a fresh one under."""
    body, generation = await redis.hmget(_key(user_id), [name, GENERATION])
    as_bytes = body.encode() if isinstance(body, str) else body
    return as_bytes, generation.decode() if isinstance(generation, bytes) else (generation or "")


async def store_view(
    redis: Redis,
    user_id: uuid.UUID,
    name: str,
    body: bytes,
    generation: str,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> None:
    """Cache a view unless the user's data changed since `generation` was read."""
    await redis.eval(_STORE_IF_CURRENT, 1, _key(user_id), generation, name, body, ttl_seconds)


async def forget_views(redis: Redis, user_id: uuid.UUID) -> None:
    """Drop every cached view of the user and start a new generation."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.delete(_key(user_id))
        pipe.hset(_key(user_id), GENERATION, uuid.uuid4().hex)
        pipe.expire(_key(user_id), DEFAULT_TTL_SECONDS)
        await pipe.execute()


async def cached_view(
    redis: Redis,
    user_id: uuid.UUID,
    name: str,
    render: Callable[[], Awaitable[bytes]],
    *,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> bytes:
    """The view from cache, or rendered now and cached for the next read (ttl 0: no cache)."""
    if ttl_seconds <= 0:
        return await render()
    body, generation = await read_view(redis, user_id, name)
    if body is None:
        body = await render()
        await store_view(redis, user_id, name, body, generation, ttl_seconds)
    return body
