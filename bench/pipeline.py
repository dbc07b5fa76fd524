"""Benchmark: answers through the whole pipeline, served and worked as the Procfile runs them.

Run: `python -m bench.pipeline` (needs PostgreSQL and Redis; see bench/README.md). One web
process and one worker per stage (the transcribe worker: 1 process, 2 CTranslate2 threads)
on this machine's 2 cores; 20 spoken answers (4 voices, 10-30 s each) uploaded at once.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
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
    serve_with_pid,
    start_interview,
    with_venv_path,
)
from bench.pairs import PAIRS
from bench.uploads import PeakRss

sys.path.insert(0, str(ROOT))
from tests.audio import speak

REDIS_URL = "redis://127.0.0.1:6379/14"
ANSWERS = 20
VOICES = [("en-us", 150), ("en-gb", 170), ("en-us+f3", 135), ("en-us", 185)]


def spoken_answers(directory: Path) -> list[Path]:
    """ANSWERS spoken answers (strong and weak, four voices) as WAV files."""
    clips = []
    for index in range(ANSWERS):
        pair = PAIRS[index % len(PAIRS)]
        voice, pace = VOICES[index % len(VOICES)]
        text = pair.strong if index < len(PAIRS) else pair.weak
        clips.append(
            speak(text, directory / f"answer-{index}.wav", voice=voice, words_per_minute=pace)
        )
    return clips


def _audio_seconds(path: Path) -> float:
    return (path.stat().st_size - 44) / (22050 * 2)  # espeak-ng: 22.05 kHz 16-bit mono


def start_worker(name: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start one Procfile process (nice'd as the Procfile says), its output to `log`."""
    return subprocess.Popen(
        procfile_command(name),
        cwd=ROOT,
        env=with_venv_path(env),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


async def _answer(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    interview_id: str,
    question: str,
    audio: Path,
) -> float:
    """Upload, then poll until done: seconds from the upload to a processed answer."""
    started = time.perf_counter()
    answer_id = await post_answer(client, headers, interview_id, question, audio)
    while True:
        body = (await client.get(f"/api/answers/{answer_id}", headers=headers)).json()
        if body["status"] == "done":
            return time.perf_counter() - started
        if body["status"] == "failed":
            raise SystemExit(f"answer failed: {body['error']}")
        await asyncio.sleep(0.2)


async def _run(base: str, clips: list[Path], transcriber_pid: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        headers, interview_id, questions = await start_interview(
            client, "bench-pipeline@example.com", skills=["python", "sql"], question_count=ANSWERS
        )
        with PeakRss(transcriber_pid) as rss:
            started = time.perf_counter()
            latencies = sorted(
                await asyncio.gather(
                    *(
                        _answer(client, headers, interview_id, question, clip)
                        for question, clip in zip(questions, clips, strict=True)
                    )
                )
            )
            wall = time.perf_counter() - started
    audio = sum(_audio_seconds(c) for c in clips)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
    rows = [
        ("answers (spoken, uploaded at once)", f"{len(clips)}, {audio:.0f} s of speech"),
        ("all processed after", f"{wall:.1f} s"),
        (
            "throughput",
            f"{len(clips) / wall * 60:.1f} answers/min, {audio / wall:.1f} s of speech/s",
        ),
        ("upload -> done, p50", f"{statistics.median(latencies):.1f} s"),
        ("upload -> done, p95", f"{p95:.1f} s"),
        ("transcribe worker peak RSS", f"{rss.peak / 1024:.0f} MiB"),
    ]
    print(f"{'measure':<40} value")
    print("-" * 80)
    for name, value in rows:
        print(f"{name:<40} {value}")


def main() -> None:
    """Serve, start one worker per stage, push the answers through, print the table."""
    fresh_state(REDIS_URL)
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp, ExitStack() as stack:
        directory = Path(tmp)
        clips = spoken_answers(directory)
        env = {
            "DATABASE_URL": BENCH_DB,
            "REDIS_URL": REDIS_URL,
            "STORAGE_URL": str(directory / "audio"),
            "UPLOAD_SPOOL_DIR": tmp,
            "ACCESS_LOG": "false",
            "LOG_LEVEL": "warning",
        }
        workers = {
            name: start_worker(name, env, directory / f"{name}.log")
            for name in ("transcribe", "score", "aggregate")
        }
        for process in workers.values():
            stack.callback(process.wait, 30)
            stack.callback(process.terminate)
        base, _pid = stack.enter_context(serve_with_pid(env))
        time.sleep(3)  # the workers load their model and connect
        # The `dramatiq` command forks: the worker process is the child of the one started.
        children = Path(
            f"/proc/{workers['transcribe'].pid}/task/{workers['transcribe'].pid}/children"
        )
        transcriber = int(children.read_text().split()[0])
        asyncio.run(_run(base, clips, transcriber))


if __name__ == "__main__":
    main()
