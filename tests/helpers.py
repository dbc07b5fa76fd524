"""Small helpers the tests share."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import httpx
from redis.asyncio import Redis

from api.app import create_app
from core.settings import Settings
from pipeline.broker import NAMESPACE

AsyncTestClient = httpx.AsyncClient
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def uvicorn_server(log: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """The app under uvicorn on the test database and Redis, once /health answers; its URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", *args]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=ROOT,
            # Signed recording links point at the address the server is really on.
            env=os.environ | {"PUBLIC_URL": base} | (env or {}),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"uvicorn did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


PASSWORD = "correct horse battery"


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app built from these settings, served in this event loop."""
    app = create_app(settings)
    started, stop = asyncio.Event(), asyncio.Event()

    # The lifespan runs in a task of its own so a fixture may enter and leave it
    # from different tasks (anyio cancel scopes must exit where they entered).
    async def run_lifespan() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    lifespan = asyncio.create_task(run_lifespan())
    await asyncio.wait(
        [lifespan, asyncio.create_task(started.wait())], return_when=asyncio.FIRST_COMPLETED
    )
    if lifespan.done():
        lifespan.result()
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            yield client
    finally:
        stop.set()
        await lifespan


def random_email() -> str:
    """An address no other test uses."""
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for an access token."""
    return {"Authorization": f"Bearer {token}"}


async def register_user(
    client: AsyncTestClient,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    name: str = "Ann Example",
) -> dict[str, Any]:
    """Register through the API and return the response body."""
    response = await client.post(
        "/api/auth/register",
        json={"name": name, "email": email or random_email(), "password": password},
    )
    assert response.status_code == 201, response.text
    return cast(dict[str, Any], response.json())


def outbox_messages(outbox: str | Path) -> list[EmailMessage]:
    """Every mail written to the outbox directory, oldest first."""
    files = sorted(Path(outbox).glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [
        cast(EmailMessage, message_from_bytes(f.read_bytes(), policy=policy.default)) for f in files
    ]


def token_from_mail(message: EmailMessage) -> str:
    """The token carried by the link in a mail."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(r"token=([A-Za-z0-9_\-]+)", body.get_content())
    assert match, "no token link in the mail"
    return match.group(1)


def mails_to(outbox: str | Path, address: str, subject: str) -> list[EmailMessage]:
    """Mails to one address with one subject."""
    return [m for m in outbox_messages(outbox) if m["To"] == address and m["Subject"] == subject]


async def signed_in(client: AsyncTestClient, **kwargs: Any) -> dict[str, str]:
    """Register a fresh user and return their Authorization header."""
    return bearer((await register_user(client, **kwargs))["accessToken"])


async def create_interview(
    client: AsyncTestClient, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    """Create an interview through the API and return its body."""
    body = {
        "jobTitle": "Backend Engineer",
        "skills": ["Python", "PostgreSQL"],
        "difficulty": "medium",
        **overrides,
    }
    response = await client.post("/api/interviews", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return cast(dict[str, Any], response.json())


async def start_interview(
    client: AsyncTestClient, headers: dict[str, str], interview_id: str
) -> None:
    """Move an interview to in-progress."""
    response = await client.patch(
        f"/api/interviews/{interview_id}", json={"status": "in-progress"}, headers=headers
    )
    assert response.status_code == 200, response.text


async def upload_answer(
    client: AsyncTestClient,
    headers: dict[str, str],
    interview_id: str,
    question_id: str | None,
    audio: Path | None,
    *,
    filename: str | None = None,
    extra: dict[str, str] | None = None,
) -> httpx.Response:
    """POST a recording as the browser does (multipart)."""
    fields = {**({"questionId": question_id} if question_id else {}), **(extra or {})}
    # Text parts as (None, value) keep the body multipart even without a file.
    parts: dict[str, Any] = {name: (None, value) for name, value in fields.items()}
    if audio is not None:
        parts["audio"] = (filename or audio.name, audio.read_bytes(), "application/octet-stream")
    return await client.post(
        f"/api/interviews/{interview_id}/answers", files=parts, headers=headers
    )


async def queued_messages(redis: Redis, queue: str) -> list[dict[str, Any]]:
    """The Dramatiq messages waiting on a pipeline queue (what the workers will run)."""
    raw = await redis.hvals(f"{NAMESPACE}:{queue}.msgs")
    return [json.loads(m) for m in raw]
