"""Single-use, expiring tokens mailed to users (password reset, email verification)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from api.auth.tokens import hash_opaque_token, new_opaque_token
from api.errors import BadRequest
from models.db import as_utc, transaction, utcnow
from models.tables import AccountToken

RESET = "reset"
VERIFY = "verify"


async def issue_account_token(user_id: uuid.UUID, purpose: str, ttl_seconds: int) -> str:
    """A fresh token; earlier unused tokens of the same purpose stop working."""
    token, token_hash = new_opaque_token()
    now = utcnow()
    async with transaction():
        await AccountToken.update({AccountToken.used_at: now}).where(
            (AccountToken.user == user_id)
            & (AccountToken.purpose == purpose)
            & AccountToken.used_at.is_null()
        )
        await AccountToken.insert(
            AccountToken(
                user=user_id,
                purpose=purpose,
                token_hash=token_hash,
                expires_at=now + timedelta(seconds=ttl_seconds),
            )
        )
    return token


async def consume_account_token(token: str, purpose: str) -> uuid.UUID:
    """Spend a token once and return its user, or 400 if unknown, used or expired."""
    now = utcnow()
    async with transaction():
        spent = (
            await AccountToken.update({AccountToken.used_at: now})
            .where(
                (AccountToken.token_hash == hash_opaque_token(token))
                & (AccountToken.purpose == purpose)
                & AccountToken.used_at.is_null()
            )
            .returning(AccountToken.user, AccountToken.expires_at)
        )
    if not spent or as_utc(spent[0]["expires_at"]) <= now:
        raise BadRequest("The link is invalid, already used or expired.")
    return spent[0]["user"]
