"""Benchmark: interview list and dashboard for 100 users x 100 interviews on PostgreSQL.

Run: `python -m bench.interviews` (needs PostgreSQL and Redis; see bench/README.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg

from bench.common import (
    BENCH_DB,
    ROOT,
    fresh_state,
    print_table,
    rotate_tokens_script,
    serve,
    wrk,
)

REDIS_URL = "redis://127.0.0.1:6379/14"
SECRET = "bench-secret-key-long-enough-for-production-use-0123"
USERS = 100
INTERVIEWS_PER_USER = 100
CONNECTIONS = 100
SECONDS = 10
LIST_PATH = "/api/interviews?page=3&pageSize=20&status=completed"
LIST_NAME = "GET /api/interviews?page=3&pageSize=20&status=completed"
STATS_NAME = "GET /api/users/stats"
UNCACHED = {
    LIST_NAME: "  list, view cache off (queries every time)",
    STATS_NAME: "  stats, view cache off (queries every time)",
}
TARGETS = {
    LIST_NAME: ">= 1500 req/s, p95 <= 100 ms",
    STATS_NAME: ">= 1500 req/s, p95 <= 100 ms",
    **{label: "(for comparison)" for label in UNCACHED.values()},
}
STATUSES = ["completed"] * 5 + ["in-progress"] * 2 + ["pending"] * 2 + ["cancelled"]
STRENGTHS = ["Clear structure", "Concrete examples", "Steady pace", "Names trade-offs"]
IMPROVEMENTS = ["Fewer fillers", "Quantify results", "Shorter answers", "State the outcome"]


def _env() -> dict[str, str]:
    return {
        "DATABASE_URL": BENCH_DB,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": SECRET,
        "APP_ENV": "production",
        "WEB_CONCURRENCY": "2",
    }


async def _seed(rng: random.Random) -> list[uuid.UUID]:
    """Users, interviews (half completed, with results and highlights) straight into SQL."""
    connection = await asyncpg.connect(BENCH_DB)
    now = datetime.now(UTC)
    users, interviews, results, highlights = [], [], [], []
    for u in range(USERS):
        user_id = uuid.uuid4()
        users.append(
            (user_id, f"Bench {u}", f"bench-{u}@example.com", "x", "user", True, "{}", now, now)
        )
        for i in range(INTERVIEWS_PER_USER):
            interview_id = uuid.uuid4()
            status = rng.choice(STATUSES)
            created = now - timedelta(days=i, minutes=rng.randint(0, 600))
            done = status == "completed"
            score = rng.randint(35, 98) if done else None
            interviews.append(
                (
                    interview_id,
                    user_id,
                    f"Role {i % 7}",
                    "",
                    json.dumps(["python", "sql"]),
                    rng.choice(["easy", "medium", "hard"]),
                    "bank",
                    status,
                    score,
                    created if status != "pending" else None,
                    created + timedelta(minutes=20) if done else None,
                    1200 if done else None,
                    5,
                    5 if done else 0,
                    created,
                    created,
                )
            )
            if done:
                result_id = uuid.uuid4()
                results.append(
                    (
                        result_id,
                        interview_id,
                        user_id,
                        score,
                        score - 3,
                        score + 2,
                        score - 5,
                        None,
                        score,
                        5,
                        5,
                        "[]",
                        "[]",
                        "",
                        created,
                    )
                )
                highlights += [
                    (result_id, user_id, "strength", rng.choice(STRENGTHS)),
                    (result_id, user_id, "improvement", rng.choice(IMPROVEMENTS)),
                ]
    await connection.copy_records_to_table(
        "users",
        records=users,
        columns=[
            "id",
            "name",
            "email",
            "password_hash",
            "role",
            "is_verified",
            "settings",
            "created_at",
            "updated_at",
        ],
    )
    await connection.copy_records_to_table(
        "interviews",
        records=interviews,
        columns=[
            "id",
            "user",
            "job_title",
            "job_description",
            "skills",
            "difficulty",
            "source",
            "status",
            "score",
            "started_at",
            "completed_at",
            "duration",
            "question_count",
            "answered_count",
            "created_at",
            "updated_at",
        ],
    )
    await connection.copy_records_to_table(
        "interview_results",
        records=results,
        columns=[
            "id",
            "interview",
            "user",
            "overall_score",
            "confidence_score",
            "clarity_score",
            "technical_score",
            "body_language_score",
            "voice_tone_score",
            "total_questions",
            "questions_answered",
            "strengths",
            "improvements",
            "summary",
            "generated_at",
        ],
    )
    await connection.copy_records_to_table(
        "result_highlights", records=highlights, columns=["result", "user", "kind", "text"]
    )
    # Settle the freshly loaded data so the run measures steady state, not write-back.
    await connection.execute("VACUUM ANALYZE")
    await connection.execute("CHECKPOINT")
    await connection.close()
    return [row[0] for row in users]


def _tokens(user_ids: list[uuid.UUID]) -> list[str]:
    """Access tokens signed with the server's key, as a login would issue them."""
    code = (
        "import sys, uuid\n"
        "from api.auth.tokens import issue_access_token\n"
        "from core.settings import get_settings\n"
        "s = get_settings()\n"
        "for line in sys.stdin.read().split():\n"
        "    print(issue_access_token(s, user_id=uuid.UUID(line), role='user',"
        " session_id=uuid.uuid4()))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        input="\n".join(map(str, user_ids)),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, **_env()},
    ).stdout
    return output.split()


def main() -> None:
    """Seed, serve as the Procfile does, load both endpoints and print the table."""
    fresh_state(REDIS_URL)
    user_ids = asyncio.run(_seed(random.Random(42)))
    lua = rotate_tokens_script(_tokens(user_ids))
    rows = []
    for cache_seconds in ("600", "0"):
        with serve({**_env(), "VIEW_CACHE_SECONDS": cache_seconds}) as base:
            for name, path in ((LIST_NAME, LIST_PATH), (STATS_NAME, "/api/users/stats")):
                url = f"{base}{path}"
                wrk("warm-up", url, connections=CONNECTIONS, seconds=2, lua=lua)
                label = name if cache_seconds != "0" else UNCACHED[name]
                rows.append(wrk(label, url, connections=CONNECTIONS, seconds=SECONDS, lua=lua))
    print(
        f"{USERS} users x {INTERVIEWS_PER_USER} interviews on PostgreSQL, "
        f"{CONNECTIONS} connections, tokens of all {USERS} users in rotation\n"
    )
    print_table(rows, TARGETS)


if __name__ == "__main__":
    main()
