"""The pipeline's health for the admin dashboard: queue depths, failures, processing times."""

from __future__ import annotations

from datetime import datetime
from statistics import quantiles
from typing import Any

from redis.asyncio import Redis

from models.db import row_timestamp
from models.sql import fetch
from pipeline.broker import queue_keys
from pipeline.stages import STAGES

# Percentiles come from the latest finished rows, enough to be stable and cheap to read.
SAMPLE_ROWS = 1000


def percentiles(seconds: list[float]) -> dict[str, float | None]:
    """p50 and p95 of durations in seconds; None without data."""
    if not seconds:
        return {"p50": None, "p95": None}
    if len(seconds) == 1:
        return {"p50": round(seconds[0], 2), "p95": round(seconds[0], 2)}
    cuts = quantiles(seconds, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2)}


def _durations(rows: list[dict[str, Any]], start: str, end: str) -> list[float]:
    return [
        (row_timestamp(r[end]) - row_timestamp(r[start])).total_seconds()
        for r in rows
        if r[start] is not None and r[end] is not None
    ]


async def queue_depths(redis: Redis) -> dict[str, dict[str, int]]:
    """Messages waiting, delayed (retries) and dead per stage queue."""
    depths: dict[str, dict[str, int]] = {}
    async with redis.pipeline(transaction=False) as pipe:
        for stage in STAGES.values():
            keys = queue_keys(stage.queue)
            pipe.llen(keys["waiting"])
            pipe.llen(keys["delayed"])
            pipe.zcard(keys["dead"])  # dead letters are a sorted set (by time of death)
        counts = await pipe.execute()
    for index, stage in enumerate(STAGES.values()):
        waiting, delayed, dead = counts[index * 3 : index * 3 + 3]
        depths[stage.queue] = {"waiting": waiting, "delayed": delayed, "dead": dead}
    return depths


async def pipeline_stats(redis: Redis, since: datetime) -> dict[str, Any]:
    """Queue depths, stage states, failures and processing times (recent answers)."""
    by_state = await fetch(
        "SELECT name, status, COUNT(*) AS n FROM answer_stages GROUP BY name, status"
    )
    stages: dict[str, dict[str, int]] = {}
    for row in by_state:
        stages.setdefault(row["name"], {})[row["status"]] = int(row["n"])
    [failed] = await fetch(
        "SELECT COUNT(*) AS total, SUM(CASE WHEN created_at >= {} THEN 1 ELSE 0 END) AS recent "
        "FROM answers WHERE status = 'failed'",
        since,
    )
    answers = await fetch(
        "SELECT created_at, processed_at FROM answers WHERE status = 'done' "
        "AND processed_at >= {} ORDER BY processed_at DESC LIMIT {}",
        since,
        SAMPLE_ROWS,
    )
    stage_rows = await fetch(
        "SELECT name, started_at, finished_at FROM answer_stages WHERE status = 'succeeded' "
        "AND finished_at >= {} ORDER BY finished_at DESC LIMIT {}",
        since,
        SAMPLE_ROWS,
    )
    return {
        "queues": await queue_depths(redis),
        "stages": stages,
        "failedAnswers": {"total": int(failed["total"]), "last7Days": int(failed["recent"] or 0)},
        "processingSeconds": percentiles(_durations(answers, "created_at", "processed_at")),
        "stageSeconds": {
            name: percentiles(
                _durations(
                    [r for r in stage_rows if r["name"] == name], "started_at", "finished_at"
                )
            )
            for name in ("transcribe", "score")
        },
    }
