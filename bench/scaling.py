"""Benchmark: the same burst of spoken answers with one, then two transcribe processes
(WHISPER_CPU_THREADS=1 each), everything else as the Procfile runs it, on this machine.

Run: `python -m bench.scaling` (needs PostgreSQL and Redis; see bench/README.md).
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

from bench.common import (
    BENCH_DB,
    ROOT,
    fresh_state,
    post_answer,
    procfile_command,
    serve,
    start_interview,
    with_venv_path,
)
from bench.pipeline import ANSWERS, spoken_answers, start_worker

REDIS_URL = "redis://127.0.0.1:6379/14"
TARGET_RATIO = 1.7


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class PeakPerProcess:
    """The highest resident memory of each worker process (children of the `dramatiq` one)."""

    def __init__(self, parent: int) -> None:
        self.parent, self.peaks = parent, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in _children(self.parent):
                self.peaks[pid] = max(self.peaks.get(pid, 0), _rss_kib(pid))
            time.sleep(0.05)

    def __enter__(self) -> PeakPerProcess:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _transcribers(processes: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = procfile_command("transcribe")
    command[command.index("--processes") + 1] = str(processes)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=with_venv_path(env | {"WHISPER_CPU_THREADS": "1"}),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


async def _burst(base: str, clips: list[Path], email: str) -> float:
    """Upload every clip at once; seconds until the last one is processed."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        headers, interview_id, questions = await start_interview(
            client, email, skills=["python", "sql"], question_count=len(clips)
        )
        started = time.perf_counter()
        answer_ids = await asyncio.gather(
            *(
                post_answer(client, headers, interview_id, question, clip)
                for question, clip in zip(questions, clips, strict=True)
            )
        )
        while True:
            statuses = [
                (await client.get(f"/api/answers/{answer}", headers=headers)).json()["status"]
                for answer in answer_ids
            ]
            if "failed" in statuses:
                raise SystemExit("an answer failed")
            if all(status == "done" for status in statuses):
                return time.perf_counter() - started
            await asyncio.sleep(0.5)


def _run(processes: int, clips: list[Path], directory: Path) -> tuple[float, list[int]]:
    fresh_state(REDIS_URL)
    env = {
        "DATABASE_URL": BENCH_DB,
        "REDIS_URL": REDIS_URL,
        "STORAGE_URL": str(directory / "audio"),
        "UPLOAD_SPOOL_DIR": str(directory),
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "warning",
        "REGISTER_PER_IP_PER_HOUR": "100000",
    }
    with ExitStack() as stack:
        for name in ("score", "aggregate"):
            worker = start_worker(name, env, directory / f"{name}.log")
            stack.callback(worker.wait, 30)
            stack.callback(worker.terminate)
        transcribe = _transcribers(processes, env, directory / f"transcribe-{processes}.log")
        stack.callback(transcribe.wait, 30)
        stack.callback(transcribe.terminate)
        base = stack.enter_context(serve(env))
        time.sleep(3)
        # Warm-up, not measured: every process loads its model on its first answer.
        asyncio.run(_burst(base, clips[: 2 * processes], f"warm-{processes}@example.com"))
        with PeakPerProcess(transcribe.pid) as memory:
            seconds = asyncio.run(_burst(base, clips, f"scaling-{processes}@example.com"))
    return seconds, sorted(memory.peaks.values())


def main() -> None:
    """Both runs on the same burst, then the table."""
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        directory = Path(tmp)
        clips = spoken_answers(directory)
        rows = [(n, *_run(n, clips, directory)) for n in (1, 2)]
    print(f"{'transcribe processes':<22} {'burst done in':>14} {'answers/min':>12}  peak RSS")
    print("-" * 72)
    rates = []
    for processes, seconds, peaks in rows:
        rate = ANSWERS / seconds * 60
        rates.append(rate)
        memory = ", ".join(f"{kib / 1024:.0f} MiB" for kib in peaks)
        print(f"{processes:<22} {seconds:>12.1f} s {rate:>12.1f}  {memory}")
    ratio = rates[1] / rates[0]
    verdict = "ok" if ratio >= TARGET_RATIO else "MISSED"
    print(f"\nratio, two processes to one: {ratio:.2f}x (target >= {TARGET_RATIO}x: {verdict})")


if __name__ == "__main__":
    main()
