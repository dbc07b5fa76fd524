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


async def over_limit(redis: Redis, keys: dict[str, int]) -> int | None:
    """Seconds to wait if any key has reached its limit, else None."""
    names = [PREFIX + k for k in keys]
    async with redis.pipeline(transaction=False) as pipe:
        pipe.mget(names)
        for name in names:
            pipe.ttl(name)
        counts, *ttls = await pipe.execute()
    waits = [
        max(1, int(ttl))
        for count, ttl, limit in zip(counts, ttls, keys.values(), strict=True)
        if count is not None and int(count) >= limit
    ]
    return max(waits) if waits else None


async def clear(redis: Redis, key: str) -> None:
    """Forget a key's count (e.g. after a successful login)."""
    await redis.delete(PREFIX + key)
