"""Benchmark: GET /api/auth/me and /health under load, and /health during a login burst.

Run: `python -m bench.auth` (needs PostgreSQL and Redis; see bench/README.md).
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
    serve,
    wrk,
)

REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "benchmark passphrase"
CONNECTIONS = 100
SECONDS = 10
BURST_USERS = 20
TARGETS = {
    "GET /api/auth/me (PostgreSQL), 100 conns": ">= 2000 req/s, p95 <= 80 ms",
    "  same, user cache off (reads PostgreSQL)": "(for comparison)",
    "GET /health, 100 conns": "",
    "GET /health during 20 concurrent logins": "p95 <= 50 ms",
}


def _env() -> dict[str, str]:
    return production_env(
        REDIS_URL, 2, REGISTER_PER_IP_PER_HOUR="100000", LOGIN_MAX_FAILURES_PER_IP="100000"
    )


async def _register(base: str, count: int) -> list[tuple[str, str]]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        users = []
        for i in range(count):
            email = f"bench-{i}@example.com"
            response = await client.post(
                "/api/auth/register",
                json={"name": f"Bench {i}", "email": email, "password": PASSWORD},
            )
            response.raise_for_status()
            users.append((email, response.json()["accessToken"]))
        return users


async def _login_burst(base: str, emails: list[str], stop: threading.Event) -> list[float]:
    """Keep one login in flight per user until told to stop; return login latencies."""
    latencies: list[float] = []

    async def one_user(client: httpx.AsyncClient, email: str) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            response = await client.post(
                "/api/auth/login", json={"email": email, "password": PASSWORD}
            )
            response.raise_for_status()
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=len(emails))
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(one_user(client, email) for email in emails))
    return latencies


def _health_during_logins(base: str, emails: list[str]) -> tuple[LoadResult, list[float]]:
    stop = threading.Event()
    result: dict[str, list[float]] = {}

    def burst() -> None:
        result["latencies"] = asyncio.run(_login_burst(base, emails, stop))

    thread = threading.Thread(target=burst)
    thread.start()
    time.sleep(1.0)  # the burst is in full swing before we measure
    health = wrk(
        "GET /health during 20 concurrent logins",
        f"{base}/health",
        connections=10,
        seconds=SECONDS,
        threads=1,
    )
    stop.set()
    thread.join()
    return health, result["latencies"]


def main() -> None:
    """Run every scenario and print the table."""
    fresh_state(REDIS_URL)
    with serve(_env()) as base:
        users = asyncio.run(_register(base, BURST_USERS))
        token = users[0][1]
        wrk(
            "warm-up",
            f"{base}/api/auth/me",
            connections=CONNECTIONS,
            seconds=2,
            headers={"Authorization": f"Bearer {token}"},
        )
        me = wrk(
            "GET /api/auth/me (PostgreSQL), 100 conns",
            f"{base}/api/auth/me",
            connections=CONNECTIONS,
            seconds=SECONDS,
            headers={"Authorization": f"Bearer {token}"},
        )
        health = wrk(
            "GET /health, 100 conns", f"{base}/health", connections=CONNECTIONS, seconds=SECONDS
        )
        during, logins = _health_during_logins(base, [email for email, _ in users])
    with serve({**_env(), "USER_CACHE_SECONDS": "0"}) as base:
        uncached = wrk(
            "  same, user cache off (reads PostgreSQL)",
            f"{base}/api/auth/me",
            connections=CONNECTIONS,
            seconds=SECONDS,
            headers={"Authorization": f"Bearer {token}"},
        )
    print_table([me, uncached, health, during], TARGETS)
    logins.sort()
    print(
        f"\nlogins completed during the burst: {len(logins)}, "
        f"p50 {logins[len(logins) // 2] * 1000:.0f} ms, "
        f"p95 {logins[int(len(logins) * 0.95)] * 1000:.0f} ms "
        "(argon2id m=64 MiB t=3 p=4, one hash at a time per worker, 2 workers)"
    )


if __name__ == "__main__":
    main()
