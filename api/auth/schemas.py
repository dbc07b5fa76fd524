"""Wire shapes of the auth endpoints."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from api.auth.service import IssuedTokens
from api.users.schemas import Email, Name, Password, UserOut, user_out

Token = Annotated[str, Meta(min_length=1, max_length=512)]


class RegisterIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /auth/register."""

    name: Name
    email: Email
    password: Password


class LoginIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /auth/login."""

    email: Annotated[str, Meta(max_length=254)]
    password: Annotated[str, Meta(max_length=128)]


class RefreshIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /auth/refresh-token."""

    refresh_token: Token


class EmailIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /auth/forgot-password."""

    email: Annotated[str, Meta(max_length=254)]


class ResetIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /auth/reset-password."""

    token: Token
    password: Password


class TokenIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """POST /auth/verify-email."""

    token: Token


class TokenPair(msgspec.Struct, rename="camel"):
    """A fresh access token and the refresh token that replaces the old one."""

    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - a scheme name, not a secret


class AuthOut(msgspec.Struct, rename="camel"):
    """The signed-in user and their tokens."""

    user: UserOut
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - a scheme name, not a secret


class Accepted(msgspec.Struct):
    """202 body of requests whose outcome is mailed."""

    status: str = "accepted"
    detail: str = "If an account exists for this email, a message is on its way."


def auth_out(issued: IssuedTokens) -> AuthOut:
    """Tokens plus the user they belong to."""
    return AuthOut(
        user_out(issued.user), issued.access_token, issued.refresh_token, issued.expires_in
    )


def token_pair(issued: IssuedTokens) -> TokenPair:
    """Tokens only."""
    return TokenPair(issued.access_token, issued.refresh_token, issued.expires_in)
