"""The rubric scorer: deterministic, local, the default and the LLM's fallback.

Scores follow from the measured metrics by these rules (all clamped to 0-100):

- clarity: 100, minus 4 per filler per 100 words above 2 (at most 40), 6 per pause of 2 s or
  more (at most 24), 1 per 2 words a minute outside 110-170 (at most 25), 30 for answers
  under 25 words or 15 under 50.
- confidence: 100, minus 8 per hedge per 100 words above 1 (at most 40), 2 per filler per
  100 words above 2 (at most 20), 4 per long pause (at most 16), 10 under 100 words a minute,
  20 for answers under 25 words.
- technical (what was said): technical and situational questions weigh key points covered
  55%, interview skills named 25%, concrete figures 20%; behavioural questions weigh key
  points 40%, STAR parts 40%, a quantified result 20%. Answers under 40 words are scaled by
  length / 40: a short answer cannot show depth.
- voice tone (an acoustic estimate): 60 for pitch variation (3 semitones or more earns all
  of it) plus 40 when loudness varies naturally (coefficient 0.3-1.2), else 20.
"""

from __future__ import annotations

from models.db import utcnow
from pipeline.analysis import AnswerAnalysis, Evidence, ScoringInput, content_out
from pipeline.content import NUMBER
from pipeline.delivery import FILLERS, HEDGES, LONG_PAUSE_SECONDS, pauses, phrase_spans
from pipeline.transcript import Word, words_text

SCORED_BY = "rubric"
PACE_RANGE = (110, 170)
QUOTE_WORDS = 12


def _clamp(value: float) -> int:
    return max(0, min(100, round(value)))


def _per_100(count: int, words: int) -> float:
    return count / words * 100 if words else 0.0


def clarity_score(facts: ScoringInput) -> int:
    """Fillers, pauses, pace and length, by the module's rules."""
    d = facts.delivery
    score = 100.0
    score -= min(40.0, 4 * max(0.0, d.fillers_per_100_words - 2))
    score -= min(24, 6 * d.long_pauses)
    if d.words_per_minute is not None:
        low, high = PACE_RANGE
        outside = max(0, low - d.words_per_minute, d.words_per_minute - high)
        score -= min(25.0, outside / 2)
    score -= 30 if d.word_count < 25 else 15 if d.word_count < 50 else 0
    return _clamp(score)


def confidence_score(facts: ScoringInput) -> int:
    """Hedges, fillers, pauses, a dragging pace and very short answers."""
    d = facts.delivery
    score = 100.0
    score -= min(40.0, 8 * max(0.0, _per_100(d.hedge_count, d.word_count) - 1))
    score -= min(20.0, 2 * max(0.0, d.fillers_per_100_words - 2))
    score -= min(16, 4 * d.long_pauses)
    if d.words_per_minute is not None and d.words_per_minute < 100:
        score -= 10
    if d.word_count < 25:
        score -= 20
    return _clamp(score)


def technical_score(facts: ScoringInput) -> int:
    """Coverage of key points and skills, structure and specificity."""
    c = facts.content
    points = len(c.key_points_covered) / max(
        1, len(c.key_points_covered) + len(c.key_points_missed)
    )
    skills = len(c.skills_covered) / max(1, len(c.skills_covered) + len(c.skills_missed))
    figures = 1.0 if c.quantified else 0.0
    if facts.category == "behavioral" and c.star is not None:
        score = 40 * points + 40 * c.star.count / 4 + 20 * (figures if c.star.result else 0)
    else:
        score = 55 * points + 25 * skills + 20 * figures
    return _clamp(score * min(1.0, facts.delivery.word_count / 40))


def voice_tone_score(facts: ScoringInput) -> int | None:
    """Pitch and loudness variation; None when too little voice was heard."""
    v = facts.voice
    if v is None or v.pitch_variation_semitones is None or v.energy_variation is None:
        return None
    lively = 60 * min(1.0, v.pitch_variation_semitones / 3.0)
    natural = 40 if 0.3 <= v.energy_variation <= 1.2 else 20
    return _clamp(lively + natural)


