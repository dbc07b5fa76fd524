"""Result aggregation as a pure function: answers' analyses in, the interview's result out.

Result feedback is worked out again from the answers' measured facts (one line per topic,
pace as a range, fillers as totals), not by merging each answer's sentences, which repeated
and contradicted one another.

The aggregate stage that loads the answers and stores the result is `pipeline/aggregate.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from core.wording import plural
from pipeline.engines.analysis import AnswerAnalysis
from pipeline.engines.feedback import FEW_FILLERS, MOST_POINTS, PACE_RANGE

# The overall score weighs what was said most, then how it was said.
WEIGHTS = {"technical": 0.40, "clarity": 0.25, "confidence": 0.25, "voice_tone": 0.10}
TOP = 5
STRONG_DIMENSION = 85
MISSED_LISTED = 4


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


@dataclass
class _Lines:
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)


def _of_answers(k: int, n: int) -> str:
    return "every answer" if k == n else f"{k} of {plural(n, 'answer')}"


def _range(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low} words per minute" if low == high else f"{low}-{high} words per minute"


def _content_lines(scored: list[AnswerAnalysis], out: _Lines) -> None:
    with_points = [a.content for a in scored if a.content.key_points]
    strong = [
        c
        for c in with_points
        if sum(k.covered for k in c.key_points) >= MOST_POINTS * len(c.key_points)
    ]
    if strong:
        out.strengths.append(
            f"You made most of the key points in {_of_answers(len(strong), len(with_points))}."
        )
    missed = list(
        dict.fromkeys(k.point for c in with_points for k in c.key_points if not k.covered)
    )
    if missed:
        more = len(missed) - MISSED_LISTED
        shown = "; ".join(missed[:MISSED_LISTED]) + (f" (and {more} more)" if more > 0 else "")
        out.improvements.append(f"Key points to work on: {shown}.")
    if declined := sum(a.content.declined for a in scored):
        out.improvements.append(
            f"You said you did not know in {_of_answers(declined, len(scored))}; reason out loud "
            "from what you do know: a partial answer scores better than none."
        )
    if listed := sum(a.content.terms_only for a in scored):
        out.improvements.append(
            f"You listed terms without explaining them in {_of_answers(listed, len(scored))}; "
            "say what each idea does and why it matters."
        )
    stories = [a.content for a in scored if a.content.star is not None and not a.content.declined]
    if stories:
        gaps = Counter(p for c in stories if c.star for p in c.star.missing)
        if not gaps:
            out.strengths.append("Every story had its situation, task, action and result.")
        else:
            parts = ", ".join(p for p, _ in gaps.most_common())
            told = sum(1 for c in stories if c.star and c.star.missing)
            out.improvements.append(
                f"Complete your stories: {told} of {plural(len(stories), 'story', 'stories')} "
                f"left out part of STAR ({parts})."
            )
        unquantified = sum(bool(c.star and c.star.result) and not c.quantified for c in stories)
        if all(c.quantified for c in stories):
            out.strengths.append("You put a number on the result of every story.")
        elif unquantified:
            out.improvements.append(
                f"Quantify results: {unquantified} of {plural(len(stories), 'story', 'stories')} "
                "had no figure (time saved, errors avoided, people helped)."
            )


def _delivery_lines(scored: list[AnswerAnalysis], out: _Lines) -> None:
    spoken = [a.delivery for a in scored if a.delivery.word_count and not a.content.declined]
    if not spoken:
        return
    words = sum(d.word_count for d in spoken)
    fillers = sum(d.filler_count for d in spoken)
    if fillers / words * 100 <= 2 or fillers <= FEW_FILLERS:
        out.strengths.append(
            f"Few filler words: {fillers} in {plural(words, 'word')}."
            if fillers
            else f"No filler words in {plural(words, 'word')}."
        )
    else:
        counts = Counter[str]()
        for d in spoken:
            counts.update(d.filler_words)
        worst = ", ".join(f"\u201c{w}\u201d \u00d7{n}" for w, n in counts.most_common(3))
        out.improvements.append(
            f"{plural(fillers, 'filler word')} in {plural(words, 'word')} ({worst}); "
            "pause silently instead."
        )
    paces = [d.words_per_minute for d in spoken if d.words_per_minute is not None]
    low, high = PACE_RANGE
    outside = [p for p in paces if not low <= p <= high]
    if paces and not outside:
        out.strengths.append(f"A comfortable pace throughout: {_range(paces)}.")
    elif outside:
        out.improvements.append(
            f"Your pace was {_range(outside)} in {_of_answers(len(outside), len(paces))}; "
            f"aim for {low}-{high}."
        )
    if pauses := sum(d.long_pauses for d in spoken):
        longest = max(d.longest_pause_seconds for d in spoken)
        out.improvements.append(
            f"{plural(pauses, 'long pause')} across your answers, the longest {longest:g} s; "
            "a short breath is enough."
        )
    hedges = sum(d.hedge_count for d in spoken)
    if hedges >= 2 * len(spoken):
        out.improvements.append(
            f"{plural(hedges, 'hedge')} (\u201cI guess\u201d, \u201cprobably\u201d...); "
            "say what you did and what happened with conviction."
        )


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
    lines = _Lines()
    _content_lines(scored, lines)
    _delivery_lines(scored, lines)
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
        lowest = dimensions[worst] or 0
        # Telling someone to "work on" a dimension they scored 90 in reads as a contradiction.
        advice = (
            f"work on {worst} ({lowest})."
            if lowest < STRONG_DIMENSION
            else f"every dimension is at {STRONG_DIMENSION} or above."
        )
        summary = (
            f"Overall {overall}/100 over {len(analyses)} of {plural(total_questions, 'question')}. "
            f"Strongest: {best} ({dimensions[best]}); {advice}"
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
        strengths=lines.strengths[:TOP],
        improvements=lines.improvements[:TOP],
        summary=summary,
    )
