"""Deleting an account: rows, recordings, caches and every token, at once."""

from __future__ import annotations

import uuid

import structlog
from redis.asyncio import Redis

from api.users import cache
from core.settings import Settings
from core.view_cache import forget_views
from models.tables import Answer, Interview, User
from pipeline.interface import announce
from storage.audio_store import AudioStore

log = structlog.get_logger("api.users")
DELETED = "ic:deleted-user:"


def deleted_key(user_id: uuid.UUID) -> str:
    """Present while tokens of a deleted account could still be unexpired."""
    return f"{DELETED}{user_id}"


async def delete_account(
    settings: Settings, redis: Redis, store: AudioStore, user_id: uuid.UUID
) -> None:
    """Remove the user with their interviews, answers, recordings, results and sessions."""
    keys = [
        r["audio_key"] for r in await Answer.select(Answer.audio_key).where(Answer.user == user_id)
    ]
    interviews = [
        r["id"] for r in await Interview.select(Interview.id).where(Interview.user == user_id)
    ]
    # Marked first: a request holding a cached copy of the row is refused from now on.
    await redis.set(deleted_key(user_id), "1", ex=settings.access_token_ttl_seconds + 60)
    await User.delete().where(User.id == user_id)  # the rest goes with it (ON DELETE CASCADE)
    await cache.forget(redis, user_id)
    await forget_views(redis, user_id)
    for interview_id in interviews:
        await announce(redis, interview_id)  # open event streams end
    try:
        await store.delete(keys)
    except OSError:
        # The rows are gone, so nothing can reach these files; log them for a clean-up.
        log.exception("audio_delete_failed", user_id=str(user_id), keys=keys)