def _spans(words: list[Word], phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Word spans [i, j) of the phrases, matched exactly as the delivery metrics count them."""
    return [(i, j) for i, j, _ in phrase_spans([w.norm for w in words], phrases)]


def _quote(words: list[Word], i: int, j: int, note: str) -> Evidence:
    start, end = max(0, i - 4), min(len(words), j + 4)
    window = words[start:end][:QUOTE_WORDS]
    return Evidence(quote=words_text(window), start=window[0].start, end=window[-1].end, note=note)


def _first_figure(words: list[Word]) -> int | None:
    return next((i for i, w in enumerate(words) if NUMBER.fullmatch(w.norm)), None)


def _evidence_and_feedback(facts: ScoringInput) -> tuple[list[str], list[str], list[Evidence]]:
    d, c, words = facts.delivery, facts.content, facts.transcript.words
    strengths: list[str] = []
    improvements: list[str] = []
    evidence: list[Evidence] = []
    if c.quantified and (at := _first_figure(words)) is not None:
        quote = _quote(words, at, at + 1, "a concrete figure makes the impact believable")
        strengths.append(
            f"You backed the answer with a concrete figure: \u201c{quote.quote}\u201d."
        )
        evidence.append(quote)
    elif facts.category != "behavioral" or (c.star and not c.star.result):
        improvements.append(
            "Quantify the outcome (time saved, errors avoided, users helped): "
            "a number makes the impact concrete."
        )
    if c.key_points_covered:
        strengths.append("You covered " + "; ".join(c.key_points_covered[:3]) + ".")
    if c.key_points_missed:
        improvements.append(
            "A strong answer would also cover: " + "; ".join(c.key_points_missed[:3]) + "."
        )
    if c.star is not None:
        present = [p for p in ("situation", "task", "action", "result") if getattr(c.star, p)]
        missing = [p for p in ("situation", "task", "action", "result") if p not in present]
        if len(present) >= 3:
            strengths.append("Clear STAR structure: " + ", ".join(present) + ".")
        if missing:
            improvements.append("Make the " + " and ".join(missing) + " explicit (STAR).")
    if d.word_count and d.fillers_per_100_words <= 2:
        strengths.append(f"Few filler words ({d.filler_count} in {d.word_count} words).")
    elif d.filler_count:
        worst = ", ".join(
            f"\u201c{w}\u201d \u00d7{n}"
            for w, n in sorted(d.filler_words.items(), key=lambda kv: -kv[1])[:3]
        )
        improvements.append(
            f"{d.filler_count} filler words ({d.fillers_per_100_words:g} per "
            f"100 words: {worst}); pause silently instead."
        )
        if spans := _spans(words, FILLERS):
            evidence.append(_quote(words, *spans[0], "filler words"))
    if d.hedge_count >= 2:
        improvements.append(
            f"{d.hedge_count} hedges (\u201cI guess\u201d, \u201cprobably\u201d"
            "...); say what you did and what happened with conviction."
        )
        if spans := _spans(words, HEDGES):
            evidence.append(_quote(words, *spans[0], "hedging"))
    if d.words_per_minute is not None:
        low, high = PACE_RANGE
        if low <= d.words_per_minute <= high:
            strengths.append(f"A comfortable pace of {d.words_per_minute} words per minute.")
        else:
            improvements.append(
                f"Your pace was {d.words_per_minute} words per minute; aim for {low}-{high}."
            )
    gaps = pauses(words)
    if d.long_pauses:
        at = next(i for i, gap in enumerate(gaps) if gap >= LONG_PAUSE_SECONDS)
        improvements.append(
            f"{d.long_pauses} long pause(s), the longest "
            f"{d.longest_pause_seconds:g}s; a short breath is enough."
        )
        evidence.append(_quote(words, at, at + 2, f"{gaps[at]:.1f}s pause"))
    if d.word_count < 50:
        improvements.append(
            f"At {d.word_count} words the answer is thin; give the context, "
            "what you did and the result."
        )
    return strengths, improvements, evidence


def rubric_analysis(facts: ScoringInput) -> AnswerAnalysis | None:
    """Score an answer by the rules above; None when there was no usable speech."""
    if not facts.transcript.usable:
        return None
    strengths, improvements, evidence = _evidence_and_feedback(facts)
    scores = {
        "clarity": clarity_score(facts),
        "confidence": confidence_score(facts),
        "technical": technical_score(facts),
    }
    feedback = (
        f"Content {scores['technical']}/100, clarity {scores['clarity']}/100, "
        f"confidence {scores['confidence']}/100. " + " ".join([*strengths[:2], *improvements[:3]])
    )
    return AnswerAnalysis(
        confidence_score=scores["confidence"],
        clarity_score=scores["clarity"],
        technical_score=scores["technical"],
        voice_tone_score=voice_tone_score(facts),
        keywords=facts.content.keywords,
        strengths=strengths,
        improvements=improvements,
        detailed_feedback=feedback,
        scored_by=SCORED_BY,
        delivery=facts.delivery,
        content=content_out(facts.content),
        voice=facts.voice,
        evidence=evidence,
        created_at=utcnow(),
    )
