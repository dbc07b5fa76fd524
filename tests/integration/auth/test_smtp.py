"""Mail goes through a real SMTP server when SMTP_HOST is set."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from msgspec.structs import replace

from core.settings import Settings
from tests.helpers import app_client, random_email, token_from_mail


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free local port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


async def test_registration_and_reset_mails_arrive_over_smtp(
    settings: Settings, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    smtp_settings = replace(settings, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
    email = random_email()
    async with app_client(smtp_settings) as client:
        await client.post(
            "/api/auth/register", json={"name": "Sam", "email": email, "password": "long enough pw"}
        )
        await client.post("/api/auth/forgot-password", json={"email": email})
        for _ in range(50):
            if len(inbox.messages) >= 2:
                break
            await asyncio.sleep(0.1)
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects == ["Confirm your email", "Reset your password"]
    assert all(m["To"] == email for m in inbox.messages)
    assert all(token_from_mail(m) for m in inbox.messages)
