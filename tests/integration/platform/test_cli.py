"""The operators' CLI against the same database the tests use."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import AsyncTestClient, bearer, random_email, register_user

CLI = [sys.executable, "-c", "from api.cli import main; main()"]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
        check=False,
    )


async def test_create_admin_reads_the_password_from_stdin_and_can_sign_in(
    client: AsyncTestClient,
) -> None:
    email = random_email()
    result = _cli("users", "create-admin", email, "--password-stdin", stdin="admin passphrase\n")
    assert result.returncode == 0, result.stderr
    login = await client.post(
        "/api/auth/login", json={"email": email, "password": "admin passphrase"}
    )
    assert login.status_code == 200
    assert login.json()["user"]["role"] == "admin"
    assert login.json()["user"]["isVerified"] is True


async def test_create_admin_refuses_a_taken_email_and_a_short_password(
    client: AsyncTestClient,
) -> None:
    email = (await register_user(client))["user"]["email"]
    taken = _cli("users", "create-admin", email, "--password-stdin", stdin="admin passphrase\n")
    assert taken.returncode != 0
    assert "already exists" in taken.stderr
    short = _cli("users", "create-admin", random_email(), "--password-stdin", stdin="short\n")
    assert short.returncode != 0


async def test_promote_and_demote_change_the_role_the_api_sees(client: AsyncTestClient) -> None:
    session = await register_user(client)
    email, headers = session["user"]["email"], bearer(session["accessToken"])
    assert _cli("users", "promote", email).returncode == 0
    assert (await client.get("/api/auth/me", headers=headers)).json()["role"] == "admin"
    assert _cli("users", "demote", email).returncode == 0
    assert (await client.get("/api/auth/me", headers=headers)).json()["role"] == "user"


def test_promote_of_an_unknown_email_fails_clearly() -> None:
    result = _cli("users", "promote", random_email())
    assert result.returncode != 0
    assert "no user" in result.stderr


def test_loading_the_question_bank_is_idempotent() -> None:
    first = _cli("questions", "load")
    assert first.returncode == 0, first.stderr
    assert " 0 added" in first.stdout
    assert "already present" in first.stdout


async def test_loading_the_bank_restores_a_deleted_question() -> None:
    from models.tables import Question

    victim = await Question.select(Question.id, Question.text).first()
    assert victim is not None
    await Question.delete().where(Question.id == victim["id"])
    result = _cli("questions", "load")
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout
    assert await Question.exists().where(Question.text == victim["text"])
