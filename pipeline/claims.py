"""The stage state machine over the answer_stages rows, the source of truth for pipeline work.

queued -> running -> succeeded, or back to queued for a retry, or failed after the last
attempt. Messages may arrive twice (at-least-once) or late (a swept stage): `attempt`
fences them, so only the holder of the latest attempt may record an outcome.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models.db import as_utc, lock_row, transaction, utcnow
from models.tables import Answer, AnswerStage
from pipeline.stages import STAGES, later_stages


@dataclass(frozen=True, slots=True)
class Claim:
    """A worker's hold on one try of one stage of one answer."""

    answer_id: uuid.UUID
    stage: str
    attempt: int
    # With the attempt, tells this claim from a later one after a reprocess reset attempts.
    started_at: datetime


def retry_delay(attempt: int, base_seconds: float) -> float:
    """Seconds before the next try: base, then doubled for each later try."""
    return base_seconds * 2 ** (attempt - 1)


async def _locked(answer_id: uuid.UUID, stage: str) -> dict[str, Any] | None:
    rows = await lock_row(
        AnswerStage.select().where((AnswerStage.answer == answer_id) & (AnswerStage.name == stage))
    )
    return rows[0] if rows else None


def _holds(row: dict[str, Any] | None, claim: Claim) -> bool:
    return (
        row is not None
        and row["status"] == "running"
        and row["attempts"] == claim.attempt
        and as_utc(row["started_at"]) == claim.started_at
    )


async def claim(answer_id: uuid.UUID, stage: str) -> Claim | None:
    """Start a try of a queued stage; None when it is not queued (done, or another's)."""
    now = utcnow()
    async with transaction():
        row = await _locked(answer_id, stage)
        if row is None or row["status"] != "queued":
            return None
        attempt = row["attempts"] + 1
        await AnswerStage.update(
            {
                AnswerStage.status: "running",
                AnswerStage.attempts: attempt,
                AnswerStage.started_at: now,
                AnswerStage.finished_at: None,
                AnswerStage.updated_at: now,
            }
        ).where(AnswerStage.id == row["id"])
        await Answer.update(
            {Answer.status: STAGES[stage].running_status, Answer.error: None}
        ).where(Answer.id == answer_id)
    return Claim(answer_id, stage, attempt, now)


async def finish(held: Claim, answer_values: dict[Any, Any]) -> str | None:
    """Store a stage's output and queue the next stage; returns that stage, if any."""
    now = utcnow()
    async with transaction():
        if not _holds(await _locked(held.answer_id, held.stage), held):
            return None
        await AnswerStage.update(
            {
                AnswerStage.status: "succeeded",
                AnswerStage.finished_at: now,
                AnswerStage.error: None,
                AnswerStage.updated_at: now,
            }
        ).where((AnswerStage.answer == held.answer_id) & (AnswerStage.name == held.stage))
        following = STAGES[held.stage].following
        if following:
            await _reset(held.answer_id, following, "queued", now)
            answer_values = answer_values | {Answer.status: STAGES[following].running_status}
        else:
            answer_values = answer_values | {Answer.status: "done", Answer.processed_at: now}
        await Answer.update(answer_values).where(Answer.id == held.answer_id)
    return following


async def fail(held: Claim, error: str, *, max_attempts: int) -> bool:
    """Record a failed try; True when it is queued again, False when it failed for good."""
    now = utcnow()
    async with transaction():
        if not _holds(await _locked(held.answer_id, held.stage), held):
            return False
        if held.attempt < max_attempts:
            await AnswerStage.update(
                {
                    AnswerStage.status: "queued",
                    AnswerStage.error: error,
                    AnswerStage.updated_at: now,
                }
            ).where((AnswerStage.answer == held.answer_id) & (AnswerStage.name == held.stage))
            return True
        await give_up(held.answer_id, held.stage, error, now)
    return False


