"""Database tables; the database is the source of truth for every state."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    ForeignKey,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class User(Table, tablename="users"):
    """A person practising, or an admin."""

    id = UUID(primary_key=True)
    name = Varchar(length=100)
    # Stored lower-cased so uniqueness is case-insensitive on every engine.
    email = Varchar(length=254, unique=True, index=True)
    password_hash = Varchar(length=255)
    role = Varchar(length=16, default="user")
    is_verified = Boolean(default=False)
    settings = JSON(default="{}")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)


class RefreshToken(Table, tablename="refresh_tokens"):
    """One opaque refresh token; a login starts a family that rotation extends."""

    id = UUID(primary_key=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    family_id = UUID(index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    # The family's absolute expiry, copied onto every rotated token.
    expires_at = Timestamptz()
    rotated_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class AccountToken(Table, tablename="account_tokens"):
    """A single-use token mailed to the user: password reset or email verification."""

    id = UUID(primary_key=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    purpose = Varchar(length=16)
    token_hash = Varchar(length=64, unique=True, index=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
