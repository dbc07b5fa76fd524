"""Logs are one JSON object per line, whatever the values logged."""

from __future__ import annotations

import json
import logging
import uuid
from email.message import EmailMessage

import pytest
import structlog

from core.logs import configure_logging


def test_events_with_unusual_values_render_as_json_lines(
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    message = EmailMessage()
    message["Subject"] = "Confirm your email"
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("info")
    try:
        structlog.get_logger("test").info(
            "mail_sent", subject=message["Subject"], user=uuid.UUID(int=1), sizes={1, 2}
        )
        line = capfdbinary.readouterr().out.decode().strip().splitlines()[-1]
    finally:
        # Configured now, logging would write to this test's captured (soon closed) output.
        structlog.reset_defaults()
        root.handlers[:] = handlers
        root.setLevel(level)
    event = json.loads(line)
    assert event["event"] == "mail_sent"
    assert event["subject"] == "Confirm your email"
    assert event["user"] == str(uuid.UUID(int=1))
    assert event["level"] == "info"
    assert event["timestamp"].endswith("Z")
