"""The admin's pipeline statistics read from a real Redis broker and a real worker process."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.tables import User
from tests.helpers import AsyncTestClient, bearer, register_user
from tests.integration.pipeline.flow import answer_one_question, settled_answer

pytestmark = pytest.mark.usefixtures("worker")


async def test_admin_analytics_show_the_pipeline(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    session = await register_user(client)
    await User.update({User.role: "admin"}).where(User.id == session["user"]["id"])
    admin = bearer(session["accessToken"])
    answered = await answer_one_question(client, recordings["wav"])
    await settled_answer(client, answered.headers, answered.answer_id)

    pipeline = (await client.get("/api/admin/analytics", headers=admin)).json()["pipeline"]
    assert set(pipeline["queues"]) == {"transcribe", "score", "aggregate"}
    assert pipeline["queues"]["transcribe"] == {"waiting": 0, "delayed": 0, "dead": 0}
    assert pipeline["stages"] == {"transcribe": {"succeeded": 1}, "score": {"succeeded": 1}}
    assert pipeline["failedAnswers"] == {"total": 0, "last7Days": 0}
    assert 0 < pipeline["stageSeconds"]["transcribe"]["p50"] < 60
    assert pipeline["processingSeconds"]["p50"] >= pipeline["stageSeconds"]["transcribe"]["p50"]
