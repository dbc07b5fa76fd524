"""The result as a printable PDF report (GET /api/results/:id/report, Accept: application/pdf)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from api.results.schemas import ResultOut

# The PDF core fonts are Latin-1: common typography is mapped, anything else becomes "?".
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)
DIMENSIONS = (
    ("Overall", "overall_score"),
    ("Technical", "technical_score"),
    ("Clarity", "clarity_score"),
    ("Confidence", "confidence_score"),
    ("Voice tone (acoustic estimate)", "voice_tone_score"),
)


def plain(text: str) -> str:
    """Text the core fonts can draw."""
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _score(value: int | None) -> str:
    return "not measured" if value is None else f"{value}/100"


class _Report(FPDF):
    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, 8, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def bullets(self, items: list[str]) -> None:
        for item in items or ["-"]:
            self.paragraph(f"- {item}")


def _answer_block(pdf: _Report, number: int, answer: Any) -> None:
    pdf.heading(f"{number}. {answer.question_text}", size=11)
    analysis = answer.analysis or {}
    if analysis:
        scores = ", ".join(
            f"{name} {_score(analysis.get(key))}"
            for name, key in (
                ("technical", "technicalScore"),
                ("clarity", "clarityScore"),
                ("confidence", "confidenceScore"),
            )
        )
        pdf.paragraph(f"Scores: {scores}")
        _key_points(pdf, (analysis.get("content") or {}).get("keyPoints") or [])
    elif answer.error:
        pdf.paragraph(f"Not scored: {answer.error}")
    transcript = (answer.transcription or {}).get("text", "")
    if transcript:
        pdf.paragraph(f'Transcript: "{transcript}"')


def _key_points(pdf: _Report, verdicts: list[dict[str, Any]]) -> None:
    made = [v for v in verdicts if v.get("covered")]
    missed = [v["point"] for v in verdicts if not v.get("covered")]
    if made:
        pdf.paragraph("Key points made:")
        pdf.bullets(
            [f'{v["point"]}: "{v["quote"]}"' if v.get("quote") else v["point"] for v in made]
        )
    if missed:
        pdf.paragraph("Key points missed:")
        pdf.bullets(missed)


def render_pdf(result: ResultOut) -> bytes:
    """A one-file report: scores, strengths, improvements, summary and each answer."""
    pdf = _Report()
    pdf.set_title(plain(f"Interview Coach report: {result.job_title}"))
    pdf.add_page()
    pdf.heading(f"Interview Coach report: {result.job_title}", size=16)
    pdf.paragraph(
        f"{result.difficulty.capitalize()} interview, {result.questions_answered} of "
        f"{result.total_questions} questions answered. Generated "
        f"{result.generated_at:%Y-%m-%d %H:%M} UTC."
    )
    for name, key in DIMENSIONS:
        pdf.paragraph(f"{name}: {_score(getattr(result, key))}")
    pdf.heading("Summary")
    pdf.paragraph(result.summary)
    pdf.heading("Strengths")
    pdf.bullets(result.strengths)
    pdf.heading("To improve")
    pdf.bullets(result.improvements)
    pdf.heading("Answers")
    for number, answer in enumerate(result.answers, start=1):
        _answer_block(pdf, number, answer)
    return bytes(pdf.output())
