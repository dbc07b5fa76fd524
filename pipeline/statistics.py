"""The pipeline's health: queue depths and ages, stage rows, failures, processing times
(the admin dashboard, `interview-coach pipeline status` and the /metrics gauges)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from statistics import quantiles
from typing import Any

from redis.asyncio import Redis

from models.db import row_timestamp
from models.sql import fetch
from pipeline.broker import is_rabbitmq, make_broker, queue_keys
from pipeline.stages import ANSWER_STAGES, STAGES

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


def _rabbitmq_depths(broker_url: str) -> dict[str, dict[str, int]]:
    broker = make_broker(broker_url)
    depths = {}
    for stage in STAGES.values():
        waiting, delayed, dead = broker.get_queue_message_counts(stage.queue)  # type: ignore[attr-defined]
        depths[stage.queue] = {"waiting": waiting, "delayed": delayed, "dead": dead}
    return depths


async def queue_depths(redis: Redis, broker_url: str) -> dict[str, dict[str, int]]:
    """Messages waiting, delayed (retries) and dead per stage queue."""
    if is_rabbitmq(broker_url):
        return await asyncio.to_thread(_rabbitmq_depths, broker_url)
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


async def pipeline_stats(redis: Redis, broker_url: str, since: datetime) -> dict[str, Any]:
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
        "queues": await queue_depths(redis, broker_url),
        "stages": stages,
        "failedAnswers": {"total": int(failed["total"]), "last7Days": int(failed["recent"] or 0)},
        "processingSeconds": percentiles(_durations(answers, "created_at", "processed_at")),
        "stageSeconds": {
            name: percentiles(
                _durations(
                    [r for r in stage_rows if r["name"] == name], "started_at", "finished_at"
                )
            )
            for name in ANSWER_STAGES
        },
    }


async def oldest_waiting_seconds(redis: Redis, queue: str, now: datetime) -> float | None:
    """Age of the oldest message waiting in a queue (None when empty): what to scale on."""
    keys = queue_keys(queue)
    # Workers pop from the head; requeued messages go to the tail, so look at both ends.
    ids = {
        *await redis.lrange(keys["waiting"], 0, 49),
        *await redis.lrange(keys["waiting"], -50, -1),
    }
    if not ids:
        return None
    bodies = await redis.hmget(keys["waiting"] + ".msgs", sorted(ids))
    stamps = [json.loads(body)["message_timestamp"] for body in bodies if body]
    if not stamps:
        return None
    return max(0.0, round(now.timestamp() - min(stamps) / 1000, 1))


async def queue_report(redis: Redis, broker_url: str, now: datetime) -> dict[str, dict[str, Any]]:
    """Per stage: messages waiting, delayed and dead, and the oldest waiting one's age."""
    depths = await queue_depths(redis, broker_url)
    rabbitmq = is_rabbitmq(broker_url)  # its queues tell no message's age without plugins
    return {
        name: {
            "queue": stage.queue,
            **depths[stage.queue],
            "oldestWaitingSeconds": (
                None if rabbitmq else await oldest_waiting_seconds(redis, stage.queue, now)
            ),
        }
        for name, stage in STAGES.items()
    }


async def pipeline_status(redis: Redis, broker_url: str, now: datetime) -> dict[str, Any]:
    """What an operator checks: per stage its queue and rows, recent failures, latency."""
    stages = await queue_report(redis, broker_url, now)
    rows = await fetch(
        "SELECT name, status, COUNT(*) AS n FROM answer_stages GROUP BY name, status"
    )
    day_ago = now - timedelta(days=1)
    for name, stage in stages.items():
        counts = {r["status"]: int(r["n"]) for r in rows if r["name"] == name}
        stage["rows"] = {state: counts.get(state, 0) for state in ("queued", "running", "failed")}
    failed = await fetch(
        "SELECT id, interview, error, processed_at FROM answers WHERE status = 'failed' "
        "AND processed_at >= {} ORDER BY processed_at DESC LIMIT 50",
        day_ago,
    )
    done = await fetch(
        "SELECT created_at, processed_at FROM answers WHERE status = 'done' "
        "AND processed_at >= {} ORDER BY processed_at DESC LIMIT {}",
        day_ago,
        SAMPLE_ROWS,
    )
    return {
        "stages": stages,
        "failedLastDay": [
            {
                "answerId": str(r["id"]),
                "interviewId": str(r["interview"]),
                "failedAt": row_timestamp(r["processed_at"]).isoformat(),
                "error": r["error"],
            }
            for r in failed
        ],
        "uploadToDoneSeconds": {
            **percentiles(_durations(done, "created_at", "processed_at")),
            "answers": len(done),
        },
    }
