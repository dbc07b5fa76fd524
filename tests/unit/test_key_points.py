"""Key points recognised in the speaker's own words, with the sentence that made each."""

from __future__ import annotations

import msgspec
import pytest

from bench.feedback_check import check_analysis
from pipeline.engines.analysis import AnswerAnalysis
from pipeline.engines.feedback import listed_terms
from pipeline.engines.key_points import judge
from pipeline.engines.measure import measure
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.transcript import typed_transcript

TUPLES = (
    "What is the difference between a list and a tuple in Python, and when would you choose each?"
)
TUPLE_POINTS = [
    "lists are mutable, tuples are immutable",
    "tuples are hashable and can be dictionary keys",
    "tuples suit fixed records, lists suit growing collections",
    "immutability makes intent clear",
]
TUPLE_CONCEPTS = [
    "tuple + immutable, not change, not modify, fixed, frozen, read only / list + mutable, "
    "change, modify, append, grow, add",
    "tuple + hashable, hash, dictionary key, dict key, key in a dict, set",
    "tuple + record, row, coordinate, pair, fixed / list + grow, collection, append, add",
    "intent, signal, reader, readable, communicate, tell + fixed, not change, immutable",
]


def _analysis(
    text: str,
    *,
    question: str = TUPLES,
    key_points: list[str] = TUPLE_POINTS,
    concepts: list[str] | None = TUPLE_CONCEPTS,
    category: str = "technical",
) -> AnswerAnalysis:
    facts = measure(
        typed_transcript(text),
        question_text=question,
        category=category,
        skills=["python"],
        key_points=key_points,
        audio=None,
        concepts=concepts,
    )
    analysis = rubric_analysis(facts)
    assert analysis is not None
    problems = check_analysis(msgspec.to_builtins(analysis), text.split())
    assert problems == []
    return analysis


def test_a_point_made_in_other_words_is_covered_with_its_sentence() -> None:
    words = typed_transcript(
        "You can keep appending to a list. A tuple, though, can't be changed once you build it."
    ).words
    [verdict] = judge(words, TUPLE_POINTS[:1], TUPLE_CONCEPTS[:1])
    assert verdict.covered
    assert verdict.quote == "You can keep appending to a list."
    assert verdict.start == 0.0
    assert verdict.end is not None
    assert verdict.end < words[7].start


def test_lemmas_meet_other_forms_of_the_same_word() -> None:
    words = typed_transcript("Tuples were frozen, and the lists kept growing.").words
    assert judge(words, TUPLE_POINTS[:1], TUPLE_CONCEPTS[:1])[0].covered


def test_a_long_sentence_is_quoted_from_the_clauses_that_make_the_point() -> None:
    text = (
        "Well, in my last project we had a huge amount of configuration flowing around, "
        "and there were many moving parts, and honestly the team argued a lot about style, "
        "but the thing I always come back to is that a tuple can be used as a key in a dict, "
        "which a list never can."
    )
    [verdict] = judge(typed_transcript(text).words, TUPLE_POINTS[1:2], TUPLE_CONCEPTS[1:2])
    assert verdict.quote == (
        "but the thing I always come back to is that a tuple can be used as a key in a dict,"
    )


def test_a_vague_answer_makes_no_point_and_scores_low() -> None:
    analysis = _analysis(
        "Both are useful data structures and the right choice really depends on the use case. "
        "I always think about performance, readability and best practices, and I make sure "
        "the code stays clean and maintainable for the whole team in the long run."
    )
    assert not any(k.covered for k in analysis.content.key_points)
    assert analysis.technical_score is not None
    assert analysis.technical_score <= 15
    assert not any("key point" in s for s in analysis.strengths)
    assert any(TUPLE_POINTS[0] in i for i in analysis.improvements)


def test_three_of_four_points_in_clear_sentences_score_at_least_70() -> None:
    analysis = _analysis(
        "A list can grow, you append and remove things as you go. A tuple is fixed once you "
        "create it. Because it never changes you can hash it, so a tuple works as a dictionary "
        "key, for example a pair of coordinates. I use tuples for records like a row from a "
        "query and lists for collections that keep growing."
    )
    assert [k.covered for k in analysis.content.key_points] == [True, True, True, False]
    assert analysis.technical_score is not None
    assert analysis.technical_score >= 70
    assert analysis.strengths[0].startswith("You made 3 of 4 key points:")
    assert analysis.improvements[0] == f"A strong answer would also cover: {TUPLE_POINTS[3]}."


def test_a_list_of_terms_covers_nothing_and_is_told_so() -> None:
    analysis = _analysis("Mutable, immutable, hashable, dictionary keys, records, tuples, lists.")
    assert analysis.content.terms_only
    assert not any(k.covered for k in analysis.content.key_points)
    assert analysis.technical_score == 0
    # The terms as the candidate said them, not split into words.
    assert analysis.improvements[0].startswith(
        "You listed terms (\u201cMutable\u201d, \u201cimmutable\u201d, \u201chashable\u201d)"
    )
    assert analysis.strengths == []  # no praise for how a list of buzzwords was said


def test_listed_terms_keep_multi_word_terms_whole() -> None:
    assert listed_terms("Window functions, ROW_NUMBER, partition by category and ties.") == [
        "Window functions",
        "ROW_NUMBER",
        "partition by category",
        "ties",
    ]
    # Sentences are not a list of terms.
    assert listed_terms("I would rank rows per category with a window function, then filter.") == []


@pytest.mark.parametrize(
    "text",
    [
        "I don't know, sorry.",
        "Honestly I'm not sure, I've never really used tuples.",
        "Hmm, I can't think of anything right now, nothing comes to mind.",
    ],
)
def test_i_dont_know_gets_one_improvement_saying_what_the_question_was_after(text: str) -> None:
    analysis = _analysis(text)
    assert analysis.content.declined
    assert analysis.technical_score is not None
    assert analysis.technical_score <= 15
    assert analysis.confidence_score is not None
    assert analysis.confidence_score <= 25  # not "confident" about having no answer
    assert analysis.strengths == []
    [improvement] = analysis.improvements
    assert all(point in improvement for point in TUPLE_POINTS)


def test_without_authored_concepts_the_key_points_own_words_count_as_lemmas() -> None:
    words = typed_transcript("Offset pagination slowed down badly on deep pages.").words
    [verdict] = judge(words, ["offset pagination slows down on deep pages"])
    assert verdict.covered
