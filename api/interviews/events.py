"""GET /api/interviews/:id/events: one server-sent event per stage change."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator

import anyio
import msgspec
from litestar.response import ServerSentEventMessage
from redis.asyncio import Redis

from api.errors import NotFound
from api.interviews.schemas import InterviewStatus
from api.interviews.service import interview_status
from api.interviews.stream_hub import StreamHub
from pipeline.interface import channel

# Without news the database is read again this often (a notice can be missed), and a
# comment keeps proxies from closing an idle stream.
RECHECK_SECONDS = 15.0
# Streams end after this long; EventSource reconnects by itself and gets the state again.
MAX_STREAM_SECONDS = 600.0
RECONNECT_MS = 2000
_EVENT_ID = re.compile(r"[0-9]{1,15}")


class StageEvent(msgspec.Struct, rename="camel", kw_only=True):
    """A stage of an answer, as it changed."""

    answer_id: uuid.UUID
    question_id: uuid.UUID
    name: str
    status: str
    attempts: int
    error: str | None


def _stage_message(event: StageEvent, event_id: int) -> ServerSentEventMessage:
    return ServerSentEventMessage(
        data=msgspec.json.encode(event).decode(),
        event="stage",
        id=str(event_id),
        retry=RECONNECT_MS,
    )


def first_event_id(last_event_id: str | None) -> int:
    """Ids go on from a reconnecting client's Last-Event-ID (anything else starts at 1)."""
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if last_event_id and _EVENT_ID.fullmatch(last_event_id):
        return int(last_event_id) + 1
    return 1


async def stage_events(
    hub: StreamHub,
    redis: Redis,
    user_id: uuid.UUID,
    interview_id: uuid.UUID,
    stream_id: str,
    first_id: int = 1,
) -> AsyncIterator[ServerSentEventMessage]:
    """Every stage's state on connect, then each change; `end` once the result is ready.

    A reconnect (Last-Event-ID) gets every stage's state again, so nothing between the two
    connections is missed, with ids going on from the last one seen.
    The stream's place (StreamHub.admit) was taken by the handler; it is given back here.
    """
    try:
        async with hub.follow(channel(interview_id)) as wake:
            async for message in _changes(user_id, interview_id, wake, first_id):
                yield message
                await hub.renew(redis, user_id, stream_id)
    finally:
        # Litestar cancels the stream when the client goes; shielded, the place is still given back.
        with anyio.CancelScope(shield=True):
            await hub.release(redis, user_id, stream_id)


def _end(status: InterviewStatus, event_id: int) -> ServerSentEventMessage:
    body = {"interviewStatus": status.interview_status, "resultStatus": status.result_status}
    return ServerSentEventMessage(
        data=msgspec.json.encode(body).decode(), event="end", id=str(event_id)
    )


async def _changes(
    user_id: uuid.UUID, interview_id: uuid.UUID, wake: asyncio.Event, next_id: int
) -> AsyncIterator[ServerSentEventMessage]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + MAX_STREAM_SECONDS
    sent: dict[tuple[uuid.UUID, str], StageEvent] = {}
    while True:
        try:
            status = await interview_status(user_id, interview_id)
        except NotFound:  # deleted while followed: end the stream, not with an error
            yield ServerSentEventMessage(
                data='{"interviewStatus": "deleted"}', event="end", id=str(next_id)
            )
            return
        for answer in status.answers:
            for stage in answer.stages:
                event = StageEvent(
                    answer_id=answer.answer_id,
                    question_id=answer.question_id,
                    name=stage.name,
                    status=stage.status,
                    attempts=stage.attempts,
                    error=stage.error,
                )
                if sent.get((answer.answer_id, stage.name)) != event:
                    sent[(answer.answer_id, stage.name)] = event
                    yield _stage_message(event, next_id)
                    next_id += 1
        if status.result_status == "ready" or status.interview_status == "cancelled":
            yield _end(status, next_id)
            return
        if loop.time() > deadline:
            return
        try:
            await asyncio.wait_for(wake.wait(), RECHECK_SECONDS)
            wake.clear()
        except TimeoutError:
            # No data line: a browser would dispatch an empty `message` event for one.
            yield ServerSentEventMessage(comment="keep-alive", data=None)
