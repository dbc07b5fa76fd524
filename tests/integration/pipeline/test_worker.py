"""The pipeline end to end: real uploads, the actors on Dramatiq's StubBroker run by an
in-process Worker, real faster-whisper."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.helpers import (
    AsyncTestClient,
    create_interview,
    signed_in,
    upload_answer,
)
from tests.integration.pipeline.flow import answer_one_question, settled_answer, wait_for


@pytest.fixture(scope="module")
def client(stub_client: AsyncTestClient) -> AsyncTestClient:
    """This module's app sends its messages to the in-process StubBroker."""
    return stub_client


def _answers_settled(body: dict[str, Any]) -> bool:
    return all(a["status"] in ("done", "failed") for a in body["answers"])


async def test_an_answer_is_transcribed_scored_and_the_result_built(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers, questionCount=2)
    first, second = (q["questionId"] for q in interview["questions"])
    upload = await upload_answer(client, headers, interview["id"], first, recordings["webm"])
    assert upload.status_code == 202, upload.text
    await client.patch(
        f"/api/interviews/{interview['id']}/questions/{second}",
        json={"status": "skipped"},
        headers=headers,
    )
    status = await wait_for(
        client, headers, f"/api/interviews/{interview['id']}/status", _answers_settled
    )
    [progress] = status["answers"]
    assert progress["status"] == "done"
    assert [(s["name"], s["status"], s["attempts"]) for s in progress["stages"]] == [
        ("transcribe", "succeeded", 1),
        ("score", "succeeded", 1),
    ]
    answer = (await client.get(f"/api/answers/{upload.json()['id']}", headers=headers)).json()
    assert "indexes" in answer["transcription"]["text"].lower()
    assert answer["transcription"]["usable"] is True
    analysis = answer["analysis"]
    assert analysis["scoredBy"] == "rubric"
    assert all(0 <= analysis[k] <= 100 for k in ("technicalScore", "clarityScore"))
    assert analysis["bodyLanguageScore"] is None
    assert analysis["delivery"]["wordCount"] > 15
    assert answer["processedAt"] is not None

    early = await client.get(f"/api/interviews/{interview['id']}/results", headers=headers)
    assert early.status_code == 409
    completed = await client.post(f"/api/interviews/{interview['id']}/complete", headers=headers)
    assert completed.status_code == 202
    result = await wait_for(
        client,
        headers,
        f"/api/interviews/{interview['id']}/results",
        lambda body: "overallScore" in body,
    )
    assert result["questionsAnswered"] == 1
    assert result["totalQuestions"] == 2
    assert result["technicalScore"] == analysis["technicalScore"]
    assert [a["questionId"] for a in result["answers"]] == [first]
    assert result["answers"][0]["analysis"]["scoredBy"] == "rubric"
    detail = (await client.get(f"/api/interviews/{interview['id']}", headers=headers)).json()
    assert detail["score"] == result["overallScore"]
    history = (await client.get("/api/results", headers=headers)).json()
    assert [r["id"] for r in history["items"]] == [result["id"]]
    stats = (await client.get("/api/users/stats", headers=headers)).json()
    assert stats["averageScore"] == result["overallScore"]
    report = await client.get(f"/api/results/{result['id']}/report", headers=headers)
    assert report.json() == result
    pdf = await client.get(
        f"/api/results/{result['id']}/report", headers=headers | {"Accept": "application/pdf"}
    )
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert interview["jobTitle"] in text
    assert f"Overall: {result['overallScore']}/100" in text
    assert result["answers"][0]["questionText"][:40] in " ".join(text.split())
    stranger = await signed_in(client)
    for path in (
        f"/api/interviews/{interview['id']}/results",
        f"/api/results/{result['id']}/report",
    ):
        assert (await client.get(path, headers=stranger)).status_code == 404
    assert (await client.get("/api/results", headers=stranger)).json()["total"] == 0


async def test_silence_is_processed_without_a_made_up_score(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    answered = await answer_one_question(client, recordings["silence"])
    answer = await settled_answer(client, answered.headers, answered.answer_id)
    assert answer["status"] == "done"
    assert answer["analysis"] is None
    assert "No speech was detected" in answer["error"]


def _events(stream: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in stream.replace("\r\n", "\n").split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if line and not line.startswith(":")
        )
        if "event" in fields:
            events.append((fields["event"], json.loads(fields["data"])))
    return events


async def test_the_event_stream_reports_each_stage_and_ends_with_the_result(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    answered = await answer_one_question(client, recordings["wav"])
    headers = answered.headers
    await client.post(f"/api/interviews/{answered.interview_id}/complete", headers=headers)
    path = f"/api/interviews/{answered.interview_id}/events"
    stranger = await signed_in(client)
    assert (await client.get(path, headers=stranger)).status_code == 404

    response = await client.get(path, headers=headers | {"Accept-Encoding": "gzip"}, timeout=90)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "content-encoding" not in response.headers  # gzip would hold events back
    events = _events(response.text)
    stage_events = [e for kind, e in events if kind == "stage"]
    assert {e["answerId"] for e in stage_events} == {answered.answer_id}
    final = {e["name"]: e["status"] for e in stage_events}
    assert final == {"transcribe": "succeeded", "score": "succeeded"}
    stages = [(e["name"], e["status"], e["attempts"]) for e in stage_events]
    assert len(stages) == len(set(stages))  # one event per change, no repeats
    assert events[-1] == ("end", {"interviewStatus": "completed", "resultStatus": "ready"})


async def test_a_retried_question_shows_its_attempts_side_by_side(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers, questionCount=1)
    question = interview["questions"][0]["questionId"]
    for take in ("webm", "wav"):  # the question answered, then retried
        upload = await upload_answer(client, headers, interview["id"], question, recordings[take])
        assert upload.status_code == 202, upload.text
    await wait_for(client, headers, f"/api/interviews/{interview['id']}/status", _answers_settled)

    path = f"/api/interviews/{interview['id']}/questions/{question}/attempts"
    body = (await client.get(path, headers=headers)).json()
    first, second = body["attempts"]
    assert [first["answer"]["attempt"], second["answer"]["attempt"]] == [1, 2]
    assert first["changes"] == []
    by_measure = {change["measure"]: change for change in second["changes"]}
    before, after = first["answer"]["analysis"], second["answer"]["analysis"]
    technical = by_measure["technicalScore"]
    assert (technical["previous"], technical["current"]) == (
        before["technicalScore"],
        after["technicalScore"],
    )
    pace = by_measure["wordsPerMinute"]
    assert (
        pace["delta"] == after["delivery"]["wordsPerMinute"] - before["delivery"]["wordsPerMinute"]
    )

    stranger = await signed_in(client)
    assert (await client.get(path, headers=stranger)).status_code == 404
    elsewhere = f"/api/interviews/{interview['id']}/questions/{interview['id']}/attempts"
    assert (await client.get(elsewhere, headers=headers)).status_code == 404
