"""The API and the workers share only the database, the broker and object storage: the
worker runs from another directory, with its own temporary directory, on S3 (moto)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import httpx
from msgspec.structs import replace

from core.settings import Settings
from tests.helpers import app_client
from tests.integration.conftest import BUCKET
from tests.integration.pipeline.conftest import start_worker, stop_worker
from tests.integration.pipeline.flow import answer_one_question, settled_answer, wait_for


async def test_a_worker_elsewhere_processes_answers_through_object_storage(
    settings: Settings, s3_endpoint: str, recordings: dict[str, Path], tmp_path: Path
) -> None:
    storage = f"s3://{BUCKET}/split-{uuid.uuid4().hex}"
    api = replace(settings, storage_url=storage, s3_endpoint_url=s3_endpoint)
    machine = tmp_path / "worker-machine"  # nothing of the API's is under here
    (machine / "tmp").mkdir(parents=True)
    own = {
        "STORAGE_URL": storage,
        "S3_ENDPOINT_URL": s3_endpoint,
        "TMPDIR": str(machine / "tmp"),
        "UPLOAD_SPOOL_DIR": str(machine / "tmp"),
        "MAIL_OUTBOX_DIR": str(machine / "outbox"),
        "AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
    }
    worker = start_worker(machine / "worker.log", own, cwd=machine)
    try:
        async with app_client(api) as client:
            answered = await answer_one_question(client, recordings["wav"])
            answer = await settled_answer(client, answered.headers, answered.answer_id)
            assert answer["status"] == "done", (machine / "worker.log").read_text()[-3000:]
            assert "indexes" in answer["transcription"]["text"].lower()

            interview = f"/api/interviews/{answered.interview_id}"
            await client.post(f"{interview}/complete", headers=answered.headers)
            result = await wait_for(
                client, answered.headers, f"{interview}/results", lambda b: "overallScore" in b
            )
            assert result["questionsAnswered"] == 1

            link = await client.get(
                f"/api/answers/{answered.answer_id}/audio", headers=answered.headers
            )
            async with httpx.AsyncClient() as browser:
                played = await browser.get(link.json()["url"])
            assert played.status_code == 200
            assert played.content == recordings["wav"].read_bytes()
    finally:
        stop_worker(worker)
    # The worker downloaded the recording into its own temporary directory, then removed it.
    assert list((machine / "tmp").glob("ic-audio-*")) == []
