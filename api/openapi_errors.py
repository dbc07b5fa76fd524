"""What the OpenAPI document says beyond what Litestar infers from the handlers.

Every /api operation documents the problem+json errors it can answer with, and the two
responses that are not JSON (the PDF report, the event stream) name their media types.
"""

from __future__ import annotations

from http import HTTPStatus

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Schema,
)

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


def _needs_admin(handler: HTTPRouteHandler) -> bool:
    """Handlers that take the `admin` dependency answer 403 to everyone else."""
    return "admin" in handler.parsed_fn_signature.parameters


def document_errors(app: Litestar) -> None:
    """Add the common problem responses to every /api operation that does not name them."""
    for route in app.routes:
        if not route.path.startswith("/api"):
            continue
        for handler in getattr(route, "route_handlers", []):
            responses = dict(handler.responses or {})
            statuses = COMMON + ((403,) if _needs_admin(handler) else ())
            for status in statuses:
                responses.setdefault(status, _spec(status))
            handler.responses = responses


# Responses whose body is not (only) JSON: path -> media type -> schema of the body.
OTHER_MEDIA = {
    "/api/results/{result_id}/report": {
        "application/pdf": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY),
    },
    "/api/interviews/{interview_id}/events": {
        "text/event-stream": Schema(
            type=OpenAPIType.STRING,
            description="`event: stage` lines whose `data` is a StageEvent, then `event: end`",
        ),
    },
}


def describe_media(app: Litestar) -> None:
    """Name the PDF and event-stream media types of their 200 responses."""
    paths = app.openapi_schema.paths or {}
    for path, media in OTHER_MEDIA.items():
        operation = paths[path].get
        assert operation is not None
        assert operation.responses is not None
        response = operation.responses["200"]
        assert isinstance(response, OpenAPIResponse)
        assert response.content is not None
        content = response.content
        if path.endswith("/events"):
            content.clear()  # the stream is never JSON
        content.update({kind: OpenAPIMediaType(schema=schema) for kind, schema in media.items()})
