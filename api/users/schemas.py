"""Wire shapes of users (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from models.db import as_utc

Name = Annotated[str, Meta(min_length=1, max_length=100)]
Email = Annotated[str, Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Password = Annotated[str, Meta(min_length=8, max_length=128)]
Difficulty = Literal["easy", "medium", "hard"]


class UserSettings(msgspec.Struct, rename="camel", kw_only=True):
    """Per-user preferences; defaults apply to keys never set."""

    email_notifications: bool = True
    weekly_summary: bool = True
    practice_reminders: bool = False
    preferred_difficulty: Difficulty = "medium"
    timezone: Annotated[str, Meta(max_length=64)] = "UTC"


class UserSettingsPatch(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """A partial update of settings: only the keys sent change."""

    email_notifications: bool | UnsetType = UNSET
    weekly_summary: bool | UnsetType = UNSET
    practice_reminders: bool | UnsetType = UNSET
    preferred_difficulty: Difficulty | UnsetType = UNSET
    timezone: Annotated[str, Meta(max_length=64)] | UnsetType = UNSET


class UserOut(msgspec.Struct, rename="camel"):
    """A user as the API shows it."""

    id: uuid.UUID
    name: str
    email: str
    role: str
    is_verified: bool
    settings: UserSettings
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None


class ProfileUpdate(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """PUT /users/profile; `role` or `isVerified` are unknown fields, hence 422."""

    name: Name
    email: Email


class PasswordChange(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """PUT /users/password."""

    current_password: Annotated[str, Meta(max_length=128)]
    new_password: Password


class AccountDeletion(msgspec.Struct, forbid_unknown_fields=True):
    """DELETE /users/me: the password, so a stolen token alone cannot delete an account."""

    password: Annotated[str, Meta(min_length=1, max_length=128)]


def settings_from_row(raw: Any) -> UserSettings:
    """Stored JSON to settings, ignoring keys that no longer exist."""
    data = msgspec.json.decode(raw) if isinstance(raw, str | bytes) else (raw or {})
    return msgspec.convert(data, UserSettings, from_attributes=False, strict=False)


def user_out(row: dict[str, Any]) -> UserOut:
    """A users row as the API shows it."""
    return UserOut(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        role=row["role"],
        is_verified=row["is_verified"],
        settings=settings_from_row(row["settings"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        last_login_at=as_utc(row["last_login_at"]) if row["last_login_at"] else None,
    )
