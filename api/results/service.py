"""Reading results: the interview's feedback once built, the user's history of them."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from api.answers import service as answers
from api.errors import Conflict, NotFound
from api.interviews.service import interview_questions, owned_interview
from api.pagination import PageParams
from api.results.report_pdf import render_pdf
from api.results.schemas import ResultAnswer, ResultOut, ResultPending, ResultSummary
from api.shaping import Page, page_of, shape
from api.users.stats import score_trend
from models.answer_queries import LATEST_ANSWERS_WITH_QUESTIONS
from models.sql import Where, fetch, fetch_page

RESULT_COLUMNS = (
    "r.id, r.interview AS interview_id, i.job_title, i.difficulty, r.overall_score, "
    "r.confidence_score, r.clarity_score, r.technical_score, r.body_language_score, "
    "r.voice_tone_score, r.total_questions, r.questions_answered, r.generated_at"
)
RESULT_SOURCE = "interview_results r JOIN interviews i ON i.id = r.interview"
# Interviews the report's trend shows, this one the last.
REPORT_TREND_POINTS = 12


async def _result_row(where: str, *args: Any) -> dict[str, Any] | None:
    rows = await fetch(
        f"SELECT {RESULT_COLUMNS}, r.strengths, r.improvements, r.summary "
        f"FROM {RESULT_SOURCE} WHERE {where}",
        *args,
    )
    return rows[0] if rows else None


async def _full(row: dict[str, Any]) -> ResultOut:
    answer_rows = await fetch(LATEST_ANSWERS_WITH_QUESTIONS, row["interview_id"])
    items = [shape(a, ResultAnswer, json_fields=("transcription", "analysis")) for a in answer_rows]
    return shape(row | {"answers": items}, ResultOut, json_fields=("strengths", "improvements"))


async def interview_result(
    user_id: uuid.UUID, interview_id: uuid.UUID
) -> ResultOut | ResultPending:
    """The result; while answers are processed, where they stand; 409 before completion."""
    interview = await owned_interview(user_id, interview_id)
    if interview["status"] != "completed":
        raise Conflict(f"The interview is {interview['status']}: complete it to get a result.")
    row = await _result_row("r.interview = {}", interview_id)
    if row is None:
        progress = await answers.interview_progress(interview_id)
        return ResultPending(status="processing", stages=progress)
    return await _full(row)


async def result_by_id(user_id: uuid.UUID, result_id: uuid.UUID) -> ResultOut:
    """One of the user's results; anyone else's is as absent as a missing one."""
    row = await _result_row('r.id = {} AND r."user" = {}', result_id, user_id)
    if row is None:
        raise NotFound("No such result.")
    return await _full(row)


async def list_results(user_id: uuid.UUID, params: PageParams) -> Page[ResultSummary]:
    """The user's results, newest first."""
    rows, total = await fetch_page(
        RESULT_COLUMNS,
        RESULT_SOURCE,
        Where().add('r."user" = {}', user_id),
        "r.generated_at DESC, r.id",
        limit=params.page_size,
        offset=params.offset,
    )
    return page_of(
        [shape(r, ResultSummary) for r in rows],
        page=params.page,
        page_size=params.page_size,
        total=total,
    )


async def report_pdf(user_id: uuid.UUID, result: ResultOut) -> bytes:
    """The result as a PDF, with the user's score trend and every question of the interview."""
    trend = await score_trend(user_id, until=result.interview_id, points=REPORT_TREND_POINTS)
    questions = await interview_questions(result.interview_id)
    # Rendering is CPU work (~90 ms, ~300 ms when CJK needs the fallback font): off the loop.
    return await asyncio.to_thread(render_pdf, result, trend, questions)
