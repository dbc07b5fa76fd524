"""Crashes lose nothing: failed tries retry then fail visibly, lost work is swept back."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from models.db import utcnow
from models.tables import Answer, AnswerStage, InterviewResult
from pipeline import claims
from pipeline.dispatch import send
from pipeline.sweeper import sweep_once
from tests.helpers import AsyncTestClient
from tests.integration.pipeline.flow import answer_one_question, settled_answer, wait_for

pytestmark = pytest.mark.usefixtures("broker_worker")
CLI = Path(sys.executable).parent / "interview-coach"


async def _processed_answer(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> tuple[dict[str, str], dict[str, Any]]:
    answered = await answer_one_question(client, recordings["wav"])
    answer = await settled_answer(client, answered.headers, answered.answer_id)
    assert answer["status"] == "done"
    return answered.headers, answer


def _stage(answer: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in answer["stages"] if s["name"] == name)


def _cli(*args: str) -> str:
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, check=True)
    return done.stdout


async def _as_if_killed(answer_id: str, attempts: int) -> None:
    """The rows a worker leaves when it dies mid-transcription."""
    await AnswerStage.update(
        {
            AnswerStage.status: "running",
            AnswerStage.attempts: attempts,
            AnswerStage.started_at: utcnow(),
        }
    ).where((AnswerStage.answer == answer_id) & (AnswerStage.name == "transcribe"))
    await AnswerStage.update({AnswerStage.status: "pending"}).where(
        (AnswerStage.answer == answer_id) & (AnswerStage.name == "score")
    )
    await Answer.update({Answer.status: "transcribing"}).where(Answer.id == answer_id)


def _after_lease(settings: Settings) -> Any:
    return utcnow() + timedelta(seconds=settings.stage_heartbeat_timeout_seconds + 1)


async def test_a_stage_that_keeps_failing_is_retried_then_failed_visibly_and_reprocessable(
    broker_client: AsyncTestClient, recordings: dict[str, Path], pipeline_settings: Settings
) -> None:
    headers, answer = await _processed_answer(broker_client, recordings)
    row = await Answer.select(Answer.audio_key).where(Answer.id == answer["id"]).first()
    audio = Path(pipeline_settings.storage_url) / row["audio_key"]
    kept = audio.read_bytes()
    audio.unlink()  # storage lost the file: every try fails

    assert "1 answers queued again" in _cli("reprocess", "--answer", answer["id"])
    failed = await settled_answer(broker_client, headers, answer["id"])
    assert failed["status"] == "failed"
    transcribe = _stage(failed, "transcribe")
    assert (transcribe["status"], transcribe["attempts"]) == ("failed", 3)
    assert "No such file" in transcribe["error"] or "FileNotFound" in transcribe["error"]
    assert failed["error"].startswith("transcribe failed")
    assert _stage(failed, "score")["status"] == "pending"

    audio.write_bytes(kept)
    listed = _cli("reprocess", "--failed", "--dry-run")
    assert f"{answer['id']}  failed       from transcribe" in listed
    row = await Answer.select(Answer.status).where(Answer.id == answer["id"]).first()
    assert row["status"] == "failed"  # a dry run changes nothing
    _cli("reprocess", "--failed")
    again = await settled_answer(broker_client, headers, answer["id"])
    assert again["status"] == "done"
    assert again["error"] is None
    assert again["analysis"]["technicalScore"] == answer["analysis"]["technicalScore"]


async def test_work_of_a_killed_worker_is_swept_back_and_finished(
    broker_client: AsyncTestClient, recordings: dict[str, Path], pipeline_settings: Settings
) -> None:
    headers, answer = await _processed_answer(broker_client, recordings)
    await _as_if_killed(answer["id"], attempts=1)

    report = await sweep_once(pipeline_settings, now=_after_lease(pipeline_settings))
    assert (report.requeued, report.failed) == (1, 0)
    finished = await settled_answer(broker_client, headers, answer["id"])
    assert finished["status"] == "done"
    assert _stage(finished, "transcribe")["attempts"] == 2
    assert finished["transcription"]["text"] == answer["transcription"]["text"]


async def test_a_crash_loop_ends_failed_after_the_last_attempt(
    broker_client: AsyncTestClient, recordings: dict[str, Path], pipeline_settings: Settings
) -> None:
    headers, answer = await _processed_answer(broker_client, recordings)
    await _as_if_killed(answer["id"], attempts=pipeline_settings.stage_max_attempts)

    report = await sweep_once(pipeline_settings, now=_after_lease(pipeline_settings))
    assert (report.requeued, report.failed) == (0, 1)
    failed = (await broker_client.get(f"/api/answers/{answer['id']}", headers=headers)).json()
    assert failed["status"] == "failed"
    assert "worker stopped" in _stage(failed, "transcribe")["error"]


async def test_a_lost_message_is_sent_again(
    broker_client: AsyncTestClient, recordings: dict[str, Path], pipeline_settings: Settings
) -> None:
    headers, answer = await _processed_answer(broker_client, recordings)
    await claims.restart(answer["id"], "score")  # queued, but no message (Redis restarted)

    assert (await sweep_once(pipeline_settings)).resent == 0  # too soon to call it lost
    later = utcnow() + timedelta(seconds=pipeline_settings.stage_resend_seconds + 1)
    assert (await sweep_once(pipeline_settings, now=later)).resent == 1
    finished = await settled_answer(broker_client, headers, answer["id"])
    assert finished["status"] == "done"
    assert _stage(finished, "score")["attempts"] == 1


async def test_a_duplicate_message_changes_nothing(
    broker_client: AsyncTestClient, recordings: dict[str, Path], pipeline_settings: Settings
) -> None:
    headers, answer = await _processed_answer(broker_client, recordings)
    send(pipeline_settings.broker, "transcribe", answer["id"])
    send(pipeline_settings.broker, "score", answer["id"])
    marker = await _processed_answer(broker_client, recordings)  # processed after the duplicates
    assert marker[1]["status"] == "done"
    same = (await broker_client.get(f"/api/answers/{answer['id']}", headers=headers)).json()
    assert [(s["status"], s["attempts"]) for s in same["stages"]] == [
        ("succeeded", 1),
        ("succeeded", 1),
    ]
    assert same["processedAt"] == answer["processedAt"]


async def test_a_completed_interview_whose_result_was_lost_gets_one(
    broker_client: AsyncTestClient, recordings: dict[str, Path], pipeline_settings: Settings
) -> None:
    answered = await answer_one_question(broker_client, recordings["wav"])
    headers = answered.headers
    await settled_answer(broker_client, headers, answered.answer_id)
    await broker_client.post(f"/api/interviews/{answered.interview_id}/complete", headers=headers)
    path = f"/api/interviews/{answered.interview_id}/results"
    await wait_for(broker_client, headers, path, lambda body: "overallScore" in body)
    await InterviewResult.delete().where(InterviewResult.interview == answered.interview_id)
    assert (await broker_client.get(path, headers=headers)).status_code == 202

    later = utcnow() + timedelta(seconds=pipeline_settings.stage_resend_seconds + 1)
    assert (await sweep_once(pipeline_settings, now=later)).results == 1
    result = await wait_for(broker_client, headers, path, lambda body: "overallScore" in body)
    assert result["questionsAnswered"] == 1
