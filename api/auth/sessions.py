"""Refresh-token families and the Redis denylist that kills access tokens early."""

from __future__ import annotations

import uuid
from datetime import timedelta

from redis.asyncio import Redis

from api.auth.tokens import AccessClaims, hash_opaque_token, new_opaque_token
from api.errors import Unauthorized
from core.settings import Settings
from models.db import as_utc, transaction, utcnow
from models.tables import RefreshToken

DENY_JTI = "ic:deny:jti:"
DENY_SESSION = "ic:deny:sid:"
INVALID_REFRESH = "The refresh token is invalid, expired or revoked."


async def start_session(settings: Settings, user_id: uuid.UUID) -> tuple[str, uuid.UUID]:
    """Open a new refresh-token family; return its first token and the family id."""
    family_id = uuid.uuid4()
    token, token_hash = new_opaque_token()
    expires = utcnow() + timedelta(seconds=settings.refresh_token_ttl_seconds)
    await RefreshToken.insert(
        RefreshToken(user=user_id, family_id=family_id, token_hash=token_hash, expires_at=expires)
    )
    return token, family_id


async def rotate_refresh_token(
    settings: Settings, redis: Redis, token: str
) -> tuple[uuid.UUID, str, uuid.UUID]:
    """Swap a refresh token for a new one; a reused token revokes its whole family."""
    now = utcnow()
    async with transaction():
        row = (
            await RefreshToken.select()
            .where(RefreshToken.token_hash == hash_opaque_token(token))
            .first()
        )
        if row is None or row["revoked_at"] is not None or as_utc(row["expires_at"]) <= now:
            raise Unauthorized(INVALID_REFRESH)
        claimed = (
            await RefreshToken.update({RefreshToken.rotated_at: now})
            .where((RefreshToken.id == row["id"]) & RefreshToken.rotated_at.is_null())
            .returning(RefreshToken.id)
        )
        if claimed:
            new_token, new_hash = new_opaque_token()
            await RefreshToken.insert(
                RefreshToken(
                    user=row["user"],
                    family_id=row["family_id"],
                    token_hash=new_hash,
                    expires_at=row["expires_at"],
                )
            )
            return row["user"], new_token, row["family_id"]
    # Already rotated: someone replayed it, so nobody holding this family is trusted.
    await revoke_families(settings, redis, [row["family_id"]])
    raise Unauthorized(INVALID_REFRESH)


async def revoke_families(settings: Settings, redis: Redis, family_ids: list[uuid.UUID]) -> None:
    """Revoke refresh families and the access tokens issued under them."""
    if not family_ids:
        return
    await RefreshToken.update({RefreshToken.revoked_at: utcnow()}).where(
        RefreshToken.family_id.is_in(family_ids) & RefreshToken.revoked_at.is_null()
    )
    async with redis.pipeline(transaction=False) as pipe:
        for family_id in family_ids:
            pipe.set(f"{DENY_SESSION}{family_id}", "1", ex=settings.access_token_ttl_seconds)
        await pipe.execute()


async def revoke_user_sessions(
    settings: Settings, redis: Redis, user_id: uuid.UUID, *, keep: uuid.UUID | None = None
) -> None:
    """Revoke every live family of a user, optionally sparing the current one."""
    rows = (
        await RefreshToken.select(RefreshToken.family_id)
        .where((RefreshToken.user == user_id) & RefreshToken.revoked_at.is_null())
        .distinct()
    )
    await revoke_families(settings, redis, [r["family_id"] for r in rows if r["family_id"] != keep])


async def deny_access_token(redis: Redis, claims: AccessClaims) -> None:
    """Kill one access token until it would have expired anyway."""
    ttl = max(1, claims.expires_at - int(utcnow().timestamp()))
    await redis.set(f"{DENY_JTI}{claims.jti}", "1", ex=ttl)


def denylist_keys(claims: AccessClaims) -> list[str]:
    """The keys whose presence means this token, or its session, was revoked."""
    return [f"{DENY_JTI}{claims.jti}", f"{DENY_SESSION}{claims.session_id}"]
