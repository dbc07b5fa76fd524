"""Choosing questions: on-topic, fresh, mixed, and repeatable under a seed."""

from __future__ import annotations

import random
import uuid
from collections import Counter

from api.questions.selection import Candidate, category_quotas, select_questions


def _bank() -> list[Candidate]:
    def make(category: str, difficulty: str, *skills: str) -> Candidate:
        return Candidate(uuid.uuid4(), category, difficulty, frozenset(skills))

    bank = []
    for difficulty in ("easy", "medium", "hard"):
        bank += [make("technical", difficulty, "python") for _ in range(6)]
        bank += [make("technical", difficulty, "java") for _ in range(6)]
        bank += [make("behavioral", difficulty, "communication") for _ in range(5)]
        bank += [make("situational", difficulty, "problem solving") for _ in range(4)]
    return bank


def _select(bank: list[Candidate], seed: int = 1, **overrides: object) -> list[Candidate]:
    options: dict = {
        "skills": ["python"],
        "difficulty": "medium",
        "count": 5,
        "recently_seen": set(),
        "rng": random.Random(seed),
    }
    options.update(overrides)
    return select_questions(bank, **options)


def test_same_seed_same_interview_and_other_seeds_vary() -> None:
    bank = _bank()
    assert _select(bank, 7) == _select(bank, 7)
    assert len({tuple(q.id for q in _select(bank, seed)) for seed in range(10)}) > 1


def test_five_questions_mix_two_technical_two_behavioral_one_situational() -> None:
    picked = _select(_bank())
    assert Counter(q.category for q in picked) == {
        "technical": 2,
        "behavioral": 2,
        "situational": 1,
    }
    assert picked[0].category == "behavioral"


def test_technical_questions_match_the_interview_skills() -> None:
    picked = _select(_bank(), count=10)
    assert all("python" in q.skills for q in picked if q.category == "technical")


def test_the_requested_difficulty_comes_first() -> None:
    picked = _select(_bank(), difficulty="hard", count=8)
    assert all(q.difficulty == "hard" for q in picked)


def test_recently_seen_questions_are_avoided_while_fresh_ones_remain() -> None:
    bank = _bank()
    first = _select(bank, 1)
    second = _select(bank, 2, recently_seen={q.id for q in first})
    assert not {q.id for q in first} & {q.id for q in second}


def test_seen_questions_are_reused_rather_than_leaving_the_interview_short() -> None:
    bank = _bank()[:10]
    picked = _select(bank, recently_seen={q.id for q in bank}, count=8)
    assert len(picked) == 8
    assert len({q.id for q in picked}) == 8


def test_a_small_bank_gives_all_it_has() -> None:
    bank = _bank()[:3]
    assert len(_select(bank, count=20)) == 3


def test_an_interview_on_soft_skills_asks_no_off_topic_technical_questions() -> None:
    picked = _select(_bank(), skills=["leadership"], count=6)
    assert len(picked) == 6
    assert {q.category for q in picked} <= {"behavioral", "situational"}


def test_quotas_always_add_up_to_the_count() -> None:
    for count in range(1, 21):
        assert sum(category_quotas(count).values()) == count
