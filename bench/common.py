"""Shared benchmark plumbing: serve the app like the Procfile, drive it with wrk."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from redis import Redis

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "postgres://postgres@127.0.0.1:5432/interview_coach_bench"
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d %f %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors))
end
"""


@dataclass(frozen=True)
class LoadResult:
    """What one wrk run measured."""

    name: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds


def production_env(redis_url: str, web_workers: int, **extra: str) -> dict[str, str]:
    """What a benchmark serves the app with: production mode on the benchmark database."""
    return {
        "DATABASE_URL": BENCH_DB,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-secret-key-long-enough-for-production-use-0123",
        "APP_ENV": "production",
        "WEB_CONCURRENCY": str(web_workers),
        **extra,
    }


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_wrk() -> str:
    """Path of wrk, installing Debian's package when missing."""
    path = shutil.which("wrk")
    if path:
        return path
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL
    )
    return shutil.which("wrk") or sys.exit("wrk is required")


async def _recreate(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def fresh_state(redis_url: str) -> None:
    """An empty benchmark database (migrated, the bank loaded) and Redis database."""
    recreate_database(BENCH_DB)
    Redis.from_url(redis_url).flushdb()


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database, migrate it and load the question bank."""
    asyncio.run(_recreate(url))
    env = {**os.environ, "DATABASE_URL": url}
    for command in (["migrate"], ["questions", "load"]):
        subprocess.run(
            [sys.executable, "-c", "from api.cli import main; main()", *command],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )


async def start_interview(
    client: httpx.AsyncClient, email: str, *, skills: list[str], question_count: int
) -> tuple[dict[str, str], str, list[str]]:
    """Register a benchmark user and start an interview: headers, its id, its question ids."""
    response = await client.post(
        "/api/auth/register", json={"name": "Bench", "email": email, "password": "benchmark pass"}
    )
    headers = {"Authorization": f"Bearer {response.json()['accessToken']}"}
    interview = (
        await client.post(
            "/api/interviews",
            headers=headers,
            json={
                "jobTitle": "Engineer",
                "skills": skills,
                "difficulty": "medium",
                "questionCount": question_count,
            },
        )
    ).json()
    return headers, interview["id"], [q["questionId"] for q in interview["questions"]]


async def post_answer(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    interview_id: str,
    question_id: str,
    audio: Path,
    *,
    expect: int = 202,
) -> str:
    """Upload an answer as the browser does; its answer id (any other status ends the run)."""
    with audio.open("rb") as handle:
        response = await client.post(
            f"/api/interviews/{interview_id}/answers",
            headers=headers,
            files={"questionId": (None, question_id), "audio": (audio.name, handle, "audio/wav")},
        )
    if response.status_code != expect:
        raise SystemExit(f"upload failed: {response.status_code} {response.text}")
    return str(response.json().get("id", ""))


def with_venv_path(env: dict[str, str]) -> dict[str, str]:
    """The environment with this interpreter's bin first, so Procfile commands resolve."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", **env}


def procfile_command(name: str, port: int = 0) -> list[str]:
    """A Procfile line's command, with $PORT filled in."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            command = line.split(":", 1)[1].replace("${PORT:-8000}", str(port))
            return shlex.split(command.replace("$PORT", str(port)))
    raise SystemExit(f"Procfile has no {name} line")


def procfile_web_command(port: int) -> list[str]:
    """The Procfile's `web` line with $PORT filled in."""
    return procfile_command("web", port)


@contextmanager
def serve(env: dict[str, str]) -> Iterator[str]:
    """Run the web process as the Procfile does; yield its base URL."""
    with serve_with_pid(env) as (base, _):
        yield base


@contextmanager
def serve_with_pid(env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """Like `serve`, also yielding the server's process id (the worker, with one worker)."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-web-", suffix=".log", delete=False)  # noqa: SIM115 - outlives this frame
    process = subprocess.Popen(
        procfile_web_command(port),
        cwd=ROOT,
        env=with_venv_path(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(port, process, log.name)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _wait_ready(port: int, process: subprocess.Popen[bytes], log: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"web process exited; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(1.0)  # let every worker finish its start-up
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"web process did not start; see {log}")


def rotate_tokens_script(tokens: list[str]) -> str:
    """wrk Lua that sends each request with the next bearer token, round robin."""
    quoted = ", ".join(f'"{token}"' for token in tokens)
    return f"""
tokens = {{{quoted}}}
counter = 0
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format(nil, nil, {{["Authorization"] = "Bearer " .. token}})
end
"""


def wrk(
    name: str,
    url: str,
    *,
    connections: int,
    seconds: int,
    threads: int = 1,
    headers: dict[str, str] | None = None,
    lua: str = "",
) -> LoadResult:
    """Drive one URL with wrk and parse its percentiles."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + WRK_REPORT)
    command = [
        require_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", output)
    if not match:
        raise SystemExit(f"could not parse wrk output:\n{output}")
    requests, micros, p50, p95, p99, errors = match.groups()
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return LoadResult(
        name,
        int(requests),
        int(micros) / 1e6,
        float(p50) / 1000,
        float(p95) / 1000,
        float(p99) / 1000,
        int(errors) + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def print_table(rows: list[LoadResult], targets: dict[str, str]) -> None:
    """One line per measurement, with its target."""
    header = (
        f"{'scenario':<56} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.name:<56} {row.rps:>9.0f} {row.p50_ms:>8.1f} {row.p95_ms:>8.1f} "
            f"{row.p99_ms:>8.1f} {row.errors:>7}  {targets.get(row.name, '')}"
        )
