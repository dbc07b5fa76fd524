"""JSON bodies decoded as strictly as the OpenAPI schema reads.

Litestar converts request bodies with msgspec's lax rules, so `{"practiceReminders": 0}`
would become `False` and `"5"` a number, although the published schema says boolean and
integer. This hook decodes the body once more against the handler's own `data` type with
`strict=True` before the handler runs, so the API refuses exactly what its schema refuses.
The caller is authenticated (and its role checked) first, as Litestar would: an anonymous
request gets its 401, not a 422 about its body.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from api.security import provide_current_admin, provide_current_user

_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def _decoder(annotation: Any) -> msgspec.json.Decoder[Any] | None:
    """A strict decoder for a handler's body type, built once per type."""
    try:
        if annotation not in _decoders:
            _decoders[annotation] = msgspec.json.Decoder(annotation, strict=True)
        return _decoders[annotation]
    except TypeError:  # a type msgspec cannot decode alone (multipart, custom): leave it be
        return None


def _refusal(exc: msgspec.ValidationError) -> ValidationException:
    """msgspec's "Expected `bool`, got `int` - at `$.practiceReminders`" as Litestar's 422."""
    message, _, path = str(exc).partition(" - at `$")
    key = path.rstrip("`").lstrip(".")
    return ValidationException(detail=message, extra=[{"key": key, "message": message}])


async def _authenticate(request: Request[Any, Any, Any]) -> None:
    """The handler's own authentication and role check, run first (their result is kept)."""
    wants = request.route_handler.parsed_fn_signature.parameters
    if "current_user" in wants or "admin" in wants:
        user = await provide_current_user(request, request.app.state)
        if "admin" in wants:
            await provide_current_admin(user)


async def strict_body(request: Request[Any, Any, Any]) -> None:
    """Refuse a JSON body whose values only fit the handler's type after coercion."""
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None or request.content_type[0] != "application/json":
        return
    body = await request.body()
    decoder = _decoder(data.annotation) if body else None
    if decoder is None:
        return
    await _authenticate(request)
    try:
        decoder.decode(body)
    except msgspec.ValidationError as exc:
        raise _refusal(exc) from None
    except msgspec.DecodeError:
        return  # Litestar answers malformed JSON with its own 400
