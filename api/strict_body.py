"""JSON bodies decoded as strictly as the OpenAPI schema reads.

Litestar converts request bodies with msgspec's lax rules, so `{"practiceReminders": 0}`
would become `False` and `"5"` a number, although the published schema says boolean and
integer. This hook decodes the body once more against the handler's own `data` type with
`strict=True` before the handler runs, so the API refuses exactly what its schema refuses.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request

from api.errors import ValidationFailed

_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def _decoder(annotation: Any) -> msgspec.json.Decoder[Any] | None:
    """A strict decoder for a handler's body type, built once per type."""
    try:
        if annotation not in _decoders:
            _decoders[annotation] = msgspec.json.Decoder(annotation, strict=True)
        return _decoders[annotation]
    except TypeError:  # a type msgspec cannot decode alone (multipart, custom): leave it be
        return None


def _field_error(exc: msgspec.ValidationError) -> dict[str, str]:
    """msgspec's "Expected `bool`, got `int` - at `$.practiceReminders`" as a field error."""
    message, _, path = str(exc).partition(" - at `$")
    field = path.rstrip("`").lstrip(".")
    return {"field": field, "message": message}


async def strict_body(request: Request[Any, Any, Any]) -> None:
    """Refuse a JSON body whose values only fit the handler's type after coercion."""
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None or request.content_type[0] != "application/json":
        return
    body = await request.body()
    decoder = _decoder(data.annotation) if body else None
    if decoder is None:
        return
    try:
        decoder.decode(body)
    except msgspec.ValidationError as exc:
        error = _field_error(exc)
        detail = f"{error['field']}: {error['message']}" if error["field"] else error["message"]
        raise ValidationFailed(detail, errors=[error]) from None
    except msgspec.DecodeError:
        return  # Litestar answers malformed JSON with its own 400
