"""The question bank shipped with the project, and its idempotent loader."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from core.skills import normalise_skills

BANK_FILES = sorted(Path(__file__).parent.glob("bank_*.txt"))
CATEGORIES = ("behavioral", "technical", "situational")
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """One question as written in a bank file."""

    text: str
    category: str
    difficulty: str
    skills: list[str]
    expected_answer_duration: int
    key_points: list[str]
    # How each key point sounds in other words (pipeline/concepts.py); empty if not authored.
    concepts: list[str] = field(default_factory=list)


def text_key(text: str) -> str:
    """Identity of a question's wording: case, spacing and end punctuation do not count."""
    normalised = " ".join(text.lower().split()).rstrip("?.! ")
    return hashlib.sha256(normalised.encode()).hexdigest()


def parse_line(line: str, where: str) -> BankQuestion:
    """`category | difficulty | skills | seconds | question | key; points [| con; cepts]`."""
    parts = [part.strip() for part in line.split("|")]
    if len(parts) not in (6, 7):
        raise ValueError(f"{where}: expected 6 or 7 fields separated by |, got {len(parts)}")
    category, difficulty, skills, seconds, text, key_points = parts[:6]
    if category not in CATEGORIES or difficulty not in DIFFICULTIES:
        raise ValueError(f"{where}: unknown category or difficulty")
    points = [point.strip() for point in key_points.split(";") if point.strip()]
    concepts = [c.strip() for c in parts[6].split(";")] if len(parts) == 7 else []
    if concepts and len(concepts) != len(points):
        raise ValueError(f"{where}: {len(concepts)} concepts for {len(points)} key points")
    return BankQuestion(
        text=text,
        category=category,
        difficulty=difficulty,
        skills=normalise_skills(skills.split(",")),
        expected_answer_duration=int(seconds),
        key_points=points,
        concepts=concepts,
    )


def read_bank(files: list[Path] = BANK_FILES) -> list[BankQuestion]:
    """Every question of the bank files, in file order."""
    questions = []
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                questions.append(parse_line(line, f"{path.name}:{number}"))
    return questions


@cache
def _concepts_by_key() -> dict[str, BankQuestion]:
    return {text_key(q.text): q for q in read_bank() if q.concepts}


def concepts_for(question_text: str, key_points: list[str]) -> list[str] | None:
    """The bank's concepts for a question, if it is a bank question with unchanged key points."""
    question = _concepts_by_key().get(text_key(question_text))
    return question.concepts if question and question.key_points == key_points else None
