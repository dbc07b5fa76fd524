"""Per-user cache of rendered read views (dashboard, interview pages) in Redis.

All of a user's views live in one hash, dropped together whenever anything of theirs
changes. A `gen` field makes the drop race-free: a view computed before a change carries
the old generation and is refused when it is stored after the change. Each user's views are
bounded (MAX_VIEWS entries, MAX_BYTES in all), the oldest dropped first: distinct list
filters would otherwise grow one user's hash without end.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

PREFIX = "ic:views:"
ORDER_PREFIX = "ic:views-order:"
GENERATION = "gen"
# A safety net only: every change through the API drops the views at once.
DEFAULT_TTL_SECONDS = 600
MAX_VIEWS = 50
MAX_BYTES = 1024 * 1024

# KEYS: the views hash, the list of view names oldest first.
# ARGV: generation, name, body, ttl, max views, max bytes.
_STORE_IF_CURRENT = """
local current = redis.call('HGET', KEYS[1], 'gen')
if (current or '') ~= ARGV[1] then return 0 end
local size = string.len(ARGV[3])
if size > tonumber(ARGV[6]) then return 0 end
local old = redis.call('HGET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if old then
  redis.call('HINCRBY', KEYS[1], 'bytes', size - string.len(old))
else
  redis.call('HINCRBY', KEYS[1], 'bytes', size)
  redis.call('RPUSH', KEYS[2], ARGV[2])
end
while redis.call('LLEN', KEYS[2]) > tonumber(ARGV[5])
    or tonumber(redis.call('HGET', KEYS[1], 'bytes')) > tonumber(ARGV[6]) do
  local oldest = redis.call('LPOP', KEYS[2])
  if not oldest then break end
  local body = redis.call('HGET', KEYS[1], oldest)
  if body then
    redis.call('HDEL', KEYS[1], oldest)
    redis.call('HINCRBY', KEYS[1], 'bytes', -string.len(body))
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
"""


def _key(user_id: uuid.UUID) -> str:
    return f"{PREFIX}{user_id}"


def _order_key(user_id: uuid.UUID) -> str:
    return f"{ORDER_PREFIX}{user_id}"


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
    await redis.eval(
        _STORE_IF_CURRENT,
        2,
        _key(user_id),
        _order_key(user_id),
        generation,
        name,
        body,
        ttl_seconds,
        MAX_VIEWS,
        MAX_BYTES,
    )


async def forget_views(redis: Redis, user_id: uuid.UUID) -> None:
    """Drop every cached view of the user and start a new generation."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.delete(_key(user_id), _order_key(user_id))
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
