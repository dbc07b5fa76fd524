"""The pipeline with RabbitMQ as its broker (BROKER_URL=amqp://...): a real worker process,
real faster-whisper, the API's messages published with confirms."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from core.settings import Settings
from tests.helpers import AsyncTestClient, app_client
from tests.integration.pipeline.conftest import rabbitmq_or_skip, start_worker, stop_worker
from tests.integration.pipeline.flow import answer_one_question, settled_answer


@pytest.fixture(scope="module")
def rabbitmq() -> str:
    """The RabbitMQ URL, its stage queues emptied; the module is skipped without one."""
    return rabbitmq_or_skip()


@pytest.fixture(scope="module")
def rabbitmq_worker(rabbitmq: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One worker process consuming from RabbitMQ."""
    log = tmp_path_factory.mktemp("rabbitmq-worker") / "worker.log"
    process = start_worker(log, {"BROKER_URL": rabbitmq})
    yield log
    stop_worker(process)


@pytest.fixture(scope="module")
async def client(
    settings: Settings, rabbitmq: str, rabbitmq_worker: Path
) -> AsyncIterator[AsyncTestClient]:
    """The app publishing its pipeline messages to RabbitMQ."""
    async with app_client(replace(settings, broker_url=rabbitmq)) as rabbit_client:
        yield rabbit_client


async def test_an_answer_goes_through_the_pipeline_on_rabbitmq(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    answered = await answer_one_question(client, recordings["wav"])
    answer = await settled_answer(client, answered.headers, answered.answer_id)
    assert answer["status"] == "done", answer
    assert "indexes" in answer["transcription"]["text"].lower()
    assert answer["analysis"]["scoredBy"] == "rubric"
    assert [(s["name"], s["status"]) for s in answer["stages"]] == [
        ("transcribe", "succeeded"),
        ("score", "succeeded"),
    ]
    depths = await _queue_depths(client)
    assert depths["transcribe"] == {"waiting": 0, "delayed": 0, "dead": 0}


async def _queue_depths(client: AsyncTestClient) -> dict[str, dict[str, int]]:
    """The queues as the admin dashboard reads them from RabbitMQ."""
    from models.tables import User
    from tests.helpers import bearer, register_user

    session = await register_user(client)
    await User.update({User.role: "admin"}).where(User.id == session["user"]["id"])
    analytics = await client.get("/api/admin/analytics", headers=bearer(session["accessToken"]))
    return dict(analytics.json()["pipeline"]["queues"])
