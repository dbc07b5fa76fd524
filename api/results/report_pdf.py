"""The result as a printable PDF report (GET /api/results/:id/report, Accept: application/pdf)."""

from __future__ import annotations

from datetime import datetime

import msgspec
from fpdf.enums import XPos, YPos

from api.interviews.schemas import InterviewQuestionOut
from api.results.charts import DIMENSION_BOX, TREND_BOX, dimension_chart, trend_chart
from api.results.pdf_document import (
    MARGIN,
    MUTED,
    NAVY,
    NOT_MEASURED_TINT,
    RULE,
    ReportDocument,
    band,
    score_text,
)
from api.results.report_answers import answer_pages, entries
from api.results.schemas import ResultOut
from api.users.stats import TrendPoint
from core.wording import plural

DIMENSIONS = (
    ("Technical", "technical_score"),
    ("Clarity", "clarity_score"),
    ("Confidence", "confidence_score"),
    ("Voice tone", "voice_tone_score"),
)
BADGE_W, BADGE_H = 58.0, 24.0  # mm, the overall score in the top right corner
TITLE_W = 210 - 2 * MARGIN - BADGE_W - 6
TITLE_SIZES = (18, 16, 14)  # pt, the largest that fits the job title on two lines
HEADER_RULE_Y = 54.0  # mm


def long_date(moment: datetime) -> str:
    """28 November 2026."""
    return f"{moment.day} {moment:%B %Y}"


def _title_lines(pdf: ReportDocument, text: str, size: float) -> list[str]:
    pdf.style(size, bold=True)
    return pdf.lines_of(text, TITLE_W, size * 0.42)


def _fit_title(pdf: ReportDocument, title: str) -> tuple[float, str]:
    text = pdf.clean(title)
    for size in TITLE_SIZES:
        if len(_title_lines(pdf, text, size)) <= 2:
            return size, text
    while len(_title_lines(pdf, text + "...", TITLE_SIZES[-1])) > 2:
        text = text[:-4].rstrip()
    return TITLE_SIZES[-1], text + "..."


def _overall_badge(pdf: ReportDocument, score: int | None, answered: int) -> None:
    colour, tint, word = band(score) if score is not None else (MUTED, NOT_MEASURED_TINT, "")
    x, y = 210 - MARGIN - BADGE_W, MARGIN + 2
    pdf.set_fill_color(*tint)
    pdf.rect(x, y, BADGE_W, BADGE_H, style="F", round_corners=True, corner_radius=2)
    pdf.set_xy(x + 4, y + 4)
    pdf.style(15 if score is not None else 11, colour, bold=True)
    pdf.multi_cell(BADGE_W - 8, 8, f"Overall: {score_text(score)}", align="L")
    pdf.set_xy(x + 4, y + 13.5)
    pdf.style(9.5, colour)
    unscored = "No answer could be scored" if answered else "No question was answered"
    pdf.multi_cell(BADGE_W - 8, 5, word or unscored, align="L")


def _header(pdf: ReportDocument, result: ResultOut) -> None:
    pdf.set_xy(MARGIN, MARGIN)
    pdf.style(8, MUTED, bold=True)
    pdf.multi_cell(TITLE_W, 4, "INTERVIEW COACH \u00b7 PRACTICE REPORT", align="L")
    pdf.set_xy(MARGIN, MARGIN + 6)
    size, title = _fit_title(pdf, result.job_title)
    pdf.style(size, NAVY, bold=True)
    pdf.multi_cell(TITLE_W, size * 0.42, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    pdf.style(10, bold=True)
    pdf.multi_cell(
        TITLE_W, 5, long_date(result.generated_at), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.style(9.5, MUTED)
    answered = f"{result.questions_answered} of {plural(result.total_questions, 'question')}"
    pdf.multi_cell(
        TITLE_W, 5, f"{result.difficulty.capitalize()} interview, {answered} answered", align="L"
    )
    _overall_badge(pdf, result.overall_score, result.questions_answered)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, HEADER_RULE_Y, 210 - MARGIN, HEADER_RULE_Y)


def _chart_title(pdf: ReportDocument, y: float, title: str) -> None:
    pdf.set_xy(MARGIN, y)
    pdf.style(12, NAVY, bold=True)
    pdf.multi_cell(0, 6, title, align="L")


def _charts(pdf: ReportDocument, result: ResultOut, trend: list[TrendPoint]) -> None:
    _chart_title(pdf, DIMENSION_BOX.y - 8, "Scores by dimension")
    dimension_chart(pdf, [(name, getattr(result, key)) for name, key in DIMENSIONS])
    pdf.set_xy(MARGIN, DIMENSION_BOX.y + DIMENSION_BOX.h + 1)
    pdf.style(8, MUTED)
    pdf.multi_cell(
        0,
        4,
        "Voice tone is an acoustic estimate from the pitch and loudness of your voice, "
        "not a judgement of what you said.",
        align="L",
    )
    _chart_title(pdf, TREND_BOX.y - 8, "Your overall score over time")
    trend_chart(pdf, trend, result.interview_id)
    pdf.set_xy(MARGIN, TREND_BOX.y + TREND_BOX.h + 2)


def _overview(pdf: ReportDocument, result: ResultOut) -> None:
    if result.summary:
        pdf.section("Summary")
        pdf.paragraph(result.summary)
    for title, items in (("Strengths", result.strengths), ("To improve", result.improvements)):
        if items:
            pdf.section(title)
            pdf.bullets(items)


def _all_text(result: ResultOut, questions: list[InterviewQuestionOut]) -> str:
    # msgspec writes non-ASCII as is, so this holds every character the report prints.
    return msgspec.json.encode([result, questions]).decode()


def render_pdf(
    result: ResultOut, trend: list[TrendPoint], questions: list[InterviewQuestionOut]
) -> bytes:
    """The report: header, score charts, overview, then every question in asking order."""
    pdf = ReportDocument(
        _all_text(result, questions), f"Interview Coach report, {long_date(result.generated_at)}"
    )
    pdf.set_title(pdf.clean(f"Interview Coach report: {result.job_title}"))
    pdf.add_page()
    _header(pdf, result)
    _charts(pdf, result, trend)
    _overview(pdf, result)
    # The answers start a page of their own: the overview is page one's story.
    pdf.add_page()
    pdf.section("Your answers")
    answer_pages(pdf, entries(result.answers, questions))
    return bytes(pdf.output())
