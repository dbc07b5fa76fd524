"""Recordings on S3, served by moto's server mode over HTTP and reached through s3fs."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import fsspec
import httpx
import pytest
from msgspec.structs import replace

from core.settings import Settings
from tests.helpers import app_client, create_interview, signed_in, upload_answer
from tests.integration.conftest import BUCKET


@pytest.fixture
def s3_settings(settings: Settings, s3_endpoint: str) -> Settings:
    """Settings storing under a fresh prefix of the bucket."""
    return replace(
        settings, storage_url=f"s3://{BUCKET}/test-{uuid.uuid4().hex}", s3_endpoint_url=s3_endpoint
    )


def _objects(s3_settings: Settings) -> dict[str, bytes]:
    """Every object under the settings' prefix, by key within the bucket, with its bytes."""
    s3 = fsspec.filesystem(
        "s3", client_kwargs={"endpoint_url": s3_settings.s3_endpoint_url}, skip_instance_cache=True
    )
    root = s3_settings.storage_url.removeprefix("s3://")
    return {path.removeprefix(f"{BUCKET}/"): s3.cat_file(path) for path in s3.find(root)}


async def test_an_answer_is_stored_in_the_bucket_and_played_by_presigned_url(
    s3_settings: Settings,
    recordings: dict[str, Path],
) -> None:
    async with app_client(s3_settings) as client:
        headers = await signed_in(client)
        interview = await create_interview(client, headers)
        response = await upload_answer(
            client,
            headers,
            interview["id"],
            interview["questions"][0]["questionId"],
            recordings["ogg"],
        )
        assert response.status_code == 202, response.text
        answer = response.json()
        link = (await client.get(f"/api/answers/{answer['id']}/audio", headers=headers)).json()
    [(key, body)] = _objects(s3_settings).items()
    assert key.endswith(f"{answer['id']}.ogg")
    assert body == recordings["ogg"].read_bytes()
    assert link["url"].startswith(s3_settings.s3_endpoint_url)
    expires = int(parse_qs(urlsplit(link["url"]).query)["Expires"][0])
    assert abs(expires - datetime.fromisoformat(link["expiresAt"]).timestamp()) <= 2
    async with httpx.AsyncClient() as browser:
        played = await browser.get(link["url"])
        ranged = await browser.get(link["url"], headers={"Range": "bytes=0-99"})
    assert played.content == recordings["ogg"].read_bytes()
    assert ranged.status_code == 206
    assert ranged.content == recordings["ogg"].read_bytes()[:100]


async def test_a_refused_upload_leaves_no_object(
    s3_settings: Settings, recordings: dict[str, Path]
) -> None:
    async with app_client(s3_settings) as client:
        headers = await signed_in(client)
        interview = await create_interview(client, headers)
        for bad in ("text", "truncated", "short"):
            response = await upload_answer(
                client,
                headers,
                interview["id"],
                interview["questions"][0]["questionId"],
                recordings[bad],
            )
            assert response.status_code in (415, 422)
    assert _objects(s3_settings) == {}


async def test_deleting_the_interview_deletes_its_objects(
    s3_settings: Settings, recordings: dict[str, Path]
) -> None:
    async with app_client(s3_settings) as client:
        headers = await signed_in(client)
        interview = await create_interview(client, headers)
        for question in interview["questions"][:2]:
            await upload_answer(
                client, headers, interview["id"], question["questionId"], recordings["mp3"]
            )
        assert len(_objects(s3_settings)) == 2
        deleted = await client.delete(f"/api/interviews/{interview['id']}", headers=headers)
        assert deleted.status_code == 204
    assert _objects(s3_settings) == {}


async def test_readiness_reports_storage(s3_settings: Settings) -> None:
    async with app_client(s3_settings) as client:
        assert (await client.get("/health/ready")).json()["checks"]["storage"] == "ok"
    unreachable = replace(s3_settings, s3_endpoint_url="http://127.0.0.1:1")
    async with app_client(unreachable) as client:
        response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "down"
