"""Size limits stop reading early; playback links work, expire and resist tampering."""

from __future__ import annotations

import subprocess
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from msgspec.structs import replace

from core.settings import Settings
from models.tables import Answer
from storage.signing import sign_local_url
from tests.helpers import (
    AsyncTestClient,
    app_client,
    create_interview,
    signed_in,
    upload_answer,
)

CHUNK = 64 * 1024


async def _answer(
    client: AsyncTestClient, recordings: dict[str, Path], kind: str = "webm"
) -> tuple[dict, dict[str, str]]:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    response = await upload_answer(
        client, headers, interview["id"], interview["questions"][0]["questionId"], recordings[kind]
    )
    assert response.status_code == 202, response.text
    return response.json(), headers


async def test_a_body_over_the_limit_is_413_and_reading_stops_early(settings: Settings) -> None:
    limit = 1024 * 1024
    sent_chunks = 0

    async def oversized_body(boundary: str, question_id: str) -> AsyncIterator[bytes]:
        nonlocal sent_chunks
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="questionId"\r\n\r\n'
            f"{question_id}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="audio"; filename="a.webm"\r\n\r\n'
        ).encode()
        for _ in range(80):  # 5 MB offered
            sent_chunks += 1
            yield b"\x1aE\xdf\xa3" + b"\0" * (CHUNK - 4)

    async with app_client(replace(settings, max_upload_bytes=limit)) as client:
        headers = await signed_in(client)
        interview = await create_interview(client, headers)
        response = await client.post(
            f"/api/interviews/{interview['id']}/answers",
            content=oversized_body("b0undary", interview["questions"][0]["questionId"]),
            headers={**headers, "Content-Type": "multipart/form-data; boundary=b0undary"},
        )
    assert response.status_code == 413
    assert "larger than 1 MB" in response.json()["detail"]
    assert sent_chunks < 40, f"the server read {sent_chunks} of 80 chunks"
    assert list(Path(settings.upload_spool_dir).iterdir()) == []


