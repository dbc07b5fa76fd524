"""Who is calling: bearer-token authentication as Litestar dependencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.datastructures import State
from redis.asyncio import Redis

from api.auth.sessions import denylist_keys
from api.auth.tokens import AccessClaims, decode_access_token
from api.errors import Forbidden, Unauthorized
from api.users import cache
from api.users.deletion import deleted_key
from api.users.service import get_user
from core.settings import Settings


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The authenticated caller: their row, their token, and the app's Redis and settings.

    Handlers need only this one dependency: Litestar resolves two or more dependencies
    of a handler in a task group, a measurable cost on every hot endpoint.
    """

    row: dict[str, Any]
    claims: AccessClaims
    redis: Redis
    settings: Settings

    @property
    def id(self) -> Any:
        """The user's id."""
        return self.row["id"]

    @property
    def is_admin(self) -> bool:
        """Role as stored now, not as it was when the token was signed."""
        return bool(self.row["role"] == "admin")


def bearer_token(request: Request) -> str:
    """The token from `Authorization: Bearer ...`, or 401."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized()
    return token.strip()


# Where a request keeps its authenticated caller once known.
CURRENT_USER = "current_user"


async def provide_current_user(request: Request, state: State) -> CurrentUser:
    """Verify the token, check the denylist and load the user: one Redis round trip when warm."""
    known = request.state.get(CURRENT_USER)
    if isinstance(known, CurrentUser):  # already checked for this request (api.strict_body)
        return known
    settings: Settings = state.settings
    claims = decode_access_token(settings, bearer_token(request))
    user = await load_caller(state, claims)
    request.state[CURRENT_USER] = user
    return user


async def load_caller(state: State, claims: AccessClaims) -> CurrentUser:
    """The user verified claims name, unless revoked or deleted since: 401 otherwise."""
    settings: Settings = state.settings
    redis: Redis = state.redis
    *revoked, deleted, cached = await redis.mget(
        *denylist_keys(claims), deleted_key(claims.user_id), cache.cache_key(claims.user_id)
    )
    if any(revoked):
        raise Unauthorized("The access token has been revoked.")
    if deleted:
        raise Unauthorized("The account has been deleted.")
    row = cache.decode(cached)
    if row is None:
        row = await get_user(claims.user_id)
        if row is None:
            raise Unauthorized()
        await cache.remember(redis, row, settings.user_cache_seconds)
    return CurrentUser(row=row, claims=claims, redis=redis, settings=settings)


async def provide_current_admin(current_user: CurrentUser) -> CurrentUser:
    """The caller, if an admin; 403 otherwise."""
    if not current_user.is_admin:
        raise Forbidden("This needs the admin role.")
    return current_user


def provide_settings(state: State) -> Settings:
    """The app's settings."""
    return state.settings


def provide_redis(state: State) -> Redis:
    """The app's Redis client."""
    return state.redis


def client_ip(request: Request) -> str:
    """The caller's address (uvicorn resolves trusted proxy headers into it)."""
    return request.client.host if request.client else "unknown"
