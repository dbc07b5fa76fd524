"""Rules about users: lookup, creation, profile, settings, password, roles."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from piccolo.columns import Column
from redis.asyncio import Redis

from api.auth import passwords
from api.errors import Conflict, ValidationFailed
from api.users import cache
from api.users.schemas import UserSettings, UserSettingsPatch, settings_from_row
from models.db import fetch_row, has_pool, utcnow
from models.tables import User

ROLES = ("user", "admin")
USER_BY_ID = "SELECT * FROM users WHERE id = $1"


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding blanks."""
    return email.strip().lower()


def clean_name(name: str) -> str:
    """A display name with blanks trimmed; blank names are refused."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationFailed(
            "Name must not be blank.", errors=[{"field": "name", "message": "must not be blank"}]
        )
    return cleaned


async def get_user(user_id: uuid.UUID) -> dict[str, Any] | None:
    """One user row by id (every authenticated request calls this)."""
    if has_pool():
        return await fetch_row(USER_BY_ID, user_id)
    return await User.select().where(User.id == user_id).first()


async def get_user_by_email(email: str) -> dict[str, Any] | None:
    """One user row by email."""
    return await User.select().where(User.email == normalise_email(email)).first()


async def email_taken(email: str, *, except_id: uuid.UUID | None = None) -> bool:
    """True when another account uses this email."""
    query = User.exists().where(User.email == normalise_email(email))
    if except_id is not None:
        query = query.where(User.id != except_id)
    return await query


async def create_user(
    *, name: str, email: str, password: str, role: str = "user", is_verified: bool = False
) -> dict[str, Any]:
    """Insert a user; 409 when the email is taken."""
    if await email_taken(email):
        raise Conflict("An account with this email already exists.")
    row = User(
        name=clean_name(name),
        email=normalise_email(email),
        password_hash=await passwords.hash_password(password),
        role=role,
        is_verified=is_verified,
        settings=msgspec.json.encode(UserSettings()).decode(),
    )
    try:
        await row.save()
    except Exception as exc:  # a concurrent insert won the unique index
        if await email_taken(email):
            raise Conflict("An account with this email already exists.") from exc
        raise
    created = await get_user(row.id)
    assert created is not None
    return created


async def _update(
    redis: Redis, user_id: uuid.UUID, values: dict[Column | str, Any]
) -> dict[str, Any]:
    values[User.updated_at] = utcnow()
    await User.update(values).where(User.id == user_id)
    await cache.forget(redis, user_id)
    await cache.forget(redis, user_id)
    row = await get_user(user_id)
    assert row is not None
    return row


async def update_profile(
    redis: Redis, user_id: uuid.UUID, *, name: str, email: str
) -> dict[str, Any]:
    """Change name and email; a new email must be verified again."""
    current = await get_user(user_id)
    assert current is not None
    values: dict[Column | str, Any] = {User.name: clean_name(name)}
    new_email = normalise_email(email)
    if new_email != current["email"]:
        if await email_taken(new_email, except_id=user_id):
            raise Conflict("An account with this email already exists.")
        values[User.email] = new_email
        values[User.is_verified] = False
    return await _update(redis, user_id, values)


async def update_settings(
    redis: Redis, user_id: uuid.UUID, patch: UserSettingsPatch
) -> UserSettings:
    """Apply the keys present in the patch and return the full settings."""
    current = await get_user(user_id)
    assert current is not None
    merged = msgspec.structs.replace(
        settings_from_row(current["settings"]),
        **{f: v for f in patch.__struct_fields__ if (v := getattr(patch, f)) is not msgspec.UNSET},
    )
    await _update(redis, user_id, {User.settings: msgspec.json.encode(merged).decode()})
    return merged


async def set_password(redis: Redis, user_id: uuid.UUID, password: str) -> None:
    """Store a new password hash."""
    await _update(redis, user_id, {User.password_hash: await passwords.hash_password(password)})


async def check_password(user_id: uuid.UUID, password: str, *, field: str) -> None:
    """422 unless `password` is the user's current password."""
    row = await get_user(user_id)
    assert row is not None
    if not await passwords.verify_password(row["password_hash"], password):
        raise ValidationFailed(
            "The current password is wrong.", errors=[{"field": field, "message": "is wrong"}]
        )


async def change_password(redis: Redis, user_id: uuid.UUID, *, current: str, new: str) -> None:
    """Change the password after checking the current one."""
    await check_password(user_id, current, field="currentPassword")
    await set_password(redis, user_id, new)


async def set_role(redis: Redis, email: str, role: str) -> dict[str, Any] | None:
    """Change a user's role; None when no such user."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    row = await get_user_by_email(email)
    if row is None:
        return None
    return await _update(redis, row["id"], {User.role: role})


async def mark_verified(redis: Redis, user_id: uuid.UUID) -> None:
    """Flag the email as verified."""
    await _update(redis, user_id, {User.is_verified: True})


async def record_login(redis: Redis, user_id: uuid.UUID, *, new_hash: str | None) -> None:
    """Stamp the login time and store an upgraded hash if there is one."""
    values: dict[Column | str, Any] = {User.last_login_at: utcnow()}
    if new_hash:
        values[User.password_hash] = new_hash
    await User.update(values).where(User.id == user_id)
    await cache.forget(redis, user_id)
