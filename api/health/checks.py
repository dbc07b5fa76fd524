"""Readiness probes of the service's dependencies."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from models.db import ping as ping_database

CHECK_TIMEOUT_SECONDS = 2.0


async def _probe(check: Callable[[], Awaitable[object]]) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except Exception:  # any failure means "not ready", whatever its type
        return "down"
    return "ok"


async def readiness(
    redis: Redis, extra: dict[str, Callable[[], Awaitable[object]]]
) -> dict[str, str]:
    """Status of each dependency, probed concurrently."""
    checks: dict[str, Callable[[], Awaitable[object]]] = {
        "database": ping_database,
        "redis": redis.ping,
        **extra,
    }
    results = await asyncio.gather(*(_probe(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))
