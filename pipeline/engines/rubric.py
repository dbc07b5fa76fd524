"""The rubric scorer: deterministic, local, the default and the LLM's fallback.

Scores follow from the measured metrics by these rules (all clamped to 0-100):

- clarity: 100, minus 4 per filler per 100 words above 2 (at most 40), 6 per pause of 2 s or
  more (at most 24), 1 per 2 words a minute outside 110-170 (at most 25), 30 for answers
  under 25 words or 15 under 50.
- confidence: 100, minus 8 per hedge per 100 words above 1 (at most 40), 2 per filler per
  100 words above 2 (at most 20), 4 per long pause (at most 16), 10 under 100 words a minute,
  20 for answers under 25 words.
- technical (what was said), in bands: 70-100 the answer makes most of the question's key
  points in clear sentences (at least 3 of 4), 40-69 about half of them, 0-39 at most one, or
  only general words; "I don't know" is at most 10. With f the share of key points made:
  95 * f^0.8, plus up to 5 for depth (interview skills named, concrete figures) that grows
  with f. Behavioural questions use f = 0.75 * key points share + 0.25 * STAR parts share
  (the STAR share counts only as far as the story is about the question) and earn the depth
  bonus with a quantified result. Answers under 25 words are scaled by length / 25.
  Points made in a list of terms rather than in sentences do not count.
- voice tone (an acoustic estimate): 60 for pitch variation (3 semitones or more earns all
  of it) plus 40 when loudness varies naturally (coefficient 0.3-1.2), else 20.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.engines.analysis import AnswerAnalysis, ScoringInput, content_out
from pipeline.engines.feedback import PACE_RANGE, answer_feedback

SCORED_BY = "rubric"
# Below this many words an answer cannot show depth, whatever it names.
SHORT_ANSWER_WORDS = 25
DECLINED_MAX_TECHNICAL = 10
# "I don't know" said steadily is still no show of confidence in an answer.
DECLINED_MAX_CONFIDENCE = 25


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
    if facts.content.declined:
        score = min(score, DECLINED_MAX_CONFIDENCE)
    return _clamp(score)


def technical_score(facts: ScoringInput) -> int:
    """Key points made in sentences, STAR parts for stories, then depth; see the bands above."""
    c = facts.content
    share = c.coverage if c.key_points else 0.0
    skills = len(c.skills_covered) / max(1, len(c.skills_covered) + len(c.skills_missed))
    depth = (skills + float(c.quantified)) / 2
    if facts.category == "behavioral" and c.star is not None:
        # A well-told story about something else earns nothing for its structure.
        structure = c.star.count / 4 * min(1.0, 4 * share) if c.key_points else c.star.count / 4
        share = 0.75 * share + 0.25 * structure if c.key_points else structure
        depth = float(c.quantified and c.star.result)
    score = 95 * share**0.8 + 5 * depth * min(1.0, 4 * share)
    score *= min(1.0, facts.delivery.word_count / SHORT_ANSWER_WORDS)
    if c.declined:
        score = min(score, DECLINED_MAX_TECHNICAL)
    return _clamp(score)


def voice_tone_score(facts: ScoringInput) -> int | None:
    """Pitch and loudness variation; None when too little voice was heard."""
    v = facts.voice
    if v is None or v.pitch_variation_semitones is None or v.energy_variation is None:
        return None
    lively = 60 * min(1.0, v.pitch_variation_semitones / 3.0)
    natural = 40 if 0.3 <= v.energy_variation <= 1.2 else 20
    return _clamp(lively + natural)


def rubric_analysis(facts: ScoringInput) -> AnswerAnalysis | None:
    """Score an answer by the rules above; None when there was no usable speech."""
    if not facts.transcript.usable:
        return None
    feedback = answer_feedback(facts)
    scores = {
        "clarity": clarity_score(facts),
        "confidence": confidence_score(facts),
        "technical": technical_score(facts),
    }
    summary = (
        f"Content {scores['technical']}/100, clarity {scores['clarity']}/100, "
        f"confidence {scores['confidence']}/100. "
        + " ".join([*feedback.strengths[:2], *feedback.improvements[:3]])
    )
    return AnswerAnalysis(
        confidence_score=scores["confidence"],
        clarity_score=scores["clarity"],
        technical_score=scores["technical"],
        voice_tone_score=voice_tone_score(facts),
        keywords=facts.content.keywords,
        strengths=feedback.strengths,
        improvements=feedback.improvements,
        detailed_feedback=summary,
        scored_by=SCORED_BY,
        delivery=facts.delivery,
        content=content_out(facts.content),
        voice=facts.voice,
        evidence=feedback.evidence,
        created_at=datetime.now(UTC),
    )
