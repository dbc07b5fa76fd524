"""Receive a multipart upload as a stream: the audio goes to a temporary file, never RAM."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from litestar import Request
from multipart import (
    MultipartSegment,
    ParserError,
    ParserLimitReached,
    PushMultipartParser,
    parse_options_header,
)

from api.errors import BadRequest, PayloadTooLarge, UnsupportedMedia, ValidationFailed

AUDIO_FIELD = "audio"
TEXT_FIELDS = frozenset({"questionId", "recordedAt"})
MAX_TEXT_FIELD_BYTES = 1024
# Room for the multipart framing and the small text fields around the audio.
FRAMING_ALLOWANCE = 64 * 1024


@dataclass
class ReceivedUpload:
    """The text fields and the spooled audio of one upload."""

    fields: dict[str, str] = field(default_factory=dict)
    audio_path: Path | None = None
    audio_name: str = ""
    audio_size: int = 0

    def discard(self) -> None:
        """Delete the spooled audio, if any."""
        if self.audio_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.audio_path.unlink()
            self.audio_path = None


def _boundary(request: Request) -> str:
    media_type, options = parse_options_header(request.headers.get("content-type", ""))
    if media_type != "multipart/form-data" or not options.get("boundary"):
        raise UnsupportedMedia("Send the answer as multipart/form-data.")
    return str(options["boundary"])


def _too_large(max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The recording is larger than {max_bytes // (1024 * 1024)} MB.")


async def receive_upload(
    request: Request, *, max_bytes: int, spool_dir: str | None
) -> ReceivedUpload:
    """Stream the body into a `ReceivedUpload`, stopping as soon as it is too large."""
    boundary = _boundary(request)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + FRAMING_ALLOWANCE:
        raise _too_large(max_bytes)
    upload = ReceivedUpload()
    try:
        await _read_parts(request, boundary, upload, max_bytes, spool_dir)
    except BaseException:
        upload.discard()
        raise
    return upload


async def _read_parts(
    request: Request, boundary: str, upload: ReceivedUpload, max_bytes: int, spool_dir: str | None
) -> None:
    received = 0
    segment: MultipartSegment | None = None
    sink = None
    text = bytearray()
    try:
        with PushMultipartParser(boundary, max_segment_count=16) as parser:
            async for chunk in request.stream():
                received += len(chunk)
                if received > max_bytes + FRAMING_ALLOWANCE:
                    raise _too_large(max_bytes)
                for event in parser.parse(chunk):
                    if isinstance(event, MultipartSegment):
                        segment, text = event, bytearray()
                        if event.name == AUDIO_FIELD:
                            if upload.audio_path is not None:
                                raise ValidationFailed("Send one audio file per answer.")
                            fd, name = tempfile.mkstemp(prefix="upload-", dir=spool_dir or None)
                            sink = os.fdopen(fd, "wb")
                            upload.audio_path = Path(name)
                            upload.audio_name = (event.filename or "")[:255]
                        elif event.name not in TEXT_FIELDS:
                            raise ValidationFailed(
                                f"Unexpected form field {event.name!r}.",
                                errors=[{"field": event.name, "message": "unknown field"}],
                            )
                    elif event is None:
                        if segment is not None and segment.name == AUDIO_FIELD and sink:
                            sink.close()
                            sink = None
                        elif segment is not None:
                            upload.fields[segment.name] = text.decode("utf-8", "replace").strip()
                        segment = None
                    elif segment is not None and segment.name == AUDIO_FIELD and sink:
                        upload.audio_size += len(event)
                        if upload.audio_size > max_bytes:
                            raise _too_large(max_bytes)
                        sink.write(event)
                    else:
                        text += event
                        if len(text) > MAX_TEXT_FIELD_BYTES:
                            raise ValidationFailed("A form field is too long.")
    except ParserLimitReached as exc:  # more than 16 parts, or a part header over 4 KB
        raise PayloadTooLarge(f"The multipart body exceeds a limit: {exc}") from exc
    except ParserError as exc:
        raise BadRequest(f"The multipart body is malformed: {exc}") from exc
    finally:
        if sink is not None:
            sink.close()
