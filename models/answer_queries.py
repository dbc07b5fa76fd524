"""SQL over answers shared by the result page (API), the aggregate stage and the sweeper."""

from __future__ import annotations

# Answer `a` is the latest attempt at its question: earlier ones were superseded by the user.
IS_LATEST_ATTEMPT = (
    "a.attempt = (SELECT MAX(b.attempt) FROM answers b "
    "WHERE b.interview = a.interview AND b.question = a.question)"
)
# Constant fragments only (no input is formatted in), hence the noqa.
LATEST_ANSWERS = (
    "SELECT a.question, a.status, a.analysis FROM answers a "  # noqa: S608
    f"WHERE a.interview = {{}} AND {IS_LATEST_ATTEMPT}"
)
# The same, with what the result page shows of each (the user's own words and scores).
LATEST_ANSWERS_WITH_QUESTIONS = (
    "SELECT a.question AS question_id, q.text AS question_text, a.id AS answer_id, a.status, "  # noqa: S608
    "a.transcription, a.analysis, a.error FROM answers a JOIN questions q ON q.id = a.question "
    "JOIN interview_questions iq ON iq.interview = a.interview AND iq.question = a.question "
    f"WHERE a.interview = {{}} AND {IS_LATEST_ATTEMPT} ORDER BY iq.position"
)
