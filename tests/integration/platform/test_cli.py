"""The operators' CLI against the same database the tests use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import (
    AsyncTestClient,
    bearer,
    random_email,
    register_user,
)
from tests.integration.pipeline.flow import answer_one_question

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


def test_migrate_says_what_it_applied_and_then_that_nothing_is_pending(tmp_path: Path) -> None:
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite"}
    first = subprocess.run([*CLI, "migrate"], capture_output=True, text=True, env=env, check=False)
    assert first.returncode == 0, first.stderr
    assert "already complete" not in first.stdout
    applied = int(first.stdout.split("applied ", 1)[1].split()[0])
    assert applied >= 1
    assert f"up to date ({applied} migrations applied in all)" in first.stdout

    again = subprocess.run([*CLI, "migrate"], capture_output=True, text=True, env=env, check=False)
    assert again.returncode == 0, again.stderr
    assert (
        again.stdout.strip() == f"the database is up to date ({applied} migrations applied in all)"
    )


async def test_pipeline_status_shows_a_waiting_answer(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    await answer_one_question(client, recordings["wav"])  # no worker runs here: it waits

    result = _cli("pipeline", "status", "--json")
    assert result.returncode == 0, result.stderr
    transcribe = json.loads(result.stdout)["stages"]["transcribe"]
    assert transcribe["waiting"] == 1
    assert transcribe["rows"] == {"queued": 1, "running": 0, "failed": 0}
    assert 0 <= transcribe["oldestWaitingSeconds"] < 60

    table = _cli("pipeline", "status")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].split()[:3] == ["transcribe", "1", "0"]

    # The same signal for an autoscaler, at /metrics.
    metrics = (await client.get("/metrics")).text
    waiting = 'interview_coach_pipeline_queue_messages{stage="transcribe",state="waiting"} 1.0'
    assert waiting in metrics
    assert 'interview_coach_pipeline_oldest_message_seconds{stage="transcribe"}' in metrics
