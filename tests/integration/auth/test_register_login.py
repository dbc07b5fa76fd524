"""Registration, login, lockouts and the mails they send."""

from __future__ import annotations

import asyncio

import pytest
from msgspec.structs import replace

from core.settings import Settings
from tests.helpers import (
    PASSWORD,
    AsyncTestClient,
    app_client,
    bearer,
    mails_to,
    random_email,
    register_user,
    token_from_mail,
)


async def test_register_returns_user_and_tokens_that_work(client: AsyncTestClient) -> None:
    email = random_email()
    body = await register_user(client, email=email, name="  Ann   Lee ")
    assert body["user"]["email"] == email
    assert body["user"]["name"] == "Ann Lee"
    assert body["user"]["role"] == "user"
    assert body["user"]["isVerified"] is False
    assert body["tokenType"] == "Bearer"
    assert body["expiresIn"] == 900
    assert body["user"]["createdAt"].endswith("Z")
    me = await client.get("/api/auth/me", headers=bearer(body["accessToken"]))
    assert me.status_code == 200
    assert me.json()["id"] == body["user"]["id"]


async def test_register_with_taken_email_is_conflict_whatever_the_case(
    client: AsyncTestClient,
) -> None:
    email = random_email()
    await register_user(client, email=email)
    again = await client.post(
        "/api/auth/register", json={"name": "B", "email": email.upper(), "password": PASSWORD}
    )
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "a@example.com", "password": PASSWORD}, "name"),
        ({"name": "A", "email": "not-an-email", "password": PASSWORD}, "email"),
        ({"name": "A", "email": "a@example.com", "password": "short"}, "password"),
        ({"name": 7, "email": "a@example.com", "password": PASSWORD}, "name"),
        ({"name": "   ", "email": "a@example.com", "password": PASSWORD}, "name"),
    ],
)
async def test_register_with_invalid_fields_is_422_naming_the_field(
    client: AsyncTestClient, payload: dict[str, object], field: str
) -> None:
    response = await client.post("/api/auth/register", json=payload)
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert [e["field"] for e in problem["errors"]] == [field]


async def test_malformed_json_is_400_problem(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/auth/register", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Bad Request"


async def test_registration_mails_a_link_that_verifies_the_email(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    body = await register_user(client, email=email)
    [mail] = mails_to(settings.mail_outbox_dir, email, "Confirm your email")
    token = token_from_mail(mail)
    assert (await client.post("/api/auth/verify-email", json={"token": token})).status_code == 204
    me = await client.get("/api/auth/me", headers=bearer(body["accessToken"]))
    assert me.json()["isVerified"] is True
    reused = await client.post("/api/auth/verify-email", json={"token": token})
    assert reused.status_code == 400


async def test_login_returns_tokens_and_stamps_last_login(client: AsyncTestClient) -> None:
    email = random_email()
    await register_user(client, email=email)
    response = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["lastLoginAt"] is not None
    assert (
        await client.get("/api/auth/me", headers=bearer(body["accessToken"]))
    ).status_code == 200


async def test_login_gives_one_answer_for_unknown_email_and_wrong_password(
    client: AsyncTestClient,
) -> None:
    email = random_email()
    await register_user(client, email=email)
    wrong = await client.post("/api/auth/login", json={"email": email, "password": "nope-nope"})
    unknown = await client.post(
        "/api/auth/login", json={"email": random_email(), "password": "nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_repeated_bad_logins_lock_the_account_with_retry_after(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    await register_user(client, email=email)
    for _ in range(settings.login_max_failures_per_account):
        bad = await client.post("/api/auth/login", json={"email": email, "password": "wrong-one"})
        assert bad.status_code == 401
    locked = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= settings.login_lockout_seconds


async def test_bad_logins_from_one_address_lock_that_address_across_accounts(
    settings: Settings,
) -> None:
    async with app_client(replace(settings, login_max_failures_per_ip=3)) as client:
        victim = random_email()
        await register_user(client, email=victim)
        for _ in range(3):
            await client.post(
                "/api/auth/login", json={"email": random_email(), "password": "guess-1234"}
            )
        blocked = await client.post("/api/auth/login", json={"email": victim, "password": PASSWORD})
        assert blocked.status_code == 429
        assert "Retry-After" in blocked.headers


async def test_successful_login_resets_the_failure_count(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    await register_user(client, email=email)
    for _ in range(settings.login_max_failures_per_account - 1):
        await client.post("/api/auth/login", json={"email": email, "password": "wrong-one"})
    ok = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert ok.status_code == 200
    for _ in range(settings.login_max_failures_per_account - 1):
        await client.post("/api/auth/login", json={"email": email, "password": "wrong-one"})
    assert (
        await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    ).status_code == 200


async def test_register_is_rate_limited_per_address(settings: Settings) -> None:
    async with app_client(replace(settings, register_per_ip_per_hour=2)) as client:
        for _ in range(2):
            await register_user(client)
        third = await client.post(
            "/api/auth/register", json={"name": "C", "email": random_email(), "password": PASSWORD}
        )
        assert third.status_code == 429
        assert int(third.headers["Retry-After"]) > 0


async def test_a_parallel_burst_of_wrong_passwords_gets_no_more_tries_than_the_limit(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = random_email()
    await register_user(client, email=email)
    burst = await asyncio.gather(
        *(
            client.post("/api/auth/login", json={"email": email, "password": f"guess-{i:04}"})
            for i in range(25)
        )
    )
    statuses = sorted(r.status_code for r in burst)
    # Each try is counted before its password is checked: the rest are refused unverified.
    assert statuses.count(401) == settings.login_max_failures_per_account
    assert statuses.count(429) == 25 - settings.login_max_failures_per_account
