"""The practice dashboard: SQL aggregates, cached per user, invalidated on change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.tables import Interview, InterviewResult, ResultHighlight
from tests.helpers import AsyncTestClient, create_interview, signed_in, start_interview


async def _complete_with_result(
    client: AsyncTestClient,
    headers: dict[str, str],
    user_id: str,
    score: int,
    *,
    technical: int,
    strengths: list[str],
    improvements: list[str],
    days_ago: int,
) -> str:
    """An interview completed through the API, then scored as the aggregate stage would."""
    interview = await create_interview(client, headers)
    await start_interview(client, headers, interview["id"])
    await client.post(f"/api/interviews/{interview['id']}/complete", headers=headers)
    completed_at = datetime.now(UTC) - timedelta(days=days_ago)
    await Interview.update(
        {
            Interview.score: score,
            Interview.completed_at: completed_at,
            Interview.duration: 600,
            Interview.answered_count: 4,
        }
    ).where(Interview.id == interview["id"])
    result = InterviewResult(
        interview=interview["id"],
        user=user_id,
        overall_score=score,
        technical_score=technical,
        clarity_score=70,
    )
    await InterviewResult.insert(result)
    await ResultHighlight.insert(
        *[
            ResultHighlight(result=result.id, user=user_id, kind="strength", text=t)
            for t in strengths
        ],
        *[
            ResultHighlight(result=result.id, user=user_id, kind="improvement", text=t)
            for t in improvements
        ],
    )
    return str(interview["id"])


async def test_a_new_user_has_an_empty_dashboard(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    stats = (await client.get("/api/users/stats", headers=headers)).json()
    assert stats["totalInterviews"] == 0
    assert stats["averageScore"] is None
    assert stats["bestScore"] is None
    assert stats["dimensionAverages"]["bodyLanguage"] is None
    assert stats["scoreTrend"] == []


async def test_dashboard_figures_come_from_the_users_interviews(
    client: AsyncTestClient, redis: object
) -> None:
    headers = await signed_in(client)
    user_id = (await client.get("/api/auth/me", headers=headers)).json()["id"]
    older = await _complete_with_result(
        client,
        headers,
        user_id,
        60,
        technical=50,
        strengths=["Clear structure", "Concrete examples"],
        improvements=["Fewer fillers"],
        days_ago=3,
    )
    newer = await _complete_with_result(
        client,
        headers,
        user_id,
        81,
        technical=90,
        strengths=["Clear structure"],
        improvements=["Fewer fillers", "Quantify results"],
        days_ago=1,
    )
    in_progress = await create_interview(client, headers)
    await start_interview(client, headers, in_progress["id"])
    await create_interview(client, headers)
    # Drop the cache the writes above (made outside the API) could not invalidate.
    await redis.flushdb()  # type: ignore[attr-defined]
    stats = (await client.get("/api/users/stats", headers=headers)).json()
    assert stats["totalInterviews"] == 4
    assert stats["completedInterviews"] == 2
    assert stats["inProgressInterviews"] == 1
    assert stats["averageScore"] == 70  # (60 + 81) / 2 rounded
    assert stats["bestScore"] == 81
    assert stats["totalPracticeSeconds"] == 1200
    assert stats["answersRecorded"] == 8
    assert stats["dimensionAverages"]["technical"] == 70
    assert stats["dimensionAverages"]["clarity"] == 70
    assert stats["dimensionAverages"]["voiceTone"] is None
    assert [p["interviewId"] for p in stats["scoreTrend"]] == [older, newer]
    assert [p["overallScore"] for p in stats["scoreTrend"]] == [60, 81]
    assert stats["topStrengths"][0] == "Clear structure"
    assert stats["topImprovements"][0] == "Fewer fillers"


async def test_stats_are_cached_until_something_changes(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    assert (await client.get("/api/users/stats", headers=headers)).json()["totalInterviews"] == 1
    # A write behind the API's back is not seen: the figures come from the cache.
    await Interview.delete().where(Interview.id == interview["id"])
    assert (await client.get("/api/users/stats", headers=headers)).json()["totalInterviews"] == 1
    # Any change through the API drops the cache.
    await create_interview(client, headers)
    await create_interview(client, headers)
    assert (await client.get("/api/users/stats", headers=headers)).json()["totalInterviews"] == 2


async def test_every_kind_of_change_invalidates_the_stats(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    path = f"/api/interviews/{interview['id']}"

    async def in_progress() -> int:
        stats = (await client.get("/api/users/stats", headers=headers)).json()
        return int(stats["inProgressInterviews"])

    assert await in_progress() == 0
    question = interview["questions"][0]["questionId"]
    await client.patch(f"{path}/questions/{question}", json={"status": "skipped"}, headers=headers)
    assert await in_progress() == 1
    await client.patch(path, json={"status": "cancelled"}, headers=headers)
    assert await in_progress() == 0
    second = await create_interview(client, headers)
    await start_interview(client, headers, second["id"])
    assert await in_progress() == 1
    await client.post(f"/api/interviews/{second['id']}/complete", headers=headers)
    stats = (await client.get("/api/users/stats", headers=headers)).json()
    assert (stats["inProgressInterviews"], stats["completedInterviews"]) == (0, 1)
    await client.delete(f"/api/interviews/{second['id']}", headers=headers)
    assert (await client.get("/api/users/stats", headers=headers)).json()[
        "completedInterviews"
    ] == 0
