"""The aggregate stage: once a completed interview's answers are all processed, its Result."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from models.answer_queries import LATEST_ANSWERS
from models.db import lock_row, transaction, utcnow
from models.sql import fetch
from models.tables import Interview, InterviewQuestion, InterviewResult, ResultHighlight
from pipeline.engines.analysis import AnswerAnalysis
from pipeline.engines.result_rules import AggregatedResult, aggregate
from pipeline.stages import TERMINAL_ANSWER_STATUSES


def _analysis(value: Any) -> AnswerAnalysis | None:
    if value is None:
        return None
    raw = value.encode() if isinstance(value, str) else msgspec.json.encode(value)
    return msgspec.json.decode(raw, type=AnswerAnalysis | None)


def ready_to_aggregate(interview_status: str, answer_statuses: list[str]) -> bool:
    """Completed, and every latest answer processed or failed for good."""
    return interview_status == "completed" and all(
        s in TERMINAL_ANSWER_STATUSES for s in answer_statuses
    )


async def build_result(interview_id: uuid.UUID) -> uuid.UUID | None:
    """Write (or rewrite) the interview's Result; its user, or None while it is not ready."""
    interviews = await Interview.select(
        Interview.user, Interview.status, Interview.question_count
    ).where(Interview.id == interview_id)
    if not interviews:
        return None
    interview = interviews[0]
    answers = await fetch(LATEST_ANSWERS, interview_id)
    if not ready_to_aggregate(interview["status"], [a["status"] for a in answers]):
        return None
    done = [a for a in answers if a["status"] == "done"]
    analyses = {a["question"]: _analysis(a["analysis"]) for a in done}
    result = aggregate(list(analyses.values()), total_questions=interview["question_count"])
    await _store(interview_id, interview["user"], result, analyses)
    return uuid.UUID(str(interview["user"]))


async def _store(
    interview_id: uuid.UUID,
    user_id: uuid.UUID,
    result: AggregatedResult,
    analyses: dict[Any, AnswerAnalysis | None],
) -> None:
    now = utcnow()
    async with transaction():
        # Serialises two aggregate runs of one interview (a resent message, a reprocess).
        await lock_row(Interview.select(Interview.id).where(Interview.id == interview_id))
        await InterviewResult.delete().where(InterviewResult.interview == interview_id)
        result_id = uuid.uuid4()
        await InterviewResult.insert(
            InterviewResult(
                id=result_id,
                interview=interview_id,
                user=user_id,
                overall_score=result.overall_score,
                confidence_score=result.confidence_score,
                clarity_score=result.clarity_score,
                technical_score=result.technical_score,
                body_language_score=result.body_language_score,
                voice_tone_score=result.voice_tone_score,
                total_questions=result.total_questions,
                questions_answered=result.questions_answered,
                strengths=result.strengths,
                improvements=result.improvements,
                summary=result.summary,
                generated_at=now,
            )
        )
        highlights = [("strength", t) for t in result.strengths] + [
            ("improvement", t) for t in result.improvements
        ]
        if highlights:
            await ResultHighlight.insert(
                *(
                    ResultHighlight(result=result_id, user=user_id, kind=kind, text=text[:300])
                    for kind, text in highlights
                )
            )
        await Interview.update(
            {Interview.score: result.overall_score, Interview.updated_at: now}
        ).where(Interview.id == interview_id)
        for question_id, analysis in analyses.items():
            await InterviewQuestion.update(
                {InterviewQuestion.score: _question_score(analysis)}
            ).where(
                (InterviewQuestion.interview == interview_id)
                & (InterviewQuestion.question == question_id)
            )


def _question_score(analysis: AnswerAnalysis | None) -> int | None:
    if analysis is None:
        return None
    return aggregate([analysis], total_questions=1).overall_score
