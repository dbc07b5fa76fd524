"""Answer rules: accept a recording, store it, record it, hand it to the pipeline."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from api.answers.attempts import changes
from api.answers.audio_check import AudioInfo, BrokenAudio, NotAudio, TooLong, probe
from api.answers.schemas import (
    AnswerOut,
    AnswerProgress,
    Attempt,
    AudioUrl,
    QuestionAttempts,
    StageOut,
)
from api.answers.upload import ReceivedUpload
from api.errors import NotFound, UnsupportedMedia, ValidationFailed
from api.shaping import shape
from core.settings import Settings
from models.db import lock_row, parse_timestamp, transaction, utcnow
from models.sql import fetch
from models.tables import Answer, AnswerStage, Interview, InterviewQuestion
from pipeline.interface import (
    ANSWER_STAGES,
    PACE_RANGE,
    changed,
    create_stage_rows,
    request_stage,
)
from storage.audio_store import AudioStore

log = structlog.get_logger("api.answers")
ANSWER_COLUMNS = (
    "a.id, a.interview AS interview_id, a.question AS question_id, a.attempt, a.audio_file_name, "
    "a.audio_file_size, a.audio_duration, a.mime_type, a.recorded_at, a.status, "
    "a.transcription, a.analysis, a.error, a.processed_at, a.created_at"
)
ACCEPTED = "webm/opus, ogg/opus, wav, mp3, m4a/aac or flac"


def _field_error(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", errors=[{"field": field, "message": message}])


def parse_question_id(upload: ReceivedUpload) -> uuid.UUID:
    """The `questionId` form field as a UUID, or 422."""
    raw = upload.fields.get("questionId")
    if not raw:
        raise _field_error("questionId", "is required")
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise _field_error("questionId", "must be a UUID") from exc


def parse_recorded_at(upload: ReceivedUpload) -> datetime | None:
    """The optional `recordedAt` form field (ISO 8601), or 422."""
    raw = upload.fields.get("recordedAt")
    if not raw:
        return None
    try:
        return parse_timestamp(raw)
    except ValueError as exc:
        raise _field_error("recordedAt", "must be an ISO 8601 timestamp") from exc


# Decoding is CPU work: at most this many checks at once per API process, off the event
# loop, so uploads queue behind each other rather than slowing every other request.
AUDIO_CHECK_CONCURRENCY = 2
_AUDIO_CHECKS = asyncio.Semaphore(AUDIO_CHECK_CONCURRENCY)


async def check_audio(upload: ReceivedUpload, settings: Settings) -> AudioInfo:
    """Accept only real, decodable audio of a sensible length."""
    if upload.audio_path is None:
        raise _field_error("audio", "is required")
    if upload.audio_size == 0:
        raise _field_error("audio", "the file is empty")
    try:
        async with _AUDIO_CHECKS:
            info = await asyncio.to_thread(probe, upload.audio_path, settings.max_audio_seconds)
    except TooLong as exc:
        raise _field_error(
            "audio",
            f"the recording lasts {exc.seconds:.0f}s or more; "
            f"answers may last {settings.max_audio_seconds:g}s at most",
        ) from exc
    except NotAudio as exc:
        raise UnsupportedMedia(f"The file is not audio we accept ({ACCEPTED}).") from exc
    except BrokenAudio as exc:
        raise _field_error(
            "audio", "the recording is corrupt or truncated and cannot be played; record it again"
        ) from exc
    if info.duration_seconds < settings.min_audio_seconds:
        raise _field_error(
            "audio",
            f"the recording lasts {info.duration_seconds:.1f}s; "
            f"answers need at least {settings.min_audio_seconds:g}s",
        )
    if info.duration_seconds > settings.max_audio_seconds:
        raise _field_error(
            "audio",
            f"the recording lasts {info.duration_seconds:.0f}s; "
            f"answers may last {settings.max_audio_seconds:g}s at most",
        )
    return info


async def _record_answer(
    *,
    answer_id: uuid.UUID,
    user_id: uuid.UUID,
    interview: dict[str, Any],
    question_id: uuid.UUID,
    key: str,
    upload: ReceivedUpload,
    info: AudioInfo,
    recorded_at: datetime | None,
) -> None:
    """Answer, stage rows, question and interview progress: one transaction."""
    now = utcnow()
    async with transaction():
        # Concurrent uploads for one question queue here, so attempt numbers never collide.
        await lock_row(
            InterviewQuestion.select(InterviewQuestion.id).where(
                (InterviewQuestion.interview == interview["id"])
                & (InterviewQuestion.question == question_id)
            )
        )
        latest = (
            await Answer.select(Answer.attempt)
            .where((Answer.interview == interview["id"]) & (Answer.question == question_id))
            .order_by(Answer.attempt, ascending=False)
            .first()
        )
        await Answer.insert(
            Answer(
                id=answer_id,
                interview=interview["id"],
                question=question_id,
                user=user_id,
                attempt=(latest["attempt"] if latest else 0) + 1,
                audio_key=key,
                audio_file_name=upload.audio_name,
                audio_file_size=upload.audio_size,
                audio_duration=info.duration_seconds,
                mime_type=info.mime_type,
                recorded_at=recorded_at,
                status="queued",
            )
        )
        await create_stage_rows(answer_id)
        await InterviewQuestion.update(
            {InterviewQuestion.status: "answered", InterviewQuestion.updated_at: now}
        ).where(
            (InterviewQuestion.interview == interview["id"])
            & (InterviewQuestion.question == question_id)
        )
        answered = await InterviewQuestion.count().where(
            (InterviewQuestion.interview == interview["id"])
            & (InterviewQuestion.status == "answered")
        )
        progress: dict[Any, Any] = {Interview.answered_count: answered, Interview.updated_at: now}
        if interview["status"] == "pending":
            progress |= {Interview.status: "in-progress", Interview.started_at: now}
        await Interview.update(progress).where(Interview.id == interview["id"])


async def create_answer(
    *,
    store: AudioStore,
    redis: Redis,
    settings: Settings,
    user_id: uuid.UUID,
    interview: dict[str, Any],
    upload: ReceivedUpload,
) -> AnswerOut:
    """Validate, store and record an upload, then request its transcription."""
    question_id = parse_question_id(upload)
    recorded_at = parse_recorded_at(upload)
    if not await InterviewQuestion.exists().where(
        (InterviewQuestion.interview == interview["id"])
        & (InterviewQuestion.question == question_id)
    ):
        raise NotFound("This interview has no such question.")
    info = await check_audio(upload, settings)
    assert upload.audio_path is not None
    answer_id = uuid.uuid4()
    key = f"answers/{interview['id']}/{answer_id}{info.extension}"
    await store.put(upload.audio_path, key)
    try:
        await _record_answer(
            answer_id=answer_id,
            user_id=user_id,
            interview=interview,
            question_id=question_id,
            key=key,
            upload=upload,
            info=info,
            recorded_at=recorded_at,
        )
    except BaseException:
        await store.delete([key])  # no recording without its row
        raise
    try:
        await request_stage(settings.broker, "transcribe", answer_id)
        await changed(redis, user_id, interview["id"])
    except (RedisError, OSError):
        # The answer and its queued stage are committed: answering 503 now would invite a
        # duplicate upload. The sweeper sends the lost message once Redis is back.
        log.warning("pipeline_request_deferred", answer_id=str(answer_id), exc_info=True)
    log.info(
        "answer_received",
        answer_id=str(answer_id),
        seconds=info.duration_seconds,
        bytes=upload.audio_size,
        kind=info.kind,
    )
    return await get_answer(user_id, answer_id)


async def _stages_by_answer(answer_ids: list[Any]) -> dict[str, list[StageOut]]:
    if not answer_ids:
        return {}
    rows = await AnswerStage.select(
        AnswerStage.answer,
        AnswerStage.name,
        AnswerStage.status,
        AnswerStage.attempts,
        AnswerStage.started_at,
        AnswerStage.finished_at,
        AnswerStage.error,
    ).where(AnswerStage.answer.is_in(answer_ids))
    grouped: dict[str, list[StageOut]] = defaultdict(list)
    for row in sorted(
        rows, key=lambda r: ANSWER_STAGES.index(r["name"]) if r["name"] in ANSWER_STAGES else 9
    ):
        grouped[str(row["answer"])].append(shape(row, StageOut))
    return grouped


async def _answers(where: str, *args: Any) -> list[AnswerOut]:
    rows = await fetch(
        f"SELECT {ANSWER_COLUMNS} FROM answers a WHERE {where} ORDER BY a.created_at, a.attempt",
        *args,
    )
    stages = await _stages_by_answer([row["id"] for row in rows])
    return [
        shape(
            row | {"stages": stages.get(str(row["id"]), [])},
            AnswerOut,
            json_fields=("transcription", "analysis"),
        )
        for row in rows
    ]


async def interview_answers(interview_id: uuid.UUID) -> list[AnswerOut]:
    """Every attempt at every question of an interview, oldest first."""
    return await _answers("a.interview = {}", interview_id)


async def get_answer(user_id: uuid.UUID, answer_id: uuid.UUID) -> AnswerOut:
    """One of the user's answers; anyone else's is as absent as a missing one."""
    found = await _answers('a.id = {} AND a."user" = {}', answer_id, user_id)
    if not found:
        raise NotFound("No such answer.")
    return found[0]


async def question_attempts(interview_id: uuid.UUID, question_id: uuid.UUID) -> QuestionAttempts:
    """Every attempt at one question, each with its changes from the one before (or 404)."""
    answers = await _answers("a.interview = {} AND a.question = {}", interview_id, question_id)
    if not answers and not await InterviewQuestion.exists().where(
        (InterviewQuestion.interview == interview_id) & (InterviewQuestion.question == question_id)
    ):
        raise NotFound("This interview has no such question.")
    attempts = [Attempt(answer=answers[0], changes=[])] if answers else []
    for previous, answer in itertools.pairwise(answers):
        moved = changes(previous.analysis, answer.analysis, PACE_RANGE)
        attempts.append(Attempt(answer=answer, changes=moved))
    return QuestionAttempts(question_id=question_id, attempts=attempts)


async def interview_progress(interview_id: uuid.UUID) -> list[AnswerProgress]:
    """Where each answer stands, for the status poll and event streams.

    Without transcripts and analyses: they are the bulk of a row and polls never show them.
    """
    rows = await fetch(
        "SELECT a.id AS answer_id, a.question AS question_id, a.status FROM answers a "
        "WHERE a.interview = {} ORDER BY a.created_at, a.attempt",
        interview_id,
    )
    stages = await _stages_by_answer([row["answer_id"] for row in rows])
    return [
        shape(row | {"stages": stages.get(str(row["answer_id"]), [])}, AnswerProgress)
        for row in rows
    ]


async def audio_url(
    store: AudioStore, settings: Settings, user_id: uuid.UUID, answer_id: uuid.UUID
) -> AudioUrl:
    """A signed, expiring link to one of the user's recordings."""
    row = (
        await Answer.select(Answer.audio_key)
        .where((Answer.id == answer_id) & (Answer.user == user_id))
        .first()
    )
    if row is None:
        raise NotFound("No such answer.")
    signed = await store.signed_url(row["audio_key"], settings.signed_url_seconds)
    return AudioUrl(url=signed.url, expires_at=signed.expires_at)


async def interview_audio_keys(interview_id: uuid.UUID) -> list[str]:
    """Storage keys of every recording of an interview."""
    rows = await Answer.select(Answer.audio_key).where(Answer.interview == interview_id)
    return [row["audio_key"] for row in rows]
