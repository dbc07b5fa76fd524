"""Operators' reprocessing: run chosen answers again from a stage (the CLI's `reprocess`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from models.tables import Answer, AnswerStage
from pipeline import claims
from pipeline.dispatch import request_stage
from pipeline.stages import ANSWER_STAGES


@dataclass(frozen=True, slots=True)
class Target:
    """One answer to run again, and the stage it starts from."""

    answer_id: uuid.UUID
    interview_id: uuid.UUID
    status: str
    stage: str


def start_stage(requested: str | None, failed_stage: str | None, transcribed: bool) -> str:
    """The stage to start from: the one asked for, else the one that failed, else the first.

    Scoring needs a transcript, so an answer never transcribed starts at transcription.
    """
    stage = requested or failed_stage or ANSWER_STAGES[0]
    return stage if transcribed or stage == ANSWER_STAGES[0] else ANSWER_STAGES[0]


async def find_targets(
    *,
    answer_ids: list[uuid.UUID],
    interview_ids: list[uuid.UUID],
    failed_only: bool,
    stage: str | None,
) -> list[Target]:
    """The answers named (by id or interview), or every failed one; failed only if asked."""
    where: Any = None
    if answer_ids or interview_ids:
        where = Answer.id.is_in(answer_ids or [uuid.uuid4()]) | Answer.interview.is_in(
            interview_ids or [uuid.uuid4()]
        )
    if failed_only:
        failed = Answer.status == "failed"
        where = failed if where is None else where & failed
    if where is None:
        raise ValueError("name answers or interviews, or ask for the failed ones")
    rows = (
        await Answer.select(Answer.id, Answer.interview, Answer.status, Answer.transcription)
        .where(where)
        .order_by(Answer.created_at)
    )
    failed_stages = {
        r["answer"]: r["name"]
        for r in await AnswerStage.select(AnswerStage.answer, AnswerStage.name).where(
            AnswerStage.answer.is_in([r["id"] for r in rows] or [uuid.uuid4()])
            & (AnswerStage.status == "failed")
        )
    }
    return [
        Target(
            answer_id=r["id"],
            interview_id=r["interview"],
            status=r["status"],
            stage=start_stage(stage, failed_stages.get(r["id"]), r["transcription"] is not None),
        )
        for r in rows
    ]


async def reprocess_answer(target: Target, broker_url: str) -> None:
    """Queue the answer again from its stage and wake a worker."""
    await claims.restart(target.answer_id, target.stage)
    await request_stage(broker_url, target.stage, target.answer_id)
