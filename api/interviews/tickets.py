"""Single-use tickets that let a browser's `EventSource` follow an interview.

`EventSource` cannot send an `Authorization` header, and access tokens must never appear in
URLs (they end up in histories, proxies and logs). A ticket is a random string bound to one
user, one session and one interview, valid for TICKET_SECONDS and for one connection only.
"""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar import Request
from litestar.datastructures import State
from redis.asyncio import Redis

from api.auth.tokens import AccessClaims
from api.errors import Unauthorized
from api.security import CurrentUser, load_caller, provide_current_user

TICKET_SECONDS = 60
PREFIX = "ic:events-ticket:"


class EventsTicket(msgspec.Struct, rename="camel"):
    """What POST /api/interviews/:id/events/ticket answers."""

    ticket: str
    expires_at: datetime


class _Bound(msgspec.Struct):
    """What a ticket stands for, as stored."""

    user_id: uuid.UUID
    role: str
    session_id: uuid.UUID
    interview_id: uuid.UUID


async def issue_ticket(redis: Redis, claims: AccessClaims, interview_id: uuid.UUID) -> EventsTicket:
    """A new ticket for the caller's session and this interview."""
    ticket = secrets.token_urlsafe(32)
    bound = _Bound(claims.user_id, claims.role, claims.session_id, interview_id)
    await redis.set(PREFIX + ticket, msgspec.json.encode(bound), ex=TICKET_SECONDS)
    return EventsTicket(ticket, datetime.fromtimestamp(time.time() + TICKET_SECONDS, UTC))


async def redeem_ticket(redis: Redis, ticket: str, interview_id: uuid.UUID) -> AccessClaims:
    """The claims a ticket was issued under, once (it is gone after this call), or 401."""
    raw = await redis.getdel(PREFIX + ticket[:64])
    if raw is None:
        raise Unauthorized("The events ticket is unknown, used or expired.")
    bound = msgspec.json.decode(raw, type=_Bound)
    if bound.interview_id != interview_id:
        raise Unauthorized("The events ticket is for another interview.")
    return AccessClaims(
        user_id=bound.user_id,
        role=bound.role,
        jti=f"ticket-{ticket[:16]}",
        session_id=bound.session_id,
        expires_at=int(time.time()),
    )


async def provide_stream_caller(request: Request[Any, Any, Any], state: State) -> CurrentUser:
    """The caller of an event stream: by `?ticket=` (browsers), else by bearer token."""
    ticket = request.query_params.get("ticket")
    if ticket is None:
        return await provide_current_user(request, state)
    claims = await redeem_ticket(state.redis, ticket, request.path_params["interview_id"])
    return await load_caller(state, claims)
