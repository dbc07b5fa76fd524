"""The PDF report as a candidate reads it: text read back with pypdf, charts looked at in pixels."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PIL import Image
from pypdf import PdfReader

from api.interviews.schemas import InterviewQuestionOut
from api.results import fonts
from api.results.charts import DIMENSION_BOX, TREND_BOX, Box
from api.results.report_answers import delivery_facts
from api.results.report_pdf import render_pdf
from api.results.schemas import ResultAnswer, ResultOut
from api.users.stats import TrendPoint

NAME = "Zoë Łukasz 李"
JOB_TITLE = f"Backend Engineer in {NAME}'s team"
DONE = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)
QUOTE = f"an index lets the database find rows without scanning, as {NAME} showed me"
MISSED = "Names the column order of a composite index"
SKIPPED = "Describe how you would design a rate limiter for a public API."
DPI = 50


def _analysis(technical: int, clarity: int) -> dict[str, Any]:
    return {
        "technicalScore": technical,
        "clarityScore": clarity,
        "confidenceScore": 45,
        "voiceToneScore": None,
        "delivery": {
            "wordsPerMinute": 142,
            "speakingSeconds": 76.4,
            "fillerCount": 1,
            "fillersPer100Words": 0.6,
            "longPauses": 2,
            "longestPauseSeconds": 3.24,
        },
        "content": {
            "keyPoints": [
                {
                    "point": "Explains what an index is",
                    "covered": True,
                    "quote": QUOTE,
                    "start": 12.3,
                },
                {"point": MISSED, "covered": False},
            ]
        },
        "strengths": ["Concrete example from a real project"],
        "improvements": ["Say when an index hurts: write-heavy tables"],
    }


def _answer(text: str, technical: int, clarity: int) -> ResultAnswer:
    return ResultAnswer(
        question_id=uuid.uuid4(),
        question_text=text,
        answer_id=uuid.uuid4(),
        status="done",
        transcription={"text": f"I worked with {NAME} on it. " + "We measured first. " * 40},
        analysis=_analysis(technical, clarity),
        error=None,
    )


def _question(text: str, status: str, question_id: uuid.UUID | None = None) -> InterviewQuestionOut:
    return InterviewQuestionOut(
        question_id=question_id or uuid.uuid4(),
        order=0,
        status=status,
        question_text=text,
        category="technical",
        difficulty="medium",
        skills=[],
        expected_answer_duration=120,
    )


def _report(**overrides: Any) -> tuple[ResultOut, list[TrendPoint], list[InterviewQuestionOut]]:
    first = _answer(
        "How do database indexes speed up queries, and when would you avoid one?", 78, 64
    )
    second = _answer("Tell me about a time you disagreed with a colleague.", 55, 81)
    questions = [
        _question(first.question_text, "answered", first.question_id),
        _question(SKIPPED, "skipped"),
        _question(second.question_text, "answered", second.question_id),
    ]
    result = ResultOut(
        id=uuid.uuid4(),
        interview_id=uuid.uuid4(),
        job_title=JOB_TITLE,
        difficulty="medium",
        overall_score=68,
        confidence_score=58,
        clarity_score=72,
        technical_score=67,
        body_language_score=None,
        voice_tone_score=None,
        total_questions=3,
        questions_answered=2,
        generated_at=DONE,
        strengths=["You explained trade-offs with examples"],
        improvements=["Pause less before answering"],
        summary="A solid interview with room to speak more confidently.",
        answers=[first, second],
    )
    result = msgspec.structs.replace(result, **overrides)
    past = [(40, 45), (30, 52), (21, 61), (9, 58)]
    trend = [TrendPoint(uuid.uuid4(), DONE - timedelta(days=d), s) for d, s in past]
    return result, [*trend, TrendPoint(result.interview_id, DONE, result.overall_score)], questions


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _first_page(pdf: bytes, tmp_path: Path) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install Debian's poppler-utils to look at the charts")
    (tmp_path / "report.pdf").write_bytes(pdf)
    out = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(tmp_path / "report.pdf"), str(out)],
        check=True,
    )
    return Image.open(f"{out}.png").convert("RGB")


def _pixels(page: Image.Image, box: Box) -> list[tuple[int, int, int]]:
    scale = DPI / 25.4
    corners = (box.x, box.y, box.x + box.w, box.y + box.h)
    return list(page.crop(tuple(round(mm * scale) for mm in corners)).getdata())


def _coloured(pixel: tuple[int, int, int]) -> bool:
    return max(pixel) - min(pixel) > 60  # a saturated colour, not grey text or gridlines


def _inked(pixel: tuple[int, int, int]) -> bool:
    return min(pixel) < 200


def test_the_report_prints_names_scores_quotes_and_skipped_questions() -> None:
    text = _text(render_pdf(*_report()))
    assert NAME in text
    assert JOB_TITLE in text
    assert "28 November 2026" in text
    assert "Overall: 68/100" in text
    assert f"\u201c{QUOTE}\u201d (at 0:12)" in text
    assert MISSED in text
    assert f"{SKIPPED} Skipped" in text
    assert "1 filler word (0.6 per 100 words)" in text
    assert "Page 1 of 3" in text


def test_the_charts_are_drawn_where_the_layout_puts_them(tmp_path: Path) -> None:
    page = _first_page(render_pdf(*_report()), tmp_path)
    bars = _pixels(page, DIMENSION_BOX)
    assert 0.1 < sum(map(_coloured, bars)) / len(bars) < 0.6  # bars, not a filled block
    trend = _pixels(page, TREND_BOX)
    assert 0.01 < sum(map(_inked, trend)) / len(trend) < 0.3  # a line, not a filled block
    orange = [p for p in trend if p[0] > 200 and 90 < p[1] < 160 and p[2] < 90]
    assert orange, "this interview is not highlighted on the trend"


def test_dimensions_never_measured_get_words_not_bars(tmp_path: Path) -> None:
    unmeasured = dict.fromkeys(
        ("technical_score", "clarity_score", "confidence_score", "voice_tone_score")
    )
    pdf = render_pdf(*_report(**unmeasured))
    bars = _pixels(_first_page(pdf, tmp_path), DIMENSION_BOX)
    assert sum(map(_coloured, bars)) == 0
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert first_page.count("not measured") == 4


def test_a_first_interview_says_there_is_no_trend_yet() -> None:
    result, _, questions = _report()
    only = [TrendPoint(result.interview_id, DONE, result.overall_score)]
    assert "This is your first completed interview" in _text(render_pdf(result, only, questions))


def test_an_unscored_interview_is_not_called_the_first_one() -> None:
    result, _, questions = _report(overall_score=None, questions_answered=0, answers=[])
    earlier = [TrendPoint(uuid.uuid4(), DONE - timedelta(days=3), 61)]
    text = _text(
        render_pdf(result, [*earlier, TrendPoint(result.interview_id, DONE, None)], questions)
    )
    assert "This interview has no overall score" in text
    assert "first completed interview" not in text
    assert "No question was answered" in text


def test_an_unreadable_font_file_falls_back_rather_than_failing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 not really a font" * 50)
    monkeypatch.setattr(fonts, "find_fonts", lambda: fonts.FontFiles(broken, broken, None))
    text = _text(render_pdf(*_report()))
    assert "Backend Engineer in Zoë ?ukasz ?'s team" in text


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float]]:
    """(word, left, top, right) in points, as poppler lays the text out."""
    (tmp_path / "words.pdf").write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "words.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    return [(word, float(left), float(top), float(right)) for left, top, right, word in found]


def test_question_headings_are_left_aligned_not_stretched(tmp_path: Path) -> None:
    # A long last word wraps, leaving the first line short: justified, its gaps would widen.
    heading = "Which settings would you tune first? " + "connection_pool_" * 6 + "timeouts"
    result, trend, _ = _report()
    answer = msgspec.structs.replace(result.answers[0], question_text=heading)
    words = _words(
        render_pdf(msgspec.structs.replace(result, answers=[answer]), trend, []), tmp_path
    )
    [(_, left, top, _)] = [w for w in words if w[0] == "Which"]
    line = [w for w in words if w[2] == top]
    gaps = [b[1] - a[3] for a, b in itertools.pairwise(line)]
    assert left == pytest.approx(18 * 72 / 25.4, abs=1)  # at the left margin
    assert len(gaps) == 5
    assert max(gaps) < 6  # points: one ordinary space at 11.5 pt, not stretched to the margin


def test_without_the_fonts_the_report_falls_back_to_latin1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "find_fonts", lambda: None)
    text = _text(render_pdf(*_report()))
    assert "Backend Engineer in Zoë ?ukasz ?'s team" in text
    assert f"{SKIPPED} Skipped" in text


def test_delivery_reads_in_words_with_the_right_plurals() -> None:
    one = dict(delivery_facts({"fillerCount": 1, "fillersPer100Words": 0.8, "longPauses": 1}))
    assert one["Filler words"] == "1 filler word (0.8 per 100 words)"
    assert one["Long pauses"] == "1 long pause"  # the longest was not recorded
    many = dict(delivery_facts({"fillerCount": 3, "longPauses": 0, "speakingSeconds": 65}))
    assert many["Filler words"].startswith("3 filler words")
    assert many["Long pauses"] == "none"
    assert many["Speaking time"] == "1 min 05 s"
    assert many["Pace"] == "not measured"
