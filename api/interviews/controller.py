"""HTTP handlers of /api/interviews."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from litestar import Controller, MediaType, Request, Response, delete, get, patch, post
from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Parameter
from litestar.response import ServerSentEvent
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT
from openai import AsyncOpenAI

from api.errors import ValidationFailed
from api.interviews import changes, service
from api.interviews.events import StageEvent, first_event_id, stage_events
from api.interviews.schemas import (
    Completion,
    InterviewCreate,
    InterviewDetail,
    InterviewOut,
    InterviewQuestionOut,
    InterviewStatus,
    InterviewUpdate,
    QuestionSkip,
    Status,
)
from api.interviews.stream_hub import StreamHub
from api.interviews.tickets import EventsTicket, issue_ticket, provide_stream_caller
from api.pagination import PageNumber, PageParams, PageSize
from api.questions.schemas import Difficulty
from api.security import CurrentUser, provide_current_user
from api.shaping import Page
from models.db import parse_timestamp, sane
from storage.audio_store import AudioStore

Sort = Literal["-createdAt", "createdAt", "-score", "score"]


def parse_bound(value: str | None, field: str, *, end: bool) -> datetime | None:
    """`2026-01-31` or a full ISO timestamp; a bare `to` date includes that whole day."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            start = sane(datetime(day.year, day.month, day.day, tzinfo=UTC))
            return start + timedelta(days=1) if end else start
        return parse_timestamp(value)
    except ValueError as exc:
        raise ValidationFailed(
            f"{field} must be a date or an ISO 8601 timestamp.",
            errors=[
                {
                    "field": field,
                    "message": "expected YYYY-MM-DD or an ISO 8601 timestamp, years 1970-2100",
                }
            ],
        ) from exc


class InterviewsController(Controller):
    """The signed-in user's interviews."""

    path = "/api/interviews"
    tags = ["interviews"]
    dependencies = {"current_user": Provide(provide_current_user)}

    @post("/")
    async def create(
        self, current_user: CurrentUser, data: InterviewCreate, llm: AsyncOpenAI | None
    ) -> InterviewDetail:
        """Start an interview; its questions come from the bank and/or the LLM."""
        return await service.create_interview(
            current_user.settings, llm, current_user.redis, current_user.id, data
        )

    @get("/", responses={200: ResponseSpec(Page[InterviewOut], description="A page")})
    async def list_interviews(
        self,
        current_user: CurrentUser,
        page: PageNumber = 1,
        page_size: PageSize = 20,
        status: Status | None = None,
        difficulty: Difficulty | None = None,
        search: Annotated[str | None, Parameter(max_length=200)] = None,
        created_from: Annotated[str | None, Parameter(query="from")] = None,
        created_to: Annotated[str | None, Parameter(query="to")] = None,
        sort: Sort = "-createdAt",
    ) -> Response[bytes]:
        """A page of interviews, newest first by default."""
        filters = service.InterviewFilters(
            status=status,
            difficulty=difficulty,
            search=search,
            created_from=parse_bound(created_from, "from", end=False),
            created_to=parse_bound(created_to, "to", end=True),
            sort=sort,
        )
        body = await service.list_interviews_json(
            current_user.redis,
            current_user.id,
            PageParams(page, page_size),
            filters,
            cache_seconds=current_user.settings.view_cache_seconds,
        )
        return Response(body, media_type=MediaType.JSON)

    @get("/{interview_id:uuid}")
    async def detail(self, current_user: CurrentUser, interview_id: uuid.UUID) -> InterviewDetail:
        """One interview with its questions and answers."""
        return await service.interview_detail(current_user.id, interview_id)

    @patch("/{interview_id:uuid}")
    async def update(
        self,
        current_user: CurrentUser,
        interview_id: uuid.UUID,
        data: InterviewUpdate,
    ) -> InterviewOut:
        """Rename, or move through pending -> in-progress -> completed / cancelled."""
        return await changes.update_interview(
            current_user.redis, current_user.settings.broker, current_user.id, interview_id, data
        )

    @delete("/{interview_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def remove(
        self, current_user: CurrentUser, interview_id: uuid.UUID, store: AudioStore
    ) -> None:
        """Delete the interview with its answers, recordings and result."""
        await changes.delete_interview(current_user.redis, store, current_user.id, interview_id)

    @post("/{interview_id:uuid}/complete", status_code=HTTP_202_ACCEPTED)
    async def complete(
        self, current_user: CurrentUser, interview_id: uuid.UUID
    ) -> Response[Completion]:
        """Finish the interview; the result follows once answers are processed."""
        completion = await changes.complete_interview(
            current_user.redis, current_user.settings.broker, current_user.id, interview_id
        )
        return Response(completion, status_code=HTTP_202_ACCEPTED)

    @get("/{interview_id:uuid}/questions")
    async def questions(
        self, current_user: CurrentUser, interview_id: uuid.UUID
    ) -> list[InterviewQuestionOut]:
        """The interview's questions in asking order."""
        await service.owned_interview(current_user.id, interview_id)
        return await service.interview_questions(interview_id)

    @patch("/{interview_id:uuid}/questions/{question_id:uuid}")
    async def skip(
        self,
        current_user: CurrentUser,
        interview_id: uuid.UUID,
        question_id: uuid.UUID,
        data: QuestionSkip,
    ) -> InterviewQuestionOut:
        """Skip a question."""
        return await changes.skip_question(
            current_user.redis, current_user.id, interview_id, question_id
        )

    @post("/{interview_id:uuid}/events/ticket", status_code=201)
    async def events_ticket(
        self, current_user: CurrentUser, interview_id: uuid.UUID
    ) -> EventsTicket:
        """A single-use, 60 s ticket for `?ticket=` on the events endpoint (for EventSource)."""
        await service.owned_interview(current_user.id, interview_id)  # 404 for anyone else's
        return await issue_ticket(current_user.redis, current_user.claims, interview_id)

    @get(
        "/{interview_id:uuid}/events",
        media_type="text/event-stream",
        opt={"skip_compression": True},
        responses={200: ResponseSpec(StageEvent, description="text/event-stream of stage events")},
        dependencies={"current_user": Provide(provide_stream_caller)},
    )
    async def events(
        self,
        request: Request,
        current_user: CurrentUser,
        interview_id: uuid.UUID,
        ticket: Annotated[
            str | None,
            Parameter(
                max_length=64,
                description="A ticket from POST .../events/ticket, instead of Authorization",
            ),
        ] = None,
    ) -> ServerSentEvent:
        """Server-sent events: `stage` per stage change, `end` once the result is ready."""
        await service.owned_interview(current_user.id, interview_id)  # 404 before streaming
        hub: StreamHub = request.app.state.stream_hub
        first_id = first_event_id(request.headers.get("last-event-id"))
        stream_id = uuid.uuid4().hex
        await hub.admit(current_user.redis, current_user.id, stream_id)  # 429 / 503 up front
        return ServerSentEvent(
            stage_events(
                hub, current_user.redis, current_user.id, interview_id, stream_id, first_id
            )
        )

    @get("/{interview_id:uuid}/status")
    async def status(self, current_user: CurrentUser, interview_id: uuid.UUID) -> InterviewStatus:
        """What the frontend polls: interview, result and answer stages."""
        return await service.interview_status(current_user.id, interview_id)
