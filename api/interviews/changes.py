"""Interview changes: edit, move through the state machine, skip a question, delete."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import structlog
from redis.asyncio import Redis

from api.answers import service as answers
from api.errors import Conflict, NotFound
from api.interviews.schemas import (
    Completion,
    InterviewOut,
    InterviewQuestionOut,
    InterviewUpdate,
)
from api.interviews.service import interview_out, interview_questions, owned_interview
from api.interviews.transitions import check_open, check_transition, result_status
from core.view_cache import forget_views
from models.db import row_timestamp, transaction, utcnow
from models.tables import Interview, InterviewQuestion
from pipeline.interface import changed, request_stage
from storage.audio_store import AudioStore

log = structlog.get_logger("api.interviews")


def _start_values(row: dict[str, Any]) -> dict[Any, Any]:
    return {Interview.status: "in-progress", Interview.started_at: row["started_at"] or utcnow()}


def _completion_values(row: dict[str, Any]) -> dict[Any, Any]:
    now = utcnow()
    started = row["started_at"]
    duration = int((now - row_timestamp(started)).total_seconds()) if started else 0
    return {
        Interview.status: "completed",
        Interview.completed_at: now,
        Interview.duration: max(0, duration),
    }


async def _save(
    redis: Redis, user_id: uuid.UUID, interview_id: uuid.UUID, values: dict[Any, Any]
) -> InterviewOut:
    values[Interview.updated_at] = utcnow()
    await Interview.update(values).where(Interview.id == interview_id)
    await forget_views(redis, user_id)
    return interview_out(await owned_interview(user_id, interview_id))


async def update_interview(
    redis: Redis,
    broker_url: str,
    user_id: uuid.UUID,
    interview_id: uuid.UUID,
    data: InterviewUpdate,
) -> InterviewOut:
    """Edit the title or description, or move the interview through its states."""
    row = await owned_interview(user_id, interview_id)
    values: dict[Any, Any] = {}
    if data.job_title is not msgspec.UNSET or data.job_description is not msgspec.UNSET:
        check_open(row["status"], "edit the interview")
        if data.job_title is not msgspec.UNSET:
            values[Interview.job_title] = data.job_title.strip()
        if data.job_description is not msgspec.UNSET:
            values[Interview.job_description] = data.job_description
    if data.status is not msgspec.UNSET and data.status != row["status"]:
        check_transition(row["status"], data.status)
        if data.status == "in-progress":
            values.update(_start_values(row))
        elif data.status == "completed":
            values.update(_completion_values(row))
        else:
            values[Interview.status] = data.status
    interview = await _save(redis, user_id, interview_id, values)
    if values.get(Interview.status) == "completed":
        await request_stage(broker_url, "aggregate", interview_id)
    return interview


async def complete_interview(
    redis: Redis, broker_url: str, user_id: uuid.UUID, interview_id: uuid.UUID
) -> Completion:
    """Finish the interview; its result is built once every answer is processed."""
    row = await owned_interview(user_id, interview_id)
    if row["status"] == "pending":
        raise Conflict("Answer or skip at least one question before completing the interview.")
    check_transition(row["status"], "completed")
    interview = await _save(redis, user_id, interview_id, _completion_values(row))
    # Builds the result now if every answer is already processed; otherwise the last
    # answer to finish asks again.
    await request_stage(broker_url, "aggregate", interview_id)
    return Completion(interview=interview, result_status=result_status("completed", False))


async def skip_question(
    redis: Redis, user_id: uuid.UUID, interview_id: uuid.UUID, question_id: uuid.UUID
) -> InterviewQuestionOut:
    """Mark a pending question skipped; the interview counts as started."""
    row = await owned_interview(user_id, interview_id)
    check_open(row["status"], "skip a question")
    link = (
        await InterviewQuestion.select(InterviewQuestion.status)
        .where(
            (InterviewQuestion.interview == interview_id)
            & (InterviewQuestion.question == question_id)
        )
        .first()
    )
    if link is None:
        raise NotFound("This interview has no such question.")
    if link["status"] == "answered":
        raise Conflict("This question already has an answer.")
    async with transaction():
        await InterviewQuestion.update(
            {InterviewQuestion.status: "skipped", InterviewQuestion.updated_at: utcnow()}
        ).where(
            (InterviewQuestion.interview == interview_id)
            & (InterviewQuestion.question == question_id)
        )
        if row["status"] == "pending":
            await Interview.update({**_start_values(row), Interview.updated_at: utcnow()}).where(
                Interview.id == interview_id
            )
    await forget_views(redis, user_id)
    questions = await interview_questions(interview_id)
    found = [q for q in questions if q.question_id == question_id]
    if not found:  # the interview was deleted meanwhile
        raise NotFound("This interview has no such question.")
    return found[0]


async def delete_interview(
    redis: Redis, store: AudioStore, user_id: uuid.UUID, interview_id: uuid.UUID
) -> None:
    """Remove the interview with its questions, answers, recordings and result."""
    await owned_interview(user_id, interview_id)
    keys = await answers.interview_audio_keys(interview_id)
    await Interview.delete().where(Interview.id == interview_id)
    await changed(redis, user_id, interview_id)  # open event streams end
    try:
        await store.delete(keys)
    except OSError:
        # The rows are gone, so nothing can reach these files; log them for a clean-up.
        log.exception("audio_delete_failed", interview_id=str(interview_id), keys=keys)
