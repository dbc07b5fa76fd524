"""Object-level authorisation: another user's ids are simply not found."""

from __future__ import annotations

import pytest

from tests.helpers import AsyncTestClient, create_interview, signed_in


@pytest.fixture
async def a_and_b(client: AsyncTestClient) -> tuple[dict, dict[str, str], dict[str, str]]:
    """User A's interview, A's headers and B's headers."""
    a = await signed_in(client)
    b = await signed_in(client)
    return await create_interview(client, a), a, b


def _requests(interview: dict) -> list[tuple[str, str, dict | None]]:
    base = f"/api/interviews/{interview['id']}"
    question = interview["questions"][0]["questionId"]
    return [
        ("GET", base, None),
        ("PATCH", base, {"jobTitle": "Mine now"}),
        ("PATCH", base, {"status": "cancelled"}),
        ("DELETE", base, None),
        ("POST", f"{base}/complete", None),
        ("GET", f"{base}/questions", None),
        ("PATCH", f"{base}/questions/{question}", {"status": "skipped"}),
        ("GET", f"{base}/status", None),
    ]


async def test_user_b_gets_404_on_every_endpoint_with_user_as_ids(
    client: AsyncTestClient, a_and_b: tuple[dict, dict[str, str], dict[str, str]]
) -> None:
    interview, a, b = a_and_b
    for method, path, body in _requests(interview):
        response = await client.request(method, path, json=body, headers=b)
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.json()["detail"] == "No such interview."
    # Nothing B tried changed A's interview.
    after = (await client.get(f"/api/interviews/{interview['id']}", headers=a)).json()
    assert after["jobTitle"] == interview["jobTitle"]
    assert after["status"] == "pending"
    assert {q["status"] for q in after["questions"]} == {"pending"}


async def test_lists_and_stats_show_only_your_own(
    client: AsyncTestClient, a_and_b: tuple[dict, dict[str, str], dict[str, str]]
) -> None:
    _, _, b = a_and_b
    assert (await client.get("/api/interviews", headers=b)).json()["total"] == 0
    assert (await client.get("/api/users/stats", headers=b)).json()["totalInterviews"] == 0


async def test_a_question_of_another_interview_is_404(
    client: AsyncTestClient, a_and_b: tuple[dict, dict[str, str], dict[str, str]]
) -> None:
    interview_a, _, b = a_and_b
    interview_b = await create_interview(client, b)
    foreign = next(
        q["questionId"]
        for q in interview_a["questions"]
        if q["questionId"] not in {x["questionId"] for x in interview_b["questions"]}
    )
    response = await client.patch(
        f"/api/interviews/{interview_b['id']}/questions/{foreign}",
        json={"status": "skipped"},
        headers=b,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/interviews"),
        ("POST", "/api/interviews"),
        ("GET", "/api/users/stats"),
    ],
)
async def test_anonymous_callers_get_401(client: AsyncTestClient, method: str, path: str) -> None:
    assert (await client.request(method, path, json={})).status_code == 401