async def test_a_declared_length_over_the_limit_is_refused_before_reading(
    client: AsyncTestClient,
    settings: Settings,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    too_big = str(settings.max_upload_bytes + 1024 * 1024)
    response = await client.post(
        f"/api/interviews/{interview['id']}/answers",
        content=b"--x\r\n",
        headers={
            **headers,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": too_big,
        },
    )
    assert response.status_code == 413


async def test_the_default_limit_is_25_mb_not_litestars_10(
    client: AsyncTestClient,
    settings: Settings,
    tmp_path: Path,
) -> None:
    from tests.audio import tone_wav

    assert settings.max_upload_bytes == 25 * 1024 * 1024
    big = tone_wav(tmp_path / "long.wav", 380.0)  # 12 MB of real audio
    assert big.stat().st_size > 10_000_000
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    response = await upload_answer(
        client, headers, interview["id"], interview["questions"][0]["questionId"], big
    )
    assert response.status_code == 202, response.text
    assert response.json()["audioDuration"] == pytest.approx(380.0, abs=0.1)


async def test_a_signed_link_plays_the_recording_and_supports_ranges(
    client: AsyncTestClient,
    recordings: dict[str, Path],
) -> None:
    answer, headers = await _answer(client, recordings)
    link = (await client.get(f"/api/answers/{answer['id']}/audio", headers=headers)).json()
    assert datetime.fromisoformat(link["expiresAt"]) > datetime.now(UTC)
    whole = await client.get(link["url"])  # no Authorization header
    assert whole.status_code == 200
    assert whole.content == recordings["webm"].read_bytes()
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-type"] == "audio/webm"
    part = await client.get(link["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == recordings["webm"].read_bytes()[100:200]
    size = recordings["webm"].stat().st_size
    assert part.headers["content-range"] == f"bytes 100-199/{size}"
    tail = await client.get(link["url"], headers={"Range": "bytes=-10"})
    assert tail.content == recordings["webm"].read_bytes()[-10:]
    beyond = await client.get(link["url"], headers={"Range": f"bytes={size + 5}-"})
    assert beyond.status_code == 416


async def test_an_expired_link_fails(
    client: AsyncTestClient, settings: Settings, recordings: dict[str, Path]
) -> None:
    answer, _ = await _answer(client, recordings)
    row = await Answer.select(Answer.audio_key).where(Answer.id == answer["id"]).first()
    assert row is not None
    fresh = sign_local_url(
        "http://testserver",
        row["audio_key"],
        datetime.now(UTC) + timedelta(seconds=30),
        settings.secret_key,
    )
    stale = sign_local_url(
        "http://testserver",
        row["audio_key"],
        datetime.now(UTC) - timedelta(seconds=1),
        settings.secret_key,
    )
    assert (await client.get(fresh)).status_code == 200
    assert (await client.get(stale)).status_code == 404


async def test_changing_any_character_of_a_link_breaks_it(
    client: AsyncTestClient,
    recordings: dict[str, Path],
) -> None:
    answer, headers = await _answer(client, recordings)
    url = (await client.get(f"/api/answers/{answer['id']}/audio", headers=headers)).json()["url"]
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    flip = {
        "0": "1",
        "1": "2",
        "2": "3",
        "3": "4",
        "4": "5",
        "5": "6",
        "6": "7",
        "7": "8",
        "8": "9",
        "9": "0",
        "a": "b",
        "b": "c",
        "c": "d",
        "d": "e",
        "e": "f",
        "f": "a",
    }
    tampered = []
    for position in (0, 10, len(query["signature"]) - 1):
        sig = query["signature"]
        tampered.append(
            f"{base}?expires={query['expires']}&signature="
            f"{sig[:position]}{flip[sig[position]]}{sig[position + 1 :]}"
        )
    later = int(query["expires"]) + 3600
    tampered.append(f"{base}?expires={later}&signature={query['signature']}")
    # Another key: the last character of the answer id (before ".webm") changed.
    tampered.append(
        f"{base[:-6]}{flip[base[-6]]}{base[-5:]}"
        f"?expires={query['expires']}&signature={query['signature']}"
    )
    for url_variant in tampered:
        assert (await client.get(url_variant)).status_code == 404, url_variant
    assert (await client.get(url)).status_code == 200


async def test_answers_of_another_user_are_404(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    answer, _ = await _answer(client, recordings)
    intruder = await signed_in(client)
    for path in (
        f"/api/answers/{answer['id']}",
        f"/api/answers/{answer['id']}/audio",
        f"/api/interviews/{answer['interviewId']}/answers",
    ):
        assert (await client.get(path, headers=intruder)).status_code == 404, path


async def test_deleting_the_interview_deletes_its_recordings(
    client: AsyncTestClient,
    settings: Settings,
    recordings: dict[str, Path],
) -> None:
    answer, headers = await _answer(client, recordings)
    stored = [p for p in Path(settings.storage_url).rglob("*") if p.is_file()]
    assert len(stored) == 1
    response = await client.delete(f"/api/interviews/{answer['interviewId']}", headers=headers)
    assert response.status_code == 204
    assert not stored[0].exists()
    assert not stored[0].parent.exists()  # no empty folder left behind
    assert Path(settings.storage_url).is_dir()  # the storage root itself stays
    assert not await Answer.exists().where(Answer.id == answer["id"])
    assert (await client.get(f"/api/answers/{answer['id']}", headers=headers)).status_code == 404


async def test_a_signed_link_cannot_leave_the_storage_root(
    client: AsyncTestClient, settings: Settings, tmp_path: Path
) -> None:
    secret_file = Path(settings.storage_url).resolve().parent / "outside-the-root.txt"
    secret_file.write_text("not a recording")
    try:
        later = datetime.now(UTC) + timedelta(seconds=60)
        for key in ("../outside-the-root.txt", "..%2foutside-the-root.txt", "/etc/passwd"):
            link = sign_local_url("http://testserver", key, later, settings.secret_key)
            response = await client.get(link)
            assert response.status_code == 404, key
            assert b"not a recording" not in response.content
    finally:
        secret_file.unlink()


async def test_range_responses_are_never_compressed(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    answer, headers = await _answer(client, recordings, "wav")
    link = (await client.get(f"/api/answers/{answer['id']}/audio", headers=headers)).json()
    part = await client.get(
        link["url"], headers={"Range": "bytes=0-4095", "Accept-Encoding": "gzip"}
    )
    assert part.status_code == 206
    assert "content-encoding" not in part.headers
    assert part.headers["content-length"] == "4096"
    assert part.content == recordings["wav"].read_bytes()[:4096]


async def test_a_decode_bomb_is_refused_without_decoding_it(
    client: AsyncTestClient, tmp_path: Path
) -> None:
    # Two hours of silence are 200 KB of FLAC; decoding them all costs seconds of CPU.
    bomb = tmp_path / "bomb.flac"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", str(bomb), "trim", "0", "7200"], check=True
    )
    headers = await signed_in(client)
    interview = await create_interview(client, headers)
    started = time.process_time()
    response = await upload_answer(
        client, headers, interview["id"], interview["questions"][0]["questionId"], bomb
    )
    assert response.status_code == 422
    assert "7200s" in response.text
    # Refused from the declared length, not after decoding two hours of audio.
    assert time.process_time() - started < 1
