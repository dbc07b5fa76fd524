"""The PDF report downloaded through the API: the user's trend so far, every question listed."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from pypdf import PdfReader

from models.tables import Answer, Interview, InterviewQuestion, InterviewResult
from tests.helpers import AsyncTestClient, create_interview, signed_in, start_interview

PDF = {"Accept": "application/pdf"}
NAME = "Zoë Łukasz 李"


async def _scored(
    client: AsyncTestClient,
    headers: dict[str, str],
    user_id: str,
    interview: dict[str, Any],
    score: int,
    days_ago: int,
) -> str:
    """Complete the interview through the API, then score it as the aggregate stage would."""
    if interview["status"] == "pending":
        await start_interview(client, headers, interview["id"])
    completed = await client.post(f"/api/interviews/{interview['id']}/complete", headers=headers)
    assert completed.status_code == 202, completed.text
    when = datetime.now(UTC) - timedelta(days=days_ago)
    await Interview.update({Interview.score: score, Interview.completed_at: when}).where(
        Interview.id == interview["id"]
    )
    result = InterviewResult(
        interview=interview["id"],
        user=user_id,
        overall_score=score,
        technical_score=score - 3,  # not the overall: the trend's labels must come from the trend
        clarity_score=70,
        total_questions=len(interview["questions"]),
        questions_answered=1,
        summary=f"Scored {score}.",
        generated_at=when,
    )
    await InterviewResult.insert(result)
    return str(result.id)


async def _answered(user_id: str, interview_id: str, question_id: str) -> None:
    """A processed answer, as the pipeline leaves it."""
    analysis = {
        "technicalScore": 81,
        "clarityScore": 74,
        "confidenceScore": 66,
        "voiceToneScore": None,
        "delivery": {"wordsPerMinute": 138, "fillerCount": 2, "fillersPer100Words": 1.4},
        "content": {"keyPoints": [{"point": "Measures before tuning", "covered": False}]},
        "strengths": ["Measured first"],
        "improvements": [],
    }
    await Answer.insert(
        Answer(
            interview=interview_id,
            question=question_id,
            user=user_id,
            audio_key=f"{interview_id}/{question_id}.webm",
            status="done",
            transcription={"text": f"I paired with {NAME} and we measured the slow queries."},
            analysis=analysis,
        )
    )
    await InterviewQuestion.update({InterviewQuestion.status: "answered"}).where(
        (InterviewQuestion.interview == interview_id) & (InterviewQuestion.question == question_id)
    )


async def test_the_pdf_report_shows_the_trend_so_far_and_the_skipped_question(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    user_id = (await client.get("/api/auth/me", headers=headers)).json()["id"]
    for score, days_ago in ((41, 30), (57, 20), (63, 12)):
        await _scored(
            client, headers, user_id, await create_interview(client, headers), score, days_ago
        )
    interview = await create_interview(
        client, headers, jobTitle=f"Platform engineer, {NAME}", questionCount=3
    )
    first, skipped, third = interview["questions"]
    await client.patch(
        f"/api/interviews/{interview['id']}/questions/{skipped['questionId']}",
        json={"status": "skipped"},
        headers=headers,
    )
    await _answered(user_id, interview["id"], first["questionId"])
    result_id = await _scored(client, headers, user_id, interview, 77, days_ago=5)
    later = await create_interview(client, headers)
    await _scored(client, headers, user_id, later, 95, days_ago=1)

    path = f"/api/results/{result_id}/report"
    body = (await client.get(path, headers=headers)).json()
    assert [a["questionId"] for a in body["answers"]] == [first["questionId"]]  # JSON unchanged
    response = await client.get(path, headers=headers | PDF)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    pages = [
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    ]
    text = " ".join(pages)
    assert f"Platform engineer, {NAME}" in text
    assert "Overall: 77/100" in text
    trend_labels = pages[0].split()
    assert {"41", "57", "63", "77"} <= set(trend_labels)
    assert "95" not in trend_labels  # completed after this interview
    assert f"{skipped['questionText']} Skipped" in text
    assert f"{third['questionText']} Not answered" in text
    assert "2 filler words (1.4 per 100 words)" in text
    assert "Measures before tuning" in text
    stranger = await signed_in(client)
    assert (await client.get(path, headers=stranger | PDF)).status_code == 404
