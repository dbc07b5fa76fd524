"""Forgot-password and reset-password."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.users import service as users
from core.settings import Settings
from models.tables import AccountToken
from tests.helpers import (
    PASSWORD,
    AsyncTestClient,
    bearer,
    mails_to,
    random_email,
    register_user,
    token_from_mail,
)

NEW_PASSWORD = "a brand new passphrase"


async def _request_reset(client: AsyncTestClient, settings: Settings, email: str) -> str:
    response = await client.post("/api/auth/forgot-password", json={"email": email})
    assert response.status_code == 202
    return token_from_mail(mails_to(settings.mail_outbox_dir, email, "Reset your password")[-1])


async def test_forgot_password_answers_alike_for_unknown_email(
    client: AsyncTestClient, settings: Settings
) -> None:
    known = random_email()
    await register_user(client, email=known)
    for_known = await client.post("/api/auth/forgot-password", json={"email": known})
    for_unknown = await client.post("/api/auth/forgot-password", json={"email": random_email()})
    assert for_known.status_code == for_unknown.status_code == 202
    assert for_known.content == for_unknown.content
    assert len(mails_to(settings.mail_outbox_dir, known, "Reset your password")) == 1


async def test_reset_sets_the_password_and_signs_out_every_session(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    session = await register_user(client, email=email)
    token = await _request_reset(client, settings, email)
    response = await client.post(
        "/api/auth/reset-password", json={"token": token, "password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert (
        await client.get("/api/auth/me", headers=bearer(session["accessToken"]))
    ).status_code == 401
    stale = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": session["refreshToken"]}
    )
    assert stale.status_code == 401
    old = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert old.status_code == 401
    new = await client.post("/api/auth/login", json={"email": email, "password": NEW_PASSWORD})
    assert new.status_code == 200


async def test_reset_token_works_only_once(client: AsyncTestClient, settings: Settings) -> None:
    email = random_email()
    await register_user(client, email=email)
    token = await _request_reset(client, settings, email)
    first = await client.post(
        "/api/auth/reset-password", json={"token": token, "password": NEW_PASSWORD}
    )
    second = await client.post(
        "/api/auth/reset-password", json={"token": token, "password": "yet another passphrase"}
    )
    assert first.status_code == 204
    assert second.status_code == 400
    assert second.headers["content-type"].startswith("application/problem+json")


async def test_reset_token_expires_after_thirty_minutes(
    client: AsyncTestClient, settings: Settings
) -> None:
    assert settings.reset_token_ttl_seconds == 30 * 60
    email = random_email()
    await register_user(client, email=email)
    token = await _request_reset(client, settings, email)
    # Age the token as if 31 minutes had passed.
    await AccountToken.update(
        {AccountToken.expires_at: datetime.now(UTC) - timedelta(minutes=1)}
    ).where(AccountToken.purpose == "reset")
    response = await client.post(
        "/api/auth/reset-password", json={"token": token, "password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    login = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200


async def test_a_newer_reset_mail_voids_the_older_link(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    await register_user(client, email=email)
    older = await _request_reset(client, settings, email)
    newer = await _request_reset(client, settings, email)
    stale = await client.post(
        "/api/auth/reset-password", json={"token": older, "password": NEW_PASSWORD}
    )
    assert stale.status_code == 400
    fresh = await client.post(
        "/api/auth/reset-password", json={"token": newer, "password": NEW_PASSWORD}
    )
    assert fresh.status_code == 204


async def test_reset_with_a_verification_token_is_refused(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    await register_user(client, email=email)
    verify_token = token_from_mail(
        mails_to(settings.mail_outbox_dir, email, "Confirm your email")[0]
    )
    response = await client.post(
        "/api/auth/reset-password", json={"token": verify_token, "password": NEW_PASSWORD}
    )
    assert response.status_code == 400


async def test_forgot_password_is_rate_limited_per_email(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    for _ in range(settings.forgot_password_per_email_per_hour):
        assert (
            await client.post("/api/auth/forgot-password", json={"email": email})
        ).status_code == 202
    limited = await client.post("/api/auth/forgot-password", json={"email": email})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


async def test_forgot_password_replies_before_the_account_is_looked_up(
    client: AsyncTestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever a known account costs (lookup, token, mail) comes after the reply, so the
    # reply's timing cannot tell a known address from an unknown one.
    known = random_email()
    await register_user(client, email=known)
    order: list[str] = []
    lookup = users.get_user_by_email

    async def recorded_lookup(email: str) -> Any:
        order.append("lookup")
        return await lookup(email)

    monkeypatch.setattr(users, "get_user_by_email", recorded_lookup)
    app = client._transport.app  # type: ignore[attr-defined]
    body = json.dumps({"email": known}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/auth/forgot-password",
        "raw_path": b"/api/auth/forgot-password",
        "query_string": b"",
        "root_path": "",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            order.append(f"status {message['status']}")
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            order.append("reply complete")

    await app(scope, receive, send)
    assert order == ["status 202", "reply complete", "lookup"]
    assert len(mails_to(settings.mail_outbox_dir, known, "Reset your password")) == 1
