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


# Typed answers (the analyse command, benchmarks) are timed as if spoken at 150 words a minute.
TYPED_SECONDS_PER_WORD = 0.4


def typed_transcript(text: str) -> Transcript:
    """A transcript for text that was typed, not recorded: words at an even, nominal pace."""
    step = TYPED_SECONDS_PER_WORD
    words = [
        Word(text=token, start=round(i * step, 2), end=round(i * step + step * 0.8, 2))
        for i, token in enumerate(text.split())
    ]
    return Transcript(
        text=" ".join(text.split()),
        words=words,
        duration=round(len(words) * step, 2),
        usable=bool(words),
        reason=None if words else "no words",
        model="text",
    )
