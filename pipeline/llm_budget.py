"""A per-user daily allowance of LLM calls: third-party spend is a resource to protect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from redis import Redis

DAY_SECONDS = 24 * 3600


def budget_key(user_id: str) -> str:
    """Today's counter of a user's LLM calls (scoring and question generation alike)."""
    return f"ic:llm-calls:{user_id}:{datetime.now(UTC).date().isoformat()}"


def daily_llm_budget(redis: Redis, calls_per_day: int) -> Callable[[str], bool]:
    """A check that counts one call for the user and says whether it is still allowed."""

    def within_budget(user_id: str) -> bool:
        key = budget_key(user_id)
        with redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * DAY_SECONDS, nx=True)
            count, _ = pipe.execute()
        return int(count) <= calls_per_day

    return within_budget
