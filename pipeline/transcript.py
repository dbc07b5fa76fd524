"""What the transcriber hands the scorers: words with timings, and whether it is usable."""

from __future__ import annotations

import re

import msgspec

_WORD_EDGES = re.compile(r"^[^\w']+|[^\w']+$")


def normalise_token(text: str) -> str:
    """Lower-case, without surrounding punctuation, for matching."""
    return _WORD_EDGES.sub("", text.strip().lower())


class Word(msgspec.Struct, frozen=True):
    """One spoken word and when it was said (seconds from the start)."""

    text: str
    start: float
    end: float
    probability: float = 1.0

    @property
    def norm(self) -> str:
        """Lower-case, without surrounding punctuation, for matching."""
        return normalise_token(self.text)


class Transcript(msgspec.Struct, frozen=True, rename="camel"):
    """A transcription; `usable` is False when there was no speech worth scoring."""

    text: str
    words: list[Word]
    duration: float
    usable: bool = True
    reason: str | None = None
    avg_logprob: float | None = None
    model: str = ""


def words_text(words: list[Word]) -> str:
    """The words joined as a sentence."""
    return " ".join(w.text.strip() for w in words).strip()
