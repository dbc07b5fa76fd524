"""The LLM scorer: any OpenAI-compatible endpoint, checked hard, with the rubric as fallback."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
import openai
import structlog
from msgspec import Meta

from pipeline.engines.analysis import AnswerAnalysis, Evidence, ScoringInput
from pipeline.engines.key_points import KeyPointVerdict
from pipeline.engines.language import clause_span
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.transcript import Word, normalise_token, words_text

log = structlog.get_logger("pipeline.llm")
Score = Annotated[int, Meta(ge=0, le=100)]
Line = Annotated[str, Meta(min_length=3, max_length=400)]
# Transient failures (the client has already retried them, see core.llm_client): the endpoint is
# down for now. Anything else is final for this answer.
UNAVAILABLE = (
    openai.RateLimitError,
    openai.APITimeoutError,
    openai.APIConnectionError,
    openai.InternalServerError,
)
SYSTEM_PROMPT = (
    "You are an interview coach. Score one spoken answer to an interview question. The "
    "measured delivery facts (pace, fillers, pauses, hedges) and skills named are correct: use "
    "them, do not recompute them. Judge each key point of a strong answer yourself, in the "
    "given order: covered only if the candidate made that point in a sentence, in any words "
    "(a bare list of terms or a vague generality does not count), with the sentence that "
    "makes it quoted verbatim from the transcript; otherwise covered false and quote null. "
    "Quote the transcript verbatim as evidence. Reply with JSON only, following the schema."
)


class LlmEvidence(msgspec.Struct, frozen=True):
    """A quote the model chose, before its timestamps are found."""

    quote: Annotated[str, Meta(min_length=3, max_length=300)]
    note: Line


class LlmKeyPoint(msgspec.Struct, frozen=True):
    """The model's verdict on one key point."""

    point: str
    covered: bool
    quote: Annotated[str, Meta(max_length=600)] | None


class LlmReply(msgspec.Struct, rename="camel", frozen=True):
    """What the model must return."""

    confidence_score: Score
    clarity_score: Score
    technical_score: Score
    strengths: Annotated[list[Line], Meta(max_length=6)]
    improvements: Annotated[list[Line], Meta(max_length=6)]
    detailed_feedback: Annotated[str, Meta(min_length=20, max_length=3000)]
    evidence: Annotated[list[LlmEvidence], Meta(max_length=8)]
    key_points: Annotated[list[LlmKeyPoint], Meta(max_length=12)]


REPLY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "confidenceScore",
        "clarityScore",
        "technicalScore",
        "strengths",
        "improvements",
        "detailedFeedback",
        "evidence",
        "keyPoints",
    ],
    "properties": {
        **{
            name: {"type": "integer", "minimum": 0, "maximum": 100}
            for name in ("confidenceScore", "clarityScore", "technicalScore")
        },
        "strengths": {"type": "array", "items": {"type": "string"}, "maxItems": 6},
        "improvements": {"type": "array", "items": {"type": "string"}, "maxItems": 6},
        "detailedFeedback": {"type": "string"},
        "evidence": {
            "type": "array",
            "maxItems": 8,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["quote", "note"],
                "properties": {"quote": {"type": "string"}, "note": {"type": "string"}},
            },
        },
        "keyPoints": {
            "type": "array",
            "maxItems": 12,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["point", "covered", "quote"],
                "properties": {
                    "point": {"type": "string"},
                    "covered": {"type": "boolean"},
                    "quote": {"type": ["string", "null"]},
                },
            },
        },
    },
}


class InvalidReply(Exception):
    """The model answered, but not with something we can show a user."""


