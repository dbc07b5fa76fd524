"""Is it really audio, and how long? Magic bytes, the declared length, then a decode with PyAV.

A decode bomb (hours of silence compressed into a megabyte) costs milliseconds: a declared
duration past the limit is refused before decoding, and decoding stops as soon as the
samples pass it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

# (magic test, mime type, file extension) for what browsers and phones record.
FORMATS = {
    "webm": ("audio/webm", ".webm"),
    "ogg": ("audio/ogg", ".ogg"),
    "wav": ("audio/wav", ".wav"),
    "flac": ("audio/flac", ".flac"),
    "mp3": ("audio/mpeg", ".mp3"),
    "aac": ("audio/aac", ".aac"),
    "mp4": ("audio/mp4", ".m4a"),
}
MIME_BY_EXTENSION = {extension: mime for mime, extension in FORMATS.values()}
# PyAV skips damaged frames silently: a decode this much shorter than declared is truncated.
TRUNCATION_TOLERANCE = 0.9


class NotAudio(Exception):
    """The bytes are not a format we accept."""


class BrokenAudio(Exception):
    """A known format that does not decode into sound."""


class TooLong(Exception):
    """Longer than the limit (declared or decoded so far); `seconds` is what was found."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"at least {seconds:.0f}s")
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class AudioInfo:
    """What the decode established."""

    kind: str
    mime_type: str
    extension: str
    duration_seconds: float


def sniff(head: bytes) -> str | None:
    """The container or stream format from the first bytes, or None."""
    if head.startswith(b"\x1aE\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"fLaC"):
        return "flac"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS: sync word, layer 0
            return "aac"
        if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:  # MPEG audio frame, layer I-III
            return "mp3"
    return None


# Streaming WAV writers that cannot seek back leave these placeholder sizes.
_UNKNOWN_RIFF_SIZES = frozenset({0, 0xFFFFFFFF, 0x7FFFFFFF})


def _wav_truncated(head: bytes, file_size: int) -> bool:
    # WAV decoders play whatever arrived, so compare with the size the header promises.
    riff_size = int.from_bytes(head[4:8], "little")
    return riff_size not in _UNKNOWN_RIFF_SIZES and file_size < riff_size + 8


def probe(path: Path, max_seconds: float) -> AudioInfo:
    """Decode the file up to `max_seconds` (CPU-bound: run it in a thread), measure its length."""
    with path.open("rb") as handle:
        head = handle.read(64)
    kind = sniff(head)
    if kind is None:
        raise NotAudio
    if kind == "wav" and _wav_truncated(head, path.stat().st_size):
        raise BrokenAudio("the WAV file is shorter than its header says")
    try:
        with av.open(str(path), mode="r") as container:
            streams = container.streams.audio
            if not streams:
                raise BrokenAudio("no audio stream")
            stream = streams[0]
            declared = container.duration / 1_000_000 if container.duration else None
            if declared and declared > max_seconds + 1:
                raise TooLong(declared)
            samples, rate = 0, 0
            for frame in container.decode(stream):
                samples += frame.samples
                rate = frame.sample_rate or rate
                if rate and samples / rate > max_seconds + 1:
                    raise TooLong(samples / rate)
    except av.FFmpegError as exc:
        raise BrokenAudio(str(exc)) from exc
    if not rate or not samples:
        raise BrokenAudio("no decodable audio frames")
    duration = samples / rate
    if declared and duration < declared * TRUNCATION_TOLERANCE - 0.25:
        raise BrokenAudio(f"decoded {duration:.1f}s of a declared {declared:.1f}s")
    mime_type, extension = FORMATS[kind]
    return AudioInfo(kind, mime_type, extension, round(duration, 3))
