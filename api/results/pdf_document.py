"""The report's page: palette, margins, footer and the text blocks every section uses."""

from __future__ import annotations

from typing import cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from api.results.fonts import UNICODE_FAMILY, install_fonts, plain

Colour = tuple[int, int, int]

NAVY: Colour = (31, 58, 96)
INK: Colour = (33, 37, 41)
MUTED: Colour = (108, 117, 125)
RULE: Colour = (222, 226, 230)
TRACK: Colour = (238, 241, 244)
WHITE: Colour = (255, 255, 255)
HIGHLIGHT: Colour = (230, 126, 34)
# Score bands: (at least this score, strong colour, light tint, word).
BANDS: tuple[tuple[int, Colour, Colour, str], ...] = (
    (75, (47, 133, 90), (225, 242, 232), "Strong"),
    (50, (196, 125, 14), (252, 241, 220), "Developing"),
    (0, (192, 57, 43), (250, 229, 226), "Needs practice"),
)
NOT_MEASURED_TINT: Colour = (241, 243, 245)

MARGIN = 18.0  # mm, all four sides
LINE = 5.0  # mm, body text line height
BULLET_W = 4.0  # mm
# A heading with less room than this below it starts a new page, so it never ends one.
KEEP_WITH_NEXT = 30.0


def band(score: int) -> tuple[Colour, Colour, str]:
    """The colour, tint and word of a score's band."""
    for floor, colour, tint, word in BANDS:
        if score >= floor:
            return colour, tint, word
    return BANDS[-1][1:]


def score_text(score: int | None) -> str:
    """A score as the report prints it."""
    return "not measured" if score is None else f"{score}/100"


class ReportDocument(FPDF):
    """An A4 report with a page-numbered footer, in DejaVu Sans when installed."""

    def __init__(self, all_text: str, footer_text: str) -> None:
        super().__init__(format="A4")
        self.family = install_fonts(self, all_text)
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        # No inner cell padding: text lines up with the rules and charts at the margin.
        self.c_margin = 0
        self.alias_nb_pages()

    def clean(self, text: str) -> str:
        """Text the chosen font can draw."""
        return text if self.family == UNICODE_FAMILY else plain(text)

    def style(self, size: float, colour: Colour = INK, bold: bool = False) -> None:
        """Set font size, weight and colour in one call."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def footer(self) -> None:
        """The report's name on the left, "Page n of N" on the right."""
        self.set_y(-MARGIN + 6)
        self.style(8, MUTED)
        half = self.epw / 2
        self.multi_cell(half, 4, self.clean(self.footer_text), align="L", new_y=YPos.TOP)
        self.multi_cell(half, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    def lines_of(self, text: str, width: float, height: float) -> list[str]:
        """How `text` wraps in the current font, without drawing it."""
        lines = self.multi_cell(
            width, height, self.clean(text), dry_run=True, output=MethodReturnValue.LINES
        )
        return cast(list[str], lines)

    def ensure_space(self, height: float) -> None:
        """Start a new page unless `height` mm are left on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def gap(self, height: float) -> None:
        """Vertical space, except at the top of a page."""
        if self.get_y() > self.t_margin + 0.5:
            self.ln(height)

    def write_lines(self, text: str, height: float = LINE, indent: float = 0) -> None:
        """Left-aligned wrapped text from the left margin (plus `indent` mm)."""
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, height, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def section(self, title: str) -> None:
        """A section heading with a rule under it, kept with what follows."""
        self.ensure_space(KEEP_WITH_NEXT)
        self.gap(4)
        self.style(13, NAVY, bold=True)
        self.write_lines(title, 7)
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y() + 0.5, self.l_margin + self.epw, self.get_y() + 0.5)
        self.ln(3)

    def label(self, title: str) -> None:
        """A small bold heading inside a section, kept with its first lines."""
        self.ensure_space(15)
        self.gap(1.5)
        self.style(9.5, NAVY, bold=True)
        self.write_lines(title, LINE)

    def paragraph(self, text: str, colour: Colour = INK, size: float = 10) -> None:
        """Body text."""
        self.style(size, colour)
        self.write_lines(text, LINE)
        self.ln(1)

    def bullet(self, text: str, note: str | None = None, size: float = 10) -> None:
        """One bulleted item (and a muted note under it); wrapped lines stay indented."""
        self.ensure_space(LINE)
        self.set_fill_color(*MUTED)
        self.circle(self.l_margin + 2, self.get_y() + LINE / 2, 0.6, style="F")
        self.style(size)
        self.write_lines(text, LINE, indent=BULLET_W + 1)
        if note:
            self.style(size - 1, MUTED)
            self.write_lines(note, LINE - 0.5, indent=BULLET_W + 1)
        self.ln(0.8)

    def bullets(self, items: list[str]) -> None:
        """A bulleted list."""
        for item in items:
            self.bullet(item)
