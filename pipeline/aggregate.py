"""Result aggregation as a pure function: answers' analyses in, the interview's result out.

The aggregate stage that loads the answers and stores the result is `pipeline/results.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.analysis import AnswerAnalysis

# The overall score weighs what was said most, then how it was said.
WEIGHTS = {"technical": 0.40, "clarity": 0.25, "confidence": 0.25, "voice_tone": 0.10}
TOP = 5


@dataclass(frozen=True, slots=True)
class AggregatedResult:
    """The interview's result before it is stored."""

    overall_score: int | None
    confidence_score: int | None
    clarity_score: int | None
    technical_score: int | None
    body_language_score: int | None
    voice_tone_score: int | None
    total_questions: int
    questions_answered: int
    strengths: list[str]
    improvements: list[str]
    summary: str


def _mean(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present)) if present else None


def _overall(dimensions: dict[str, int | None]) -> int | None:
    present = {k: v for k, v in dimensions.items() if v is not None}
    if not present:
        return None
    weight = sum(WEIGHTS[k] for k in present)
    return round(sum(WEIGHTS[k] * v for k, v in present.items()) / weight)


def _merged(lists: list[list[str]]) -> list[str]:
    """Most frequent first, each once; first-seen order breaks ties."""
    counts = Counter(text for items in lists for text in dict.fromkeys(items))
    order = {text: i for i, text in enumerate(t for items in lists for t in items)}
    return sorted(counts, key=lambda t: (-counts[t], order[t]))[:TOP]


def aggregate(analyses: list[AnswerAnalysis | None], *, total_questions: int) -> AggregatedResult:
    """Dimension averages, a weighted overall score, merged feedback and a summary.

    `analyses` has one entry per answered question (the latest attempt); None marks an
    answer without usable speech, which counts as answered but adds no scores.
    """
    scored = [a for a in analyses if a is not None]
    dimensions = {
        "technical": _mean([a.technical_score for a in scored]),
        "clarity": _mean([a.clarity_score for a in scored]),
        "confidence": _mean([a.confidence_score for a in scored]),
        "voice_tone": _mean([a.voice_tone_score for a in scored]),
    }
    overall = _overall(dimensions)
    strengths = _merged([a.strengths for a in scored])
    improvements = _merged([a.improvements for a in scored])
    if overall is None:
        summary = "None of the answers had speech that could be scored; record them again."
    else:
        best = max(
            (k for k in ("technical", "clarity", "confidence") if dimensions[k] is not None),
            key=lambda k: dimensions[k] or 0,
        )
        worst = min(
            (k for k in ("technical", "clarity", "confidence") if dimensions[k] is not None),
            key=lambda k: dimensions[k] or 0,
        )
        summary = (
            f"Overall {overall}/100 over {len(analyses)} of {total_questions} questions. "
            f"Strongest: {best.replace('_', ' ')} ({dimensions[best]}); "
            f"work on {worst.replace('_', ' ')} ({dimensions[worst]})."
        )
    return AggregatedResult(
        overall_score=overall,
        confidence_score=dimensions["confidence"],
        clarity_score=dimensions["clarity"],
        technical_score=dimensions["technical"],
        body_language_score=None,
        voice_tone_score=dimensions["voice_tone"],
        total_questions=total_questions,
        questions_answered=len(analyses),
        strengths=strengths,
        improvements=improvements,
        summary=summary,
    )
