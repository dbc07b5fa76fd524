"""Pick the scorer the settings ask for: the rubric, or the LLM with the rubric behind it."""

from __future__ import annotations

from collections.abc import Callable

import openai
from redis import Redis

from api.settings import Settings
from pipeline.analysis import AnswerAnalysis, ScoringInput
from pipeline.llm_budget import daily_llm_budget
from pipeline.llm_scorer import LlmScorer
from pipeline.rubric import rubric_analysis

Scorer = Callable[[ScoringInput, str], AnswerAnalysis | None]


def make_scorer(settings: Settings, redis: Redis) -> Scorer:
    """`score(facts, user_id)`: the LLM when configured, else (and on any failure) the rubric."""
    if settings.scorer != "llm" or not settings.llm_model:
        return lambda facts, _user_id: rubric_analysis(facts)
    client = openai.OpenAI(
        base_url=settings.openai_base_url or None,
        api_key=settings.openai_api_key or "none",
        timeout=settings.llm_timeout_seconds,
        max_retries=0,  # retries are ours, with jitter
    )
    scorer = LlmScorer(
        client,
        model=settings.llm_model,
        max_tokens=settings.llm_max_tokens,
        retries=settings.llm_max_retries,
        within_budget=daily_llm_budget(redis, settings.llm_daily_calls_per_user),
    )
    return lambda facts, user_id: scorer.score(facts, user_id=user_id)
