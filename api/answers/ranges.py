"""Serve a file with HTTP Range support, so an `<audio>` element can seek."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from litestar.response import Stream

CHUNK_BYTES = 64 * 1024
_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single range; None for the whole file.

    Raises ValueError when the range cannot be satisfied.
    """
    if not header:
        return None
    match = _SINGLE_RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None  # several ranges or an odd form: send the whole file, as RFC 9110 allows
    start_text, end_text = match.groups()
    if not start_text:  # the last N bytes
        length = int(end_text)
        if length == 0:
            raise ValueError("empty suffix range")
        return max(0, size - length), size - 1
    start = int(start_text)
    end = min(int(end_text), size - 1) if end_text else size - 1
    if start >= size or end < start:
        raise ValueError("range outside the file")
    return start, end


def _read(path: Path, start: int, end: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            block = handle.read(min(CHUNK_BYTES, remaining))
            if not block:
                return
            remaining -= len(block)
            yield block


def file_response(path: Path, media_type: str, range_header: str | None) -> Stream:
    """200 with the whole file, 206 with the asked range, or 416 if it cannot be met."""
    size = path.stat().st_size
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=300"}
    try:
        span = parse_range(range_header, size)
    except ValueError:
        return Stream(
            iter(()),
            status_code=416,
            media_type=media_type,
            headers={**headers, "Content-Range": f"bytes */{size}"},
        )
    start, end = span if span else (0, size - 1)
    headers["Content-Length"] = str(end - start + 1)
    if span:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return Stream(
        _read(path, start, end),
        status_code=206 if span else 200,
        media_type=media_type,
        headers=headers,
    )
