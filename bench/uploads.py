"""Benchmark: 10 MB answer uploads on loopback, latency and the API's memory while streaming;
then /health latency while decode bombs (10 h of silent FLAC) are uploaded.

Run: `python -m bench.uploads` (needs PostgreSQL and Redis; see bench/README.md).
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.common import (
    ROOT,
    fresh_state,
    post_answer,
    production_env,
    serve_with_pid,
    start_interview,
)

REDIS_URL = "redis://127.0.0.1:6379/14"
SEQUENTIAL = 20
CONCURRENT = 10
# 312.5 s of 16 kHz mono 16-bit PCM: a 10,000,044-byte WAV.
TEN_MB_SECONDS = 312.5
BOMB_SECONDS = 36_000
BOMBS = 4
HEALTH_CHECKS = 200


def _ten_mb_wav(directory: Path) -> Path:
    code = (
        "import sys; from pathlib import Path; from tests.audio import tone_wav; "
        f"tone_wav(Path(sys.argv[1]), {TEN_MB_SECONDS})"
    )
    path = directory / "ten-mb.wav"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)
    return path


def _decode_bomb(directory: Path) -> Path:
    """Ten hours of silence as FLAC: about 1 MB that would decode for seconds of CPU."""
    path = directory / "bomb.flac"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", str(path), "trim", "0", str(BOMB_SECONDS)],
        check=True,
    )
    return path


async def _health_p95(client: httpx.AsyncClient, until: asyncio.Future[object] | None) -> float:
    """p95 of GET /health over HEALTH_CHECKS calls, or for as long as `until` runs."""
    timings: list[float] = []
    while len(timings) < HEALTH_CHECKS or (until is not None and not until.done()):
        started = time.perf_counter()
        await client.get("/health")
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class PeakRss:
    """Samples a process's resident memory every few milliseconds."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, _rss_kib(pid), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_kib(self.pid))
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def _upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    interview_id: str,
    question_id: str,
    audio: Path,
    expect: int = 202,
) -> float:
    started = time.perf_counter()
    await post_answer(client, headers, interview_id, question_id, audio, expect=expect)
    return time.perf_counter() - started


async def _run(base: str, pid: int, audio: Path, bomb: Path) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        headers, interview_id, questions = await start_interview(
            client, "bench-upload@example.com", skills=["python"], question_count=20
        )
        question_id = questions[0]
        await _upload(client, headers, interview_id, question_id, audio)  # warm-up
        latencies = sorted(
            [
                await _upload(client, headers, interview_id, question_id, audio)
                for _ in range(SEQUENTIAL)
            ]
        )
        baseline = _rss_kib(pid)
        with PeakRss(pid) as rss:
            burst = await asyncio.gather(
                *(
                    _upload(client, headers, interview_id, question_id, audio)
                    for _ in range(CONCURRENT)
                )
            )
        idle = await _health_p95(client, None)
        bombs = asyncio.gather(
            *(
                _upload(client, headers, interview_id, question_id, bomb, expect=422)
                for _ in range(BOMBS)
            )
        )
        loaded = await _health_p95(client, bombs)
        bomb_seconds = await bombs
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
    growth_mib = (rss.peak - baseline) / 1024
    size_mb = audio.stat().st_size / 1e6
    print(f"{'scenario':<52} {'value':>12}  target")
    print("-" * 80)
    print(f"{f'{size_mb:.1f} MB upload, p50 of {SEQUENTIAL} sequential':<52} {p50 * 1000:>9.0f} ms")
    print(
        f"{f'{size_mb:.1f} MB upload, p95 of {SEQUENTIAL} sequential':<52} "
        f"{p95 * 1000:>9.0f} ms  <= 500 ms"
    )
    print(f"{f'{CONCURRENT} concurrent uploads, slowest':<52} {max(burst) * 1000:>9.0f} ms")
    print(f"{'API process peak RSS growth during the burst':<52} {growth_mib:>9.1f} MiB  <= 60 MiB")
    print(f"{'GET /health p95, idle':<52} {idle * 1000:>9.1f} ms")
    print(
        f"{f'GET /health p95, {BOMBS} decode bombs uploading':<52} {loaded * 1000:>9.1f} ms"
        f"  <= 2x idle ({loaded / idle:.1f}x)"
    )
    print(
        f"{f'decode bomb ({bomb.stat().st_size / 1e6:.1f} MB, 10 h) refused after':<52} "
        f"{max(bomb_seconds) * 1000:>9.0f} ms"
    )
    print(
        f"\n(API process RSS before the burst: {baseline / 1024:.0f} MiB, "
        f"peak {rss.peak / 1024:.0f} MiB)"
    )


def main() -> None:
    """Serve one API process as the Procfile does and measure it."""
    fresh_state(REDIS_URL)
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as directory:
        audio = _ten_mb_wav(Path(directory))
        bomb = _decode_bomb(Path(directory))
        env = production_env(
            REDIS_URL,
            1,
            STORAGE_URL=f"{directory}/audio",
            UPLOAD_SPOOL_DIR=directory,
            ACCESS_LOG="false",
        )
        with serve_with_pid(env) as (base, pid):
            asyncio.run(_run(base, pid, audio, bomb))


if __name__ == "__main__":
    main()
