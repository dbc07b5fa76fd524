"""The report's pages per question: scores, delivery, key points, feedback and transcript."""

from __future__ import annotations

from typing import Any

from fpdf.enums import XPos, YPos

from api.interviews.schemas import InterviewQuestionOut
from api.results.pdf_document import (
    INK,
    KEEP_WITH_NEXT,
    LINE,
    MUTED,
    NAVY,
    NOT_MEASURED_TINT,
    Colour,
    ReportDocument,
    band,
    score_text,
)
from api.results.schemas import ResultAnswer
from core.wording import plural

ANSWER_SCORES = (
    ("Technical", "technicalScore"),
    ("Clarity", "clarityScore"),
    ("Confidence", "confidenceScore"),
    ("Voice tone", "voiceToneScore"),
)
CHIP_H = 11.0  # mm
CHIP_GAP = 3.0  # mm
FACT_LABEL_W = 32.0  # mm
HEADING_LINE = 6.0  # mm
TRANSCRIPT_INK: Colour = (73, 80, 87)
# Status of an interview question never answered -> what the report calls it.
UNANSWERED = {
    "skipped": ("Skipped", "You skipped this question."),
    "pending": ("Not answered", "No answer was recorded for this question."),
}
Entry = tuple[str, str, ResultAnswer | None]


