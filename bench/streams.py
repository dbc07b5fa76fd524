"""Benchmark: GET /api/auth/me at 100 connections, without and then with 500 open event
streams from 100 users (five each, the per-user cap), on the same server.

Run: `python -m bench.streams` (needs PostgreSQL and Redis; see bench/README.md).
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from bench.common import (
    LoadResult,
    fresh_state,
    print_table,
    production_env,
    rotate_tokens_script,
    serve,
    wrk,
)

REDIS_URL = "redis://127.0.0.1:6379/14"
USERS = 100
STREAMS_PER_USER = 5
CONNECTIONS = 100
SECONDS = 15
WITHOUT = "GET /api/auth/me, 100 conns, no streams"
WITH = f"  same, {USERS * STREAMS_PER_USER} event streams open ({USERS} users)"
TARGETS = {WITH: "req/s and p95 within 1.5x, 0 errors"}


def _env() -> dict[str, str]:
    return production_env(REDIS_URL, 2, REGISTER_PER_IP_PER_HOUR="100000", ACCESS_LOG="false")


async def _user(client: httpx.AsyncClient, index: int) -> tuple[str, str]:
    """Register one user and start an interview: its token and the interview's id."""
    response = await client.post(
        "/api/auth/register",
        json={
            "name": f"Bench {index}",
            "email": f"stream-{index}@example.com",
            "password": "x" * 12,
        },
    )
    response.raise_for_status()
    token = response.json()["accessToken"]
    interview = await client.post(
        "/api/interviews",
        headers={"Authorization": f"Bearer {token}"},
        json={"jobTitle": "Engineer", "skills": ["python"], "difficulty": "easy"},
    )
    interview.raise_for_status()
    return token, interview.json()["id"]


async def _users(base: str) -> list[tuple[str, str]]:
    gate = asyncio.Semaphore(8)

    async def one(client: httpx.AsyncClient, index: int) -> tuple[str, str]:
        async with gate:
            return await _user(client, index)

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        return list(await asyncio.gather(*(one(client, i) for i in range(USERS))))


class Streams:
    """Holds event streams open in a thread of its own until stopped."""

    def __init__(self, base: str, users: list[tuple[str, str]]) -> None:
        self.base, self.users = base, users
        self.opened = self.failed = self.dropped = 0
        self.ready = threading.Event()
        self.refusals: list[str] = []
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _hold(self, client: httpx.AsyncClient, token: str, interview_id: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        url = f"/api/interviews/{interview_id}/events"
        try:
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code != 200:
                    self.failed += 1
                    self.refusals.append(
                        f"{response.status_code} {(await response.aread())[:200]!r}"
                    )
                    return
                self.opened += 1
                if self.opened == len(self.users) * STREAMS_PER_USER:
                    self.ready.set()
                assert self._stop is not None
                reading = asyncio.ensure_future(self._drain(response))
                await asyncio.wait(
                    {reading, asyncio.ensure_future(self._stop.wait())},
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if reading.done():
                    self.dropped += 1
                reading.cancel()
        except httpx.HTTPError as exc:
            self.failed += 1
            self.refusals.append(repr(exc))

    @staticmethod
    async def _drain(response: httpx.Response) -> None:
        async for _ in response.aiter_lines():
            pass

    async def _run(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        total = len(self.users) * STREAMS_PER_USER
        limits = httpx.Limits(max_connections=total + 10, max_keepalive_connections=0)
        timeout = httpx.Timeout(30, read=None)
        async with httpx.AsyncClient(base_url=self.base, limits=limits, timeout=timeout) as client:
            await asyncio.gather(
                *(
                    self._hold(client, token, interview_id)
                    for token, interview_id in self.users
                    for _ in range(STREAMS_PER_USER)
                )
            )

    def __enter__(self) -> Streams:
        self._thread.start()
        if not self.ready.wait(120):
            raise SystemExit(
                f"only {self.opened} streams opened; {self.failed} refused, "
                f"e.g. {self.refusals[:3]}"
            )
        return self

    def __exit__(self, *_: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)


def _me(name: str, base: str, tokens: list[str]) -> LoadResult:
    return wrk(
        name,
        f"{base}/api/auth/me",
        connections=CONNECTIONS,
        seconds=SECONDS,
        lua=rotate_tokens_script(tokens),
    )


def main() -> None:
    """Measure /api/auth/me without, then with, the streams; print the table."""
    fresh_state(REDIS_URL)
    with serve(_env()) as base:
        users = asyncio.run(_users(base))
        tokens = [token for token, _ in users]
        _me("warm-up", base, tokens)
        without = _me(WITHOUT, base, tokens)
        with Streams(base, users) as streams:
            time.sleep(2)  # every stream has sent its first state
            loaded = _me(WITH, base, tokens)
            still_open = streams.opened - streams.dropped
    print_table([without, loaded], TARGETS)
    rps_ratio = without.rps / loaded.rps
    p95_ratio = loaded.p95_ms / without.p95_ms
    verdict = "ok" if max(rps_ratio, p95_ratio) <= 1.5 and loaded.errors == 0 else "MISSED"
    print(
        f"\nwith streams: req/s {rps_ratio:.2f}x lower, p95 {p95_ratio:.2f}x higher ({verdict}); "
        f"streams opened {streams.opened}, refused {streams.failed}, "
        f"still open at the end {still_open}"
    )


if __name__ == "__main__":
    main()
