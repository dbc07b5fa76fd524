"""The LLM scorer against an HTTP stub of the OpenAI API: trusted only when it is right."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import openai
import pytest

from bench.pairs import PAIRS
from pipeline.engines.analysis import ScoringInput
from pipeline.engines.delivery import delivery_metrics
from pipeline.engines.llm_scorer import CircuitBreaker, LlmScorer
from pipeline.engines.measure import measure
from pipeline.engines.transcript import Transcript, Word, words_text
from tests.llm_stub import Scripted, StubServer, api_error, completion, openai_stub

PAIR = PAIRS[1]  # indexes


def strong_facts() -> ScoringInput:
    words = [Word(t, i * 0.4, i * 0.4 + 0.3) for i, t in enumerate(PAIR.strong.split())]
    transcript = Transcript(text=words_text(words), words=words, duration=words[-1].end + 1)
    return measure(
        transcript,
        question_text=PAIR.question,
        category=PAIR.category,
        skills=PAIR.skills,
        key_points=PAIR.key_points,
        audio=None,
    )


def valid_reply(**overrides: Any) -> str:
    body = {
        "confidenceScore": 88,
        "clarityScore": 84,
        "technicalScore": 91,
        "strengths": ["Explains B-tree lookups and the write cost precisely."],
        "improvements": ["Mention when a partial index beats a composite one."],
        "detailedFeedback": "A complete answer: mechanism, column order, costs and a measured "
        "result from your own work.",
        "evidence": [
            {
                "quote": "reads went from 900 milliseconds to 15 milliseconds",
                "note": "a measured result",
            }
        ],
        "keyPoints": [
            {"point": PAIR.key_points[0], "covered": True, "quote": "the database can find rows"},
            {"point": PAIR.key_points[1], "covered": False, "quote": None},
            {"point": PAIR.key_points[2], "covered": True, "quote": "writes get slower"},
        ],
    }
    body.update(overrides)
    return json.dumps(body)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with openai_stub() as server:
        yield server


def scorer_on(stub: StubServer, retries: int = 3, **kwargs: Any) -> LlmScorer:
    # The SDK's own retries, as core.llm_client sets them up (honouring Retry-After).
    client = openai.OpenAI(base_url=stub.url, api_key="test-key", timeout=1.0, max_retries=retries)
    return LlmScorer(client, model="coach-model", **kwargs)


def test_a_valid_reply_is_used_with_quotes_located_in_the_transcript(stub: StubServer) -> None:
    stub.script = [Scripted(body=completion(valid_reply()))]
    analysis = scorer_on(stub).score(strong_facts(), user_id="u1")
    assert analysis is not None
    assert analysis.scored_by == "llm:coach-model"
    assert (analysis.technical_score, analysis.clarity_score) == (91, 84)
    [evidence] = analysis.evidence
    assert evidence.quote in analysis_text()
    assert 0 < evidence.start < evidence.end
    found, missed, slower = analysis.content.key_points
    assert (found.covered, missed.covered, slower.covered) == (True, False, True)
    # Quotes are widened to whole clauses of the transcript.
    assert found.quote == "so the database can find rows without a full table scan."
    assert slower.quote == "so writes get slower and the index uses disk space."
    assert missed.quote is None
    assert analysis.delivery.word_count == len(PAIR.strong.split())  # facts are ours
    request = stub.requests[0]
    assert request["temperature"] == 0
    assert request["max_tokens"] == 800
    assert request["response_format"]["type"] == "json_schema"
    facts = json.loads(request["messages"][1]["content"])
    assert facts["measured"]["delivery"]["wordCount"] == len(PAIR.strong.split())


def analysis_text() -> str:
    return strong_facts().transcript.text


@pytest.mark.parametrize(
    "bad",
    [
        Scripted(body=completion("{not json")),
        Scripted(body=completion(valid_reply()[:60], finish_reason="length")),
        Scripted(body=completion(valid_reply(technicalScore=140))),
        Scripted(body=completion(valid_reply(clarityScore="high"))),
        Scripted(
            body=completion(
                valid_reply(evidence=[{"quote": "I rewrote it in Rust", "note": "invented"}])
            )
        ),
        Scripted(body=completion(valid_reply(strengths=[], improvements=[]))),
        Scripted(
            body=completion(
                valid_reply(
                    keyPoints=[{"point": PAIR.key_points[0], "covered": True, "quote": None}]
                )
            )
        ),
        Scripted(
            body=completion(
                valid_reply(
                    keyPoints=[
                        {"point": p, "covered": True, "quote": "indexes are magic"}
                        for p in PAIR.key_points
                    ]
                )
            )
        ),
        Scripted(body=completion(valid_reply(detailedFeedback="good good good good good good"))),
    ],
    ids=[
        "malformed",
        "truncated",
        "out-of-range",
        "wrong-type",
        "invented-quote",
        "empty-feedback",
        "key-points-missing",
        "key-point-quote-invented",
        "degenerate",
    ],
)
def test_an_invalid_reply_falls_back_to_the_rubric(stub: StubServer, bad: Scripted) -> None:
    stub.script = [bad]
    analysis = scorer_on(stub).score(strong_facts(), user_id="u1")
    assert analysis is not None
    assert analysis.scored_by == "rubric"
    assert all(e.quote in analysis_text() for e in analysis.evidence)


def test_a_429_is_retried_then_the_reply_is_used(stub: StubServer) -> None:
    stub.script = [
        api_error(429, "Rate limit reached", "rate_limit_exceeded"),
        api_error(503, "Overloaded", "server_error"),
        Scripted(body=completion(valid_reply())),
    ]
    analysis = scorer_on(stub).score(strong_facts(), user_id="u1")
    assert analysis is not None
    assert analysis.scored_by == "llm:coach-model"
    assert len(stub.requests) == 3


def test_a_timeout_is_retried_and_then_falls_back(stub: StubServer) -> None:
    stub.script = [Scripted(body=completion(valid_reply()), delay=1.5) for _ in range(3)]
    analysis = scorer_on(stub, retries=1).score(strong_facts(), user_id="u1")
    assert analysis is not None
    assert analysis.scored_by == "rubric"


def test_the_breaker_opens_while_the_endpoint_is_down_and_fails_fast() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, cooldown_seconds=30, clock=lambda: now[0])
    calls: list[int] = []
    client = openai.OpenAI(
        base_url="http://127.0.0.1:1/v1", api_key="k", timeout=1.0, max_retries=0
    )
    scorer = LlmScorer(
        client,
        model="m",
        breaker=breaker,
        within_budget=lambda _u: calls.append(1) or True,
    )
    for _ in range(2):
        assert scorer.score(strong_facts(), user_id="u1").scored_by == "rubric"  # type: ignore[union-attr]
    assert not breaker.allow()
    before = len(calls)
    assert scorer.score(strong_facts(), user_id="u1").scored_by == "rubric"  # type: ignore[union-attr]
    assert len(calls) == before  # open: not even the budget was touched
    now[0] = 31.0
    assert breaker.allow()


def test_no_usable_speech_is_never_sent_to_the_model(stub: StubServer) -> None:
    facts = strong_facts()
    silent = replace(
        facts,
        transcript=Transcript(
            text="", words=[], duration=4.0, usable=False, reason="No speech was detected."
        ),
        delivery=delivery_metrics([]),
    )
    assert scorer_on(stub).score(silent, user_id="u1") is None
    assert stub.requests == []
