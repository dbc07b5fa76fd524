"""The LLM client: the one way to build an OpenAI client, for scoring (workers) and
question generation (API), and each user's daily allowance of calls to it.

Retries are the SDK's own: exponential backoff with jitter on connection errors, timeouts,
429 and 5xx, honouring the server's `Retry-After`. Build one per process and keep it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal, overload

import openai
from redis import Redis
from redis.asyncio.client import Pipeline as AsyncPipeline
from redis.client import Pipeline

from core.settings import Settings

# Third-party spend is a resource to protect: a per-user daily count, in Redis.
DAY_SECONDS = 24 * 3600


def llm_configured(settings: Settings) -> bool:
    """True when an LLM endpoint and model are set."""
    return bool(settings.llm_model)


@overload
def openai_client(settings: Settings, *, asynchronous: Literal[False] = ...) -> openai.OpenAI: ...
@overload
def openai_client(settings: Settings, *, asynchronous: Literal[True]) -> openai.AsyncOpenAI: ...
def openai_client(
    settings: Settings, *, asynchronous: bool = False
) -> openai.OpenAI | openai.AsyncOpenAI:
    """A client for the configured OpenAI-compatible endpoint, with the settings' retries."""
    kind = openai.AsyncOpenAI if asynchronous else openai.OpenAI
    return kind(
        base_url=settings.openai_base_url or None,
        api_key=settings.openai_api_key or "none",
        timeout=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
    )


def budget_key(user_id: str) -> str:
    """Today's counter of a user's LLM calls (scoring and question generation alike)."""
    return f"ic:llm-calls:{user_id}:{datetime.now(UTC).date().isoformat()}"


def count_llm_call(pipe: Pipeline | AsyncPipeline, user_id: str) -> None:
    """Queue one call on the user's counter for today (the caller executes the pipeline).

    The workers (sync Redis) and the API (asyncio Redis) count on the same key this way.
    """
    key = budget_key(user_id)
    pipe.incr(key)
    pipe.expire(key, 2 * DAY_SECONDS, nx=True)


def daily_llm_budget(redis: Redis, calls_per_day: int) -> Callable[[str], bool]:
    """A check that counts one call for the user and says whether it is still allowed."""

    def within_budget(user_id: str) -> bool:
        with redis.pipeline() as pipe:
            count_llm_call(pipe, user_id)
            count, _ = pipe.execute()
        return int(count) <= calls_per_day

    return within_budget
