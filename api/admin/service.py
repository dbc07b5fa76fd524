"""Admin figures, aggregated in SQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from redis.asyncio import Redis

from api.pagination import PageParams
from api.shaping import Page, page_of, shape
from api.users.schemas import UserOut
from models.db import utcnow
from models.sql import LIKE_ESCAPE, Where, contains_pattern, fetch, fetch_page
from pipeline.interface import pipeline_stats

RECENT_DAYS = 7
SCORE_BUCKETS = ((0, 39), (40, 59), (60, 74), (75, 89), (90, 100))


class AdminUserOut(UserOut, kw_only=True):
    """A user with their interview counts."""

    interview_count: int
    completed_interview_count: int


async def list_users(
    params: PageParams, *, search: str | None, role: str | None
) -> Page[AdminUserOut]:
    """Users, newest first, with how much they practised."""
    where = Where()
    if search:
        pattern = contains_pattern(search)
        where.add(
            f"(LOWER(u.email) LIKE {{}} {LIKE_ESCAPE} OR LOWER(u.name) LIKE {{}} {LIKE_ESCAPE})",
            pattern,
            pattern,
        )
    if role:
        where.add("u.role = {}", role)
    rows, total = await fetch_page(
        "u.id, u.name, u.email, u.role, u.is_verified, u.settings, u.created_at, "
        "u.updated_at, u.last_login_at, "
        '(SELECT COUNT(*) FROM interviews i WHERE i."user" = u.id) AS interview_count, '
        '(SELECT COUNT(*) FROM interviews i WHERE i."user" = u.id '
        "AND i.status = 'completed') AS completed_interview_count",
        "users u",
        where,
        "u.created_at DESC, u.id",
        limit=params.page_size,
        offset=params.offset,
    )
    items = [shape(row, AdminUserOut, json_fields=("settings",)) for row in rows]
    return page_of(items, page=params.page, page_size=params.page_size, total=total)


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    return {str(row[key]): int(row["n"]) for row in rows}


def _round(value: Any) -> int | None:
    return None if value is None else round(float(value))


async def analytics(redis: Redis, broker_url: str) -> dict[str, Any]:
    """Platform-wide figures for the admin dashboard."""
    since = utcnow() - timedelta(days=RECENT_DAYS)
    [users] = await fetch(
        "SELECT COUNT(*) AS total, SUM(CASE WHEN is_verified THEN 1 ELSE 0 END) AS verified, "
        "SUM(CASE WHEN role = 'admin' THEN 1 ELSE 0 END) AS admins, "
        "SUM(CASE WHEN created_at >= {} THEN 1 ELSE 0 END) AS new_recent, "
        "SUM(CASE WHEN last_login_at >= {} THEN 1 ELSE 0 END) AS active_recent FROM users",
        since,
        since,
    )
    by_status = await fetch("SELECT status, COUNT(*) AS n FROM interviews GROUP BY status")
    by_difficulty = await fetch(
        "SELECT difficulty, COUNT(*) AS n FROM interviews GROUP BY difficulty"
    )
    [interviews] = await fetch(
        "SELECT COUNT(*) AS total, SUM(CASE WHEN created_at >= {} THEN 1 ELSE 0 END) AS recent, "
        "COALESCE(SUM(answered_count), 0) AS answers, AVG(score) AS average_score "
        "FROM interviews",
        since,
    )
    by_category = await fetch("SELECT category, COUNT(*) AS n FROM questions GROUP BY category")
    [questions] = await fetch(
        "SELECT COUNT(*) AS total, SUM(CASE WHEN is_ai_generated THEN 1 ELSE 0 END) AS ai "
        "FROM questions"
    )
    most_used = await fetch(
        "SELECT id, text, usage_count FROM questions ORDER BY usage_count DESC, id LIMIT 5"
    )
    buckets = await fetch(
        "SELECT "
        + ", ".join(
            f"SUM(CASE WHEN score BETWEEN {low} AND {high} THEN 1 ELSE 0 END) AS b{low}"
            for low, high in SCORE_BUCKETS
        )
        + " FROM interviews WHERE score IS NOT NULL"
    )
    return {
        "users": {
            "total": int(users["total"]),
            "verified": int(users["verified"] or 0),
            "admins": int(users["admins"] or 0),
            "newLast7Days": int(users["new_recent"] or 0),
            "activeLast7Days": int(users["active_recent"] or 0),
        },
        "interviews": {
            "total": int(interviews["total"]),
            "createdLast7Days": int(interviews["recent"] or 0),
            "byStatus": _by(by_status, "status"),
            "byDifficulty": _by(by_difficulty, "difficulty"),
            "averageScore": _round(interviews["average_score"]),
        },
        "answers": {"total": int(interviews["answers"])},
        "pipeline": await pipeline_stats(redis, broker_url, since),
        "questions": {
            "total": int(questions["total"]),
            "aiGenerated": int(questions["ai"] or 0),
            "byCategory": _by(by_category, "category"),
            "mostUsed": [
                {"id": str(r["id"]), "questionText": r["text"], "usageCount": int(r["usage_count"])}
                for r in most_used
            ],
        },
        "scores": {
            "average": _round(interviews["average_score"]),
            "distribution": {
                f"{low}-{high}": int(buckets[0][f"b{low}"] or 0) for low, high in SCORE_BUCKETS
            },
        },
    }
