"""`interview-coach analyse`: one answer's analysis as JSON, for operators and bank authors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from api.cli import main

TUPLES = (
    "What is the difference between a list and a tuple in Python, and when would you choose each?"
)


def test_a_typed_answer_to_a_bank_question_uses_the_banks_key_points() -> None:
    answer = (
        "A list can keep growing, you append to it. A tuple is fixed once you build it, "
        "and since it never changes you can hash it and use it as a key in a dict."
    )
    result = CliRunner().invoke(main, ["analyse", "--text", answer, "--question", TUPLES])
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.output)
    points = analysis["content"]["keyPoints"]
    assert [p["covered"] for p in points][:2] == [True, True]
    assert points[1]["quote"] == (
        "A tuple is fixed once you build it, and since it never changes you can hash it and "
        "use it as a key in a dict."
    )
    assert analysis["scoredBy"] == "rubric"


def test_other_questions_take_their_key_points_from_the_command_line() -> None:
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "--text",
            "I would version the API in the URL so old clients keep working.",
            "--question",
            "How do you evolve a public API?",
            "--key-point",
            "version the API",
            "--key-point",
            "deprecate with notice",
        ],
    )
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)["content"]["keyPoints"]
    assert [(p["point"], p["covered"]) for p in points] == [
        ("version the API", True),
        ("deprecate with notice", False),
    ]


def test_an_unknown_question_without_key_points_or_without_an_answer_is_refused() -> None:
    unknown = CliRunner().invoke(main, ["analyse", "--text", "Hello.", "--question", "Why?"])
    assert unknown.exit_code != 0
    assert "--key-point" in unknown.output
    nothing = CliRunner().invoke(main, ["analyse", "--question", TUPLES])
    assert nothing.exit_code != 0
    assert "AUDIO or --text" in nothing.output
