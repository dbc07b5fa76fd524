"""Choosing an interview's questions from the bank: plain, deterministic under a seed."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from core.skills import GENERAL_SKILLS

LEVELS = {"easy": 0, "medium": 1, "hard": 2}
# Technical questions carry most weight; behavioural and situational ones round it off.
CATEGORY_SHARES = {"technical": 0.45, "behavioral": 0.35, "situational": 0.20}
# The order questions are asked in: a behavioural opener, then alternating.
ASKING_ORDER = ("behavioral", "technical", "situational")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What selection needs to know of a bank question."""

    id: uuid.UUID
    category: str
    difficulty: str
    skills: frozenset[str]


def category_quotas(count: int) -> dict[str, int]:
    """Split `count` over the categories by their shares (largest remainder)."""
    exact = {cat: share * count for cat, share in CATEGORY_SHARES.items()}
    quotas = {cat: int(value) for cat, value in exact.items()}
    by_remainder = sorted(exact, key=lambda cat: exact[cat] - quotas[cat], reverse=True)
    for cat in by_remainder[: count - sum(quotas.values())]:
        quotas[cat] += 1
    return quotas


def _relevance(candidate: Candidate, skills: frozenset[str]) -> int:
    return len(candidate.skills & skills)


def _is_off_topic(candidate: Candidate, skills: frozenset[str]) -> bool:
    # A Java question in a Python interview is worse than any repeat.
    return candidate.category == "technical" and not candidate.skills & skills


def select_questions(
    candidates: list[Candidate],
    *,
    skills: list[str],
    difficulty: str,
    count: int,
    recently_seen: set[uuid.UUID],
    rng: random.Random,
) -> list[Candidate]:
    """Pick `count` questions: on-topic first, unseen before seen, nearest difficulty, mixed."""
    wanted = frozenset(skills) | GENERAL_SKILLS
    level = LEVELS[difficulty]
    # Draw noise in a fixed order so the same seed gives the same interview.
    noise = {c.id: rng.random() for c in sorted(candidates, key=lambda c: c.id)}

    def rank(candidate: Candidate) -> tuple[bool, bool, int, int, float]:
        return (
            _is_off_topic(candidate, frozenset(skills)),
            candidate.id in recently_seen,
            -_relevance(candidate, wanted),
            abs(LEVELS.get(candidate.difficulty, 1) - level),
            noise[candidate.id],
        )

    ranked = sorted(candidates, key=rank)
    picked: list[Candidate] = []
    for category, quota in category_quotas(count).items():
        on_topic = [
            c for c in ranked if c.category == category and not _is_off_topic(c, frozenset(skills))
        ]
        picked += on_topic[:quota]
    # Fill any shortfall (a thin category, an off-topic bank) with the best of the rest.
    chosen = {c.id for c in picked}
    picked += [c for c in ranked if c.id not in chosen][: count - len(picked)]
    return order_for_asking(picked)


def order_for_asking(questions: list[Candidate]) -> list[Candidate]:
    """Interleave categories, easier first within each, starting with a behavioural opener."""
    queues = {
        cat: sorted(
            (q for q in questions if q.category == cat), key=lambda q: LEVELS.get(q.difficulty, 1)
        )
        for cat in ASKING_ORDER
    }
    others = [q for q in questions if q.category not in queues]
    ordered: list[Candidate] = []
    while any(queues.values()):
        for cat in ASKING_ORDER:
            if queues[cat]:
                ordered.append(queues[cat].pop(0))
    return ordered + others
