"""Structured JSON logs for the app, uvicorn and libraries alike."""

from __future__ import annotations

import logging
import sys
from typing import Any

import msgspec
import structlog

# Anything msgspec cannot encode natively is logged as its str(): a log line never raises.
_encoder = msgspec.json.Encoder(enc_hook=str)


def _serialize(event: dict[str, Any], **_: Any) -> bytes:
    return _encoder.encode(event)


def _serialize_text(event: dict[str, Any], **_: Any) -> str:
    return _encoder.encode(event).decode()


SHARED_PROCESSORS: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "info") -> None:
    """One JSON line per event on stdout, from structlog and stdlib loggers alike."""
    numeric = logging.getLevelName(level.upper())
    binary = getattr(sys.stdout, "buffer", None)
    # Our own events skip the stdlib machinery: the access log runs on every request.
    # Dramatiq's worker processes write through a text-only pipe, hence the fallback.
    structlog.configure(
        processors=[
            *SHARED_PROCESSORS,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(
                serializer=_serialize if binary is not None else _serialize_text
            ),
        ],
        logger_factory=structlog.BytesLoggerFactory(binary)
        if binary is not None
        else structlog.WriteLoggerFactory(sys.stdout),
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*SHARED_PROCESSORS, structlog.stdlib.add_logger_name],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    # Our access log replaces uvicorn's, which lacks the request id.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
