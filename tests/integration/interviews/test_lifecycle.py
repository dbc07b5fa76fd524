"""Creating, reading, moving through states, skipping and deleting interviews."""

from __future__ import annotations

import pytest

from models.tables import InterviewQuestion, InterviewResult, Question
from tests.helpers import AsyncTestClient, create_interview, signed_in, start_interview


async def test_create_returns_the_interview_with_chosen_questions(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    body = await create_interview(client, headers, questionCount=6, jobDescription="APIs")
    assert body["status"] == "pending"
    assert body["questionCount"] == 6
    assert body["answeredCount"] == 0
    assert body["skills"] == ["python", "postgresql"]
    assert body["score"] is None
    assert [q["order"] for q in body["questions"]] == [1, 2, 3, 4, 5, 6]
    assert {q["category"] for q in body["questions"]} == {"technical", "behavioral", "situational"}
    technical = [q for q in body["questions"] if q["category"] == "technical"]
    assert all({"python", "postgresql"} & set(q["skills"]) for q in technical)
    assert all(
        q["status"] == "pending" and q["expectedAnswerDuration"] > 0 for q in body["questions"]
    )


async def test_create_counts_usage_of_each_chosen_question(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    body = await create_interview(client, headers)
    ids = [q["questionId"] for q in body["questions"]]
    rows = await Question.select(Question.usage_count).where(Question.id.is_in(ids))
    assert [row["usage_count"] for row in rows] == [1] * len(ids)


async def test_a_second_interview_avoids_the_questions_of_the_first(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    first = await create_interview(client, headers)
    second = await create_interview(client, headers)
    assert not (
        {q["questionId"] for q in first["questions"]}
        & {q["questionId"] for q in second["questions"]}
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"skills": ["python"], "difficulty": "medium"}, "jobTitle"),
        ({"jobTitle": "X", "skills": [], "difficulty": "medium"}, "skills"),
        ({"jobTitle": "X", "skills": ["python"], "difficulty": "extreme"}, "difficulty"),
        (
            {"jobTitle": "X", "skills": ["python"], "difficulty": "easy", "questionCount": 21},
            "questionCount",
        ),
        (
            {"jobTitle": "X", "skills": ["python"], "difficulty": "easy", "questionCount": 0},
            "questionCount",
        ),
        ({"jobTitle": "X", "skills": "python", "difficulty": "easy"}, "skills"),
        ({"jobTitle": "X", "skills": ["python"], "difficulty": "easy", "userId": "x"}, "userId"),
    ],
)
async def test_create_with_invalid_fields_is_422(
    client: AsyncTestClient, body: dict, field: str
) -> None:
    headers = await signed_in(client)
    response = await client.post("/api/interviews", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


async def test_ai_sources_fall_back_to_the_bank_without_an_llm(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    response = await client.post(
        "/api/interviews",
        headers=headers,
        json={"jobTitle": "X", "skills": ["python"], "difficulty": "easy", "source": "ai"},
    )
    assert response.status_code == 201
    assert response.json()["source"] == "bank"
    assert response.json()["questionCount"] == 5


async def test_detail_and_questions_endpoints_agree(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    created = await create_interview(client, headers)
    detail = (await client.get(f"/api/interviews/{created['id']}", headers=headers)).json()
    questions = (
        await client.get(f"/api/interviews/{created['id']}/questions", headers=headers)
    ).json()
    assert detail["questions"] == questions == created["questions"]
    assert detail["answers"] == []


async def test_full_lifecycle_pending_in_progress_completed(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    path = f"/api/interviews/{interview['id']}"
    started = await client.patch(path, json={"status": "in-progress"}, headers=headers)
    assert started.status_code == 200
    assert started.json()["startedAt"] is not None
    done = await client.post(f"{path}/complete", headers=headers)
    assert done.status_code == 202
    assert done.json()["interview"]["status"] == "completed"
    assert done.json()["interview"]["duration"] >= 0
    assert done.json()["resultStatus"] == "processing"
    status = (await client.get(f"{path}/status", headers=headers)).json()
    assert status == {"interviewStatus": "completed", "resultStatus": "processing", "answers": []}


@pytest.mark.parametrize(
    ("setup", "target"),
    [
        ([], "completed"),
        (["in-progress", "completed"], "in-progress"),
        (["in-progress", "completed"], "cancelled"),
        (["cancelled"], "in-progress"),
        (["cancelled"], "completed"),
        (["in-progress"], "pending"),
        (["cancelled"], "pending"),
    ],
)
async def test_illegal_transitions_are_409(
    client: AsyncTestClient, setup: list[str], target: str
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    path = f"/api/interviews/{interview['id']}"
    for status in setup:
        assert (
            await client.patch(path, json={"status": status}, headers=headers)
        ).status_code == 200
    response = await client.patch(path, json={"status": target}, headers=headers)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("setup", [[], ["in-progress"]])
async def test_unfinished_interviews_can_be_cancelled(
    client: AsyncTestClient, setup: list[str]
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    path = f"/api/interviews/{interview['id']}"
    for status in setup:
        await client.patch(path, json={"status": status}, headers=headers)
    response = await client.patch(path, json={"status": "cancelled"}, headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


async def test_completing_a_pending_or_finished_interview_is_409(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    path = f"/api/interviews/{interview['id']}"
    assert (await client.post(f"{path}/complete", headers=headers)).status_code == 409
    await start_interview(client, headers, interview["id"])
    assert (await client.post(f"{path}/complete", headers=headers)).status_code == 202
    assert (await client.post(f"{path}/complete", headers=headers)).status_code == 409


async def test_title_edits_are_allowed_until_the_interview_is_finished(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    path = f"/api/interviews/{interview['id']}"
    renamed = await client.patch(path, json={"jobTitle": "Staff Engineer"}, headers=headers)
    assert renamed.json()["jobTitle"] == "Staff Engineer"
    await client.patch(path, json={"status": "cancelled"}, headers=headers)
    refused = await client.patch(path, json={"jobTitle": "Other"}, headers=headers)
    assert refused.status_code == 409


async def test_skipping_a_question_starts_the_interview(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    question_id = interview["questions"][0]["questionId"]
    path = f"/api/interviews/{interview['id']}/questions/{question_id}"
    response = await client.patch(path, json={"status": "skipped"}, headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "skipped"
    assert response.json()["questionId"] == question_id
    detail = (await client.get(f"/api/interviews/{interview['id']}", headers=headers)).json()
    assert detail["status"] == "in-progress"
    again = await client.patch(path, json={"status": "skipped"}, headers=headers)
    assert again.status_code == 200


async def test_skip_rejects_other_statuses_and_unknown_questions(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    base = f"/api/interviews/{interview['id']}/questions"
    question_id = interview["questions"][0]["questionId"]
    answered = await client.patch(
        f"{base}/{question_id}", json={"status": "answered"}, headers=headers
    )
    assert answered.status_code == 422
    other = (
        await Question.select(Question.id)
        .where(Question.id.not_in([q["questionId"] for q in interview["questions"]]))
        .first()
    )
    assert other is not None
    missing = await client.patch(
        f"{base}/{other['id']}", json={"status": "skipped"}, headers=headers
    )
    assert missing.status_code == 404


async def test_skipping_in_a_finished_interview_is_409(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    await client.patch(
        f"/api/interviews/{interview['id']}", json={"status": "cancelled"}, headers=headers
    )
    question_id = interview["questions"][0]["questionId"]
    response = await client.patch(
        f"/api/interviews/{interview['id']}/questions/{question_id}",
        json={"status": "skipped"},
        headers=headers,
    )
    assert response.status_code == 409


async def test_delete_removes_the_interview_and_everything_it_owns(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    user_id = (await client.get("/api/auth/me", headers=headers)).json()["id"]
    await InterviewResult.insert(InterviewResult(interview=interview["id"], user=user_id))
    path = f"/api/interviews/{interview['id']}"
    assert (await client.delete(path, headers=headers)).status_code == 204
    assert (await client.get(path, headers=headers)).status_code == 404
    assert not await InterviewQuestion.exists().where(
        InterviewQuestion.interview == interview["id"]
    )
    assert not await InterviewResult.exists().where(InterviewResult.interview == interview["id"])
    assert (await client.delete(path, headers=headers)).status_code == 404


async def test_a_malformed_id_is_404_not_500(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    response = await client.get("/api/interviews/not-a-uuid", headers=headers)
    assert response.status_code == 404
