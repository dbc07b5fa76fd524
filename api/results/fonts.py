"""The report's fonts: DejaVu Sans (fonts-dejavu-core), Droid Sans Fallback for CJK."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import structlog
from fontTools.ttLib import TTFont
from fpdf import FPDF

log = structlog.get_logger("api.results")

# Where Debian's fonts-dejavu-core and fonts-droid-fallback put them (scripts/install).
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
CJK_FALLBACK = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
UNICODE_FAMILY = "DejaVu"
FALLBACK_FAMILY = "DroidFallback"
# The PDF core font: Latin-1 only, but needs no file.
CORE_FAMILY = "Helvetica"

# The PDF core fonts are Latin-1: common typography is mapped, anything else becomes "?".
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": "-",
        "\u2026": "...",
    }
)


def plain(text: str) -> str:
    """Text the core fonts can draw."""
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True, slots=True)
class FontFiles:
    """The installed font files; no fallback when Droid Sans Fallback is missing."""

    regular: Path
    bold: Path
    fallback: Path | None


@functools.cache
def find_fonts() -> FontFiles | None:
    """The report's font files, or None (with one warning) when DejaVu Sans is missing."""
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        log.warning("report_font_missing", font=str(regular), using=CORE_FAMILY)
        return None
    if not CJK_FALLBACK.is_file():
        log.warning("report_font_missing", font=str(CJK_FALLBACK), using="no CJK fallback")
        return FontFiles(regular, bold, None)
    return FontFiles(regular, bold, CJK_FALLBACK)


@functools.cache
def _covered(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def install_fonts(pdf: FPDF, text: str) -> str:
    """Add the fonts `text` needs to `pdf`; the family to write with (Helvetica without any)."""
    files = find_fonts()
    if files is None:
        return CORE_FAMILY
    # A font file that is there but cannot be read costs the report its Unicode, not a 500.
    try:
        pdf.add_font(UNICODE_FAMILY, "", files.regular)
        pdf.add_font(UNICODE_FAMILY, "B", files.bold)
        covered = _covered(files.regular)
    except Exception as error:  # fontTools raises many kinds of error for a bad file
        log.warning("report_font_unreadable", font=str(files.regular), error=repr(error))
        return CORE_FAMILY
    # Parsing the 4 MB CJK font costs ~150 ms, so only text DejaVu cannot draw pays for it,
    # and only for its characters (`text` must hold every character the document prints).
    uncovered = {ord(c) for c in text if not c.isspace()} - covered
    if uncovered and files.fallback is not None:
        try:
            pdf.add_font(FALLBACK_FAMILY, "", files.fallback, unicode_range=sorted(uncovered))
        except Exception as error:
            log.warning("report_font_unreadable", font=str(files.fallback), error=repr(error))
            return UNICODE_FAMILY
        # Droid has no bold: bold headings borrow its regular glyphs.
        pdf.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
    return UNICODE_FAMILY
