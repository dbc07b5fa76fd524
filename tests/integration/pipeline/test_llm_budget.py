"""The LLM scorer's daily per-user budget and the scorer the settings choose, on real Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis import Redis

from core.llm_client import daily_llm_budget
from tests.llm_stub import Scripted, StubServer, completion, openai_stub
from tests.unit.test_llm_scorer import scorer_on, strong_facts, valid_reply


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with openai_stub() as server:
        yield server


def test_a_user_over_the_daily_budget_gets_the_rubric(stub: StubServer) -> None:
    redis = Redis.from_url("redis://127.0.0.1:6379/13")
    redis.flushdb()
    stub.script = [Scripted(body=completion(valid_reply())) for _ in range(3)]
    scorer = scorer_on(stub, within_budget=daily_llm_budget(redis, calls_per_day=2))
    used = [scorer.score(strong_facts(), user_id="spender").scored_by for _ in range(3)]  # type: ignore[union-attr]
    other = scorer.score(strong_facts(), user_id="someone-else")
    redis.flushdb()
    assert used == ["llm:coach-model", "llm:coach-model", "rubric"]
    assert len(stub.requests) == 3
    assert other is not None
    assert other.scored_by == "llm:coach-model"


def test_the_settings_choose_the_scorer(stub: StubServer) -> None:
    from core.settings import load_settings
    from pipeline.context import make_scorer

    redis = Redis.from_url("redis://127.0.0.1:6379/13")
    default = make_scorer(load_settings({}, env_file="/nonexistent"), redis)
    assert default(strong_facts(), "u1").scored_by == "rubric"  # type: ignore[union-attr]
    llm = make_scorer(
        load_settings(
            {
                "SCORER": "llm",
                "LLM_MODEL": "coach-model",
                "OPENAI_BASE_URL": stub.url,
                "OPENAI_API_KEY": "k",
            },
            env_file="/nonexistent",
        ),
        redis,
    )
    stub.script = [Scripted(body=completion(valid_reply()))]
    assert llm(strong_facts(), "u1").scored_by == "llm:coach-model"  # type: ignore[union-attr]
    redis.flushdb()
