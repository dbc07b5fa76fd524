"""Fixed-window counters in Redis, shared by every API process."""

from __future__ import annotations

from redis.asyncio import Redis

from api.errors import RateLimited

PREFIX = "ic:rl:"


async def hit(redis: Redis, key: str, *, window: int) -> tuple[int, int]:
    """Count one event in the key's window; return (count, seconds left)."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(PREFIX + key)
        pipe.expire(PREFIX + key, window, nx=True)
        pipe.ttl(PREFIX + key)
        count, _, ttl = await pipe.execute()
    return int(count), max(1, int(ttl))


async def enforce(redis: Redis, key: str, *, limit: int, window: int, detail: str) -> None:
    """Count one event; 429 with Retry-After once the key passes `limit` in its window."""
    count, ttl = await hit(redis, key, window=window)
    if count > limit:
        raise RateLimited(detail, retry_after=ttl)


async def give_back(redis: Redis, key: str) -> None:
    """Uncount one event that turned out fine (never below zero)."""
    if int(await redis.decr(PREFIX + key)) < 0:
        await redis.delete(PREFIX + key)


async def clear(redis: Redis, key: str) -> None:
    """Forget a key's count (e.g. after a successful login)."""
    await redis.delete(PREFIX + key)
