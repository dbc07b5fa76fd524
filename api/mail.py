"""Outgoing mail: an outbox directory by default, SMTP when configured."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from pathlib import Path

import structlog

from core.settings import Settings

log = structlog.get_logger("api.mail")
SMTP_TIMEOUT_SECONDS = 15


def build_message(settings: Settings, *, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the service."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@interview-coach>"
    message.set_content(body)
    return message


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)


def _write_outbox(settings: Settings, message: EmailMessage) -> None:
    outbox = Path(settings.mail_outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.eml"
    (outbox / name).write_bytes(bytes(message))


async def send_mail(settings: Settings, message: EmailMessage) -> None:
    """Deliver a message; failures are logged, never raised into a request."""
    deliver = _send_smtp if settings.smtp_host else _write_outbox
    try:
        await asyncio.to_thread(deliver, settings, message)
        log.info(
            "mail_sent", subject=message["Subject"], via="smtp" if settings.smtp_host else "outbox"
        )
    except (OSError, smtplib.SMTPException):
        log.exception("mail_failed", subject=message["Subject"])
