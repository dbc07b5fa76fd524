"""Uploading answers: every browser format accepted, every bad input refused cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from redis import exceptions as redis_exceptions
from redis.asyncio import Redis

from core.settings import Settings
from models.tables import Answer, Interview
from tests.helpers import (
    AsyncTestClient,
    create_interview,
    queued_messages,
    signed_in,
    upload_answer,
)


def _stored_files(settings: Settings) -> list[Path]:
    return [p for p in Path(settings.storage_url).rglob("*") if p.is_file()]


def _spooled_files(settings: Settings) -> list[Path]:
    return list(Path(settings.upload_spool_dir).iterdir())


@pytest.mark.parametrize(
    ("kind", "mime_type"),
    [
        ("webm", "audio/webm"),
        ("ogg", "audio/ogg"),
        ("wav", "audio/wav"),
        ("mp3", "audio/mpeg"),
        ("m4a", "audio/mp4"),
        ("flac", "audio/flac"),
    ],
)
async def test_every_recording_format_is_accepted_and_queued(
    client: AsyncTestClient,
    settings: Settings,
    redis: Redis,
    recordings: dict[str, Path],
    kind: str,
    mime_type: str,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question = interview["questions"][0]["questionId"]
    response = await upload_answer(
        client,
        headers,
        interview["id"],
        question,
        recordings[kind],
        extra={"recordedAt": "2026-11-27T09:15:00Z"},
    )
    assert response.status_code == 202, response.text
    answer = response.json()
    assert (answer["questionId"], answer["attempt"], answer["status"]) == (question, 1, "queued")
    assert answer["mimeType"] == mime_type
    assert 9.0 < answer["audioDuration"] < 13.0
    assert answer["audioFileSize"] == recordings[kind].stat().st_size
    assert answer["audioFileName"] == recordings[kind].name
    assert answer["recordedAt"] == "2026-11-27T09:15:00Z"
    assert [(s["name"], s["status"]) for s in answer["stages"]] == [
        ("transcribe", "queued"),
        ("score", "pending"),
    ]
    assert answer["transcription"] is None
    assert answer["analysis"] is None
    [message] = await queued_messages(redis, "transcribe")
    assert (message["actor_name"], message["args"]) == ("transcribe_answer", [answer["id"]])
    stored = _stored_files(settings)
    assert [p.read_bytes() for p in stored if answer["id"] in p.name] == [
        recordings[kind].read_bytes()
    ]
    assert _spooled_files(settings) == []


async def test_an_answer_starts_the_interview_and_marks_the_question(
    client: AsyncTestClient,
    recordings: dict[str, Path],
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question = interview["questions"][1]["questionId"]
    await upload_answer(client, headers, interview["id"], question, recordings["webm"])
    detail = (await client.get(f"/api/interviews/{interview['id']}", headers=headers)).json()
    assert (detail["status"], detail["answeredCount"]) == ("in-progress", 1)
    assert detail["startedAt"] is not None
    assert [q["status"] for q in detail["questions"] if q["questionId"] == question] == ["answered"]
    assert [a["questionId"] for a in detail["answers"]] == [question]
    status = (await client.get(f"/api/interviews/{interview['id']}/status", headers=headers)).json()
    assert [(a["questionId"], a["status"]) for a in status["answers"]] == [(question, "queued")]


async def test_a_second_upload_is_a_new_attempt_and_the_first_stays(
    client: AsyncTestClient,
    recordings: dict[str, Path],
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question = interview["questions"][0]["questionId"]
    first = (
        await upload_answer(client, headers, interview["id"], question, recordings["webm"])
    ).json()
    second = (
        await upload_answer(client, headers, interview["id"], question, recordings["mp3"])
    ).json()
    assert (first["attempt"], second["attempt"]) == (1, 2)
    listed = (
        await client.get(f"/api/interviews/{interview['id']}/answers", headers=headers)
    ).json()
    assert [(a["id"], a["attempt"]) for a in listed] == [(first["id"], 1), (second["id"], 2)]
    assert (await client.get(f"/api/answers/{first['id']}", headers=headers)).json()[
        "mimeType"
    ] == "audio/webm"
    detail = (await client.get(f"/api/interviews/{interview['id']}", headers=headers)).json()
    assert detail["answeredCount"] == 1


@pytest.mark.parametrize(
    ("recording", "status", "fragment"),
    [
        ("empty", 422, "empty"),
        ("text", 415, "not audio"),
        ("fake_riff", 422, "corrupt"),
        ("truncated", 422, "corrupt"),
        ("short", 422, "at least 1s"),
    ],
)
async def test_bad_recordings_are_refused_and_leave_nothing_behind(
    client: AsyncTestClient,
    settings: Settings,
    redis: Redis,
    recordings: dict[str, Path],
    recording: str,
    status: int,
    fragment: str,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question = interview["questions"][0]["questionId"]
    response = await upload_answer(
        client, headers, interview["id"], question, recordings[recording]
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert fragment in response.json()["detail"]
    assert not await Answer.exists().where(Answer.interview == interview["id"])
    assert _stored_files(settings) == []
    assert _spooled_files(settings) == []
    assert await queued_messages(redis, "transcribe") == []
    detail = (await client.get(f"/api/interviews/{interview['id']}", headers=headers)).json()
    assert (detail["status"], detail["answeredCount"]) == ("pending", 0)


@pytest.mark.parametrize(
    ("question", "extra", "with_audio", "status", "field"),
    [
        (None, {}, True, 422, "questionId"),
        ("not-a-uuid", {}, True, 422, "questionId"),
        ("first", {}, False, 422, "audio"),
        ("first", {"recordedAt": "last tuesday"}, True, 422, "recordedAt"),
        ("first", {"comment": "hi"}, True, 422, "comment"),
    ],
)
async def test_missing_or_malformed_fields_are_422(
    client: AsyncTestClient,
    settings: Settings,
    recordings: dict[str, Path],
    question: str | None,
    extra: dict[str, str],
    with_audio: bool,
    status: int,
    field: str,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question_id = interview["questions"][0]["questionId"] if question == "first" else question
    response = await upload_answer(
        client,
        headers,
        interview["id"],
        question_id,
        recordings["webm"] if with_audio else None,
        extra=extra,
    )
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["field"] == field
    assert _stored_files(settings) == []
    assert _spooled_files(settings) == []


async def test_a_question_outside_the_interview_is_404(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    other = await create_interview(client, headers)
    foreign = next(
        q["questionId"]
        for q in other["questions"]
        if q["questionId"] not in {x["questionId"] for x in interview["questions"]}
    )
    response = await upload_answer(client, headers, interview["id"], foreign, recordings["webm"])
    assert response.status_code == 404


async def test_another_users_interview_is_404(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    owner, intruder = await signed_in(client), await signed_in(client)
    interview = await create_interview(client, owner)
    question = interview["questions"][0]["questionId"]
    response = await upload_answer(client, intruder, interview["id"], question, recordings["webm"])
    assert response.status_code == 404
    assert not await Answer.exists().where(Answer.interview == interview["id"])


@pytest.mark.parametrize("status", ["completed", "cancelled"])
async def test_a_finished_interview_takes_no_answers(
    client: AsyncTestClient, recordings: dict[str, Path], status: str
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    await Interview.update({Interview.status: status}).where(Interview.id == interview["id"])
    response = await upload_answer(
        client,
        headers,
        interview["id"],
        interview["questions"][0]["questionId"],
        recordings["webm"],
    )
    assert response.status_code == 409


async def test_a_non_multipart_body_is_415(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    response = await client.post(
        f"/api/interviews/{interview['id']}/answers",
        headers=headers,
        json={"questionId": interview["questions"][0]["questionId"]},
    )
    assert response.status_code == 415


async def test_a_broken_multipart_body_is_400(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    response = await client.post(
        f"/api/interviews/{interview['id']}/answers",
        content=b"--xyz\r\nnot a part",
        headers={**headers, "Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 400


async def test_concurrent_uploads_for_one_question_get_distinct_attempts(
    client: AsyncTestClient,
    recordings: dict[str, Path],
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question = interview["questions"][0]["questionId"]
    responses = await asyncio.gather(
        *(
            upload_answer(client, headers, interview["id"], question, recordings["mp3"])
            for _ in range(4)
        )
    )
    assert [r.status_code for r in responses] == [202] * 4
    assert sorted(r.json()["attempt"] for r in responses) == [1, 2, 3, 4]


async def test_an_answer_stays_accepted_when_its_message_cannot_be_sent(
    client: AsyncTestClient,
    recordings: dict[str, Path],
    redis: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broker_down(*_args: Any, **_kwargs: Any) -> None:
        raise redis_exceptions.ConnectionError("Connection refused")

    monkeypatch.setattr("pipeline.dispatch.send", broker_down)
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question = interview["questions"][0]["questionId"]
    response = await upload_answer(client, headers, interview["id"], question, recordings["wav"])
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["stages"][0]["status"] == "queued"
    assert await queued_messages(redis, "transcribe") == []  # the sweeper will send it
