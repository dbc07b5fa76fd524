"""Only the latest claim of a stage may record its outcome (no worker runs in this module)."""

from __future__ import annotations

from pathlib import Path

from models.tables import Answer
from pipeline import claims
from tests.helpers import AsyncTestClient
from tests.integration.pipeline.flow import answer_one_question


async def test_a_claim_superseded_by_a_reprocess_cannot_overwrite_the_new_one(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    answer_id = (await answer_one_question(client, recordings["wav"])).answer_id
    stale = await claims.claim(answer_id, "transcribe")
    assert stale is not None
    assert await claims.claim(answer_id, "transcribe") is None  # a duplicate message
    await claims.restart(answer_id, "transcribe")  # an operator reprocesses meanwhile
    fresh = await claims.claim(answer_id, "transcribe")
    assert fresh is not None
    assert fresh.attempt == stale.attempt == 1

    assert await claims.finish(stale, {Answer.transcription: {"text": "stale"}}) is None
    assert not await claims.fail(stale, "stale worker failed", max_attempts=3)
    assert await claims.finish(fresh, {Answer.transcription: {"text": "fresh"}}) == "score"
    row = (
        await Answer.select(Answer.transcription, Answer.status)
        .where(Answer.id == answer_id)
        .output(load_json=True)
        .first()
    )
    assert row == {"transcription": {"text": "fresh"}, "status": "scoring"}