def clock(seconds: float) -> str:
    """0:12, 1:05."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def delivery_facts(delivery: dict[str, Any]) -> list[tuple[str, str]]:
    """How the answer was spoken, in words a candidate reads without a glossary."""
    pace = delivery.get("wordsPerMinute")
    fillers = int(delivery.get("fillerCount") or 0)
    pauses = int(delivery.get("longPauses") or 0)
    rate = float(delivery.get("fillersPer100Words") or 0)
    longest = float(delivery.get("longestPauseSeconds") or 0)
    return [
        ("Pace", "not measured" if pace is None else f"{pace} words per minute"),
        (
            "Filler words",
            f"{plural(fillers, 'filler word')} ({rate:g} per 100 words)" if fillers else "none",
        ),
        ("Long pauses", _pauses(pauses, longest)),
        ("Speaking time", _duration(float(delivery.get("speakingSeconds") or 0))),
    ]


def entries(answers: list[ResultAnswer], questions: list[InterviewQuestionOut]) -> list[Entry]:
    """(question, status, answer) in asking order, the unanswered questions included."""
    by_question = {a.question_id: a for a in answers}
    asked = [(q.question_text, q.status, by_question.pop(q.question_id, None)) for q in questions]
    return asked + [(a.question_text, a.status, a) for a in by_question.values()]


def _heading(pdf: ReportDocument, number: int, total: int, text: str) -> None:
    pdf.style(11.5, NAVY, bold=True)
    lines = pdf.lines_of(text, pdf.epw, HEADING_LINE)
    pdf.ensure_space(max(KEEP_WITH_NEXT, len(lines) * HEADING_LINE + 16))
    pdf.gap(4)
    pdf.style(8, MUTED, bold=True)
    pdf.write_lines(f"QUESTION {number} OF {total}", 4.5)
    pdf.style(11.5, NAVY, bold=True)
    pdf.write_lines(text, HEADING_LINE)
    pdf.ln(1.5)


def _tag(pdf: ReportDocument, word: str, colour: Colour, tint: Colour) -> None:
    pdf.style(8.5, colour, bold=True)
    width = pdf.get_string_width(pdf.clean(word)) + 5
    pdf.set_fill_color(*tint)
    pdf.rect(pdf.l_margin, pdf.get_y(), width, 5.5, style="F", round_corners=True, corner_radius=1)
    pdf.set_x(pdf.l_margin + 2.5)
    pdf.multi_cell(width, 5.5, pdf.clean(word), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _score_chips(pdf: ReportDocument, analysis: dict[str, Any]) -> None:
    pdf.ensure_space(CHIP_H + 2)
    width = (pdf.epw - CHIP_GAP * (len(ANSWER_SCORES) - 1)) / len(ANSWER_SCORES)
    top = pdf.get_y()
    for i, (name, key) in enumerate(ANSWER_SCORES):
        score = analysis.get(key)
        colour, tint, _ = band(score) if score is not None else (MUTED, NOT_MEASURED_TINT, "")
        x = pdf.l_margin + i * (width + CHIP_GAP)
        pdf.set_fill_color(*tint)
        pdf.rect(x, top, width, CHIP_H, style="F", round_corners=True, corner_radius=1.5)
        pdf.set_xy(x + 2.5, top + 1.2)
        pdf.style(7.5, MUTED)
        pdf.multi_cell(width - 5, 3.8, name, align="L")
        pdf.set_xy(x + 2.5, top + 5.2)
        pdf.style(10 if score is not None else 8.5, colour, bold=score is not None)
        pdf.multi_cell(width - 5, 4.8, score_text(score), align="L")
    pdf.set_xy(pdf.l_margin, top + CHIP_H + 1)


def _facts(pdf: ReportDocument, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        pdf.ensure_space(LINE)
        pdf.style(9.5, MUTED)
        pdf.multi_cell(FACT_LABEL_W, LINE, label, align="L", new_y=YPos.TOP)
        pdf.style(9.5)
        pdf.multi_cell(0, LINE, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _key_points(pdf: ReportDocument, verdicts: list[dict[str, Any]]) -> None:
    made = [v for v in verdicts if v.get("covered")]
    missed = [v for v in verdicts if not v.get("covered")]
    if made:
        pdf.label("Key points you made")
        for v in made:
            quote = f"\u201c{v['quote']}\u201d" if v.get("quote") else None
            if quote and v.get("start") is not None:
                quote += f" (at {clock(v['start'])})"
            pdf.bullet(v["point"], quote)
    if missed:
        pdf.label("Key points you missed")
        pdf.bullets([v["point"] for v in missed])


def _feedback(pdf: ReportDocument, analysis: dict[str, Any]) -> None:
    _score_chips(pdf, analysis)
    pdf.label("How you spoke")
    _facts(pdf, delivery_facts(analysis.get("delivery") or {}))
    _key_points(pdf, (analysis.get("content") or {}).get("keyPoints") or [])
    for title, key in (("What went well", "strengths"), ("What to improve", "improvements")):
        if analysis.get(key):
            pdf.label(title)
            pdf.bullets(analysis[key])


def _answer(pdf: ReportDocument, answer: ResultAnswer) -> None:
    if answer.analysis:
        _feedback(pdf, answer.analysis)
    else:
        _tag(pdf, "Not scored", MUTED, NOT_MEASURED_TINT)
        reason = f": {answer.error}" if answer.error else "."
        pdf.paragraph(f"This answer could not be scored{reason}", MUTED)
    transcript = (answer.transcription or {}).get("text", "").strip()
    if transcript:
        pdf.label("Transcript")
        pdf.paragraph(transcript, TRANSCRIPT_INK, size=9.5)


def _unanswered(pdf: ReportDocument, status: str) -> None:
    word, sentence = UNANSWERED.get(status, UNANSWERED["pending"])
    _tag(pdf, word, INK, NOT_MEASURED_TINT)
    pdf.paragraph(sentence, MUTED)


def answer_pages(pdf: ReportDocument, items: list[Entry]) -> None:
    """Every question in asking order: its feedback, or that it was skipped or not answered."""
    for number, (text, status, answer) in enumerate(items, start=1):
        _heading(pdf, number, len(items), text)
        if answer is None:
            _unanswered(pdf, status)
        else:
            _answer(pdf, answer)


def _pauses(pauses: int, longest: float) -> str:
    if not pauses:
        return "none"
    said = plural(pauses, "long pause")
    # Analyses without the longest pause recorded say how many only.
    return f"{said}, the longest {longest:.1f} s" if longest else said
