"""A worker killed mid-transcription (SIGKILL, as the OOM killer does) loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from bench.pairs import PAIRS
from core.settings import Settings
from models.tables import AnswerStage
from pipeline.broker import make_broker
from pipeline.sweeper import sweep_once
from tests.audio import concat, speak
from tests.helpers import AsyncTestClient
from tests.integration.pipeline.conftest import start_worker, stop_worker
from tests.integration.pipeline.flow import Answered, answer_one_question, settled_answer

pytestmark = pytest.mark.usefixtures("broker_url")


async def _running(answer_id: str) -> bool:
    row = (
        await AnswerStage.select(AnswerStage.status)
        .where((AnswerStage.answer == answer_id) & (AnswerStage.name == "transcribe"))
        .first()
    )
    return row is not None and row["status"] == "running"


async def _transcribing(
    client: AsyncTestClient, tmp_path: Path
) -> tuple[subprocess.Popen[bytes], Answered]:
    """A worker in the middle of transcribing a long answer (about a minute of speech)."""
    long_answer = concat(
        [speak(p.strong, tmp_path / f"part-{i}.wav") for i, p in enumerate(PAIRS[:3])],
        tmp_path / "long.wav",
    )
    worker = start_worker(tmp_path / "first.log")
    try:
        answered = await answer_one_question(client, long_answer)
        deadline = time.monotonic() + 60
        while not await _running(answered.answer_id):
            assert time.monotonic() < deadline, "transcription never started"
            await asyncio.sleep(0.05)
    except BaseException:
        stop_worker(worker)
        raise
    return worker, answered


async def _sweep_every(settings: Settings, seconds: float) -> None:
    while True:
        await sweep_once(settings)
        await asyncio.sleep(seconds)


async def test_a_killed_worker_s_answer_is_finished_by_the_next_worker(
    broker_client: AsyncTestClient, pipeline_settings: Settings, tmp_path: Path
) -> None:
    first, answered = await _transcribing(broker_client, tmp_path)
    try:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        stop_worker(first)
    await asyncio.sleep(1)
    assert await _running(answered.answer_id)  # nobody is left to finish it

    second = start_worker(tmp_path / "second.log")
    try:
        # The sweeper, as the Procfile runs it (default settings, a pass every 10 s), finds
        # the silent heartbeat and the next worker finishes the answer.
        killed_at = time.monotonic()
        sweeper = asyncio.create_task(_sweep_every(pipeline_settings, 10.0))
        answer = await settled_answer(broker_client, answered.headers, answered.answer_id)
        assert time.monotonic() - killed_at < 90
        sweeper.cancel()
    finally:
        stop_worker(second)
    assert answer["status"] == "done"
    transcribe = next(s for s in answer["stages"] if s["name"] == "transcribe")
    assert transcribe["attempts"] == 2
    assert answer["transcription"]["words"][-1]["end"] > answer["audioDuration"] - 3
    assert answer["analysis"]["technicalScore"] is not None


async def _transcribe_stage(answer_id: str) -> dict:
    row = (
        await AnswerStage.select(AnswerStage.status, AnswerStage.attempts)
        .where((AnswerStage.answer == answer_id) & (AnswerStage.name == "transcribe"))
        .first()
    )
    assert row is not None
    return row


async def test_a_stopped_worker_hands_its_stage_back_at_once(
    broker_client: AsyncTestClient, pipeline_settings: Settings, tmp_path: Path
) -> None:
    first, answered = await _transcribing(broker_client, tmp_path)
    try:
        # What honcho does on Ctrl-C: SIGTERM to the process group, SIGKILL 5 s later.
        os.killpg(first.pid, signal.SIGTERM)
        await asyncio.sleep(5)
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        stop_worker(first)
    stage = await _transcribe_stage(answered.answer_id)
    assert stage == {"status": "queued", "attempts": 0}  # back in the queue, try not counted
    second = start_worker(tmp_path / "second.log")
    try:
        # The restarted sweeper's first pass sends it on at once.
        assert (await sweep_once(pipeline_settings)).resent == 1
        answer = await settled_answer(broker_client, answered.headers, answered.answer_id)
    finally:
        stop_worker(second)
    assert answer["status"] == "done"
    assert next(s for s in answer["stages"] if s["name"] == "transcribe")["attempts"] == 1


async def test_answers_queued_when_the_broker_lost_its_data_are_all_done_with_default_settings(
    broker_client: AsyncTestClient,
    recordings: dict[str, Path],
    pipeline_settings: Settings,
    redis: Any,
) -> None:
    answered = [await answer_one_question(broker_client, recordings["wav"]) for _ in range(3)]
    # A broker restart without persistence: the queued messages are gone.
    if pipeline_settings.broker_url:
        make_broker(pipeline_settings.broker_url).flush_all()
    else:
        await redis.flushdb()
    started = time.monotonic()
    worker = start_worker(recordings["wav"].parent / "after-restart.log")
    sweeper = asyncio.create_task(_sweep_every(pipeline_settings, 10.0))
    try:
        for one in answered:
            answer = await settled_answer(broker_client, one.headers, one.answer_id)
            assert answer["status"] == "done"
    finally:
        sweeper.cancel()
        stop_worker(worker)
    assert time.monotonic() - started < 90
