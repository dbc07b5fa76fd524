"""GET /api/interviews/:id/events: one server-sent event per stage change."""

from __future__ import annotations

import asyncio
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


class StageEvent(msgspec.Struct, rename="camel", kw_only=True):
    """A stage of an answer, as it changed."""

    answer_id: uuid.UUID
    question_id: uuid.UUID
    name: str
    status: str
    attempts: int
    error: str | None


def _stage_message(event: StageEvent) -> ServerSentEventMessage:
    return ServerSentEventMessage(
        data=msgspec.json.encode(event).decode(), event="stage", retry=RECONNECT_MS
    )


async def stage_events(
    hub: StreamHub, redis: Redis, user_id: uuid.UUID, interview_id: uuid.UUID, stream_id: str
) -> AsyncIterator[ServerSentEventMessage]:
    """Every stage's state on connect, then each change; `end` once the result is ready.

    The stream's place (StreamHub.admit) was taken by the handler; it is given back here.
    """
    try:
        async with hub.follow(channel(interview_id)) as wake:
            async for message in _changes(user_id, interview_id, wake):
                yield message
                await hub.renew(redis, user_id, stream_id)
    finally:
        # Litestar cancels the stream when the client goes; shielded, the place is still given back.
        with anyio.CancelScope(shield=True):
            await hub.release(redis, user_id, stream_id)


def _end(status: InterviewStatus) -> ServerSentEventMessage:
    body = {"interviewStatus": status.interview_status, "resultStatus": status.result_status}
    return ServerSentEventMessage(data=msgspec.json.encode(body).decode(), event="end")


async def _changes(
    user_id: uuid.UUID, interview_id: uuid.UUID, wake: asyncio.Event
) -> AsyncIterator[ServerSentEventMessage]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + MAX_STREAM_SECONDS
    sent: dict[tuple[uuid.UUID, str], StageEvent] = {}
    while True:
        try:
            status = await interview_status(user_id, interview_id)
        except NotFound:  # deleted while followed: end the stream, not with an error
            yield ServerSentEventMessage(data='{"interviewStatus": "deleted"}', event="end")
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
                    yield _stage_message(event)
        if status.result_status == "ready" or status.interview_status == "cancelled":
            yield _end(status)
            return
        if loop.time() > deadline:
            return
        try:
            await asyncio.wait_for(wake.wait(), RECHECK_SECONDS)
            wake.clear()
        except TimeoutError:
            # No data line: a browser would dispatch an empty `message` event for one.
            yield ServerSentEventMessage(comment="keep-alive", data=None)
