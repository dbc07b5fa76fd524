"""Benchmark: 100 signed-in users browsing and polling for 60 s, first with the pipeline idle,
then while 20 spoken answers go through it, on one machine as the Procfile runs it.

Run: `python -m bench.load` (needs PostgreSQL and Redis; see bench/README.md). The API (2 web
workers) and one process per pipeline stage plus the sweeper share this machine's cores; the
users are simulated in this process (about one request per second each, exponential think
time), so the latency they see includes the client's own scheduling on a busy machine.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import httpx

from bench.common import fresh_state, post_answer, production_env, serve
from bench.pipeline import ANSWERS, spoken_answers, start_worker

REDIS_URL = "redis://127.0.0.1:6379/14"
USERS = 100
SECONDS = 60
THINK_SECONDS = 1.0
TARGET = "p95 < 200 ms, p99 < 500 ms, 0 errors"


@dataclass
class User:
    """One simulated person: a token and an interview."""

    headers: dict[str, str]
    interview_id: str
    question_ids: list[str]


@dataclass
class Tally:
    """What one phase measured."""

    latencies: list[float] = field(default_factory=list)
    # When each request started, in seconds from the start of the phase.
    offsets: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    started: float = field(default_factory=time.monotonic)

    def first(self, seconds: float) -> Tally:
        """The requests that started within the phase's first `seconds`."""
        kept = [i for i, offset in enumerate(self.offsets) if offset < seconds]
        return Tally(
            latencies=[self.latencies[i] for i in kept],
            offsets=[self.offsets[i] for i in kept],
            seconds=min(seconds, self.seconds),
        )

    def percentile(self, share: float) -> float:
        """The latency below which `share` of requests fell, in ms."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * len(ordered)) - 1)] * 1000


def _requests(user: User) -> list[tuple[float, str]]:
    """What a person does between answers, weighted: mostly polling the interview."""
    interview = f"/api/interviews/{user.interview_id}"
    return [
        (0.40, f"{interview}/status"),
        (0.15, f"{interview}"),
        (0.15, "/api/interviews?page=1&pageSize=10"),
        (0.10, "/api/users/stats"),
        (0.10, "/api/auth/me"),
        (0.10, "/api/results"),
    ]


async def _browse(client: httpx.AsyncClient, user: User, tally: Tally, until: float) -> None:
    weights, paths = zip(*_requests(user), strict=True)
    rng = random.Random(user.interview_id)
    await asyncio.sleep(rng.uniform(0, THINK_SECONDS))  # people do not start in step
    while time.monotonic() < until:
        path = rng.choices(paths, weights)[0]
        tally.offsets.append(time.monotonic() - tally.started)
        started = time.perf_counter()
        try:
            response = await client.get(path, headers=user.headers)
            if response.status_code >= 400:
                tally.errors.append(f"{response.status_code} {path}")
        except httpx.HTTPError as exc:
            tally.errors.append(f"{type(exc).__name__} {path}")
        tally.latencies.append(time.perf_counter() - started)
        await asyncio.sleep(rng.expovariate(1 / THINK_SECONDS))


async def _phase(client: httpx.AsyncClient, users: list[User]) -> Tally:
    tally = Tally()
    await asyncio.gather(*(_browse(client, user, tally, tally.started + SECONDS) for user in users))
    tally.seconds = time.monotonic() - tally.started
    return tally


async def _sign_up(client: httpx.AsyncClient, index: int) -> User:
    email = f"load-{index}@example.com"
    response = await client.post(
        "/api/auth/register", json={"name": "Load", "email": email, "password": "x" * 12}
    )
    response.raise_for_status()
    headers = {"Authorization": f"Bearer {response.json()['accessToken']}"}
    interview = await client.post(
        "/api/interviews",
        headers=headers,
        json={"jobTitle": "Engineer", "skills": ["python", "sql"], "difficulty": "medium"},
    )
    interview.raise_for_status()
    body = interview.json()
    return User(headers, body["id"], [q["questionId"] for q in body["questions"]])


async def _sign_up_all(client: httpx.AsyncClient) -> list[User]:
    gate = asyncio.Semaphore(8)  # argon2 hashes one at a time per web worker anyway

    async def one(index: int) -> User:
        async with gate:
            return await _sign_up(client, index)

    return list(await asyncio.gather(*(one(i) for i in range(USERS))))


async def _busy_seconds(client: httpx.AsyncClient, answers: list[tuple[User, str]]) -> float:
    """Seconds from the first upload to the last answer processed (or to now, if not all)."""
    created, processed = [], []
    for user, answer_id in answers:
        body = (await client.get(f"/api/answers/{answer_id}", headers=user.headers)).json()
        created.append(datetime.fromisoformat(body["createdAt"]))
        finished = body["processedAt"]
        processed.append(datetime.fromisoformat(finished) if finished else datetime.now(UTC))
    return (max(processed) - min(created)).total_seconds()


Upload = tuple[dict[str, str], str, str, Path]


def _upload_all(base: str, jobs: list[Upload]) -> list[tuple[str, float]]:
    """Upload every answer at once: each one's id and seconds taken (run in another process)."""

    async def one(client: httpx.AsyncClient, job: Upload) -> tuple[str, float]:
        started = time.perf_counter()
        answer = await post_answer(client, *job)
        return answer, time.perf_counter() - started

    async def run() -> list[tuple[str, float]]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            return list(await asyncio.gather(*(one(client, job) for job in jobs)))

    return asyncio.run(run())


