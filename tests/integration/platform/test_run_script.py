"""README's first command: Ctrl-C of `scripts/run` mid-transcription loses nothing and leaves
nothing running; started again, it finishes the answer."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import httpx

from bench.pairs import PAIRS
from core.settings import Settings
from tests.audio import concat, speak
from tests.helpers import ROOT, free_port
from tests.integration.pipeline.flow import answer_one_question, settled_answer

MARKER = "IC_RUN_SCRIPT_TEST"


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        # A session of its own: Ctrl-C in a terminal signals the whole foreground group.
        return subprocess.Popen(
            ["scripts/run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _ctrl_c(run: subprocess.Popen[bytes], log: Path) -> None:
    os.killpg(run.pid, signal.SIGINT)
    try:
        run.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        raise AssertionError(f"scripts/run did not stop:\n{log.read_text()[-3000:]}") from None


def _left_running(marker: str) -> list[str]:
    """Command lines of live processes started with this run's marker in their environment."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker.encode() in (proc / "environ").read_bytes():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


async def _serving(base: str, run: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    async with httpx.AsyncClient(base_url=base) as probe:
        while True:
            assert run.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            try:
                if (await probe.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)


async def _stage(client: httpx.AsyncClient, headers: dict[str, str], answer_id: str) -> str:
    return str((await client.get(f"/api/answers/{answer_id}", headers=headers)).json()["status"])


async def test_ctrl_c_mid_transcription_then_start_again_finishes_the_answer(
    settings: Settings, tmp_path: Path
) -> None:
    port, marker = free_port(), uuid.uuid4().hex
    env = os.environ | {
        MARKER: marker,
        "PORT": str(port),
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "STORAGE_URL": str(tmp_path / "audio"),
        "UPLOAD_SPOOL_DIR": str(tmp_path),
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    log = tmp_path / "run.log"
    recording = concat(
        [speak(p.strong, tmp_path / f"part-{i}.wav") for i, p in enumerate(PAIRS[:3])],
        tmp_path / "long.wav",
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        run = _start(env, log)
        try:
            await _serving(base, run, log)
            answered = await answer_one_question(client, recording)
            deadline = time.monotonic() + 60
            while await _stage(client, answered.headers, answered.answer_id) != "transcribing":
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                await asyncio.sleep(0.1)
        finally:
            _ctrl_c(run, log)
        assert _left_running(marker) == []
        assert await _stage_offline(settings, answered.answer_id) != "done"

        again = _start(env, log)
        try:
            await _serving(base, again, log)
            started = time.monotonic()
            answer = await settled_answer(client, answered.headers, answered.answer_id)
            assert answer["status"] == "done", answer
            assert time.monotonic() - started < 90
            assert answer["transcription"]["text"]
        finally:
            _ctrl_c(again, log)
        assert _left_running(marker) == []


async def _stage_offline(settings: Settings, answer_id: str) -> str:
    """The answer's status read from the database while nothing serves the API."""
    from models.tables import Answer

    row = await Answer.select(Answer.status).where(Answer.id == answer_id).first()
    assert row is not None
    return str(row["status"])
