"""The sweeper: work whose message or worker was lost is sent again, or marked failed."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog

from core.settings import Settings
from models.answer_queries import IS_LATEST_ATTEMPT
from models.db import utcnow
from models.sql import fetch
from models.tables import AnswerStage
from pipeline import claims
from pipeline.dispatch import request_stage

log = structlog.get_logger("pipeline.sweeper")

# Completed interviews without a result whose latest answers are all processed or failed.
RESULTLESS_INTERVIEWS = (
    "SELECT i.id FROM interviews i WHERE i.status = 'completed' AND i.completed_at < {} "  # noqa: S608
    "AND NOT EXISTS (SELECT 1 FROM interview_results r WHERE r.interview = i.id) "
    "AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.interview = i.id "
    f"AND a.status NOT IN ('done', 'failed') AND {IS_LATEST_ATTEMPT})"
)


@dataclass
class SweepReport:
    """What one pass found and did."""

    requeued: int = 0
    failed: int = 0
    resent: int = 0
    results: int = 0
    requests: list[tuple[str, uuid.UUID]] = field(default_factory=list)


async def sweep_once(settings: Settings, now: datetime | None = None) -> SweepReport:
    """One pass over the stage rows; sends what must run again."""
    now = now or utcnow()
    silent_since = now - timedelta(seconds=settings.stage_heartbeat_timeout_seconds)
    resend_before = now - timedelta(seconds=settings.stage_resend_seconds)
    report = SweepReport()
    for row in await AnswerStage.select(AnswerStage.answer, AnswerStage.name).where(
        (AnswerStage.status == "running") & (AnswerStage.updated_at < silent_since)
    ):
        outcome = await claims.recover_stale(
            row["answer"],
            row["name"],
            silent_since=silent_since,
            max_attempts=settings.stage_max_attempts,
        )
        if outcome == "requeued":
            report.requeued += 1
            report.requests.append((row["name"], row["answer"]))
        elif outcome == "failed":
            report.failed += 1
    for row in await AnswerStage.select(AnswerStage.answer, AnswerStage.name).where(
        (AnswerStage.status == "queued") & (AnswerStage.updated_at < resend_before)
    ):
        if await claims.touch_queued(row["answer"], row["name"], untouched_since=resend_before):
            report.resent += 1
            report.requests.append((row["name"], row["answer"]))
    for row in await fetch(RESULTLESS_INTERVIEWS, resend_before):
        report.results += 1
        report.requests.append(("aggregate", row["id"]))
    for stage, target in report.requests:
        await request_stage(settings.broker, stage, target)
    if report.requests:
        log.info(
            "swept",
            requeued=report.requeued,
            failed=report.failed,
            resent=report.resent,
            results=report.results,
        )
    return report


async def sweep_forever(settings: Settings, every_seconds: float) -> None:
    """The sweeper process: one pass, a pause, again; a failed pass is logged, not fatal."""
    log.info("sweeper_started", every_seconds=every_seconds)
    while True:
        try:
            await sweep_once(settings)
        except Exception:  # the database or Redis is down: try again next round
            log.exception("sweep_failed")
        await asyncio.sleep(every_seconds)
