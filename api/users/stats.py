"""The practice dashboard: aggregates computed in SQL and cached in Redis per user."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from redis.asyncio import Redis

from api.shaping import shape
from core.view_cache import cached_view
from models.sql import Where, fetch

TREND_POINTS = 20
TOP_HIGHLIGHTS = 5


class DimensionAverages(msgspec.Struct, rename="camel"):
    """Average of each scored dimension over completed interviews (null: never measured)."""

    confidence: int | None
    clarity: int | None
    technical: int | None
    body_language: int | None
    voice_tone: int | None


class TrendPoint(msgspec.Struct, rename="camel"):
    """One completed interview's overall score."""

    interview_id: uuid.UUID
    completed_at: datetime
    overall_score: int | None


class UserStats(msgspec.Struct, rename="camel"):
    """GET /api/users/stats."""

    total_interviews: int
    completed_interviews: int
    in_progress_interviews: int
    average_score: int | None
    best_score: int | None
    total_practice_seconds: int
    answers_recorded: int
    dimension_averages: DimensionAverages
    score_trend: list[TrendPoint]
    top_strengths: list[str]
    top_improvements: list[str]


def _int(value: object) -> int | None:
    return None if value is None else round(float(value))  # type: ignore[arg-type]


async def score_trend(
    user_id: uuid.UUID, *, until: uuid.UUID | None = None, points: int = TREND_POINTS
) -> list[TrendPoint]:
    """The latest completed interviews' overall scores (up to interview `until`), oldest first."""
    where = Where().add('"user" = {}', user_id).add("status = 'completed'")
    where.add("completed_at IS NOT NULL")
    if until is not None:  # compared in the column's own storage format, on every database
        where.add("completed_at <= (SELECT completed_at FROM interviews WHERE id = {})", until)
    rows = await fetch(
        "SELECT id AS interview_id, completed_at, score AS overall_score FROM interviews "  # noqa: S608
        f"WHERE {where.sql} ORDER BY completed_at DESC LIMIT {{}}",
        *where.args,
        points,
    )
    return [shape(row, TrendPoint) for row in reversed(rows)]


async def compute_stats(user_id: uuid.UUID) -> UserStats:
    """Every figure of the dashboard, aggregated by the database."""
    [totals] = await fetch(
        "SELECT COUNT(*) AS total, "
        "SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed, "
        "SUM(CASE WHEN status = 'in-progress' THEN 1 ELSE 0 END) AS in_progress, "
        "AVG(CASE WHEN status = 'completed' THEN score END) AS average_score, "
        "MAX(CASE WHEN status = 'completed' THEN score END) AS best_score, "
        "COALESCE(SUM(duration), 0) AS seconds, COALESCE(SUM(answered_count), 0) AS answers "
        'FROM interviews WHERE "user" = {}',
        user_id,
    )
    [dimensions] = await fetch(
        "SELECT AVG(confidence_score) AS confidence, AVG(clarity_score) AS clarity, "
        "AVG(technical_score) AS technical, AVG(body_language_score) AS body_language, "
        'AVG(voice_tone_score) AS voice_tone FROM interview_results WHERE "user" = {}',
        user_id,
    )
    highlights = await fetch(
        'SELECT kind, text, COUNT(*) AS n FROM result_highlights WHERE "user" = {} '
        "GROUP BY kind, text ORDER BY n DESC, text",
        user_id,
    )
    return UserStats(
        total_interviews=int(totals["total"]),
        completed_interviews=int(totals["completed"] or 0),
        in_progress_interviews=int(totals["in_progress"] or 0),
        average_score=_int(totals["average_score"]),
        best_score=_int(totals["best_score"]),
        total_practice_seconds=int(totals["seconds"]),
        answers_recorded=int(totals["answers"]),
        dimension_averages=DimensionAverages(**{k: _int(v) for k, v in dimensions.items()}),
        score_trend=await score_trend(user_id),
        top_strengths=[h["text"] for h in highlights if h["kind"] == "strength"][:TOP_HIGHLIGHTS],
        top_improvements=[h["text"] for h in highlights if h["kind"] == "improvement"][
            :TOP_HIGHLIGHTS
        ],
    )


async def user_stats_json(redis: Redis, user_id: uuid.UUID, *, cache_seconds: int) -> bytes:
    """The dashboard as JSON, from the user's view cache when nothing changed since."""

    async def render() -> bytes:
        return msgspec.json.encode(await compute_stats(user_id))

    return await cached_view(redis, user_id, "stats", render, ttl_seconds=cache_seconds)
