"""A spoken answer in the candidate's own words gets its key points, quoted, through the API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.bank import text_key
from models.tables import InterviewQuestion, Question
from tests.audio import speak
from tests.helpers import AsyncTestClient, create_interview, signed_in, upload_answer
from tests.integration.pipeline.flow import settled_answer

pytestmark = pytest.mark.usefixtures("worker")
TUPLES = (
    "What is the difference between a list and a tuple in Python, and when would you choose each?"
)
# None of the key points' own words ("mutable", "hashable", "records"...) is said.
PARAPHRASE = (
    "A list can grow. You append and remove things as you go. "
    "A tuple stays fixed once you create it. "
    "Since it never changes, you can use a tuple as a dictionary key."
)


async def _ask(client: AsyncTestClient, headers: dict[str, str], question: str) -> tuple[str, str]:
    """An interview whose one question is the bank's `question`."""
    interview = await create_interview(client, headers, questionCount=1)
    bank = await Question.select(Question.id).where(Question.text_key == text_key(question)).first()
    assert bank is not None
    await InterviewQuestion.update({InterviewQuestion.question: bank["id"]}).where(
        InterviewQuestion.interview == interview["id"]
    )
    return interview["id"], str(bank["id"])


async def test_a_spoken_paraphrase_gets_its_key_points_with_quotes(
    client: AsyncTestClient, tmp_path: Path
) -> None:
    headers = await signed_in(client)
    interview_id, question_id = await _ask(client, headers, TUPLES)
    recording = speak(PARAPHRASE, tmp_path / "paraphrase.wav", words_per_minute=140)
    upload = await upload_answer(client, headers, interview_id, question_id, recording)
    assert upload.status_code == 202, upload.text
    answer = await settled_answer(client, headers, upload.json()["id"])
    assert answer["status"] == "done", answer
    said = [w["text"].strip() for w in answer["transcription"]["words"]]
    points = answer["analysis"]["content"]["keyPoints"]
    assert [p["point"] for p in points][:2] == [
        "lists are mutable, tuples are immutable",
        "tuples are hashable and can be dictionary keys",
    ]
    assert points[0]["covered"], points
    assert points[1]["covered"], points
    for point in points[:2]:
        quote = point["quote"].split()
        assert any(said[i : i + len(quote)] == quote for i in range(len(said))), point
        assert 0 <= point["start"] < point["end"] <= answer["transcription"]["duration"]
    strengths = answer["analysis"]["strengths"]
    assert strengths[0].startswith("You made ")
    # What was said is never listed as missing.
    missing = " ".join(answer["analysis"]["improvements"])
    assert "lists are mutable" not in missing


def test_the_analyse_command_transcribes_and_scores_a_recording(tmp_path: Path) -> None:
    recording = speak(PARAPHRASE, tmp_path / "paraphrase.wav", words_per_minute=140)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from api.cli import main; main()",
            "analyse",
            str(recording),
            "--question",
            TUPLES,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["delivery"]["wordCount"] > 20
    assert analysis["voice"] is not None  # measured from the recording itself
    covered = [p for p in analysis["content"]["keyPoints"] if p["covered"]]
    assert covered
    assert all(0 <= p["start"] < p["end"] for p in covered)