async def _run(base: str, clips: list[Path]) -> None:
    limits = httpx.Limits(max_connections=USERS + ANSWERS, max_keepalive_connections=USERS)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        users = await _sign_up_all(client)
        idle = await _phase(client, users)
        # One answer each from the first ANSWERS users, uploaded at once from another process
        # (as from other people's browsers: this process's event loop only times requests).
        jobs = [
            (u.headers, u.interview_id, u.question_ids[0], c)
            for u, c in zip(users, clips, strict=False)
        ]
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            answering = asyncio.get_running_loop().run_in_executor(pool, _upload_all, base, jobs)
            busy = await _phase(client, users)
            timed = await answering
        uploads = [seconds for _, seconds in timed]
        answers = [(user, answer) for user, (answer, _) in zip(users, timed, strict=False)]
        pipeline_busy = await _busy_seconds(client, answers)
    _report(idle, busy, uploads, pipeline_busy)


def _window(tally: Tally, start: int) -> dict[str, list[float]]:
    kept = [i for i, offset in enumerate(tally.offsets) if start <= offset < start + 10]
    return {"latencies": [tally.latencies[i] for i in kept] or [0.0]}


def _report(idle: Tally, busy: Tally, uploads: list[float], pipeline_busy: float) -> None:
    header = (
        f"{'scenario':<44} {'requests':>8} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6}  target"
    )
    print(header)
    print("-" * len(header))
    for name, tally, target in (
        (f"{USERS} users, pipeline idle", idle, "(for comparison)"),
        (f"{USERS} users, {ANSWERS} answers in the pipeline", busy, TARGET),
        (
            f"  same, while the pipeline worked ({pipeline_busy:.0f} s)",
            busy.first(pipeline_busy),
            TARGET,
        ),
    ):
        print(
            f"{name:<44} {len(tally.latencies):>8} {len(tally.latencies) / tally.seconds:>6.0f} "
            f"{tally.percentile(0.5):>7.1f} {tally.percentile(0.95):>7.1f} "
            f"{tally.percentile(0.99):>7.1f} {len(tally.errors):>6}  {target}"
        )
    print(
        f"\nuploads ({ANSWERS}, 0.3-1.3 MB WAV, at once): p50 {statistics.median(uploads):.2f} s, "
        f"slowest {max(uploads):.2f} s; the pipeline worked for {pipeline_busy:.0f} s "
        f"of the {SECONDS} s measured"
    )
    windows = [
        f"{start}-{start + 10} s: {Tally(**_window(busy, start)).percentile(0.95):.0f}"
        for start in range(0, SECONDS, 10)
    ]
    print("busy phase, p95 ms per 10 s window:", ", ".join(windows))
    for tally in (idle, busy):
        if tally.errors:
            print("errors, e.g.:", sorted(set(tally.errors))[:5])


def main() -> None:
    """Start the Procfile's processes on this machine, run both phases, print the table."""
    fresh_state(REDIS_URL)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, ExitStack() as stack:
        directory = Path(tmp)
        clips = spoken_answers(directory)
        env = production_env(
            REDIS_URL,
            2,
            REGISTER_PER_IP_PER_HOUR="100000",
            STORAGE_URL=str(directory / "audio"),
            UPLOAD_SPOOL_DIR=tmp,
            ACCESS_LOG="false",
            LOG_LEVEL="warning",
        )
        for name in ("transcribe", "score", "aggregate", "sweeper"):
            process = start_worker(name, env, directory / f"{name}.log")
            stack.callback(process.wait, 30)
            stack.callback(process.terminate)
        base = stack.enter_context(serve(env))
        time.sleep(3)  # the workers load their model and connect
        asyncio.run(_run(base, clips))


if __name__ == "__main__":
    main()
