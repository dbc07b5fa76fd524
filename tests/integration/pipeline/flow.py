"""Steps the pipeline tests share: answer a one-question interview, poll like the frontend."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import AsyncTestClient, create_interview, signed_in, upload_answer

WAIT_SECONDS = 90


@dataclass(frozen=True, slots=True)
class Answered:
    """A fresh user's one-question interview with one uploaded answer."""

    headers: dict[str, str]
    interview_id: str
    answer_id: str


async def answer_one_question(client: AsyncTestClient, recording: Path) -> Answered:
    """Sign up, start a one-question interview and upload `recording` as its answer."""
    headers = await signed_in(client)
    interview = await create_interview(client, headers, questionCount=1)
    question = interview["questions"][0]["questionId"]
    upload = await upload_answer(client, headers, interview["id"], question, recording)
    assert upload.status_code == 202, upload.text
    return Answered(headers, interview["id"], upload.json()["id"])


async def wait_for(
    client: AsyncTestClient,
    headers: dict[str, str],
    path: str,
    done: Callable[[dict[str, Any]], bool],
) -> dict[str, Any]:
    """Poll like the frontend until `done(body)` holds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        body = (await client.get(path, headers=headers)).json()
        if done(body):
            return body
        assert time.monotonic() < deadline, body
        await asyncio.sleep(0.25)


async def settled_answer(
    client: AsyncTestClient, headers: dict[str, str], answer_id: str
) -> dict[str, Any]:
    """The answer once it is done or failed."""
    return await wait_for(
        client,
        headers,
        f"/api/answers/{answer_id}",
        lambda body: body["status"] in ("done", "failed"),
    )
