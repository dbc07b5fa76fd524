"""Over a real uvicorn server, stage events reach the browser while the answer is processed."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import create_interview, signed_in, uvicorn_server
from tests.integration.pipeline.flow import answer_one_question, settled_answer

pytestmark = pytest.mark.usefixtures("worker")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn, as the Procfile serves it, on the test database and Redis."""
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    with uvicorn_server(log, "--loop", "uvloop", "--http", "httptools") as base:
        yield base


async def _follow(
    client: httpx.AsyncClient,
    path: str,
    headers: dict[str, str],
    seen: list,
    ids: list[str] | None = None,
) -> None:
    async with client.stream("GET", path, headers=headers) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        event = ""
        async for line in response.aiter_lines():
            assert line != "data: ", "a keep-alive must not carry data"
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("id: ") and ids is not None:
                ids.append(line.removeprefix("id: "))
            elif line.startswith("data: ") and event:
                seen.append((event, json.loads(line.removeprefix("data: "))))
            elif not line:
                event = ""


async def test_stage_events_arrive_before_the_stream_ends(
    server: str, recordings: dict[str, Path]
) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=90) as client:
        answered = await answer_one_question(client, recordings["wav"])
        path = f"/api/interviews/{answered.interview_id}/events"
        seen: list = []
        ids: list[str] = []
        follower = asyncio.create_task(
            _follow(client, path, answered.headers | {"Accept-Encoding": "gzip"}, seen, ids)
        )
        await settled_answer(client, answered.headers, answered.answer_id)
        deadline = time.monotonic() + 5
        while ("stage", "score", "succeeded") not in [
            (kind, e.get("name"), e.get("status")) for kind, e in seen
        ]:
            assert time.monotonic() < deadline, f"events held back: {seen}"
            await asyncio.sleep(0.05)
        assert not follower.done()  # still open: the interview is not completed yet
        # Every event has an id, counting up; a reconnect with Last-Event-ID goes on from it
        # and gets every stage's state again, so nothing in between is missed.
        assert ids == [str(n) for n in range(1, len(seen) + 1)]
        again: list = []
        again_ids: list[str] = []
        resumed = asyncio.create_task(
            _follow(client, path, answered.headers | {"Last-Event-ID": ids[-1]}, again, again_ids)
        )
        deadline = time.monotonic() + 5
        while len(again) < 2:
            assert time.monotonic() < deadline, f"no state on reconnect: {again}"
            await asyncio.sleep(0.05)
        assert again_ids[0] == str(int(ids[-1]) + 1)
        assert {(e["name"], e["status"]) for _, e in again} == {
            ("transcribe", "succeeded"),
            ("score", "succeeded"),
        }
        await client.post(
            f"/api/interviews/{answered.interview_id}/complete", headers=answered.headers
        )
        await asyncio.wait_for(follower, timeout=60)
        await asyncio.wait_for(resumed, timeout=60)
    assert seen[-1] == ("end", {"interviewStatus": "completed", "resultStatus": "ready"})
    assert again[-1] == seen[-1]


async def test_the_stream_ends_when_the_interview_is_deleted(
    server: str, recordings: dict[str, Path]
) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=90) as client:
        answered = await answer_one_question(client, recordings["wav"])
        path = f"/api/interviews/{answered.interview_id}"
        seen: list = []
        follower = asyncio.create_task(_follow(client, f"{path}/events", answered.headers, seen))
        await settled_answer(client, answered.headers, answered.answer_id)
        assert (await client.delete(path, headers=answered.headers)).status_code == 204
        await asyncio.wait_for(follower, timeout=5)  # woken at once, not at the next recheck
    assert seen[-1] == ("end", {"interviewStatus": "deleted"})


async def _open_stream(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> Any:
    """An event stream held open once its headers arrived; returns its context to close later."""
    context = client.stream("GET", path, headers=headers)
    return context, await context.__aenter__()


async def test_a_user_gets_429_past_five_open_streams_and_others_are_unaffected(
    server: str,
) -> None:
    limits = httpx.Limits(max_connections=300, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=server, timeout=30, limits=limits) as client:
        users = []
        for _ in range(20):
            headers = await signed_in(client)
            interview = await create_interview(client, headers, questionCount=1)
            users.append((headers, f"/api/interviews/{interview['id']}/events"))
        # 100 streams, five per user: each held a request-pool connection before.
        opened = [
            await _open_stream(client, path, headers) for headers, path in users for _ in range(5)
        ]
        assert all(response.status_code == 200 for _, response in opened)
        first, path = users[0]
        refused = await client.get(path, headers=first)
        assert refused.status_code == 429
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert int(refused.headers["retry-after"]) > 0
        for headers, _ in users:
            assert (await client.get("/api/auth/me", headers=headers)).status_code == 200
        assert (await client.get("/health/ready")).status_code == 200
        context, _ = opened.pop(0)
        await context.__aexit__(None, None, None)  # closing one gives its place back
        deadline = time.monotonic() + 5
        while (again := await _open_stream(client, path, first))[1].status_code != 200:
            await again[0].__aexit__(None, None, None)
            assert time.monotonic() < deadline
            await asyncio.sleep(0.2)
        opened.append(again)
        for context, _ in opened:
            await context.__aexit__(None, None, None)


async def test_a_browser_follows_the_stream_with_a_single_use_ticket(server: str) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        headers = await signed_in(client)
        path = f"/api/interviews/{(await create_interview(client, headers))['id']}"
        other = f"/api/interviews/{(await create_interview(client, headers))['id']}"
        assert (await client.post(f"{path}/events/ticket")).status_code == 401
        issued = await client.post(f"{path}/events/ticket", headers=headers)
        assert issued.status_code == 201, issued.text
        ticket = issued.json()["ticket"]
        assert ticket not in json.dumps(headers)

        # EventSource sends no Authorization header: the ticket alone opens the stream.
        async with client.stream("GET", f"{path}/events?ticket={ticket}") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
        again = await client.get(f"{path}/events?ticket={ticket}")
        assert again.status_code == 401  # single use

        elsewhere = (await client.post(f"{path}/events/ticket", headers=headers)).json()
        refused = await client.get(f"{other}/events?ticket={elsewhere['ticket']}")
        assert refused.status_code == 401  # bound to the interview it was issued for

        stranger = await signed_in(client)
        assert (await client.post(f"{path}/events/ticket", headers=stranger)).status_code == 404
