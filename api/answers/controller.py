"""HTTP handlers of answers: upload, read, and signed playback."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.status_codes import HTTP_202_ACCEPTED

from api.answers import service
from api.answers.audio_check import MIME_BY_EXTENSION
from api.answers.ranges import file_response
from api.answers.schemas import AnswerOut, AudioUrl, QuestionAttempts
from api.answers.upload import receive_upload
from api.errors import NotFound
from api.interviews.service import owned_interview
from api.interviews.transitions import check_open
from api.security import CurrentUser, provide_current_user
from storage.audio_store import AudioStore
from storage.signing import verify_local_url


class AnswersController(Controller):
    """The signed-in user's recorded answers."""

    path = "/api"
    tags = ["answers"]
    dependencies = {"current_user": Provide(provide_current_user)}

    # Our own streaming limit applies (413 as soon as it is crossed), not Litestar's 10 MB.
    @post(
        "/interviews/{interview_id:uuid}/answers",
        status_code=HTTP_202_ACCEPTED,
        request_max_body_size=None,
    )
    async def upload(
        self,
        request: Request,
        current_user: CurrentUser,
        interview_id: uuid.UUID,
        store: AudioStore,
    ) -> Response[AnswerOut]:
        """Record an answer (multipart: `questionId`, `audio`, optional `recordedAt`)."""
        settings = current_user.settings
        interview = await owned_interview(current_user.id, interview_id)
        check_open(interview["status"], "record an answer")
        upload = await receive_upload(
            request,
            max_bytes=settings.max_upload_bytes,
            spool_dir=settings.upload_spool_dir or None,
        )
        try:
            answer = await service.create_answer(
                store=store,
                redis=current_user.redis,
                settings=settings,
                user_id=current_user.id,
                interview=interview,
                upload=upload,
            )
        finally:
            upload.discard()
        return Response(answer, status_code=HTTP_202_ACCEPTED)

    @get("/interviews/{interview_id:uuid}/answers")
    async def list_answers(
        self, current_user: CurrentUser, interview_id: uuid.UUID
    ) -> list[AnswerOut]:
        """Every attempt at every question of the interview."""
        await owned_interview(current_user.id, interview_id)
        return await service.interview_answers(interview_id)

    @get("/interviews/{interview_id:uuid}/questions/{question_id:uuid}/attempts")
    async def attempts(
        self, current_user: CurrentUser, interview_id: uuid.UUID, question_id: uuid.UUID
    ) -> QuestionAttempts:
        """Every attempt at one question, each with what changed since the one before."""
        await owned_interview(current_user.id, interview_id)
        return await service.question_attempts(interview_id, question_id)

    @get("/answers/{answer_id:uuid}")
    async def answer(self, current_user: CurrentUser, answer_id: uuid.UUID) -> AnswerOut:
        """One answer with its transcript, analysis and stages."""
        return await service.get_answer(current_user.id, answer_id)

    @get("/answers/{answer_id:uuid}/audio")
    async def audio(
        self, current_user: CurrentUser, answer_id: uuid.UUID, store: AudioStore
    ) -> AudioUrl:
        """A signed, expiring URL that plays the recording without headers."""
        return await service.audio_url(store, current_user.settings, current_user.id, answer_id)


class AudioController(Controller):
    """Signed playback of recordings kept in local storage (S3 serves its own)."""

    path = "/api/audio"
    tags = ["answers"]

    # Media is never compressed: gzip would break Range responses (body and Content-Length).
    @get("/{key:path}", include_in_schema=False, opt={"skip_compression": True})
    async def play(
        self, request: Request, key: str, store: AudioStore, expires: int, signature: str
    ) -> Response[bytes]:
        """Stream the recording, honouring Range, while the signature holds."""
        key = key.lstrip("/")
        secret = request.app.state.settings.secret_key
        if store.is_s3 or not verify_local_url(key, expires, signature, secret):
            raise NotFound("This link is invalid or has expired.")
        path = store.local_file(key)
        if path is None or not path.is_file():
            raise NotFound("This link is invalid or has expired.")
        media_type = MIME_BY_EXTENSION.get(path.suffix, "application/octet-stream")
        return file_response(path, media_type, request.headers.get("range"))  # type: ignore[return-value]