async def give_up(answer_id: uuid.UUID, stage: str, error: str, now: datetime) -> None:
    """Mark the stage and its answer failed, visibly and reprocessably (in a transaction)."""
    await AnswerStage.update(
        {
            AnswerStage.status: "failed",
            AnswerStage.error: error,
            AnswerStage.finished_at: now,
            AnswerStage.updated_at: now,
        }
    ).where((AnswerStage.answer == answer_id) & (AnswerStage.name == stage))
    await Answer.update(
        {
            Answer.status: "failed",
            Answer.error: f"{stage} failed: {error}",
            Answer.processed_at: now,
        }
    ).where(Answer.id == answer_id)


async def _reset(answer_id: uuid.UUID, stage: str, status: str, now: datetime) -> None:
    """Start a stage over as `status` (queued, or pending behind another), no tries counted."""
    await AnswerStage.update(
        {
            AnswerStage.status: status,
            AnswerStage.attempts: 0,
            AnswerStage.error: None,
            AnswerStage.started_at: None,
            AnswerStage.finished_at: None,
            AnswerStage.updated_at: now,
        }
    ).where((AnswerStage.answer == answer_id) & (AnswerStage.name == stage))


async def heartbeat(held: Claim) -> bool:
    """Renew a running claim; False once it is no longer this worker's (superseded)."""
    async with transaction():
        row = await _locked(held.answer_id, held.stage)
        if not _holds(row, held):
            return False
        assert row is not None
        await AnswerStage.update({AnswerStage.updated_at: utcnow()}).where(
            AnswerStage.id == row["id"]
        )
    return True


async def hand_back(held: Claim) -> bool:
    """A stopping worker returns its stage to the queue, the try not counted; False if moved on.

    No message is sent from a stopping worker (its own threads would take it back); the stage
    is marked as long untouched, so the sweeper's next pass sends it.
    """
    now = utcnow()
    async with transaction():
        row = await _locked(held.answer_id, held.stage)
        if not _holds(row, held):
            return False
        assert row is not None
        await AnswerStage.update(
            {
                AnswerStage.status: "queued",
                AnswerStage.attempts: held.attempt - 1,
                AnswerStage.updated_at: now - timedelta(days=1),
            }
        ).where(AnswerStage.id == row["id"])
        await Answer.update({Answer.status: "queued"}).where(Answer.id == held.answer_id)
    return True


async def recover_stale(
    answer_id: uuid.UUID, stage: str, *, silent_since: datetime, max_attempts: int
) -> str | None:
    """A running stage whose heartbeat stopped: "requeued", "failed" after its last try, or None."""
    now = utcnow()
    async with transaction():
        row = await _locked(answer_id, stage)
        if row is None or row["status"] != "running" or as_utc(row["updated_at"]) >= silent_since:
            return None  # finished, restarted or still beating meanwhile
        error = "the worker stopped before finishing (killed, out of memory, or a lost Redis)"
        if row["attempts"] >= max_attempts:
            await give_up(answer_id, stage, f"{error}, on every try", now)
            return "failed"
        await AnswerStage.update(
            {AnswerStage.status: "queued", AnswerStage.error: error, AnswerStage.updated_at: now}
        ).where(AnswerStage.id == row["id"])
    return "requeued"


async def touch_queued(answer_id: uuid.UUID, stage: str, *, untouched_since: datetime) -> bool:
    """Claim the resend of a queued stage whose message was lost; False if it moved on."""
    rows = await (
        AnswerStage.update({AnswerStage.updated_at: utcnow()})
        .where(
            (AnswerStage.answer == answer_id)
            & (AnswerStage.name == stage)
            & (AnswerStage.status == "queued")
            & (AnswerStage.updated_at < untouched_since)
        )
        .returning(AnswerStage.id)
    )
    return bool(rows)


async def restart(answer_id: uuid.UUID, stage: str) -> None:
    """Run an answer again from `stage` (reprocessing): it is queued, later stages wait."""
    now = utcnow()
    async with transaction():
        await _reset(answer_id, stage, "queued", now)
        for name in later_stages(stage):
            await _reset(answer_id, name, "pending", now)
        await Answer.update(
            {Answer.status: "queued", Answer.error: None, Answer.processed_at: None}
        ).where(Answer.id == answer_id)
