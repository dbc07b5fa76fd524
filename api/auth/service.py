"""Account rules: register, login, refresh, logout, reset and verification."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from redis.asyncio import Redis

from api import ratelimit
from api.auth import passwords, sessions
from api.auth.account_tokens import (
    RESET,
    VERIFY,
    consume_account_token,
    issue_account_token,
)
from api.auth.tokens import AccessClaims, issue_access_token
from api.errors import RateLimited, Unauthorized
from api.mail import build_message, send_mail
from api.users import service as users
from core.settings import Settings

BAD_LOGIN = "Incorrect email or password."
HOUR = 3600


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    """What a successful login, registration or refresh hands back."""

    user: dict[str, Any]
    access_token: str
    refresh_token: str
    expires_in: int


def _issue(
    settings: Settings, user: dict[str, Any], refresh_token: str, session_id: uuid.UUID
) -> IssuedTokens:
    access = issue_access_token(
        settings, user_id=user["id"], role=user["role"], session_id=session_id
    )
    return IssuedTokens(user, access, refresh_token, settings.access_token_ttl_seconds)


async def open_session(settings: Settings, user: dict[str, Any]) -> IssuedTokens:
    """Start a refresh family and sign its first access token."""
    refresh_token, session_id = await sessions.start_session(settings, user["id"])
    return _issue(settings, user, refresh_token, session_id)


def verification_message(settings: Settings, to: str, token: str) -> EmailMessage:
    """The mail that confirms an address."""
    link = f"{settings.frontend_url}/verify-email?token={token}"
    return build_message(
        settings,
        to=to,
        subject="Confirm your email",
        body=(
            f"Welcome to {settings.app_name}!\n\nConfirm your email address by opening:\n{link}\n\n"
            "If you did not sign up, ignore this message."
        ),
    )


async def register(
    settings: Settings, redis: Redis, *, name: str, email: str, password: str, ip: str
) -> tuple[IssuedTokens, EmailMessage]:
    """Create an account, sign it in and prepare the verification mail."""
    await ratelimit.enforce(
        redis,
        f"register:ip:{ip}",
        limit=settings.register_per_ip_per_hour,
        window=HOUR,
        detail="Too many sign-ups from this address; try again later.",
    )
    user = await users.create_user(name=name, email=email, password=password)
    token = await issue_account_token(user["id"], VERIFY, settings.verify_token_ttl_seconds)
    return await open_session(settings, user), verification_message(settings, user["email"], token)


TOO_MANY_LOGINS = "Too many failed sign-in attempts; try again later."


async def login(
    settings: Settings, redis: Redis, *, email: str, password: str, ip: str
) -> IssuedTokens:
    """Check credentials with lockouts per account and per address."""
    account_key, ip_key = f"login:acct:{users.normalise_email(email)}", f"login:ip:{ip}"
    # Counted before the password is checked: a burst in parallel gets no more verifications
    # than the limit. A success gives its count back.
    window = settings.login_lockout_seconds
    for key, limit in (
        (account_key, settings.login_max_failures_per_account),
        (ip_key, settings.login_max_failures_per_ip),
    ):
        count, wait = await ratelimit.hit(redis, key, window=window)
        if count > limit:
            raise RateLimited(
                "Too many failed sign-in attempts; try again later.", retry_after=wait
            )
    user = await users.get_user_by_email(email)
    # Unknown emails still pay for one verify, so timing says nothing about accounts.
    ok = await passwords.verify_password(user["password_hash"] if user else None, password)
    if not ok or user is None:
        raise Unauthorized(BAD_LOGIN)
    await ratelimit.give_back(redis, ip_key)
    await ratelimit.clear(redis, account_key)
    new_hash = None
    if passwords.needs_rehash(user["password_hash"]):
        new_hash = await passwords.hash_password(password)
    await users.record_login(redis, user["id"], new_hash=new_hash)
    fresh = await users.get_user(user["id"])
    assert fresh is not None
    return await open_session(settings, fresh)


async def refresh(settings: Settings, redis: Redis, refresh_token: str) -> IssuedTokens:
    """Rotate a refresh token and sign a new access token."""
    user_id, new_token, session_id = await sessions.rotate_refresh_token(
        settings, redis, refresh_token
    )
    user = await users.get_user(user_id)
    if user is None:
        raise Unauthorized(sessions.INVALID_REFRESH)
    return _issue(settings, user, new_token, session_id)


async def logout(settings: Settings, redis: Redis, claims: AccessClaims) -> None:
    """Kill this access token now and the session it belongs to."""
    await sessions.deny_access_token(redis, claims)
    await sessions.revoke_families(settings, redis, [claims.session_id])


async def forgot_password(settings: Settings, redis: Redis, email: str) -> None:
    """Count the request (429 past the hourly limit); the same work whether the account exists."""
    await ratelimit.enforce(
        redis,
        f"forgot:{users.normalise_email(email)}",
        limit=settings.forgot_password_per_email_per_hour,
        window=HOUR,
        detail="Too many reset requests for this email; try again later.",
    )


async def mail_reset_link(settings: Settings, email: str) -> None:
    """After the reply: a reset link to the account, if there is one (timing shows nothing)."""
    user = await users.get_user_by_email(email)
    if user is None:
        return
    token = await issue_account_token(user["id"], RESET, settings.reset_token_ttl_seconds)
    link = f"{settings.frontend_url}/reset-password?token={token}"
    minutes = settings.reset_token_ttl_seconds // 60
    message = build_message(
        settings,
        to=user["email"],
        subject="Reset your password",
        body=(
            f"Someone asked to reset the password of your {settings.app_name} account.\n\n"
            f"Choose a new password here (valid for {minutes} minutes, once):\n{link}\n\n"
            "If it was not you, ignore this message; your password stays as it is."
        ),
    )
    await send_mail(settings, message)


async def reset_password(settings: Settings, redis: Redis, *, token: str, password: str) -> None:
    """Set a new password with a mailed token and sign out every session."""
    user_id = await consume_account_token(token, RESET)
    await users.set_password(redis, user_id, password)
    await sessions.revoke_user_sessions(settings, redis, user_id)


async def verify_email(redis: Redis, token: str) -> None:
    """Mark the address verified with a mailed token."""
    await users.mark_verified(redis, await consume_account_token(token, VERIFY))
