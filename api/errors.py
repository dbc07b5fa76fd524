"""One exception hierarchy, mapped to RFC 9457 problem+json in one place."""

from __future__ import annotations

import re
import sqlite3
from http import HTTPStatus
from typing import Any

import asyncpg
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("api.errors")


class AppError(Exception):
    """A failure the client can act on; subclasses pick the status."""

    status_code = 400
    slug = "bad-request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


class BadRequest(AppError):
    """400: the body could not be read."""


class Unauthorized(AppError):
    """401: no valid credentials."""

    status_code = 401
    slug = "unauthorized"

    def __init__(self, detail: str = "Missing or invalid credentials.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})


class Forbidden(AppError):
    """403: authenticated but not allowed."""

    status_code = 403
    slug = "forbidden"


class NotFound(AppError):
    """404: absent, or belonging to someone else."""

    status_code = 404
    slug = "not-found"


class Conflict(AppError):
    """409: the object's state forbids this."""

    status_code = 409
    slug = "conflict"


class PayloadTooLarge(AppError):
    """413: the body exceeds the limit."""

    status_code = 413
    slug = "payload-too-large"


class UnsupportedMedia(AppError):
    """415: not a media type we accept."""

    status_code = 415
    slug = "unsupported-media-type"


class ValidationFailed(AppError):
    """422: well-formed but invalid fields."""

    status_code = 422
    slug = "validation-failed"


class RateLimited(AppError):
    """429: too many requests; retry later."""

    status_code = 429
    slug = "rate-limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})


class ServiceUnavailable(AppError):
    """503: a dependency is down."""

    status_code = 503
    slug = "service-unavailable"


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    """A problem+json response."""
    phrase = HTTPStatus(status).phrase
    body = {
        "type": f"/problems/{slug}" if slug else "about:blank",
        "title": phrase,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


# msgspec names the offending field in the message when it is missing or unknown.
_NAMED_FIELD = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


def _field_errors(extra: Any) -> list[dict[str, str]]:
    if not isinstance(extra, list):
        return []
    errors = []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message"))
        key = str(item.get("key") or "")
        named = _NAMED_FIELD.search(message)
        if named:
            key = named.group(1) if key in ("", "data") else f"{key}.{named.group(1)}"
        elif "matching regex" in message and "email" in key.lower():
            message = "Expected a valid email address"
        errors.append({"field": key, "message": message})
    return errors


def _is_malformed_body(exc: ValidationException) -> bool:
    # Litestar reports undecodable JSON as a validation error without field info.
    text = f"{exc.detail} {exc.extra}".lower()
    return any(m in text for m in ("malformed", "json is malformed", "invalid json", "decode"))


def handle_app_error(_: Request, exc: AppError) -> Response[dict[str, Any]]:
    """Map our own errors."""
    return problem(
        exc.status_code, exc.detail, slug=exc.slug, errors=exc.errors, headers=exc.headers
    )


def handle_validation(_: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    """Malformed bodies are 400; bodies that decode but break the schema are 422."""
    if _is_malformed_body(exc):
        return problem(400, "The request body is not valid JSON.", slug="malformed-body")
    errors = _field_errors(exc.extra)
    detail = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
    )
    return problem(422, detail or "Validation failed.", slug="validation-failed", errors=errors)


def handle_http(_: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    """Framework errors (404 route, 405 method, 413 body) keep their status."""
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else ""
    if exc.status_code == 404:  # the static-file router's message names paths on the server
        detail = ""
    return problem(
        exc.status_code, detail or HTTPStatus(exc.status_code).description, headers=exc.headers
    )


def handle_dependency_down(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    """A database or Redis outage is a 503 the client may retry, not our 500."""
    log.error("dependency_down", path=request.url.path, error=repr(exc))
    return problem(
        503,
        "A service this request needs is unavailable; try again shortly.",
        slug="service-unavailable",
        headers={"Retry-After": "5"},
    )


def handle_integrity(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    """A row this request refers to went away under it (deleted meanwhile): 409, not 500."""
    log.warning("integrity_error", path=request.url.path, error=repr(exc)[:300])
    return problem(409, "Something this request refers to no longer exists.", slug="conflict")


def handle_unexpected(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    """Anything else is our bug: log it, tell the client nothing internal."""
    log.exception("unhandled_error", path=request.url.path, error=type(exc).__name__)
    return problem(500, "An unexpected error occurred.", slug="internal-error")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    AppError: handle_app_error,
    ValidationException: handle_validation,
    HTTPException: handle_http,
    RedisConnectionError: handle_dependency_down,
    RedisTimeoutError: handle_dependency_down,
    # asyncpg and sqlite surface outages as OS-level connection errors.
    ConnectionError: handle_dependency_down,
    TimeoutError: handle_dependency_down,
    sqlite3.IntegrityError: handle_integrity,
    asyncpg.exceptions.IntegrityConstraintViolationError: handle_integrity,
    Exception: handle_unexpected,
}
