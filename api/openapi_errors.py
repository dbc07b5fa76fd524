"""Every API operation documents the problem+json errors it can answer with."""

from __future__ import annotations

from http import HTTPStatus

import msgspec
from litestar import Litestar
from litestar.openapi.datastructures import ResponseSpec

# What the edge guard, authentication, validation, limits and outages can answer anywhere.
COMMON = (400, 401, 404, 409, 413, 415, 422, 429, 503)


class FieldError(msgspec.Struct):
    """One field's problem."""

    field: str
    message: str


class Problem(msgspec.Struct):
    """RFC 9457 problem details, as every error of the API is shaped."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError]


def _spec(status: int) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        media_type="application/problem+json",
        description=HTTPStatus(status).phrase,
    )


def document_errors(app: Litestar) -> None:
    """Add the common problem responses to every /api operation that does not name them."""
    for route in app.routes:
        if not route.path.startswith("/api"):
            continue
        for handler in getattr(route, "route_handlers", []):
            responses = dict(handler.responses or {})
            for status in COMMON:
                responses.setdefault(status, _spec(status))
            handler.responses = responses
