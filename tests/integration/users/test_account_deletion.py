"""Deleting an account removes everything of it, and its tokens stop at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.settings import Settings
from models.tables import Answer, Interview, RefreshToken, User
from storage.audio_store import open_store
from tests.helpers import (
    PASSWORD,
    AsyncTestClient,
    bearer,
    create_interview,
    random_email,
    register_user,
    upload_answer,
)


async def _user_with_an_answer(
    client: AsyncTestClient, recordings: dict[str, Path], email: str
) -> tuple[dict, dict[str, str], str]:
    body = await register_user(client, email=email)
    headers = bearer(body["accessToken"])
    interview = await create_interview(client, headers, questionCount=1)
    question = interview["questions"][0]["questionId"]
    upload = await upload_answer(client, headers, interview["id"], question, recordings["wav"])
    assert upload.status_code == 202, upload.text
    return body, headers, upload.json()["id"]


async def test_deleting_my_account_needs_the_password(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    _, headers, _ = await _user_with_an_answer(client, recordings, random_email())
    wrong = await client.request(
        "DELETE", "/api/users/me", json={"password": "not my password"}, headers=headers
    )
    assert wrong.status_code == 422
    missing = await client.request("DELETE", "/api/users/me", json={}, headers=headers)
    assert missing.status_code == 422
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 200


async def test_a_deleted_account_is_gone_with_its_recordings_and_tokens(
    client: AsyncTestClient, recordings: dict[str, Path], settings: Settings
) -> None:
    store = open_store(settings)
    email = random_email()
    body, headers, answer_id = await _user_with_an_answer(client, recordings, email)
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 200  # cached now
    [answer] = await Answer.select(Answer.audio_key).where(Answer.id == answer_id)
    assert await store.exists(answer["audio_key"])
    deleted = await client.request(
        "DELETE", "/api/users/me", json={"password": PASSWORD}, headers=headers
    )
    assert deleted.status_code == 204
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 401
    assert (await client.get("/api/interviews", headers=headers)).status_code == 401
    refresh = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": body["refreshToken"]}
    )
    assert refresh.status_code == 401
    login = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 401
    user_id = body["user"]["id"]
    assert not await User.exists().where(User.id == user_id)
    assert not await Interview.exists().where(Interview.user == user_id)
    assert not await Answer.exists().where(Answer.id == answer_id)
    assert not await RefreshToken.exists().where(RefreshToken.user == user_id)
    assert not await store.exists(answer["audio_key"])


async def test_operators_delete_an_account_from_the_command_line(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    email = random_email()
    body, headers, _ = await _user_with_an_answer(client, recordings, email)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from api.cli import main; main()",
            "users",
            "delete",
            email,
            "--yes",
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 401
    assert not await User.exists().where(User.id == body["user"]["id"])


async def test_writes_after_a_user_row_vanished_are_not_server_errors(
    client: AsyncTestClient,
) -> None:
    body = await register_user(client, email=random_email())
    headers = bearer(body["accessToken"])
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 200  # cached
    await User.delete().where(User.id == body["user"]["id"])  # an operator's SQL
    created = await client.post(
        "/api/interviews",
        json={"jobTitle": "Backend", "skills": ["python"], "difficulty": "easy"},
        headers=headers,
    )
    assert created.status_code in (401, 409)
