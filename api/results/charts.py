"""The report's two charts, drawn as vector shapes: scores by dimension and the score trend."""

from __future__ import annotations

import uuid
from typing import NamedTuple

from fpdf.enums import XPos, YPos

from api.results.pdf_document import (
    HIGHLIGHT,
    INK,
    MUTED,
    NAVY,
    RULE,
    TRACK,
    WHITE,
    ReportDocument,
    band,
)
from api.users.stats import TrendPoint


class Box(NamedTuple):
    """A rectangle on page 1, in mm from the top left corner."""

    x: float
    y: float
    w: float
    h: float


# Fixed places on page 1, so a test can look at exactly where the charts are.
DIMENSION_BOX = Box(18, 66, 174, 34)
TREND_BOX = Box(18, 121, 174, 58)
TICKS = (0, 25, 50, 75, 100)
ROW = 7.0  # mm per dimension
LABEL_W = 32.0  # mm of dimension names left of the bars
VALUE_W = 14.0  # mm of scores right of the bars
AXIS_W = 10.0  # mm of trend axis labels
TREND_PAD = 8.0  # mm between the plot's sides and its first and last points
FIRST_INTERVIEW = (
    "This is your first completed interview, so there is no trend yet: "
    "your next interviews will be drawn here beside it."
)
NO_SCORES = "No overall score yet: the trend starts with your first scored interview."
THIS_UNSCORED = "This interview has no overall score, so it is not on the trend."


def _bar_span(box: Box) -> tuple[float, float]:
    return box.x + LABEL_W, box.w - LABEL_W - VALUE_W


def _dimension_grid(pdf: ReportDocument, box: Box, bottom: float) -> None:
    left, width = _bar_span(box)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.style(7, MUTED)
    for tick in TICKS:
        x = left + width * tick / 100
        pdf.line(x, box.y, x, bottom)
        pdf.set_xy(x - 6, bottom + 0.8)
        pdf.multi_cell(12, 3, str(tick), align="C")


def _dimension_row(pdf: ReportDocument, box: Box, y: float, name: str, score: int | None) -> None:
    left, width = _bar_span(box)
    pdf.set_xy(box.x, y)
    pdf.style(9.5)
    pdf.multi_cell(LABEL_W - 2, ROW, name, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
    if score is None:
        _words_on_white(pdf, left + 1, y + 1.5, "not measured")
        return
    colour, _, _ = band(score)
    pdf.set_fill_color(*TRACK)
    pdf.rect(left, y + 1.5, width, ROW - 3, style="F")
    pdf.set_fill_color(*colour)
    pdf.rect(left, y + 1.5, max(width * score / 100, 0.6), ROW - 3, style="F")
    pdf.set_xy(left + width, y)
    pdf.style(9.5, INK, bold=True)
    pdf.multi_cell(VALUE_W, ROW, str(score), align="R")


def _words_on_white(pdf: ReportDocument, x: float, y: float, text: str) -> None:
    # White behind the words, so no gridline runs through them.
    pdf.style(8.5, MUTED)
    pdf.set_fill_color(*WHITE)
    pdf.set_xy(x, y)
    pdf.multi_cell(
        pdf.get_string_width(text) + 3, ROW - 3, text, align="L", fill=True, padding=(0, 1)
    )


def dimension_chart(pdf: ReportDocument, scores: list[tuple[str, int | None]]) -> None:
    """One 0-100 bar per dimension; a dimension never measured gets words, not a bar."""
    box = DIMENSION_BOX
    bottom = box.y + ROW * len(scores)
    _dimension_grid(pdf, box, bottom)
    for row, (name, score) in enumerate(scores):
        _dimension_row(pdf, box, box.y + row * ROW, name, score)


def _plot_area(box: Box) -> Box:
    return Box(box.x + AXIS_W, box.y + 4, box.w - AXIS_W - 2, box.h - 14)


def _trend_axes(pdf: ReportDocument, plot: Box) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.style(7, MUTED)
    for tick in TICKS:
        y = plot.y + plot.h * (1 - tick / 100)
        pdf.line(plot.x, y, plot.x + plot.w, y)
        pdf.set_xy(plot.x - AXIS_W, y - 1.5)
        pdf.multi_cell(AXIS_W - 1.5, 3, str(tick), align="R")


def _date_label(point: TrendPoint, with_year: bool) -> str:
    day = point.completed_at
    return f"{day.day} {day:%b %y}" if with_year else f"{day.day} {day:%b}"


def _point_xs(plot: Box, count: int) -> list[float]:
    if count == 1:
        return [plot.x + TREND_PAD]
    step = (plot.w - 2 * TREND_PAD) / (count - 1)
    return [plot.x + TREND_PAD + i * step for i in range(count)]


def _trend_point(pdf: ReportDocument, x: float, y: float, score: int, current: bool) -> None:
    pdf.set_draw_color(*WHITE)
    pdf.set_line_width(0.5)
    pdf.set_fill_color(*(HIGHLIGHT if current else NAVY))
    pdf.circle(x, y, 2.2 if current else 1.3, style="DF")
    pdf.set_xy(x - 6, y - 6.5)
    pdf.style(8 if current else 7, HIGHLIGHT if current else INK, bold=current)
    pdf.multi_cell(12, 3.5, str(score), align="C")


def _trend_note(pdf: ReportDocument, plot: Box, text: str) -> None:
    # Right of the lone point (drawn at the left edge), so the two never overlap; on white,
    # so no gridline runs through the words.
    left = plot.x + TREND_PAD + 12
    pdf.set_xy(left, plot.y + plot.h / 2 - 6)
    pdf.style(9.5, INK)
    pdf.set_fill_color(*WHITE)
    pdf.multi_cell(plot.x + plot.w - left, 5, text, align="L", fill=True, padding=1)


def trend_chart(pdf: ReportDocument, points: list[TrendPoint], current: uuid.UUID) -> None:
    """Overall score per completed interview, oldest first, this interview highlighted."""
    plot = _plot_area(TREND_BOX)
    _trend_axes(pdf, plot)
    scored = [p for p in points if p.overall_score is not None]
    xs = _point_xs(plot, len(scored))
    ys = [plot.y + plot.h * (1 - (p.overall_score or 0) / 100) for p in scored]
    if len(scored) > 1:
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(0.6)
        pdf.polyline(list(zip(xs, ys, strict=True)))
    with_year = len({p.completed_at.year for p in scored}) > 1
    for x, y, point in zip(xs, ys, scored, strict=True):
        _trend_point(pdf, x, y, point.overall_score or 0, point.interview_id == current)
        pdf.set_xy(x - 9, plot.y + plot.h + 1.5)
        pdf.style(7, MUTED)
        pdf.multi_cell(18, 3, _date_label(point, with_year), align="C")
    if len(scored) < 2:
        _trend_note(pdf, plot, _trend_note_text(scored, current))


def _trend_note_text(scored: list[TrendPoint], current: uuid.UUID) -> str:
    if not scored:
        return NO_SCORES
    return FIRST_INTERVIEW if scored[0].interview_id == current else THIS_UNSCORED
