"""The shipped question bank is large, varied and well-formed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from core.bank import parse_line, read_bank, text_key


def test_bank_has_at_least_200_distinct_questions() -> None:
    bank = read_bank()
    assert len(bank) >= 200
    assert len({text_key(q.text) for q in bank}) == len(bank)


def test_bank_spreads_over_categories_and_difficulties() -> None:
    bank = read_bank()
    pairs = Counter((q.category, q.difficulty) for q in bank)
    for category in ("behavioral", "technical", "situational"):
        for difficulty in ("easy", "medium", "hard"):
            assert pairs[(category, difficulty)] >= 5, (category, difficulty)


def test_bank_covers_at_least_25_skills_across_the_expected_areas() -> None:
    skills = Counter(skill for q in read_bank() for skill in q.skills)
    assert len(skills) >= 25
    for area in (
        "python",
        "react",
        "postgresql",
        "aws",
        "system design",
        "data engineering",
        "testing",
        "leadership",
        "communication",
        "product management",
    ):
        assert skills[area] >= 3, area


def test_every_question_has_key_points_and_a_sensible_duration() -> None:
    for question in read_bank():
        assert len(question.key_points) >= 3, question.text
        assert 30 <= question.expected_answer_duration <= 600, question.text
        assert question.text.endswith(("?", ".")), question.text


def test_wording_identity_ignores_case_spacing_and_final_punctuation() -> None:
    assert text_key("What is  a list?") == text_key("what is a list")
    assert text_key("What is a list?") != text_key("What is a tuple?")


@pytest.mark.parametrize(
    "line",
    [
        "technical | easy | python | 90 | Too few fields",
        "quiz | easy | python | 90 | Question? | a; b; c",
        "technical | trivial | python | 90 | Question? | a; b; c",
    ],
)
def test_malformed_bank_lines_are_refused_with_their_location(line: str) -> None:
    with pytest.raises(ValueError, match=r"bank_x\.txt:7"):
        parse_line(line, "bank_x.txt:7")


def test_bank_files_are_the_only_source(tmp_path: Path) -> None:
    path = tmp_path / "bank_extra.txt"
    path.write_text("# comment\n\ntechnical | hard | Go, K8s | 120 | Why? | a; b; c\n")
    [question] = read_bank([path])
    assert question.skills == ["go", "kubernetes"]
