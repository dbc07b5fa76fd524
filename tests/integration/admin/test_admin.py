"""Admin endpoints: guards, user list, analytics and the question bank."""

from __future__ import annotations

import subprocess
import sys

import pytest

from models.tables import User
from tests.helpers import AsyncTestClient, bearer, create_interview, register_user, signed_in

ADMIN_ENDPOINTS = [
    ("GET", "/api/admin/users"),
    ("GET", "/api/admin/analytics"),
    ("GET", "/api/questions/bank"),
    ("POST", "/api/admin/questions"),
]
NEW_QUESTION = {
    "questionText": "How would you migrate a monolith's sessions to a shared Redis store?",
    "category": "technical",
    "difficulty": "hard",
    "skills": ["Redis", "System Design"],
    "keyPoints": ["shared session store", "gradual cut-over", "expiry and eviction"],
    "expectedAnswerDuration": 180,
}


async def _admin(client: AsyncTestClient) -> dict[str, str]:
    session = await register_user(client)
    await User.update({User.role: "admin"}).where(User.id == session["user"]["id"])
    return bearer(session["accessToken"])


@pytest.mark.parametrize(("method", "path"), ADMIN_ENDPOINTS)
async def test_admin_endpoints_refuse_users_and_anonymous_callers(
    client: AsyncTestClient, method: str, path: str
) -> None:
    user = await signed_in(client)
    assert (await client.request(method, path, json=NEW_QUESTION, headers=user)).status_code == 403
    assert (await client.request(method, path, json=NEW_QUESTION)).status_code == 401


async def test_demoted_admins_lose_access_at_once(client: AsyncTestClient) -> None:
    session = await register_user(client)
    await User.update({User.role: "admin"}).where(User.id == session["user"]["id"])
    headers = bearer(session["accessToken"])
    assert (await client.get("/api/admin/users", headers=headers)).status_code == 200
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from api.cli import main; main()",
            "users",
            "demote",
            session["user"]["email"],
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (await client.get("/api/admin/users", headers=headers)).status_code == 403


async def test_user_list_shows_practice_counts(client: AsyncTestClient) -> None:
    admin = await _admin(client)
    learner = await register_user(client, name="Learner Lee")
    for _ in range(2):
        await create_interview(client, bearer(learner["accessToken"]))
    body = (
        await client.get("/api/admin/users", params={"search": "learner"}, headers=admin)
    ).json()
    assert body["total"] == 1
    [row] = body["items"]
    assert (row["email"], row["interviewCount"], row["completedInterviewCount"]) == (
        learner["user"]["email"],
        2,
        0,
    )
    assert "passwordHash" not in row
    admins = (await client.get("/api/admin/users", params={"role": "admin"}, headers=admin)).json()
    assert admins["total"] == 1


async def test_analytics_count_users_interviews_and_questions(client: AsyncTestClient) -> None:
    admin = await _admin(client)
    learner = await signed_in(client)
    await create_interview(client, learner, difficulty="hard")
    body = (await client.get("/api/admin/analytics", headers=admin)).json()
    assert body["users"]["total"] == 2
    assert body["users"]["admins"] == 1
    assert body["interviews"]["total"] == 1
    assert body["interviews"]["byDifficulty"] == {"hard": 1}
    assert body["interviews"]["byStatus"] == {"pending": 1}
    assert body["questions"]["total"] >= 200
    assert set(body["questions"]["byCategory"]) == {"behavioral", "technical", "situational"}
    assert body["questions"]["mostUsed"][0]["usageCount"] == 1


async def test_admin_adds_a_question_once(client: AsyncTestClient) -> None:
    admin = await _admin(client)
    created = await client.post("/api/admin/questions", json=NEW_QUESTION, headers=admin)
    assert created.status_code == 201
    body = created.json()
    assert body["skills"] == ["redis", "system design"]
    assert body["isAIGenerated"] is False
    assert body["usageCount"] == 0
    again = dict(NEW_QUESTION, questionText=NEW_QUESTION["questionText"].upper())
    assert (await client.post("/api/admin/questions", json=again, headers=admin)).status_code == 409
    found = (
        await client.get(
            "/api/questions/bank", params={"search": "monolith's sessions"}, headers=admin
        )
    ).json()
    assert [q["id"] for q in found["items"]] == [body["id"]]


@pytest.mark.parametrize(
    "change",
    [
        {"category": "trivia"},
        {"questionText": "Short?"},
        {"expectedAnswerDuration": 5000},
        {"skills": "redis"},
        {"isAIGenerated": True},
    ],
)
async def test_invalid_admin_questions_are_422(client: AsyncTestClient, change: dict) -> None:
    admin = await _admin(client)
    response = await client.post(
        "/api/admin/questions", json={**NEW_QUESTION, **change}, headers=admin
    )
    assert response.status_code == 422


async def test_bank_filters_by_category_difficulty_and_skill(client: AsyncTestClient) -> None:
    admin = await _admin(client)
    body = (
        await client.get(
            "/api/questions/bank",
            headers=admin,
            params={"category": "technical", "difficulty": "hard", "skill": "K8s", "pageSize": 100},
        )
    ).json()
    assert body["total"] >= 2
    assert all(
        q["category"] == "technical" and q["difficulty"] == "hard" and "kubernetes" in q["skills"]
        for q in body["items"]
    )
    assert all(q["averageScore"] is None for q in body["items"])


async def test_bank_is_ordered_by_usage(client: AsyncTestClient) -> None:
    admin = await _admin(client)
    interview = await create_interview(client, await signed_in(client))
    used = {q["questionId"] for q in interview["questions"]}
    body = (
        await client.get("/api/questions/bank", headers=admin, params={"pageSize": len(used)})
    ).json()
    assert {q["id"] for q in body["items"]} == used
    assert all(q["usageCount"] == 1 for q in body["items"])
