"""Refuse what no handler should see, before the framework parses it: each a clear 4xx.

- JSON endpoints take `application/json` only (415): a cross-site form cannot post to them
  without a CORS preflight.
- Bodies that are not UTF-8 (400), JSON nested deeper than MAX_DEPTH (400: the decoder would
  recurse), and strings holding NUL or unpaired surrogates (422: PostgreSQL refuses them).
- Query strings with NUL or that are not UTF-8 (422 / 400).
Multipart uploads go to their own streaming parser untouched.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import cast
from urllib.parse import unquote_to_bytes

from litestar.types import ASGIApp, HTTPReceiveMessage, HTTPScope, Receive, Scope, Send

MAX_DEPTH = 32
MAX_JSON_BYTES = 1024 * 1024
# Routes that take multipart/form-data instead of JSON.
MULTIPART_PATHS = re.compile(r"^/api/interviews/[^/]+/answers/?$")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Refused(Exception):
    """A request refused at the edge, with its status and reason."""

    def __init__(self, status: int, detail: str, slug: str) -> None:
        super().__init__(detail)
        self.status, self.detail, self.slug = status, detail, slug


def _nesting(text: str) -> int:
    """The deepest nesting of arrays and objects, outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _bad_escape(text: str) -> str | None:
    """What is wrong with the string escapes: NUL or an unpaired surrogate, else None."""
    pending_high = False
    for match in _ESCAPE.finditer(text):
        escape = match.group(1)
        point = int(escape[1:], 16) if escape[0] == "u" and len(escape) == 5 else None
        if point == 0:
            return "a NUL character"
        if point is not None and 0xD800 <= point <= 0xDBFF:
            if pending_high:
                return "an unpaired surrogate"
            pending_high = True
            continue
        if pending_high and not (point is not None and 0xDC00 <= point <= 0xDFFF):
            return "an unpaired surrogate"
        if not pending_high and point is not None and 0xDC00 <= point <= 0xDFFF:
            return "an unpaired surrogate"
        pending_high = False
    return "an unpaired surrogate" if pending_high else None


def check_json_body(body: bytes) -> None:
    """Raise Refused for a body the API must not parse or store."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, "The request body is not valid UTF-8.", "malformed-body") from exc
    if text.count("[") + text.count("{") > MAX_DEPTH and _nesting(text) > MAX_DEPTH:
        raise Refused(400, f"JSON nested deeper than {MAX_DEPTH} levels.", "malformed-body")
    if "\x00" in text:
        raise Refused(422, "Text may not contain a NUL character.", "validation-failed")
    if "\\" in text and (problem := _bad_escape(text)):
        raise Refused(422, f"Text may not contain {problem}.", "validation-failed")


def check_query(raw: bytes) -> None:
    """Raise Refused for query strings with NUL or that are not UTF-8."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        raise Refused(422, "Query parameters may not contain a NUL character.", "validation-failed")
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, "The query string is not valid UTF-8.", "bad-request") from exc


def _header(scope: Scope, name: bytes) -> bytes:
    return next((value for key, value in scope["headers"] if key == name), b"")


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


async def _problem(send: Send, refused: Refused) -> None:
    body = json.dumps(
        {
            "type": f"/problems/{refused.slug}",
            "title": HTTPStatus(refused.status).phrase,
            "status": refused.status,
            "detail": refused.detail,
            "errors": [],
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": refused.status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


class RequestGuard:
    """Checks JSON bodies and query strings, then hands the app the body it read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_query(scope.get("query_string", b""))
            method = cast(HTTPScope, scope)["method"]
            if method not in _BODY_METHODS or MULTIPART_PATHS.match(scope["path"]):
                await self.app(scope, receive, send)
                return
            body = await self._json_body(scope, receive)
        except Refused as refused:
            await _problem(send, refused)
            return
        replayed = False

        async def replay() -> HTTPReceiveMessage:
            nonlocal replayed
            if replayed:
                return cast(HTTPReceiveMessage, await receive())  # the client's disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _json_body(self, scope: Scope, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = cast(bytes, message.get("body", b""))
            size += len(chunk)
            if size > MAX_JSON_BYTES:
                raise Refused(413, "The request body is too large.", "payload-too-large")
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if body.strip():
            if not _is_json(_header(scope, b"content-type")):
                raise Refused(415, "Send the body as application/json.", "unsupported-media-type")
            check_json_body(body)
        return body
