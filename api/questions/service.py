"""Rules about the bank: loading, admin additions, listing, and candidates for interviews."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import msgspec
from piccolo.columns.combination import Combinable

from api.errors import Conflict
from api.pagination import PageParams
from api.questions.schemas import QuestionIn, QuestionOut
from api.questions.selection import LEVELS, Candidate
from api.shaping import Page, page_of, shape
from core.bank import BankQuestion, read_bank, text_key
from core.skills import normalise_skill, normalise_skills
from models.db import transaction
from models.sql import LIKE_ESCAPE, Where, contains_pattern, fetch_page
from models.tables import Question, QuestionSkill

JSON_FIELDS = ("skills", "key_points")


async def insert_questions(
    questions: Sequence[BankQuestion],
    *,
    is_ai_generated: bool = False,
    created_by: uuid.UUID | None = None,
    shared: bool = True,
) -> list[tuple[uuid.UUID, BankQuestion]]:
    """Insert the questions not already in the bank (by wording); return them with new ids."""
    keys = {text_key(q.text): q for q in questions}
    async with transaction():
        existing = await Question.select(Question.text_key).where(
            Question.text_key.is_in(list(keys))
        )
        new = [
            (key, q) for key, q in keys.items() if key not in {row["text_key"] for row in existing}
        ]
        rows = [
            Question(
                text=q.text,
                text_key=key,
                category=q.category,
                difficulty=q.difficulty,
                skills=msgspec.json.encode(q.skills).decode(),
                key_points=msgspec.json.encode(q.key_points).decode(),
                expected_answer_duration=q.expected_answer_duration,
                is_ai_generated=is_ai_generated,
                created_by=created_by,
                shared=shared,
            )
            for key, q in new
        ]
        if rows:
            await Question.insert(*rows)
            tags = [
                QuestionSkill(question=row.id, skill=skill)
                for row, (_, q) in zip(rows, new, strict=True)
                for skill in q.skills
            ]
            if tags:
                await QuestionSkill.insert(*tags)
    return [(row.id, q) for row, (_, q) in zip(rows, new, strict=True)]


async def load_bank() -> tuple[int, int]:
    """Load the shipped bank; return (added, already present). Safe to run again."""
    questions = read_bank()
    added = await insert_questions(questions)
    return len(added), len(questions) - len(added)


async def get_question(question_id: uuid.UUID) -> QuestionOut | None:
    """One bank question with its usage figures."""
    page = await list_bank(PageParams(page=1, page_size=1), question_id=question_id)
    return page.items[0] if page.items else None


async def create_question(data: QuestionIn, *, created_by: uuid.UUID) -> QuestionOut:
    """Add a question written by an admin; 409 if the bank already has that wording."""
    question = BankQuestion(
        text=" ".join(data.question_text.split()),
        category=data.category,
        difficulty=data.difficulty,
        skills=normalise_skills(data.skills),
        expected_answer_duration=data.expected_answer_duration,
        key_points=[" ".join(p.split()) for p in data.key_points],
    )
    added = await insert_questions([question], created_by=created_by)
    if not added:
        raise Conflict("The bank already has a question with this wording.")
    created = await get_question(added[0][0])
    assert created is not None
    return created


async def list_bank(
    params: PageParams,
    *,
    category: str | None = None,
    difficulty: str | None = None,
    skill: str | None = None,
    search: str | None = None,
    question_id: uuid.UUID | None = None,
) -> Page[QuestionOut]:
    """Bank questions, most used first, with usage count and average answer score."""
    where = Where()
    if question_id is not None:
        where.add("q.id = {}", question_id)
    if category:
        where.add("q.category = {}", category)
    if difficulty:
        where.add("q.difficulty = {}", difficulty)
    if skill:
        where.add(
            "q.id IN (SELECT question FROM question_skills WHERE skill = {})",
            normalise_skill(skill),
        )
    if search:
        where.add(f"LOWER(q.text) LIKE {{}} {LIKE_ESCAPE}", contains_pattern(search))
    rows, total = await fetch_page(
        "q.id, q.text AS question_text, q.category, q.difficulty, q.skills, q.key_points, "
        "q.expected_answer_duration, q.is_ai_generated, q.usage_count, q.created_at, "
        "(SELECT CAST(ROUND(AVG(iq.score)) AS INTEGER) FROM interview_questions iq "
        "WHERE iq.question = q.id AND iq.score IS NOT NULL) AS average_score",
        "questions q",
        where,
        "q.usage_count DESC, q.created_at DESC, q.id",
        limit=params.page_size,
        offset=params.offset,
    )
    items = [shape(row, QuestionOut, json_fields=JSON_FIELDS) for row in rows]
    return page_of(items, page=params.page, page_size=params.page_size, total=total)


async def candidates_for(difficulty: str, user_id: uuid.UUID | None = None) -> list[Candidate]:
    """Shared bank questions (and the user's own generated ones) near the wanted difficulty."""
    level = LEVELS[difficulty]
    near = [name for name, value in LEVELS.items() if abs(value - level) <= 1]
    visible: Combinable = Question.shared.eq(True)
    if user_id is not None:
        visible = visible | (Question.created_by == user_id)
    rows = (
        await Question.select(Question.id, Question.category, Question.difficulty, Question.skills)
        .where(Question.difficulty.is_in(near) & visible)
        .output(load_json=True)
    )
    return [
        Candidate(row["id"], row["category"], row["difficulty"], frozenset(row["skills"]))
        for row in rows
    ]


async def count_usage(question_ids: list[uuid.UUID]) -> None:
    """Record that these questions were put in an interview."""
    await Question.update({Question.usage_count: Question.usage_count + 1}).where(
        Question.id.is_in(question_ids)
    )


async def share_question(question_id: uuid.UUID) -> bool:
    """An admin approves a generated question into the shared bank; False if there is none."""
    rows = await (
        Question.update({Question.shared: True})
        .where(Question.id == question_id)
        .returning(Question.id)
    )
    return bool(rows)
