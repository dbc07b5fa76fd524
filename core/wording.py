"""Wording shared by everything that writes to a candidate: the rubric's feedback and the
PDF report."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 word", "3 words", "1 long pause", "0 hedges"."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