class CircuitBreaker:
    """Opens after consecutive failures; while open, calls fail fast until the cooldown ends."""

    def __init__(
        self,
        *,
        threshold: int = 3,
        cooldown_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold, self.cooldown, self.clock = threshold, cooldown_seconds, clock
        self.failures = 0
        self.opened_at: float | None = None

    def allow(self) -> bool:
        """False while open; after the cooldown one trial call goes through."""
        if self.opened_at is None:
            return True
        return self.clock() - self.opened_at >= self.cooldown

    def record_success(self) -> None:
        """Close the breaker."""
        self.failures, self.opened_at = 0, None

    def record_failure(self) -> None:
        """Count a failure; open (again) at the threshold."""
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = self.clock()


def locate(words: list[Word], quote: str) -> tuple[int, int] | None:
    """Word span [start, end) of a verbatim quote in the transcript, None if it is not there."""
    wanted = [token for t in quote.split() if (token := normalise_token(t))]
    said = [w.norm for w in words]
    for i in range(len(said) - len(wanted) + 1):
        if wanted and said[i : i + len(wanted)] == wanted:
            return i, i + len(wanted)
    return None


def _clauses(words: list[Word], quote: str) -> tuple[str, float, float]:
    """The transcript's own words for a quote, widened to whole clauses, with their times."""
    span = locate(words, quote)
    if span is None:
        raise InvalidReply(f"quote not in transcript: {quote[:60]!r}")
    a, b = clause_span(words, span[0], span[1] - 1)
    return words_text(words[a:b]), words[a].start, words[b - 1].end


def key_point_verdicts(reply: LlmReply, facts: ScoringInput) -> list[KeyPointVerdict]:
    """One verdict per key point, in order; a covered point needs a verbatim quote."""
    said = [" ".join(k.point.split()) for k in reply.key_points]
    if said != [" ".join(p.split()) for p in facts.key_points]:
        raise InvalidReply("key point verdicts do not match the question's key points")
    verdicts = []
    for point, verdict in zip(facts.key_points, reply.key_points, strict=True):
        if not verdict.covered:
            verdicts.append(KeyPointVerdict(point=point, covered=False))
            continue
        if not verdict.quote:
            raise InvalidReply(f"covered without a quote: {point[:60]!r}")
        quote, start, end = _clauses(facts.transcript.words, verdict.quote)
        verdicts.append(
            KeyPointVerdict(point=point, covered=True, quote=quote, start=start, end=end)
        )
    return verdicts


def validate(reply: LlmReply, facts: ScoringInput) -> list[Evidence]:
    """Quotes must be verbatim; feedback must not be empty or degenerate."""
    if not reply.strengths and not reply.improvements:
        raise InvalidReply("no strengths and no improvements")
    if len(set(reply.detailed_feedback.split())) < 5:
        raise InvalidReply("degenerate feedback")
    evidence = []
    for item in reply.evidence:
        quote, start, end = _clauses(facts.transcript.words, item.quote)
        evidence.append(Evidence(quote=quote, start=start, end=end, note=item.note))
    return evidence


def facts_message(facts: ScoringInput) -> str:
    """The question, transcript and measured metrics, as the user message."""
    return json.dumps(
        {
            "question": facts.question_text,
            "category": facts.category,
            "interviewSkills": facts.skills,
            "keyPointsOfAStrongAnswer": facts.key_points,
            "transcript": facts.transcript.text,
            "measured": {
                "delivery": msgspec.to_builtins(facts.delivery),
                "skillsNamed": facts.content.skills_covered,
            },
        }
    )


class LlmScorer:
    """Scores with the model when it can, with the rubric whenever it cannot."""

    def __init__(
        self,
        client: openai.OpenAI,
        *,
        model: str,
        max_tokens: int = 800,
        breaker: CircuitBreaker | None = None,
        within_budget: Callable[[str], bool] = lambda _user: True,
    ) -> None:
        self.client, self.model, self.max_tokens = client, model, max_tokens
        self.breaker = breaker or CircuitBreaker()
        self.within_budget = within_budget

    def _complete(self, facts: ScoringInput) -> LlmReply:
        response = self.client.chat.completions.create(
            model=self.model,
            temperature=0,
            max_tokens=self.max_tokens,
            messages=[
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": facts_message(facts)},
            ],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "answer_analysis", "strict": True, "schema": REPLY_SCHEMA},
            },
        )
        choice = response.choices[0]
        if choice.finish_reason == "length":
            raise InvalidReply("the reply was cut off at max_tokens")
        try:
            return msgspec.json.decode(choice.message.content or "", type=LlmReply)
        except msgspec.DecodeError as exc:  # malformed JSON, wrong types, out-of-range scores
            raise InvalidReply(str(exc)) from exc

    def score(self, facts: ScoringInput, *, user_id: str) -> AnswerAnalysis | None:
        """The LLM's analysis, or the rubric's when the model is down, over budget or wrong."""
        rubric = rubric_analysis(facts)
        if rubric is None:
            return None  # no usable speech: nothing to score, by anyone
        if not self.breaker.allow() or not self.within_budget(user_id):
            return rubric
        try:
            reply = self._complete(facts)
            evidence = validate(reply, facts)
            verdicts = key_point_verdicts(reply, facts)
        except UNAVAILABLE as exc:
            self.breaker.record_failure()
            log.warning("llm_unavailable", error=type(exc).__name__)
            return rubric
        except (InvalidReply, openai.APIStatusError) as exc:
            self.breaker.record_success()  # the endpoint answered; the answer was bad
            log.warning("llm_reply_rejected", error=str(exc)[:200])
            return rubric
        self.breaker.record_success()
        return msgspec.structs.replace(
            rubric,
            confidence_score=reply.confidence_score,
            clarity_score=reply.clarity_score,
            technical_score=reply.technical_score,
            strengths=list(reply.strengths),
            improvements=list(reply.improvements),
            detailed_feedback=reply.detailed_feedback,
            evidence=evidence,
            content=msgspec.structs.replace(rubric.content, key_points=verdicts),
            scored_by=f"llm:{self.model}",
        )
