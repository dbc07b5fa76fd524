"""The question bank shipped with the project, and its idempotent loader."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from api.questions.skills import normalise_skills

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


def text_key(text: str) -> str:
    """Identity of a question's wording: case, spacing and end punctuation do not count."""
    normalised = " ".join(text.lower().split()).rstrip("?.! ")
    return hashlib.sha256(normalised.encode()).hexdigest()


def parse_line(line: str, where: str) -> BankQuestion:
    """`category | difficulty | skills | seconds | question | key; points`."""
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 6:
        raise ValueError(f"{where}: expected 6 fields separated by |, got {len(parts)}")
    category, difficulty, skills, seconds, text, key_points = parts
    if category not in CATEGORIES or difficulty not in DIFFICULTIES:
        raise ValueError(f"{where}: unknown category or difficulty")
    return BankQuestion(
        text=text,
        category=category,
        difficulty=difficulty,
        skills=normalise_skills(skills.split(",")),
        expected_answer_duration=int(seconds),
        key_points=[point.strip() for point in key_points.split(";") if point.strip()],
    )


def read_bank(files: list[Path] = BANK_FILES) -> list[BankQuestion]:
    """Every question of the bank files, in file order."""
    questions = []
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                questions.append(parse_line(line, f"{path.name}:{number}"))
    return questions
