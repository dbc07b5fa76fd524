"""A short-lived Redis copy of user rows, so authenticated requests can skip the database.

Every write to a user goes through `forget`; the TTL only bounds the damage of a write
made outside the service (an operator's SQL).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypedDict

import msgspec
from redis.asyncio import Redis

PREFIX = "ic:user:"


class CachedUser(TypedDict):
    """What is cached of a user: everything but the password hash."""

    id: uuid.UUID
    name: str
    email: str
    role: str
    is_verified: bool
    settings: str
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None


_decoder = msgspec.json.Decoder(CachedUser)


def cache_key(user_id: uuid.UUID) -> str:
    """The Redis key of one user."""
    return f"{PREFIX}{user_id}"


def decode(raw: str | bytes | None) -> dict[str, Any] | None:
    """A cached row, or None when absent or unreadable."""
    if not raw:
        return None
    try:
        return dict(_decoder.decode(raw))
    except msgspec.DecodeError:
        return None


async def remember(redis: Redis, row: dict[str, Any], ttl_seconds: int) -> None:
    """Cache a user row without its password hash."""
    if ttl_seconds <= 0:
        return
    fields = {name: row[name] for name in CachedUser.__annotations__}
    fields["settings"] = (
        row["settings"]
        if isinstance(row["settings"], str)
        else (msgspec.json.encode(row["settings"]).decode())
    )
    await redis.set(cache_key(row["id"]), msgspec.json.encode(fields), ex=ttl_seconds)


async def forget(redis: Redis, user_id: uuid.UUID) -> None:
    """Drop a user's cached row after it changed."""
    await redis.delete(cache_key(user_id))
